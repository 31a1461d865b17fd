import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { heNormal, orthogonal } from '@initlab/initializers';
import { toLayersInitializer } from '@initlab/initializers/layers';

const model = tfl.sequential({
  layers: [
    tfl.layers.dense({
      inputShape: [784],
      units: 256,
      activation: 'relu',
      kernelInitializer: toLayersInitializer(heNormal({ seed: 1 })),
    }),
    tfl.layers.dense({
      units: 10,
      kernelInitializer: toLayersInitializer(orthogonal({ seed: 2 })),
    }),
  ],
});
const kernel = model.layers[0].getWeights()[0];
const std = tf.tidy(() => tf.sqrt(tf.moments(kernel).variance).dataSync()[0]);
const expected = Math.sqrt(2 / 784);
console.log('std:', std.toFixed(4), 'expected:', expected.toFixed(4));

// Save into memory and load back: the initializers are part of the JSON.
let artifacts: tf.io.ModelArtifacts | undefined;
await model.save(
  tf.io.withSaveHandler(async (saved) => {
    artifacts = saved;
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
  }),
);
const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
console.log(JSON.stringify(loaded.layers[0].getConfig().kernelInitializer));

const x = tf.ones([1, 784]);
const before = (model.predict(x) as tf.Tensor).dataSync();
const after = (loaded.predict(x) as tf.Tensor).dataSync();
console.log('same predictions:', before.join() === after.join());
