import { expect } from 'vitest';

import { InitializerError } from '../errors';
import { normalCdf } from '../special';
import { ksTest, moments } from './stats';

/** Distribution that an initializer promises, with its parameters. */
export type Expected =
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'truncatedNormal'; mean: number; std: number; bound: number };

/** Minimum KS p-value accepted for a seeded sample. */
export const KS_MIN_P = 1e-4;

function expectedStd(expected: Expected): number {
  if (expected.kind === 'uniform') {
    return (expected.max - expected.min) / Math.sqrt(12);
  }
  return expected.std;
}

function expectedMean(expected: Expected): number {
  if (expected.kind === 'uniform') {
    return (expected.max + expected.min) / 2;
  }
  return expected.mean;
}

/** Returns the CDF of the promised distribution. */
export function cdfOf(expected: Expected): (x: number) => number {
  if (expected.kind === 'uniform') {
    const { min, max } = expected;
    return (x) => Math.min(1, Math.max(0, (x - min) / (max - min)));
  }
  if (expected.kind === 'normal') {
    return (x) => normalCdf((x - expected.mean) / expected.std);
  }
  // sigma is the standard deviation before truncation at +- bound sigma.
  const { mean, std, bound } = expected;
  const sigma = std * Math.sqrt(1 / truncatedVariance(bound));
  const low = normalCdf(-bound);
  const mass = 1 - 2 * low;
  return (x) => {
    const z = (x - mean) / sigma;
    return Math.min(1, Math.max(0, (normalCdf(z) - low) / mass));
  };
}

function simpsonWeight(i: number, steps: number): number {
  if (i === 0 || i === steps) {
    return 1;
  }
  return i % 2 === 1 ? 4 : 2;
}

// Variance of a standard normal truncated to [-b, b], computed here by
// Simpson's rule so the test does not reuse the closed form of the package.
function truncatedVariance(bound: number): number {
  const steps = 20000;
  const h = (2 * bound) / steps;
  let mass = 0;
  let second = 0;
  for (let i = 0; i <= steps; i++) {
    const z = -bound + i * h;
    const weight = simpsonWeight(i, steps);
    const density = Math.exp(-0.5 * z * z);
    mass += weight * density;
    second += weight * z * z * density;
  }
  return second / mass;
}

/**
 * Checks a sample against the promised distribution. Tolerances, for n
 * values: |mean - mu| < 6 sd / sqrt(n), |std / sd - 1| < 6 / sqrt(2n) (six
 * standard errors for a normal sample, and the uniform's error is smaller),
 * bounds exact up to float32 rounding, and a KS p-value above KS_MIN_P.
 */
export function expectDistribution(
  values: Float32Array,
  expected: Expected,
): void {
  const n = values.length;
  const sd = expectedStd(expected);
  const measured = moments(values);

  expect(Math.abs(measured.mean - expectedMean(expected))).toBeLessThan(
    (6 * sd) / Math.sqrt(n),
  );
  expect(Math.abs(measured.std / sd - 1)).toBeLessThan(6 / Math.sqrt(2 * n));
  expect(ksTest(values, cdfOf(expected))).toBeGreaterThan(KS_MIN_P);

  if (expected.kind === 'uniform') {
    const slack =
      1e-6 * Math.max(Math.abs(expected.min), Math.abs(expected.max));
    expect(measured.min).toBeGreaterThanOrEqual(expected.min - slack);
    expect(measured.max).toBeLessThanOrEqual(expected.max + slack);
  }
  if (expected.kind === 'truncatedNormal') {
    const sigma = expected.std / Math.sqrt(truncatedVariance(expected.bound));
    const limit = expected.bound * sigma;
    expect(measured.maxAbs - Math.abs(expected.mean)).toBeLessThanOrEqual(
      limit * (1 + 1e-6),
    );
  }
}

/** Runs `run` and returns the InitializerError it throws; fails the test otherwise. */
export function errorOf(run: () => unknown): InitializerError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InitializerError);
    return error as InitializerError;
  }
  throw new Error('expected an InitializerError, but nothing was thrown');
}
