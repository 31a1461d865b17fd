/**
 * Times `evaluate` of `@initlab/train` on the 10,000 MNIST test images on
 * one backend, with the test set as JavaScript arrays (as `fit` passes it)
 * and as tensors on the backend, at several batch sizes, alternating them.
 *
 * Arguments: --backend NAME --batch-sizes LIST --repeats N.
 */
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import { loadMnist } from '@initlab/mnist/node';
import { evaluate, toDevice, type Dataset, type DeviceDataset } from '@initlab/train';

import { useBackend, type BackendName } from '../lib/backends';
import { createClassicMlp, toDataset } from '../lib/classic';
import { runTask } from '../lib/task';

runTask(async () => {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      'batch-sizes': { type: 'string', default: '2000,10000' },
      repeats: { type: 'string', default: '5' },
    },
  });
  const backend = await useBackend(values.backend as BackendName);
  const batchSizes = values['batch-sizes'].split(',').map(Number);
  const repeats = Number(values.repeats);
  const mnist = await loadMnist({ trainLimit: 1 });
  const host = toDataset(mnist.test);
  const device = toDevice(host);
  const model = createClassicMlp(42);
  const sources: [string, Dataset | DeviceDataset][] = [
    ['arrays', host],
    ['tensors', device],
  ];

  evaluate(model, host, batchSizes[0]);
  const runs: { source: string; batchSize: number; seconds: number[] }[] = [];
  for (const [source] of sources) {
    for (const batchSize of batchSizes) runs.push({ source, batchSize, seconds: [] });
  }
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const run of runs) {
      const data = sources.find(([source]) => source === run.source)![1];
      const started = performance.now();
      evaluate(model, data, run.batchSize);
      run.seconds.push((performance.now() - started) / 1000);
    }
  }
  model.dispose();
  tf.dispose([device.x, device.y]);
  return { backend, count: host.count, runs };
});
