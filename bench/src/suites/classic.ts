import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describeExit, runCommand, tail, type CommandResult } from '../lib/child';
import { PYTORCH_DIR } from '../lib/python';
import { loadAverage } from '../machine';
import { REPO_ROOT, type BenchOptions } from '../options';
import type { ClassicResults, ClassicRun } from '../results';

const INITS = ['zero', 'random', 'xavier', 'he'];

/** GNU time, which reports a command's peak RSS and CPU time. */
const GNU_TIME = '/usr/bin/time';

/** Names of the end-to-end configurations, as keys of `ClassicResults.runs`. */
export const CLASSIC_CONFIGS = {
  initlab: 'initlab compare',
  torchThreads: 'PyTorch classic.py, 1 process, 2 threads',
  torchProcesses: 'PyTorch classic.py, 2 processes, 1 thread each',
} as const;

/**
 * Runs the classic experiment end to end (4 initializers, data loading and
 * evaluation included) with `initlab compare` and with PyTorch, once per
 * round each, and adds wall time, CPU time, peak RSS and final accuracies
 * to `results` as each run ends.
 *
 * `initlab compare` trains in one worker thread per core. PyTorch runs
 * both ways that use 2 cores: one process with 2 threads, and 2
 * processes of 1 thread that split the initializers, as the workers do.
 */
export async function measureClassic(
  options: BenchOptions,
  torchAvailable: boolean,
  results: ClassicResults,
  log: (line: string) => void,
): Promise<void> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'initlab-bench-'));
  const record = (name: string, run: ClassicRun) => (results.runs[name] ??= []).push(run);
  try {
    for (let round = 1; round <= options.rounds; round++) {
      log(`round ${round}/${options.rounds}: initlab compare, ${options.classicEpochs} epochs`);
      const initlab = await runInitlab(options.classicEpochs, folder);
      results.backend = initlab.backend;
      results.workers = initlab.workers;
      record(CLASSIC_CONFIGS.initlab, initlab.run);
      if (!torchAvailable) continue;

      log(`round ${round}/${options.rounds}: PyTorch classic.py, 2 threads`);
      record(
        CLASSIC_CONFIGS.torchThreads,
        await runTorchClassics(options, folder, [{ inits: INITS, threads: 2 }]),
      );
      log(`round ${round}/${options.rounds}: PyTorch classic.py, 2 processes`);
      record(
        CLASSIC_CONFIGS.torchProcesses,
        await runTorchClassics(options, folder, [
          { inits: INITS.slice(0, 2), threads: 1 },
          { inits: INITS.slice(2), threads: 1 },
        ]),
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  results.loadAverage.end = loadAverage();
}

/** Returns empty end-to-end results that {@link measureClassic} fills. */
export function newClassicResults(options: BenchOptions): ClassicResults {
  return {
    epochs: options.classicEpochs,
    inits: INITS,
    workers: NaN,
    runs: {},
    loadAverage: { start: loadAverage(), end: [] },
  };
}

interface InitlabOutcome {
  run: ClassicRun;
  backend: string;
  workers: number;
}

async function runInitlab(epochs: number, folder: string): Promise<InitlabOutcome> {
  const json = path.join(folder, 'initlab.json');
  const main = path.join(REPO_ROOT, 'apps/cli/dist/main.js');
  const args = [main, 'compare', `--epochs=${epochs}`, `--json=${json}`];
  const { result, usage } = await runMeasured(process.execPath, args, folder);
  if (result.code !== 0) {
    throw new Error(`initlab compare failed (${describeExit(result)}): ${tail(result.stderr || result.stdout)}`);
  }
  const document = JSON.parse(readFileSync(json, 'utf8')) as {
    backend: { name: string };
    runs: { init: string; epochs: { testAccuracy: number }[] }[];
  };
  // The CLI prints its settings, worker count included, on stderr.
  const workers = /(\d+) worker\(s\)/.exec(result.stderr)?.[1];
  return {
    run: {
      wallSeconds: result.wallSeconds,
      ...usage,
      finalAccuracy: finalAccuracies(document.runs),
    },
    backend: document.backend.name,
    workers: Number(workers ?? NaN),
  };
}

/** Runs the given classic.py processes at once; wall time ends with the last. */
async function runTorchClassics(
  options: BenchOptions,
  folder: string,
  processes: { inits: string[]; threads: number }[],
): Promise<ClassicRun> {
  const started = performance.now();
  const outcomes = await Promise.all(
    processes.map(async ({ inits, threads }, i) => {
      const json = path.join(folder, `torch-${i}.json`);
      const args = [
        path.join(PYTORCH_DIR, 'classic.py'),
        `--inits=${inits.join(',')}`,
        `--epochs=${options.classicEpochs}`,
        `--threads=${threads}`,
        `--json=${json}`,
      ];
      const { result, usage } = await runMeasured(options.python, args, folder);
      if (result.code !== 0) {
        throw new Error(`classic.py failed (${describeExit(result)}): ${tail(result.stderr)}`);
      }
      const document = JSON.parse(readFileSync(json, 'utf8')) as {
        runs: { init: string; epochs: { testAccuracy: number }[] }[];
      };
      return { usage, accuracy: finalAccuracies(document.runs) };
    }),
  );
  return {
    wallSeconds: (performance.now() - started) / 1000,
    peakRssBytes: sumIfAll(outcomes.map((outcome) => outcome.usage.peakRssBytes)),
    cpuSeconds: sumIfAll(outcomes.map((outcome) => outcome.usage.cpuSeconds)),
    finalAccuracy: Object.assign({}, ...outcomes.map((outcome) => outcome.accuracy)),
  };
}

/** Returns the sum of `values`, or undefined when any is missing. */
function sumIfAll(values: (number | undefined)[]): number | undefined {
  let sum = 0;
  for (const value of values) {
    if (value === undefined) return undefined;
    sum += value;
  }
  return sum;
}

/** Peak RSS and CPU time (user plus system) of a finished command. */
interface Usage {
  peakRssBytes?: number;
  cpuSeconds?: number;
}

/**
 * Runs a command under GNU time when it is installed, to read its peak RSS
 * and CPU time, and returns the command's own result with them.
 */
async function runMeasured(
  command: string,
  args: string[],
  folder: string,
): Promise<{ result: CommandResult; usage: Usage }> {
  if (!existsSync(GNU_TIME)) {
    return { result: await runCommand(command, args, { cwd: REPO_ROOT }), usage: {} };
  }
  const usageFile = path.join(folder, `usage-${process.hrtime.bigint()}.txt`);
  // %M is the peak RSS in KiB, %U and %S the user and system CPU seconds.
  const format = '%M %U %S';
  const result = await runCommand(GNU_TIME, ['-f', format, '-o', usageFile, command, ...args], {
    cwd: REPO_ROOT,
  });
  // GNU time writes "Command exited with non-zero status N" before the values.
  const last = readFileSync(usageFile, 'utf8').trim().split('\n').pop() ?? '';
  const [kibibytes, user, system] = last.split(' ').map(Number);
  return {
    result,
    usage: {
      peakRssBytes: Number.isFinite(kibibytes) ? kibibytes * 1024 : undefined,
      cpuSeconds: Number.isFinite(user + system) ? user + system : undefined,
    },
  };
}

function finalAccuracies(
  runs: { init: string; epochs: { testAccuracy: number }[] }[],
): Record<string, number> {
  return Object.fromEntries(
    runs.map((run) => [run.init, run.epochs[run.epochs.length - 1]?.testAccuracy ?? NaN]),
  );
}
