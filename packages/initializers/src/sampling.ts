import type { Random } from './random';
import { truncatedNormalStdFactor } from './special';

/** Fills an array of `size` draws from N(mean, stddev^2). */
export function sampleNormal(
  size: number,
  mean: number,
  stddev: number,
  random: Random,
): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    values[i] = mean + stddev * random.nextNormal();
  }
  return values;
}

/** Fills an array of `size` draws from U(minval, maxval). */
export function sampleUniform(
  size: number,
  minval: number,
  maxval: number,
  random: Random,
): Float32Array {
  const values = new Float32Array(size);
  const width = maxval - minval;
  for (let i = 0; i < size; i++) {
    values[i] = minval + width * random.nextFloat();
  }
  return values;
}

/**
 * Fills an array of `size` draws from a normal truncated to mean +- bound
 * sigma, where sigma = stddev / truncatedNormalStdFactor(bound), so that the
 * truncated values have standard deviation `stddev` itself.
 */
export function sampleTruncatedNormal(
  size: number,
  mean: number,
  stddev: number,
  bound: number,
  random: Random,
): Float32Array {
  const sigma = stddev / truncatedNormalStdFactor(bound);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    values[i] = mean + sigma * sampleStandardTruncated(bound, random);
  }
  return values;
}

// Exact rejection sampling. For bound >= 1 a normal proposal accepts with
// probability erf(bound / sqrt 2) >= 0.68. For smaller bounds a uniform
// proposal on [-bound, bound] accepted with probability exp(-z^2 / 2) does
// better, at least exp(-1/2) = 0.61.
function sampleStandardTruncated(bound: number, random: Random): number {
  if (bound >= 1) {
    for (;;) {
      const z = random.nextNormal();
      if (Math.abs(z) <= bound) {
        return z;
      }
    }
  }
  for (;;) {
    const z = bound * (2 * random.nextFloat() - 1);
    if (random.nextFloat() < Math.exp(-0.5 * z * z)) {
      return z;
    }
  }
}
