/**
 * Per-layer statistics on a fixed probe batch, and the warnings drawn from
 * them. The rest of the worker uses only {@link probeModel}, so this module
 * can be replaced by the per-layer statistics of `@initlab/train`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from '@initlab/mlp';

import type { LayerProbe, LayerWarning } from '../protocol';

/** Thresholds of the warnings. */
export const WARNING_THRESHOLDS = {
  /** Largest difference between two units' weights under which they are copies. */
  symmetry: 1e-7,
  /** |tanh| above which, or sigmoid within this of 0 or 1, a unit is saturated. */
  saturationLevel: 0.99,
  /** Fraction of saturated activations that triggers a warning. */
  saturatedFraction: 0.5,
  /** Fraction of dead ReLU units that triggers a warning. */
  deadFraction: 0.5,
} as const;

/** Values per layer read back from the backend, in this order. */
const VALUES_PER_LAYER = 6;

/**
 * Runs the model on the probe batch and measures every layer. The
 * statistics are the standard deviation of the pre-activations, the
 * activations and the kernel gradient, and the fractions of dead ReLU units
 * and of saturated tanh or sigmoid activations. For hidden layers they add
 * the largest difference between two units' incoming weights and biases.
 * Reads the backend once.
 */
export async function probeModel(
  model: Mlp,
  x: tf.Tensor2D,
  labels: tf.Tensor1D,
): Promise<{ layers: LayerProbe[]; warnings: LayerWarning[] }> {
  const stacked = tf.tidy(() => {
    const pass = model.forward(x);
    const { grads } = model.computeGradients(x, labels);
    const rows = model.layers.map((layer, i) =>
      layerValues(
        layer.kernel,
        layer.bias,
        layer.activation,
        pass.preActivations[i],
        pass.activations[i],
        grads[layer.kernel.name],
      ),
    );
    return tf.concat(rows);
  });
  const values = await stacked.data();
  stacked.dispose();

  const layers = model.layers.map((layer, i): LayerProbe => {
    const at = (k: number) => values[i * VALUES_PER_LAYER + k];
    const isOutput = i === model.layers.length - 1;
    return {
      layer: i,
      units: layer.kernel.shape[1] as number,
      activation: layer.activation,
      preActivationStd: at(0),
      activationStd: at(1),
      gradientStd: at(2),
      deadFraction: layer.activation === 'relu' ? at(3) : null,
      saturatedFraction: isSaturating(layer.activation) ? at(4) : null,
      maxUnitDifference: isOutput ? null : at(5),
    };
  });
  return { layers, warnings: layers.flatMap(warningsOf) };
}

function isSaturating(activation: string): boolean {
  return activation === 'tanh' || activation === 'sigmoid';
}

/** Returns the VALUES_PER_LAYER statistics of one layer as a 1D tensor. */
function layerValues(
  kernel: tf.Tensor,
  bias: tf.Tensor,
  activation: string,
  z: tf.Tensor2D,
  a: tf.Tensor2D,
  gradient: tf.Tensor,
): tf.Tensor1D {
  const std = (t: tf.Tensor) => tf.sqrt(tf.moments(t).variance);
  // A unit is dead when its pre-activation is <= 0 for every example.
  const dead = tf.mean(tf.cast(tf.all(tf.lessEqual(z, 0), 0), 'float32'));
  const level = WARNING_THRESHOLDS.saturationLevel;
  const saturated =
    activation === 'sigmoid'
      ? tf.logicalOr(tf.less(a, 1 - level), tf.greater(a, level))
      : tf.greater(tf.abs(a), level);
  // Row r of [kernel; bias] contains every unit's weight from input r, so
  // the range of each row bounds the difference between any two units.
  const weights = tf.concat([kernel, tf.reshape(bias, [1, -1])], 0);
  const unitDifference = tf.max(tf.sub(tf.max(weights, 1), tf.min(weights, 1)));
  return tf.stack([
    std(z),
    std(a),
    std(gradient),
    dead,
    tf.mean(tf.cast(saturated, 'float32')),
    unitDifference,
  ]) as tf.Tensor1D;
}

/** Returns the warnings of a hidden layer, and none for the output layer. */
function warningsOf(probe: LayerProbe): LayerWarning[] {
  if (probe.maxUnitDifference === null) return [];
  const warnings: LayerWarning[] = [];
  const name = `hidden layer ${probe.layer + 1}`;
  if (probe.units > 1 && probe.maxUnitDifference < WARNING_THRESHOLDS.symmetry) {
    warnings.push({
      layer: probe.layer,
      kind: 'symmetry',
      message:
        `${name}: all ${probe.units} units have the same weights (largest ` +
        `difference ${probe.maxUnitDifference.toExponential(1)}), so they ` +
        'compute the same value and get the same gradient.',
    });
  }
  const saturated = probe.saturatedFraction ?? 0;
  if (saturated > WARNING_THRESHOLDS.saturatedFraction) {
    warnings.push({
      layer: probe.layer,
      kind: 'saturation',
      message:
        `${name}: ${percent(saturated)} of the ${probe.activation} ` +
        'activations are saturated, where the derivative is near 0.',
    });
  }
  const dead = probe.deadFraction ?? 0;
  if (dead > WARNING_THRESHOLDS.deadFraction) {
    warnings.push({
      layer: probe.layer,
      kind: 'dead',
      message:
        `${name}: ${percent(dead)} of the ReLU units are never active on the ` +
        'probe batch, so they get no gradient.',
    });
  }
  return warnings;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}%`;
}
