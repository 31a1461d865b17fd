import * as tf from '@tensorflow/tfjs-core';

import { toDevice, validateDataset, type Dataset } from './data';
import { TrainError } from './errors';
import { evaluate } from './evaluate';
import type { TrainableModel } from './model';
import { createOptimizer, type OptimizerConfig } from './optimizers';
import { Rng, shuffleInPlace } from './rng';

/** Metrics of one finished epoch. */
export interface EpochResult {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's examples. */
  trainLoss: number;
  /** Mean test loss; NaN when no test set was given. */
  testLoss: number;
  /** Test accuracy in [0, 1]; NaN when no test set was given. */
  testAccuracy: number;
  /** Wall-clock seconds of the epoch, evaluation included. */
  seconds: number;
}

/** Progress after one optimizer step. */
export interface BatchProgress {
  epoch: number;
  /** 1-based batch number within the epoch. */
  batch: number;
  batchesPerEpoch: number;
}

/** Hooks called during {@link fit}; each may return a promise to await. */
export interface Callbacks {
  onEpochBegin?(epoch: number): void | Promise<void>;
  onBatchEnd?(progress: BatchProgress): void | Promise<void>;
  onEpochEnd?(result: EpochResult): void | Promise<void>;
}

/** Outcome of {@link fit}. */
export interface History {
  epochs: EpochResult[];
  /**
   * `completed` when every epoch ran, `diverged` when the loss became NaN or
   * infinite, `stopped` when the signal was aborted.
   */
  status: 'completed' | 'diverged' | 'stopped';
  /** Epoch and 1-based step at which the loss stopped being finite. */
  divergedAt?: { epoch: number; step: number };
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** Number of passes over the training set; a positive integer. */
  epochs: number;
  /** Examples per step; the last batch of an epoch may be smaller. */
  batchSize: number;
  /** An optimizer config, or a tfjs optimizer the caller owns. */
  optimizer: OptimizerConfig | tf.Optimizer;
  /** Test set evaluated after every epoch. */
  test?: Dataset;
  /**
   * Seed of the shuffle. Models trained with equal seeds see the same
   * batches in the same order. Default 0.
   */
  seed?: number;
  /** Reshuffle the training set every epoch. Default true. */
  shuffle?: boolean;
  /** Rows per evaluation batch. Default 2000. */
  evalBatchSize?: number;
  /**
   * Steps between reads of the running loss, which detect divergence and
   * cost one backend sync each. Default 1.
   */
  lossCheckInterval?: number;
  /** Stops training after the current step when aborted. */
  signal?: AbortSignal;
  callbacks?: Callbacks;
}

/**
 * Trains `model` on `train` with minibatch gradient descent and evaluates
 * it on `options.test` after every epoch.
 *
 * The data is uploaded to the backend once and every batch is gathered by
 * index, so an epoch costs no per-batch copy from JavaScript.
 */
export async function fit(
  model: TrainableModel,
  train: Dataset,
  options: FitOptions,
): Promise<History> {
  validateFitOptions(train, options);
  const ownsOptimizer = !(options.optimizer instanceof tf.Optimizer);
  const optimizer =
    options.optimizer instanceof tf.Optimizer
      ? options.optimizer
      : createOptimizer(options.optimizer);
  const trainData = toDevice(train);
  const testData = options.test ? toDevice(options.test) : undefined;
  const history: History = { epochs: [], status: 'completed' };
  const rng = new Rng(options.seed ?? 0);
  const order = Int32Array.from({ length: train.count }, (_, i) => i);

  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      if (options.signal?.aborted) {
        history.status = 'stopped';
        break;
      }
      await options.callbacks?.onEpochBegin?.(epoch);
      const started = performance.now();
      if (options.shuffle ?? true) shuffleInPlace(order, rng);

      const epochLoss = await runEpoch(model, optimizer, trainData, order, epoch, options);
      if (epochLoss.divergedAt) {
        history.status = 'diverged';
        history.divergedAt = epochLoss.divergedAt;
        break;
      }
      if (epochLoss.stopped) {
        history.status = 'stopped';
        break;
      }
      const evaluation = testData
        ? evaluate(model, testData, options.evalBatchSize)
        : { loss: NaN, accuracy: NaN };
      const result: EpochResult = {
        epoch,
        trainLoss: epochLoss.meanLoss,
        testLoss: evaluation.loss,
        testAccuracy: evaluation.accuracy,
        seconds: (performance.now() - started) / 1000,
      };
      history.epochs.push(result);
      await options.callbacks?.onEpochEnd?.(result);
    }
  } finally {
    tf.dispose([trainData.x, trainData.y]);
    if (testData) tf.dispose([testData.x, testData.y]);
    if (ownsOptimizer) optimizer.dispose();
  }
  return history;
}

interface EpochOutcome {
  meanLoss: number;
  stopped: boolean;
  divergedAt?: { epoch: number; step: number };
}

async function runEpoch(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  data: { x: tf.Tensor2D; y: tf.Tensor1D; count: number },
  order: Int32Array,
  epoch: number,
  options: FitOptions,
): Promise<EpochOutcome> {
  const batchesPerEpoch = Math.ceil(data.count / options.batchSize);
  const checkInterval = options.lossCheckInterval ?? 1;
  let lossSum = tf.scalar(0);
  try {
    for (let batch = 1; batch <= batchesPerEpoch; batch++) {
      const start = (batch - 1) * options.batchSize;
      const indices = order.subarray(start, start + options.batchSize);
      const next = trainStep(model, optimizer, data, indices, lossSum);
      lossSum.dispose();
      lossSum = next;

      const check = batch % checkInterval === 0 || batch === batchesPerEpoch;
      if (check && !Number.isFinite(lossSum.dataSync()[0])) {
        return { meanLoss: NaN, stopped: false, divergedAt: { epoch, step: batch } };
      }
      const pending = options.callbacks?.onBatchEnd?.({ epoch, batch, batchesPerEpoch });
      if (pending) await pending;
      if (batch % 16 === 0) await yieldToEventLoop();
      if (options.signal?.aborted && batch < batchesPerEpoch) {
        return { meanLoss: NaN, stopped: true };
      }
    }
    return { meanLoss: lossSum.dataSync()[0] / data.count, stopped: false };
  } finally {
    lossSum.dispose();
  }
}

/** Runs one optimizer step and returns `lossSum` plus the batch's loss sum. */
function trainStep(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  data: { x: tf.Tensor2D; y: tf.Tensor1D },
  indices: Int32Array,
  lossSum: tf.Scalar,
): tf.Scalar {
  return tf.tidy(() => {
    const index = tf.tensor1d(indices, 'int32');
    const x = tf.gather(data.x, index) as tf.Tensor2D;
    const labels = tf.gather(data.y, index) as tf.Tensor1D;
    const { loss, grads } = model.computeGradients(x, labels);
    optimizer.applyGradients(grads);
    return tf.add(lossSum, tf.mul(loss, indices.length)) as tf.Scalar;
  });
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) =>
    typeof setImmediate === 'function'
      ? setImmediate(resolve)
      : setTimeout(resolve, 0),
  );
}

function validateFitOptions(train: Dataset, options: FitOptions): void {
  validateDataset('train', train);
  if (options.test) validateDataset('test', options.test);
  requirePositiveInteger('epochs', options.epochs);
  requirePositiveInteger('batchSize', options.batchSize);
  if (options.batchSize > train.count) {
    throw new TrainError(
      'INVALID_OPTION',
      `batchSize must be at most the number of training examples (${train.count}); got ${options.batchSize}`,
    );
  }
  if (options.evalBatchSize !== undefined) {
    requirePositiveInteger('evalBatchSize', options.evalBatchSize);
  }
  if (options.lossCheckInterval !== undefined) {
    requirePositiveInteger('lossCheckInterval', options.lossCheckInterval);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new TrainError('INVALID_OPTION', `seed must be an integer; got ${options.seed}`);
  }
}

function requirePositiveInteger(name: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new TrainError(
      'INVALID_OPTION',
      `${name} must be a positive integer; got ${value}`,
    );
  }
}
