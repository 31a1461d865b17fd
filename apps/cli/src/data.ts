import { loadMnist } from '@initlab/mnist/node';
import type { Dataset } from '@initlab/train';

import { datasetDir, explainMissingData, type DatasetName } from './dataset';
import { UsageError } from './errors';

/** Training and test sets in shared memory, visible to every worker. */
export interface SharedData {
  train: Dataset;
  test: Dataset;
}

/**
 * Loads the data set once and copies it into SharedArrayBuffers, so that
 * posting it to a worker shares the memory instead of copying 188 MB per
 * worker. A missing folder or file is a UsageError that names where
 * it was looked for and how to get the data.
 */
export async function loadSharedMnist(options: {
  dataset: DatasetName;
  dir?: string;
  normalization: 'standardize' | 'scale';
  trainLimit?: number;
}): Promise<SharedData> {
  const mnist = await loadMnist({
    dir: datasetDir(options.dataset, options.dir),
    normalization: options.normalization,
    trainLimit: options.trainLimit,
  }).catch(async (error: unknown) => {
    throw await explainMissingData(error, options.dataset, options.dir);
  });
  const share = (split: typeof mnist.train): Dataset => ({
    x: copyToShared(split.images, Float32Array),
    y: copyToShared(split.labels, Uint8Array),
    count: split.count,
    features: split.rows * split.cols,
  });
  const data = { train: share(mnist.train), test: share(mnist.test) };
  const where = options.dir ?? options.dataset;
  if (data.train.count === 0) {
    throw new UsageError(`the training set in ${where} is empty; check the data files`);
  }
  if (data.train.features !== data.test.features) {
    throw new UsageError(
      `the training images in ${where} have ${data.train.features} pixels but the test images ${data.test.features}; both sets must share one image size`,
    );
  }
  return data;
}

function copyToShared<T extends Float32Array | Uint8Array>(
  source: T,
  Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
): T {
  const buffer = new SharedArrayBuffer(source.length * Type.BYTES_PER_ELEMENT);
  const target = new Type(buffer);
  target.set(source);
  return target;
}
