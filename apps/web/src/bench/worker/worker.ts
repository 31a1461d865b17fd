/**
 * The worker of bench.html. It runs one benchmark per page load off the
 * page's main thread, as the demo's training worker trains.
 */
import { CLASSIC_STEP } from '../params';
import type { BenchWorkerMessage, BenchWorkerRequest } from '../result';
import { measure } from './measure';

declare const self: DedicatedWorkerGlobalScope;

function post(message: BenchWorkerMessage): void {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<BenchWorkerRequest>) => {
  measure(event.data, (text) => post({ type: 'progress', text })).then(
    (result) => post({ type: 'result', result }),
    (error: unknown) =>
      post({
        type: 'result',
        result: {
          status: 'error',
          reason: error instanceof Error ? error.message : String(error),
          batchSize: CLASSIC_STEP.batchSize,
          samplesPerSecond: [],
        },
      }),
  );
};
