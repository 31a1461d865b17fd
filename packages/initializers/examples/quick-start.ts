import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { heNormal } from '@initlab/initializers';

// A dense kernel in the tfjs layout [in, out]: fanIn = 784.
const kernel = heNormal({ seed: 42 }).apply([784, 256]);
const std = tf.tidy(() => tf.sqrt(tf.moments(kernel).variance).dataSync()[0]);

console.log('shape:', kernel.shape.join('x'));
console.log('std:', std.toFixed(4), 'expected:', Math.sqrt(2 / 784).toFixed(4));
console.log('first values:', Array.from(kernel.dataSync().slice(0, 3)));
kernel.dispose();
