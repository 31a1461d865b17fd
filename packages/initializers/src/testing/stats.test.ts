import { describe, expect, it } from 'vitest';

import { createRandom } from '../random';
import { ksPValue, ksStatistic, ksTest, moments } from './stats';

const uniformCdf = (x: number): number => Math.min(1, Math.max(0, x));

describe('moments', () => {
  it('matches hand-computed values', () => {
    const result = moments([1, 2, 3, 4]);
    expect(result.mean).toBe(2.5);
    expect(result.std).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(result.min).toBe(1);
    expect(result.max).toBe(4);
    expect(result.maxAbs).toBe(4);
  });
});

describe('ksStatistic', () => {
  it('matches a hand-computed statistic', () => {
    // Steps of the empirical CDF against U(0, 1): the largest gap is
    // 1 - 0.7 = 0.3, just after the last point.
    expect(ksStatistic([0.7, 0.1, 0.4], uniformCdf)).toBeCloseTo(0.3, 12);
  });

  it('is 1/(2n) for a perfectly spread sample', () => {
    const n = 10;
    const sample = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    expect(ksStatistic(sample, uniformCdf)).toBeCloseTo(1 / (2 * n), 12);
  });
});

describe('ksPValue', () => {
  // Quantiles of the Kolmogorov distribution: P(K > 1.2238) = 0.10,
  // P(K > 1.3581) = 0.05, P(K > 1.6276) = 0.01.
  it.each([
    [1.2238, 0.1],
    [1.3581, 0.05],
    [1.6276, 0.01],
  ])('gives p = %s at lambda %s', (lambda, p) => {
    const n = 1e10;
    expect(ksPValue(lambda / Math.sqrt(n), n)).toBeCloseTo(p, 3);
  });

  it('is 1 for D = 0', () => {
    expect(ksPValue(0, 100)).toBe(1);
  });
});

describe('ksTest', () => {
  const random = createRandom(7);
  const sample = Array.from({ length: 20000 }, () => random.nextFloat());

  it('accepts a uniform sample', () => {
    expect(ksTest(sample, uniformCdf)).toBeGreaterThan(1e-3);
  });

  it('rejects a shifted sample', () => {
    const shifted = sample.map((value) => Math.min(1, value + 0.02));
    expect(ksTest(shifted, uniformCdf)).toBeLessThan(1e-6);
  });
});
