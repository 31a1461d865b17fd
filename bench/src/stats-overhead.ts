// Measures what per-layer statistics cost: one-epoch fits of the classic
// 784-128-10 MLP on the full MNIST with statistics off and on (default
// interval, 100 steps), alternating, on the wasm backend. Prints each
// round and the median ratio of on to off.
//
//   pnpm --filter @initlab/bench exec tsx src/stats-overhead.ts [rounds]
import { createRequire } from 'node:module';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { heNormal } from '@initlab/initializers';
import { createMlp } from '@initlab/mlp';
import { loadMnist } from '@initlab/mnist/node';
import { fit, type Dataset } from '@initlab/train';

const rounds = Number(process.argv[2] ?? 7);
const require = createRequire(import.meta.url);
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
setWasmPaths(path.join(wasmDir, 'dist') + path.sep);
await tf.setBackend('wasm');

const mnist = await loadMnist();
const train: Dataset = {
  x: mnist.train.images,
  y: mnist.train.labels,
  count: mnist.train.count,
  features: 784,
};

async function epochSeconds(withStats: boolean): Promise<number> {
  const model = createMlp({
    inputSize: 784,
    hiddenSizes: [128],
    outputSize: 10,
    kernelInitializer: heNormal(),
    seed: 1,
  });
  const started = performance.now();
  await fit(model, train, {
    epochs: 1,
    batchSize: 128,
    optimizer: { name: 'sgd', learningRate: 0.001 },
    seed: 1,
    stats: withStats ? {} : undefined,
  });
  model.dispose();
  return (performance.now() - started) / 1000;
}

const ratios: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const off = await epochSeconds(false);
  const on = await epochSeconds(true);
  ratios.push(on / off);
  console.log(`round ${round}: off ${off.toFixed(2)} s, on ${on.toFixed(2)} s, on/off ${(on / off).toFixed(3)}`);
}
ratios.sort((a, b) => a - b);
console.log(`median on/off over ${rounds} rounds: ${ratios[Math.floor(rounds / 2)].toFixed(3)}`);
