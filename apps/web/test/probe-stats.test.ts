import * as tf from '@tensorflow/tfjs-core';
import { resolveInitializer } from '@initlab/initializers';
import { createMlp, type Activation } from '@initlab/mlp';
import { loadMnist } from '@initlab/mnist/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { probeModel } from '../src/worker/probe-stats';
import { useCpuBackend } from './cpu-backend';

let x: tf.Tensor2D;
let labels: tf.Tensor1D;

beforeAll(async () => {
  await useCpuBackend();
  const { test } = await loadMnist({ trainLimit: 0, testLimit: 256 });
  x = tf.tensor2d(test.images, [test.count, 784]);
  labels = tf.tensor1d(Int32Array.from(test.labels), 'int32');
});

afterAll(() => {
  tf.dispose([x, labels]);
});

async function probe(init: string, options: Record<string, unknown>, activation: Activation) {
  const model = createMlp({
    inputSize: 784,
    hiddenSizes: [64, 32],
    outputSize: 10,
    activation,
    kernelInitializer: resolveInitializer(init, options),
    seed: 3,
  });
  try {
    return await probeModel(model, x, labels);
  } finally {
    model.dispose();
  }
}

describe('probeModel', () => {
  it('flags zero initialization as symmetric and dead', async () => {
    const { layers, warnings } = await probe('zeros', {}, 'relu');

    expect(layers.map((layer) => layer.maxUnitDifference)).toEqual([0, 0, null]);
    expect(layers[0].activationStd).toBe(0);
    expect(layers[0].deadFraction).toBe(1);
    expect(warnings.map((w) => `${w.layer} ${w.kind}`)).toEqual([
      '0 symmetry',
      '0 dead',
      '1 symmetry',
      '1 dead',
    ]);
  });

  it('finds nothing wrong with He and ReLU', async () => {
    const { layers, warnings } = await probe('kaimingNormal', { nonlinearity: 'relu' }, 'relu');

    expect(warnings).toEqual([]);
    expect(layers).toHaveLength(3);
    expect(layers[2].deadFraction).toBeNull();
    for (const layer of layers) expect(layer.gradientStd).toBeGreaterThan(0);
  });

  it('flags saturated tanh units under N(0, 1) weights', async () => {
    const { layers, warnings } = await probe('randomNormal', { stddev: 1 }, 'tanh');

    expect(layers[0].saturatedFraction).toBeGreaterThan(0.9);
    expect(layers[0].deadFraction).toBeNull();
    expect(warnings.filter((w) => w.kind === 'saturation').map((w) => w.layer)).toEqual([0, 1]);
  });

  it('matches the moments computed directly', async () => {
    const model = createMlp({
      inputSize: 784,
      hiddenSizes: [16],
      outputSize: 10,
      activation: 'sigmoid',
      kernelInitializer: resolveInitializer('glorotUniform'),
      seed: 5,
    });
    const { layers } = await probeModel(model, x, labels);
    const direct = tf.tidy(() => {
      const pass = model.forward(x);
      const std = (t: tf.Tensor) => Math.sqrt(tf.moments(t).variance.dataSync()[0]);
      const a = pass.activations[0];
      const saturated = tf.logicalOr(tf.less(a, 0.01), tf.greater(a, 0.99));
      return {
        preActivationStd: std(pass.preActivations[0]),
        activationStd: std(a),
        logitStd: std(pass.activations[1]),
        saturatedFraction: tf.mean(tf.cast(saturated, 'float32')).dataSync()[0],
      };
    });

    expect(layers[0].preActivationStd).toBeCloseTo(direct.preActivationStd, 5);
    expect(layers[0].activationStd).toBeCloseTo(direct.activationStd, 5);
    expect(layers[1].activationStd).toBeCloseTo(direct.logitStd, 5);
    expect(layers[0].saturatedFraction).toBeCloseTo(direct.saturatedFraction, 6);
    model.dispose();
  });
});
