import type { BackendInfo } from './lib/backends';
import type { Machine, Revision } from './machine';
import type { BenchOptions } from './options';

/** A part of the benchmark that did not run, and why. */
export interface Skip {
  what: string;
  reason: string;
}

/** Samples per second of one trainer: every timed epoch, and each round's median. */
export interface Throughput {
  samplesPerSecond: number[];
  perRound: number[];
}

/** One matMul measurement of `tasks/matmul.ts`. */
export interface MatMulCaseResult {
  name: string;
  form: string;
  m: number;
  k: number;
  n: number;
  inStep: boolean;
  /** Whether each call multiplied by a right operand that no earlier call used. */
  newOperand?: boolean;
  flops: number;
  seconds: number;
  gflops: number;
}

export interface BackendThroughput {
  info: BackendInfo;
  /** By trainer name of `lib/trainers.ts`. */
  trainers: Record<string, Throughput>;
  /** Largest relative difference of one SGD update, tfjs-layers against initlab. */
  layersUpdateError?: number;
  /** The matMul cases of each round. */
  matmul: MatMulCaseResult[][];
  /** matMul GFLOP/s of the step's plain matMuls together, per round. */
  ceilingGflops: number[];
  /**
   * The same with a new right operand in every call, as in a training step,
   * per round. Absent from results written before it was measured.
   */
  newOperandCeilingGflops?: number[];
}

export interface ThroughputResults {
  backends: Record<string, BackendThroughput>;
  /** PyTorch by thread count. */
  pytorch: Record<string, Throughput>;
  torchVersion?: string;
  loadAverage: { start: number[]; end: number[] };
}

export interface ProfileResult {
  backend: BackendInfo;
  steps: number;
  phases: { phase: string; seconds: number }[];
  kernels: { name: string; secondsPerStep: number; callsPerStep: number }[];
}

export interface MemoryResult {
  backend: BackendInfo;
  status: string;
  tensorsBefore: number;
  tensorsAfter: number;
  epochs: { epoch: number; tensors: number; tensorBytes: number; rssBytes: number }[];
}

export interface EvaluateResult {
  backend: BackendInfo;
  count: number;
  /** Seconds of each repeat, by the test set's form and the batch size. */
  runs: { source: 'arrays' | 'tensors'; batchSize: number; seconds: number[] }[];
}

/** One end-to-end run of the classic experiment. */
export interface ClassicRun {
  wallSeconds: number;
  /** Peak resident set size in bytes, summed over concurrent processes. */
  peakRssBytes?: number;
  /** User plus system CPU seconds, summed over concurrent processes. */
  cpuSeconds?: number;
  /** Final test accuracy by initializer. */
  finalAccuracy: Record<string, number>;
}

export interface ClassicResults {
  epochs: number;
  inits: string[];
  /** The tfjs backend `initlab compare` chose. */
  backend?: string;
  workers: number;
  /** By configuration name, one entry per round. */
  runs: Record<string, ClassicRun[]>;
  loadAverage: { start: number[]; end: number[] };
}

/** The JSON file that `pnpm bench` writes. */
export interface BenchResults {
  format: 1;
  mode: BenchOptions['mode'];
  command: string;
  startedAt: string;
  finishedAt?: string;
  settings: Omit<BenchOptions, 'json' | 'doc' | 'python' | 'reportFrom'>;
  machine: Machine;
  revision: Revision;
  skipped: Skip[];
  failures: Skip[];
  throughput?: ThroughputResults;
  profile?: ProfileResult[];
  evaluate?: EvaluateResult;
  memory?: MemoryResult;
  classic?: ClassicResults;
  browser?: BrowserResults;
}

/** A tfjs backend in Chromium, as bench.html reports it. */
export interface BrowserBackendInfo {
  name: string;
  /** The unmasked renderer string for webgl, and the adapter's vendor and architecture for webgpu. */
  renderer?: string;
  /** Whether the GPU backend renders in software on the CPU (SwiftShader, llvmpipe). */
  software?: boolean;
  threads?: number;
  simd?: boolean;
}

/** One backend of the browser benchmark over all rounds. */
export interface BrowserBackendResult {
  /**
   * The outcome: `measured` when every round finished, `unavailable` when
   * the backend could not start, and `failed` when it started but a round
   * failed.
   */
  status: 'measured' | 'unavailable' | 'failed';
  /** The reason the backend is unavailable or failed, with the browser's message. */
  reason?: string;
  info?: BrowserBackendInfo;
  steps: number;
  throughput: Throughput;
  /** Mean training loss of the last timed epoch, per round. */
  finalLoss: number[];
}

/** The browser section: bench.html in headless Chromium, once per backend and round. */
export interface BrowserResults {
  browserVersion?: string;
  userAgent?: string;
  /** Chromium's command-line flags besides Playwright's own. */
  flags: string[];
  warmupSteps: number;
  /** Timed epochs per page load. */
  timedEpochs: number;
  backends: Record<string, BrowserBackendResult>;
  /**
   * The Node "initlab `fit`" trainer on wasm, timed in the same rounds as
   * the pages, with the step count of the wasm page.
   */
  node?: { info: BackendInfo; steps: number; throughput: Throughput };
  loadAverage: { start: number[]; end: number[] };
}
