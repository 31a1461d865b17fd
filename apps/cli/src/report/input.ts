import { readFile, stat } from 'node:fs/promises';

import { DATASETS, type DatasetName } from '../dataset';
import type { Environment } from '../environment';
import { UsageError } from '../errors';
import { expandGrid, varyingDimensions, type Dimension } from '../grid';
import type { ResultsFile } from '../results';
import { definitionOptions, type SweepDefinition } from '../sweep-args';
import { SweepStore, type SweepResultsFile } from '../sweep-store';
import type { SweepRun } from '../summary';

/** Runs, settings and environment that a report shows, from a sweep folder or a compare results file. */
export interface ReportInput {
  kind: 'sweep' | 'compare';
  /** The folder or file the report was made from. */
  source: string;
  dataset: DatasetName;
  epochs: number;
  /** Finished runs, in grid order. */
  runs: SweepRun[];
  /** Runs the sweep or comparison plans, finished or not. */
  plannedRuns: number;
  varying: Dimension[];
  /** Options the runs were trained with, as name and value. */
  settings: [string, string][];
  /** Distinct environments that trained the runs; values missing from older files are absent. */
  environments: Partial<Environment>[];
}

const FINISHED = new Set(['completed', 'diverged', 'failed']);

/**
 * Reads a sweep folder (its `sweep.json` and finished runs), a sweep's
 * `results.json`, or the `--json` file of `initlab compare`.
 */
export async function loadReportInput(target: string): Promise<ReportInput> {
  const stats = await stat(target).catch(() => undefined);
  if (!stats) {
    throw new UsageError(
      `${target} not found; pass the --out folder of initlab sweep or a compare --json file`,
    );
  }
  if (stats.isDirectory()) return loadSweepFolder(target);

  let document: Partial<ResultsFile & SweepResultsFile>;
  try {
    document = JSON.parse(await readFile(target, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${target} is not valid JSON (${
        (error as Error).message
      }); pass a sweep folder or a compare --json file`,
    );
  }
  if (
    document.format === 1 &&
    document.definition &&
    Array.isArray(document.runs)
  ) {
    return fromSweep(target, document.definition, document.runs, [
      document.environment!,
    ]);
  }
  if (
    document.format === 1 &&
    document.config &&
    Array.isArray(document.runs)
  ) {
    return fromComparison(target, document as ResultsFile);
  }
  throw new UsageError(
    `${target} is neither a sweep's results.json nor a compare --json file (format 1)`,
  );
}

async function loadSweepFolder(dir: string): Promise<ReportInput> {
  const store = new SweepStore(dir);
  const sweep = await store.readSweep();
  if (!sweep) {
    throw new UsageError(
      `${dir} is not a sweep folder: ${store.sweepFile} not found; pass the --out folder of initlab sweep`,
    );
  }
  const runs: SweepRun[] = [];
  const environments: Environment[] = [];
  for (const point of expandGrid(sweep.definition.grid)) {
    const stored = await store.readRun(point);
    if (!stored) continue;
    const { format: _format, environment, ...run } = stored;
    runs.push(run);
    environments.push(environment);
  }
  return fromSweep(dir, sweep.definition, runs, environments);
}

function fromSweep(
  source: string,
  definition: SweepDefinition,
  runs: SweepRun[],
  environments: Environment[],
): ReportInput {
  return {
    kind: 'sweep',
    source,
    dataset: definition.dataset,
    epochs: definition.epochs,
    runs: runs.filter((run) => FINISHED.has(run.status)),
    plannedRuns: expandGrid(definition.grid).length,
    varying: varyingDimensions(definition.grid),
    settings: Object.entries(definitionOptions(definition)),
    environments: distinct(environments),
  };
}

function fromComparison(source: string, results: ResultsFile): ReportInput {
  const { config } = results;
  const runs: SweepRun[] = results.runs.map((run, index) => ({
    ...run,
    id: `${index}`,
    activation: config.activation,
    hidden: config.hidden,
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    seed: config.seed,
  }));
  const dataset = DATASETS.includes(config.dataset) ? config.dataset : 'mnist';
  const settings = Object.entries(config).map(
    ([key, value]): [string, string] => [
      key,
      Array.isArray(value) ? value.join(',') : String(value),
    ],
  );
  return {
    kind: 'compare',
    source,
    dataset,
    epochs: config.epochs,
    runs: runs.filter((run) => FINISHED.has(run.status)),
    plannedRuns: runs.length,
    varying: ['init'],
    settings,
    environments: [results.environment ?? { backend: results.backend }],
  };
}

function distinct<T>(values: T[]): T[] {
  const seen = new Map(values.map((value) => [JSON.stringify(value), value]));
  return [...seen.values()];
}
