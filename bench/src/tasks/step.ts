/**
 * Measures the training throughput of the classic MLP on one backend with
 * each trainer of `lib/trainers.ts`, alternating the trainers epoch by
 * epoch so that they share the machine's conditions.
 *
 * Arguments: --backend NAME --steps N (steps per epoch) --epochs N (timed
 * epochs per trainer) --trainers LIST.
 */
import { parseArgs } from 'node:util';

import { loadMnist } from '@initlab/mnist/node';

import { useBackend, type BackendName } from '../lib/backends';
import { CLASSIC, toDataset } from '../lib/classic';
import { compareOneStep } from '../lib/layers-check';
import { runTask } from '../lib/task';
import { createTrainer, type Trainer, type TrainerName } from '../lib/trainers';

runTask(async () => {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      steps: { type: 'string', default: '100' },
      epochs: { type: 'string', default: '2' },
      trainers: { type: 'string', default: 'fit,layers' },
    },
  });
  const backend = await useBackend(values.backend as BackendName);
  const steps = Number(values.steps);
  const epochs = Number(values.epochs);
  const names = values.trainers.split(',') as TrainerName[];

  const mnist = await loadMnist({ trainLimit: steps * CLASSIC.batchSize, testLimit: 1 });
  const data = toDataset(mnist.train);
  const layersUpdateError = names.includes('layers') ? await compareOneStep(data) : undefined;

  const trainers = new Map<TrainerName, Trainer>(
    names.map((name) => [name, createTrainer(name, data)]),
  );
  const samplesPerSecond: Record<string, number[]> = {};
  // The first epoch of each trainer warms up the JIT and the backend.
  for (let epoch = 0; epoch <= epochs; epoch++) {
    for (const [name, trainer] of trainers) {
      const seconds = await trainer.runEpoch(epoch);
      if (epoch > 0) (samplesPerSecond[name] ??= []).push(data.count / seconds);
    }
  }
  trainers.forEach((trainer) => trainer.dispose());
  return { backend, steps, batchSize: CLASSIC.batchSize, samplesPerSecond, layersUpdateError };
});
