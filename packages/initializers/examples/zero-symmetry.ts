import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { constant, heNormal } from '@initlab/initializers';

// Two hidden units that start equal get equal gradients, so they stay equal.
function hiddenGradients(w1: tf.Tensor2D): number[][] {
  const x = tf.tensor2d([[0.2, -0.4, 0.6]]);
  const w2 = tf.tensor2d([[1], [1]]);
  const grad = tf.grad((w: tf.Tensor) =>
    tf.sum(tf.matMul(tf.tanh(tf.matMul(x, w as tf.Tensor2D)), w2)),
  )(w1);
  const transposed = tf.transpose(grad);
  const columns = transposed.arraySync() as number[][];
  tf.dispose([x, w2, grad, transposed]);
  return columns.map((column) => column.map((value) => +value.toFixed(3)));
}

const same = constant({ value: 0.1 }).apply([3, 2]) as tf.Tensor2D;
const random = heNormal({ seed: 5 }).apply([3, 2]) as tf.Tensor2D;
console.log('constant:', JSON.stringify(hiddenGradients(same)));
console.log('heNormal:', JSON.stringify(hiddenGradients(random)));
tf.dispose([same, random]);
