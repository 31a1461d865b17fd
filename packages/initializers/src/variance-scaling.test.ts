import { beforeAll, describe, expect, it } from 'vitest';

import reference from '../fixtures/reference.json';
import { product } from './fans';
import { fromConfig } from './registry';
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

// Each test below checks the measured moments against the formula with
// hand-computed fans, within the tolerances of expectDistribution: six
// standard errors on the mean and std, and a KS p-value above 1e-4.
describe('varianceScaling fan options', () => {
  // A PyTorch conv weight [out, in, h, w] = [128, 64, 3, 3]. Read in the
  // tfjs layout instead, its fanIn would be 3 * 128 * 64 = 24576.
  const torchShape = [128, 64, 3, 3];

  it.each([
    ['fanIn', 64 * 9],
    ['fanOut', 128 * 9],
    ['fanAvg', 96 * 9],
  ] as const)('reads a torch weight for %s', (mode, fan) => {
    const init = varianceScaling({
      scale: 2,
      mode,
      distribution: 'normal',
      layout: 'torch',
      seed: 11,
    });
    expectDistribution(take(init.apply(torchShape)), {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(2 / fan),
    });
  });

  it('gives He init of a torch conv weight, as documented', () => {
    const init = varianceScaling({ scale: 2, layout: 'torch', seed: 12 });
    expectDistribution(take(init.apply(torchShape)), {
      kind: 'truncatedNormal',
      mean: 0,
      std: Math.sqrt(2 / (64 * 3 * 3)),
      bound: 2,
    });
  });

  // A 5x5 depthwise kernel over 64 channels with multiplier 8: each output
  // reads 25 inputs, and each input feeds 25 * 8 = 200 outputs.
  it.each([
    ['fanIn', 25],
    ['fanOut', 200],
    ['fanAvg', 112.5],
  ] as const)('reads a depthwise kernel for %s', (mode, fan) => {
    const init = varianceScaling({
      mode,
      distribution: 'uniform',
      depthwise: true,
      seed: 13,
    });
    const limit = Math.sqrt(3 / fan);
    expectDistribution(take(init.apply([5, 5, 64, 8])), {
      kind: 'uniform',
      min: -limit,
      max: limit,
    });
  });

  it.each([
    ['fanIn', { fanIn: 50 }, 50],
    ['fanOut', { fanOut: 400 }, 400],
    ['fanAvg', { fanIn: 50, fanOut: 400 }, 225],
  ] as const)('divides by the %s override', (mode, overrides, fan) => {
    const init = varianceScaling({
      scale: 3,
      mode,
      distribution: 'normal',
      ...overrides,
      seed: 14,
    });
    expectDistribution(take(init.apply([300, 100])), {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(3 / fan),
    });
  });

  it('combines an override with the torch layout', () => {
    // fanOut = 128 * 9 = 1152 from the shape, fanIn = 10 from the option.
    const init = varianceScaling({
      mode: 'fanAvg',
      distribution: 'normal',
      layout: 'torch',
      fanIn: 10,
      seed: 15,
    });
    expectDistribution(take(init.apply(torchShape)), {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(1 / 581),
    });
  });

  it('records fan options in the config only when set', () => {
    const init = varianceScaling({
      scale: 2,
      layout: 'Torch' as 'torch',
      fanOut: 7,
      seed: 3,
    });
    expect(init.getConfig()).toEqual({
      name: 'varianceScaling',
      scale: 2,
      mode: 'fanIn',
      distribution: 'truncatedNormal',
      layout: 'torch',
      fanOut: 7,
      seed: 3,
    });
    expect(varianceScaling({ depthwise: false }).getConfig()).toHaveProperty(
      'depthwise',
      false,
    );
  });

  it.each([
    { layout: 'torch' },
    { depthwise: true },
    { fanIn: 5, fanOut: 6 },
  ] as const)('round-trips %j through fromConfig', (fanOptions) => {
    const init = varianceScaling({ ...fanOptions, seed: 16 });
    const config = JSON.parse(JSON.stringify(init.getConfig()));
    const restored = fromConfig(config);
    expect(restored.getConfig()).toEqual(init.getConfig());
    expect(take(restored.apply([3, 3, 4, 2]))).toEqual(
      take(init.apply([3, 3, 4, 2])),
    );
  });

  it('keeps fan options in withSeed', () => {
    const init = varianceScaling({ depthwise: true, fanOut: 4, seed: 1 });
    expect(init.withSeed(2).getConfig()).toEqual({
      ...init.getConfig(),
      seed: 2,
    });
  });

  it.each([
    [{ layout: 'keras' }, "layout must be one of 'tfjs', 'torch'; got 'keras'"],
    [{ depthwise: 1 }, 'depthwise must be a boolean; got 1'],
    [{ fanIn: 0 }, 'fanIn must be a positive integer; got 0'],
    [{ fanOut: 2.5 }, 'fanOut must be a positive integer; got 2.5'],
    [
      { depthwise: true, layout: 'torch' },
      "depthwise needs a tfjs kernel [...spatial, in, multiplier], so " +
        "layout must be 'tfjs'; got layout 'torch'",
    ],
  ])('rejects %j on creation', (fanOptions, message) => {
    expect(() => varianceScaling(fanOptions as never)).toThrow(message);
  });

  it('rejects depthwise with a rank-2 shape on apply', () => {
    const init = varianceScaling({ depthwise: true });
    expect(() => init.apply([4, 4])).toThrow(
      'depthwise needs a tfjs kernel [...spatial, in, multiplier] of ' +
        'rank >= 3; got shape [4, 4]',
    );
  });
});

describe('Keras presets and fan options', () => {
  it('heNormal equals varianceScaling with scale 2', () => {
    expect(take(heNormal({ seed: 4 }).apply([30, 20]))).toEqual(
      take(varianceScaling({ scale: 2, seed: 4 }).apply([30, 20])),
    );
  });

  it('heNormal rejects fan options, as Keras', () => {
    expect(() => heNormal({ layout: 'torch' } as never)).toThrow(
      "heNormal takes no option 'layout'; valid options: 'seed'",
    );
  });
});
