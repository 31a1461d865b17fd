import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { dirac, identity } from './identity';
import { sparse } from './sparse';
import { normalCdf } from './special';
import { ksTest, moments, take, useCpuBackend } from './testing/stats';
import { zerO } from './zero';

beforeAll(useCpuBackend);

describe('identity', () => {
  it('fills a square identity times gain', () => {
    const values = take(identity({ gain: 3 }).apply([3, 3]));
    expect(Array.from(values)).toEqual([3, 0, 0, 0, 3, 0, 0, 0, 3]);
  });

  it('fills a partial identity for rectangular shapes', () => {
    expect(Array.from(take(identity().apply([2, 3])))).toEqual([
      1, 0, 0, 0, 1, 0,
    ]);
    expect(Array.from(take(identity().apply([3, 2])))).toEqual([
      1, 0, 0, 1, 0, 0,
    ]);
  });

  it('rejects other ranks and a non-positive gain', () => {
    expect(() => identity().apply([2, 2, 2])).toThrow(
      'identity: shape must have rank 2; got [2, 2, 2] of rank 3',
    );
    expect(() => identity({ gain: 0 })).toThrow(
      'gain must be a positive finite number; got 0',
    );
  });
});

describe('dirac', () => {
  it('makes conv2d copy the first input channels', () => {
    const kernel = dirac().apply([3, 3, 2, 3]);
    const input = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 1);
    const output = tf.conv2d(
      input as tf.Tensor4D,
      kernel as tf.Tensor4D,
      1,
      'same',
    );
    const copied = tf.slice(output, [0, 0, 0, 0], [1, 4, 4, 2]);
    const rest = tf.slice(output, [0, 0, 0, 2], [1, 4, 4, 1]);
    expect(Array.from(copied.dataSync())).toEqual(Array.from(input.dataSync()));
    expect(Array.from(rest.dataSync()).every((value) => value === 0)).toBe(
      true,
    );
    tf.dispose([kernel, input, output, copied, rest]);
  });

  it('repeats the delta in each group, as PyTorch dirac_', () => {
    // Kernel [1, 2, 4] (conv1d, width 1, in 2, out 4) with 2 groups: output
    // channels 0 and 2 read input channel 0, channels 1 and 3 read channel 1.
    const values = take(dirac({ groups: 2 }).apply([1, 2, 4]));
    expect(Array.from(values)).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
  });

  it('rejects out channels not divisible by groups', () => {
    expect(() => dirac({ groups: 3 }).apply([3, 3, 2, 4])).toThrow(
      'dirac: out channels must be divisible by groups 3; got [3, 3, 2, 4]',
    );
    expect(() => dirac({ groups: 0 })).toThrow(
      'groups must be a positive integer; got 0',
    );
  });
});

describe('zerO', () => {
  it('is a partial identity when out <= in', () => {
    expect(Array.from(take(zerO().apply([3, 2])))).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('uses the normalized Hadamard block when out > in', () => {
    // p = 4, entries (-1)^popcount(i & j) / 2.
    const values = take(zerO().apply([2, 3]));
    expect(Array.from(values)).toEqual([0.5, 0.5, 0.5, 0.5, -0.5, 0.5]);
  });

  it('has orthonormal rows when out is a power of 2', () => {
    const values = take(zerO().apply([4, 8]));
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        let dot = 0;
        for (let j = 0; j < 8; j++) {
          dot += values[a * 8 + j] * values[b * 8 + j];
        }
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 6);
      }
    }
  });

  it('rejects other ranks', () => {
    expect(() => zerO().apply([3, 3, 2, 4])).toThrow(
      'zerO: shape must have rank 2; got [3, 3, 2, 4] of rank 4',
    );
  });
});

describe('sparse', () => {
  const rows = 400;
  const cols = 50;

  it('zeros ceil(sparsity * in) entries of each column', () => {
    const values = take(sparse({ sparsity: 0.3, seed: 1 }).apply([rows, cols]));
    for (let j = 0; j < cols; j++) {
      let zeroCount = 0;
      for (let i = 0; i < rows; i++) {
        zeroCount += values[i * cols + j] === 0 ? 1 : 0;
      }
      expect(zeroCount).toBe(120);
    }
  });

  it('draws the other entries from N(0, stddev^2)', () => {
    const values = take(
      sparse({ sparsity: 0.1, stddev: 0.5, seed: 2 }).apply([rows, cols]),
    );
    const nonZero = values.filter((value) => value !== 0);
    expect(nonZero.length).toBe(360 * cols);
    // 18000 values: standard error of the std about 0.5%.
    expect(Math.abs(moments(nonZero).std / 0.5 - 1)).toBeLessThan(0.03);
    expect(ksTest(nonZero, (x) => normalCdf(x / 0.5))).toBeGreaterThan(1e-4);
  });

  it('picks different rows in different columns', () => {
    const values = take(sparse({ sparsity: 0.5, seed: 3 }).apply([20, 2]));
    const zerosOf = (j: number) =>
      Array.from({ length: 20 }, (_, i) => values[i * 2 + j] === 0);
    expect(zerosOf(0)).not.toEqual(zerosOf(1));
  });

  it('validates sparsity in [0, 1)', () => {
    expect(() => sparse()).toThrow(
      'sparsity must be a number in [0, 1); got undefined',
    );
    expect(() => sparse({ sparsity: 1 })).toThrow(
      'sparsity must be a number in [0, 1); got 1',
    );
    expect(() => sparse({ sparsity: -0.1 })).toThrow(
      'sparsity must be a number in [0, 1); got -0.1',
    );
    expect(() => sparse({ sparsity: 0.1, stddev: 0 })).toThrow(
      'stddev must be a positive finite number; got 0',
    );
  });

  it('keeps every value at sparsity 0', () => {
    const values = take(sparse({ sparsity: 0, seed: 4 }).apply([10, 10]));
    expect(values.every((value) => value !== 0)).toBe(true);
  });
});
