import { product } from './fans';
import { defineInitializer } from './initializer';
import { checkInitializerOptions } from './options';
import { sampleNormal, sampleTruncatedNormal, sampleUniform } from './sampling';
import type { Initializer } from './types';
import { formatValue, requireFinite, requirePositive } from './validate';
import { InitializerError } from './errors';

/** Options of {@link randomNormal}. */
export interface RandomNormalOptions {
  /** Mean. Default 0. */
  mean?: number;
  /** Standard deviation, > 0. Default 0.05 (Keras). */
  stddev?: number;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

/**
 * Creates an initializer drawing from N(mean, stddev^2). Any shape.
 * Defaults mean = 0, stddev = 0.05, as Keras `RandomNormal`. PyTorch's
 * `normal_` defaults to stddev = 1 instead.
 */
export function randomNormal(options: RandomNormalOptions = {}): Initializer {
  checkInitializerOptions('randomNormal', options);
  const mean = requireFinite('mean', options.mean ?? 0);
  const stddev = requirePositive('stddev', options.stddev ?? 0.05);

  return defineInitializer({
    name: 'randomNormal',
    options: { mean, stddev },
    seed: options.seed,
    random: true,
    create: (seed) => randomNormal({ ...options, seed }),
    generate: (shape, random) =>
      sampleNormal(product(shape), mean, stddev, random),
  });
}

/** Options of {@link randomUniform}. */
export interface RandomUniformOptions {
  /** Lower bound. Default -0.05 (Keras). */
  minval?: number;
  /** Upper bound, >= minval. Default 0.05 (Keras). */
  maxval?: number;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

/**
 * Creates an initializer drawing from U(minval, maxval). Any shape.
 * Defaults minval = -0.05, maxval = 0.05, as Keras `RandomUniform`. PyTorch's
 * `uniform_` defaults to U(0, 1) instead. An explicit `minval: 0` is kept.
 */
export function randomUniform(options: RandomUniformOptions = {}): Initializer {
  checkInitializerOptions('randomUniform', options);
  const minval = requireFinite('minval', options.minval ?? -0.05);
  const maxval = requireFinite('maxval', options.maxval ?? 0.05);
  if (minval > maxval) {
    throw new InitializerError(
      'INVALID_OPTION',
      `minval must be <= maxval; got minval ${formatValue(minval)} and ` +
        `maxval ${formatValue(maxval)}`,
    );
  }

  return defineInitializer({
    name: 'randomUniform',
    options: { minval, maxval },
    seed: options.seed,
    random: true,
    create: (seed) => randomUniform({ ...options, seed }),
    generate: (shape, random) =>
      sampleUniform(product(shape), minval, maxval, random),
  });
}

/** Options of {@link truncatedNormal}. */
export interface TruncatedNormalOptions {
  /** Mean. Default 0. */
  mean?: number;
  /** Standard deviation of the values after truncation, > 0. Default 0.05. */
  stddev?: number;
  /**
   * Cut-off in standard deviations of the normal before truncation, from
   * 0.001 to 1000. Default 2, as in Keras and TensorFlow.
   */
  bound?: number;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

/** Range of the `bound` option of truncatedNormal, in standard deviations. */
const BOUND_RANGE = { min: 1e-3, max: 1e3 } as const;

// Below the minimum, the density over [-bound, bound] varies by less than
// 1e-6, while sigma = stddev / c(bound) grows without limit (and
// overflows at bound 5e-324). Above the maximum, practically no draw is cut,
// and 2 * bound overflows in c(bound) at bound 1e308.
function requireBound(value: unknown): number {
  const bound = requireFinite('bound', value);
  if (bound < BOUND_RANGE.min || bound > BOUND_RANGE.max) {
    throw new InitializerError(
      'INVALID_OPTION',
      `bound must be between ${BOUND_RANGE.min} and ${BOUND_RANGE.max} ` +
        `standard deviations; got ${formatValue(bound)}. For a smaller ` +
        `bound use randomUniform with maxval = -minval = sqrt(3) * stddev, ` +
        `and for a larger one randomNormal; each gives practically the ` +
        `same distribution`,
    );
  }
  return bound;
}

/**
 * Creates an initializer drawing from a normal truncated to
 * mean +- bound * sigma, with sigma = stddev / c(bound) and
 * c(b) = sqrt(1 - 2 b pdf(b) / (2 cdf(b) - 1)) (c(2) = 0.8796).
 * Dividing by c makes the standard deviation of the values equal to
 * `stddev`. Keras `TruncatedNormal` and tfjs skip this correction, so their
 * values have a standard deviation of only 0.88 * stddev.
 * Any shape. Defaults mean = 0, stddev = 0.05, bound = 2.
 * For bound = 2 and stddev = 0.05, |value - mean| <= 0.1137.
 */
export function truncatedNormal(
  options: TruncatedNormalOptions = {},
): Initializer {
  checkInitializerOptions('truncatedNormal', options);
  const mean = requireFinite('mean', options.mean ?? 0);
  const stddev = requirePositive('stddev', options.stddev ?? 0.05);
  const bound = requireBound(options.bound ?? 2);

  return defineInitializer({
    name: 'truncatedNormal',
    options: { mean, stddev, bound },
    seed: options.seed,
    random: true,
    create: (seed) => truncatedNormal({ ...options, seed }),
    generate: (shape, random) =>
      sampleTruncatedNormal(product(shape), mean, stddev, bound, random),
  });
}
