/**
 * The experiment's configuration and its URL form. Every setting lives in
 * the query string, so that a link reproduces the experiment. An invalid
 * value falls back to its default and produces a {@link Notice} that names
 * the parameter and the value.
 */
import {
  defaultValues,
  findKind,
  formatInitSpec,
  INITIALIZER_KINDS,
  parseParamValue,
  type InitSpec,
  type ParamValues,
} from './initializers';

/** Hidden-layer activations offered by the page, all of `@initlab/mlp`'s but `linear`. */
export const ACTIVATION_CHOICES = [
  'relu',
  'leakyRelu',
  'elu',
  'selu',
  'gelu',
  'swish',
  'softplus',
  'tanh',
  'sigmoid',
] as const;

/** Optimizers of `@initlab/train`. */
export const OPTIMIZER_CHOICES = ['sgd', 'adam', 'rmsprop'] as const;

/** Backend choices. `auto` tries webgpu, webgl, wasm and cpu in turn. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

export type ActivationChoice = (typeof ACTIVATION_CHOICES)[number];
export type OptimizerChoice = (typeof OPTIMIZER_CHOICES)[number];
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Everything that defines an experiment. */
export interface Config {
  inits: InitSpec[];
  /** Width of each hidden layer, input side first. */
  hidden: number[];
  activation: ActivationChoice;
  optimizer: OptimizerChoice;
  learningRate: number;
  /** Momentum of SGD and RMSprop, ignored by Adam. */
  momentum: number;
  batchSize: number;
  epochs: number;
  /** Number of training images, the first of the 60,000. */
  trainSize: number;
  /** Number of test images, the first of the 10,000. */
  testSize: number;
  /** Seed of the weights and of the shuffle. */
  seed: number;
  backend: BackendChoice;
}

/** A URL value that was rejected, why, and what was done instead. */
export interface Notice {
  param: string;
  /** The value as a JSON string, cut to 80 characters. */
  value: string;
  /** What is wrong with the value, such as `must be one of sgd, adam, rmsprop`. */
  problem: string;
  /** What the page does instead, such as `using the default sgd`. */
  action: string;
}

/** Limits of the settings, shared by the URL parser and the form. */
export const LIMITS = {
  maxInits: 8,
  maxHiddenLayers: 4,
  maxHiddenWidth: 1024,
  maxLearningRate: 10,
  maxBatchSize: 1024,
  maxEpochs: 100,
  minTrainSize: 100,
  maxTrainSize: 60000,
  minTestSize: 100,
  maxTestSize: 10000,
  maxSeed: 2 ** 31 - 1,
} as const;

/** The classic comparison: zero, small random, Xavier and He. */
export const DEFAULT_CONFIG: Readonly<Config> = {
  inits: ['zero', 'random', 'xavier', 'he'].map((id) => ({
    kind: id,
    values: defaultValues(findKind(id)!),
  })),
  hidden: [128],
  activation: 'relu',
  optimizer: 'sgd',
  learningRate: 0.05,
  momentum: 0,
  batchSize: 64,
  epochs: 5,
  trainSize: 10000,
  testSize: 10000,
  seed: 42,
  backend: 'auto',
};

/** URL parameter of each setting, in the order they are written. */
export const PARAMS = {
  inits: 'inits',
  hidden: 'hidden',
  activation: 'activation',
  optimizer: 'optimizer',
  learningRate: 'lr',
  momentum: 'momentum',
  batchSize: 'batch',
  epochs: 'epochs',
  trainSize: 'train',
  testSize: 'test',
  seed: 'seed',
  backend: 'backend',
} as const satisfies Record<keyof Config, string>;

const KNOWN_PARAMS = new Set<string>(Object.values(PARAMS));

/** Longest URL value quoted in a notice. */
const MAX_QUOTED_LENGTH = 80;

/**
 * Reads a configuration from a query string such as `location.search`.
 * Missing parameters take their defaults. Invalid ones take their defaults
 * too and each adds a notice, as does an unknown parameter.
 */
export function parseConfig(search: string): { config: Config; notices: Notice[] } {
  const query = new URLSearchParams(search);
  const notices: Notice[] = [];
  const reject: Reject = (param, value, problem, action) => {
    notices.push({ param, value: quote(value), problem, action });
  };
  const read = <T>(
    key: keyof Config,
    parse: (text: string) => { value: T } | { error: string },
  ): T => {
    const param = PARAMS[key];
    const text = query.get(param);
    const fallback = structuredClone(DEFAULT_CONFIG[key]) as T;
    if (text === null) return fallback;
    const parsed = parse(text);
    if ('error' in parsed) {
      reject(param, text, parsed.error, `using the default ${formatDefault(key)}`);
      return fallback;
    }
    return parsed.value;
  };

  const config: Config = {
    inits: read('inits', (text) => parseInits(text, reject)),
    hidden: read('hidden', parseHidden),
    activation: read('activation', (text) => parseChoice(text, ACTIVATION_CHOICES)),
    optimizer: read('optimizer', (text) => parseChoice(text, OPTIMIZER_CHOICES)),
    learningRate: read('learningRate', (text) =>
      parseNumber(text, { above: 0, max: LIMITS.maxLearningRate }),
    ),
    momentum: read('momentum', (text) => parseNumber(text, { min: 0, below: 1 })),
    batchSize: read('batchSize', (text) => parseInteger(text, 1, LIMITS.maxBatchSize)),
    epochs: read('epochs', (text) => parseInteger(text, 1, LIMITS.maxEpochs)),
    trainSize: read('trainSize', (text) =>
      parseInteger(text, LIMITS.minTrainSize, LIMITS.maxTrainSize),
    ),
    testSize: read('testSize', (text) =>
      parseInteger(text, LIMITS.minTestSize, LIMITS.maxTestSize),
    ),
    seed: read('seed', (text) => parseInteger(text, 0, LIMITS.maxSeed)),
    backend: read('backend', (text) => parseChoice(text, BACKEND_CHOICES)),
  };
  for (const param of new Set(query.keys())) {
    if (!KNOWN_PARAMS.has(param)) {
      reject(param, query.get(param) ?? '', 'unknown parameter', 'ignored');
    }
  }
  if (config.batchSize > config.trainSize) {
    reject(
      PARAMS.batchSize,
      String(config.batchSize),
      `must be at most the training-set size ${config.trainSize}`,
      `using ${config.trainSize}`,
    );
    config.batchSize = config.trainSize;
  }
  return { config, notices };
}

/** Writes every setting of `config` into a query string, defaults included. */
export function formatConfig(config: Config): string {
  const query = new URLSearchParams();
  query.set(PARAMS.inits, config.inits.map(formatInitSpec).join(','));
  query.set(PARAMS.hidden, config.hidden.join(','));
  query.set(PARAMS.activation, config.activation);
  query.set(PARAMS.optimizer, config.optimizer);
  query.set(PARAMS.learningRate, String(config.learningRate));
  query.set(PARAMS.momentum, String(config.momentum));
  query.set(PARAMS.batchSize, String(config.batchSize));
  query.set(PARAMS.epochs, String(config.epochs));
  query.set(PARAMS.trainSize, String(config.trainSize));
  query.set(PARAMS.testSize, String(config.testSize));
  query.set(PARAMS.seed, String(config.seed));
  query.set(PARAMS.backend, config.backend);
  // ',', ':' and '=' are legal in a query value, and unescaped they keep
  // links readable.
  const search = query.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%3D/g, '=');
  return `?${search}`;
}

type Reject = (param: string, value: string, problem: string, action: string) => void;

/**
 * Parses `kind:key=value,kind,...`. An unknown kind drops its entry and an
 * invalid parameter takes its default, each with a notice. The whole list
 * falls back to the default only when no entry is left.
 */
function parseInits(text: string, reject: Reject): { value: InitSpec[] } | { error: string } {
  const specs: InitSpec[] = [];
  const names = INITIALIZER_KINDS.map((kind) => kind.id).join(', ');
  for (const entry of text.split(',')) {
    const [id, ...pairs] = entry.split(':');
    const kind = findKind(id);
    if (!kind) {
      reject(PARAMS.inits, entry, `unknown initializer ${quote(id)}, valid names: ${names}`, 'entry ignored');
      continue;
    }
    specs.push({ kind: kind.id, values: parseInitValues(entry, kind.id, pairs, reject) });
  }
  if (specs.length === 0) return { error: 'no valid initializer' };
  if (specs.length > LIMITS.maxInits) {
    reject(PARAMS.inits, text, `more than ${LIMITS.maxInits} initializers`, `keeping the first ${LIMITS.maxInits}`);
    specs.length = LIMITS.maxInits;
  }
  return { value: specs };
}

function parseInitValues(entry: string, id: string, pairs: string[], reject: Reject): ParamValues {
  const kind = findKind(id)!;
  const values = defaultValues(kind);
  for (const pair of pairs) {
    const [key, text = ''] = pair.split('=', 2);
    const param = kind.params.find((candidate) => candidate.key === key);
    if (!param) {
      const valid = kind.params.map((candidate) => candidate.key).join(', ') || 'none';
      reject(PARAMS.inits, entry, `${id} has no parameter ${quote(key)} (valid: ${valid})`, 'ignored');
      continue;
    }
    const parsed = parseParamValue(param, text);
    if ('error' in parsed) {
      reject(PARAMS.inits, entry, `${id}: ${parsed.error}`, `using ${param.key}=${param.default}`);
      continue;
    }
    values[param.key] = parsed.value;
  }
  return values;
}

function parseHidden(text: string): { value: number[] } | { error: string } {
  const rule =
    `must be 1 to ${LIMITS.maxHiddenLayers} comma-separated ` +
    `integers from 1 to ${LIMITS.maxHiddenWidth}`;
  const parts = text.split(',');
  if (parts.length > LIMITS.maxHiddenLayers) return { error: rule };
  const sizes: number[] = [];
  for (const part of parts) {
    const parsed = parseInteger(part, 1, LIMITS.maxHiddenWidth);
    if ('error' in parsed) return { error: rule };
    sizes.push(parsed.value);
  }
  return { value: sizes };
}

function parseChoice<T extends string>(
  text: string,
  choices: readonly T[],
): { value: T } | { error: string } {
  return (choices as readonly string[]).includes(text)
    ? { value: text as T }
    : { error: `must be one of ${choices.join(', ')}` };
}

/** Parses a decimal integer in [min, max], rejecting '1e3', '0x10' and '1.0'. */
function parseInteger(text: string, min: number, max: number): { value: number } | { error: string } {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    return { error: `must be an integer from ${min} to ${max}` };
  }
  return { value };
}

function parseNumber(
  text: string,
  bounds: { above?: number; min?: number; below?: number; max?: number },
): { value: number } | { error: string } {
  const value = Number(text);
  const low = bounds.above ?? bounds.min ?? -Infinity;
  const high = bounds.below ?? bounds.max ?? Infinity;
  const inRange =
    Number.isFinite(value) &&
    (bounds.above !== undefined ? value > low : value >= low) &&
    (bounds.below !== undefined ? value < high : value <= high);
  if (text.trim() === '' || !inRange) {
    const open = bounds.above !== undefined ? '(' : '[';
    const close = bounds.below !== undefined ? ')' : ']';
    return { error: `must be a number in ${open}${low}, ${high}${close}` };
  }
  return { value };
}

function formatDefault(key: keyof Config): string {
  const value = DEFAULT_CONFIG[key];
  if (key === 'inits') return DEFAULT_CONFIG.inits.map((spec) => spec.kind).join(',');
  return Array.isArray(value) ? value.join(',') : String(value);
}

function quote(text: string): string {
  const short =
    text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
  return JSON.stringify(short);
}
