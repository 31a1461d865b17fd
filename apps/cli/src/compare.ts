import { Worker } from 'node:worker_threads';

import type {
  EpochResult,
  History,
  StatsSnapshot,
  TrainCheckpoint,
  Verdict,
} from '@initlab/train';

import type { CompareConfig } from './args';
import type { BackendSelection } from './backend';
import { checkpointProblem } from './checkpoint-file';
import type { SharedData } from './data';
import { UsageError } from './errors';
import type { RunJob } from './run';
import type { WorkerRequest, WorkerResponse } from './worker';

/** Result of one initializer's run, as written to the JSON file. */
export interface RunRecord {
  init: string;
  status: 'pending' | 'running' | 'completed' | 'diverged' | 'stopped' | 'failed';
  epochs: EpochResult[];
  divergedAt?: { epoch: number; step: number };
  error?: string;
  /** Per-layer statistics, with `--stats`. */
  stats?: StatsSnapshot[];
  /** Diagnosis of the statistics, with `--stats`, once the run has ended. */
  verdict?: Verdict;
  /**
   * Test-set counts of the final model by true class (rows) and predicted
   * class (columns), for completed runs.
   */
  confusion?: number[][];
}

/** Listener of the progress of every run. */
export interface CompareObserver {
  onProgress(index: number, epoch: number, batch: number, batches: number): void;
  onEpoch(index: number, result: EpochResult): void | Promise<void>;
  onCheckpoint(index: number, checkpoint: TrainCheckpoint): void | Promise<void>;
  onSnapshot(index: number, snapshot: StatsSnapshot): void;
  onRunEnd(index: number, record: RunRecord, history?: History): void | Promise<void>;
}

/** A run to train, possibly continuing from a checkpoint. */
export interface PlannedRun {
  index: number;
  init: string;
  resumeFrom?: TrainCheckpoint;
  /**
   * This run's own configuration (a sweep point); when absent, the run
   * trains with the configuration given to {@link startComparison}.
   */
  config?: CompareConfig;
  /** File that `resumeFrom` was read from, named in error messages. */
  checkpointFile?: string;
}

/**
 * Throws a {@link UsageError} when a planned run's checkpoint cannot
 * continue it on this data, before any training starts.
 */
export function checkPlannedCheckpoints(
  planned: PlannedRun[],
  base: CompareConfig,
  data: SharedData,
): void {
  for (const run of planned) {
    if (!run.resumeFrom) continue;
    const config = run.config ?? base;
    const sizes = [data.train.features, ...config.hidden, 10];
    const weightShapes = sizes.slice(1).flatMap((out, i) => [[sizes[i], out], [out]]);
    const problem = checkpointProblem(run.resumeFrom, {
      epochs: config.epochs,
      batchesPerEpoch: Math.ceil(data.train.count / config.batchSize),
      weightShapes,
    });
    if (problem) {
      const file = run.checkpointFile ?? `the checkpoint of run "${run.init}"`;
      throw new UsageError(
        `cannot resume from ${file}: ${problem}; delete it to restart run "${run.init}" from the beginning`,
      );
    }
  }
}

/** A comparison in progress. */
export interface Comparison {
  /** Resolves when every started run has ended. */
  done: Promise<void>;
  /** Stops every run after its current step and starts no more. */
  stop(): void;
}

/**
 * Trains one model per planned run in `config.workers` worker threads,
 * each with its own tfjs engine on `backend`.
 */
export function startComparison(
  config: CompareConfig,
  backend: BackendSelection,
  data: SharedData,
  runs: PlannedRun[],
  observer: CompareObserver,
): Comparison {
  const queue: RunJob[] = runs.map((run) => ({
    ...run,
    config: { ...(run.config ?? config), backend: backend.name as CompareConfig['backend'] },
    train: data.train,
    test: data.test,
  }));
  const workers = new Set<Worker>();
  const workerCount = Math.max(1, Math.min(config.workers, queue.length));
  const done = Promise.all(
    Array.from({ length: queue.length > 0 ? workerCount : 0 }, () =>
      drain(queue, workers, observer),
    ),
  ).then(() => undefined);
  const stop = () => {
    queue.length = 0;
    const request: WorkerRequest = { type: 'stop' };
    for (const worker of workers) worker.postMessage(request);
  };
  return { done, stop };
}

async function drain(
  queue: RunJob[],
  workers: Set<Worker>,
  observer: CompareObserver,
): Promise<void> {
  let worker = startWorker(workers);
  try {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { record, history, crashed } = await runInWorker(worker, job, observer);
      await observer.onRunEnd(job.index, record, history);
      if (crashed) {
        workers.delete(worker);
        await worker.terminate();
        worker = startWorker(workers);
      }
    }
  } finally {
    workers.delete(worker);
    await worker.terminate();
  }
}

function startWorker(workers: Set<Worker>): Worker {
  const worker = new Worker(new URL('./worker.js', import.meta.url));
  workers.add(worker);
  return worker;
}

interface RunOutcome {
  record: RunRecord;
  history?: History;
  /** Whether the worker died and must be replaced. */
  crashed: boolean;
}

function runInWorker(
  worker: Worker,
  job: RunJob,
  observer: CompareObserver,
): Promise<RunOutcome> {
  const record: RunRecord = { init: job.init, status: 'running', epochs: [] };
  // Messages are handled one at a time, in order, so that an epoch's
  // results are written before the checkpoint that follows them.
  let chain: Promise<void> = Promise.resolve();
  return new Promise((resolve) => {
    const finish = (outcome: Omit<RunOutcome, 'record'>, update: Partial<RunRecord>) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      Object.assign(record, update);
      chain.then(() => resolve({ record, ...outcome }));
    };
    const onError = (error: Error) =>
      finish({ crashed: true }, { status: 'failed', error: error.message });
    const onMessage = (message: WorkerResponse) => {
      chain = chain.then(() => handle(message));
    };
    const handle = async (message: WorkerResponse) => {
      switch (message.type) {
        case 'progress':
          observer.onProgress(job.index, message.epoch, message.batch, message.batches);
          break;
        case 'epoch':
          record.epochs.push(message.result);
          await observer.onEpoch(job.index, message.result);
          break;
        case 'checkpoint':
          await observer.onCheckpoint(job.index, message.checkpoint);
          break;
        case 'snapshot':
          observer.onSnapshot(job.index, message.snapshot);
          break;
        case 'done':
          finish(
            { crashed: false, history: message.history },
            { ...historyUpdate(message.history), ...confusionUpdate(message.confusion) },
          );
          break;
        case 'failed':
          finish({ crashed: false }, { status: 'failed', error: message.message });
          break;
      }
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    const request: WorkerRequest = { type: 'run', job };
    worker.postMessage(request);
  });
}

function confusionUpdate(confusion: number[][] | undefined): Partial<RunRecord> {
  return confusion ? { confusion } : {};
}

function historyUpdate(history: History): Partial<RunRecord> {
  return {
    status: history.status,
    ...(history.divergedAt ? { divergedAt: history.divergedAt } : {}),
  };
}
