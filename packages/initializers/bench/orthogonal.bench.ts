import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { bench, describe } from 'vitest';

import { orthogonal } from '../src/index';

const options = { iterations: 3, warmupIterations: 1, time: 0, warmupTime: 0 };

describe('orthogonal on the cpu backend', () => {
  for (const size of [256, 512, 1024]) {
    bench(
      `[${size}, ${size}]`,
      async () => {
        await tf.setBackend('cpu');
        orthogonal({ seed: 1 }).apply([size, size]).dispose();
      },
      options,
    );
  }
});
