import * as tf from '@tensorflow/tfjs-core';
import { glorotUniform, kaimingNormal, randomNormal, xavierUniform, zeros } from '@initlab/initializers';
import { createMlp, type Activation } from '@initlab/mlp';
import { loadMnist, type MnistData } from '@initlab/mnist/node';
import { beforeAll, describe, expect, test } from 'vitest';

import type { Dataset } from './data';
import { evaluate } from './evaluate';
import { fit, type EpochResult } from './fit';
import { useWasmBackend } from './test-backend';

let mnist: MnistData;
let train: Dataset;
let test_: Dataset;

function toDataset(split: MnistData['train'], limit = split.count): Dataset {
  const features = split.rows * split.cols;
  return {
    x: split.images.subarray(0, limit * features),
    y: split.labels.subarray(0, limit),
    count: limit,
    features,
  };
}

beforeAll(async () => {
  await useWasmBackend();
  mnist = await loadMnist();
  train = toDataset(mnist.train);
  test_ = toDataset(mnist.test);
});

function mlp(kernelInitializer = glorotUniform(), activation: Activation = 'relu') {
  return createMlp({
    inputSize: 784,
    hiddenSizes: [128],
    outputSize: 10,
    activation,
    kernelInitializer,
    seed: 42,
  });
}

describe('fit on real MNIST', () => {
  test('zero init predicts the most common digit at every epoch', async () => {
    const model = mlp(zeros());
    const history = await fit(model, train, {
      epochs: 2,
      batchSize: 128,
      optimizer: { name: 'sgd', learningRate: 0.001 },
      test: test_,
      seed: 42,
    });

    // 1135 of the 10,000 test images are the digit 1, the most common
    // training label, which is all the output bias can learn.
    expect(history.epochs.map((e) => e.testAccuracy)).toEqual([0.1135, 0.1135]);
    const hidden = model.layers[0].kernel;
    expect(tf.max(tf.abs(hidden)).dataSync()[0]).toBe(0);
    model.dispose();
  });

  test.each([
    { name: 'xavierUniform', init: xavierUniform() },
    { name: 'kaimingNormal', init: kaimingNormal({ nonlinearity: 'relu' }) },
  ])('$name reaches 94% after one epoch at lr 0.1', async ({ init }) => {
    const model = mlp(init);
    const history = await fit(model, train, {
      epochs: 1,
      batchSize: 128,
      optimizer: { name: 'sgd', learningRate: 0.1 },
      test: test_,
      seed: 42,
    });

    // A PyTorch run of the same setup reaches about 95%.
    expect(history.epochs[0].testAccuracy).toBeGreaterThan(0.94);
    model.dispose();
  });

  test('tensor count is stable across epochs', async () => {
    const model = mlp();
    const counts: number[] = [];
    const small = toDataset(mnist.train, 2000);
    await fit(model, small, {
      epochs: 4,
      batchSize: 100,
      optimizer: { name: 'adam', learningRate: 0.001 },
      test: toDataset(mnist.test, 500),
      callbacks: { onEpochEnd: () => void counts.push(tf.memory().numTensors) },
    });

    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);
    model.dispose();
  });

  test('equal seeds give identical histories', async () => {
    const small = toDataset(mnist.train, 3000);
    const run = async () => {
      const model = mlp(randomNormal({ stddev: 0.01 }));
      const history = await fit(model, small, {
        epochs: 2,
        batchSize: 64,
        optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
        test: toDataset(mnist.test, 1000),
        seed: 9,
      });
      model.dispose();
      return history.epochs.map(({ seconds: _s, ...rest }) => rest);
    };

    expect(await run()).toEqual(await run());
  });

  test('NaN loss marks the run diverged with epoch and step', async () => {
    const model = mlp(randomNormal({ stddev: 10 }), 'linear');
    const results: EpochResult[] = [];
    const history = await fit(model, toDataset(mnist.train, 5000), {
      epochs: 3,
      batchSize: 100,
      optimizer: { name: 'sgd', learningRate: 1e6 },
      callbacks: { onEpochEnd: (r) => void results.push(r) },
    });

    expect(history.status).toBe('diverged');
    expect(history.divergedAt?.epoch).toBe(1);
    expect(history.divergedAt?.step).toBeGreaterThan(0);
    expect(results).toHaveLength(0);
    model.dispose();
  });

  test('an aborted signal stops after the current step', async () => {
    const model = mlp();
    const controller = new AbortController();
    let steps = 0;
    const history = await fit(model, toDataset(mnist.train, 5000), {
      epochs: 5,
      batchSize: 100,
      optimizer: { name: 'sgd', learningRate: 0.01 },
      signal: controller.signal,
      callbacks: {
        onBatchEnd: ({ batch }) => {
          steps++;
          if (batch === 3) controller.abort();
        },
      },
    });

    expect(history.status).toBe('stopped');
    expect(steps).toBe(3);
    expect(history.epochs).toHaveLength(0);
    model.dispose();
  });
});

describe('fit validation', () => {
  const tiny: Dataset = {
    x: new Float32Array(8),
    y: new Uint8Array([0, 1]),
    count: 2,
    features: 4,
  };
  const model = () =>
    createMlp({ inputSize: 4, hiddenSizes: [], outputSize: 2, kernelInitializer: zeros() });

  test.each([
    [{ epochs: 0 }, 'epochs must be a positive integer; got 0'],
    [{ batchSize: 1.5 }, 'batchSize must be a positive integer; got 1.5'],
    [{ batchSize: 3 }, 'batchSize must be at most the number of training examples (2); got 3'],
    [
      { optimizer: { name: 'sgd', learningRate: NaN } },
      'learningRate must be a positive finite number; got NaN',
    ],
    [
      { optimizer: { name: 'adagrad', learningRate: 0.1 } },
      'optimizer must be one of sgd, adam, rmsprop; got "adagrad"',
    ],
  ])('rejects %j', async (override, message) => {
    const options = {
      epochs: 1,
      batchSize: 2,
      optimizer: { name: 'sgd' as const, learningRate: 0.1 },
      ...override,
    };

    await expect(fit(model(), tiny, options as never)).rejects.toThrow(message);
  });

  test('rejects non-finite inputs', async () => {
    const broken = { ...tiny, x: Float32Array.from([0, 0, 0, 0, 0, NaN, 0, 0]) };

    await expect(
      fit(model(), broken, { epochs: 1, batchSize: 1, optimizer: { name: 'sgd', learningRate: 1 } }),
    ).rejects.toThrow('train.x[5] (row 1) is NaN; inputs must be finite numbers');
  });

  test('evaluate rejects a zero batch size', () => {
    expect(() => evaluate(model(), tiny, 0)).toThrow('batchSize must be a positive integer; got 0');
  });

  test('rejects labels outside the classes', async () => {
    const broken = { ...tiny, y: new Uint8Array([0, 2]) };

    await expect(
      fit(model(), broken, { epochs: 1, batchSize: 1, optimizer: { name: 'sgd', learningRate: 1 } }),
    ).rejects.toThrow('train.y[1] is 2, but the model has 2 classes; labels must be integers in [0, 2)');
  });

  test('rejects labels that do not match the count', async () => {
    const broken = { ...tiny, y: new Uint8Array([0]) };

    await expect(
      fit(model(), broken, { epochs: 1, batchSize: 1, optimizer: { name: 'sgd', learningRate: 1 } }),
    ).rejects.toThrow('train.y has 1 labels but count = 2');
  });
});
