/**
 * Trains the classic MLP on the full MNIST with `fit` on one backend and
 * records the tfjs tensor count, tensor bytes and process RSS after every
 * epoch, to show that an epoch leaves no tensors behind.
 *
 * Arguments: --backend NAME --epochs N.
 */
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import { loadMnist } from '@initlab/mnist/node';
import { fit } from '@initlab/train';

import { useBackend, type BackendName } from '../lib/backends';
import { CLASSIC, createClassicMlp, toDataset } from '../lib/classic';
import { runTask } from '../lib/task';

runTask(async () => {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      epochs: { type: 'string', default: '2' },
    },
  });
  const backend = await useBackend(values.backend as BackendName);
  const mnist = await loadMnist();
  const model = createClassicMlp(42);
  const before = tf.memory().numTensors;
  const epochs: { epoch: number; tensors: number; tensorBytes: number; rssBytes: number }[] = [];
  const history = await fit(model, toDataset(mnist.train), {
    epochs: Number(values.epochs),
    batchSize: CLASSIC.batchSize,
    optimizer: { name: 'sgd', learningRate: CLASSIC.learningRate },
    test: toDataset(mnist.test),
    seed: 42,
    callbacks: {
      onEpochEnd: ({ epoch }) => {
        const memory = tf.memory();
        epochs.push({
          epoch,
          tensors: memory.numTensors,
          tensorBytes: memory.numBytes,
          rssBytes: process.memoryUsage.rss(),
        });
      },
    },
  });
  const after = tf.memory().numTensors;
  model.dispose();
  return { backend, status: history.status, tensorsBefore: before, tensorsAfter: after, epochs };
});
