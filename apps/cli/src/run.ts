import { createMlp } from '@initlab/mlp';
import {
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
): Promise<History> {
  const { config } = job;
  const model = createMlp({
    inputSize: job.train.features,
    hiddenSizes: config.hidden,
    outputSize: 10,
    activation: config.activation,
    kernelInitializer: parseInitSpec(job.init).initializer,
    seed: config.seed,
  });
  let lastProgress = 0;
  try {
    return await fit(model, job.train, {
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
  } finally {
    model.dispose();
  }
}
