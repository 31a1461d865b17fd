/**
 * The initializers the page offers, their parameters, their registry names
 * in `@initlab/initializers`, and the text shown next to them. This module
 * imports no tfjs, so that the page and the worker can both use it.
 */

/** A number or choice parameter of an initializer. */
export interface ParamSpec {
  key: string;
  label: string;
  /** Default value, also written into the URL. */
  default: number | string;
  /** Allowed choices, absent for a number. */
  choices?: readonly string[];
  /** Smallest allowed number, exclusive. */
  above?: number;
  /** Largest allowed number, exclusive. Set at most one of `below` and `max`. */
  below?: number;
  /** Largest allowed number, inclusive. */
  max?: number;
  /** Whether the number must be written as a decimal integer, such as `10`. */
  integer?: boolean;
}

/** Parameter values of one initializer, keyed by ParamSpec.key. */
export type ParamValues = Record<string, number | string>;

/** One kind of initializer in the page's list. */
export interface InitializerKind {
  /** Short name used in the URL and as the run's label. */
  id: string;
  title: string;
  params: readonly ParamSpec[];
  /** The variance rule, as plain text. */
  formula: string;
  /** Advice on what to look for in the charts. */
  watch: string;
  /** Returns the registry name and options of `@initlab/initializers`. */
  toRegistry(values: ParamValues): { name: string; options: Record<string, unknown> };
  /**
   * Options of `lsuv` from `@initlab/initializers`, for a kind that
   * rescales the built model on the first training batch. Absent for kinds
   * that only fill kernels.
   */
  toLsuvOptions?(values: ParamValues): LsuvSettings;
}

/** The options of `lsuv` that the page sets. */
export interface LsuvSettings {
  tolerance: number;
  maxIterations: number;
}

const DISTRIBUTION = (fallback: 'normal' | 'uniform'): ParamSpec => ({
  key: 'distribution',
  label: 'distribution',
  default: fallback,
  choices: ['normal', 'uniform'],
});

const GAIN: ParamSpec = { key: 'gain', label: 'gain', default: 1, above: 0, max: 10 };

export const INITIALIZER_KINDS: readonly InitializerKind[] = [
  {
    id: 'zero',
    title: 'Zero',
    params: [],
    formula: 'W = 0',
    watch:
      'Zero never breaks symmetry: every hidden unit computes the same value ' +
      'and receives the same gradient, so the units stay identical forever. ' +
      'With zero output weights no gradient reaches the hidden layer, and the ' +
      'model stays at the accuracy of its most common class.',
    toRegistry: () => ({ name: 'zeros', options: {} }),
  },
  {
    id: 'random',
    title: 'Random normal',
    params: [{ key: 'stddev', label: 'stddev', default: 0.01, above: 0, max: 10 }],
    formula: 'W ~ N(0, stddev²), whatever the layer size',
    watch:
      'A fixed stddev ignores the layer size. Behind a ReLU layer, each ' +
      'layer multiplies the variance of the pre-activations by ' +
      'fanIn · stddev² / 2, so 0.01 shrinks the signal layer by layer and ' +
      'slows learning, and 1 makes it explode, or saturates tanh.',
    toRegistry: (values) => ({
      name: 'randomNormal',
      options: { mean: 0, stddev: values.stddev },
    }),
  },
  {
    id: 'xavier',
    title: 'Xavier (Glorot)',
    params: [DISTRIBUTION('uniform'), GAIN],
    formula:
      'Var(W) = gain² · 2 / (fanIn + fanOut); uniform limit ' +
      'gain · √(6 / (fanIn + fanOut))',
    watch:
      'Averages the fan-in rule that keeps the forward variance and the ' +
      'fan-out rule that keeps the backward variance, derived for tanh and ' +
      'linear units (Glorot and Bengio, 2010). With ReLU, which zeroes half ' +
      'the signal, the variance halves at each layer.',
    toRegistry: (values) => ({
      name: values.distribution === 'normal' ? 'xavierNormal' : 'xavierUniform',
      options: { gain: values.gain },
    }),
  },
  {
    id: 'he',
    title: 'He (Kaiming)',
    params: [
      DISTRIBUTION('normal'),
      { key: 'mode', label: 'fan', default: 'fanIn', choices: ['fanIn', 'fanOut'] },
    ],
    formula: 'Var(W) = 2 / fan, fan = fanIn by default; uniform limit √(6 / fan)',
    watch:
      'Doubles LeCun’s variance to make up for ReLU zeroing half of its ' +
      'inputs, so activations keep their scale through ReLU layers (He et ' +
      'al., 2015). Here the gain is the ReLU gain √2 whatever the activation.',
    toRegistry: (values) => ({
      name: values.distribution === 'uniform' ? 'kaimingUniform' : 'kaimingNormal',
      options: { mode: values.mode, nonlinearity: 'relu' },
    }),
  },
  {
    id: 'lecun',
    title: 'LeCun',
    params: [DISTRIBUTION('normal')],
    formula:
      'Var(W) = 1 / fanIn; the normal is truncated at 2 standard deviations ' +
      '(Keras), uniform limit √(3 / fanIn)',
    watch:
      'Keeps the variance of a linear layer’s output equal to that of its ' +
      'inputs (LeCun et al., 1998), the rule SELU networks rely on. With ' +
      'ReLU the variance halves at each layer.',
    toRegistry: (values) => ({
      name: values.distribution === 'uniform' ? 'lecunUniform' : 'lecunNormal',
      options: {},
    }),
  },
  {
    id: 'orthogonal',
    title: 'Orthogonal',
    params: [GAIN],
    formula: 'W = gain · Q, with orthonormal rows or columns (QR of a Gaussian matrix)',
    watch:
      'Every singular value of the kernel equals the gain, so a linear ' +
      'layer stretches no direction of the signal more than another (Saxe ' +
      'et al., 2014). Use gain √2 for ReLU.',
    toRegistry: (values) => ({ name: 'orthogonal', options: { gain: values.gain } }),
  },
  {
    id: 'lsuv',
    title: 'LSUV',
    params: [
      { key: 'tolerance', label: 'tolerance', default: 0.1, above: 0, below: 1 },
      {
        key: 'maxIterations',
        label: 'maxIterations',
        default: 10,
        above: 0,
        max: 100,
        integer: true,
      },
    ],
    formula:
      'Orthogonal start, then for each layer on the first training batch: ' +
      'W ← W / √Var(x W + b), repeated until |Var − 1| < tolerance or ' +
      'maxIterations times (Mishkin and Matas, 2015)',
    watch:
      'Measures the scale on real data instead of deriving it from the ' +
      'activation, so at step 0 the pre-activation std of every layer is ' +
      'near 1 on the probe batch, whatever the activation. Its kernels are ' +
      'those of Orthogonal with gain 1 and the same seed, rescaled, so the ' +
      'two side by side show what the rescaling does. The output layer is ' +
      'rescaled too. A layer whose variance is already within the tolerance ' +
      'keeps its kernel, as the first layer usually does on MNIST at the ' +
      'default 0.1. The ' +
      'biases start at 0, so one rescaling brings a layer to variance 1 on ' +
      'the batch and maxIterations rarely matters.',
    // The orthogonal kernels come from createMlp, seeded like any other run.
    toRegistry: () => ({ name: 'orthogonal', options: { gain: 1 } }),
    toLsuvOptions: (values) => ({
      tolerance: Number(values.tolerance),
      maxIterations: Number(values.maxIterations),
    }),
  },
];

/** One entry of the comparison: an initializer kind and its values. */
export interface InitSpec {
  kind: string;
  values: ParamValues;
}

/** Returns the kind with this id, or undefined. */
export function findKind(id: string): InitializerKind | undefined {
  return INITIALIZER_KINDS.find((kind) => kind.id === id);
}

/** Returns the defaults of every parameter of `kind`. */
export function defaultValues(kind: InitializerKind): ParamValues {
  return Object.fromEntries(kind.params.map((param) => [param.key, param.default]));
}

/**
 * Returns the value of `text` for `param`, or an error message saying what
 * the parameter accepts.
 */
export function parseParamValue(
  param: ParamSpec,
  text: string,
): { value: number | string } | { error: string } {
  if (param.choices) {
    return param.choices.includes(text)
      ? { value: text }
      : { error: `${param.key} must be one of ${param.choices.join(', ')}` };
  }
  const value = Number(text);
  const above = param.above ?? -Infinity;
  const high = param.below ?? param.max ?? Infinity;
  const tooHigh = param.below !== undefined ? value >= high : value > high;
  if (param.integer) {
    // A decimal integer, so that '1e3', '0x10' and '1.0' are rejected.
    if (!/^-?\d+$/.test(text.trim()) || value <= above || tooHigh) {
      const low = Math.floor(above) + 1;
      const last = param.below !== undefined ? Math.ceil(high) - 1 : Math.floor(high);
      return { error: `${param.key} must be an integer from ${low} to ${last}` };
    }
    return { value };
  }
  if (text.trim() === '' || !Number.isFinite(value) || value <= above || tooHigh) {
    const close = param.below !== undefined ? ')' : ']';
    return { error: `${param.key} must be a number in (${above}, ${high}${close}` };
  }
  return { value };
}

/** Formats a spec as in the URL: `name:key=value:key=value`, every key. */
export function formatInitSpec(spec: InitSpec): string {
  const kind = findKind(spec.kind);
  const pairs = (kind?.params ?? []).map((param) => `${param.key}=${spec.values[param.key]}`);
  return [spec.kind, ...pairs].join(':');
}

/**
 * Returns the label of a run: the kind and the parameters that differ from
 * their defaults, such as `random:stddev=0.1`.
 */
export function labelInitSpec(spec: InitSpec): string {
  const kind = findKind(spec.kind);
  const changed = (kind?.params ?? []).filter(
    (param) => spec.values[param.key] !== param.default,
  );
  return [spec.kind, ...changed.map((param) => `${param.key}=${spec.values[param.key]}`)].join(':');
}
