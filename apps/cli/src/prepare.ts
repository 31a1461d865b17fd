import type { BackendChoice, BackendSelection } from './backend';
import { selectBackend } from './backend';
import { loadSharedMnist, type SharedData } from './data';
import type { DatasetName } from './dataset';
import { UsageError } from './errors';
import { reportBackend, type Logger } from './output';

/** Data and training options shared by compare and sweep. */
export interface TrainingSetup {
  dataset: DatasetName;
  dataDir?: string;
  normalization: 'standardize' | 'scale';
  trainLimit?: number;
  batchSize: number;
  backend: BackendChoice;
}

/**
 * Loads the data, then selects the backend, and checks the batch size
 * against the training set. The data comes first, so a missing data set
 * is the only line printed.
 */
export async function prepareTraining(
  setup: TrainingSetup,
  log: Logger,
  verbose: boolean,
): Promise<{ data: SharedData; backend: BackendSelection }> {
  const data = await loadSharedMnist({
    dataset: setup.dataset,
    dir: setup.dataDir,
    normalization: setup.normalization,
    trainLimit: setup.trainLimit,
  });
  const backend = await selectBackend(setup.backend);
  reportBackend(log, backend, verbose);
  const count = data.train.count;
  if (setup.trainLimit !== undefined && setup.trainLimit > count) {
    log.warn(
      `--train-limit ${setup.trainLimit} is more than the ${count} training images; training on all of them`,
    );
  }
  if (setup.batchSize > count) {
    throw new UsageError(
      `--batch-size ${setup.batchSize} is larger than the ${count} training images; lower it or raise --train-limit`,
    );
  }
  return { data, backend };
}
