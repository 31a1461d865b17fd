import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

import { IdxError, type IdxErrorCode } from './errors';
import { gunzip } from './gzip';
import { isGzip, parseIdx, type IdxArray } from './idx';
import { toSplit } from './mnist';
import { buildIdx, createRandom, readRealFile } from './test-utils';

type Random = ReturnType<typeof createRandom>;

const ELEMENT_TYPES: Record<IdxArray['dtype'], Function> = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

// The first 64 test images keep each parse fast.
const SLICE_COUNT = 64;
const IMAGES = 't10k-images-idx3-ubyte (first 64)';
const LABELS = 't10k-labels-idx1-ubyte';
const FILES = [IMAGES, LABELS];

/** Values that often break size arithmetic in a dimension field. */
const EDGE_DIMS = [0, 1, 27, 28, 29, 63, 64, 65, 10000, 0x7fffffff, 0xffffffff];

function pick<T>(random: Random, values: readonly T[]): T {
  return values[random.below(values.length)];
}

/** Index of a byte, in the header half of the time. */
function position(random: Random, length: number): number {
  if (random.chance(0.5)) return random.below(Math.min(length, 16));
  return random.below(length);
}

function randomBytes(random: Random, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random.below(256));
}

/** Applies one random mutation and returns the new bytes. */
function mutate(random: Random, bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) return randomBytes(random, random.below(8));

  const out = bytes.slice();
  switch (random.below(7)) {
    case 0: // flip one bit
      out[position(random, out.length)] ^= 1 << random.below(8);
      return out;
    case 1: // overwrite one byte
      out[position(random, out.length)] = random.below(256);
      return out;
    case 2: // truncate
      return out.subarray(0, random.below(out.length));
    case 3: // insert bytes
      return insert(
        out,
        position(random, out.length),
        randomBytes(random, 1 + random.below(8)),
      );
    case 4: // delete bytes
      return remove(out, position(random, out.length), 1 + random.below(8));
    case 5: // append bytes
      return insert(out, out.length, randomBytes(random, 1 + random.below(8)));
    default:
      return mutateHeader(random, out);
  }
}

/** Rewrites the type code, the rank or one dimension. */
function mutateHeader(random: Random, out: Uint8Array): Uint8Array {
  if (out.length < 4) return out;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const field = random.below(3);
  if (field === 0) {
    out[2] = pick(random, [
      0x08,
      0x09,
      0x0b,
      0x0c,
      0x0d,
      0x0e,
      random.below(256),
    ]);
  } else if (field === 1) {
    out[3] = pick(random, [0, 1, 2, 3, 4, 255]);
  } else {
    const dims = Math.floor((out.length - 4) / 4);
    if (dims === 0) return out;
    const offset = 4 + 4 * random.below(Math.min(dims, 3));
    const value = random.chance(0.7)
      ? pick(random, EDGE_DIMS)
      : random.uint32();
    view.setUint32(offset, value);
  }
  return out;
}

function insert(bytes: Uint8Array, at: number, extra: Uint8Array) {
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes.subarray(0, at));
  out.set(extra, at);
  out.set(bytes.subarray(at), at + extra.length);
  return out;
}

function remove(bytes: Uint8Array, at: number, count: number) {
  const out = new Uint8Array(Math.max(at, bytes.length - count));
  out.set(bytes.subarray(0, at));
  out.set(bytes.subarray(at + count), at);
  return out;
}

/** Throws a plain Error, which fails the fuzz test, on inconsistent sizes. */
function checkParsed(parsed: IdxArray) {
  const count = parsed.dims.reduce((product, dim) => product * dim, 1);
  if (parsed.data.length !== count) {
    throw new Error(`data has ${parsed.data.length} elements, dims ${count}`);
  }
  if (!(parsed.data instanceof ELEMENT_TYPES[parsed.dtype])) {
    throw new Error(`data is not a typed array of ${parsed.dtype}`);
  }
}

function checkSplit(split: ReturnType<typeof toSplit>) {
  if (split.images.length !== split.count * split.rows * split.cols) {
    throw new Error(`split has ${split.images.length} pixels`);
  }
  if (split.labels.length !== split.count) {
    throw new Error(`split has ${split.labels.length} labels`);
  }
  if (split.labels.some((label) => label > 9)) {
    throw new Error('split has a label above 9');
  }
}

function blankImages(count: number): IdxArray {
  return {
    dims: [count, 2, 2],
    dtype: 'uint8',
    data: new Uint8Array(count * 4),
  };
}

interface Target {
  name: string;
  bytes: Uint8Array;
  /** Pairs a parsed mutant with a valid partner and calls toSplit. */
  pair: (parsed: IdxArray, random: Random) => ReturnType<typeof toSplit>;
}

/**
 * Mutates the target `iterations` times, sometimes inside a gzip wrapper,
 * runs each mutant through gunzip, parseIdx and toSplit, and returns how
 * often each outcome occurred and every error that is not an IdxError.
 */
async function fuzz(target: Target, seed: number, iterations: number) {
  const random = createRandom(seed);
  const outcomes = new Map<IdxErrorCode | 'OK', number>();
  const failures: string[] = [];
  for (let i = 0; i < iterations; i++) {
    let mutant = target.bytes;
    for (let steps = 1 + random.below(3); steps > 0; steps--) {
      mutant = mutate(random, mutant);
    }
    if (random.chance(0.25)) {
      mutant = new Uint8Array(gzipSync(mutant, { level: 1 }));
      if (random.chance(0.5)) mutant = mutate(random, mutant);
    }
    const outcome = await runMutant(target, mutant, random).catch((error) => {
      if (error instanceof IdxError && FILES.includes(error.file ?? '')) {
        return error.code;
      }
      failures.push(`seed ${seed}, iteration ${i}: ${String(error)}`);
      return undefined;
    });
    if (outcome) outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return { outcomes, failures };
}

async function runMutant(target: Target, mutant: Uint8Array, random: Random) {
  const bytes = isGzip(mutant) ? await gunzip(mutant, target.name) : mutant;
  const parsed = parseIdx(bytes, target.name);
  checkParsed(parsed);
  checkSplit(target.pair(parsed, random));
  return 'OK' as const;
}

describe('fuzzing the parsers', () => {
  let images: Target;
  let labels: Target;

  beforeAll(async () => {
    const realImages = await readRealFile('t10k-images-idx3-ubyte');
    const realLabels = await readRealFile('t10k-labels-idx1-ubyte');
    const imageBytes = buildIdx(
      0x08,
      [SLICE_COUNT, 28, 28],
      realImages.subarray(16, 16 + SLICE_COUNT * 784),
    );
    const labelSlice: IdxArray = {
      dims: [SLICE_COUNT],
      dtype: 'uint8',
      data: realLabels.slice(8, 8 + SLICE_COUNT),
    };
    const imageSlice = parseIdx(imageBytes);

    images = {
      name: IMAGES,
      bytes: imageBytes,
      pair: (parsed, random) =>
        toSplit(parsed, labelSlice, {
          file: IMAGES,
          labelsFile: LABELS,
          limit: random.chance(0.5) ? random.below(100) : undefined,
          requireSize: random.chance(0.5) ? [28, 28] : undefined,
        }),
    };
    labels = {
      name: LABELS,
      bytes: realLabels,
      // One time in five the labels meet the 64 real images, so their
      // counts differ.
      pair: (parsed, random) => {
        const count = parsed.dims[0];
        const matching = parsed.dims.length === 1 && count <= 20000;
        const partner =
          matching && random.chance(0.8) ? blankImages(count) : imageSlice;
        return toSplit(partner, parsed, { file: IMAGES, labelsFile: LABELS });
      },
    };
  });

  it('throws only IdxError on mutated labels', async () => {
    const { outcomes, failures } = await fuzz(labels, 0x5eed1, 4000);

    expect(failures).toEqual([]);
    for (const code of [
      'OK',
      'BAD_MAGIC',
      'UNSUPPORTED_TYPE',
      'BAD_RANK',
      'TRUNCATED',
      'TRAILING_BYTES',
      'COUNT_MISMATCH',
      'BAD_LABEL',
      'BAD_GZIP',
    ] as const) {
      expect(outcomes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  }, 60_000);

  it('throws only IdxError on mutated images', async () => {
    const { outcomes, failures } = await fuzz(images, 0x5eed2, 4000);

    expect(failures).toEqual([]);
    for (const code of [
      'OK',
      'BAD_MAGIC',
      'UNSUPPORTED_TYPE',
      'BAD_RANK',
      'TRUNCATED',
      'TRAILING_BYTES',
      'BAD_GZIP',
    ] as const) {
      expect(outcomes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  }, 60_000);
});
