import * as tf from '@tensorflow/tfjs-core';

import {
  gatherBatch,
  requirePositiveInteger,
  validateDataset,
  validateLabels,
  type Dataset,
} from './data';
import { TrainError } from './errors';
import { evaluate } from './evaluate';
import type { TrainableModel } from './model';
import {
  createCheckpoint,
  restoreCheckpoint,
  validateCheckpoint,
  type TrainCheckpoint,
} from './checkpoint';
import { createOptimizer, type OptimizerConfig } from './optimizers';
import { Rng, shuffleInPlace, type RngState } from './rng';
import {
  computeLayerStats,
  isInspectable,
  setUpdateRatios,
  type InspectableModel,
  type LayerStats,
  type StatsSnapshot,
} from './stats';
import { diagnose, type Verdict } from './verdict';

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
  /**
   * Receives a checkpoint after every epoch but the last, called after
   * `onEpochEnd`, for runs that must survive a crash. Resuming from it
   * repeats nothing and skips nothing.
   */
  onCheckpoint?(checkpoint: TrainCheckpoint): void | Promise<void>;
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
  /** State to resume from, present when `status` is `stopped`. */
  checkpoint?: TrainCheckpoint;
  /** Snapshots recorded when `options.stats` was set. */
  stats?: StatsSnapshot[];
  /** Diagnosis of the snapshots and the status, when `options.stats` was set. */
  verdict?: Verdict;
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
  /**
   * Records per-layer statistics at the first step and every `interval`
   * steps after it (default 100), for models that expose their layers, and
   * a verdict at the end. Off when absent.
   */
  stats?: {
    interval?: number;
    onSnapshot?(snapshot: StatsSnapshot): void | Promise<void>;
  };
  /**
   * Stops training after the current step when aborted; the history then
   * carries a checkpoint.
   */
  signal?: AbortSignal;
  /**
   * A checkpoint from a stopped run of the same model, data and options.
   * Training continues from it: weights, optimizer state, shuffle state,
   * epoch and batch position are restored.
   */
  resumeFrom?: TrainCheckpoint;
  callbacks?: Callbacks;
}

/**
 * Trains `model` on `train` with minibatch gradient descent and evaluates
 * it on `options.test` after every epoch.
 *
 * Each batch is copied from the host arrays into new tensors, which on the
 * wasm backend is faster than gathering rows of a device copy. When
 * `options.signal` aborts, training stops after the current step and the
 * history carries a {@link TrainCheckpoint} from which `options.resumeFrom`
 * continues with the same results as an uninterrupted run.
 */
export async function fit(
  model: TrainableModel,
  train: Dataset,
  options: FitOptions,
): Promise<History> {
  validateFitOptions(model, train, options);
  const ownsOptimizer = !(options.optimizer instanceof tf.Optimizer);
  const optimizer =
    options.optimizer instanceof tf.Optimizer
      ? options.optimizer
      : createOptimizer(options.optimizer);
  const history: History = { epochs: [], status: 'completed' };
  if (options.stats) history.stats = [];
  const rng = new Rng(options.seed ?? 0);
  const resume = options.resumeFrom;
  if (resume) await restoreCheckpoint(model, optimizer, rng, resume);

  try {
    for (let epoch = resume?.epoch ?? 1; epoch <= options.epochs; epoch++) {
      const resuming = resume !== undefined && epoch === resume.epoch;
      const start: EpochStart = {
        epoch,
        rngState: rng.getState(),
        batchesDone: resuming ? resume.batchesDone : 0,
        lossSum: resuming ? resume.lossSum : 0,
        startedAt: performance.now() - (resuming ? resume.elapsedSeconds * 1000 : 0),
      };
      if (options.signal?.aborted) {
        history.status = 'stopped';
        history.checkpoint = await createCheckpoint(model, optimizer, start, start);
        break;
      }
      await options.callbacks?.onEpochBegin?.(epoch);
      const order = epochOrder(train.count, rng, options.shuffle ?? true);

      const outcome = await runEpoch(model, optimizer, train, order, start, options, history);
      if (outcome.divergedAt) {
        history.status = 'diverged';
        history.divergedAt = outcome.divergedAt;
        break;
      }
      if (outcome.stoppedAt) {
        history.status = 'stopped';
        history.checkpoint = await createCheckpoint(model, optimizer, start, outcome.stoppedAt);
        break;
      }
      const evaluation = options.test
        ? evaluate(model, options.test, options.evalBatchSize)
        : { loss: NaN, accuracy: NaN };
      const result: EpochResult = {
        epoch,
        trainLoss: outcome.lossSum / train.count,
        testLoss: evaluation.loss,
        testAccuracy: evaluation.accuracy,
        seconds: (performance.now() - start.startedAt) / 1000,
      };
      history.epochs.push(result);
      await options.callbacks?.onEpochEnd?.(result);
      if (options.callbacks?.onCheckpoint && epoch < options.epochs) {
        const next: EpochStart = { ...start, epoch: epoch + 1, rngState: rng.getState() };
        const position = { batchesDone: 0, lossSum: 0 };
        next.startedAt = performance.now();
        await options.callbacks.onCheckpoint(
          await createCheckpoint(model, optimizer, next, position),
        );
      }
    }
  } finally {
    if (ownsOptimizer) optimizer.dispose();
  }
  if (history.stats) {
    history.verdict = diagnose(history.stats, history.status === 'diverged');
  }
  return history;
}

/** Starting point of an epoch: fresh, or part-way when resuming. */
export interface EpochStart {
  epoch: number;
  /** RNG state before the epoch's shuffle. */
  rngState: RngState;
  batchesDone: number;
  lossSum: number;
  /** `performance.now()` at the epoch's start, shifted back by time already spent. */
  startedAt: number;
}

interface EpochOutcome {
  lossSum: number;
  /** Batches done and loss sum when the signal aborted the epoch. */
  stoppedAt?: { batchesDone: number; lossSum: number };
  divergedAt?: { epoch: number; step: number };
}

/**
 * Returns the epoch's visiting order: a fresh permutation drawn from `rng`,
 * as PyTorch's RandomSampler draws one per epoch, so that the order depends
 * only on the RNG state at the epoch's start.
 */
function epochOrder(count: number, rng: Rng, shuffle: boolean): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  return shuffle ? shuffleInPlace(order, rng) : order;
}

async function runEpoch(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  data: Dataset,
  order: Int32Array,
  start: EpochStart,
  options: FitOptions,
  history: History,
): Promise<EpochOutcome> {
  const { epoch } = start;
  const batchesPerEpoch = Math.ceil(data.count / options.batchSize);
  const checkInterval = options.lossCheckInterval ?? 1;
  const statsInterval = options.stats?.interval ?? 100;
  let lossSum = tf.scalar(start.lossSum);
  try {
    for (let batch = start.batchesDone + 1; batch <= batchesPerEpoch; batch++) {
      const first = (batch - 1) * options.batchSize;
      const indices = order.subarray(first, first + options.batchSize);
      const step = (epoch - 1) * batchesPerEpoch + batch;
      const withStats = history.stats && (step === 1 || step % statsInterval === 0);
      let next: tf.Scalar;
      if (withStats && isInspectable(model)) {
        const result = statsStep(model, optimizer, data, indices, lossSum);
        next = result.lossSum;
        const snapshot: StatsSnapshot = { epoch, batch, step, layers: result.layers };
        history.stats!.push(snapshot);
        await options.stats?.onSnapshot?.(snapshot);
      } else {
        next = trainStep(model, optimizer, data, indices, lossSum);
      }
      lossSum.dispose();
      lossSum = next;

      const check = batch % checkInterval === 0 || batch === batchesPerEpoch;
      if (check && !Number.isFinite(lossSum.dataSync()[0])) {
        return { lossSum: NaN, divergedAt: { epoch, step: batch } };
      }
      const pending = options.callbacks?.onBatchEnd?.({ epoch, batch, batchesPerEpoch });
      if (pending) await pending;
      if (batch % 4 === 0) await yieldToEventLoop();
      if (options.signal?.aborted && batch < batchesPerEpoch) {
        const stoppedAt = { batchesDone: batch, lossSum: lossSum.dataSync()[0] };
        return { lossSum: stoppedAt.lossSum, stoppedAt };
      }
    }
    return { lossSum: lossSum.dataSync()[0] };
  } finally {
    lossSum.dispose();
  }
}

/** Runs one optimizer step and returns `lossSum` plus the batch's loss sum. */
function trainStep(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  data: Dataset,
  indices: Int32Array,
  lossSum: tf.Scalar,
): tf.Scalar {
  return tf.tidy(() => {
    const { x, labels } = gatherBatch(data, indices);
    const { loss, grads } = model.computeGradients(x, labels);
    applyInOrder(model, optimizer, grads);
    return tf.add(lossSum, tf.mul(loss, indices.length)) as tf.Scalar;
  });
}

/**
 * Runs one optimizer step like {@link trainStep} and also returns the
 * per-layer statistics of the batch, measured before the update.
 */
function statsStep(
  model: InspectableModel,
  optimizer: tf.Optimizer,
  data: Dataset,
  indices: Int32Array,
  lossSum: tf.Scalar,
): { lossSum: tf.Scalar; layers: LayerStats[] } {
  const { x, labels } = gatherBatch(data, indices);
  const before = model.layers.map((layer) => tf.clone(layer.kernel));
  const { loss, grads } = model.computeGradients(x, labels);
  try {
    const layers = computeLayerStats(model, x, grads);
    applyInOrder(model, optimizer, grads);
    setUpdateRatios(model, layers, before);
    const next = tf.tidy(() => tf.add(lossSum, tf.mul(loss, indices.length)) as tf.Scalar);
    return { lossSum: next, layers };
  } finally {
    tf.dispose([x, labels, loss, ...before, ...Object.values(grads)]);
  }
}

/**
 * Applies `grads` as a list in `trainableVariables` order, because tfjs
 * optimizers match their slot variables to gradients by position, and a
 * checkpoint restored in another process must line up the same way.
 */
function applyInOrder(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  grads: tf.NamedTensorMap,
): void {
  optimizer.applyGradients(
    model.trainableVariables.map((v) => ({ name: v.name, tensor: grads[v.name] })),
  );
}

/** The part of a browser MessageChannel that yieldToEventLoop uses. */
interface YieldChannel {
  port1: { onmessage: ((event: unknown) => void) | null };
  port2: { postMessage(message: null): void };
}

let yieldChannel: YieldChannel | undefined;
const yieldWaiters: (() => void)[] = [];

/**
 * Lets pending events run between steps, with Node's `setImmediate` where it
 * exists. Browsers clamp `setTimeout(0)` to at least 4 ms once timers nest
 * more than five levels deep (HTML timer rules), so there a MessageChannel
 * message is used instead, which runs as soon as the event loop is free.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') {
    return new Promise((resolve) => setImmediate(resolve));
  }
  if (typeof MessageChannel === 'function') {
    if (!yieldChannel) {
      // Typed by hand because Node's typings declare a MessagePort without `onmessage`.
      yieldChannel = new MessageChannel() as unknown as YieldChannel;
      yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
    }
    const channel = yieldChannel;
    return new Promise((resolve) => {
      yieldWaiters.push(resolve);
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function validateFitOptions(
  model: TrainableModel,
  train: Dataset,
  options: FitOptions,
): void {
  validateDataset('train', train);
  if (options.test) validateDataset('test', options.test);
  const classes = (model as { outputSize?: number }).outputSize;
  if (classes !== undefined) {
    validateLabels('train', train, classes);
    if (options.test) validateLabels('test', options.test, classes);
  }
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
  if (options.resumeFrom) {
    validateCheckpoint(options.resumeFrom, model, train.count, options);
  }
}

