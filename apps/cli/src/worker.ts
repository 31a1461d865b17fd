import { parentPort } from 'node:worker_threads';

import type { EpochResult, History, StatsSnapshot, TrainCheckpoint } from '@initlab/train';

import { selectBackend } from './backend';
import { trainRun, type RunJob } from './run';

/** Messages from the main thread to a worker. */
export type WorkerRequest = { type: 'run'; job: RunJob } | { type: 'stop' };

/** Messages from a worker to the main thread. */
export type WorkerResponse =
  | { type: 'progress'; index: number; epoch: number; batch: number; batches: number }
  | { type: 'epoch'; index: number; result: EpochResult }
  | { type: 'checkpoint'; index: number; checkpoint: TrainCheckpoint }
  | { type: 'snapshot'; index: number; snapshot: StatsSnapshot }
  | { type: 'done'; index: number; history: History; confusion?: number[][] }
  | { type: 'failed'; index: number; message: string };

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');

let backendReady: Promise<unknown> | undefined;
let controller = new AbortController();

port.on('message', async (request: WorkerRequest) => {
  if (request.type === 'stop') {
    controller.abort();
    return;
  }
  const { job } = request;
  const send = (response: WorkerResponse) => port.postMessage(response);
  if (controller.signal.aborted) controller = new AbortController();
  try {
    backendReady ??= selectBackend(job.config.backend);
    await backendReady;
    const { history, confusion } = await trainRun(
      job,
      (event) => send({ ...event, index: job.index }),
      controller.signal,
    );
    send({ type: 'done', index: job.index, history, confusion });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'failed', index: job.index, message });
  }
});
