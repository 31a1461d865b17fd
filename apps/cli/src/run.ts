import { createMlp } from '@initlab/mlp';
import { fit, type Dataset, type EpochResult, type History } from '@initlab/train';

import type { CompareConfig } from './args';
import { parseInitSpec } from './inits';

/** Messages a run sends while it trains. */
export type RunEvent =
  | { type: 'progress'; epoch: number; batch: number; batches: number }
  | { type: 'epoch'; result: EpochResult };

/** Inputs of one training run: one initializer, shared data. */
export interface RunJob {
  index: number;
  init: string;
  config: CompareConfig;
  train: Dataset;
  test: Dataset;
}

/**
 * Trains the configured MLP under the initializer `job.init` and reports
 * progress at most every `progressMs` milliseconds and after every epoch.
 */
export async function trainRun(
  job: RunJob,
  emit: (event: RunEvent) => void,
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
      callbacks: {
        onBatchEnd: ({ epoch, batch, batchesPerEpoch }) => {
          const now = performance.now();
          if (now - lastProgress < progressMs && batch < batchesPerEpoch) return;
          lastProgress = now;
          emit({ type: 'progress', epoch, batch, batches: batchesPerEpoch });
        },
        onEpochEnd: (result) => emit({ type: 'epoch', result }),
      },
    });
  } finally {
    model.dispose();
  }
}
