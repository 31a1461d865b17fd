import { beforeAll, describe, expect, it } from 'vitest';

import reference from '../fixtures/reference.json';
import { product } from './fans';
import { calculateGain } from './gain';
import { errorOf, expectDistribution } from './testing/checks';
import { moments, take, useCpuBackend } from './testing/stats';
import {
  kaimingNormal,
  kaimingUniform,
  torchLinearDefault,
  xavierNormal,
  xavierUniform,
} from './torch';

beforeAll(useCpuBackend);

const ROWS = reference.shapes.filter((row) => product(row.shape) >= 2000);

it('uses a reference that records its torch version', () => {
  // make_reference.py reads these moments from torch.nn.init and records
  // the torch version it ran with.
  expect(reference.torchVersion).toMatch(/^\d+\.\d+\.\d+/);
});

describe.each(ROWS)('PyTorch presets on $shape', (row) => {
  const expected = row.moments;

  it('xavierNormal has std sqrt(2 / (fanIn + fanOut))', () => {
    const values = take(xavierNormal({ seed: 31 }).apply(row.shape));
    expectDistribution(values, {
      kind: 'normal',
      mean: 0,
      std: expected.xavierNormal.std,
    });
  });

  it('xavierUniform has bound sqrt(6 / (fanIn + fanOut))', () => {
    const bound = expected.xavierUniform.bound;
    const values = take(xavierUniform({ seed: 32 }).apply(row.shape));
    expectDistribution(values, { kind: 'uniform', min: -bound, max: bound });
  });

  it('kaimingNormal defaults to std sqrt(2 / fanIn)', () => {
    const values = take(kaimingNormal({ seed: 33 }).apply(row.shape));
    expectDistribution(values, {
      kind: 'normal',
      mean: 0,
      std: expected.kaimingNormal.std,
    });
  });

  it('kaimingUniform defaults to bound sqrt(6 / fanIn)', () => {
    const bound = expected.kaimingUniform.bound;
    const values = take(kaimingUniform({ seed: 34 }).apply(row.shape));
    expectDistribution(values, { kind: 'uniform', min: -bound, max: bound });
  });

  it('torchLinearDefault has bound 1 / sqrt(fanIn)', () => {
    const bound = expected.torchLinearDefault.bound;
    const values = take(torchLinearDefault({ seed: 35 }).apply(row.shape));
    expectDistribution(values, { kind: 'uniform', min: -bound, max: bound });
  });
});

describe('xavier gain', () => {
  it('multiplies the standard deviation, not the variance', () => {
    const shape = [400, 200];
    const values = take(xavierNormal({ gain: 3, seed: 1 }).apply(shape));
    const std = 3 * Math.sqrt(2 / 600);
    expectDistribution(values, { kind: 'normal', mean: 0, std });
  });

  it('rejects a non-finite or non-positive gain', () => {
    expect(() => xavierUniform({ gain: Infinity })).toThrow(
      'gain must be a positive finite number; got Infinity',
    );
    expect(() => xavierNormal({ gain: -1 })).toThrow(
      'gain must be a positive finite number; got -1',
    );
  });
});

describe('kaiming', () => {
  const shape = [500, 100];

  it('uses fanIn = shape[0] of a tfjs dense kernel', () => {
    const { std } = moments(take(kaimingNormal({ seed: 2 }).apply(shape)));
    expect(std / Math.sqrt(2 / 500)).toBeCloseTo(1, 1);
  });

  it('uses fanOut = shape[1] in fanOut mode', () => {
    const init = kaimingNormal({ mode: 'fanOut', seed: 3 });
    expectDistribution(take(init.apply(shape)), {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(2 / 100),
    });
  });

  it('applies the leaky_relu gain of a', () => {
    const init = kaimingUniform({ a: 0.2, seed: 4 });
    const bound = Math.sqrt(2 / 1.04) * Math.sqrt(3 / 500);
    expectDistribution(take(init.apply(shape)), {
      kind: 'uniform',
      min: -bound,
      max: bound,
    });
  });

  it('applies other nonlinearities', () => {
    const init = kaimingNormal({ nonlinearity: 'tanh', seed: 5 });
    expectDistribution(take(init.apply(shape)), {
      kind: 'normal',
      mean: 0,
      std: 5 / 3 / Math.sqrt(500),
    });
  });

  it('accepts the PyTorch spelling fan_out', () => {
    const init = kaimingNormal({ mode: 'fan_out' as 'fanOut' });
    expect(init.getConfig()).toEqual({
      name: 'kaimingNormal',
      a: 0,
      mode: 'fanOut',
      nonlinearity: 'leaky_relu',
    });
  });

  it('rejects a with a nonlinearity that takes no parameter', () => {
    expect(() => kaimingNormal({ a: 0.2, nonlinearity: 'relu' })).toThrow(
      "a must be 0 unless nonlinearity is 'leaky_relu', 'elu' or 'softplus'; " +
        "got a 0.2 with nonlinearity 'relu'",
    );
  });

  it.each(['elu', 'softplus'])(
    'uses the default parameter of %s without a',
    (nonlinearity) => {
      const init = kaimingNormal({ nonlinearity, seed: 6 });
      expect(init.getConfig().a).toBe(1);
      expectDistribution(take(init.apply(shape)), {
        kind: 'normal',
        mean: 0,
        std: calculateGain(nonlinearity) / Math.sqrt(500),
      });
    },
  );

  it('defaults the elu alpha to 1', () => {
    const config = kaimingNormal({ nonlinearity: 'elu' }).getConfig();
    expect(config.a).toBe(1);
    expect(calculateGain('elu')).toBeCloseTo(1.2452, 4);
    expect(calculateGain('elu', 0)).toBeCloseTo(Math.SQRT2, 4);
  });

  it('passes a as the elu alpha', () => {
    const init = kaimingNormal({ nonlinearity: 'elu', a: 0.5, seed: 7 });
    expectDistribution(take(init.apply(shape)), {
      kind: 'normal',
      mean: 0,
      std: calculateGain('elu', 0.5) / Math.sqrt(500),
    });
  });

  it('keeps slope 0 for leaky_relu without a', () => {
    const config = kaimingUniform({ nonlinearity: 'leaky_relu' }).getConfig();
    expect(config.a).toBe(0);
  });

  it('names a for an invalid softplus beta', () => {
    const error = errorOf(() =>
      kaimingNormal({ nonlinearity: 'softplus', a: 0 }),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      'a (softplus beta) must be a positive finite number; got 0',
    );
  });

  it('rejects an a whose gain is 0', () => {
    const error = errorOf(() => kaimingNormal({ a: 1e200 }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      "a 1e+200 gives nonlinearity 'leaky_relu' a gain of 0, but the gain " +
        'must be positive and finite; pick a value of a nearer to 0.01',
    );
  });

  it('rejects fanAvg, which PyTorch does not have', () => {
    expect(() => kaimingNormal({ mode: 'fanAvg' as 'fanIn' })).toThrow(
      "mode must be one of 'fanIn', 'fanOut'; got 'fanAvg'",
    );
  });

  it('rejects an unknown nonlinearity', () => {
    expect(() => kaimingUniform({ nonlinearity: 'rectifier' })).toThrow(
      /^nonlinearity must be one of .*; got 'rectifier'$/,
    );
  });
});

/**
 * Converts a tfjs kernel shape [...spatial, in, out] to the torch layout
 * [out, in, ...spatial].
 */
function toTorchLayout(shape: readonly number[]): number[] {
  const [inChannels, outChannels] = shape.slice(-2);
  return [outChannels, inChannels, ...shape.slice(0, -2)];
}

// make_reference.py reads these moments from torch.nn.init on a tensor of
// the torch-layout shape, so `layout: 'torch'` on that shape must give them.
describe.each(ROWS)('PyTorch presets on torch layout of $shape', (row) => {
  const expected = row.moments;
  const shape = toTorchLayout(row.shape);
  const layout = 'torch';

  it('xavierNormal matches torch', () => {
    const values = take(xavierNormal({ layout, seed: 41 }).apply(shape));
    expectDistribution(values, {
      kind: 'normal',
      mean: 0,
      std: expected.xavierNormal.std,
    });
  });

  it('xavierUniform matches torch', () => {
    const bound = expected.xavierUniform.bound;
    const values = take(xavierUniform({ layout, seed: 42 }).apply(shape));
    expectDistribution(values, { kind: 'uniform', min: -bound, max: bound });
  });

  it('kaimingNormal matches torch', () => {
    const values = take(kaimingNormal({ layout, seed: 43 }).apply(shape));
    expectDistribution(values, {
      kind: 'normal',
      mean: 0,
      std: expected.kaimingNormal.std,
    });
  });

  it('kaimingUniform matches torch', () => {
    const bound = expected.kaimingUniform.bound;
    const values = take(kaimingUniform({ layout, seed: 44 }).apply(shape));
    expectDistribution(values, { kind: 'uniform', min: -bound, max: bound });
  });

  it('torchLinearDefault matches torch', () => {
    const bound = expected.torchLinearDefault.bound;
    const init = torchLinearDefault({ layout, seed: 45 });
    const values = take(init.apply(shape));
    expectDistribution(values, { kind: 'uniform', min: -bound, max: bound });
  });
});

describe('layout option of the PyTorch presets', () => {
  it('reads the fans of a torch conv weight', () => {
    // [out, in, h, w] = [32, 16, 5, 5]: fanIn = 16 * 5 * 5 = 400 and
    // fanOut = 32 * 5 * 5 = 800. The tfjs layout would read both fans as
    // 32 * 16 * 5 = 2560 from the same shape.
    const fanOut = kaimingNormal({ mode: 'fanOut', layout: 'torch', seed: 6 });
    expectDistribution(take(fanOut.apply([32, 16, 5, 5])), {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(2 / 800),
    });
    const fanIn = kaimingNormal({ layout: 'torch', seed: 7 });
    expectDistribution(take(fanIn.apply([32, 16, 5, 5])), {
      kind: 'normal',
      mean: 0,
      std: Math.sqrt(2 / 400),
    });
  });

  it('records layout in the config only when set', () => {
    expect(xavierNormal({ gain: 2 }).getConfig()).toEqual({
      name: 'xavierNormal',
      gain: 2,
    });
    expect(xavierNormal({ gain: 2, layout: 'torch' }).getConfig()).toEqual({
      name: 'xavierNormal',
      gain: 2,
      layout: 'torch',
    });
    expect(torchLinearDefault().getConfig()).toEqual({
      name: 'torchLinearDefault',
    });
  });

  it.each([
    ['xavierUniform', () => xavierUniform({ layout: 'torch', seed: 1 })],
    ['kaimingUniform', () => kaimingUniform({ layout: 'torch', seed: 1 })],
    [
      'torchLinearDefault',
      () => torchLinearDefault({ layout: 'torch', seed: 1 }),
    ],
  ])('%s keeps layout in withSeed', (_name, create) => {
    expect(create().withSeed(2).getConfig()).toEqual({
      ...create().getConfig(),
      seed: 2,
    });
  });

  it('rejects an unknown layout', () => {
    expect(() => kaimingNormal({ layout: 'nchw' as 'torch' })).toThrow(
      "layout must be one of 'tfjs', 'torch'; got 'nchw'",
    );
  });

  it.each(['depthwise', 'fanIn', 'fanOut'])(
    'takes no %s, which PyTorch does not have',
    (option) => {
      expect(() => kaimingNormal({ [option]: 9 } as never)).toThrow(
        `kaimingNormal takes no option '${option}'; valid options: 'a', ` +
          "'mode', 'nonlinearity', 'layout', 'seed'",
      );
    },
  );
});
