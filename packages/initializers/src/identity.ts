import type { DeterministicOptions } from './constant';
import { InitializerError } from './errors';
import { product } from './fans';
import { defineInitializer } from './initializer';
import { checkInitializerOptions } from './options';
import { centerOffset } from './orthogonal';
import type { Initializer } from './types';
import {
  formatValue,
  requirePositive,
  requirePositiveInteger,
  requireRank,
} from './validate';

/** Options of {@link identity}. */
export interface IdentityOptions extends DeterministicOptions {
  /** Value on the diagonal, > 0. Default 1. */
  gain?: number;
}

/**
 * Creates an initializer for rank-2 kernels [in, out] that puts `gain` on
 * the main diagonal and 0 elsewhere. Rectangular shapes get a partial
 * identity, as with Keras `Identity` and PyTorch `eye_`. A dense layer then
 * starts as the identity map on its first min(in, out) units. Default
 * gain = 1.
 */
export function identity(options: IdentityOptions = {}): Initializer {
  checkInitializerOptions('identity', options);
  const gain = requirePositive('gain', options.gain ?? 1);

  return defineInitializer({
    name: 'identity',
    options: { gain },
    random: false,
    checkShape: (shape) => requireRank('identity', shape, 2, 2),
    generate: ([rows, cols]) => {
      const values = new Float32Array(rows * cols);
      for (let i = 0; i < Math.min(rows, cols); i++) {
        values[i * cols + i] = gain;
      }
      return values;
    },
  });
}

/** Options of {@link dirac}. */
export interface DiracOptions extends DeterministicOptions {
  /** Number of groups of the convolution, a divisor of out. Default 1. */
  groups?: number;
}

/**
 * Creates PyTorch's `dirac_` for conv kernels [...spatial, in, out] of rank
 * 3 to 5 (conv1d, conv2d, conv3d): 1 at the spatial center where output
 * channel g * out/groups + d meets input channel d, for d < min(out/groups,
 * in), and 0 elsewhere. The convolution then copies its first input
 * channels to its outputs, in each group. Default groups = 1.
 */
export function dirac(options: DiracOptions = {}): Initializer {
  checkInitializerOptions('dirac', options);
  const groups = requirePositiveInteger('groups', options.groups ?? 1);

  return defineInitializer({
    name: 'dirac',
    options: { groups },
    random: false,
    checkShape: (shape) => {
      requireRank('dirac', shape, 3, 5);
      const outChannels = shape[shape.length - 1];
      if (outChannels % groups !== 0) {
        throw new InitializerError(
          'INVALID_SHAPE',
          `dirac: out channels must be divisible by groups ${groups}; ` +
            `got ${formatValue(shape)}`,
        );
      }
    },
    generate: (shape) => {
      const [inChannels, outChannels] = shape.slice(-2);
      const perGroup = outChannels / groups;
      const values = new Float32Array(product(shape));
      const center = centerOffset(shape);
      for (let g = 0; g < groups; g++) {
        for (let d = 0; d < Math.min(perGroup, inChannels); d++) {
          values[center + d * outChannels + g * perGroup + d] = 1;
        }
      }
      return values;
    },
  });
}
