import * as tf from '@tensorflow/tfjs-core';
import { constant, heNormal, randomNormal, xavierNormal, zeros, type Initializer } from '@initlab/initializers';
import { createMlp, type Activation } from '@initlab/mlp';
import { loadMnist } from '@initlab/mnist/node';
import { beforeAll, describe, expect, test } from 'vitest';

import type { Dataset } from './data';
import { fit, type History } from './fit';
import { unitSymmetry } from './stats';
import { useWasmBackend } from './test-backend';
import type { ProblemKind } from './verdict';

let train: Dataset;

beforeAll(async () => {
  await useWasmBackend();
  const mnist = await loadMnist({ trainLimit: 2048, testLimit: 10 });
  train = {
    x: mnist.train.images,
    y: mnist.train.labels,
    count: mnist.train.count,
    features: 784,
  };
});

async function trainWithStats(
  init: Initializer,
  depth: number,
  activation: Activation,
  width = 64,
  learningRate = 0.01,
): Promise<History> {
  const model = createMlp({
    inputSize: 784,
    hiddenSizes: new Array(depth).fill(width),
    outputSize: 10,
    activation,
    kernelInitializer: init,
    seed: 1,
  });
  const history = await fit(model, train, {
    epochs: 1,
    batchSize: 128,
    optimizer: { name: 'sgd', learningRate },
    stats: { interval: 4 },
  });
  model.dispose();
  return history;
}

const kinds = (history: History): ProblemKind[] =>
  [...new Set(history.verdict!.problems.map((p) => p.kind))].sort();

describe('training statistics on real MNIST', () => {
  test.each([1, 10])('zero init in %i hidden layers: symmetry and vanishing gradients', async (depth) => {
    const history = await trainWithStats(zeros(), depth, 'relu');

    expect(history.verdict!.healthy).toBe(false);
    expect(kinds(history)).toContain('unbrokenSymmetry');
    expect(kinds(history)).toContain('vanishingGradients');
    const first = history.stats![0].layers[0];
    expect(first.distinctUnits).toBe(1);
    expect(first.gradientNorm).toBe(0);
  });

  test('constant init is flagged as unbroken symmetry', async () => {
    const history = await trainWithStats(constant({ value: 0.01 }), 2, 'tanh');

    expect(kinds(history)).toContain('unbrokenSymmetry');
  });

  test('N(0, 1) on a 10-layer tanh MLP saturates', async () => {
    const history = await trainWithStats(randomNormal({ stddev: 1 }), 10, 'tanh', 256);
    const saturation = history.verdict!.problems.filter((p) => p.kind === 'saturation');

    expect(saturation.length).toBeGreaterThan(5);
    expect(history.stats![0].layers[5].saturatedFraction).toBeGreaterThan(0.8);
  });

  test('He on a 20-layer ReLU MLP keeps its scale and is healthy', async () => {
    const history = await trainWithStats(heNormal(), 20, 'relu', 256, 0.001);
    const hidden = history.stats![0].layers.slice(0, 20);
    const stds = hidden.map((l) => l.activationStd);

    // He preserves the second moment, so the activation std stays within a
    // factor of 3 of the first layer's across all 20 layers.
    for (const std of stds) {
      expect(std).toBeGreaterThan(stds[0] / 3);
      expect(std).toBeLessThan(stds[0] * 3);
    }
    expect(history.verdict).toEqual({ healthy: true, problems: [] });
  });

  test('Xavier on a 3-layer tanh MLP is healthy', async () => {
    const history = await trainWithStats(xavierNormal(), 3, 'tanh');

    expect(history.verdict).toEqual({ healthy: true, problems: [] });
    const layer = history.stats![1].layers[1];
    expect(layer.updateRatio).toBeGreaterThan(0);
    expect(layer.updateRatio).toBeLessThan(0.1);
    expect(layer.distinctUnits).toBe(64);
  });

  test('a diverged run is flagged', async () => {
    const model = createMlp({
      inputSize: 784,
      hiddenSizes: [32],
      outputSize: 10,
      activation: 'linear',
      kernelInitializer: randomNormal({ stddev: 10 }),
    });
    const history = await fit(model, train, {
      epochs: 1,
      batchSize: 128,
      optimizer: { name: 'sgd', learningRate: 1e6 },
      stats: { interval: 1 },
    });

    expect(history.status).toBe('diverged');
    expect(kinds(history)).toContain('divergence');
    model.dispose();
  });

  test('statistics leak no tensors', async () => {
    const model = createMlp({
      inputSize: 784,
      hiddenSizes: [16, 16],
      outputSize: 10,
      kernelInitializer: heNormal(),
    });
    const counts: number[] = [];
    await fit(model, train, {
      epochs: 3,
      batchSize: 256,
      optimizer: { name: 'adam', learningRate: 0.001 },
      stats: { interval: 2 },
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });

    expect(new Set(counts).size).toBe(1);
    model.dispose();
  });
});

describe('unitSymmetry', () => {
  test('counts copies of units', () => {
    const kernel = tf.tensor2d([
      [1, 1, 2],
      [3, 3, 0],
    ]);

    expect(unitSymmetry(kernel)).toEqual({ distinctUnits: 2, maxCosine: expect.closeTo(1, 6) });
    kernel.dispose();
  });

  test('zero kernels have one distinct unit', () => {
    const kernel = tf.zeros([5, 4]);

    expect(unitSymmetry(kernel).distinctUnits).toBe(1);
    kernel.dispose();
  });
});

describe('verdict on a vanishing deep network', () => {
  test('small random init in 10 ReLU layers is flagged', async () => {
    const history = await trainWithStats(randomNormal({ stddev: 0.01 }), 10, 'relu', 256);

    expect(kinds(history)).toContain('vanishingActivations');
    expect(kinds(history)).toContain('vanishingGradients');
  });
});
