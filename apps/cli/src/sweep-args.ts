import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { ACTIVATIONS, isActivation, type Activation } from '@initlab/mlp';
import { OPTIMIZERS } from '@initlab/train';

import { BACKEND_CHOICES, type BackendChoice } from './backend';
import { readConfigFile, type ConfigValues } from './config-file';
import { DATASETS, FASHION_MNIST_DIR, type DatasetName } from './dataset';
import { UsageError } from './errors';
import { expandGrid, type SweepGrid } from './grid';
import { parseInitSpec } from './inits';
import {
  attachNegativeValues,
  integer,
  wrapList,
  list,
  nonNegativeNumber,
  oneOf,
  positiveInteger,
  positiveNumber,
} from './options';

/** Settings that define a sweep, stored in `DIR/sweep.json` and compared by `--resume`. */
export interface SweepDefinition {
  grid: SweepGrid;
  epochs: number;
  batchSize: number;
  momentum: number;
  backend: BackendChoice;
  normalization: 'standardize' | 'scale';
  dataset: DatasetName;
  trainLimit?: number;
  /** Absolute path, so that a resume from another folder compares equal. */
  dataDir?: string;
  /** Steps between statistics snapshots, or 0 for none. */
  statsInterval: number;
}

/** Everything `initlab sweep` needs, validated. */
export interface SweepConfig {
  definition: SweepDefinition;
  out: string;
  resume: boolean;
  workers: number;
  verbose: boolean;
  quiet: boolean;
}

/** Options that define the sweep: the flags, and the keys of a config file. */
export const DEFINITION_KEYS = [
  'inits',
  'activations',
  'hidden',
  'optimizers',
  'lrs',
  'seeds',
  'epochs',
  'batch-size',
  'momentum',
  'train-limit',
  'backend',
  'normalization',
  'dataset',
  'data-dir',
  'stats',
  'stats-interval',
] as const;

export type DefinitionKey = (typeof DEFINITION_KEYS)[number];

/** Options that take a list; the others take one value. */
const LIST_KEYS: DefinitionKey[] = [
  'inits',
  'activations',
  'hidden',
  'optimizers',
  'lrs',
  'seeds',
];

const DEFAULTS: Partial<Record<DefinitionKey, string>> = {
  inits: 'zero,random,xavier,he',
  activations: 'relu',
  hidden: '128',
  optimizers: 'sgd',
  lrs: '0.001',
  seeds: '42',
  epochs: '10',
  'batch-size': '128',
  momentum: '0',
  backend: 'auto',
  normalization: 'standardize',
  dataset: 'mnist',
};

/** Compare's single-valued options, and the sweep list to use instead. */
const LIST_INSTEAD: Record<string, string> = {
  init: 'inits',
  activation: 'activations',
  optimizer: 'optimizers',
  lr: 'lrs',
  seed: 'seeds',
};

export const SWEEP_HELP = `Usage: initlab sweep --out DIR [options]

Trains one MLP for every combination of the listed initializers,
activations, architectures, optimizers, learning rates and seeds, then
ranks the configurations by final test accuracy, as the mean and standard
deviation over seeds. Each finished run is written to DIR/runs/<run-id>.json
at once; at the end DIR/results.csv and DIR/results.json combine them.

Grid (comma-separated lists):
  --inits LIST          initializers, each name or name:key=value:..., as in
                        compare (default zero,random,xavier,he)
  --activations LIST    any of ${wrapList(ACTIVATIONS, 24, 'any of '.length)}
                        (default relu)
  --hidden LIST         architectures separated by | or ;, each a
                        comma-separated list of hidden layer widths in units:
                        "128|256,256" tries one layer of 128 and two of 256
                        (default 128)
  --optimizers LIST     ${OPTIMIZERS.join(', ')} (default sgd)
  --lrs LIST            learning rates, per step (default 0.001)
  --seeds LIST          integer seeds of initialization and shuffling
                        (default 42)

Training (one value for every run):
  --epochs N            passes over the training set (default 10)
  --batch-size N        training examples per step (default 128)
  --momentum X          SGD or RMSprop momentum coefficient (default 0)
  --train-limit N       train on the first N training images (default all)
  --backend NAME        ${BACKEND_CHOICES.join(', ')} (default auto: the first
                        that loads)
  --normalization M     standardize (mean 0.1307, std 0.3081, MNIST's) or
                        scale to [0, 1] (default standardize)
  --dataset NAME        ${DATASETS.join(', ')} (default mnist, bundled);
                        fashion-mnist is read from
                        ${FASHION_MNIST_DIR}, which
                        apt-get install dataset-fashion-mnist installs
  --data-dir DIR        folder of MNIST-layout IDX files, plain or .gz,
                        overriding the dataset's folder (default: none)
  --stats               record per-layer statistics in every run, for the
                        report (default off)
  --stats-interval N    training steps between statistics snapshots
                        (default 100; implies --stats)

Sweep:
  --config FILE         read the options above from a JSON (.json) or YAML
                        file with the same names as keys, e.g. "lrs: [0.1,
                        0.01]"; options on the command line override it
                        (default: none)
  --out DIR             folder of the results (required)
  --resume              continue the interrupted sweep in DIR, skipping the
                        runs already there; the options must be those it was
                        started with (default off)
  --workers N           worker threads training in parallel (default: the
                        number of cores, at most one per run)
  --quiet               print no progress, informational lines or chart;
                        only the summary table and errors (default off)
  --verbose             report why each skipped backend was skipped
                        (default off)
  --debug               print the stack trace of an unexpected error
                        (default off)
  -h, --help            show this help
`;

/**
 * Parses and validates the arguments of `initlab sweep`, reading
 * `--config` first. Throws {@link UsageError} naming the first invalid
 * value and where it came from: the flag, or the config file and key.
 */
export async function parseSweepArgs(
  argv: string[],
): Promise<SweepConfig | 'help'> {
  const { values, positionals } = parseOrThrow(argv);
  if (values.help) return 'help';
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}"; see initlab sweep --help`,
    );
  }
  if (values.out === undefined || values.out.trim() === '') {
    throw new UsageError(
      '--out DIR is required: the folder that receives the results; see initlab sweep --help',
    );
  }
  const file =
    values.config === undefined
      ? undefined
      : await readConfigFile(values.config, {
          keys: DEFINITION_KEYS,
          lists: LIST_KEYS,
          switches: ['stats'],
        });
  const definition = parseDefinition(flagValues(values), file);
  const runs = expandGrid(definition.grid).length;
  return {
    definition,
    out: values.out,
    resume: values.resume ?? false,
    workers: values.workers
      ? positiveInteger('--workers', values.workers)
      : Math.max(1, Math.min(runs, availableParallelism())),
    verbose: values.verbose ?? false,
    quiet: values.quiet ?? false,
  };
}

/**
 * Validates the definition options, each taken from the command line when
 * given there, else from the config file, else the default.
 */
function parseDefinition(
  flags: ConfigValues,
  file: { path: string; values: ConfigValues } | undefined,
): SweepDefinition {
  const read = (
    key: DefinitionKey,
  ): { value: string | boolean | undefined; label: string } => {
    if (flags[key] !== undefined)
      return { value: flags[key], label: `--${key}` };
    if (file?.values[key] !== undefined) {
      return { value: file.values[key], label: `${file.path}: ${key}` };
    }
    return { value: DEFAULTS[key], label: `--${key}` };
  };
  const single = <T>(
    key: DefinitionKey,
    parse: (label: string, text: string) => T,
  ): T => {
    const { value, label } = read(key);
    return parse(label, String(value));
  };
  const optional = <T>(
    key: DefinitionKey,
    parse: (label: string, text: string) => T,
  ) => (read(key).value === undefined ? undefined : single(key, parse));
  const stats =
    read('stats').value === true || read('stats-interval').value !== undefined;

  return {
    grid: parseGrid(read),
    epochs: single('epochs', positiveInteger),
    batchSize: single('batch-size', positiveInteger),
    momentum: single('momentum', nonNegativeNumber),
    backend: single('backend', (label, text) =>
      oneOf(label, text, BACKEND_CHOICES),
    ),
    normalization: single('normalization', (label, text) =>
      oneOf(label, text, ['standardize', 'scale'] as const),
    ),
    dataset: single('dataset', (label, text) => oneOf(label, text, DATASETS)),
    trainLimit: optional('train-limit', positiveInteger),
    dataDir: optional('data-dir', (_label, text) => path.resolve(text)),
    statsInterval: stats
      ? optional('stats-interval', positiveInteger) ?? 100
      : 0,
  };
}

function parseGrid(
  read: (key: DefinitionKey) => {
    value: string | boolean | undefined;
    label: string;
  },
): SweepGrid {
  const items = <T>(
    key: DefinitionKey,
    parse: (label: string, item: string) => T,
  ): T[] => {
    const { value, label } = read(key);
    return distinct(
      label,
      list(label, String(value)).map((item) => parse(label, item)),
    );
  };
  const hidden = read('hidden');
  return {
    inits: items('inits', (label, init) => {
      checkInit(label, init);
      return init;
    }),
    activations: items('activations', activation),
    hidden: distinct(
      hidden.label,
      parseArchitectures(hidden.label, String(hidden.value)),
    ),
    optimizers: items('optimizers', (label, name) =>
      oneOf(label, name, OPTIMIZERS),
    ),
    learningRates: items('lrs', positiveNumber),
    seeds: items('seeds', integer),
  };
}

/**
 * Writes a definition as option names and command-line values, in the
 * order of {@link DEFINITION_KEYS}; options not set read `none`.
 */
export function definitionOptions(
  definition: SweepDefinition,
): Record<string, string> {
  const { grid } = definition;
  const values: Record<DefinitionKey, unknown> = {
    inits: grid.inits,
    activations: grid.activations,
    hidden: grid.hidden.map((widths) => widths.join(',')).join('|'),
    optimizers: grid.optimizers,
    lrs: grid.learningRates,
    seeds: grid.seeds,
    epochs: definition.epochs,
    'batch-size': definition.batchSize,
    momentum: definition.momentum,
    'train-limit': definition.trainLimit,
    backend: definition.backend,
    normalization: definition.normalization,
    dataset: definition.dataset,
    'data-dir': definition.dataDir,
    stats: definition.statsInterval > 0,
    'stats-interval': definition.statsInterval || undefined,
  };
  const show = (value: unknown) =>
    value === undefined
      ? 'none'
      : Array.isArray(value)
      ? value.join(',')
      : String(value);
  return Object.fromEntries(
    DEFINITION_KEYS.map((key) => [key, show(values[key])]),
  );
}

/**
 * Parses `--hidden`: architectures separated by `|` or `;`, each a
 * comma-separated list of widths.
 */
export function parseArchitectures(label: string, text: string): number[][] {
  const architectures = text.split(/[|;]/).map((part) => part.trim());
  if (architectures.some((part) => part === '')) {
    throw new UsageError(
      `${label} must be architectures separated by | or ;, each a comma-separated list of widths, such as "128|256,256"; got "${text}"`,
    );
  }
  return architectures.map((part) =>
    list(label, part).map((width) => positiveInteger(label, width)),
  );
}

function activation(label: string, name: string): Activation {
  if (!isActivation(name)) {
    throw new UsageError(
      `${label} must be one of ${ACTIVATIONS.join(', ')}; got "${name}"`,
    );
  }
  return name;
}

/** Validates an initializer, naming the config file and key when it came from one. */
function checkInit(label: string, init: string): void {
  try {
    parseInitSpec(init);
  } catch (error) {
    if (!(error instanceof UsageError) || label === '--inits') throw error;
    throw new UsageError(`${label} ${error.message.replace(/^--inits /, '')}`);
  }
}

/** Rejects a list that names the same value twice, which would repeat runs. */
function distinct<T>(label: string, values: T[]): T[] {
  const seen = new Set<string>();
  for (const value of values) {
    const key = JSON.stringify(value);
    if (seen.has(key)) {
      const shown = Array.isArray(value) ? value.join(',') : String(value);
      throw new UsageError(
        `${label} lists ${shown} twice; each value is a separate set of runs`,
      );
    }
    seen.add(key);
  }
  return values;
}

/** Returns the definition options given on the command line, in config-file form. */
function flagValues(
  values: Record<string, string | boolean | undefined>,
): ConfigValues {
  const result: ConfigValues = {};
  for (const key of DEFINITION_KEYS) {
    if (values[key] !== undefined) result[key] = values[key];
  }
  return result;
}

function parseOrThrow(argv: string[]) {
  const option = { type: 'string' } as const;
  const flag = { type: 'boolean' } as const;
  try {
    return parseArgs({
      args: attachNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        inits: option,
        activations: option,
        hidden: option,
        optimizers: option,
        lrs: option,
        seeds: option,
        epochs: option,
        'batch-size': option,
        momentum: option,
        'train-limit': option,
        backend: option,
        normalization: option,
        dataset: option,
        'data-dir': option,
        stats: flag,
        'stats-interval': option,
        config: option,
        out: option,
        resume: flag,
        workers: option,
        quiet: flag,
        verbose: flag,
        debug: flag,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs appends advice on positionals that start with a dash.
    const message = (
      error instanceof Error ? error.message.split('\n')[0] : String(error)
    ).replace(/\. To specify a positional argument.*$/, '');
    const unknown = /Unknown option '--([a-z-]+)'/.exec(message)?.[1];
    const hint =
      unknown && LIST_INSTEAD[unknown]
        ? `; a sweep takes lists: use --${LIST_INSTEAD[unknown]}`
        : '';
    throw new UsageError(
      `${message.replace(/\.$/, '')}${hint}; see initlab sweep --help`,
    );
  }
}
