import {
  InitializerError,
  resolveInitializer,
  type Initializer,
} from '@initlab/initializers';

import { UsageError } from './errors';

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
};

type Params = Record<string, number | string | boolean>;

/** One entry of `--inits`: its label and the initializer it names. */
export interface InitSpec {
  /** The entry as written, used as the run's name, e.g. `random:stddev=1`. */
  label: string;
  initializer: Initializer;
}

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
  try {
    const short = SHORT_NAMES[name];
    const initializer = short ? short(params) : resolveInitializer(name, params);
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

function parseValue(text: string): number | string | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const value = Number(text);
  return text.trim() !== '' && !Number.isNaN(value) ? value : text;
}
