/**
 * The URL parameters of bench.html. Unlike the demo page, which replaces an
 * invalid value with its default, the benchmark rejects the whole request,
 * so that a figure never belongs to settings other than those requested.
 */
import type { BackendChoice } from '../config';

/** A backend that the benchmark page can time: any but `auto`. */
export type BenchBackend = Exclude<BackendChoice, 'auto'>;

/** Backends the benchmark page can time, each by name only, with no fallback. */
export const BENCH_BACKENDS: readonly BenchBackend[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The classic training step that `pnpm bench` times in Node. */
export const CLASSIC_STEP = {
  inputSize: 784,
  hiddenSize: 128,
  outputSize: 10,
  batchSize: 128,
  learningRate: 0.001,
  /** Seed of the He normal kernels. */
  seed: 42,
} as const;

/**
 * Maximum steps of one timed round or of the warm-up: full batches of 128
 * from the 60,000 training images.
 */
export const MAX_STEPS = Math.floor(60000 / CLASSIC_STEP.batchSize);

/** Maximum timed rounds of one page load. */
export const MAX_ROUNDS = 100;

/** Benchmark request read from the URL. */
export interface BenchRequest {
  backend: BenchBackend;
  /** Training steps per timed round. */
  steps: number;
  /** Untimed training steps before the first round. */
  warmup: number;
  /** Timed rounds. The page reports each and their median. */
  rounds: number;
}

/** Inclusive ranges of the integer parameters. */
export const PARAM_RANGES: Readonly<Record<keyof typeof DEFAULT_REQUEST, { min: number; max: number }>> = {
  steps: { min: 1, max: MAX_STEPS },
  warmup: { min: 0, max: MAX_STEPS },
  rounds: { min: 1, max: MAX_ROUNDS },
};

/** Defaults of the parameters other than `backend`. */
export const DEFAULT_REQUEST: Readonly<Omit<BenchRequest, 'backend'>> = {
  steps: 100,
  warmup: 20,
  rounds: 3,
};

const KNOWN_PARAMS = new Set(['backend', 'steps', 'warmup', 'rounds']);

/**
 * Reads a benchmark request from a query string such as `location.search`.
 * `backend` is required, and the others take their defaults when missing.
 * Returns every problem found when any value is missing, invalid or
 * unknown.
 */
export function parseBenchRequest(
  search: string,
): { request: BenchRequest } | { errors: string[] } {
  const query = new URLSearchParams(search);
  const errors: string[] = [];
  const backend = query.get('backend');
  if (backend === null) {
    errors.push(`backend is missing; valid values: ${BENCH_BACKENDS.join(', ')}`);
  } else if (!(BENCH_BACKENDS as readonly string[]).includes(backend)) {
    errors.push(
      `backend=${JSON.stringify(backend)} is not a backend of this page; ` +
        `valid values: ${BENCH_BACKENDS.join(', ')}`,
    );
  }
  const readInteger = (param: keyof typeof DEFAULT_REQUEST) => {
    const text = query.get(param);
    if (text === null) return DEFAULT_REQUEST[param];
    const { min, max } = PARAM_RANGES[param];
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      errors.push(`${param}=${JSON.stringify(text)} must be an integer from ${min} to ${max}`);
    }
    return value;
  };
  const steps = readInteger('steps');
  const warmup = readInteger('warmup');
  const rounds = readInteger('rounds');
  for (const param of new Set(query.keys())) {
    if (!KNOWN_PARAMS.has(param)) {
      errors.push(`${param} is not a parameter of this page; valid: ${[...KNOWN_PARAMS].join(', ')}`);
    }
  }
  if (errors.length > 0) return { errors };
  return { request: { backend: backend as BenchBackend, steps, warmup, rounds } };
}
