import { describe, expect, it } from 'vitest';

import { IdxError } from './errors';
import type { IdxArray } from './idx';
import { MNIST_MEAN, MNIST_STD, toSplit } from './mnist';
import { expectIdxError } from './test-utils';

function images(count: number, rows: number, cols: number): IdxArray {
  const data = new Uint8Array(count * rows * cols).map((_, i) => i % 256);
  return { dims: [count, rows, cols], dtype: 'uint8', data };
}

function labels(values: number[]): IdxArray {
  return {
    dims: [values.length],
    dtype: 'uint8',
    data: new Uint8Array(values),
  };
}

describe('toSplit', () => {
  it('standardizes by default', () => {
    const split = toSplit(images(1, 1, 3), labels([5]));

    expect(split.images[0]).toBeCloseTo(-MNIST_MEAN / MNIST_STD, 6);
    expect(split.images[2]).toBeCloseTo((2 / 255 - MNIST_MEAN) / MNIST_STD, 6);
  });

  it('applies each normalization to 0 and 255', () => {
    const pixels: IdxArray = {
      dims: [1, 1, 2],
      dtype: 'uint8',
      data: new Uint8Array([0, 255]),
    };
    const cases = [
      { normalization: 'none', want: [0, 255] },
      { normalization: 'scale', want: [0, 1] },
      {
        normalization: 'standardize',
        want: [-MNIST_MEAN / MNIST_STD, (1 - MNIST_MEAN) / MNIST_STD],
      },
    ] as const;
    for (const { normalization, want } of cases) {
      const split = toSplit(pixels, labels([0]), { normalization });

      expect(split.images[0], normalization).toBeCloseTo(want[0], 6);
      expect(split.images[1], normalization).toBeCloseTo(want[1], 6);
    }
  });

  it('keeps the layout and the sizes', () => {
    const split = toSplit(images(3, 2, 4), labels([1, 2, 3]), {
      normalization: 'none',
    });

    expect(split.count).toBe(3);
    expect(split.rows).toBe(2);
    expect(split.cols).toBe(4);
    expect(split.images.length).toBe(24);
    expect(Array.from(split.images.subarray(8, 12))).toEqual([8, 9, 10, 11]);
    expect(Array.from(split.labels)).toEqual([1, 2, 3]);
  });

  it('takes the first images up to limit', () => {
    const split = toSplit(images(3, 2, 2), labels([4, 5, 6]), {
      normalization: 'none',
      limit: 2,
    });

    expect(split.count).toBe(2);
    expect(split.images.length).toBe(8);
    expect(split.images[7]).toBe(7);
    expect(Array.from(split.labels)).toEqual([4, 5]);
  });

  it('keeps all images for large limits and zero for 0', () => {
    const source = images(3, 1, 1);
    const classes = labels([0, 1, 2]);

    expect(toSplit(source, classes, { limit: 10 }).count).toBe(3);
    expect(toSplit(source, classes, { limit: Infinity }).count).toBe(3);
    expect(toSplit(source, classes, { limit: 0 }).count).toBe(0);
    expect(toSplit(source, classes, { limit: 0 }).images.length).toBe(0);
  });

  it('copies labels instead of sharing memory', () => {
    const classes = labels([1, 2]);

    const split = toSplit(images(2, 1, 1), classes);
    classes.data[0] = 9;

    expect(split.labels[0]).toBe(1);
  });

  it('accepts labels below a larger numClasses', () => {
    const split = toSplit(images(2, 1, 1), labels([25, 0]), { numClasses: 26 });

    expect(Array.from(split.labels)).toEqual([25, 0]);
  });

  it('accepts the required image size', () => {
    const split = toSplit(images(1, 28, 28), labels([3]), {
      requireSize: [28, 28],
    });

    expect(split.rows).toBe(28);
  });
});

describe('toSplit errors', () => {
  const options = {
    file: 'images-idx3-ubyte',
    labelsFile: 'labels-idx1-ubyte',
  };

  it('rejects image counts that differ from label counts', async () => {
    const error = await expectIdxError(
      () => toSplit(images(3, 1, 1), labels([0, 1]), options),
      'COUNT_MISMATCH',
      options.file,
    );

    expect(error.message).toContain(
      '3 images but labels-idx1-ubyte has 2 labels',
    );
  });

  it('rejects labels outside the classes', async () => {
    const error = await expectIdxError(
      () => toSplit(images(4, 1, 1), labels([0, 10, 3, 255]), options),
      'BAD_LABEL',
      options.labelsFile,
    );

    expect(error.message).toContain('invalid label 10 at index 1 and 1 more');
    expect(error.message).toContain('must be in [0, 10)');
  });

  it('checks labels beyond the limit', async () => {
    await expectIdxError(
      () => toSplit(images(2, 1, 1), labels([0, 12]), { ...options, limit: 1 }),
      'BAD_LABEL',
      options.labelsFile,
    );
  });

  it('rejects images of another size when one is required', async () => {
    const error = await expectIdxError(
      () =>
        toSplit(images(1, 32, 32), labels([0]), {
          ...options,
          requireSize: [28, 28],
        }),
      'BAD_IMAGE_SIZE',
      options.file,
    );

    expect(error.message).toContain('images are 32x32 pixels but 28x28');
  });

  it('rejects images that are not rank 3', async () => {
    const flat: IdxArray = {
      dims: [2, 784],
      dtype: 'uint8',
      data: new Uint8Array(1568),
    };

    const error = await expectIdxError(
      () => toSplit(flat, labels([0, 1]), options),
      'BAD_RANK',
      options.file,
    );

    expect(error.message).toContain('images have 2 dimensions (2x784)');
    expect(error.message).toContain('have 3 (count x rows x cols)');
  });

  it('rejects labels that are not rank 1', async () => {
    await expectIdxError(
      () => toSplit(images(1, 1, 1), images(1, 1, 1), options),
      'BAD_RANK',
      options.labelsFile,
    );
  });

  it('rejects images that are not uint8', async () => {
    const floats: IdxArray = {
      dims: [1, 1, 1],
      dtype: 'float32',
      data: new Float32Array(1),
    };

    const error = await expectIdxError(
      () => toSplit(floats, labels([0]), options),
      'UNSUPPORTED_TYPE',
      options.file,
    );

    expect(error.message).toContain('images have type float32');
  });

  it('rejects invalid options', () => {
    const cases: [string, object][] = [
      ['limit', { limit: -1 }],
      ['limit', { limit: 1.5 }],
      ['limit', { limit: Number.NaN }],
      ['numClasses', { numClasses: 0 }],
      ['numClasses', { numClasses: 257 }],
      ['normalization', { normalization: 'minmax' }],
      ['requireSize', { requireSize: [28] }],
      ['requireSize', { requireSize: [28, 0] }],
    ];
    for (const [name, invalid] of cases) {
      let caught: unknown;
      try {
        toSplit(images(1, 1, 1), labels([0]), invalid);
      } catch (error) {
        caught = error;
      }

      expect(caught, name).toBeInstanceOf(IdxError);
      expect((caught as IdxError).code, name).toBe('INVALID_OPTION');
      expect((caught as IdxError).message, name).toContain(
        `invalid option ${name}`,
      );
    }
  });
});
