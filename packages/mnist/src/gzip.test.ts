import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

import { gunzip } from './gzip';
import { parseIdx } from './idx';
import { expectIdxError, expectSameArray, readRealFile } from './test-utils';

describe('gunzip', () => {
  const file = 't10k-labels-idx1-ubyte.gz';
  let labels: Uint8Array;
  let compressed: Uint8Array;

  beforeAll(async () => {
    labels = await readRealFile('t10k-labels-idx1-ubyte');
    compressed = new Uint8Array(gzipSync(labels));
  });

  it('restores the real labels file', async () => {
    const restored = await gunzip(compressed, file);

    expectSameArray(restored, labels);
    expect(parseIdx(restored).dims).toEqual([10000]);
  });

  it('restores the real images file', async () => {
    const images = await readRealFile('t10k-images-idx3-ubyte');

    const restored = await gunzip(gzipSync(images, { level: 1 }));

    expectSameArray(restored, images);
  });

  it('joins concatenated gzip members', async () => {
    const half = labels.length / 2;
    const joined = Buffer.concat([
      gzipSync(labels.subarray(0, half)),
      gzipSync(labels.subarray(half)),
    ]);

    expectSameArray(await gunzip(joined, file), labels);
  });

  it('rejects data without the gzip magic', async () => {
    const error = await expectIdxError(
      () => gunzip(labels, file),
      'BAD_GZIP',
      file,
    );

    expect(error.message).toContain(
      'not gzip data: it starts with 00 00 08 01 instead of 1f 8b',
    );
  });

  it('rejects empty data', async () => {
    const error = await expectIdxError(
      () => gunzip(new Uint8Array(0), file),
      'BAD_GZIP',
      file,
    );

    expect(error.message).toContain('starts with nothing');
  });

  it('rejects cut-off data', async () => {
    for (const length of [2, 10, 30, compressed.length - 1]) {
      const error = await expectIdxError(
        () => gunzip(compressed.subarray(0, length), file),
        'BAD_GZIP',
        file,
      );

      expect(error.message, `length ${length}`).toContain('corrupt gzip data');
      expect(error.cause, `length ${length}`).toBeInstanceOf(Error);
    }
  });

  it('rejects a damaged checksum', async () => {
    const damaged = compressed.slice();
    damaged[damaged.length - 8] ^= 0x01;

    await expectIdxError(() => gunzip(damaged, file), 'BAD_GZIP', file);
  });

  it('rejects bytes after the gzip member', async () => {
    const padded = new Uint8Array(compressed.length + 3);
    padded.set(compressed);
    padded.set([1, 2, 3], compressed.length);

    await expectIdxError(() => gunzip(padded, file), 'BAD_GZIP', file);
  });
});
