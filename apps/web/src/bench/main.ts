/**
 * bench.html: times the classic training step on the backend named in the
 * URL, in a worker, and shows the result as a table and as JSON. A driver
 * waits until `#status` has `data-state` `done`, `unavailable` or `error`,
 * then reads `window.benchResult`.
 */
import '../style.css';
import './bench.css';

import { MNIST_DIR, WASM_DIR } from '../asset-paths';
import { element } from '../ui/dom';
import { CLASSIC_STEP, parseBenchRequest, type BenchRequest } from './params';
import type { BenchResult, BenchWorkerMessage } from './result';

declare global {
  interface Window {
    /** The result, set once the benchmark has finished or failed. */
    benchResult?: BenchResult;
  }
}

const status = document.getElementById('status')!;
const summary = document.querySelector<HTMLTableSectionElement>('#summary tbody')!;
const json = document.getElementById('result')!;
const errors = document.getElementById('errors')!;

function showProgress(text: string): void {
  status.textContent = text;
}

/** Shows the result and sets the state. `problems` go to the error list, one item each. */
function finish(result: BenchResult, problems = result.reason ? [result.reason] : []): void {
  window.benchResult = result;
  json.textContent = JSON.stringify(result, null, 2);
  summary.replaceChildren(...summaryRows(result));
  if (result.status !== 'done' && problems.length > 0) {
    errors.replaceChildren(...problems.map((problem) => element('li', { text: problem })));
    errors.hidden = false;
  }
  status.textContent = statusText(result);
  // Set last, so that a driver that waits for it finds everything above.
  status.dataset.state = result.status;
}

function statusText(result: BenchResult): string {
  const backend = result.request?.backend ?? 'the backend';
  switch (result.status) {
    case 'done':
      return `Done: ${formatCount(result.medianSamplesPerSecond)} samples/s on ${backend}.`;
    case 'unavailable':
      return `Not available: ${backend} cannot start in this browser.`;
    case 'error':
      return 'Failed: see the error above.';
  }
}

function summaryRows(result: BenchResult): HTMLTableRowElement[] {
  const { request, backend } = result;
  const entries: [string, string | undefined][] = [
    ['status', result.status],
    ['backend', backend?.name ?? request?.backend],
    ['renderer', backend?.renderer],
    ['software rendering', backend?.software === undefined ? undefined : yesNo(backend.software)],
    ['threads', backend?.threads?.toString()],
    ['SIMD', backend?.simd === undefined ? undefined : yesNo(backend.simd)],
    ['steps per round', request && `${request.steps} of batch ${result.batchSize}`],
    ['untimed warm-up steps', request?.warmup.toString()],
    ['samples/s per round', result.samplesPerSecond.map(formatCount).join(', ') || undefined],
    [
      'samples/s, median',
      result.medianSamplesPerSecond === undefined ? undefined : formatCount(result.medianSamplesPerSecond),
    ],
    ['final training loss', result.finalLoss?.toFixed(4)],
    ['reason', result.reason],
    ['user agent', result.userAgent],
  ];
  return entries
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) =>
      element('tr', {
        children: [element('th', { text: name }), element('td', { text: value })],
      }),
    );
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

function formatCount(value: number | undefined): string {
  return value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function run(request: BenchRequest): void {
  const worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<BenchWorkerMessage>) => {
    const message = event.data;
    if (message.type === 'progress') {
      showProgress(message.text);
      return;
    }
    const { samplesPerSecond } = message.result;
    finish({
      ...message.result,
      userAgent: navigator.userAgent,
      medianSamplesPerSecond: samplesPerSecond.length > 0 ? median(samplesPerSecond) : undefined,
    });
    worker.terminate();
  };
  worker.onerror = (event) =>
    finish({
      status: 'error',
      request,
      reason: `the benchmark worker failed: ${event.message}`,
      userAgent: navigator.userAgent,
      batchSize: CLASSIC_STEP.batchSize,
      samplesPerSecond: [],
    });
  worker.postMessage({
    request,
    mnistUrl: new URL(`${MNIST_DIR}/`, document.baseURI).href,
    wasmUrl: new URL(`${WASM_DIR}/`, document.baseURI).href,
  });
}

const parsed = parseBenchRequest(location.search);
if ('errors' in parsed) {
  finish(
    {
      status: 'error',
      reason: `invalid URL: ${parsed.errors.join('; ')}`,
      userAgent: navigator.userAgent,
      batchSize: CLASSIC_STEP.batchSize,
      samplesPerSecond: [],
    },
    parsed.errors.map((problem) => `Invalid URL: ${problem}`),
  );
} else {
  run(parsed.request);
}
