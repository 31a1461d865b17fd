import { describe, expect, it } from 'vitest';

import { createRandom } from './random';
import { normalCdf } from './special';
import { ksTest, moments } from './testing/stats';

function draw(seed: number, count: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random.nextUint32());
}

describe('createRandom', () => {
  it('repeats a sequence for the same seed', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
  });

  it.each([
    [0, 1],
    [-1, 1],
    [2 ** 40, 2 ** 40 + 1],
    [2 ** 40, 2 ** 41],
  ])('gives different sequences for seeds %s and %s', (a, b) => {
    expect(draw(a, 4)).not.toEqual(draw(b, 4));
  });

  it('draws floats in [0, 1) that pass a uniformity test', () => {
    const random = createRandom(3);
    const values = Array.from({ length: 50000 }, () => random.nextFloat());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(ksTest(values, (x) => x)).toBeGreaterThan(1e-4);
  });

  it('draws normals that pass a normality test', () => {
    const random = createRandom(5);
    const values = Array.from({ length: 50000 }, () => random.nextNormal());
    const { mean, std } = moments(values);
    // Standard errors: 1/sqrt(n) = 0.0045 for the mean, 0.0032 for the std.
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.015);
    expect(ksTest(values, normalCdf)).toBeGreaterThan(1e-4);
  });
});
