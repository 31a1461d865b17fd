import { beforeAll, describe, expect, it } from 'vitest';

import { constant, ones, zeros } from './constant';
import { randomNormal, randomUniform, truncatedNormal } from './distributions';
import { errorOf, expectDistribution } from './testing/checks';
import { moments, take, useCpuBackend } from './testing/stats';

beforeAll(useCpuBackend);

const SHAPES = [[200, 150], [3, 3, 32, 64], [40000]];

describe('constants', () => {
  it('fill zeros, ones and a value', () => {
    expect(Array.from(take(zeros().apply([2, 2])))).toEqual([0, 0, 0, 0]);
    expect(Array.from(take(ones().apply([3])))).toEqual([1, 1, 1]);
    expect(Array.from(take(constant({ value: -2.5 }).apply([2])))).toEqual([
      -2.5, -2.5,
    ]);
  });

  it('fill a scalar shape', () => {
    const tensor = ones().apply([]);
    expect(tensor.shape).toEqual([]);
    expect(Array.from(take(tensor))).toEqual([1]);
  });

  it('default constant to 0', () => {
    expect(constant().getConfig()).toEqual({ name: 'constant', value: 0 });
  });

  it('reject a non-finite value', () => {
    expect(() => constant({ value: Infinity })).toThrow(
      'value must be a finite number; got Infinity',
    );
  });
});

describe.each(SHAPES)('randomNormal on %j', (...shape) => {
  it('matches N(mean, stddev^2)', () => {
    const values = take(
      randomNormal({ mean: 0.3, stddev: 0.7, seed: 11 }).apply(shape),
    );
    expectDistribution(values, { kind: 'normal', mean: 0.3, std: 0.7 });
  });
});

describe.each(SHAPES)('randomUniform on %j', (...shape) => {
  it('matches U(minval, maxval)', () => {
    const values = take(
      randomUniform({ minval: -0.2, maxval: 0.6, seed: 12 }).apply(shape),
    );
    expectDistribution(values, { kind: 'uniform', min: -0.2, max: 0.6 });
  });
});

describe.each(SHAPES)('truncatedNormal on %j', (...shape) => {
  it.each([0.5, 2, 3])('has the promised std at bound %s', (bound) => {
    const init = truncatedNormal({ mean: -1, stddev: 0.1, bound, seed: 13 });
    expectDistribution(take(init.apply(shape)), {
      kind: 'truncatedNormal',
      mean: -1,
      std: 0.1,
      bound,
    });
  });
});

describe('randomNormal', () => {
  it('uses the Keras defaults', () => {
    expect(randomNormal().getConfig()).toEqual({
      name: 'randomNormal',
      mean: 0,
      stddev: 0.05,
    });
  });

  it('rejects a non-positive or non-finite stddev', () => {
    expect(() => randomNormal({ stddev: 0 })).toThrow(
      'stddev must be a positive finite number; got 0',
    );
    expect(() => randomNormal({ stddev: NaN })).toThrow(
      'stddev must be a positive finite number; got NaN',
    );
  });
});

describe('randomUniform', () => {
  it('keeps an explicit minval of 0', () => {
    const values = take(randomUniform({ minval: 0, seed: 1 }).apply([5000]));
    expect(moments(values).min).toBeGreaterThanOrEqual(0);
    expect(randomUniform({ minval: 0 }).getConfig()).toEqual({
      name: 'randomUniform',
      minval: 0,
      maxval: 0.05,
    });
  });

  it('allows minval equal to maxval', () => {
    const values = take(randomUniform({ minval: 2, maxval: 2 }).apply([3]));
    expect(Array.from(values)).toEqual([2, 2, 2]);
  });

  it('rejects minval above maxval', () => {
    expect(() => randomUniform({ minval: 1, maxval: 0 })).toThrow(
      'minval must be <= maxval; got minval 1 and maxval 0',
    );
  });
});

describe('truncatedNormal', () => {
  it('stays within 2 sigma, 0.1137 for the defaults', () => {
    const values = take(truncatedNormal({ seed: 3 }).apply([100000]));
    const { maxAbs, std } = moments(values);
    expect(maxAbs).toBeLessThanOrEqual((2 * 0.05) / 0.8796256610342398 + 1e-7);
    expect(maxAbs).toBeGreaterThan(0.11);
    expect(Math.abs(std / 0.05 - 1)).toBeLessThan(0.01);
  });

  it.each([
    [-1, '-1'],
    [0, '0'],
    [5e-324, '5e-324'],
    [1e-4, '0.0001'],
    [1e308, '1e+308'],
    [1001, '1001'],
  ])('rejects bound %s outside [0.001, 1000]', (bound, shown) => {
    const error = errorOf(() => truncatedNormal({ bound }));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      `bound must be between 0.001 and 1000 standard deviations; got ` +
        `${shown}. For a smaller bound use randomUniform with maxval = ` +
        `-minval = sqrt(3) * stddev, and for a larger one randomNormal; ` +
        `each gives practically the same distribution`,
    );
  });

  it('rejects a non-finite bound', () => {
    expect(() => truncatedNormal({ bound: Infinity })).toThrow(
      'bound must be a finite number; got Infinity',
    );
  });

  it.each([1e-3, 1e3])('accepts bound %s at the edge of its range', (bound) => {
    const values = take(truncatedNormal({ bound, seed: 4 }).apply([1000]));
    expect(values.every(Number.isFinite)).toBe(true);
    expect(moments(values).std).toBeCloseTo(0.05, 2);
  });
});

describe('float32 overflow', () => {
  it.each([
    ['constant', () => constant({ value: 1e39 })],
    ['randomUniform', () => randomUniform({ minval: -1e308, maxval: 1e308, seed: 1 })],
  ])('%s rejects values float32 cannot hold', (name, make) => {
    expect(() => make().apply([4])).toThrow(
      new RegExp(`^${name} produced .* which float32 cannot hold; keep values within about 3\\.4e38$`),
    );
  });
});
