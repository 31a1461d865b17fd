import { beforeAll, describe, expect, it } from 'vitest';

import reference from '../fixtures/reference.json';
import { product } from './fans';
import { cdfOf, expectDistribution } from './testing/checks';
import type { Expected } from './testing/checks';
import { take, useCpuBackend } from './testing/stats';
import type { Initializer } from './types';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  varianceScaling,
} from './variance-scaling';

beforeAll(useCpuBackend);

const TRUNCATED_STD_AT_2 = reference.truncatedStdAt2;

// Shapes of the reference table with enough elements for tight tolerances.
const ROWS = reference.shapes.filter((row) => product(row.shape) >= 2000);

type Moments = { std: number; bound?: number };

function expectedFor(
  kind: 'truncatedNormal' | 'uniform',
  moments: Moments,
): Expected {
  if (kind === 'uniform') {
    const bound = moments.bound as number;
    return { kind, min: -bound, max: bound };
  }
  return { kind, mean: 0, std: moments.std, bound: 2 };
}

const KERAS_PRESETS: [
  string,
  (seed: number) => Initializer,
  'truncatedNormal' | 'uniform',
][] = [
  ['glorotNormal', (seed) => glorotNormal({ seed }), 'truncatedNormal'],
  ['glorotUniform', (seed) => glorotUniform({ seed }), 'uniform'],
  ['heNormal', (seed) => heNormal({ seed }), 'truncatedNormal'],
  ['heUniform', (seed) => heUniform({ seed }), 'uniform'],
  ['lecunNormal', (seed) => lecunNormal({ seed }), 'truncatedNormal'],
  ['lecunUniform', (seed) => lecunUniform({ seed }), 'uniform'],
];

describe.each(ROWS)('Keras presets on $shape', (row) => {
  it.each(KERAS_PRESETS)(
    '%s matches the Keras formula',
    (name, create, kind) => {
      const moments = (row.moments as Record<string, Moments>)[name];
      const values = take(create(21).apply(row.shape));
      expectDistribution(values, expectedFor(kind, moments));
    },
  );
});

describe('truncated presets', () => {
  it('bound at 2 / 0.8796 standard deviations, from the reference', () => {
    const row = reference.shapes.find((entry) => entry.shape.length === 4)!;
    const expected = row.moments.heNormal;
    expect(expected.bound).toBeCloseTo(
      (2 * expected.std) / TRUNCATED_STD_AT_2,
      12,
    );
  });
});

describe('varianceScaling', () => {
  const shape = [300, 100];

  it.each([
    ['fanIn', 300],
    ['fanOut', 100],
    ['fanAvg', 200],
  ] as const)('divides scale by %s', (mode, fan) => {
    const init = varianceScaling({
      scale: 3,
      mode,
      distribution: 'normal',
      seed: 5,
    });
    expectDistribution(take(init.apply(shape)), {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(3 / fan),
    });
  });

  it('uses limit sqrt(3 scale / n) for uniform', () => {
    const init = varianceScaling({
      scale: 2,
      distribution: 'uniform',
      seed: 6,
    });
    const limit = Math.sqrt(6 / 300);
    expectDistribution(take(init.apply(shape)), {
      kind: 'uniform',
      min: -limit,
      max: limit,
    });
  });

  it('corrects the truncated normal so its std is sqrt(scale / n)', () => {
    const init = varianceScaling({ scale: 0.5, seed: 7 });
    const expected: Expected = {
      kind: 'truncatedNormal',
      mean: 0,
      std: Math.sqrt(0.5 / 300),
      bound: 2,
    };
    expectDistribution(take(init.apply(shape)), expected);
    expect(cdfOf(expected)(0)).toBeCloseTo(0.5, 12);
  });

  it('uses fans of 1 for a scalar, as Keras', () => {
    const values = take(
      varianceScaling({ distribution: 'uniform', seed: 1 }).apply([]),
    );
    expect(Math.abs(values[0])).toBeLessThanOrEqual(Math.sqrt(3));
  });

  it('fills defaults and accepts Keras spellings of mode', () => {
    expect(varianceScaling().getConfig()).toEqual({
      name: 'varianceScaling',
      scale: 1,
      mode: 'fanIn',
      distribution: 'truncatedNormal',
    });
    expect(
      varianceScaling({ mode: 'fan_avg' as 'fanAvg' }).getConfig().mode,
    ).toBe('fanAvg');
  });

  it('rejects invalid options with the valid values', () => {
    expect(() => varianceScaling({ scale: -1 })).toThrow(
      'scale must be a positive finite number; got -1',
    );
    expect(() => varianceScaling({ scale: 0 })).toThrow(
      'scale must be a positive finite number; got 0',
    );
    expect(() => varianceScaling({ mode: 'fan' as 'fanIn' })).toThrow(
      "mode must be one of 'fanIn', 'fanOut', 'fanAvg'; got 'fan'",
    );
    expect(() =>
      varianceScaling({ distribution: 'gamma' as 'normal' }),
    ).toThrow(
      "distribution must be one of 'truncatedNormal', 'normal', 'uniform'; got 'gamma'",
    );
    expect(() => varianceScaling({ seed: 1.5 })).toThrow(
      'seed must be a safe integer or undefined; got 1.5',
    );
  });
});
