import { loadMnist } from '@initlab/mnist/node';
import type { Dataset } from '@initlab/train';

/** Training and test sets in shared memory, visible to every worker. */
export interface SharedData {
  train: Dataset;
  test: Dataset;
}

/**
 * Loads MNIST once and copies it into SharedArrayBuffers, so that posting
 * it to a worker shares the memory instead of copying 188 MB per worker.
 */
export async function loadSharedMnist(options: {
  dir?: string;
  normalization: 'standardize' | 'scale';
  trainLimit?: number;
}): Promise<SharedData> {
  const mnist = await loadMnist({
    dir: options.dir,
    normalization: options.normalization,
    trainLimit: options.trainLimit,
  });
  const share = (split: typeof mnist.train): Dataset => ({
    x: copyToShared(split.images, Float32Array),
    y: copyToShared(split.labels, Uint8Array),
    count: split.count,
    features: split.rows * split.cols,
  });
  return { train: share(mnist.train), test: share(mnist.test) };
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
