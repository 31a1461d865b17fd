import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';

import * as initializers from './index';
import { INITIALIZER_OPTIONS, listOptions } from './options';
import type { InitializerName, OptionName } from './options';
import { fromConfig, listInitializers, resolveInitializer } from './registry';
import { useCpuBackend } from './testing/stats';
import type { ConfigValue, Initializer } from './types';
import { errorOf } from './testing/checks';

beforeAll(useCpuBackend);

const NAMES = Object.keys(INITIALIZER_OPTIONS) as InitializerName[];

/** Factory type that accepts any argument, as plain JavaScript may pass. */
type UntypedFactory = (options?: unknown) => Initializer;

function factoryOf(name: InitializerName): UntypedFactory {
  return initializers[name] as UntypedFactory;
}

/**
 * Valid sample value of every listed option. Each differs from the option's
 * default, so the config shows whether the factory read it.
 */
const SAMPLE_VALUES: Record<string, ConfigValue> = {
  value: 0.5,
  mean: 0.1,
  stddev: 0.2,
  minval: -1,
  maxval: 1,
  bound: 1.5,
  scale: 2,
  mode: 'fanOut',
  distribution: 'uniform',
  layout: 'torch',
  depthwise: true,
  fanIn: 9,
  fanOut: 18,
  gain: 1.5,
  a: 0.1,
  nonlinearity: 'relu',
  groups: 2,
  sparsity: 0.25,
};

/** Required options of the factories that throw without them. */
const REQUIRED: Partial<Record<InitializerName, Record<string, ConfigValue>>> =
  { sparse: { sparsity: 0.5 } };

function optionsWith(name: InitializerName, key: string) {
  return { ...REQUIRED[name], [key]: SAMPLE_VALUES[key] };
}

function quoted(names: readonly string[]): string {
  return names.map((option) => `'${option}'`).join(', ');
}

describe('INITIALIZER_OPTIONS', () => {
  it('lists every registered initializer in registry order', () => {
    expect(NAMES).toEqual(listInitializers());
  });

  it('has a sample value for every option', () => {
    const options = NAMES.flatMap((name) => INITIALIZER_OPTIONS[name].options);
    for (const option of options) {
      expect(SAMPLE_VALUES, option).toHaveProperty(option);
    }
  });

  it('lists seed last for every initializer', () => {
    for (const name of NAMES) {
      expect(listOptions(name).at(-1), name).toBe('seed');
    }
  });

  it('matches the option types of the factories', () => {
    // tsc checks this in `pnpm typecheck`. For every factory, the keys of
    // its options type must equal the names in its list.
    type FactoryOptions<Name extends InitializerName> = NonNullable<
      Parameters<(typeof initializers)[Name]>[0]
    >;
    type KeysMatch = {
      [Name in InitializerName]: [keyof FactoryOptions<Name>] extends [
        OptionName<Name>,
      ]
        ? [OptionName<Name>] extends [keyof FactoryOptions<Name>]
          ? true
          : false
        : false;
    };
    expectTypeOf<KeysMatch>().toEqualTypeOf<{
      [Name in InitializerName]: true;
    }>();
  });

  it('random flag matches recorded seed', () => {
    for (const name of NAMES) {
      const init = factoryOf(name)({ ...REQUIRED[name], seed: 5 });
      const config = init.getConfig();
      expect('seed' in config, name).toBe(INITIALIZER_OPTIONS[name].random);
    }
  });
});

describe.each(NAMES)('%s options', (name) => {
  const create = factoryOf(name);
  const valid = quoted(listOptions(name));
  const { random } = INITIALIZER_OPTIONS[name];

  it('rejects misspelled keys, naming each', () => {
    const error = errorOf(() => create({ sed: 1, gian: 2 }));
    expect(error.code).toBe('UNKNOWN_OPTION');
    expect(error.message).toBe(
      `${name} takes no option 'sed', 'gian'; valid options: ${valid}`,
    );
  });

  it('rejects an unknown key before checking values', () => {
    const error = errorOf(() => create({ scale: -1, sed: 1, seed: 0.5 }));
    expect(error.code).toBe('UNKNOWN_OPTION');
    expect(error.message).toContain("'sed'");
  });

  it('rejects a number in place of the options', () => {
    const error = errorOf(() => create(42));
    expect(error.code).toBe('INVALID_OPTION');
    const seedHint = random
      ? ` To set the seed, call ${name}({ seed: 42 }).`
      : '';
    expect(error.message).toBe(
      `${name} options must be a plain object or undefined; got 42.` +
        `${seedHint} Valid options: ${valid}.`,
    );
  });

  it('omits seed hint for a non-integer', () => {
    const error = errorOf(() => create(0.5));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      `${name} options must be a plain object or undefined; got 0.5. ` +
        `Valid options: ${valid}.`,
    );
  });

  it('rejects a shape in place of the options', () => {
    const error = errorOf(() => create([784, 256]));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      `${name} options must be a plain object or undefined; got ` +
        `[784, 256]. A shape goes to apply() of the initializer, not to ` +
        `${name}. Valid options: ${valid}.`,
    );
  });

  it.each([
    [null, 'null'],
    ['he_normal', "'he_normal'"],
    [true, 'true'],
    [new Map([['seed', 1]]), 'an instance of Map'],
    [() => ({ seed: 1 }), 'a function'],
  ])('rejects %s in place of the options', (value, described) => {
    const error = errorOf(() => create(value));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain(
      `${name} options must be a plain object or undefined; got ${described}.`,
    );
  });

  it.each(listOptions(name))('rejects null %s, naming the key', (key) => {
    const options = { ...REQUIRED[name], [key]: null };
    const message =
      `${name} option '${key}' must not be null; omit the key to use ` +
      `the default`;
    const fromFactory = errorOf(() => create(options));
    expect(fromFactory.code).toBe('INVALID_OPTION');
    expect(fromFactory.message).toBe(message);
    const fromRegistry = errorOf(() => fromConfig({ name, ...options }));
    expect(fromRegistry.code).toBe('INVALID_OPTION');
    expect(fromRegistry.message).toBe(message);
  });

  it('reads undefined as no options', () => {
    if (REQUIRED[name] !== undefined) {
      expect(errorOf(() => create(undefined)).message).toBe(
        errorOf(() => create({})).message,
      );
      return;
    }
    expect(create(undefined).getConfig()).toEqual(create({}).getConfig());
  });

  it('accepts an object without a prototype', () => {
    const options = Object.assign(Object.create(null), REQUIRED[name]);
    expect(create(options).getConfig()).toEqual(
      create({ ...REQUIRED[name] }).getConfig(),
    );
  });

  it('records every listed option in its config', () => {
    for (const key of INITIALIZER_OPTIONS[name].options) {
      const config = create(optionsWith(name, key)).getConfig();
      expect(config[key], key).toEqual(SAMPLE_VALUES[key]);
    }
  });

  it('records no option outside its list', () => {
    const allowed = ['name', ...listOptions(name)];
    const configs = [
      create({ ...REQUIRED[name], seed: 1 }).getConfig(),
      ...INITIALIZER_OPTIONS[name].options.map((key) =>
        create(optionsWith(name, key)).getConfig(),
      ),
    ];
    for (const config of configs) {
      for (const key of Object.keys(config)) {
        expect(allowed, key).toContain(key);
      }
    }
  });

  it('rejects an invalid seed', () => {
    const error = errorOf(() => create({ ...REQUIRED[name], seed: 1.5 }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      'seed must be a safe integer or undefined; got 1.5',
    );
  });

  if (!random) {
    it('ignores a valid seed', () => {
      const seeded = create({ ...REQUIRED[name], seed: 3 }).getConfig();
      expect(seeded).toEqual(create({ ...REQUIRED[name] }).getConfig());
    });
  }
});

describe.each(NAMES)('registry and %s', (name) => {
  const create = factoryOf(name);

  it('rejects unknown key like factory', () => {
    const options = { ...REQUIRED[name], sed: 1 };
    const fromFactory = errorOf(() => create(options));
    const fromRegistry = errorOf(() => resolveInitializer(name, options));
    expect(fromRegistry.code).toBe(fromFactory.code);
    expect(fromRegistry.message).toBe(fromFactory.message);
  });

  it('accepts every listed option alike', () => {
    for (const key of listOptions(name)) {
      const options =
        key === 'seed'
          ? { ...REQUIRED[name], seed: 8 }
          : { ...optionsWith(name, key), seed: 8 };
      expect(resolveInitializer(name, options).getConfig(), key).toEqual(
        create(options).getConfig(),
      );
    }
  });

  it('round-trips every option through fromConfig', () => {
    for (const key of INITIALIZER_OPTIONS[name].options) {
      const config = create({ ...optionsWith(name, key), seed: 9 }).getConfig();
      const restored = fromConfig(JSON.parse(JSON.stringify(config)));
      expect(restored.getConfig(), key).toEqual(config);
    }
  });
});

describe('resolveInitializer options argument', () => {
  it('suggests registry call for a seed', () => {
    const error = errorOf(() =>
      resolveInitializer('he_normal', 42 as unknown as Record<string, unknown>),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      'heNormal options must be a plain object or undefined; got 42. To set ' +
        "the seed, call resolveInitializer('he_normal', { seed: 42 }). " +
        "Valid options: 'seed'.",
    );
  });

  it('rejects null', () => {
    const error = errorOf(() =>
      resolveInitializer('zeros', null as unknown as Record<string, unknown>),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      "zeros options must be a plain object or undefined; got null. Valid " +
        "options: 'seed'.",
    );
  });
});
