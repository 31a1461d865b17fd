import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { IdxErrorCode } from './errors';
import { loadMnist } from './node';
import {
  buildIdx,
  expectIdxError,
  makeTempDir,
  readRealFile,
  writeSmallMnist,
} from './test-utils';

const IMAGES = 't10k-images-idx3-ubyte';
const LABELS = 't10k-labels-idx1-ubyte';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let images: Uint8Array;
let labels: Uint8Array;
let caseNumber = 0;

beforeAll(async () => {
  temp = await makeTempDir();
  images = await readRealFile(IMAGES);
  labels = await readRealFile(LABELS);
});

afterAll(() => temp.remove());

/**
 * Writes a small MNIST folder with the damaged files in `overrides` (null
 * leaves a file out), loads it, and checks the error code and that the
 * message starts with the path of the `reported` file.
 */
async function expectDamaged(
  overrides: Record<string, Uint8Array | null>,
  code: IdxErrorCode,
  reported: string,
  requireSize?: [number, number],
) {
  const dir = join(temp.dir, `case-${caseNumber++}`);
  await mkdir(dir);
  await writeSmallMnist(dir, overrides);

  const error = await expectIdxError(
    () => loadMnist({ dir, requireSize }),
    code,
    join(dir, reported),
  );
  return { error, dir };
}

/** Copies `bytes` and sets the byte at `index`. */
function withByte(bytes: Uint8Array, index: number, value: number) {
  const copy = bytes.slice();
  copy[index] = value;
  return copy;
}

describe('loadMnist on damaged files', () => {
  it('rejects an empty file', async () => {
    const { error } = await expectDamaged(
      { [IMAGES]: new Uint8Array(0) },
      'EMPTY',
      IMAGES,
    );

    expect(error.message).toContain('empty file');
  });

  it('rejects a wrong magic number', async () => {
    const { error } = await expectDamaged(
      { [LABELS]: withByte(labels, 0, 0x08) },
      'BAD_MAGIC',
      LABELS,
    );

    expect(error.message).toContain('invalid magic number 0x08000801');
  });

  it('rejects an unsupported type code', async () => {
    const { error } = await expectDamaged(
      { [IMAGES]: withByte(images, 2, 0x07) },
      'UNSUPPORTED_TYPE',
      IMAGES,
    );

    expect(error.message).toContain('unsupported type code 0x07');
  });

  it('rejects images with the wrong number of dimensions', async () => {
    const flat = buildIdx(0x08, [10000, 784], images.subarray(16));

    const { error } = await expectDamaged(
      { [IMAGES]: flat },
      'BAD_RANK',
      IMAGES,
    );

    expect(error.message).toContain('images have 2 dimensions (10000x784)');
  });

  it('rejects a labels file in place of an images file', async () => {
    const { error } = await expectDamaged(
      { [IMAGES]: labels },
      'BAD_RANK',
      IMAGES,
    );

    expect(error.message).toContain('images have 1 dimension (10000)');
  });

  it('rejects truncated data with the sizes', async () => {
    const { error } = await expectDamaged(
      { [IMAGES]: images.subarray(0, 16 + 1000) },
      'TRUNCATED',
      IMAGES,
    );

    expect(error.message).toContain(
      `${IMAGES}: truncated: the header declares 10000x28x28 uint8 values ` +
        '= 7840000 bytes of data but 1000 remain. The file is incomplete, ' +
        'so download it again.',
    );
  });

  it('rejects a truncated header', async () => {
    const { error } = await expectDamaged(
      { [IMAGES]: images.subarray(0, 10) },
      'TRUNCATED',
      IMAGES,
    );

    expect(error.message).toContain('truncated header');
  });

  it('rejects trailing bytes', async () => {
    const longer = new Uint8Array(labels.length + 5);
    longer.set(labels);

    const { error } = await expectDamaged(
      { [LABELS]: longer },
      'TRAILING_BYTES',
      LABELS,
    );

    expect(error.message).toContain('5 more than declared');
  });
});

describe('loadMnist on mismatched files', () => {
  it('rejects image and label counts that differ', async () => {
    const fewer = buildIdx(0x08, [9999], labels.subarray(8, 8 + 9999));

    const { error, dir } = await expectDamaged(
      { [LABELS]: fewer },
      'COUNT_MISMATCH',
      IMAGES,
    );

    expect(error.message).toContain(
      `10000 images but ${join(dir, LABELS)} has 9999 labels`,
    );
  });

  it('rejects labels outside 0-9', async () => {
    const { error } = await expectDamaged(
      { [LABELS]: withByte(labels, 8 + 1234, 10) },
      'BAD_LABEL',
      LABELS,
    );

    expect(error.message).toContain('invalid label 10 at index 1234');
  });

  it('rejects non-28x28 images when required', async () => {
    const wide = buildIdx(0x08, [10000, 14, 56], images.subarray(16));

    const { error } = await expectDamaged(
      { [IMAGES]: wide },
      'BAD_IMAGE_SIZE',
      IMAGES,
      [28, 28],
    );

    expect(error.message).toContain('images are 14x56 pixels but 28x28');
  });

  it('accepts other sizes without requireSize', async () => {
    const dir = join(temp.dir, 'wide');
    await mkdir(dir);
    const wide = buildIdx(0x08, [10000, 14, 56], images.subarray(16));
    await writeSmallMnist(dir, { [IMAGES]: wide });

    const data = await loadMnist({ dir });

    expect(data.test.rows).toBe(14);
    expect(data.test.cols).toBe(56);
  });
});

describe('loadMnist on corrupt gzip and missing files', () => {
  const gzLabels = `${LABELS}.gz`;
  const compressed = () => gzipSync(labels, { level: 1 });

  it('rejects gzip data with a damaged body', async () => {
    const gz = compressed();
    const corrupt = withByte(gz, 100, gz[100] ^ 0xff);

    const { error } = await expectDamaged(
      { [LABELS]: null, [gzLabels]: corrupt },
      'BAD_GZIP',
      gzLabels,
    );

    expect(error.message).toContain('corrupt gzip data');
    expect(error.message).toContain('download it again');
  });

  it('rejects cut-off gzip data', async () => {
    const gz = compressed();

    const { error } = await expectDamaged(
      { [LABELS]: null, [gzLabels]: gz.subarray(0, gz.length - 100) },
      'BAD_GZIP',
      gzLabels,
    );

    expect(error.message).toContain('unexpected end of file');
  });

  it('rejects a missing folder', async () => {
    const dir = join(temp.dir, 'does-not-exist');

    const error = await expectIdxError(
      () => loadMnist({ dir }),
      'NOT_FOUND',
      dir,
    );

    expect(error.message).toContain('folder not found');
    expect(error.message).toContain('train-images-idx3-ubyte');
  });

  it('rejects a file passed as the folder', async () => {
    const file = join(temp.dir, 'not-a-folder');
    await writeFile(file, labels);

    const error = await expectIdxError(
      () => loadMnist({ dir: file }),
      'NOT_FOUND',
      file,
    );

    expect(error.message).toContain('not a folder');
  });

  it('rejects a missing file and lists the names tried', async () => {
    const { error, dir } = await expectDamaged(
      { [LABELS]: null },
      'NOT_FOUND',
      LABELS,
    );

    expect(error.message).toContain(
      `file not found: looked for ${LABELS}, ${LABELS}.gz, ` +
        `t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz in ${dir}`,
    );
  });
});
