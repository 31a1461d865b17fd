import { readFile, rm, rmdir } from 'node:fs/promises';

import { diagnose } from '@initlab/train';

import {
  parseCompareArgs,
  type CompareConfig,
  type ResumeRequest,
} from './args';
import { formatAccuracyChart, runChartRows } from './chart';
import {
  checkpointDir,
  checkpointPath,
  toCheckpointFile,
} from './checkpoint-file';
import {
  checkPlannedCheckpoints,
  startComparison,
  type PlannedRun,
  type RunRecord,
} from './compare';
import type { SharedData } from './data';
import { prepareTraining } from './prepare';
import { UsageError } from './errors';
import { createLogger, type Logger } from './output';
import { ProgressDisplay } from './progress';
import { planResume } from './resume';
import {
  checkOutputFile,
  createWriteQueue,
  removeStaleTemporaries,
  toResultsFile,
  writeJsonAtomic,
} from './results';
import { SIGNAL_EXIT_CODES, untilDoneOrSignal } from './signals';
import { formatAccuracyTable, formatStats } from './table';

/** Statuses of runs that have ended; --resume tries failed ones again. */
const FINISHED = new Set<RunRecord['status']>([
  'completed',
  'diverged',
  'failed',
]);

/** Runs `initlab compare` with the arguments after the command name. */
export async function compareCommand(
  argv: string[],
  help: string,
): Promise<number> {
  const parsed = parseCompareArgs(argv);
  if (parsed === 'help') {
    process.stdout.write(help);
    return 0;
  }
  if ('resume' in parsed) return resume(parsed);
  if (parsed.json) await prepareResultsFile(parsed.json);
  const runs: RunRecord[] = parsed.inits.map((init) => ({
    init,
    status: 'pending',
    epochs: [],
  }));
  const planned = runs.map((run, index) => ({ index, init: run.init }));
  return compare(parsed, runs, planned);
}

async function resume(request: ResumeRequest): Promise<number> {
  const plan = await planResume(request.resume);
  const config: CompareConfig = {
    ...plan.config,
    json: request.resume,
    verbose: request.verbose,
    quiet: request.quiet,
    workers: request.workers ?? plan.config.workers,
  };
  const log = createLogger(config.quiet);
  if (plan.planned.length === 0) {
    log.info(`${request.resume}: every run has finished; nothing to resume`);
    process.stdout.write(formatAccuracyTable(plan.runs, config.epochs) + '\n');
    return plan.runs.every((run) => run.status === 'completed') ? 0 : 1;
  }
  log.info(`resuming ${request.resume}: ${plan.planned.length} of ${plan.runs.length} runs left`);
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
  const log = createLogger(config.quiet);
  const { data, backend } = await prepareTraining(config, log, config.verbose);
  checkPlannedCheckpoints(planned, config, data);
  logPlan(log, config, planned.length, data);

  const json = config.json;
  const queue = createWriteQueue();
  if (json) await removeStaleTemporaries(json);
  const save = () =>
    json
      ? queue.add(() =>
          writeJsonAtomic(json, toResultsFile(config, backend, runs)),
        )
      : undefined;
  const finished = runs.map((run) =>
    FINISHED.has(run.status) ? run.status : undefined,
  );
  const display = config.quiet
    ? undefined
    : new ProgressDisplay(config.inits, config.epochs, { finished });
  const comparison = startComparison(config, backend, data, planned, {
    onProgress: (index, epoch, batch, batches) => {
      runs[index].status = 'running';
      display?.progress(index, epoch, batch, batches);
    },
    onEpoch: async (index, result) => {
      runs[index].epochs.push(result);
      display?.epochEnd(index, result);
      await save();
    },
    onSnapshot: (index, snapshot) => {
      (runs[index].stats ??= []).push(snapshot);
    },
    onCheckpoint: async (index, checkpoint) => {
      if (!json) return;
      const file = checkpointPath(json, index);
      await queue.add(() =>
        writeJsonAtomic(file, toCheckpointFile(runs[index].init, checkpoint)),
      );
    },
    onRunEnd: async (index, record, history) => {
      const { epochs: _epochs, ...status } = record;
      Object.assign(runs[index], status);
      const stats = runs[index].stats;
      if (config.statsInterval && stats && record.status !== 'stopped') {
        runs[index].verdict = diagnose(stats, record.status === 'diverged');
      }
      display?.runEnd(index, runs[index]);
      await save();
      if (!json) return;
      const file = checkpointPath(json, index);
      if (history?.checkpoint) {
        const stored = toCheckpointFile(runs[index].init, history.checkpoint);
        await queue.add(() => writeJsonAtomic(file, stored));
      } else if (record.status !== 'failed') {
        // A completed or diverged run needs no checkpoint. A failed one
        // keeps its last checkpoint, from which it can be tried again.
        await queue.add(() => rm(file, { force: true }));
      }
    },
  });

  const stoppedBy = await untilDoneOrSignal(comparison, log);
  display?.finish();
  await save();
  await queue.idle();
  if (json && !stoppedBy) await removeIfEmpty(checkpointDir(json));

  process.stdout.write(formatAccuracyTable(runs, config.epochs) + '\n');
  if (!config.quiet) {
    const chart = formatAccuracyChart(
      runChartRows(runs, config.epochs),
      config.epochs,
      'Test accuracy by epoch',
    );
    process.stdout.write('\n' + chart + '\n');
  }
  if (config.statsInterval)
    process.stdout.write('\n' + formatStats(runs) + '\n');
  if (json) log.info(`results written to ${json}`);
  if (stoppedBy) {
    log.warn(
      json
        ? `stopped by ${stoppedBy}; continue with: initlab compare --resume ${json}`
        : `stopped by ${stoppedBy}; run with --json FILE to keep a checkpoint that --resume can continue`,
    );
    return SIGNAL_EXIT_CODES[stoppedBy];
  }
  return runs.every((run) => run.status === 'completed') ? 0 : 1;
}

/**
 * Checks that a new comparison may write `json`: the path must be a
 * regular file, and an interrupted comparison there must not be lost by
 * accident. Checkpoints left from an earlier comparison are deleted, so a
 * later --resume cannot pick them up.
 */
async function prepareResultsFile(json: string): Promise<void> {
  await checkOutputFile('--json', json);
  await checkOutputFile('--json', checkpointPath(json, 0));
  const previous = await readFile(json, 'utf8').catch(() => undefined);
  if (previous !== undefined) {
    let runs: { status?: string }[] = [];
    try {
      runs = (JSON.parse(previous) as { runs?: { status?: string }[] }).runs ?? [];
    } catch {
      // Not a results file: the user chose to replace it.
    }
    if (Array.isArray(runs) && runs.some((run) => !FINISHED.has(run?.status as RunRecord['status']))) {
      throw new UsageError(
        `${json} holds an unfinished comparison; continue it with initlab compare --resume ${json}, or delete it to start over`,
      );
    }
  }
  await rm(checkpointDir(json), { recursive: true, force: true });
}

async function removeIfEmpty(folder: string): Promise<void> {
  await rmdir(folder).catch(() => undefined);
}

function logPlan(
  log: Logger,
  config: CompareConfig,
  runCount: number,
  data: SharedData,
): void {
  const trainCount = data.train.count;
  const testCount = data.test.count;
  const architecture = [data.train.features, ...config.hidden, 10].join('-');
  const images =
    config.dataset === 'mnist' ? 'images' : `${config.dataset} images`;
  log.info(
    `training ${architecture} ${config.activation} MLP on ${trainCount} ${images}` +
      ` (${testCount} test), ${config.optimizer} lr ${config.learningRate},` +
      ` batch ${config.batchSize}, ${plural(config.epochs, 'epoch')}, seed ${config.seed},` +
      ` ${Math.max(1, Math.min(config.workers, runCount))} worker(s)`,
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
