import * as tf from '@tensorflow/tfjs-core';

import { TrainError } from './errors';
import type { EpochStart, FitOptions } from './fit';
import type { TrainableModel } from './model';
import type { Rng, RngState } from './rng';

/** A float32 tensor's shape and values, safe to post or to serialize. */
export interface TensorSnapshot {
  shape: number[];
  values: Float32Array;
}

/**
 * Everything {@link fit} needs to continue a stopped run exactly: the
 * position in the epoch, the shuffle state, the partial loss, and the
 * weights of the model and the optimizer.
 */
export interface TrainCheckpoint {
  /** Epoch in progress, 1-based. */
  epoch: number;
  /** Batches of that epoch already applied. */
  batchesDone: number;
  /** Shuffle RNG state before this epoch's permutation was drawn. */
  rngState: RngState;
  /** Sum of per-example training losses over the batches done. */
  lossSum: number;
  /** Seconds already spent on this epoch. */
  elapsedSeconds: number;
  /** Values of `model.trainableVariables`, in order. */
  modelWeights: TensorSnapshot[];
  /** The optimizer's `getWeights()`, in order: step count, then slots. */
  optimizerWeights: TensorSnapshot[];
  /**
   * Adam's running powers beta1^t and beta2^t, which `getWeights()` leaves
   * out. `setWeights()` recomputes them with `pow`, which differs from the
   * running product in the last float32 bit.
   */
  adamPowers?: [number, number];
}

/** tfjs 4.22 AdamOptimizer fields that hold beta1^t and beta2^t. */
interface AdamPowers {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

/** Captures the state of a run stopped at `position` within `start.epoch`. */
export async function createCheckpoint(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  start: EpochStart,
  position: { batchesDone: number; lossSum: number },
): Promise<TrainCheckpoint> {
  const optimizerWeights = await optimizer.getWeights();
  const optimizerSnapshots = optimizerWeights.map(({ tensor }) => snapshot(tensor));
  // getWeights() creates the step-count scalar anew; the rest are the
  // optimizer's own slot variables.
  optimizerWeights[0]?.tensor.dispose();
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamPowers;
  return {
    epoch: start.epoch,
    batchesDone: position.batchesDone,
    rngState: start.rngState,
    lossSum: position.lossSum,
    elapsedSeconds: (performance.now() - start.startedAt) / 1000,
    modelWeights: model.trainableVariables.map(snapshot),
    optimizerWeights: optimizerSnapshots,
    ...(accBeta1 && accBeta2
      ? { adamPowers: [accBeta1.dataSync()[0], accBeta2.dataSync()[0]] as [number, number] }
      : {}),
  };
}

/** Loads a checkpoint's weights into the model and optimizer, and its RNG state. */
export async function restoreCheckpoint(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  rng: Rng,
  checkpoint: TrainCheckpoint,
): Promise<void> {
  model.trainableVariables.forEach((variable, i) => {
    const { shape, values } = checkpoint.modelWeights[i];
    tf.tidy(() => variable.assign(tf.tensor(values, shape, 'float32')));
  });
  const tensors = checkpoint.optimizerWeights.map(({ shape, values }) =>
    tf.tensor(values, shape, 'float32'),
  );
  // Optimizers read only the order of these names, never the names.
  await optimizer.setWeights(tensors.map((tensor, i) => ({ name: `w${i}`, tensor })));
  tf.dispose(tensors);
  // NOTE: relies on the field names of tfjs-core 4.22's AdamOptimizer.
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamPowers;
  if (checkpoint.adamPowers && accBeta1 && accBeta2) {
    tf.tidy(() => {
      accBeta1.assign(tf.scalar(checkpoint.adamPowers![0]));
      accBeta2.assign(tf.scalar(checkpoint.adamPowers![1]));
    });
  }
  rng.setState(checkpoint.rngState);
}

/**
 * Throws a {@link TrainError} unless `checkpoint` fits this model, data and
 * options, so that a stale file fails before any weight is overwritten.
 */
export function validateCheckpoint(
  checkpoint: TrainCheckpoint,
  model: TrainableModel,
  count: number,
  options: FitOptions,
): void {
  const fail = (message: string): never => {
    throw new TrainError('INVALID_CHECKPOINT', `checkpoint ${message}`);
  };
  const batches = Math.ceil(count / options.batchSize);
  if (!(Number.isInteger(checkpoint.epoch) && checkpoint.epoch >= 1)) {
    fail(`epoch must be a positive integer; got ${checkpoint.epoch}`);
  }
  if (checkpoint.epoch > options.epochs) {
    fail(`epoch ${checkpoint.epoch} is past the last epoch ${options.epochs}`);
  }
  if (!(checkpoint.batchesDone >= 0 && checkpoint.batchesDone < batches)) {
    fail(`batchesDone must be in [0, ${batches}); got ${checkpoint.batchesDone}`);
  }
  const variables = model.trainableVariables;
  if (checkpoint.modelWeights.length !== variables.length) {
    fail(`has ${checkpoint.modelWeights.length} weight tensors; the model has ${variables.length}`);
  }
  variables.forEach((variable, i) => {
    const { shape, values } = checkpoint.modelWeights[i];
    const expected = variable.shape.join(',');
    if (shape.join(',') !== expected || values.length !== variable.size) {
      fail(`weight ${i} has shape [${shape}]; the model expects [${expected}]`);
    }
  });
}

function snapshot(tensor: tf.Tensor): TensorSnapshot {
  return { shape: [...tensor.shape], values: Float32Array.from(tensor.dataSync()) };
}
