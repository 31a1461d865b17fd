import { diagnose, type TrainCheckpoint } from '@initlab/train';

import type { CompareConfig } from './args';
import { formatAccuracyChart } from './chart';
import {
  checkPlannedCheckpoints,
  startComparison,
  type CompareObserver,
  type PlannedRun,
} from './compare';
import { prepareTraining } from './prepare';
import { currentEnvironment, type Environment } from './environment';
import { UsageError } from './errors';
import {
  expandGrid,
  pointLabel,
  varyingDimensions,
  type SweepPoint,
} from './grid';
import { createLogger, type Logger } from './output';
import { ProgressDisplay } from './progress';
import { createWriteQueue, type WriteQueue } from './results';
import { SIGNAL_EXIT_CODES, untilDoneOrSignal } from './signals';
import {
  SWEEP_HELP,
  definitionOptions,
  parseSweepArgs,
  type SweepConfig,
  type SweepDefinition,
} from './sweep-args';
import { SweepStore } from './sweep-store';
import {
  epochCurves,
  formatSummaryTable,
  summarize,
  sweepChartRows,
  toCsv,
  type SweepRun,
} from './summary';

const FINISHED = new Set(['completed', 'diverged', 'failed']);

/** Runs `initlab sweep` with the arguments after the command name. */
export async function sweepCommand(argv: string[]): Promise<number> {
  const config = await parseSweepArgs(argv);
  if (config === 'help') {
    process.stdout.write(SWEEP_HELP);
    return 0;
  }
  const log = createLogger(config.quiet);
  const { definition } = config;
  const store = new SweepStore(config.out);
  const points = expandGrid(definition.grid);
  await checkOutFolder(store, config);

  const { data, backend } = await prepareTraining(definition, log, config.verbose);
  await store.removeStaleTemporaries();
  await store.writeSweep(definition, points);
  const { runs, planned } = await planRuns(store, config, points);
  logPlan(log, config, runs.length, planned.length, data.train.count);

  const environment = currentEnvironment(backend);
  const display = createDisplay(config, points, runs);
  const queue = createWriteQueue();
  const observer = recordRuns(runs, {
    config,
    store,
    queue,
    display,
    environment,
  });
  const base = planned[0]?.config ?? runConfig(config, points[0]);
  checkPlannedCheckpoints(planned, base, data);
  const comparison = startComparison(base, backend, data, planned, observer);
  const stoppedBy = await untilDoneOrSignal(comparison, log);
  display?.finish();
  await queue.idle();
  if (stoppedBy) {
    const done = runs.filter((run) => FINISHED.has(run.status)).length;
    log.warn(
      `stopped by ${stoppedBy} with ${done} of ${runs.length} runs done;` +
        ` continue with: ${resumeCommand(process.argv.slice(2))}`,
    );
    return SIGNAL_EXIT_CODES[stoppedBy];
  }

  await store.removeEmptyCheckpointFolder();
  await writeAndPrintResults(config, store, runs, environment);
  log.info(
    `results written to ${store.csvFile} and ${store.resultsFile}; draw them with: initlab report ${config.out}`,
  );
  return runs.every((run) => run.status === 'completed') ? 0 : 1;
}

/** Shows the running runs and the total, unless `--quiet`. */
function createDisplay(
  config: SweepConfig,
  points: SweepPoint[],
  runs: SweepRun[],
): ProgressDisplay | undefined {
  if (config.quiet) return undefined;
  const varying = varyingDimensions(config.definition.grid);
  return new ProgressDisplay(
    points.map((point) => pointLabel(point, varying)),
    config.definition.epochs,
    {
      activeOnly: true,
      finished: runs.map((run) =>
        FINISHED.has(run.status) ? run.status : undefined,
      ),
    },
  );
}

/**
 * Keeps `runs` up to date from the workers' messages, writes a checkpoint
 * after every epoch and when a run stops, and writes each finished run's
 * file.
 */
function recordRuns(
  runs: SweepRun[],
  context: {
    config: SweepConfig;
    store: SweepStore;
    queue: WriteQueue;
    display?: ProgressDisplay;
    environment: Environment;
  },
): CompareObserver {
  const { config, store, queue, display, environment } = context;
  // Copies, because the arrays grow while the write waits in the queue.
  const saveCheckpoint = (run: SweepRun, checkpoint: TrainCheckpoint) => {
    const state = {
      epochs: [...run.epochs],
      stats: run.stats && [...run.stats],
      checkpoint,
    };
    return queue.add(() => store.writeCheckpoint(run.id, state));
  };
  return {
    onProgress: (index, epoch, batch, batches) => {
      runs[index].status = 'running';
      display?.progress(index, epoch, batch, batches);
    },
    onEpoch: (index, result) => {
      runs[index].epochs.push(result);
      display?.epochEnd(index, result);
    },
    onSnapshot: (index, snapshot) => {
      (runs[index].stats ??= []).push(snapshot);
    },
    onCheckpoint: (index, checkpoint) =>
      saveCheckpoint(runs[index], checkpoint),
    onRunEnd: async (index, record, history) => {
      const run = runs[index];
      const { epochs: _epochs, init: _init, ...status } = record;
      Object.assign(run, status);
      const stats = config.definition.statsInterval ? run.stats : undefined;
      if (stats && record.status !== 'stopped') {
        run.verdict = diagnose(stats, record.status === 'diverged');
      }
      display?.runEnd(index, run);
      if (history?.checkpoint) {
        await saveCheckpoint(run, history.checkpoint);
      } else if (FINISHED.has(run.status)) {
        await queue.add(() => store.writeRun(run, environment));
        await queue.add(() => store.removeCheckpoint(run.id));
      }
    },
  };
}

/** Writes results.csv and results.json, and prints the ranking and chart. */
async function writeAndPrintResults(
  config: SweepConfig,
  store: SweepStore,
  runs: SweepRun[],
  environment: Environment,
): Promise<void> {
  const { definition } = config;
  const varying = varyingDimensions(definition.grid);
  const summary = summarize(runs, varying);
  await store.writeResults(
    { format: 1, definition, environment, summary, runs },
    toCsv(runs),
  );
  process.stdout.write(formatSummaryTable(summary, varying) + '\n');
  if (config.quiet) return;

  const rows = sweepChartRows(epochCurves(runs, summary), summary);
  const seeds = definition.grid.seeds.length === 1 ? 'one seed' : 'seeds';
  const title = `Test accuracy by epoch, mean over ${seeds}`;
  const chart = formatAccuracyChart(rows, definition.epochs, title);
  process.stdout.write('\n' + chart + '\n');
}

/**
 * Checks that `--out` contains no sweep yet, or with `--resume` the sweep of
 * the same definition, before any work starts.
 */
async function checkOutFolder(
  store: SweepStore,
  config: SweepConfig,
): Promise<void> {
  const stored = await store.readSweep();
  if (!config.resume) {
    if (stored) {
      throw new UsageError(
        `${config.out} already contains a sweep (${store.sweepFile}); add --resume to continue it, or choose another --out`,
      );
    }
    return;
  }
  if (!stored) {
    throw new UsageError(
      `nothing to resume: ${store.sweepFile} does not exist; run without --resume to start the sweep`,
    );
  }
  const differences = describeDifferences(stored.definition, config.definition);
  if (differences.length > 0) {
    throw new UsageError(
      `cannot resume ${config.out}: it was started with ${differences.join(
        '; ',
      )};` +
        ` rerun with the options it was started with (stored in ${store.sweepFile}) or choose another --out`,
    );
  }
}

/** Names each option whose stored value differs from the requested one. */
function describeDifferences(
  stored: SweepDefinition,
  requested: SweepDefinition,
): string[] {
  const before = definitionOptions(stored);
  const after = definitionOptions(requested);
  return Object.keys(after)
    .filter((key) => before[key] !== after[key])
    .map((key) => `--${key} ${before[key]}, not ${after[key]}`);
}

/**
 * Lists every run: finished ones from their files, unfinished ones with the
 * epochs before their checkpoint, and plans the unfinished ones.
 */
async function planRuns(
  store: SweepStore,
  config: SweepConfig,
  points: SweepPoint[],
): Promise<{ runs: SweepRun[]; planned: PlannedRun[] }> {
  const runs: SweepRun[] = [];
  const planned: PlannedRun[] = [];
  for (const [index, point] of points.entries()) {
    const stored = config.resume ? await store.readRun(point) : undefined;
    if (stored) {
      const { format: _format, environment: _environment, ...run } = stored;
      runs.push(run);
      continue;
    }
    const saved = config.resume
      ? await store.readCheckpoint(point.id)
      : undefined;
    const resumeFrom = saved?.checkpoint;
    const firstEpoch = resumeFrom?.epoch ?? 1;
    const batchesDone = resumeFrom?.batchesDone ?? 0;
    // Keep what happened before the checkpoint; the rest is trained again.
    const beforeCheckpoint = (s: { epoch: number; batch: number }) =>
      s.epoch < firstEpoch ||
      (s.epoch === firstEpoch && s.batch <= batchesDone);
    runs.push({
      ...point,
      status: 'pending',
      epochs: (saved?.epochs ?? []).filter((epoch) => epoch.epoch < firstEpoch),
      ...(saved?.stats ? { stats: saved.stats.filter(beforeCheckpoint) } : {}),
    });
    planned.push({
      index,
      init: point.init,
      resumeFrom,
      config: runConfig(config, point),
      checkpointFile: resumeFrom ? store.checkpointFile(point.id) : undefined,
    });
  }
  return { runs, planned };
}

/** Builds the configuration of one run, in the form the comparison's workers take. */
function runConfig(config: SweepConfig, point: SweepPoint): CompareConfig {
  const { definition } = config;
  return {
    inits: [point.init],
    epochs: definition.epochs,
    batchSize: definition.batchSize,
    learningRate: point.learningRate,
    optimizer: point.optimizer,
    momentum: definition.momentum,
    hidden: point.hidden,
    activation: point.activation,
    seed: point.seed,
    backend: definition.backend,
    normalization: definition.normalization,
    dataset: definition.dataset,
    trainLimit: definition.trainLimit,
    dataDir: definition.dataDir,
    workers: config.workers,
    verbose: config.verbose,
    quiet: config.quiet,
    statsInterval: definition.statsInterval,
  };
}

function logPlan(
  log: Logger,
  config: SweepConfig,
  total: number,
  left: number,
  trainCount: number,
): void {
  const { definition } = config;
  const workers = Math.max(1, Math.min(config.workers, left));
  const images =
    definition.dataset === 'mnist' ? 'images' : `${definition.dataset} images`;
  const resumed = config.resume ? `, ${total - left} already done` : '';
  log.info(
    `sweep of ${total} runs${resumed}: ${definition.epochs} epochs on ${trainCount} ${images},` +
      ` batch ${definition.batchSize}, ${workers} worker(s); results in ${config.out}`,
  );
}

/** Returns the command that continues this sweep: its arguments plus `--resume`. */
function resumeCommand(argv: string[]): string {
  const args = argv.includes('--resume') ? argv : [...argv, '--resume'];
  return ['initlab', ...args].map(shellQuote).join(' ');
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
