import { describe, expect, it } from 'vitest';

import reference from '../fixtures/reference.json';
import { InitializerError } from './errors';
import { calculateGain, gainFromSecondMoment } from './gain';

const gains = reference.gains as Record<string, number>;

describe('calculateGain', () => {
  it.each([
    ['linear', undefined, gains.linear],
    ['conv2d', undefined, gains.conv2d],
    ['sigmoid', undefined, gains.sigmoid],
    ['tanh', undefined, gains.tanh],
    ['relu', undefined, gains.relu],
    ['leaky_relu', undefined, gains.leaky_relu],
    ['leaky_relu', 0.2, gains['leaky_relu:0.2']],
    ['leaky_relu', Math.sqrt(5), gains['leaky_relu:2.23606797749979']],
    ['selu', undefined, gains.selu],
  ])('matches PyTorch for %s (param %s)', (name, param, expected) => {
    expect(calculateGain(name, param)).toBeCloseTo(expected, 14);
  });

  // The reference integrates by Simpson's rule, a method independent of the
  // Gauss-Hermite rule used here.
  it.each(['gelu', 'silu', 'softplus', 'mish'])(
    'computes %s to 1e-9 relative',
    (name) => {
      const relative = Math.abs(calculateGain(name) / gains[name] - 1);
      expect(relative).toBeLessThan(1e-9);
    },
  );

  it('computes elu to 1e-4 relative despite its kink', () => {
    expect(Math.abs(calculateGain('elu') / gains.elu - 1)).toBeLessThan(1e-4);
  });

  it('treats swish as silu', () => {
    expect(calculateGain('swish')).toBe(calculateGain('silu'));
  });

  it('accepts camelCase and mixed-case spellings', () => {
    expect(calculateGain('leakyRelu', 0.2)).toBe(
      calculateGain('leaky_relu', 0.2),
    );
    expect(calculateGain('ReLU')).toBe(Math.SQRT2);
    expect(calculateGain('convTranspose2d')).toBe(1);
  });

  it('takes elu alpha and softplus beta as param', () => {
    expect(calculateGain('elu', 1)).toBe(calculateGain('elu'));
    expect(calculateGain('elu', 0.5)).not.toBe(calculateGain('elu'));
    expect(calculateGain('softplus', 2)).not.toBe(calculateGain('softplus'));
  });

  it('rejects an unknown nonlinearity with the valid names', () => {
    const error = (() => {
      try {
        calculateGain('rleu');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InitializerError);
    expect((error as InitializerError).code).toBe('UNKNOWN_NONLINEARITY');
    expect((error as Error).message).toMatch(
      /^nonlinearity must be one of 'linear'/,
    );
    expect((error as Error).message).toMatch(/'leaky_relu'/);
    expect((error as Error).message).toMatch(/got 'rleu'$/);
  });

  it('rejects a param for nonlinearities without one', () => {
    expect(() => calculateGain('relu', 0.1)).toThrow(
      "param must be undefined for nonlinearity 'relu', which takes no parameter; got 0.1",
    );
  });

  it('rejects a non-finite param', () => {
    expect(() => calculateGain('leaky_relu', NaN)).toThrow(
      'param must be a finite number; got NaN',
    );
    expect(() => calculateGain('softplus', 0)).toThrow(
      'param (softplus beta) must be a positive finite number; got 0',
    );
  });
  it.each([
    ['leaky_relu', 1e200, '0.01'],
    ['elu', 1e200, '1'],
    ['softplus', 5e-324, '1'],
  ])('rejects a %s param %s whose gain is 0', (name, param, hint) => {
    expect(() => calculateGain(name, param)).toThrow(
      `param ${param} gives nonlinearity '${name}' a gain of 0, but the ` +
        `gain must be positive and finite; pick a value of param nearer ` +
        `to ${hint}`,
    );
  });
});

describe('gainFromSecondMoment', () => {
  it('reproduces sqrt(2) for relu to 1e-6', () => {
    const gain = gainFromSecondMoment((z) => Math.max(z, 0));
    expect(Math.abs(gain - Math.SQRT2)).toBeLessThan(1e-6);
  });

  it('gives 1 for the identity, whose second moment is 1', () => {
    expect(gainFromSecondMoment((z) => z)).toBeCloseTo(1, 12);
  });

  it('matches leaky_relu gains for several slopes', () => {
    for (const slope of [0.01, 0.2, 1, Math.sqrt(5)]) {
      const gain = gainFromSecondMoment((z) => (z > 0 ? z : slope * z));
      expect(gain).toBeCloseTo(calculateGain('leaky_relu', slope), 10);
    }
  });
});
