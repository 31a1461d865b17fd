import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { lsuv, randomNormal } from '@initlab/initializers';

// A 6-layer tanh MLP with what lsuv() needs: kernels as variables and a
// forward pass that returns every pre-activation. Mlp of @initlab/mlp has
// both.
const sizes = [64, 128, 128, 128, 128, 128, 10];
const layers = sizes.slice(1).map((units, i) => ({
  kernel: tf.variable(randomNormal({ seed: i }).apply([sizes[i], units])),
}));
const model = {
  layers,
  forward(x: tf.Tensor) {
    const preActivations: tf.Tensor[] = [];
    let input = x as tf.Tensor2D;
    for (const { kernel } of layers) {
      const z: tf.Tensor2D = tf.matMul(input, kernel);
      preActivations.push(z);
      input = tf.tanh(z);
    }
    return { preActivations };
  },
};

// Variance of each layer's pre-activations on the batch.
const batch = randomNormal({ stddev: 3, seed: 99 }).apply([256, 64]);
const variances = () =>
  tf.tidy(() =>
    model
      .forward(batch)
      .preActivations.map((z) => tf.moments(z).variance.dataSync()[0]),
  );

console.log('before:', variances().map((v) => v.toFixed(3)).join(' '));
const reports = lsuv(model, batch, { seed: 1 });
console.log('after: ', variances().map((v) => v.toFixed(3)).join(' '));
console.log('rescalings:', reports.map((r) => r.iterations).join(' '));
