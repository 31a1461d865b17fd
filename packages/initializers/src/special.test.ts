import { describe, expect, it } from 'vitest';

import { erf, normalCdf, truncatedNormalStdFactor } from './special';

describe('erf', () => {
  // Values from Python's math.erf.
  it.each([
    [0, 0],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [2.9, 0.9999589021219005],
    [3, 0.9999779095030014],
    [4, 0.9999999845827421],
    [-1, -0.8427007929497149],
  ])('erf(%s) = %s', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThan(1e-13);
  });
});

describe('normalCdf', () => {
  it('matches known quantiles', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
  });
});

describe('truncatedNormalStdFactor', () => {
  it('is 0.87962566103423978 at bound 2', () => {
    expect(truncatedNormalStdFactor(2)).toBeCloseTo(0.87962566103423978, 13);
  });

  it('tends to 1 for wide bounds', () => {
    expect(truncatedNormalStdFactor(10)).toBeCloseTo(1, 12);
  });

  it.each([1e-9, 1e-3, 0.0099, 0.0101, 0.1])(
    'tends to the uniform value at bound %s',
    (bound) => {
      // A normal cut at +-b with b -> 0 is nearly U(-b, b), std b / sqrt(3).
      const ratio = truncatedNormalStdFactor(bound) / (bound / Math.sqrt(3));
      expect(ratio).toBeGreaterThan(1 - (bound * bound) / 5 - 1e-12);
      expect(ratio).toBeLessThanOrEqual(1);
    },
  );

  it('is continuous where the series takes over', () => {
    const below = truncatedNormalStdFactor(0.01 - 1e-12);
    const above = truncatedNormalStdFactor(0.01);
    expect(Math.abs(below - above) / above).toBeLessThan(1e-8);
  });
});
