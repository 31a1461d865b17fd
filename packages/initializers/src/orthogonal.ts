import { InitializerError } from './errors';
import { product } from './fans';
import { defineInitializer } from './initializer';
import { orthonormalColumns } from './linalg';
import { checkInitializerOptions } from './options';
import type { Random } from './random';
import type { Initializer } from './types';
import { formatValue, requirePositive, requireRank } from './validate';

/** Options of {@link orthogonal} and {@link deltaOrthogonal}. */
export interface OrthogonalOptions {
  /** Factor on the orthogonal matrix, > 0. Default 1. */
  gain?: number;
  /** Seed that makes the values reproducible. Default unseeded. */
  seed?: number;
}

/**
 * Returns gain * M as a row-major rows x cols array, where M has orthonormal
 * rows (rows <= cols) or orthonormal columns (rows >= cols), drawn
 * uniformly from such matrices.
 */
function randomOrthogonal(
  rows: number,
  cols: number,
  gain: number,
  random: Random,
): Float32Array {
  const tall = Math.max(rows, cols);
  const narrow = Math.min(rows, cols);
  const gaussian = new Float64Array(tall * narrow);
  for (let i = 0; i < gaussian.length; i++) {
    gaussian[i] = random.nextNormal();
  }
  const q = orthonormalColumns(gaussian, tall, narrow);

  // q is column-major tall x narrow, so it is Q^T in row-major order.
  const values = new Float32Array(rows * cols);
  if (rows < cols) {
    for (let i = 0; i < values.length; i++) {
      values[i] = gain * q[i];
    }
    return values;
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      values[i * cols + j] = gain * q[j * rows + i];
    }
  }
  return values;
}

/**
 * Creates an initializer that fills a (semi-)orthogonal matrix times
 * `gain`. Saxe, McClelland and Ganguli, "Exact solutions to the nonlinear
 * dynamics of learning in deep linear neural networks", ICLR 2014.
 *
 * Any rank >= 2: as Keras, the shape is flattened to rows = prod(shape[:-1])
 * and cols = shape[-1], so a conv kernel [h, w, in, out] gets orthonormal
 * columns of length h * w * in when that is >= out. The matrix comes from
 * the Householder QR of a Gaussian matrix with the signs of R's diagonal
 * folded into Q, which makes it uniformly (Haar) distributed. Default
 * gain = 1. Cost O(rows * cols * min(rows, cols)) in JavaScript.
 */
export function orthogonal(options: OrthogonalOptions = {}): Initializer {
  checkInitializerOptions('orthogonal', options);
  const gain = requirePositive('gain', options.gain ?? 1);

  return defineInitializer({
    name: 'orthogonal',
    options: { gain },
    seed: options.seed,
    random: true,
    create: (seed) => orthogonal({ ...options, seed }),
    checkShape: (shape) => requireRank('orthogonal', shape, 2),
    generate: (shape, random) => {
      const cols = shape[shape.length - 1];
      const rows = product(shape.slice(0, -1));
      return randomOrthogonal(rows, cols, gain, random);
    },
  });
}

/** Returns the flat index of the spatial center of a conv kernel. */
export function centerOffset(shape: readonly number[]): number {
  const spatial = shape.slice(0, -2);
  const channels = shape[shape.length - 2] * shape[shape.length - 1];
  let offset = 0;
  for (const size of spatial) {
    offset = offset * size + Math.floor(size / 2);
  }
  return offset * channels;
}

/**
 * Creates the delta-orthogonal initializer for conv kernels
 * [...spatial, in, out] of rank 3 to 5: zero everywhere except the spatial
 * center, which contains gain times an in x out matrix with orthonormal rows.
 * Xiao, Bahri, Sohl-Dickstein, Schoenholz and Pennington, "Dynamical
 * Isometry and a Mean Field Theory of CNNs", ICML 2018. Needs in <= out,
 * so that the convolution is norm-preserving. Default gain = 1.
 */
export function deltaOrthogonal(options: OrthogonalOptions = {}): Initializer {
  checkInitializerOptions('deltaOrthogonal', options);
  const gain = requirePositive('gain', options.gain ?? 1);

  return defineInitializer({
    name: 'deltaOrthogonal',
    options: { gain },
    seed: options.seed,
    random: true,
    create: (seed) => deltaOrthogonal({ ...options, seed }),
    checkShape: (shape) => {
      requireRank('deltaOrthogonal', shape, 3, 5);
      const [inChannels, outChannels] = shape.slice(-2);
      if (inChannels > outChannels) {
        throw new InitializerError(
          'INVALID_SHAPE',
          `deltaOrthogonal: in channels must be <= out channels; got ` +
            `${formatValue(shape)} with in ${inChannels} > out ${outChannels}`,
        );
      }
    },
    generate: (shape, random) => {
      const [inChannels, outChannels] = shape.slice(-2);
      const values = new Float32Array(product(shape));
      const center = randomOrthogonal(inChannels, outChannels, gain, random);
      values.set(center, centerOffset(shape));
      return values;
    },
  });
}
