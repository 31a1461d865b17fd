import { describe, expect, it } from 'vitest';

import { orthonormalColumns } from './linalg';
import { createRandom } from './random';

function gaussian(rows: number, cols: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: rows * cols }, () => random.nextNormal());
}

// Entry (i, j) of A^T B for column-major A (rows x a) and B (rows x b).
function dotColumns(
  a: Float64Array,
  b: Float64Array,
  rows: number,
  i: number,
  j: number,
): number {
  let sum = 0;
  for (let k = 0; k < rows; k++) {
    sum += a[i * rows + k] * b[j * rows + k];
  }
  return sum;
}

describe('orthonormalColumns', () => {
  it.each([
    [1, 1],
    [5, 5],
    [40, 7],
    [128, 128],
  ])('gives Q^T Q = I for %i x %i', (rows, cols) => {
    const q = orthonormalColumns(gaussian(rows, cols, rows), rows, cols);
    let maxError = 0;
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        const expected = i === j ? 1 : 0;
        maxError = Math.max(
          maxError,
          Math.abs(dotColumns(q, q, rows, i, j) - expected),
        );
      }
    }
    expect(maxError).toBeLessThan(1e-12);
  });

  it('gives R = Q^T A upper triangular with a positive diagonal', () => {
    const rows = 30;
    const cols = 6;
    const a = gaussian(rows, cols, 9);
    const q = orthonormalColumns(Float64Array.from(a), rows, cols);
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        const r = dotColumns(q, a, rows, i, j);
        if (i > j) {
          expect(Math.abs(r)).toBeLessThan(1e-12);
        }
        if (i === j) {
          expect(r).toBeGreaterThan(0);
        }
      }
    }
  });
});
