import { InitializerError } from './errors';
import { formatValue, isPlainObject, requireSeed } from './validate';

/** Options of computeFans, which varianceScaling passes on. */
export const FAN_OPTIONS = ['layout', 'depthwise', 'fanIn', 'fanOut'] as const;

/** Option names of one initializer and whether it draws random values. */
export interface OptionList {
  /** Names of its options besides `seed`. */
  readonly options: readonly string[];
  /** Whether the initializer draws random values. If not, it ignores `seed`. */
  readonly random: boolean;
}

const KERAS_PRESET = { options: [], random: true } as const;
const XAVIER = { options: ['gain', 'layout'], random: true } as const;
const KAIMING = {
  options: ['a', 'mode', 'nonlinearity', 'layout'],
  random: true,
} as const;
const ORTHOGONAL = { options: ['gain'], random: true } as const;

/**
 * Option names of every registered initializer. Every initializer also
 * takes `seed`, so that code can seed any initializer alike. Initializers
 * without randomness ignore it, as their withSeed() does. The factories and
 * resolveInitializer both check options against these lists, so they
 * accept the same names.
 */
export const INITIALIZER_OPTIONS = {
  zeros: { options: [], random: false },
  ones: { options: [], random: false },
  constant: { options: ['value'], random: false },
  randomNormal: { options: ['mean', 'stddev'], random: true },
  randomUniform: { options: ['minval', 'maxval'], random: true },
  truncatedNormal: { options: ['mean', 'stddev', 'bound'], random: true },
  varianceScaling: {
    options: ['scale', 'mode', 'distribution', ...FAN_OPTIONS],
    random: true,
  },
  glorotNormal: KERAS_PRESET,
  glorotUniform: KERAS_PRESET,
  heNormal: KERAS_PRESET,
  heUniform: KERAS_PRESET,
  lecunNormal: KERAS_PRESET,
  lecunUniform: KERAS_PRESET,
  xavierNormal: XAVIER,
  xavierUniform: XAVIER,
  kaimingNormal: KAIMING,
  kaimingUniform: KAIMING,
  torchLinearDefault: { options: ['layout'], random: true },
  orthogonal: ORTHOGONAL,
  deltaOrthogonal: ORTHOGONAL,
  identity: { options: ['gain'], random: false },
  dirac: { options: ['groups'], random: false },
  sparse: { options: ['sparsity', 'stddev'], random: true },
  zerO: { options: [], random: false },
} as const satisfies Record<string, OptionList>;

/** Registry name of an initializer, e.g. 'heNormal'. */
export type InitializerName = keyof typeof INITIALIZER_OPTIONS;

/** Name of an option that the initializer `Name` takes, `seed` included. */
export type OptionName<Name extends InitializerName> =
  | (typeof INITIALIZER_OPTIONS)[Name]['options'][number]
  | 'seed';

/** Returns the names of every option that `name` takes, `seed` last. */
export function listOptions(name: InitializerName): string[] {
  return [...INITIALIZER_OPTIONS[name].options, 'seed'];
}

/** Valid option names and message details for {@link checkOptions}. */
export interface OptionsCheck {
  /** Name of the function that takes the options, for messages. */
  owner: string;
  /** Valid option names. */
  names: readonly string[];
  /**
   * Whether `seed` changes the values, so that a lone integer in place of
   * the options is most likely a seed.
   */
  seeded: boolean;
  /**
   * Formatter of a call of the owner with the given options object, used in
   * the hint of the error message. Default `owner(options)`.
   */
  formatCall?: (options: string) => string;
}

/** Returns a hint on what to pass instead of `value`, or '' if none fits. */
function suggestInstead(value: unknown, check: OptionsCheck): string {
  if (Array.isArray(value) && value.every((size) => typeof size === 'number')) {
    const owner = check.owner;
    return ` A shape goes to apply() of the initializer, not to ${owner}.`;
  }
  if (check.seeded && Number.isSafeInteger(value)) {
    const formatCall =
      check.formatCall ?? ((options: string) => `${check.owner}(${options})`);
    return ` To set the seed, call ${formatCall(`{ seed: ${value} }`)}.`;
  }
  return '';
}

/**
 * Throws InitializerError unless `options` is undefined or a plain object
 * whose keys are all in `check.names`. Any other argument, such as a seed
 * passed in place of `{ seed }`, throws INVALID_OPTION with what to pass
 * instead. A key outside the list throws UNKNOWN_OPTION naming the key and
 * the valid ones, and a key whose value is null throws INVALID_OPTION.
 * Checks no other values.
 */
export function checkOptions(options: unknown, check: OptionsCheck): void {
  if (options === undefined) {
    return;
  }
  const valid = check.names.map(formatValue).join(', ');
  if (!isPlainObject(options)) {
    throw new InitializerError(
      'INVALID_OPTION',
      `${check.owner} options must be a plain object or undefined; got ` +
        `${formatValue(options)}.${suggestInstead(options, check)} ` +
        `Valid options: ${valid}.`,
    );
  }

  const unknown = Object.keys(options)
    .filter((key) => !check.names.includes(key))
    .map(formatValue);
  if (unknown.length > 0) {
    throw new InitializerError(
      'UNKNOWN_OPTION',
      `${check.owner} takes no option ${unknown.join(', ')}; ` +
        `valid options: ${valid}`,
    );
  }

  // The factories fill defaults with `??`, which would read null as an
  // omitted key, so null is rejected here once for every option.
  const nullKey = Object.keys(options).find((key) => options[key] === null);
  if (nullKey !== undefined) {
    throw new InitializerError(
      'INVALID_OPTION',
      `${check.owner} option ${formatValue(nullKey)} must not be null; ` +
        `omit the key to use the default`,
    );
  }
}

/**
 * Checks the options of the initializer `name` against its list in
 * {@link INITIALIZER_OPTIONS}, as {@link checkOptions} does, and validates
 * `seed`, which initializers without randomness would otherwise ignore
 * unchecked. `formatCall` writes the call in the hint for a non-object
 * argument, `name(options)` by default.
 */
export function checkInitializerOptions(
  name: InitializerName,
  options: unknown,
  formatCall?: (options: string) => string,
): void {
  checkOptions(options, {
    owner: name,
    names: listOptions(name),
    seeded: INITIALIZER_OPTIONS[name].random,
    formatCall,
  });
  requireSeed((options as { seed?: unknown } | undefined)?.seed);
}
