import { constant, ones, zeros } from './constant';
import { randomNormal, randomUniform, truncatedNormal } from './distributions';
import { InitializerError } from './errors';
import { dirac, identity } from './identity';
import { checkInitializerOptions } from './options';
import type { InitializerName } from './options';
import { deltaOrthogonal, orthogonal } from './orthogonal';
import { sparse } from './sparse';
import {
  kaimingNormal,
  kaimingUniform,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from './torch';
import type { Initializer, InitializerConfig } from './types';
import { formatValue, normalizeSpelling } from './validate';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  varianceScaling,
} from './variance-scaling';
import { zerO } from './zero';

type Factory = (options: Record<string, unknown>) => Initializer;

// The option names of each factory are in INITIALIZER_OPTIONS, which the
// factories check too, so the registry and the factories accept the same
// options.
interface RegistryEntry {
  create: Factory;
  /** Other spellings. Case, '_' and '-' are ignored anyway. */
  aliases?: readonly string[];
  /** False when only the exact name matches (zerO would collide with 'zero'). */
  looseMatch?: boolean;
}

const REGISTRY: Record<InitializerName, RegistryEntry> = {
  zeros: { create: zeros },
  ones: { create: ones },
  constant: { create: constant },
  randomNormal: { create: randomNormal, aliases: ['normal'] },
  randomUniform: { create: randomUniform, aliases: ['uniform'] },
  truncatedNormal: { create: truncatedNormal },
  varianceScaling: { create: varianceScaling },
  glorotNormal: { create: glorotNormal },
  glorotUniform: { create: glorotUniform },
  heNormal: { create: heNormal },
  heUniform: { create: heUniform },
  lecunNormal: { create: lecunNormal },
  lecunUniform: { create: lecunUniform },
  xavierNormal: { create: xavierNormal },
  xavierUniform: { create: xavierUniform },
  kaimingNormal: { create: kaimingNormal },
  kaimingUniform: { create: kaimingUniform },
  torchLinearDefault: { create: torchLinearDefault },
  orthogonal: { create: orthogonal },
  deltaOrthogonal: { create: deltaOrthogonal },
  identity: { create: identity, aliases: ['eye'] },
  dirac: { create: dirac },
  sparse: { create: sparse },
  zerO: { create: zerO, looseMatch: false },
};

const NAMES = Object.keys(REGISTRY) as InitializerName[];

/** Returns the registry names of all initializers, in registry order. */
export function listInitializers(): string[] {
  return [...NAMES];
}

function findEntryName(name: string): InitializerName | undefined {
  if (Object.hasOwn(REGISTRY, name)) {
    return name as InitializerName;
  }
  const key = normalizeSpelling(name);
  return NAMES.find((canonical) => {
    const entry = REGISTRY[canonical];
    if (entry.looseMatch === false) {
      return false;
    }
    const spellings = [canonical, ...(entry.aliases ?? [])];
    return spellings.some((spelling) => normalizeSpelling(spelling) === key);
  });
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

// Edit distance, except that a name starting with the key counts as
// distance 1, so 'glorot' suggests glorotNormal and glorotUniform.
function nameDistance(key: string, canonical: string): number {
  const name = normalizeSpelling(canonical);
  if (key.length > 0 && name.startsWith(key) && name !== key) {
    return 1;
  }
  return editDistance(key, name);
}

/** Returns up to 3 names closest to `name`, ignoring case, '_' and '-'. */
function suggestNames(name: string): string[] {
  const key = normalizeSpelling(name);
  const scored = NAMES.map((canonical) => ({
    canonical,
    distance: nameDistance(key, canonical),
  }));
  const best = Math.min(...scored.map((entry) => entry.distance));
  if (best > Math.max(2, key.length / 3)) {
    return [];
  }
  return scored
    .filter((entry) => entry.distance <= best + 1)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map((entry) => entry.canonical);
}

function unknownInitializer(name: unknown): InitializerError {
  const suggestions =
    typeof name === 'string' ? suggestNames(name).map(formatValue) : [];
  const hint =
    suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : '';
  return new InitializerError(
    'UNKNOWN_INITIALIZER',
    `Unknown initializer ${formatValue(name)}.${hint} Valid names: ` +
      `${listInitializers().join(', ')}.`,
  );
}

/**
 * Creates an initializer from its registry name and options. Names are
 * matched ignoring case, '_' and '-', so 'heNormal', 'he_normal' and
 * 'HeNormal' all work, as do the PyTorch names 'kaiming_normal' and
 * 'xavier_uniform' (PyTorch semantics) and the Keras names 'glorot_uniform'
 * and 'he_uniform' (Keras semantics). 'zerO' matches only exactly.
 *
 * Throws InitializerError 'UNKNOWN_INITIALIZER' (listing the valid names and
 * the closest ones) for an unknown name, 'UNKNOWN_OPTION' for an option
 * the initializer does not take and 'INVALID_OPTION' for `options` that are
 * not a plain object. The factory called directly throws the same errors.
 * Every initializer takes `seed`, and those without randomness ignore it.
 */
export function resolveInitializer(
  name: string,
  options: Record<string, unknown> = {},
): Initializer {
  const canonical = typeof name === 'string' ? findEntryName(name) : undefined;
  if (canonical === undefined) {
    throw unknownInitializer(name);
  }
  checkInitializerOptions(
    canonical,
    options,
    (text) => `resolveInitializer(${formatValue(name)}, ${text})`,
  );
  return REGISTRY[canonical].create(options);
}

/**
 * Creates an initializer from a config returned by getConfig(), so that
 * fromConfig(init.getConfig()) equals `init`: same name, options and seed.
 * Throws InitializerError 'INVALID_CONFIG' if `config` is not an object with
 * a string `name`, and resolveInitializer's errors otherwise.
 */
export function fromConfig(config: InitializerConfig): Initializer {
  if (
    typeof config !== 'object' ||
    config === null ||
    typeof config.name !== 'string'
  ) {
    throw new InitializerError(
      'INVALID_CONFIG',
      `config must be an object with a string name; got ` +
        `${formatValue(config)}`,
    );
  }
  const { name, ...options } = config;
  return resolveInitializer(name, options);
}
