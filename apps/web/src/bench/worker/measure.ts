/**
 * The measurement of bench.html: the classic 784-128-10 ReLU MLP trained
 * with `fit` of `@initlab/train`, as the Node benchmark's "initlab `fit`"
 * row of `pnpm bench` times it (bench/src/lib/trainers.ts).
 */
import { heNormal } from '@initlab/initializers';
import { createMlp, type Mlp } from '@initlab/mlp';
import { fetchMnist } from '@initlab/mnist';
import { fit, type Dataset } from '@initlab/train';

import { startBackend } from '../../worker/backend';
import { CLASSIC_STEP, type BenchRequest } from '../params';
import type { BenchBackendInfo, BenchResult, BenchWorkerRequest } from '../result';
import { describeBackend } from './describe';

type WorkerResult = Omit<BenchResult, 'userAgent'>;

/**
 * Starts the requested backend, downloads MNIST and times the training
 * step. Returns `unavailable` when the backend cannot start and `error`
 * when training fails or its final loss is not a positive finite number.
 */
export async function measure(
  { request, mnistUrl, wasmUrl }: BenchWorkerRequest,
  progress: (text: string) => void,
): Promise<WorkerResult> {
  const base = { request, batchSize: CLASSIC_STEP.batchSize, samplesPerSecond: [] };
  progress(`Starting the ${request.backend} backend…`);
  let backend: BenchBackendInfo;
  try {
    // Requested by name, so software WebGL counts, and the page marks it as software.
    const reason = await startBackend(request.backend, wasmUrl, true);
    if (reason !== undefined) return { ...base, status: 'unavailable', reason };
    backend = await describeBackend(request.backend);
  } catch (error) {
    return { ...base, status: 'unavailable', reason: messageOf(error) };
  }

  try {
    return { ...base, backend, ...(await train(request, mnistUrl, progress)) };
  } catch (error) {
    return { ...base, backend, status: 'error', reason: messageOf(error) };
  }
}

async function train(
  request: BenchRequest,
  mnistUrl: string,
  progress: (text: string) => void,
): Promise<Pick<WorkerResult, 'status' | 'trainCount' | 'samplesPerSecond' | 'finalLoss'>> {
  progress('Downloading MNIST…');
  const images = Math.max(request.steps, request.warmup) * CLASSIC_STEP.batchSize;
  const data = await loadTrainingSet(mnistUrl, images);
  const timed = firstExamples(data, request.steps * CLASSIC_STEP.batchSize);

  const model = createMlp({
    inputSize: CLASSIC_STEP.inputSize,
    hiddenSizes: [CLASSIC_STEP.hiddenSize],
    outputSize: CLASSIC_STEP.outputSize,
    kernelInitializer: heNormal(),
    seed: CLASSIC_STEP.seed,
  });
  try {
    if (request.warmup > 0) {
      progress(`Warming up: ${request.warmup} untimed steps…`);
      await trainEpoch(model, firstExamples(data, request.warmup * CLASSIC_STEP.batchSize), 0);
    }
    const samplesPerSecond: number[] = [];
    let finalLoss = NaN;
    // Round r uses seed r, as the Node benchmark's timed epochs do.
    for (let round = 1; round <= request.rounds; round++) {
      progress(`Round ${round} of ${request.rounds}: ${request.steps} steps…`);
      const epoch = await trainEpoch(model, timed, round);
      samplesPerSecond.push(timed.count / epoch.seconds);
      finalLoss = epoch.loss;
    }
    // Cross-entropy is 0 only when every prediction is certain, which a few
    // hundred steps from He initialization never reach. A loss of 0 is a
    // wrong result, as webgpu on SwiftShader gave (Chromium 156).
    if (!(Number.isFinite(finalLoss) && finalLoss > 0)) {
      throw new Error(`the final training loss must be a positive finite number; got ${finalLoss}`);
    }
    return { status: 'done', trainCount: timed.count, samplesPerSecond, finalLoss };
  } finally {
    model.dispose();
  }
}

/**
 * Trains one epoch with `fit` as `initlab compare` does: batches copied
 * from the arrays, the loss read after every step, no test set. Returns the
 * epoch's wall time from `onEpochBegin` to `onEpochEnd` and its mean loss.
 */
async function trainEpoch(
  model: Mlp,
  data: Dataset,
  seed: number,
): Promise<{ seconds: number; loss: number }> {
  let started = 0;
  let seconds = NaN;
  const history = await fit(model, data, {
    epochs: 1,
    batchSize: CLASSIC_STEP.batchSize,
    optimizer: { name: 'sgd', learningRate: CLASSIC_STEP.learningRate },
    seed,
    lossCheckInterval: 1,
    callbacks: {
      onEpochBegin: () => {
        started = performance.now();
      },
      onEpochEnd: () => {
        seconds = (performance.now() - started) / 1000;
      },
    },
  });
  if (history.status !== 'completed') {
    const at = history.divergedAt ? ` at step ${history.divergedAt.step}` : '';
    throw new Error(`fit ended with status ${history.status}${at}`);
  }
  return { seconds, loss: history.epochs[0].trainLoss };
}

async function loadTrainingSet(mnistUrl: string, count: number): Promise<Dataset> {
  const { train } = await fetchMnist(mnistUrl, {
    gzip: true,
    trainLimit: count,
    testLimit: 0,
    requireSize: [28, 28],
  });
  return { x: train.images, y: train.labels, count: train.count, features: train.rows * train.cols };
}

function firstExamples(data: Dataset, count: number): Dataset {
  const size = Math.min(count, data.count);
  return {
    x: data.x.subarray(0, size * data.features),
    y: data.y.subarray(0, size),
    count: size,
    features: data.features,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
