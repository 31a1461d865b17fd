import * as tf from '@tensorflow/tfjs-core';
import { heNormal } from '@initlab/initializers';
import { createMlp, type Mlp } from '@initlab/mlp';
import { loadMnist } from '@initlab/mnist/node';
import { beforeAll, describe, expect, test } from 'vitest';

import type { Dataset } from './data';
import { fit, type EpochResult, type FitOptions, type History } from './fit';
import type { TrainCheckpoint } from './checkpoint';
import type { OptimizerConfig } from './optimizers';
import { useWasmBackend } from './test-backend';

let train: Dataset;
let test_: Dataset;

beforeAll(async () => {
  await useWasmBackend();
  const mnist = await loadMnist({ trainLimit: 3000, testLimit: 1000 });
  const toDataset = (split: typeof mnist.train): Dataset => ({
    x: split.images,
    y: split.labels,
    count: split.count,
    features: split.rows * split.cols,
  });
  train = toDataset(mnist.train);
  test_ = toDataset(mnist.test);
});

const model = () =>
  createMlp({
    inputSize: 784,
    hiddenSizes: [32, 16],
    outputSize: 10,
    kernelInitializer: heNormal(),
    seed: 5,
  });

const withoutSeconds = (epochs: EpochResult[]) =>
  epochs.map(({ seconds: _seconds, ...rest }) => rest);

const weightsOf = (m: Mlp) => m.trainableVariables.map((v) => Array.from(v.dataSync()));

describe('fit resumeFrom', () => {
  test.each<[string, OptimizerConfig]>([
    ['sgd', { name: 'sgd', learningRate: 0.05 }],
    ['momentum', { name: 'sgd', learningRate: 0.02, momentum: 0.9 }],
    ['adam', { name: 'adam', learningRate: 0.001 }],
    ['rmsprop', { name: 'rmsprop', learningRate: 0.001, momentum: 0.5 }],
  ])('%s: stopped and resumed equals uninterrupted', async (_name, optimizer) => {
    const options: FitOptions = { epochs: 3, batchSize: 64, optimizer, test: test_, seed: 11 };
    const reference = model();
    const expected = await fit(reference, train, options);

    const first = model();
    const controller = new AbortController();
    const stopped = await fit(first, train, {
      ...options,
      signal: controller.signal,
      callbacks: {
        onBatchEnd: ({ epoch, batch }) => {
          if (epoch === 2 && batch === 17) controller.abort();
        },
      },
    });
    expect(stopped.status).toBe('stopped');
    expect(stopped.checkpoint).toMatchObject({ epoch: 2, batchesDone: 17 });

    const second = model();
    const resumed = await fit(second, train, { ...options, resumeFrom: stopped.checkpoint });

    expect(resumed.status).toBe('completed');
    expect(withoutSeconds([...stopped.epochs, ...resumed.epochs])).toEqual(
      withoutSeconds(expected.epochs),
    );
    expect(weightsOf(second)).toEqual(weightsOf(reference));
    [reference, first, second].forEach((m) => m.dispose());
  });

  test('a stop between epochs resumes at the next epoch', async () => {
    const options: FitOptions = {
      epochs: 2,
      batchSize: 100,
      optimizer: { name: 'sgd', learningRate: 0.05 },
      test: test_,
      seed: 3,
    };
    const controller = new AbortController();
    const m = model();
    const stopped: History = await fit(m, train, {
      ...options,
      signal: controller.signal,
      callbacks: { onEpochEnd: () => controller.abort() },
    });

    expect(stopped.epochs).toHaveLength(1);
    expect(stopped.checkpoint).toMatchObject({ epoch: 2, batchesDone: 0, lossSum: 0 });
    const resumed = await fit(model(), train, { ...options, resumeFrom: stopped.checkpoint });
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([2]);
    m.dispose();
  });

  test('rejects a checkpoint of another architecture', async () => {
    const controller = new AbortController();
    controller.abort();
    const stopped = await fit(model(), train, {
      epochs: 1,
      batchSize: 100,
      optimizer: { name: 'sgd', learningRate: 0.1 },
      signal: controller.signal,
    });
    const other = createMlp({
      inputSize: 784,
      hiddenSizes: [64],
      outputSize: 10,
      kernelInitializer: heNormal(),
    });

    await expect(
      fit(other, train, {
        epochs: 1,
        batchSize: 100,
        optimizer: { name: 'sgd', learningRate: 0.1 },
        resumeFrom: stopped.checkpoint,
      }),
    ).rejects.toThrow('checkpoint has 6 weight tensors; the model has 4');
  });
});

describe('fit memory', () => {
  test('many short epochs grow neither tensors nor bytes', async () => {
    const m = model();
    const tensors: number[] = [];
    const bytes: number[] = [];
    const small: Dataset = { ...train, count: 200, x: train.x.subarray(0, 200 * 784), y: train.y.subarray(0, 200) };
    await fit(m, small, {
      epochs: 40,
      batchSize: 50,
      optimizer: { name: 'adam', learningRate: 0.001 },
      test: test_,
      callbacks: {
        onEpochEnd: () => {
          tensors.push(tf.memory().numTensors);
          bytes.push(tf.memory().numBytes);
        },
      },
    });

    expect(new Set(tensors).size).toBe(1);
    expect(new Set(bytes).size).toBe(1);
    m.dispose();
  });
});

describe('fit onCheckpoint', () => {
  test('resuming from an epoch-end checkpoint equals uninterrupted', async () => {
    const options: FitOptions = {
      epochs: 3,
      batchSize: 64,
      optimizer: { name: 'adam', learningRate: 0.002 },
      test: test_,
      seed: 4,
    };
    const reference = model();
    const expected = await fit(reference, train, options);
    const checkpoints: TrainCheckpoint[] = [];
    const first = model();
    await fit(first, train, {
      ...options,
      callbacks: { onCheckpoint: (c) => void checkpoints.push(c) },
    });

    expect(checkpoints.map((c) => [c.epoch, c.batchesDone])).toEqual([
      [2, 0],
      [3, 0],
    ]);
    const second = model();
    const resumed = await fit(second, train, { ...options, resumeFrom: checkpoints[0] });
    expect(withoutSeconds(resumed.epochs)).toEqual(withoutSeconds(expected.epochs.slice(1)));
    expect(weightsOf(second)).toEqual(weightsOf(reference));
    [reference, first, second].forEach((m) => m.dispose());
  });
});
