import './style.css';

import { MNIST_DIR, WASM_DIR } from './asset-paths';
import { formatConfig, LIMITS, parseConfig, PARAMS, type Config, type Notice } from './config';
import type { SessionState, WorkerRequest, WorkerResponse } from './protocol';
import { Controls } from './ui/controls';
import { Dashboard } from './ui/dashboard';
import { byId, element } from './ui/dom';
import { DrawPad } from './ui/draw-pad';
import { showPredictions } from './ui/predictions';

type PageState = SessionState | 'loading';

const parsed = parseConfig(location.search);
let config: Config = parsed.config;
// Id of the session that the last reset requested. Messages about older sessions,
// still in flight when the form changes again, are dropped.
let sessionId = 0;
let labels: string[] = [];
let batchesPerEpoch = 1;
let state: PageState = 'loading';
let position = { epoch: 0, step: 0 };
let digit: Float32Array | undefined;
let predictionId = 0;
let backendName = '';

const dashboard = new Dashboard();
const worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
const controls = new Controls(byId<HTMLFormElement>('config-form'), (next) => {
  const backendChanged = next.backend !== config.backend;
  config = next;
  history.replaceState(null, '', formatConfig(config));
  // The backend is picked once per worker, so another one needs a new page.
  if (backendChanged) location.reload();
  else reset();
});
const drawPad = new DrawPad(byId('draw-pad'), byId('draw-preview'), (pixels) => {
  digit = pixels;
  requestPrediction();
});

function send(request: WorkerRequest, transfer: Transferable[] = []): void {
  worker.postMessage(request, transfer);
}

function reset(): void {
  state = 'loading';
  labels = [];
  sessionId++;
  updateButtons();
  send({ type: 'reset', id: sessionId, config });
}

worker.onmessage = (event: MessageEvent<WorkerResponse>) => handle(event.data);
worker.onerror = (event) => showError(`the training worker failed: ${event.message}`);

function handle(message: WorkerResponse): void {
  switch (message.type) {
    case 'backend':
      showBackend(message.name, message.notes);
      return;
    case 'data-progress':
      showDownload(message.loadedBytes, message.totalBytes);
      return;
    case 'data-ready':
      byId('data-status').dataset.state = 'ready';
      byId('data-text').textContent =
        `MNIST: ${message.trainCount.toLocaleString('en-US')} training and ` +
        `${message.testCount.toLocaleString('en-US')} test images loaded`;
      byId<HTMLProgressElement>('data-progress').hidden = true;
      return;
    case 'session':
      if (message.id !== sessionId) return;
      labels = message.labels;
      batchesPerEpoch = message.batchesPerEpoch;
      position = { epoch: 0, step: 0 };
      dashboard.reset(labels, config.epochs, batchesPerEpoch * config.epochs);
      requestPrediction();
      return;
    case 'prediction':
      if (message.id === predictionId) showPredictions(labels, digit ? message.probabilities : undefined);
      return;
    case 'error':
      showError(message.message);
      return;
  }
  if (message.id !== sessionId) return;
  switch (message.type) {
    case 'state':
      state = message.state;
      if (state === 'done') requestPrediction();
      updateButtons();
      return;
    case 'progress':
      for (const point of message.losses) dashboard.addLoss(point.run, point.step, point.loss);
      position = { epoch: message.epoch, step: message.step };
      if (message.msPerStep !== undefined) showStepTime(message.msPerStep);
      updateStatus();
      return;
    case 'epoch':
      dashboard.addEpoch(message.metrics);
      requestPrediction();
      return;
    case 'probe':
      dashboard.addProbe(message.run, message.step, message.layers, message.warnings);
      return;
    case 'finished':
      if (message.status === 'failed') showError(`${labels[message.run]}: ${message.detail}`);
      dashboard.setStatus(message.run, message.detail ?? (message.status === 'completed' ? 'ok' : message.status));
      return;
  }
}

function requestPrediction(): void {
  predictionId++;
  if (!digit || labels.length === 0) {
    showPredictions(labels, undefined);
    return;
  }
  const pixels = digit.slice();
  send({ type: 'predict', id: predictionId, pixels }, [pixels.buffer]);
}

function updateButtons(): void {
  const runButton = byId<HTMLButtonElement>('run-button');
  const runLabels: Partial<Record<PageState, string>> = { running: 'Pause', paused: 'Resume' };
  runButton.textContent = runLabels[state] ?? 'Train';
  runButton.disabled = state === 'loading' || state === 'done';
  byId<HTMLButtonElement>('step-button').disabled = state !== 'ready' && state !== 'paused';
  byId<HTMLButtonElement>('reset-button').disabled = state === 'loading';
  updateStatus();
}

function updateStatus(): void {
  const status = byId('status');
  status.dataset.state = state;
  const total = batchesPerEpoch * config.epochs;
  const where = `epoch ${Math.max(1, position.epoch)} of ${config.epochs}, step ${position.step} of ${total}`;
  const models = `${labels.length} model${labels.length === 1 ? '' : 's'}`;
  const text: Record<PageState, string> = {
    loading: 'Preparing…',
    ready: `Ready to train ${models} (seed ${config.seed}).`,
    running: `Training ${models}: ${where}.`,
    paused: `Paused at ${where}.`,
    done: `Done: ${config.epochs} epoch${config.epochs === 1 ? '' : 's'}, ${position.step} steps per model.`,
  };
  status.textContent = text[state];
}

function showBackend(name: string, notes: string[]): void {
  backendName = name;
  const badge = byId('backend-badge');
  badge.dataset.backend = name;
  badge.textContent = `backend: ${name}`;
  badge.title = notes.length > 0 ? `Skipped: ${notes.join('; ')}` : `tfjs backend ${name}`;
  if (config.backend !== 'auto' && config.backend !== name) {
    const reason = notes.find((note) => note.startsWith(`${config.backend}:`)) ?? config.backend;
    showNotices(byId('url-notices'), [
      {
        param: PARAMS.backend,
        value: JSON.stringify(config.backend),
        problem: `not available (${reason})`,
        action: `using ${name}`,
      },
    ], true);
  }
}

function showStepTime(milliseconds: number): void {
  byId('backend-badge').textContent = `backend: ${backendName} · ${milliseconds.toFixed(1)} ms/step`;
}

function showDownload(loaded: number, total: number | undefined): void {
  const progress = byId<HTMLProgressElement>('data-progress');
  const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
  if (total) {
    progress.max = total;
    progress.value = loaded;
  } else {
    progress.removeAttribute('value');
  }
  byId('data-text').textContent = total
    ? `Downloading MNIST: ${megabytes(loaded)} of ${megabytes(total)} MB`
    : `Downloading MNIST: ${megabytes(loaded)} MB`;
}

/** Lists rejected values, after the notices already shown when `append` is set. */
function showNotices(list: HTMLElement, notices: Notice[], append = false): void {
  const items = notices.map((notice) =>
    element('li', { text: `${notice.param}=${notice.value}: ${notice.problem}; ${notice.action}` }),
  );
  if (append) list.append(...items);
  else list.replaceChildren(...items);
  byId('notices').hidden = list.children.length === 0;
}

function showError(message: string): void {
  console.error(message);
  const errors = byId('errors');
  errors.append(element('li', { text: message }));
  errors.hidden = false;
}

function newSeed(): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return value % (LIMITS.maxSeed + 1);
}

byId('run-button').addEventListener('click', () => {
  if (state === 'running') send({ type: 'pause' });
  else if (state === 'ready' || state === 'paused') send({ type: 'run' });
});
byId('step-button').addEventListener('click', () => send({ type: 'step' }));
byId('reset-button').addEventListener('click', () => reset());
byId('reseed-button').addEventListener('click', () => {
  config = { ...config, seed: newSeed() };
  controls.show(config);
  history.replaceState(null, '', formatConfig(config));
  reset();
});
byId('clear-button').addEventListener('click', () => drawPad.clear());

controls.show(config);
showNotices(byId('url-notices'), parsed.notices);
updateButtons();
send({
  type: 'init',
  backend: config.backend,
  mnistUrl: new URL(`${MNIST_DIR}/`, document.baseURI).href,
  wasmUrl: new URL(`${WASM_DIR}/`, document.baseURI).href,
});
reset();
