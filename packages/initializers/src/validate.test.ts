import { describe, expect, it } from 'vitest';

import { fromConfig } from './registry';
import { errorOf } from './testing/checks';
import { formatValue } from './validate';
import { heNormal } from './variance-scaling';

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { scale: 1 };
  value.self = value;
  return value;
}

function namedFunction(): void {}

describe('formatValue', () => {
  it.each([
    ['a string', 'he', "'he'"],
    ['a number', 1.5, '1.5'],
    ['negative zero', -0, '-0'],
    ['NaN', NaN, 'NaN'],
    ['a bigint', 10n, '10n'],
    ['a boolean', true, 'true'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a symbol', Symbol('seed'), 'Symbol(seed)'],
    ['an anonymous function', (() => () => 1)(), 'a function'],
    ['a named function', namedFunction, 'the function namedFunction'],
    ['an array', [1, 'a', 2n], "[1, 'a', 2n]"],
    ['an empty object', {}, '{}'],
    ['a plain object', { seed: 3 }, '{ seed: 3 }'],
    ['a key that needs quotes', { 'fan-in': 3 }, "{ 'fan-in': 3 }"],
    ['an object without prototype', Object.create(null), '{}'],
    ['a nested object', { a: { b: { c: 1 } } }, '{ a: { b: {...} } }'],
    ['a circular object', circular(), '{ scale: 1, self: [Circular] }'],
    ['a class instance', new Map(), 'an instance of Map'],
    [
      'a long array',
      Array.from({ length: 10 }, (_, i) => i),
      '[0, 1, 2, 3, 4, 5, 6, 7, ... 2 more]',
    ],
  ])('formats %s', (_, value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  it('formats a circular array', () => {
    const value: unknown[] = [1];
    value.push(value);
    expect(formatValue(value)).toBe('[1, [Circular]]');
  });

  it('formats an object whose getter throws', () => {
    const value = {
      get seed(): number {
        throw new Error('getter failed');
      },
    };
    expect(formatValue(value)).toBe('a value that cannot be shown');
  });
});

describe('error messages of unusual values', () => {
  const init = heNormal();
  const untypedApply = init.apply as (shape: unknown) => unknown;
  const untypedFromConfig = fromConfig as (config: unknown) => unknown;

  it.each([
    [
      'a shape with an object without prototype',
      () => untypedApply([Object.create(null), 2]),
      'heNormal: shape must be an array of non-negative integers; got [{}, 2]',
    ],
    [
      'a shape with a bigint',
      () => untypedApply([1n, 2]),
      'heNormal: shape must be an array of non-negative integers; got [1n, 2]',
    ],
    [
      'an object as the shape',
      () => untypedApply({}),
      'heNormal: shape must be an array of non-negative integers; got {}',
    ],
    [
      'a circular config without name',
      () => untypedFromConfig(circular()),
      'config must be an object with a string name; got ' +
        '{ scale: 1, self: [Circular] }',
    ],
    [
      'a bigint config',
      () => untypedFromConfig(10n),
      'config must be an object with a string name; got 10n',
    ],
    [
      'a bigint as the options',
      () => heNormal(10n as never),
      "heNormal options must be a plain object or undefined; got 10n. " +
        "Valid options: 'seed'.",
    ],
    [
      'an options object in place of the seed',
      () => init.withSeed({ seed: 3 } as never),
      'seed must be a safe integer or undefined; got { seed: 3 }',
    ],
    [
      'a symbol as the seed',
      () => heNormal({ seed: Symbol('seed') as never }),
      'seed must be a safe integer or undefined; got Symbol(seed)',
    ],
  ])('names %s', (_, run, message) => {
    const error = errorOf(run);
    expect(error.message).toBe(message);
  });
});
