/**
 * Profiles the training step of `@initlab/train` on one backend: the wall
 * time of each phase (copying the batch into tensors, computing the
 * gradients, applying them, reading the loss) and the time of each tfjs
 * kernel.
 *
 * Arguments: --backend NAME --steps N.
 */
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import { loadMnist } from '@initlab/mnist/node';
import { Rng, gatherBatch, shuffleInPlace } from '@initlab/train';

import { useBackend, type BackendName } from '../lib/backends';
import { CLASSIC, createClassicMlp, toDataset } from '../lib/classic';
import { median } from '../lib/stats';
import { runTask } from '../lib/task';

const PHASES = ['batch', 'gradients', 'update', 'loss read'] as const;

runTask(async () => {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      steps: { type: 'string', default: '100' },
    },
  });
  const backend = await useBackend(values.backend as BackendName);
  const steps = Number(values.steps);
  const mnist = await loadMnist({ testLimit: 1 });
  const data = toDataset(mnist.train);
  const model = createClassicMlp(42);
  const optimizer = tf.train.sgd(CLASSIC.learningRate);
  const order = shuffleInPlace(Int32Array.from({ length: data.count }, (_, i) => i), new Rng(1));
  const batchIndices = (step: number) => {
    const first = (step * CLASSIC.batchSize) % (data.count - CLASSIC.batchSize);
    return order.subarray(first, first + CLASSIC.batchSize);
  };

  // The same operations as trainStep in @initlab/train, one phase at a time.
  const phaseSeconds: Record<string, number[]> = Object.fromEntries(
    PHASES.map((phase) => [phase, []]),
  );
  let lossSum = tf.scalar(0);
  const runStep = (step: number, record: boolean) => {
    const times = [performance.now()];
    const { x, labels } = gatherBatch(data, batchIndices(step));
    times.push(performance.now());
    const { loss, grads } = model.computeGradients(x, labels);
    times.push(performance.now());
    optimizer.applyGradients(grads);
    times.push(performance.now());
    const next = tf.tidy(() => tf.add(lossSum, tf.mul(loss, CLASSIC.batchSize))) as tf.Scalar;
    next.dataSync();
    times.push(performance.now());
    tf.dispose([x, labels, loss, lossSum, ...Object.values(grads)]);
    lossSum = next;
    if (record) {
      PHASES.forEach((phase, i) => phaseSeconds[phase].push((times[i + 1] - times[i]) / 1000));
    }
  };
  for (let step = 0; step < Math.max(5, steps / 10); step++) runStep(step, false);
  for (let step = 0; step < steps; step++) runStep(step, true);

  const profile = await tf.profile(() => {
    for (let step = 0; step < steps; step++) runStep(step, false);
  });
  const kernels = new Map<string, { seconds: number; calls: number }>();
  for (const kernel of profile.kernels) {
    // Names ending in __op are composite ops whose kernels are listed too.
    if (kernel.name.endsWith('__op')) continue;
    const entry = kernels.get(kernel.name) ?? { seconds: 0, calls: 0 };
    entry.seconds += (kernel.kernelTimeMs as number) / 1000;
    entry.calls += 1;
    kernels.set(kernel.name, entry);
  }
  lossSum.dispose();
  model.dispose();
  optimizer.dispose();

  return {
    backend,
    steps,
    phases: PHASES.map((phase) => ({ phase, seconds: median(phaseSeconds[phase]) })),
    kernels: [...kernels]
      .map(([name, { seconds, calls }]) => ({
        name,
        secondsPerStep: seconds / steps,
        callsPerStep: calls / steps,
      }))
      .sort((a, b) => b.secondsPerStep - a.secondsPerStep),
  };
});
