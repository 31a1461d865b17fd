import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  InitializerError,
  heNormal,
  kaimingNormal,
  varianceScaling,
} from '@initlab/initializers';
import type { Initializer } from '@initlab/initializers';

function printStd(init: Initializer, shape: number[], fanIn: number): void {
  const kernel = init.apply(shape);
  const std = tf.tidy(() => tf.sqrt(tf.moments(kernel).variance).dataSync()[0]);
  kernel.dispose();
  const expected = Math.sqrt(2 / fanIn);
  console.log('std:', std.toFixed(4), 'expected:', expected.toFixed(4));
}

// A PyTorch conv weight [out, in, h, w]: fanIn = 64 * 3 * 3.
printStd(kaimingNormal({ layout: 'torch', seed: 1 }), [128, 64, 3, 3], 576);

// A depthwise kernel [h, w, in, multiplier]: each output reads 3 * 3 inputs.
const depthwise = varianceScaling({ scale: 2, depthwise: true, seed: 2 });
printStd(depthwise, [3, 3, 512, 2], 9);
console.log(JSON.stringify(depthwise.getConfig()));

// Options go in an object, so a misspelled key or a bare seed throws.
for (const options of [{ sed: 42 }, 42]) {
  try {
    heNormal(options as never);
  } catch (error) {
    if (error instanceof InitializerError) {
      console.log(error.code, error.message);
    }
  }
}
