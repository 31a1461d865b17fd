import { describe, expect, test } from 'vitest';

import { Rng, shuffleInPlace } from './rng';

describe('Rng', () => {
  test('same seed gives same stream', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const draw = (rng: Rng) => Array.from({ length: 8 }, () => rng.nextUint32());

    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });

  test('state round-trips', () => {
    const rng = new Rng(7);
    rng.nextUint32();
    const saved = rng.getState();
    const expected = [rng.nextUint32(), rng.nextUint32()];
    const restored = new Rng(0);
    restored.setState(saved);

    expect([restored.nextUint32(), restored.nextUint32()]).toEqual(expected);
  });

  test('nextInt is uniform (chi-squared, 10 bins)', () => {
    const rng = new Rng(1);
    const counts = new Array(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[rng.nextInt(10)]++;
    const expected = n / 10;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);

    // 27.88 is the 0.999 quantile of chi-squared with 9 degrees of freedom.
    expect(chi2).toBeLessThan(27.88);
  });
});

describe('Rng validation', () => {
  test.each([[[1, 2]], [[0, 0, 0, 0]], [[1, 2, 3, 2 ** 32]], [[1, 2, 3, 0.5]]])(
    'setState rejects %j',
    (state) => {
      expect(() => new Rng(1).setState(state as never)).toThrow(
        'RNG state must be four 32-bit unsigned integers, not all zero',
      );
    },
  );

  test.each([0, -1, 2.5, 2 ** 33, NaN])('nextInt rejects %s', (n) => {
    expect(() => new Rng(1).nextInt(n)).toThrow('nextInt: n must be an integer in [1, 2^32]');
  });
});

describe('shuffleInPlace', () => {
  test('returns a permutation', () => {
    const values = Int32Array.from({ length: 1000 }, (_, i) => i);
    shuffleInPlace(values, new Rng(3));
    const sorted = Array.from(values).sort((a, b) => a - b);

    expect(sorted).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(values.subarray(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('every position is equally likely', () => {
    const rng = new Rng(5);
    const firstCounts = [0, 0, 0, 0];
    const trials = 40_000;
    for (let t = 0; t < trials; t++) {
      const values = Int32Array.from([0, 1, 2, 3]);
      shuffleInPlace(values, rng);
      firstCounts[values[0]]++;
    }
    const expected = trials / 4;
    const chi2 = firstCounts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);

    // 16.27 is the 0.999 quantile of chi-squared with 3 degrees of freedom.
    expect(chi2).toBeLessThan(16.27);
  });
});
