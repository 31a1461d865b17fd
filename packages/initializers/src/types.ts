import type { Tensor } from '@tensorflow/tfjs-core';

/** A JSON value allowed in an initializer config. */
export type ConfigValue = number | string | boolean;

/**
 * JSON-serializable description of an initializer: its registry name, every
 * option with its default filled in, and the seed when one is set. The fan
 * options `layout`, `depthwise`, `fanIn` and `fanOut` appear only when set.
 */
export interface InitializerConfig {
  readonly name: string;
  readonly seed?: number;
  readonly [option: string]: ConfigValue | undefined;
}

/** Creates weight tensors of a given shape. */
export interface Initializer {
  /** Registry name in camelCase, e.g. 'heNormal'. */
  readonly name: string;
  /**
   * Creates a new float32 tensor of the given shape. Shapes use the tfjs
   * layout: dense kernels are [in, out], conv kernels [h, w, in, out].
   */
  apply(shape: readonly number[]): Tensor;
  /**
   * Returns a copy of this initializer with another seed (undefined means
   * unseeded). Initializers without randomness return themselves.
   */
  withSeed(seed: number | undefined): Initializer;
  /** Returns a config that fromConfig() turns back into an equal initializer. */
  getConfig(): InitializerConfig;
}
