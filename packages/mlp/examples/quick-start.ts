import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { heNormal } from '@initlab/initializers';
import { createMlp, predictSignalPropagation } from '@initlab/mlp';

await tf.setBackend('cpu');
const model = createMlp({
  inputSize: 784,
  hiddenSizes: [256, 256, 256],
  outputSize: 10,
  activation: 'relu',
  kernelInitializer: heNormal(),
  seed: 42,
});

const x = tf.randomNormal([512, 784], 0, 1, 'float32', 7) as tf.Tensor2D;
const labels = tf.tensor1d(Array.from({ length: 512 }, (_, i) => i % 10), 'int32');
const { loss, grads } = model.computeGradients(x, labels);
console.log(`loss ${loss.dataSync()[0].toFixed(3)}, ${Object.keys(grads).length} gradients`);

// Measured activation std per hidden layer next to the mean-field prediction.
const pass = model.forward(x);
const predicted = predictSignalPropagation(
  1,
  model.layers.slice(0, -1).map((layer) => ({
    fanIn: layer.kernel.shape[0] as number,
    weightSecondMoment: tf.mean(tf.square(layer.kernel)).dataSync()[0],
    activation: 'relu',
  })),
);
predicted.forEach((prediction, i) => {
  const measured = tf.sqrt(tf.moments(pass.activations[i]).variance).dataSync()[0];
  console.log(`layer ${i + 1}: std ${measured.toFixed(3)}, predicted ${prediction.activationStd.toFixed(3)}`);
});
model.dispose();
