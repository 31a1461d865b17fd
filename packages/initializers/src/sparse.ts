import { InitializerError } from './errors';
import { defineInitializer } from './initializer';
import { checkInitializerOptions } from './options';
import { sampleNormal } from './sampling';
import type { Initializer } from './types';
import { formatValue, requirePositive, requireRank } from './validate';

/** Options of {@link sparse}. */
export interface SparseOptions {
  /** Fraction of each column set to zero, in [0, 1). Required. */
  sparsity?: number;
  /** Standard deviation of the non-zero values, > 0. Default 0.01. */
  stddev?: number;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

function requireSparsity(value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new InitializerError(
      'INVALID_OPTION',
      `sparsity must be a number in [0, 1); got ${formatValue(value)}`,
    );
  }
  return value;
}

/**
 * Creates a sparse initializer for rank-2 kernels [in, out]: values from
 * N(0, stddev^2), then in each column ceil(sparsity * in) entries, picked
 * at random, set to 0. Martens, "Deep learning via Hessian-free
 * optimization", ICML 2010, which limits the incoming connections of each
 * unit. A column of a tfjs kernel contains the incoming weights of one output
 * unit. PyTorch's `sparse_` zeros the columns of its [out, in] layout, i.e.
 * the outgoing weights of each input unit, instead.
 * Default stddev = 0.01 (PyTorch). `sparsity` has no default.
 */
export function sparse(options: SparseOptions = {}): Initializer {
  checkInitializerOptions('sparse', options);
  const sparsity = requireSparsity(options.sparsity);
  const stddev = requirePositive('stddev', options.stddev ?? 0.01);

  return defineInitializer({
    name: 'sparse',
    options: { sparsity, stddev },
    seed: options.seed,
    random: true,
    create: (seed) => sparse({ ...options, seed }),
    checkShape: (shape) => requireRank('sparse', shape, 2, 2),
    generate: ([rows, cols], random) => {
      const values = sampleNormal(rows * cols, 0, stddev, random);
      const zerosPerColumn = Math.ceil(sparsity * rows);
      const order = new Int32Array(rows);
      for (let j = 0; j < cols; j++) {
        for (let i = 0; i < rows; i++) {
          order[i] = i;
        }
        // Partial Fisher-Yates shuffle: the first zerosPerColumn entries of
        // `order` become a uniform random subset of the rows.
        for (let i = 0; i < zerosPerColumn; i++) {
          const pick = i + Math.floor(random.nextFloat() * (rows - i));
          [order[i], order[pick]] = [order[pick], order[i]];
          values[order[i] * cols + j] = 0;
        }
      }
      return values;
    },
  });
}
