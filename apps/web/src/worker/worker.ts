/**
 * The training worker. It picks the tfjs backend, downloads MNIST and runs
 * the sessions that the page requests, so that training runs off the
 * page's main thread.
 */
import { fetchMnist, type MnistSplit } from '@initlab/mnist';
import type { Dataset } from '@initlab/train';

import type { WorkerRequest, WorkerResponse } from '../protocol';
import { selectBackend } from './backend';
import { Session } from './session';

declare const self: DedicatedWorkerGlobalScope;

/** MNIST as downloaded: the first `trainLimit` training images and every test image. */
interface LoadedData {
  trainLimit: number;
  train: MnistSplit;
  test: MnistSplit;
}

let mnistUrl = '';
let data: Promise<LoadedData> | undefined;
let session: Session | undefined;
// Id of the newest reset received. An older reset still in the queue is
// skipped rather than built and thrown away.
let latestResetId = 0;
// Control messages run one after another, so that `run` after `reset`
// reaches the new session. Predictions do not wait in this queue.
let queue: Promise<void> = Promise.resolve();

function post(message: WorkerResponse): void {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'predict') {
    predict(request.id, request.pixels).catch(report);
    return;
  }
  if (request.type === 'reset') latestResetId = request.id;
  queue = queue.then(() => handle(request)).catch(report);
};

async function handle(request: Exclude<WorkerRequest, { type: 'predict' }>): Promise<void> {
  switch (request.type) {
    case 'init': {
      mnistUrl = request.mnistUrl;
      const backend = await selectBackend(request.backend, request.wasmUrl);
      post({ type: 'backend', name: backend.name, notes: backend.notes });
      return;
    }
    case 'reset': {
      const previous = session;
      session = undefined;
      await previous?.dispose();
      if (request.id !== latestResetId) return;
      const { trainSize, testSize } = request.config;
      const loaded = await loadData(trainSize);
      if (request.id !== latestResetId) return;
      session = new Session(
        request.id,
        request.config,
        { train: toDataset(loaded.train, trainSize), test: toDataset(loaded.test, testSize) },
        post,
      );
      await session.announce();
      return;
    }
    case 'run':
      session?.run();
      return;
    case 'pause':
      session?.pause();
      return;
    case 'step':
      session?.step();
      return;
  }
}

/**
 * Downloads MNIST once, keeping the first `trainSize` training images; a
 * larger training set later downloads it again.
 */
function loadData(trainSize: number): Promise<LoadedData> {
  const loading = data;
  if (loading) {
    return loading.then((loaded) => (loaded.trainLimit >= trainSize ? loaded : reload()));
  }
  return reload();

  function reload(): Promise<LoadedData> {
    data = fetchMnist(mnistUrl, {
      gzip: true,
      trainLimit: trainSize,
      requireSize: [28, 28],
      onProgress: (loadedBytes, totalBytes) =>
        post({ type: 'data-progress', loadedBytes, totalBytes }),
    }).then(({ train, test }) => {
      post({ type: 'data-ready', trainCount: train.count, testCount: test.count });
      return { trainLimit: trainSize, train, test };
    });
    // A failed download is reported once and retried on the next reset.
    data.catch(() => (data = undefined));
    return data;
  }
}

function toDataset(split: MnistSplit, count: number): Dataset {
  const size = Math.min(count, split.count);
  const features = split.rows * split.cols;
  return {
    x: split.images.subarray(0, size * features),
    y: split.labels.subarray(0, size),
    count: size,
    features,
  };
}

async function predict(id: number, pixels: Float32Array): Promise<void> {
  const probabilities = session ? await session.predict(pixels) : [];
  post({ type: 'prediction', id, probabilities });
}

function report(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  post({ type: 'error', message });
}
