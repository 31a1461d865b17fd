/**
 * The command line of run-bench-page.ts, checked against the ranges of
 * bench.html's own URL parameters (PARAM_RANGES), so that an invalid value
 * is rejected before the script starts a server or a browser.
 */
import { parseArgs } from 'node:util';

import {
  BENCH_BACKENDS,
  DEFAULT_REQUEST,
  PARAM_RANGES,
  type BenchBackend,
  type BenchRequest,
} from '../src/bench/params';

/** Default of `--timeout`, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/**
 * Maximum of `--timeout`: one hour. Node's timers overflow above about
 * 24.8 days and then fire at once, and no page load needs more than an hour.
 */
export const MAX_TIMEOUT_SECONDS = 3600;

/** Exit code of the script for an invalid command line. */
export const USAGE_EXIT_CODE = 2;

/** Settings of one run of the script. */
export interface BenchPageArgs extends BenchRequest {
  /** Maximum time in seconds that the page may take to finish. */
  timeoutSeconds: number;
}

/** Error for an invalid command line, with a one-line message that names the flag. */
export class BenchPageArgsError extends Error {
  override name = 'BenchPageArgsError';
}

const FLAGS = ['backend', 'steps', 'warmup', 'rounds', 'timeout'] as const;

type Flag = (typeof FLAGS)[number];

/**
 * Parses the script's arguments, such as `process.argv.slice(2)`.
 * `--backend` is required, and the other flags take bench.html's defaults.
 * Throws a {@link BenchPageArgsError} for the first invalid argument.
 */
export function parseBenchPageArgs(argv: string[]): BenchPageArgs {
  const values = readFlags(argv);

  return {
    backend: readBackend(values.backend),
    steps: readInteger('steps', values.steps),
    warmup: readInteger('warmup', values.warmup),
    rounds: readInteger('rounds', values.rounds),
    timeoutSeconds: readTimeout(values.timeout),
  };
}

/** Returns the query string of bench.html for `args`. */
export function benchQuery(args: BenchRequest): string {
  return new URLSearchParams({
    backend: args.backend,
    steps: String(args.steps),
    warmup: String(args.warmup),
    rounds: String(args.rounds),
  }).toString();
}

/**
 * Reads `--name VALUE` and `--name=VALUE` pairs. Node's strict mode would
 * reject `--rounds -1` as ambiguous, so this reads the arguments loosely
 * and reports each problem in terms of the flag.
 */
function readFlags(argv: string[]): Partial<Record<Flag, string>> {
  const { tokens } = parseArgs({
    args: argv,
    options: Object.fromEntries(FLAGS.map((flag) => [flag, { type: 'string' }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Partial<Record<Flag, string>> = {};
  for (const token of tokens) {
    if (token.kind === 'positional') {
      throw new BenchPageArgsError(
        `unexpected argument ${JSON.stringify(token.value)}; give each value after its flag, as in --steps 100`,
      );
    }
    if (token.kind !== 'option') continue;
    if (!(FLAGS as readonly string[]).includes(token.name)) {
      throw new BenchPageArgsError(
        `unknown flag ${token.rawName}; valid flags: ${FLAGS.map((flag) => `--${flag}`).join(', ')}`,
      );
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('--'))) {
      throw new BenchPageArgsError(
        `${token.rawName} is missing its value; give it as ${token.rawName} VALUE or ${token.rawName}=VALUE`,
      );
    }
    values[token.name as Flag] = value;
  }
  return values;
}

function readBackend(text: string | undefined): BenchBackend {
  const valid = `valid values: ${BENCH_BACKENDS.join(', ')}`;
  if (text === undefined) throw new BenchPageArgsError(`--backend is missing; ${valid}`);
  if (text === '') throw new BenchPageArgsError(`--backend is empty, which is invalid; ${valid}`);
  if (!(BENCH_BACKENDS as readonly string[]).includes(text)) {
    throw new BenchPageArgsError(`--backend must be one of ${BENCH_BACKENDS.join(', ')}; got ${JSON.stringify(text)}`);
  }
  return text as BenchBackend;
}

/** Reads an integer flag within bench.html's range for the parameter of the same name. */
function readInteger(flag: keyof typeof PARAM_RANGES, text: string | undefined): number {
  if (text === undefined) return DEFAULT_REQUEST[flag];

  const { min, max } = PARAM_RANGES[flag];
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new BenchPageArgsError(`--${flag} must be an integer from ${min} to ${max}; got ${JSON.stringify(text)}`);
  }
  return value;
}

function readTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS;

  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && value <= MAX_TIMEOUT_SECONDS)) {
    throw new BenchPageArgsError(
      `--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}; got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
