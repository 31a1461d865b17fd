import { stat } from 'node:fs/promises';
import path from 'node:path';

import { IdxError } from '@initlab/mnist/node';

import { UsageError } from './errors';

/** Values of `--dataset`. */
export const DATASETS = ['mnist', 'fashion-mnist'] as const;

export type DatasetName = (typeof DATASETS)[number];

/**
 * Folder that Debian's `dataset-fashion-mnist` package installs the four
 * gzip-compressed IDX files into (package version 0.0~git20200523, as
 * listed by `dpkg -L dataset-fashion-mnist`).
 */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Class names in label order, for reports. */
export const CLASS_NAMES: Record<DatasetName, string[]> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  // Label order of the README that the Debian package installs
  // (/usr/share/doc/dataset-fashion-mnist/README.md.gz).
  'fashion-mnist': [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ],
};

/**
 * Returns the folder to read `dataset` from: `dataDir` when given, else
 * the default location, which is undefined for the bundled MNIST.
 */
export function datasetDir(
  dataset: DatasetName,
  dataDir?: string,
): string | undefined {
  if (dataDir !== undefined) return dataDir;
  return dataset === 'fashion-mnist' ? FASHION_MNIST_DIR : undefined;
}

/**
 * Turns the loader's "not found" error into a one-line {@link UsageError}
 * that names the folder looked in and how to get the data. Any other error
 * is returned unchanged.
 */
export async function explainMissingData(
  error: unknown,
  dataset: DatasetName,
  dataDir: string | undefined,
): Promise<unknown> {
  const dir = datasetDir(dataset, dataDir);
  if (
    !(
      error instanceof IdxError &&
      error.code === 'NOT_FOUND' &&
      error.file &&
      dir
    )
  ) {
    return error;
  }
  const label =
    dataset === 'fashion-mnist' ? 'Fashion-MNIST' : 'MNIST-layout data';
  const where =
    path.resolve(error.file) === path.resolve(dir)
      ? await describeFolder(dir)
      : `${dir} has no ${path.basename(error.file)} (plain or .gz)`;
  return new UsageError(
    `${label} not found: ${where}; ${howToGet(dataset, dataDir)}`,
  );
}

async function describeFolder(dir: string): Promise<string> {
  const stats = await stat(dir).catch(() => undefined);
  return stats ? `${dir} is not a folder` : `${dir} does not exist`;
}

function howToGet(dataset: DatasetName, dataDir: string | undefined): string {
  const files =
    'train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte';
  if (dataset === 'mnist') {
    return `pass --data-dir a folder with ${files}, or omit --data-dir to use the bundled MNIST`;
  }
  const install = 'apt-get install dataset-fashion-mnist (Debian, Ubuntu)';
  if (dataDir === undefined) {
    return `install it with: ${install}, or pass --data-dir a folder with ${files}`;
  }
  return `pass --data-dir a folder with ${files}, or omit --data-dir to read ${FASHION_MNIST_DIR} after: ${install}`;
}
