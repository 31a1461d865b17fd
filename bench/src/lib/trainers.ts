import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Mlp } from '@initlab/mlp';
import {
  Rng,
  fit,
  shuffleInPlace,
  toDevice,
  type Dataset,
  type DeviceDataset,
} from '@initlab/train';

import { CLASSIC, createClassicMlp } from './classic';

/** One way of training the classic MLP, timed one epoch at a time. */
export interface Trainer {
  /** Trains one epoch over the data and returns its wall time in seconds. */
  runEpoch(seed: number): Promise<number>;
  dispose(): void;
}

/** Names of the trainers that {@link createTrainer} builds. */
export const TRAINERS = ['fit', 'fit-sync16', 'device-gather', 'layers'] as const;

export type TrainerName = (typeof TRAINERS)[number];

/**
 * Creates a trainer:
 * - `fit`: `fit` of `@initlab/train` with its defaults, as `initlab compare`
 *   runs it. Each batch is copied from the JavaScript arrays into new
 *   tensors, and the loss is read after every step.
 * - `fit-sync16`: the same with `lossCheckInterval: 16`.
 * - `device-gather`: the same step, but the dataset is uploaded once and
 *   each batch is gathered on the backend with `tf.gather`.
 * - `layers`: the same network in tfjs-layers, trained with `model.fit`.
 */
export function createTrainer(name: TrainerName, data: Dataset): Trainer {
  switch (name) {
    case 'fit':
      return fitTrainer(data, 1);
    case 'fit-sync16':
      return fitTrainer(data, 16);
    case 'device-gather':
      return deviceGatherTrainer(data);
    case 'layers':
      return layersTrainer(data);
  }
}

function fitTrainer(data: Dataset, lossCheckInterval: number): Trainer {
  const model = createClassicMlp(42);
  return {
    async runEpoch(seed) {
      let started = 0;
      let seconds = NaN;
      const history = await fit(model, data, {
        epochs: 1,
        batchSize: CLASSIC.batchSize,
        optimizer: { name: 'sgd', learningRate: CLASSIC.learningRate },
        seed,
        lossCheckInterval,
        callbacks: {
          onEpochBegin: () => {
            started = performance.now();
          },
          onEpochEnd: () => {
            seconds = (performance.now() - started) / 1000;
          },
        },
      });
      if (history.status !== 'completed') {
        throw new Error(`fit ended with status ${history.status}`);
      }
      return seconds;
    },
    dispose: () => model.dispose(),
  };
}

function deviceGatherTrainer(data: Dataset): Trainer {
  const model = createClassicMlp(42);
  const optimizer = tf.train.sgd(CLASSIC.learningRate);
  const device = toDevice(data);
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  return {
    async runEpoch(seed) {
      shuffleInPlace(order, new Rng(seed));
      const started = performance.now();
      let lossSum = tf.scalar(0);
      const batches = Math.ceil(data.count / CLASSIC.batchSize);
      for (let batch = 0; batch < batches; batch++) {
        const first = batch * CLASSIC.batchSize;
        const indices = order.subarray(first, first + CLASSIC.batchSize);
        const next = deviceGatherStep(model, optimizer, device, indices, lossSum);
        lossSum.dispose();
        lossSum = next;
        // As fit does: read the running loss every step and yield every 4.
        if (!Number.isFinite(lossSum.dataSync()[0])) {
          throw new Error(`the training loss is not finite after batch ${batch + 1}`);
        }
        if ((batch + 1) % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      lossSum.dispose();
      return (performance.now() - started) / 1000;
    },
    dispose: () => {
      model.dispose();
      optimizer.dispose();
      tf.dispose([device.x, device.y]);
    },
  };
}

function deviceGatherStep(
  model: Mlp,
  optimizer: tf.Optimizer,
  device: DeviceDataset,
  indices: Int32Array,
  lossSum: tf.Scalar,
): tf.Scalar {
  return tf.tidy(() => {
    const index = tf.tensor1d(indices, 'int32');
    const x = tf.gather(device.x, index) as tf.Tensor2D;
    const labels = tf.gather(device.y, index) as tf.Tensor1D;
    const { loss, grads } = model.computeGradients(x, labels);
    optimizer.applyGradients(grads);
    return tf.add(lossSum, tf.mul(loss, indices.length)) as tf.Scalar;
  });
}

/**
 * Builds the classic network as a tfjs-layers model, the way a Keras user
 * writes it: a softmax output layer and sparse categorical cross-entropy.
 */
export function createLayersModel(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [CLASSIC.inputSize],
        units: CLASSIC.hiddenSize,
        activation: 'relu',
        kernelInitializer: 'heNormal',
      }),
      tfl.layers.dense({ units: CLASSIC.outputSize, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: tf.train.sgd(CLASSIC.learningRate),
    loss: 'sparseCategoricalCrossentropy',
  });
  return model;
}

function layersTrainer(data: Dataset): Trainer {
  const model = createLayersModel();
  const x = tf.tensor2d(data.x, [data.count, data.features]);
  const y = tf.tensor1d(Float32Array.from(data.y));
  return {
    async runEpoch() {
      let started = 0;
      let seconds = NaN;
      await model.fit(x, y, {
        batchSize: CLASSIC.batchSize,
        epochs: 1,
        shuffle: true,
        verbose: 0,
        callbacks: {
          onEpochBegin: async () => {
            started = performance.now();
          },
          onEpochEnd: async () => {
            seconds = (performance.now() - started) / 1000;
          },
        },
      });
      return seconds;
    },
    dispose: () => {
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}
