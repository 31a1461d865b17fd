import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '@initlab/train';

import { CLASSIC, createClassicMlp } from './classic';
import { createLayersModel } from './trainers';

/**
 * Takes one SGD step on the same batch from the same weights with
 * `@initlab/mlp` and with tfjs-layers, and returns the largest difference
 * between the two weight updates relative to the largest update. A small
 * value shows that both train the same network with the same loss, and
 * that tfjs-layers found a gradient for every kernel it needs.
 */
export async function compareOneStep(data: Dataset): Promise<number> {
  const mlp = createClassicMlp(7);
  const layers = createLayersModel();
  const optimizer = tf.train.sgd(CLASSIC.learningRate);
  const before = mlp.trainableVariables.map((variable) => tf.clone(variable));
  layers.setWeights(before);

  const count = CLASSIC.batchSize;
  const x = tf.tensor2d(data.x.subarray(0, count * data.features), [count, data.features]);
  const labels = tf.tensor1d(Int32Array.from(data.y.subarray(0, count)), 'int32');
  const layerLabels = tf.cast(labels, 'float32');
  const { loss, grads } = mlp.computeGradients(x, labels);
  optimizer.applyGradients(grads);
  await layers.trainOnBatch(x, layerLabels);

  const layerWeights = layers.getWeights();
  let largestUpdate = 0;
  let largestDifference = 0;
  mlp.trainableVariables.forEach((variable, i) => {
    const start = before[i].dataSync();
    const ours = variable.dataSync();
    const theirs = layerWeights[i].dataSync();
    for (let j = 0; j < start.length; j++) {
      const update = ours[j] - start[j];
      largestUpdate = Math.max(largestUpdate, Math.abs(update));
      largestDifference = Math.max(largestDifference, Math.abs(update - (theirs[j] - start[j])));
    }
  });

  tf.dispose([x, labels, layerLabels, loss, ...Object.values(grads), ...before]);
  mlp.dispose();
  layers.dispose();
  optimizer.dispose();
  return largestDifference / largestUpdate;
}
