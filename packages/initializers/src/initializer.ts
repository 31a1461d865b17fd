import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

import { InitializerError } from './errors';
import { product } from './fans';
import { createRandom, drawSeed } from './random';
import type { Random } from './random';
import type { ConfigValue, Initializer, InitializerConfig } from './types';
import {
  requireElementCount,
  requireSeed,
  validateShape,
} from './validate';

/** Options of an initializer after validation, with defaults filled in. */
export type ResolvedOptions = Record<string, ConfigValue>;

/** What an initializer adds to the shared apply/withSeed/getConfig logic. */
export interface InitializerSpec<Options extends ResolvedOptions> {
  name: string;
  options: Options;
  /** Undefined for unseeded random initializers and for deterministic ones. */
  seed?: number;
  /** False for initializers without randomness, which ignore seeds. */
  random: boolean;
  /** Rebuilds the initializer with another seed (random initializers only). */
  create?: (seed: number | undefined) => Initializer;
  /** Throws INVALID_SHAPE for shapes this initializer does not support. */
  checkShape?: (shape: readonly number[]) => void;
  /** Returns prod(shape) values in row-major order. */
  generate: (shape: readonly number[], random: Random) => Float32Array;
}

/**
 * Throws unless every value is finite in float32, so that options such as
 * constant({ value: 1e39 }) fail here instead of as Infinity weights.
 */
function requireFloat32(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(Math.fround(values[i]))) {
      throw new InitializerError(
        'INVALID_OPTION',
        `${name} produced ${values[i]} at index ${i}, which float32 cannot hold; keep values within about 3.4e38`,
      );
    }
  }
}

/**
 * Builds an Initializer from a spec. apply() validates the shape and
 * rejects one of more than MAX_ELEMENTS elements. It returns an empty
 * tensor for a zero-size shape, and otherwise one float32 tensor of values
 * computed in JavaScript, so the result is the same on every backend and no
 * intermediate tensor is allocated.
 */
export function defineInitializer<Options extends ResolvedOptions>(
  spec: InitializerSpec<Options>,
): Initializer {
  const seed = spec.random ? requireSeed(spec.seed) : undefined;

  const initializer: Initializer = {
    name: spec.name,
    apply(shape: readonly number[]): Tensor {
      const dims = validateShape(spec.name, shape);
      requireElementCount(spec.name, dims);
      spec.checkShape?.(dims);
      if (product(dims) === 0) {
        return tf.zeros(dims);
      }
      const random = createRandom(seed ?? drawSeed());
      const values = spec.generate(dims, random);
      requireFloat32(spec.name, values);
      return tf.tensor(values, dims, 'float32');
    },
    withSeed(newSeed: number | undefined): Initializer {
      requireSeed(newSeed);
      if (!spec.random || spec.create === undefined) {
        return initializer;
      }
      return spec.create(newSeed);
    },
    getConfig(): InitializerConfig {
      const config = { name: spec.name, ...spec.options };
      return seed === undefined ? config : { ...config, seed };
    },
  };
  return initializer;
}
