import * as tf from '@tensorflow/tfjs-core';
import { heNormal } from '@initlab/initializers';
import { createMlp } from '@initlab/mlp';
import { loadMnist } from '@initlab/mnist/node';
import { beforeAll, describe, expect, test } from 'vitest';

import { confusionMatrix } from './confusion';
import { toDevice, type Dataset, type DeviceDataset } from './data';
import { evaluate } from './evaluate';
import { fit } from './fit';
import type { ClassifierModel } from './model';
import { useWasmBackend } from './test-backend';

beforeAll(async () => {
  await useWasmBackend();
});

/** A model whose logits are its inputs, so each row's argmax is chosen by hand. */
const identity: ClassifierModel = { predict: (x) => tf.clone(x) };

/** Rows that predict `predicted[i]` for an example labelled `labels[i]`. */
function oneHotData(
  labels: number[],
  predicted: number[],
  classes: number,
): DeviceDataset {
  const x = new Float32Array(labels.length * classes);
  predicted.forEach((p, row) => (x[row * classes + p] = 1));
  return {
    x: tf.tensor2d(x, [labels.length, classes]),
    y: tf.tensor1d(labels, 'int32'),
    count: labels.length,
  };
}

describe('confusionMatrix', () => {
  test('counts true class by predicted class', () => {
    const data = oneHotData([0, 0, 1, 2, 2, 2, 1], [0, 1, 1, 2, 0, 2, 1], 3);

    expect(confusionMatrix(identity, data)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 2],
    ]);
    tf.dispose([data.x, data.y]);
  });

  test('batches that split the data give the same counts', () => {
    const data = oneHotData([0, 0, 1, 2, 2, 2, 1], [0, 1, 1, 2, 0, 2, 1], 3);
    const whole = confusionMatrix(identity, data);

    for (const batchSize of [1, 2, 3, 6]) {
      expect(
        confusionMatrix(identity, data, batchSize),
        `batch ${batchSize}`,
      ).toEqual(whole);
    }
    tf.dispose([data.x, data.y]);
  });

  test('leaks no tensors', () => {
    const data = oneHotData([0, 1, 1], [1, 1, 0], 2);
    const before = tf.memory().numTensors;
    confusionMatrix(identity, data, 2);

    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([data.x, data.y]);
  });

  test('diagonal matches evaluate on real MNIST', async () => {
    const mnist = await loadMnist({ trainLimit: 2000, testLimit: 3000 });
    const toDataset = (split: typeof mnist.train): Dataset => ({
      x: split.images,
      y: split.labels,
      count: split.count,
      features: split.rows * split.cols,
    });
    const model = createMlp({
      inputSize: 784,
      hiddenSizes: [32],
      outputSize: 10,
      kernelInitializer: heNormal(),
      seed: 3,
    });
    await fit(model, toDataset(mnist.train), {
      epochs: 1,
      batchSize: 64,
      optimizer: { name: 'sgd', learningRate: 0.05 },
      seed: 3,
    });
    const test_ = toDevice(toDataset(mnist.test));
    const matrix = confusionMatrix(model, test_, 700);

    const labelCounts = new Array<number>(10).fill(0);
    for (const label of mnist.test.labels) labelCounts[label]++;
    expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(
      labelCounts,
    );
    const correct = matrix.reduce((sum, row, i) => sum + row[i], 0);
    expect(correct / 3000).toBeCloseTo(evaluate(model, test_).accuracy, 10);
    tf.dispose([test_.x, test_.y]);
    model.dispose();
  });
});
