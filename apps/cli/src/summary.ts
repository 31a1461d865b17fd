import type { Activation } from '@initlab/mlp';
import type { OptimizerName } from '@initlab/train';

import type { ChartRow } from './chart';
import type { RunRecord } from './compare';
import {
  formatSetting,
  pointLabel,
  type Dimension,
  type SweepPoint,
} from './grid';

/** One run of a sweep: its settings and its results. */
export type SweepRun = SweepPoint & RunRecord;

/** Mean, sample standard deviation and range of a value over seeds. */
export interface SeedStatistic {
  /** Number of runs the value comes from. */
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n - 1); null for a single run. */
  std: number | null;
  min: number;
  max: number;
}

/** The runs of one configuration (every setting but the seed) and their results. */
export interface ConfigurationSummary {
  /** 1 for the highest mean final test accuracy. */
  rank: number;
  label: string;
  init: string;
  activation: Activation;
  hidden: number[];
  optimizer: OptimizerName;
  learningRate: number;
  seeds: number[];
  /** Ids of the runs, in seed order. */
  runs: string[];
  /** Runs that trained every epoch; only they enter the statistics. */
  completed: number;
  /** Final test accuracy in [0, 1] over completed runs; null when none completed. */
  finalTestAccuracy: SeedStatistic | null;
  finalTestLoss: SeedStatistic | null;
}

/** Test accuracy and loss of one configuration per epoch, over completed runs. */
export interface EpochCurve {
  label: string;
  epochs: {
    epoch: number;
    testAccuracy: SeedStatistic;
    testLoss: SeedStatistic;
  }[];
}

/** Key of a run's configuration: every setting but the seed. */
function configurationKey(run: SweepPoint): string {
  return JSON.stringify([
    run.init,
    run.activation,
    run.hidden,
    run.optimizer,
    run.learningRate,
  ]);
}

/** Groups runs by configuration, in the order of their first run. */
export function groupByConfiguration<T extends SweepPoint>(runs: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const run of runs) {
    const key = configurationKey(run);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()];
}

/**
 * Summarizes every configuration and ranks them by mean final test
 * accuracy. Ties keep the grid order, and configurations without a
 * completed run come last, also in grid order.
 */
export function summarize(
  runs: SweepRun[],
  varying: readonly Dimension[],
): ConfigurationSummary[] {
  const columns = varying.filter((dimension) => dimension !== 'seed');
  const summaries = groupByConfiguration(runs).map((group) => {
    const completed = group.filter(
      (run) => run.status === 'completed' && run.epochs.length > 0,
    );
    const finals = completed.map((run) => run.epochs.at(-1)!);
    const [first] = group;
    return {
      rank: 0,
      label: pointLabel(first, columns),
      init: first.init,
      activation: first.activation,
      hidden: first.hidden,
      optimizer: first.optimizer,
      learningRate: first.learningRate,
      seeds: group.map((run) => run.seed),
      runs: group.map((run) => run.id),
      completed: completed.length,
      finalTestAccuracy: statistic(finals.map((e) => e.testAccuracy)),
      finalTestLoss: statistic(finals.map((e) => e.testLoss)),
    };
  });
  const score = (summary: ConfigurationSummary) =>
    summary.finalTestAccuracy?.mean ?? -Infinity;
  const ranked = summaries
    .map((summary, order) => ({ summary, order }))
    .sort((a, b) => score(b.summary) - score(a.summary) || a.order - b.order)
    .map(({ summary }) => summary);
  ranked.forEach((summary, index) => (summary.rank = index + 1));
  return ranked;
}

/** Returns the statistic of `values`, or null when there are none. */
export function statistic(values: number[]): SeedStatistic | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return {
    n,
    mean,
    std: n > 1 ? Math.sqrt(squares / (n - 1)) : null,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** Per-epoch statistics of each configuration's completed runs, in `summaries` order. */
export function epochCurves(
  runs: SweepRun[],
  summaries: ConfigurationSummary[],
): EpochCurve[] {
  const byId = new Map(runs.map((run) => [run.id, run]));
  return summaries.map((summary) => {
    const completed = summary.runs
      .map((id) => byId.get(id)!)
      .filter((run) => run.status === 'completed');
    const epochCount = Math.max(
      0,
      ...completed.map((run) => run.epochs.length),
    );
    const epochs = [];
    for (let epoch = 1; epoch <= epochCount; epoch++) {
      const results = completed.flatMap((run) =>
        run.epochs.filter((e) => e.epoch === epoch),
      );
      epochs.push({
        epoch,
        testAccuracy: statistic(results.map((e) => e.testAccuracy))!,
        testLoss: statistic(results.map((e) => e.testLoss))!,
      });
    }
    return { label: summary.label, epochs };
  });
}

/**
 * Formats the ranking: one row per configuration with the settings that
 * vary, the completed runs, and final test accuracy and loss as mean ±
 * sample standard deviation over seeds.
 */
export function formatSummaryTable(
  summaries: ConfigurationSummary[],
  varying: readonly Dimension[],
): string {
  const columns = varying.filter((dimension) => dimension !== 'seed');
  const names: Record<Dimension, string> = {
    init: 'init',
    activation: 'activation',
    hidden: 'hidden',
    optimizer: 'optimizer',
    learningRate: 'lr',
    seed: 'seed',
  };
  const header = [
    'rank',
    ...columns.map((d) => names[d]),
    'runs ok',
    'test accuracy (%)',
    'test loss',
  ];
  const rows = summaries.map((summary) => [
    String(summary.rank),
    ...columns.map((d) =>
      formatSetting(d, summary[d as Exclude<Dimension, 'seed'>]),
    ),
    `${summary.completed}/${summary.runs.length}`,
    formatStatistic(summary.finalTestAccuracy, 100, 2),
    formatStatistic(summary.finalTestLoss, 1, 4),
  ]);
  const widths = header.map((h, c) =>
    Math.max(h.length, ...rows.map((row) => row[c].length)),
  );
  const settingColumns = new Set(columns.map((_, i) => i + 1));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) =>
        settingColumns.has(c)
          ? cell.padEnd(widths[c])
          : cell.padStart(widths[c]),
      )
      .join('  ')
      .trimEnd();
  const seeds = Math.max(...summaries.map((s) => s.runs.length));
  return [
    `Final test accuracy, ranked (mean ± sample standard deviation over ${seeds} seed${
      seeds === 1 ? '' : 's'
    })`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

export function formatStatistic(
  value: SeedStatistic | null,
  scale: number,
  digits: number,
): string {
  if (!value) return '-';
  const mean = (value.mean * scale).toFixed(digits);
  return value.std === null
    ? mean
    : `${mean} ± ${(value.std * scale).toFixed(digits)}`;
}

/** Chart rows of a sweep: the mean over seeds of each configuration. */
export function sweepChartRows(
  curves: EpochCurve[],
  summaries: ConfigurationSummary[],
): ChartRow[] {
  return curves.map((curve, i) => ({
    label: curve.label,
    values: curve.epochs.map((e) => e.testAccuracy.mean),
    note:
      summaries[i].completed > 0
        ? `${formatStatistic(summaries[i].finalTestAccuracy, 100, 2)}%`
        : 'no completed run',
  }));
}

const CSV_COLUMNS = [
  'run_id',
  'init',
  'activation',
  'hidden',
  'optimizer',
  'learning_rate',
  'seed',
  'status',
  'epoch',
  'train_loss',
  'test_loss',
  'test_accuracy',
  'seconds',
];

/**
 * Formats one CSV row per run and epoch (RFC 4180 quoting), in grid order.
 * A run without a finished epoch gets one row with empty epoch columns, so
 * that its status is listed.
 */
export function toCsv(runs: SweepRun[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const run of runs) {
    const settings = [
      run.id,
      run.init,
      run.activation,
      run.hidden.join(','),
      run.optimizer,
      String(run.learningRate),
      String(run.seed),
      run.status,
    ];
    const epochs = run.epochs.length > 0 ? run.epochs : [undefined];
    for (const e of epochs) {
      const metrics = e
        ? [e.epoch, e.trainLoss, e.testLoss, e.testAccuracy, e.seconds].map(
            String,
          )
        : ['', '', '', '', ''];
      lines.push([...settings, ...metrics].map(csvField).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
