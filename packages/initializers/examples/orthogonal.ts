import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { orthogonal } from '@initlab/initializers';

// A tall kernel gets orthonormal columns: W^T W = I.
const w = orthogonal({ seed: 3 }).apply([6, 4]);
const error = tf.tidy(() => {
  const gram = tf.matMul(w, w, true, false);
  return tf.max(tf.abs(tf.sub(gram, tf.eye(4)))).dataSync()[0];
});
w.dispose();
console.log('max |W^T W - I| < 1e-6:', error < 1e-6);
