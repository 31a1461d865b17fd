import { describe, expect, it } from 'vitest';

import { IdxError } from './errors';
import { isGzip, parseIdx } from './idx';
import { buildIdx, expectIdxError, readRealFile } from './test-utils';

describe('parseIdx', () => {
  it('reads the real t10k labels', async () => {
    const bytes = await readRealFile('t10k-labels-idx1-ubyte');

    const parsed = parseIdx(bytes, 't10k-labels-idx1-ubyte');

    expect(parsed.dims).toEqual([10000]);
    expect(parsed.dtype).toBe('uint8');
    expect(parsed.data).toBeInstanceOf(Uint8Array);
    // The first five labels of the MNIST test set.
    expect(Array.from(parsed.data.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('reads the real train images quickly', async () => {
    const bytes = await readRealFile('train-images-idx3-ubyte');

    const start = performance.now();
    const parsed = parseIdx(bytes, 'train-images-idx3-ubyte');
    const elapsed = performance.now() - start;

    expect(parsed.dims).toEqual([60000, 28, 28]);
    expect(parsed.data.length).toBe(47040000);
    // A copy of 47 MB takes milliseconds. The bound leaves room for slow CI
    // machines and would still catch a per-element allocation.
    expect(elapsed).toBeLessThan(1000);
  });

  it('copies the data instead of sharing memory', () => {
    const bytes = buildIdx(0x08, [3], new Uint8Array([1, 2, 3]));

    const parsed = parseIdx(bytes);
    bytes[bytes.length - 1] = 99;

    expect(Array.from(parsed.data)).toEqual([1, 2, 3]);
  });

  it('decodes each type code big-endian', () => {
    const cases = [
      { code: 0x08, dtype: 'uint8', body: [0xff, 0x01], want: [255, 1] },
      { code: 0x09, dtype: 'int8', body: [0xff, 0x7f], want: [-1, 127] },
      {
        code: 0x0b,
        dtype: 'int16',
        body: [0x01, 0x02, 0xff, 0xfe],
        want: [258, -2],
      },
      {
        code: 0x0c,
        dtype: 'int32',
        body: [0, 1, 0, 0, 0x80, 0, 0, 0],
        want: [65536, -(2 ** 31)],
      },
      {
        code: 0x0d,
        dtype: 'float32',
        body: [0x3f, 0xc0, 0, 0, 0xc0, 0x20, 0, 0],
        want: [1.5, -2.5],
      },
      {
        code: 0x0e,
        dtype: 'float64',
        body: [
          0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, 0, 0, 0, 0, 0, 0, 0,
          0,
        ],
        want: [Math.PI, 0],
      },
    ];
    for (const { code, dtype, body, want } of cases) {
      const parsed = parseIdx(buildIdx(code, [2], new Uint8Array(body)));

      expect(parsed.dtype, dtype).toBe(dtype);
      expect(Array.from(parsed.data), dtype).toEqual(want);
    }
  });

  it('keeps every dimension of a rank-4 file', () => {
    const body = new Uint8Array(2 * 3 * 1 * 4 * 2).map((_, i) => i);

    const parsed = parseIdx(buildIdx(0x0b, [2, 3, 1, 4], body));

    expect(parsed.dims).toEqual([2, 3, 1, 4]);
    expect(parsed.data.length).toBe(24);
    expect(parsed.data[1]).toBe(0x0203);
  });

  it('accepts a zero-size dimension', () => {
    const parsed = parseIdx(buildIdx(0x08, [0, 28, 28], new Uint8Array(0)));

    expect(parsed.dims).toEqual([0, 28, 28]);
    expect(parsed.data.length).toBe(0);
  });
});

describe('parseIdx errors', () => {
  const file = 'labels-idx1-ubyte';
  const parse = (bytes: number[] | Uint8Array) => () =>
    parseIdx(new Uint8Array(bytes), file);

  it('rejects an empty file', async () => {
    const error = await expectIdxError(parse([]), 'EMPTY', file);

    expect(error.message).toContain('0 bytes');
    expect(error.message).toContain('download it again');
  });

  it('rejects a header shorter than 4 bytes', async () => {
    const error = await expectIdxError(parse([0, 0, 8]), 'TRUNCATED', file);

    expect(error.message).toContain(
      'needs at least 4 bytes but the file has 3',
    );
  });

  it('rejects a nonzero magic prefix', async () => {
    const error = await expectIdxError(
      parse([0x50, 0x4b, 0x03, 0x04, 0, 0]),
      'BAD_MAGIC',
      file,
    );

    expect(error.message).toContain('invalid magic number 0x504b0304');
    expect(error.message).toContain('not an IDX file');
  });

  it('names gzip data as the cause of a bad magic', async () => {
    const error = await expectIdxError(
      parse([0x1f, 0x8b, 0x08, 0x00]),
      'BAD_MAGIC',
      file,
    );

    expect(error.message).toContain('gzip-compressed, so gunzip it first');
  });

  it('names a byte-swapped header', async () => {
    const error = await expectIdxError(parse([1, 8, 0, 0]), 'BAD_MAGIC', file);

    expect(error.message).toContain('byte-swapped');
  });

  it('rejects an unknown type code', async () => {
    const error = await expectIdxError(
      parse([0, 0, 0x0a, 1, 0, 0, 0, 0]),
      'UNSUPPORTED_TYPE',
      file,
    );

    expect(error.message).toContain('unsupported type code 0x0a');
    expect(error.message).toContain('0x08 (uint8)');
  });

  it('rejects zero dimensions', async () => {
    const error = await expectIdxError(parse([0, 0, 8, 0]), 'BAD_RANK', file);

    expect(error.message).toContain('invalid number of dimensions 0');
  });

  it('rejects a header cut inside the dimensions', async () => {
    const error = await expectIdxError(
      parse([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]),
      'TRUNCATED',
      file,
    );

    expect(error.message).toContain(
      '3 dimensions need a 16-byte header but the file has 10 bytes',
    );
  });

  it('rejects missing data with the sizes', async () => {
    const bytes = buildIdx(0x0c, [2, 3], new Uint8Array(20));

    const error = await expectIdxError(parse(bytes), 'TRUNCATED', file);

    expect(error.message).toBe(
      `${file}: truncated: the header declares 2x3 int32 values = 24 bytes ` +
        'of data but 20 remain. The file is incomplete, so download it again.',
    );
  });

  it('rejects trailing bytes with the excess', async () => {
    const bytes = buildIdx(0x08, [4], new Uint8Array(7));

    const error = await expectIdxError(parse(bytes), 'TRAILING_BYTES', file);

    expect(error.message).toContain('4 uint8 values = 4 bytes of data');
    expect(error.message).toContain('7 remain, 3 more than declared');
  });

  it('reports huge declared sizes exactly', async () => {
    const dims = [0xffffffff, 0xffffffff, 0xffffffff];

    const error = await expectIdxError(
      parse(buildIdx(0x0e, dims, new Uint8Array(8))),
      'TRUNCATED',
      file,
    );

    const bytes = 0xffffffffn ** 3n * 8n;
    expect(error.message).toContain(`= ${bytes} bytes of data but 8 remain`);
  });

  it('leaves the file out of anonymous messages', () => {
    let caught: unknown;
    try {
      parseIdx(new Uint8Array(0));
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(IdxError);
    expect((caught as IdxError).file).toBeUndefined();
    expect((caught as IdxError).message).toMatch(/^empty file: /);
  });
});

describe('isGzip', () => {
  it('detects the gzip magic number', () => {
    expect(isGzip(new Uint8Array([0x1f, 0x8b]))).toBe(true);
    expect(isGzip(new Uint8Array([0x1f, 0x8b, 8, 0, 0]))).toBe(true);
  });

  it('rejects IDX data and short input', () => {
    expect(isGzip(new Uint8Array([0, 0, 8, 1]))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array(0))).toBe(false);
  });
});
