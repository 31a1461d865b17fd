import {
  InitializerError,
  orthogonal,
  resolveInitializer,
  type Initializer,
  type LsuvOptions,
} from '@initlab/initializers';

import { UsageError } from './errors';
import { isDecimal } from './options';

/**
 * Short names of the classic experiment. Every other name goes to the
 * initializer registry (`heNormal`, `glorot_uniform`, `orthogonal`, ...).
 */
const SHORT_NAMES: Record<string, (params: Params) => Initializer> = {
  zero: (params) => resolveInitializer('zeros', params),
  random: (params) => resolveInitializer('randomNormal', { stddev: 0.01, ...params }),
  xavier: (params) => resolveInitializer('xavierUniform', params),
  he: (params) =>
    resolveInitializer('kaimingNormal', { nonlinearity: 'relu', ...params }),
  // lsuv is data-dependent: parseLsuv handles it.
};

type Params = Record<string, number | string | boolean>;

/** One entry of `--inits`: its label and the initializer it names. */
export interface InitSpec {
  /** The entry as written, used as the run's name, e.g. `random:stddev=1`. */
  label: string;
  initializer: Initializer;
  /**
   * Set for `lsuv`: after `initializer`, the model is rescaled layer by
   * layer on its first training batch (Mishkin and Matas' LSUV).
   */
  lsuv?: LsuvOptions;
}

const LSUV_KEYS = ['tolerance', 'maxIterations', 'orthogonalStart'];

/** Initializers that reject rank-2 kernels, so no MLP layer can use them. */
const CONV_ONLY = new Set(['dirac', 'deltaOrthogonal']);

/**
 * Parses one `--inits` entry, `name` or `name:key=value:key=value`.
 * Values that read as numbers or booleans become numbers or booleans.
 */
export function parseInitSpec(entry: string): InitSpec {
  const [name, ...pairs] = entry.split(':');
  const params: Params = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(
        `invalid initializer parameter "${pair}" in "${entry}"; write name:key=value, for example random:stddev=0.1`,
      );
    }
    params[pair.slice(0, eq)] = parseValue(pair.slice(eq + 1));
  }
  if (name === 'lsuv') return parseLsuv(entry, params);
  try {
    const short = SHORT_NAMES[name];
    const initializer = short ? short(params) : resolveInitializer(name, params);
    if (CONV_ONLY.has(initializer.name)) {
      throw new UsageError(
        `--inits ${entry}: ${initializer.name} initializes convolution kernels [h, w, in, out] only; MLP kernels are [in, out], so use identity or orthogonal`,
      );
    }
    return { label: entry, initializer };
  } catch (error) {
    if (error instanceof InitializerError) {
      const known = Object.keys(SHORT_NAMES).join(', ');
      const hint =
        error.code === 'UNKNOWN_INITIALIZER' ? ` (short names: ${known})` : '';
      throw new UsageError(`--inits ${entry}: ${error.message}${hint}`);
    }
    throw error;
  }
}

function parseLsuv(entry: string, params: Params): InitSpec {
  const unknown = Object.keys(params).find((key) => !LSUV_KEYS.includes(key));
  if (unknown) {
    throw new UsageError(
      `--inits ${entry}: lsuv takes no option '${unknown}'; valid options: ${LSUV_KEYS.join(', ')}`,
    );
  }
  const { tolerance, maxIterations, orthogonalStart } = params;
  if (tolerance !== undefined && !(typeof tolerance === 'number' && tolerance > 0 && tolerance < 1)) {
    throw new UsageError(`--inits ${entry}: tolerance must be in (0, 1); got ${tolerance}`);
  }
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && Number(maxIterations) >= 1)) {
    throw new UsageError(`--inits ${entry}: maxIterations must be an integer >= 1; got ${maxIterations}`);
  }
  if (orthogonalStart !== undefined && typeof orthogonalStart !== 'boolean') {
    throw new UsageError(`--inits ${entry}: orthogonalStart must be true or false; got ${orthogonalStart}`);
  }
  return {
    label: entry,
    initializer: orthogonal(),
    lsuv: { tolerance, maxIterations, orthogonalStart } as LsuvOptions,
  };
}

function parseValue(text: string): number | string | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return isDecimal(text) ? Number(text) : text;
}
