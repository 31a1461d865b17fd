import { product } from './fans';
import { defineInitializer } from './initializer';
import { checkInitializerOptions } from './options';
import type { Initializer } from './types';
import { requireFinite } from './validate';

/**
 * Options of the initializers without randomness. They take a seed and
 * ignore it, as their withSeed() does, so that code can pass one seed to
 * any initializer.
 */
export interface DeterministicOptions {
  /** Ignored, but it must be a safe integer or undefined. */
  seed?: number;
}

/** Options of {@link constant}. */
export interface ConstantOptions extends DeterministicOptions {
  /** Value of every element. Default 0. */
  value?: number;
}

function constantNamed(name: string, value: number): Initializer {
  return defineInitializer({
    name,
    options: name === 'constant' ? { value } : {},
    random: false,
    generate: (shape) => new Float32Array(product(shape)).fill(value),
  });
}

/**
 * Creates an initializer that fills every element with `value` (default 0).
 * Any shape and rank. Used for biases and normalization offsets. Every unit
 * of a layer whose weights are all equal computes the same function and
 * receives the same gradient, so a constant never breaks symmetry.
 */
export function constant(options: ConstantOptions = {}): Initializer {
  checkInitializerOptions('constant', options);
  return constantNamed('constant', requireFinite('value', options.value ?? 0));
}

/**
 * Creates an initializer that fills every element with 0. Any shape. The
 * usual bias init. As a weight init it never breaks symmetry: units with the
 * same incoming weights get the same gradients under any optimizer.
 */
export function zeros(options: DeterministicOptions = {}): Initializer {
  checkInitializerOptions('zeros', options);
  return constantNamed('zeros', 0);
}

/** Creates an initializer that fills every element with 1. Any shape. */
export function ones(options: DeterministicOptions = {}): Initializer {
  checkInitializerOptions('ones', options);
  return constantNamed('ones', 1);
}
