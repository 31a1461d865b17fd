import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  heNormal,
  kaimingNormal,
  orthogonal,
  varianceScaling,
  zeros,
} from './index';
import {
  LAYERS_CLASS_NAME,
  registerLayersInitializers,
  toLayersInitializer,
} from './layers';
import { CATALOGUE } from './testing/catalogue';
import { errorOf, expectDistribution } from './testing/checks';
import { take, useCpuBackend } from './testing/stats';
import type { Initializer } from './types';

beforeAll(useCpuBackend);

/** Saves a model into memory and loads it back with tf.loadLayersModel. */
async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
        },
      };
    }),
  );
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
}

/** Reads the kernel of a layer, the first of its weights. */
function kernelOf(layer: tfl.layers.Layer): Float32Array {
  return layer.getWeights()[0].dataSync() as Float32Array;
}

/**
 * Creates a one-layer model whose kernel has `shape` in the tfjs layout:
 * dense for [in, out], conv1d for [k, in, out], conv2d for [h, w, in, out].
 */
function singleLayerModel(
  shape: number[],
  initializer: Initializer,
): tfl.Sequential {
  const kernelInitializer = toLayersInitializer(initializer);
  const filters = shape[shape.length - 1];
  const channels = shape[shape.length - 2];
  let layer: tfl.layers.Layer;
  if (shape.length === 2) {
    layer = tfl.layers.dense({
      inputShape: [channels],
      units: filters,
      kernelInitializer,
    });
  } else if (shape.length === 3) {
    layer = tfl.layers.conv1d({
      inputShape: [8, channels],
      filters,
      kernelSize: shape[0],
      kernelInitializer,
    });
  } else {
    layer = tfl.layers.conv2d({
      inputShape: [8, 8, channels],
      filters,
      kernelSize: [shape[0], shape[1]],
      kernelInitializer,
    });
  }
  return tfl.sequential({ layers: [layer] });
}

describe('toLayersInitializer', () => {
  it('gives a dense kernel the std of heNormal', () => {
    const layer = tfl.layers.dense({
      inputShape: [784],
      units: 256,
      kernelInitializer: toLayersInitializer(heNormal({ seed: 3 })),
    });
    tfl.sequential({ layers: [layer] });
    const kernel = layer.getWeights()[0];

    expect(kernel.shape).toEqual([784, 256]);
    expectDistribution(kernel.dataSync() as Float32Array, {
      kind: 'truncatedNormal',
      mean: 0,
      std: Math.sqrt(2 / 784),
      bound: 2,
    });
  });

  it('uses fanIn h * w * in for a conv2d kernel', () => {
    const layer = tfl.layers.conv2d({
      inputShape: [16, 16, 32],
      filters: 64,
      kernelSize: 3,
      kernelInitializer: toLayersInitializer(kaimingNormal({ seed: 4 })),
    });
    tfl.sequential({ layers: [layer] });
    const kernel = layer.getWeights()[0];

    expect(kernel.shape).toEqual([3, 3, 32, 64]);
    expectDistribution(kernel.dataSync() as Float32Array, {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(2 / (3 * 3 * 32)),
    });
  });

  it('passes the shape from tfjs-layers unchanged', () => {
    const init = orthogonal({ seed: 5 });
    const model = singleLayerModel([40, 30], init);
    const expected = take(init.apply([40, 30]));
    expect(kernelOf(model.layers[0])).toEqual(expected);
  });

  it('serializes under the class InitlabInitializer', () => {
    const init = kaimingNormal({ mode: 'fanOut', seed: 6 });
    const adapter = toLayersInitializer(init);
    expect(adapter.getClassName()).toBe('InitlabInitializer');
    expect(LAYERS_CLASS_NAME).toBe('InitlabInitializer');
    expect(adapter.getConfig()).toEqual(init.getConfig());
    expect(adapter.initializer).toBe(init);
  });

  it('loads after registerLayersInitializers', async () => {
    const model = singleLayerModel([4, 3], heNormal({ seed: 15 }));
    const classNames = tf.serialization.SerializationMap.getMap().classNameMap;
    // Removing the entry simulates a fresh process that only loads.
    delete classNames[LAYERS_CLASS_NAME];

    await expect(roundTrip(model)).rejects.toThrow(
      /^Unknown initializer: InitlabInitializer\./,
    );
    registerLayersInitializers();
    const loaded = await roundTrip(model);
    expect(kernelOf(loaded.layers[0])).toEqual(kernelOf(model.layers[0]));
  });

  it('is registered with tfjs serialization', () => {
    registerLayersInitializers();
    registerLayersInitializers();
    const entry =
      tf.serialization.SerializationMap.getMap().classNameMap[
        LAYERS_CLASS_NAME
      ];
    expect(entry).toBeDefined();
    const [, fromConfig] = entry;
    const config = { ...heNormal({ seed: 7 }).getConfig() };
    const rebuilt = fromConfig(entry[0], {
      ...config,
      customObjects: {},
    }) as ReturnType<typeof toLayersInitializer>;
    expect(rebuilt.initializer.getConfig()).toEqual(config);
  });

  it('leaks no tensors', () => {
    const adapter = toLayersInitializer(heNormal({ seed: 8 }));
    const before = tf.memory().numTensors;
    adapter.apply([6, 4]).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a value that is not an initializer', () => {
    const error = errorOf(() =>
      toLayersInitializer({ name: 'heNormal' } as unknown as Initializer),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      'initializer must be an initializer of @initlab/initializers, with ' +
        'apply() and getConfig(); got {"name":"heNormal"}',
    );
  });

  it('rejects an initializer whose config does not rebuild it', () => {
    const custom: Initializer = {
      ...zeros(),
      name: 'myZeros',
      getConfig: () => ({ name: 'myZeros' }),
    };
    const error = errorOf(() => toLayersInitializer(custom));
    expect(error.code).toBe('UNKNOWN_INITIALIZER');
    expect(error.message).toMatch(/^Unknown initializer 'myZeros'/);
  });

  it('rejects a dtype other than float32', () => {
    const adapter = toLayersInitializer(heNormal({ seed: 9 }));
    const error = errorOf(() => adapter.apply([2, 2], 'int32'));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe("dtype must be 'float32'; got 'int32'");
  });
});

describe('model.save and tf.loadLayersModel', () => {
  function createModel(): tfl.Sequential {
    return tfl.sequential({
      layers: [
        tfl.layers.dense({
          inputShape: [20],
          units: 32,
          activation: 'relu',
          kernelInitializer: toLayersInitializer(heNormal({ seed: 10 })),
        }),
        tfl.layers.dense({
          units: 16,
          activation: 'tanh',
          kernelInitializer: toLayersInitializer(
            kaimingNormal({ mode: 'fanOut', nonlinearity: 'tanh', seed: 11 }),
          ),
          biasInitializer: toLayersInitializer(zeros()),
        }),
        tfl.layers.dense({
          units: 4,
          kernelInitializer: toLayersInitializer(orthogonal({ seed: 12 })),
        }),
      ],
    });
  }

  it('keeps the config of every layer', async () => {
    const model = createModel();
    const loaded = await roundTrip(model);
    expect(loaded.toJSON(null, false)).toEqual(model.toJSON(null, false));
    const second = loaded.layers[1].getConfig();
    expect(second.kernelInitializer).toEqual({
      className: 'InitlabInitializer',
      config: {
        name: 'kaimingNormal',
        a: 0,
        mode: 'fanOut',
        nonlinearity: 'tanh',
        seed: 11,
      },
    });
  });

  it('keeps every weight', async () => {
    const model = createModel();
    const loaded = await roundTrip(model);
    const original = model.getWeights().map((weight) => weight.dataSync());
    const restored = loaded.getWeights().map((weight) => weight.dataSync());
    expect(restored).toEqual(original);
  });

  it('predicts identically after loading', async () => {
    const model = createModel();
    const loaded = await roundTrip(model);
    const x = tf.randomNormal([8, 20], 0, 1, 'float32', 13);
    const expected = take(model.predict(x) as tf.Tensor);
    const actual = take(loaded.predict(x) as tf.Tensor);
    x.dispose();
    expect(actual).toEqual(expected);
  });

  // Keras JSON stores string values in snake_case and tfjs-layers converts
  // them back to camelCase, so 'fanOut' and 'leaky_relu' must survive both.
  const LAYER_ENTRIES = CATALOGUE.filter((entry) =>
    [2, 3, 4].includes(entry.shape.length),
  );

  it.each(LAYER_ENTRIES)('keeps the config of $factory', async (entry) => {
    const init = entry.create(14);
    const model = singleLayerModel(entry.shape, init);
    const loaded = await roundTrip(model);
    const config = loaded.layers[0].getConfig().kernelInitializer;
    expect(config).toEqual({
      className: 'InitlabInitializer',
      config: init.getConfig(),
    });
    expect(kernelOf(loaded.layers[0])).toEqual(kernelOf(model.layers[0]));
  });
});

describe('fan options in tfjs-layers', () => {
  it('set depthwise fans and survive loading', async () => {
    // depthwiseConv2d creates the kernel [h, w, in, multiplier] =
    // [5, 5, 64, 4], so each output reads 25 inputs.
    const init = varianceScaling({
      scale: 2,
      mode: 'fanIn',
      distribution: 'normal',
      depthwise: true,
      seed: 17,
    });
    const model = tfl.sequential({
      layers: [
        tfl.layers.depthwiseConv2d({
          inputShape: [8, 8, 64],
          kernelSize: 5,
          depthMultiplier: 4,
          depthwiseInitializer: toLayersInitializer(init),
        }),
        tfl.layers.flatten(),
        tfl.layers.dense({
          units: 3,
          kernelInitializer: toLayersInitializer(
            varianceScaling({
              mode: 'fanOut',
              fanIn: 30,
              fanOut: 40,
              seed: 18,
            }),
          ),
        }),
      ],
    });
    const kernel = model.layers[0].getWeights()[0];
    expect(kernel.shape).toEqual([5, 5, 64, 4]);
    expectDistribution(kernel.dataSync() as Float32Array, {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(2 / 25),
    });

    const loaded = await roundTrip(model);
    expect(loaded.toJSON(null, false)).toEqual(model.toJSON(null, false));
    expect(loaded.layers[0].getConfig().depthwiseInitializer).toEqual({
      className: 'InitlabInitializer',
      config: init.getConfig(),
    });
    expect(loaded.layers[2].getConfig().kernelInitializer).toEqual({
      className: 'InitlabInitializer',
      config: {
        name: 'varianceScaling',
        scale: 1,
        mode: 'fanOut',
        distribution: 'truncatedNormal',
        fanIn: 30,
        fanOut: 40,
        seed: 18,
      },
    });
    expect(kernelOf(loaded.layers[0])).toEqual(kernelOf(model.layers[0]));
  });
});
