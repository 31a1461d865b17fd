import { Worker } from 'node:worker_threads';

import type { EpochResult, History } from '@initlab/train';

import type { CompareConfig } from './args';
import type { BackendSelection } from './backend';
import type { SharedData } from './data';
import type { RunJob } from './run';
import type { WorkerRequest, WorkerResponse } from './worker';

/** Result of one initializer's run, as written to the JSON file. */
export interface RunRecord {
  init: string;
  status: 'pending' | 'running' | 'completed' | 'diverged' | 'stopped' | 'failed';
  epochs: EpochResult[];
  divergedAt?: { epoch: number; step: number };
  error?: string;
}

/** Listener of the progress of every run. */
export interface CompareObserver {
  onProgress(index: number, epoch: number, batch: number, batches: number): void;
  onEpoch(index: number, result: EpochResult): void | Promise<void>;
  onRunEnd(index: number, record: RunRecord): void | Promise<void>;
}

/**
 * Trains one model per initializer in `config.workers` worker threads,
 * each with its own tfjs engine on `backend`, and returns one record per
 * initializer in the order given.
 */
export async function runComparison(
  config: CompareConfig,
  backend: BackendSelection,
  data: SharedData,
  observer: CompareObserver,
): Promise<RunRecord[]> {
  const records: RunRecord[] = config.inits.map((init) => ({
    init,
    status: 'pending',
    epochs: [],
  }));
  const jobs: RunJob[] = config.inits.map((init, index) => ({
    index,
    init,
    config: { ...config, backend: backend.name as CompareConfig['backend'] },
    train: data.train,
    test: data.test,
  }));
  const workerCount = Math.min(config.workers, jobs.length);
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: workerCount }, () => drain(queue, records, observer)),
  );
  return records;
}

async function drain(
  queue: RunJob[],
  records: RunRecord[],
  observer: CompareObserver,
): Promise<void> {
  let worker = startWorker();
  try {
    for (let job = queue.shift(); job; job = queue.shift()) {
      records[job.index].status = 'running';
      const crashed = await runInWorker(worker, job, records[job.index], observer);
      await observer.onRunEnd(job.index, records[job.index]);
      if (crashed) {
        await worker.terminate();
        worker = startWorker();
      }
    }
  } finally {
    await worker.terminate();
  }
}

function startWorker(): Worker {
  return new Worker(new URL('./worker.js', import.meta.url));
}

/** Runs `job` on `worker`; resolves to true when the worker crashed. */
function runInWorker(
  worker: Worker,
  job: RunJob,
  record: RunRecord,
  observer: CompareObserver,
): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (update: Partial<RunRecord>, crashed = false) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      Object.assign(record, update);
      resolve(crashed);
    };
    const onError = (error: Error) =>
      finish({ status: 'failed', error: error.message }, true);
    const onMessage = async (message: WorkerResponse) => {
      switch (message.type) {
        case 'progress':
          observer.onProgress(job.index, message.epoch, message.batch, message.batches);
          break;
        case 'epoch':
          record.epochs.push(message.result);
          await observer.onEpoch(job.index, message.result);
          break;
        case 'done':
          finish(historyUpdate(message.history));
          break;
        case 'failed':
          finish({ status: 'failed', error: message.message });
          break;
      }
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    const request: WorkerRequest = { type: 'run', job };
    worker.postMessage(request);
  });
}

function historyUpdate(history: History): Partial<RunRecord> {
  return {
    status: history.status,
    epochs: history.epochs,
    ...(history.divergedAt ? { divergedAt: history.divergedAt } : {}),
  };
}
