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
}
