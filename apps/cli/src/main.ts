import { rm, rmdir } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { diagnose } from '@initlab/train';

import {
  COMPARE_HELP,
  parseCompareArgs,
  type CompareConfig,
  type ResumeRequest,
} from './args';
import { selectBackend, type BackendSelection } from './backend';
import { checkpointDir, checkpointPath, toCheckpointFile } from './checkpoint-file';
import { startComparison, type PlannedRun, type RunRecord } from './compare';
import { loadSharedMnist } from './data';
import { INSPECT_HELP, formatInspection, inspect, parseInspectArgs } from './inspect';
import { UsageError } from './errors';
import { ProgressDisplay } from './progress';
import { planResume } from './resume';
import {
  createWriteQueue,
  removeStaleTemporaries,
  toResultsFile,
  writeJsonAtomic,
} from './results';
import { formatAccuracyTable, formatStats } from './table';

const HELP = `Usage: initlab <command> [options]

Commands:
  compare   train one MLP per initializer on MNIST and compare test accuracy
  inspect   measure how the signal propagates through an untrained deep MLP

Options:
  -h, --help     show this help
  -v, --version  print the version

Run initlab <command> --help for the options of a command.
Exit codes: 0 success, 1 a run failed or diverged, 2 invalid usage,
130 or 143 stopped by SIGINT or SIGTERM (resumable with --resume).
`;

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    const require = createRequire(import.meta.url);
    const { version } = require('../package.json') as { version: string };
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === 'inspect') return inspectCommand(rest);
  if (command !== 'compare') {
    throw new UsageError(`unknown command "${command}"; valid commands: compare, inspect`);
  }
  const parsed = parseCompareArgs(rest);
  if (parsed === 'help') {
    process.stdout.write(COMPARE_HELP);
    return 0;
  }
  if ('resume' in parsed) return resume(parsed);
  const runs: RunRecord[] = parsed.inits.map((init) => ({
    init,
    status: 'pending',
    epochs: [],
  }));
  const planned = runs.map((run, index) => ({ index, init: run.init }));
  return compare(parsed, runs, planned);
}

async function inspectCommand(argv: string[]): Promise<number> {
  const config = parseInspectArgs(argv);
  if (config === 'help') {
    process.stdout.write(INSPECT_HELP);
    return 0;
  }
  const backend = await selectBackend(config.backend);
  reportBackend(backend, config.verbose);
  const architecture = [784, ...config.hidden, 10].join('-');
  log(`inspecting a ${architecture} ${config.activation} MLP on ${config.examples} images`);
  const runs = await inspect(config);
  process.stdout.write(formatInspection(runs) + '\n');
  if (config.json) {
    const { json: _json, verbose: _verbose, ...kept } = config;
    await writeJsonAtomic(config.json, { format: 1, config: kept, backend: backend.name, runs });
    log(`results written to ${config.json}`);
  }
  return 0;
}

async function resume(request: ResumeRequest): Promise<number> {
  const plan = await planResume(request.resume);
  const config: CompareConfig = {
    ...plan.config,
    json: request.resume,
    verbose: request.verbose,
    workers: request.workers ?? plan.config.workers,
  };
  log(`resuming ${request.resume}: ${plan.planned.length} of ${plan.runs.length} runs left`);
  return compare(config, plan.runs, plan.planned);
}

/**
 * Trains the planned runs and keeps `runs` (every run of the comparison,
 * finished ones included) up to date in the JSON file and on screen.
 */
async function compare(
  config: CompareConfig,
  runs: RunRecord[],
  planned: PlannedRun[],
): Promise<number> {
  const backend = await selectBackend(config.backend);
  reportBackend(backend, config.verbose);
  const data = await loadSharedMnist({
    dir: config.dataDir,
    normalization: config.normalization,
    trainLimit: config.trainLimit,
  });
  if (config.batchSize > data.train.count) {
    throw new UsageError(
      `--batch-size ${config.batchSize} is larger than the ${data.train.count} training images; lower it or raise --train-limit`,
    );
  }
  logPlan(config, planned.length, data.train.count, data.test.count);

  const json = config.json;
  const queue = createWriteQueue();
  if (json) await removeStaleTemporaries(json);
  const save = () =>
    json ? queue.add(() => writeJsonAtomic(json, toResultsFile(config, backend, runs))) : undefined;
  const display = new ProgressDisplay(config.inits, config.epochs);
  const comparison = startComparison(config, backend, data, planned, {
    onProgress: (index, epoch, batch, batches) => {
      runs[index].status = 'running';
      display.progress(index, epoch, batch, batches);
    },
    onEpoch: async (index, result) => {
      runs[index].epochs.push(result);
      display.epochEnd(index, result);
      await save();
    },
    onSnapshot: (index, snapshot) => {
      (runs[index].stats ??= []).push(snapshot);
    },
    onCheckpoint: async (index, checkpoint) => {
      if (!json) return;
      const file = checkpointPath(json, index);
      await queue.add(() => writeJsonAtomic(file, toCheckpointFile(runs[index].init, checkpoint)));
    },
    onRunEnd: async (index, record, history) => {
      const { epochs: _epochs, ...status } = record;
      Object.assign(runs[index], status);
      const stats = runs[index].stats;
      if (config.statsInterval && stats && record.status !== 'stopped') {
        runs[index].verdict = diagnose(stats, record.status === 'diverged');
      }
      display.runEnd(index, runs[index]);
      await save();
      if (!json) return;
      const file = checkpointPath(json, index);
      if (history?.checkpoint) {
        const stored = toCheckpointFile(runs[index].init, history.checkpoint);
        await queue.add(() => writeJsonAtomic(file, stored));
      } else {
        // A run that ended for good needs no checkpoint.
        await queue.add(() => rm(file, { force: true }));
      }
    },
  });

  const stoppedBy = await untilDoneOrSignal(comparison);
  display.finish();
  await save();
  await queue.idle();
  if (json && !stoppedBy) await removeIfEmpty(checkpointDir(json));

  process.stdout.write(formatAccuracyTable(runs, config.epochs) + '\n');
  if (config.statsInterval) process.stdout.write('\n' + formatStats(runs) + '\n');
  if (json) log(`results written to ${json}`);
  if (stoppedBy) {
    log(
      json
        ? `stopped by ${stoppedBy}; continue with: initlab compare --resume ${json}`
        : `stopped by ${stoppedBy}; run with --json FILE to keep a checkpoint that --resume can continue`,
    );
    return SIGNAL_EXIT_CODES[stoppedBy];
  }
  return runs.every((run) => run.status === 'completed') ? 0 : 1;
}

/**
 * Waits for the comparison to end. The first SIGINT or SIGTERM stops every
 * run after its current step; a second one exits at once, which loses only
 * the steps since the last checkpoint because every file is written
 * atomically.
 */
async function untilDoneOrSignal(comparison: {
  done: Promise<void>;
  stop(): void;
}): Promise<keyof typeof SIGNAL_EXIT_CODES | undefined> {
  let stoppedBy: keyof typeof SIGNAL_EXIT_CODES | undefined;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES) => {
    if (stoppedBy) process.exit(SIGNAL_EXIT_CODES[signal]);
    stoppedBy = signal;
    log(`${signal}: stopping after the current step (send it again to exit at once)`);
    comparison.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await comparison.done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return stoppedBy;
}

async function removeIfEmpty(folder: string): Promise<void> {
  await rmdir(folder).catch(() => undefined);
}

function logPlan(
  config: CompareConfig,
  runCount: number,
  trainCount: number,
  testCount: number,
): void {
  const architecture = [784, ...config.hidden, 10].join('-');
  log(
    `training ${architecture} ${config.activation} MLP on ${trainCount} images` +
      ` (${testCount} test), ${config.optimizer} lr ${config.learningRate},` +
      ` batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed},` +
      ` ${Math.max(1, Math.min(config.workers, runCount))} worker(s)`,
  );
}

function reportBackend(backend: BackendSelection, verbose: boolean): void {
  const device = backend.gpu ? 'GPU' : 'CPU';
  log(`backend: ${backend.name} (${backend.provider}, ${device})`);
  if (verbose) {
    for (const skipped of backend.skipped) {
      log(`skipped ${skipped.provider}: ${skipped.reason}`);
    }
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Errors of the initlab packages name the invalid value in their message. */
function isPackageError(error: unknown): boolean {
  return (
    error instanceof Error &&
    ['IdxError', 'InitializerError', 'MlpError', 'TrainError'].includes(error.name)
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || isPackageError(error);
    if (process.argv.includes('--debug')) {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`initlab: ${message}\n`);
    }
    process.exitCode = usage ? 2 : 1;
  },
);
