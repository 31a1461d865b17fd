import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

import { ACTIVATIONS, isActivation, type Activation } from '@initlab/mlp';
import { OPTIMIZERS, type OptimizerName } from '@initlab/train';

import { BACKEND_CHOICES, type BackendChoice } from './backend';
import { DATASETS, FASHION_MNIST_DIR, type DatasetName } from './dataset';
import { UsageError } from './errors';
import { parseInitSpec } from './inits';
import {
  attachNegativeValues,
  checkNetworkSize,
  describeParseError,
  integer,
  list,
  nonNegativeNumber,
  oneOf,
  positiveInteger,
  positiveNumber,
  wrapList,
} from './options';

/** Everything `initlab compare` needs, validated. */
export interface CompareConfig {
  inits: string[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  momentum: number;
  hidden: number[];
  activation: Activation;
  seed: number;
  backend: BackendChoice;
  normalization: 'standardize' | 'scale';
  dataset: DatasetName;
  trainLimit?: number;
  dataDir?: string;
  json?: string;
  workers: number;
  verbose: boolean;
  /** Print no progress, informational lines or chart; tables and errors only. */
  quiet: boolean;
  /** Record per-layer statistics every `statsInterval` steps, or never (0). */
  statsInterval: number;
}

/**
 * Defaults of `initlab compare`, as command-line strings: the classic
 * experiment, and presets that change some of them.
 */
const DEFAULTS = {
  inits: 'zero,random,xavier,he',
  epochs: '10',
  'batch-size': '128',
  lr: '0.001',
  optimizer: 'sgd',
  momentum: '0',
  hidden: '128',
  activation: 'relu',
  seed: '42',
  stats: false,
};

export const PRESETS: Record<string, Partial<typeof DEFAULTS>> = {
  classic: {},
  // Ten hidden layers, where the initializers separate within a few epochs.
  deep: {
    hidden: new Array(10).fill('256').join(','),
    lr: '0.01',
    epochs: '5',
    stats: true,
  },
};

/** `initlab compare --resume FILE`, with the options it may change. */
export interface ResumeRequest {
  resume: string;
  workers?: number;
  verbose: boolean;
  quiet: boolean;
}

/** Options that `--resume` accepts beside it; the rest come from the file. */
const RESUME_OPTIONS = new Set(['resume', 'workers', 'verbose', 'quiet', 'debug']);

export const COMPARE_HELP = `Usage: initlab compare [options]

Trains the same MLP once per initializer and prints the test accuracy of
each after every epoch, then a chart of it. The defaults are the classic
experiment: 784-128-10 ReLU on MNIST, SGD with learning rate 0.001, batch
128, 10 epochs.

Options:
  --inits LIST         comma-separated initializers, each name or
                       name:key=value:... (default zero,random,xavier,he;
                       random is a normal with stddev 0.01, xavier is
                       xavierUniform, he is kaimingNormal for ReLU; any
                       registry name such as glorot_normal also works)
  --epochs N           passes over the training set (default 10)
  --batch-size N       training examples per step (default 128)
  --lr X               learning rate, per step (default 0.001)
  --optimizer NAME     ${OPTIMIZERS.join(', ')} (default sgd)
  --momentum X         SGD or RMSprop momentum coefficient (default 0)
  --hidden LIST        comma-separated hidden layer widths, in units
                       (default 128)
  --activation NAME    ${wrapList(ACTIVATIONS, 23)} (default relu)
  --seed N             seed of initialization and shuffling (default 42)
  --backend NAME       ${BACKEND_CHOICES.join(', ')} (default auto: the first
                       that loads)
  --normalization M    standardize (mean 0.1307, std 0.3081, MNIST's) or
                       scale to [0, 1] (default standardize)
  --dataset NAME       ${DATASETS.join(', ')} (default mnist, bundled);
                       fashion-mnist is read from
                       ${FASHION_MNIST_DIR}, which
                       apt-get install dataset-fashion-mnist installs
  --data-dir DIR       folder of MNIST-layout IDX files, plain or .gz,
                       overriding the dataset's folder (default: none)
  --train-limit N      train on the first N training images (default all)
  --json FILE          write per-epoch results as JSON to FILE, and a
                       checkpoint of every run to FILE.checkpoints/
                       (default: none, results are only printed)
  --resume FILE        continue the interrupted comparison whose results
                       are in FILE, with its configuration (default: none)
  --workers N          worker threads training in parallel (default: the
                       number of cores, at most one per initializer)
  --preset NAME        ${Object.keys(PRESETS).join(', ')}: defaults for the options above
                       (default classic; deep: 10 hidden layers of 256, lr
                       0.01, 5 epochs, --stats); explicit options override
                       them
  --stats              record per-layer statistics and print a verdict per
                       run (default off)
  --stats-interval N   training steps between statistics snapshots
                       (default 100; implies --stats)
  --quiet              print no progress, informational lines or chart;
                       only the tables and errors (default off)
  --verbose            report why each skipped backend was skipped
                       (default off)
  --debug              print the stack trace of an unexpected error
                       (default off)
  -h, --help           show this help
`;

/**
 * Parses and validates the arguments of `initlab compare`. Throws
 * {@link UsageError} naming the first invalid value.
 */
export function parseCompareArgs(argv: string[]): CompareConfig | ResumeRequest | 'help' {
  const { values, positionals } = parseOrThrow(argv);
  if (values.help) return 'help';
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}"; see initlab compare --help`);
  }
  if (values.resume !== undefined) {
    const extra = Object.keys(values).find((key) => !RESUME_OPTIONS.has(key));
    if (extra) {
      throw new UsageError(
        `--${extra} cannot be combined with --resume, which takes the configuration from ${values.resume}`,
      );
    }
    return {
      resume: values.resume,
      workers: values.workers ? positiveInteger('--workers', values.workers) : undefined,
      verbose: values.verbose ?? false,
      quiet: values.quiet ?? false,
    };
  }
  const preset = oneOf('--preset', values.preset ?? 'classic', Object.keys(PRESETS));
  const defaults = { ...DEFAULTS, ...PRESETS[preset] };
  const inits = list('--inits', values.inits ?? defaults.inits);
  inits.forEach(parseInitSpec);
  const hidden = list('--hidden', values.hidden ?? defaults.hidden).map((width) =>
    positiveInteger('--hidden', width),
  );
  checkNetworkSize('--hidden', [784, ...hidden, 10]);
  const repeated = inits.find((init, i) => inits.indexOf(init) !== i);
  if (repeated) {
    throw new UsageError(`--inits lists ${repeated} twice; each initializer names one run`);
  }
  const activation = values.activation ?? defaults.activation;
  if (!isActivation(activation)) {
    throw new UsageError(`--activation must be one of ${ACTIVATIONS.join(', ')}; got "${activation}"`);
  }
  const trainLimit =
    values['train-limit'] === undefined
      ? undefined
      : positiveInteger('--train-limit', values['train-limit']);
  const stats = values.stats ?? (values['stats-interval'] !== undefined || defaults.stats);
  const runs = inits.length;
  return {
    inits,
    epochs: positiveInteger('--epochs', values.epochs ?? defaults.epochs),
    batchSize: positiveInteger('--batch-size', values['batch-size'] ?? defaults['batch-size']),
    learningRate: positiveNumber('--lr', values.lr ?? defaults.lr),
    optimizer: oneOf('--optimizer', values.optimizer ?? defaults.optimizer, OPTIMIZERS),
    momentum: nonNegativeNumber('--momentum', values.momentum ?? defaults.momentum),
    hidden,
    activation,
    seed: integer('--seed', values.seed ?? defaults.seed),
    backend: oneOf('--backend', values.backend ?? 'auto', BACKEND_CHOICES),
    normalization: oneOf('--normalization', values.normalization ?? 'standardize', [
      'standardize',
      'scale',
    ] as const),
    dataset: oneOf('--dataset', values.dataset ?? 'mnist', DATASETS),
    trainLimit,
    dataDir: values['data-dir'],
    json: values.json,
    workers: values.workers
      ? positiveInteger('--workers', values.workers)
      : Math.max(1, Math.min(runs, availableParallelism())),
    statsInterval: stats
      ? positiveInteger('--stats-interval', values['stats-interval'] ?? '100')
      : 0,
    verbose: values.verbose ?? false,
    quiet: values.quiet ?? false,
  };
}

/**
 * Turns a stored configuration back into command-line options, so that a
 * resumed comparison is validated by the same rules as a new one.
 */
export function configToArgs(config: Partial<CompareConfig>): string[] {
  const args: string[] = [];
  const add = (flag: string, value: unknown) => {
    if (value === undefined) return;
    args.push(`--${flag}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  };
  add('inits', config.inits);
  add('epochs', config.epochs);
  add('batch-size', config.batchSize);
  add('lr', config.learningRate);
  add('optimizer', config.optimizer);
  add('momentum', config.momentum);
  add('hidden', config.hidden);
  add('activation', config.activation);
  add('seed', config.seed);
  add('backend', config.backend);
  add('normalization', config.normalization);
  add('dataset', config.dataset);
  add('train-limit', config.trainLimit);
  add('data-dir', config.dataDir);
  if (config.statsInterval) add('stats-interval', config.statsInterval);
  return args;
}

function parseOrThrow(argv: string[]) {
  const option = { type: 'string' } as const;
  try {
    return parseArgs({
      args: attachNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        inits: option,
        epochs: option,
        'batch-size': option,
        lr: option,
        optimizer: option,
        momentum: option,
        hidden: option,
        activation: option,
        seed: option,
        backend: option,
        normalization: option,
        dataset: option,
        'train-limit': option,
        'data-dir': option,
        json: option,
        resume: option,
        workers: option,
        verbose: { type: 'boolean' },
        quiet: { type: 'boolean' },
        debug: { type: 'boolean' },
        preset: option,
        stats: { type: 'boolean' },
        'stats-interval': option,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw describeParseError(error, 'compare');
  }
}
