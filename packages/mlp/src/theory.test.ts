import { describe, expect, test } from 'vitest';

import { ACTIVATIONS } from './activations';
import { predictSignalPropagation, scalarActivation } from './theory';

describe('predictSignalPropagation', () => {
  test('He init keeps the ReLU signal constant', () => {
    const layers = new Array(20).fill({ fanIn: 256, weightSecondMoment: 2 / 256, activation: 'relu' });
    const predictions = predictSignalPropagation(1, layers);
    const q = 2;
    // For z ~ N(0, q): E[relu(z)] = sqrt(q / (2 pi)), E[relu(z)^2] = q / 2.
    const mean = Math.sqrt(q / (2 * Math.PI));
    const std = Math.sqrt(q / 2 - mean * mean);

    for (const p of predictions) {
      expect(p.preActivationVariance).toBeCloseTo(q, 3);
      expect(p.activationMean).toBeCloseTo(mean, 4);
      expect(p.activationStd).toBeCloseTo(std, 4);
    }
  });

  test('linear layers multiply the variance by fanIn E[W^2]', () => {
    const layers = [
      { fanIn: 100, weightSecondMoment: 0.02, activation: 'linear' as const },
      { fanIn: 50, weightSecondMoment: 0.01, activation: 'linear' as const },
    ];
    const [first, second] = predictSignalPropagation(3, layers);

    expect(first.preActivationVariance).toBeCloseTo(6, 10);
    expect(second.preActivationVariance).toBeCloseTo(3, 10);
    expect(second.activationStd).toBeCloseTo(Math.sqrt(3), 8);
  });

  test('small weights make tanh vanish geometrically', () => {
    const layers = new Array(10).fill({ fanIn: 256, weightSecondMoment: 1e-4, activation: 'tanh' });
    const predictions = predictSignalPropagation(1, layers);
    const ratios = predictions.slice(1).map((p, i) => p.preActivationVariance / predictions[i].preActivationVariance);

    // Near zero tanh is the identity, so each layer scales q by 256e-4 once
    // q is small; at q = 0.0256 the series E[tanh(z)^2] = q - 2q^2 +
    // 17/3 q^3 - ... still bends it.
    const q = 0.0256;
    expect(ratios[0]).toBeCloseTo(q * (1 - 2 * q + (17 / 3) * q * q), 4);
    expect(ratios.at(-1)).toBeCloseTo(0.0256, 6);
  });

  test('bias variance adds to every layer', () => {
    const [p] = predictSignalPropagation(0, [
      { fanIn: 10, weightSecondMoment: 1, biasSecondMoment: 0.5, activation: 'linear' },
    ]);

    expect(p.preActivationVariance).toBe(0.5);
  });
});

test('predictSignalPropagation rejects unknown activations', () => {
  expect(() =>
    predictSignalPropagation(1, [{ fanIn: 4, weightSecondMoment: 1, activation: 'relu6' as never }]),
  ).toThrow('layers[0].activation must be one of relu, leakyRelu');
});

describe('scalarActivation', () => {
  test.each(ACTIVATIONS)('%s is finite on a grid', (name) => {
    const f = scalarActivation(name);
    for (let z = -40; z <= 40; z += 0.5) expect(Number.isFinite(f(z))).toBe(true);
  });

  test('matches known values', () => {
    expect(scalarActivation('relu')(-1)).toBe(0);
    expect(scalarActivation('leakyRelu', 0.2)(-1)).toBeCloseTo(-0.2, 12);
    expect(scalarActivation('gelu')(1)).toBeCloseTo(0.8413447460685429, 6);
    expect(scalarActivation('swish')(1)).toBeCloseTo(0.7310585786300049, 12);
    expect(scalarActivation('selu')(-1)).toBeCloseTo(-1.1113307378125625, 10);
  });
});
