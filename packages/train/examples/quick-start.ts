import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { heNormal } from '@initlab/initializers';
import { createMlp } from '@initlab/mlp';
import { loadMnist } from '@initlab/mnist/node';
import { fit } from '@initlab/train';

await tf.setBackend('cpu');
const mnist = await loadMnist({ trainLimit: 5000 });
const toDataset = (split: typeof mnist.train) => ({
  x: split.images,
  y: split.labels,
  count: split.count,
  features: split.rows * split.cols,
});

const model = createMlp({
  inputSize: 784,
  hiddenSizes: [64],
  outputSize: 10,
  kernelInitializer: heNormal(),
  seed: 42,
});
const history = await fit(model, toDataset(mnist.train), {
  epochs: 2,
  batchSize: 64,
  optimizer: { name: 'adam', learningRate: 0.001 },
  test: toDataset(mnist.test),
  seed: 42,
  stats: { interval: 50 },
});

for (const { epoch, trainLoss, testAccuracy } of history.epochs) {
  const accuracy = (testAccuracy * 100).toFixed(2);
  console.log(`epoch ${epoch}: train loss ${trainLoss.toFixed(3)}, test accuracy ${accuracy}%`);
}
console.log(`verdict: ${history.verdict?.healthy ? 'healthy' : 'unhealthy'}`);
model.dispose();
