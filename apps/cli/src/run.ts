import * as tf from '@tensorflow/tfjs-core';
import { lsuv, type LsuvOptions } from '@initlab/initializers';
import { createMlp, type Mlp } from '@initlab/mlp';
import {
  confusionMatrix,
  fit,
  type Dataset,
  type EpochResult,
  type History,
  type StatsSnapshot,
  type TrainCheckpoint,
} from '@initlab/train';

import type { CompareConfig } from './args';
import { parseInitSpec } from './inits';

/** Messages a run sends while it trains. */
export type RunEvent =
  | { type: 'progress'; epoch: number; batch: number; batches: number }
  | { type: 'epoch'; result: EpochResult }
  | { type: 'checkpoint'; checkpoint: TrainCheckpoint }
  | { type: 'snapshot'; snapshot: StatsSnapshot };

/** Inputs of one training run: one initializer, shared data. */
export interface RunJob {
  index: number;
  init: string;
  config: CompareConfig;
  train: Dataset;
  test: Dataset;
  /** State to continue from, when resuming an interrupted comparison. */
  resumeFrom?: TrainCheckpoint;
}

/** Outcome of {@link trainRun}. */
export interface TrainedRun {
  history: History;
  /**
   * Test-set counts by true class (rows) and predicted class (columns) of
   * the final model, for completed runs.
   */
  confusion?: number[][];
}

/**
 * Trains the configured MLP under the initializer `job.init`, reporting
 * progress at most every `progressMs` milliseconds, each epoch's metrics,
 * and a checkpoint after every epoch. Aborting `signal` stops it after the
 * current step with a checkpoint in the history.
 */
export async function trainRun(
  job: RunJob,
  emit: (event: RunEvent) => void,
  signal?: AbortSignal,
  progressMs = 200,
): Promise<TrainedRun> {
  const { config } = job;
  const spec = parseInitSpec(job.init);
  const model = createMlp({
    inputSize: job.train.features,
    hiddenSizes: config.hidden,
    outputSize: 10,
    activation: config.activation,
    kernelInitializer: spec.initializer,
    seed: config.seed,
  });
  // A resumed run restores every weight from its checkpoint instead.
  if (spec.lsuv && !job.resumeFrom) applyLsuv(model, job.train, config, spec.lsuv);
  let lastProgress = 0;
  try {
    const history = await fit(model, job.train, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      optimizer: {
        name: config.optimizer,
        learningRate: config.learningRate,
        momentum: config.momentum,
      },
      test: job.test,
      seed: config.seed,
      signal,
      resumeFrom: job.resumeFrom,
      stats: config.statsInterval
        ? {
            interval: config.statsInterval,
            onSnapshot: (snapshot) => emit({ type: 'snapshot', snapshot }),
          }
        : undefined,
      callbacks: {
        onBatchEnd: ({ epoch, batch, batchesPerEpoch }) => {
          const now = performance.now();
          if (now - lastProgress < progressMs && batch < batchesPerEpoch) return;
          lastProgress = now;
          emit({ type: 'progress', epoch, batch, batches: batchesPerEpoch });
        },
        onEpochEnd: (result) => emit({ type: 'epoch', result }),
        onCheckpoint: (checkpoint) => emit({ type: 'checkpoint', checkpoint }),
      },
    });
    if (history.status !== 'completed') return { history };
    return { history, confusion: confusionMatrix(model, job.test) };
  } finally {
    model.dispose();
  }
}

/** Runs LSUV on the first `batchSize` training examples. */
function applyLsuv(model: Mlp, train: Dataset, config: CompareConfig, options: LsuvOptions): void {
  const rows = Math.min(config.batchSize, train.count);
  const batch = tf.tensor2d(train.x.subarray(0, rows * train.features), [rows, train.features]);
  try {
    lsuv(model, batch, { ...options, seed: config.seed });
  } finally {
    batch.dispose();
  }
}
