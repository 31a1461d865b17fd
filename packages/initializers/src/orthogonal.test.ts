import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { deltaOrthogonal, orthogonal } from './orthogonal';
import { moments, take, useCpuBackend } from './testing/stats';

beforeAll(useCpuBackend);

/** Returns max |M^T M - gain^2 I| for row-major M, in double precision. */
function gramError(
  values: Float32Array,
  rows: number,
  cols: number,
  gain = 1,
): number {
  let maxError = 0;
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      let sum = 0;
      for (let k = 0; k < rows; k++) {
        sum += values[k * cols + i] * values[k * cols + j];
      }
      const expected = i === j ? gain * gain : 0;
      maxError = Math.max(maxError, Math.abs(sum - expected));
    }
  }
  return maxError;
}

function transpose(
  values: Float32Array,
  rows: number,
  cols: number,
): Float32Array {
  const result = new Float32Array(values.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      result[j * rows + i] = values[i * cols + j];
    }
  }
  return result;
}

describe('orthogonal', () => {
  it('gives Q^T Q = I within 1e-4 on [256, 256]', () => {
    const values = take(orthogonal({ seed: 1 }).apply([256, 256]));
    expect(gramError(values, 256, 256)).toBeLessThan(1e-4);
    expect(gramError(transpose(values, 256, 256), 256, 256)).toBeLessThan(1e-4);
  });

  it('gives orthonormal columns on a tall [300, 100] kernel', () => {
    const values = take(orthogonal({ seed: 2 }).apply([300, 100]));
    expect(gramError(values, 300, 100)).toBeLessThan(1e-4);
  });

  it('gives orthonormal rows on a wide [100, 300] kernel', () => {
    const values = take(orthogonal({ seed: 3 }).apply([100, 300]));
    expect(gramError(transpose(values, 100, 300), 300, 100)).toBeLessThan(1e-4);
  });

  it('flattens a conv kernel to prod(shape[:-1]) x shape[-1]', () => {
    const values = take(orthogonal({ seed: 4 }).apply([3, 3, 16, 32]));
    expect(gramError(values, 144, 32)).toBeLessThan(1e-4);
  });

  it('multiplies by gain', () => {
    const values = take(orthogonal({ gain: 2, seed: 5 }).apply([64, 64]));
    expect(gramError(values, 64, 64, 2)).toBeLessThan(4e-4);
  });

  it('has entries of variance 1 / n, as a Haar matrix', () => {
    const values = take(orthogonal({ seed: 6 }).apply([200, 200]));
    const { mean, std } = moments(values);
    // 40000 entries: standard error of the std about 0.4%.
    expect(Math.abs(mean)).toBeLessThan(0.003);
    expect(Math.abs(std * Math.sqrt(200) - 1)).toBeLessThan(0.02);
  });

  it('draws diagonal entries of either sign (the sign fix)', () => {
    // Without the sign correction Q[0][0] is always negative.
    const firsts = Array.from(
      { length: 400 },
      (_, seed) => take(orthogonal({ seed }).apply([3, 3]))[0],
    );
    const positive = firsts.filter((value) => value > 0).length;
    expect(positive).toBeGreaterThan(150);
    expect(positive).toBeLessThan(250);
  });

  it('rejects a rank below 2', () => {
    expect(() => orthogonal().apply([5])).toThrow(
      'orthogonal: shape must have rank at least 2; got [5] of rank 1',
    );
  });
});

describe('deltaOrthogonal', () => {
  it('puts an orthogonal matrix at the center tap only', () => {
    const values = take(deltaOrthogonal({ seed: 1 }).apply([3, 3, 4, 8]));
    const centerStart = (1 * 3 + 1) * 32;
    const center = values.slice(centerStart, centerStart + 32);
    expect(gramError(transpose(center, 4, 8), 8, 4)).toBeLessThan(1e-5);
    const outside = [
      ...values.slice(0, centerStart),
      ...values.slice(centerStart + 32),
    ];
    expect(outside.every((value) => value === 0)).toBe(true);
  });

  it('makes a norm-preserving conv2d', () => {
    const kernel = deltaOrthogonal({ seed: 2 }).apply([3, 3, 4, 6]);
    const input = tf.randomNormal([1, 5, 5, 4], 0, 1, 'float32', 3);
    const output = tf.conv2d(
      input as tf.Tensor4D,
      kernel as tf.Tensor4D,
      1,
      'same',
    );
    const inputNorm = tf.norm(input).dataSync()[0];
    const outputNorm = tf.norm(output).dataSync()[0];
    tf.dispose([kernel, input, output]);
    expect(outputNorm / inputNorm).toBeCloseTo(1, 5);
  });

  it('centers even-sized kernels at floor(size / 2)', () => {
    const values = take(deltaOrthogonal({ seed: 3 }).apply([2, 2, 1, 1]));
    expect(Array.from(values).map(Math.abs)).toEqual([0, 0, 0, 1]);
  });

  it('rejects in > out and ranks outside 3..5', () => {
    expect(() => deltaOrthogonal().apply([3, 3, 8, 4])).toThrow(
      'deltaOrthogonal: in channels must be <= out channels; got [3, 3, 8, 4] with in 8 > out 4',
    );
    expect(() => deltaOrthogonal().apply([4, 4])).toThrow(
      'deltaOrthogonal: shape must have rank between 3 and 5; got [4, 4] of rank 2',
    );
  });
});
