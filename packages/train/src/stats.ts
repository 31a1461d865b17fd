import * as tf from '@tensorflow/tfjs-core';

import type { TrainableModel } from './model';

/** The parts of a dense layer that {@link computeLayerStats} reads. */
export interface InspectableLayer {
  /** Weights shaped `[in, out]`: column j contains unit j's incoming weights. */
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  /** Activation name: `relu`, `tanh`, `sigmoid`, `linear`, ... */
  readonly activation: string;
}

/**
 * A model whose layers and forward pass can be inspected; `@initlab/mlp`'s
 * `Mlp` implements it.
 */
export interface InspectableModel extends TrainableModel {
  readonly layers: readonly InspectableLayer[];
  forward(x: tf.Tensor2D): { preActivations: tf.Tensor2D[]; activations: tf.Tensor2D[] };
}

/** Statistics of one layer on one batch. */
export interface LayerStats {
  /** 0-based layer index; the last layer is the output. */
  layer: number;
  units: number;
  activation: string;
  preActivationMean: number;
  preActivationStd: number;
  activationMean: number;
  activationStd: number;
  /**
   * Fraction of units whose pre-activation is <= 0 for every example of the
   * batch: dead ReLU units. Null for layers that are not ReLU.
   */
  deadFraction: number | null;
  /**
   * Fraction of activations within 1% of the bounds of tanh (|a| > 0.99) or
   * sigmoid (a < 0.01 or a > 0.99). Null for other activations.
   */
  saturatedFraction: number | null;
  /** Euclidean norm of the kernel's gradient. */
  gradientNorm: number;
  gradientStd: number;
  weightStd: number;
  /** ||W_after - W_before|| / ||W_before|| of the step; NaN when W_before = 0. */
  updateRatio: number;
  /** NaN and infinite values among pre-activations, kernel and its gradient. */
  nonFinite: number;
  /**
   * Number of units whose incoming weights differ from every other unit's
   * (relative tolerance 1e-6). Null for the output layer.
   */
  distinctUnits: number | null;
  /** Largest cosine similarity between two units' incoming weights. */
  maxCosine: number | null;
}

/** Per-layer statistics recorded at one step. */
export interface StatsSnapshot {
  epoch: number;
  /** 1-based step within the epoch. */
  batch: number;
  /** 1-based step counted over the whole run. */
  step: number;
  layers: LayerStats[];
}

const SATURATING = new Set(['tanh', 'sigmoid']);

/** Returns whether `model` exposes the layers and forward pass stats need. */
export function isInspectable(model: TrainableModel): model is InspectableModel {
  const candidate = model as Partial<InspectableModel>;
  return Array.isArray(candidate.layers) && typeof candidate.forward === 'function';
}

/**
 * Computes every layer's statistics on the batch `x`, given the kernels'
 * gradients. The update ratio is NaN here: {@link setUpdateRatios} fills it
 * in after the optimizer step. Reads from the backend once per layer and
 * costs about one forward pass.
 */
export function computeLayerStats(
  model: InspectableModel,
  x: tf.Tensor2D,
  grads: tf.NamedTensorMap,
): LayerStats[] {
  const pass = tf.tidy(() => model.forward(x));
  try {
    return model.layers.map((layer, i) => {
      const isOutput = i === model.layers.length - 1;
      const values = tf.tidy(() =>
        layerMoments(layer, pass.preActivations[i], pass.activations[i], grads[layer.kernel.name]),
      );
      const data = values.dataSync();
      values.dispose();
      const symmetry = isOutput ? null : unitSymmetry(layer.kernel);
      return {
        layer: i,
        units: layer.kernel.shape[1] as number,
        activation: layer.activation,
        preActivationMean: data[0],
        preActivationStd: data[1],
        activationMean: data[2],
        activationStd: data[3],
        deadFraction: layer.activation === 'relu' ? data[4] : null,
        saturatedFraction: SATURATING.has(layer.activation) ? data[5] : null,
        gradientNorm: data[6],
        gradientStd: data[7],
        weightStd: data[8],
        updateRatio: NaN,
        nonFinite: data[9],
        distinctUnits: symmetry?.distinctUnits ?? null,
        maxCosine: symmetry?.maxCosine ?? null,
      };
    });
  } finally {
    tf.dispose([...pass.preActivations, ...pass.activations]);
  }
}

/** Stacks the scalar moments of one layer into a 1D tensor, read in one sync. */
function layerMoments(
  layer: InspectableLayer,
  z: tf.Tensor2D,
  a: tf.Tensor2D,
  gradient: tf.Tensor | undefined,
): tf.Tensor1D {
  const kernel = layer.kernel;
  const grad = gradient ?? tf.zerosLike(kernel);
  const zMoments = tf.moments(z);
  const aMoments = tf.moments(a);
  const everInactive = tf.all(tf.lessEqual(z, 0), 0);
  const dead = tf.mean(tf.cast(everInactive, 'float32'));
  const saturated =
    layer.activation === 'sigmoid'
      ? tf.mean(tf.cast(tf.logicalOr(tf.less(a, 0.01), tf.greater(a, 0.99)), 'float32'))
      : tf.mean(tf.cast(tf.greater(tf.abs(a), 0.99), 'float32'));
  const nonFinite = tf.addN([countNonFinite(z), countNonFinite(kernel), countNonFinite(grad)]);
  return tf.stack([
    zMoments.mean,
    tf.sqrt(zMoments.variance),
    aMoments.mean,
    tf.sqrt(aMoments.variance),
    dead,
    saturated,
    tf.norm(grad),
    tf.sqrt(tf.moments(grad).variance),
    tf.sqrt(tf.moments(kernel).variance),
    nonFinite,
  ]) as tf.Tensor1D;
}

/**
 * Sets each layer's update ratio ||W - W_before|| / ||W_before|| from the
 * kernels as they were before the optimizer step.
 */
export function setUpdateRatios(
  model: InspectableModel,
  stats: LayerStats[],
  kernelsBefore: tf.Tensor[],
): void {
  const ratios = tf.tidy(() =>
    tf.stack(
      model.layers.flatMap((layer, i) => [
        tf.norm(tf.sub(layer.kernel, kernelsBefore[i])),
        tf.norm(kernelsBefore[i]),
      ]),
    ),
  );
  const values = ratios.dataSync();
  ratios.dispose();
  stats.forEach((layer, i) => {
    const before = values[2 * i + 1];
    layer.updateRatio = before > 0 ? values[2 * i] / before : NaN;
  });
}

function countNonFinite(t: tf.Tensor): tf.Scalar {
  return tf.sum(tf.cast(tf.logicalNot(tf.isFinite(t)), 'float32'));
}

/**
 * Compares the units' incoming weight vectors (the kernel's columns) by
 * their Gram matrix: two units are copies when ||w_i - w_j||^2 is within
 * 1e-6 of their squared norms, as after zero or constant initialization.
 */
export function unitSymmetry(kernel: tf.Tensor): { distinctUnits: number; maxCosine: number } {
  const units = kernel.shape[1] as number;
  const gram = tf.tidy(() => tf.matMul(tf.transpose(kernel), kernel));
  const g = gram.dataSync();
  gram.dispose();
  const norm2 = (i: number) => g[i * units + i];
  let distinctUnits = 0;
  let maxCosine = units > 1 ? -1 : 1;
  for (let i = 0; i < units; i++) {
    let copy = false;
    for (let j = 0; j < units; j++) {
      if (j === i) continue;
      const scale = Math.max(norm2(i), norm2(j));
      const distance2 = norm2(i) + norm2(j) - 2 * g[i * units + j];
      const cosine = scale === 0 ? 1 : g[i * units + j] / Math.sqrt(norm2(i) * norm2(j) || 1);
      if (j > i) maxCosine = Math.max(maxCosine, cosine);
      if (j < i && distance2 <= 1e-6 * scale + 1e-30) copy = true;
    }
    if (!copy) distinctUnits++;
  }
  return { distinctUnits, maxCosine };
}
