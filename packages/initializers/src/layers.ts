import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  InitializerError,
  fromConfig,
  type Initializer,
  type InitializerConfig,
} from '@initlab/initializers';

/**
 * Type of the `Initializer` class of tfjs-layers, which tfjs-layers 4.22
 * does not export by name.
 */
export type LayersInitializer = ReturnType<typeof tfl.initializers.ones>;

/** A tfjs-layers initializer that delegates to one of this package's. */
export interface LayersInitializerAdapter extends LayersInitializer {
  /** The wrapped initializer, which creates every value. */
  readonly initializer: Initializer;
}

/**
 * Class name under which the adapter is serialized in a model's JSON and
 * registered with tfjs-layers. Saved models depend on it, so it never
 * changes.
 */
export const LAYERS_CLASS_NAME = 'InitlabInitializer';

/** Package name passed to `tf.serialization.registerClass`. */
const LAYERS_PACKAGE = 'initlab';

type AdapterClass =
  tf.serialization.SerializableConstructor<LayersInitializerAdapter>;

let adapterClass: AdapterClass | undefined;

/**
 * Returns the base class of every tfjs-layers initializer. tfjs-layers 4.22
 * checks `instanceof` that class when a layer receives an initializer
 * object, and `Zeros` extends it directly.
 */
function findLayersInitializerBase(): abstract new () => LayersInitializer {
  const zeros = tfl.initializers.zeros();
  const base: unknown = Object.getPrototypeOf(zeros.constructor);
  const valid =
    typeof base === 'function' &&
    zeros instanceof base &&
    typeof base.prototype.fromConfigUsesCustomObjects === 'function';
  if (!valid) {
    // NOTE: Tested with tfjs-layers 4.22 only. A later major version may
    // change this class hierarchy.
    throw new Error(
      'Failed to find the Initializer class of @tensorflow/tfjs-layers: ' +
        'initializers.zeros() does not extend it. Install ' +
        '@tensorflow/tfjs-layers ^4.22.0.',
    );
  }
  return base as abstract new () => LayersInitializer;
}

function createAdapterClass(): AdapterClass {
  const Base = findLayersInitializerBase();

  class InitlabInitializer extends Base implements LayersInitializerAdapter {
    static readonly className = LAYERS_CLASS_NAME;
    readonly initializer: Initializer;

    constructor(initializer: Initializer) {
      super();
      this.initializer = initializer;
    }

    /**
     * Creates the weights of a layer. tfjs-layers passes its own kernel
     * shape, [in, out] for dense and [h, w, in, out] for conv2d, which is
     * the layout that this package's initializers assume.
     */
    apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
      if (dtype !== undefined && dtype !== 'float32') {
        throw new InitializerError(
          'INVALID_OPTION',
          `dtype must be 'float32'; got '${dtype}'`,
        );
      }
      return this.initializer.apply(shape);
    }

    override getConfig(): tf.serialization.ConfigDict {
      const config: tf.serialization.ConfigDict = {};
      for (const [key, value] of Object.entries(this.initializer.getConfig())) {
        if (value !== undefined) {
          config[key] = value;
        }
      }
      return config;
    }

    /** Rebuilds the adapter from a config that getConfig() returned. */
    static fromConfig(
      _cls: unknown,
      config: tf.serialization.ConfigDict,
    ): InitlabInitializer {
      // tfjs-layers adds its table of custom objects to every config that it
      // deserializes, and no initializer takes that option.
      const { customObjects: _customObjects, ...initializerConfig } = config;
      const initializer = fromConfig(initializerConfig as InitializerConfig);
      return new InitlabInitializer(initializer);
    }
  }

  return InitlabInitializer;
}

/**
 * Registers the adapter class with `tf.serialization.registerClass`, so that
 * `tf.loadLayersModel` can rebuild the initializers of a saved model. Call it
 * before loading a model in a process that has not yet called
 * {@link toLayersInitializer}, which registers on its first call. Calling it
 * again registers the same class again, which changes nothing.
 */
export function registerLayersInitializers(): void {
  adapterClass ??= createAdapterClass();
  tf.serialization.registerClass(adapterClass, LAYERS_PACKAGE);
}

function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isInitializer(value: unknown): value is Initializer {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Initializer).apply === 'function' &&
    typeof (value as Initializer).getConfig === 'function'
  );
}

/**
 * Wraps an initializer of this package as a tfjs-layers `Initializer`, for
 * the `kernelInitializer` or `biasInitializer` of a tfjs-layers layer. The
 * adapter serializes as `{ className: 'InitlabInitializer', config }` with
 * the initializer's own config, so a model that uses it survives
 * `model.save` and `tf.loadLayersModel`. The first call registers the
 * adapter class, see {@link registerLayersInitializers}.
 *
 * A seeded initializer gives equal values to equal shapes, so give each
 * layer its own seed with `withSeed`.
 *
 * Throws InitializerError 'INVALID_OPTION' if `initializer` has no `apply`
 * or `getConfig`, and fromConfig's errors if its config does not rebuild it,
 * which would make a saved model impossible to load.
 *
 * @example
 * ```ts
 * tf.layers.dense({
 *   units: 256,
 *   kernelInitializer: toLayersInitializer(heNormal({ seed: 1 })),
 * });
 * ```
 */
export function toLayersInitializer(
  initializer: Initializer,
): LayersInitializerAdapter {
  if (!isInitializer(initializer)) {
    throw new InitializerError(
      'INVALID_OPTION',
      `initializer must be an initializer of @initlab/initializers, with ` +
        `apply() and getConfig(); got ${describeValue(initializer)}`,
    );
  }
  // Fails now for a config that tf.loadLayersModel could not rebuild later.
  fromConfig(initializer.getConfig());

  if (adapterClass === undefined) {
    registerLayersInitializers();
  }
  const Adapter = adapterClass as AdapterClass;
  return new Adapter(initializer);
}
