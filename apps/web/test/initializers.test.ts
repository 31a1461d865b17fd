import * as tf from '@tensorflow/tfjs-core';
import { resolveInitializer } from '@initlab/initializers';
import { beforeAll, describe, expect, it } from 'vitest';

import { defaultValues, findKind, INITIALIZER_KINDS, type ParamValues } from '../src/initializers';
import { useCpuBackend } from './cpu-backend';

const FAN_IN = 784;
const FAN_OUT = 128;

/** Returns the kernel [784, 128] that a kind fills with these values, seeded. */
function sampleKernel(id: string, values: Partial<ParamValues> = {}): Float32Array {
  const kind = findKind(id)!;
  const { name, options } = kind.toRegistry({ ...defaultValues(kind), ...values } as ParamValues);
  const kernel = resolveInitializer(name, { ...options, seed: 1 }).apply([FAN_IN, FAN_OUT]);
  const data = kernel.dataSync() as Float32Array;
  kernel.dispose();
  return data;
}

function variance(values: Float32Array): number {
  let sum = 0;
  let squares = 0;
  for (const value of values) {
    sum += value;
    squares += value * value;
  }
  const mean = sum / values.length;
  return squares / values.length - mean * mean;
}

beforeAll(useCpuBackend);

describe('initializer kinds', () => {
  it('resolve for every choice of every parameter', () => {
    for (const kind of INITIALIZER_KINDS) {
      for (const param of kind.params) {
        for (const choice of param.choices ?? [param.default]) {
          const { name, options } = kind.toRegistry({ ...defaultValues(kind), [param.key]: choice });

          expect(() => resolveInitializer(name, options)).not.toThrow();
        }
      }
    }
  });

  it('zero fills zeros', () => {
    expect(sampleKernel('zero').every((value) => value === 0)).toBe(true);
  });

  // From n = 100,352 samples of a normal, the variance has a relative
  // standard error of sqrt(2 / n) = 0.45%, so 3% is over 6 of them.
  it.each([
    ['random', {}, 0.01 ** 2],
    ['random', { stddev: 0.5 }, 0.5 ** 2],
    ['xavier', {}, 2 / (FAN_IN + FAN_OUT)],
    ['xavier', { distribution: 'normal', gain: 2 }, (4 * 2) / (FAN_IN + FAN_OUT)],
    ['he', {}, 2 / FAN_IN],
    ['he', { distribution: 'uniform' }, 2 / FAN_IN],
    ['he', { mode: 'fanOut' }, 2 / FAN_OUT],
    ['lecun', {}, 1 / FAN_IN],
    ['lecun', { distribution: 'uniform' }, 1 / FAN_IN],
    ['orthogonal', {}, 1 / FAN_IN],
  ] as const)('%s %j has the stated variance', (id, values, expected) => {
    const measured = variance(sampleKernel(id, values));

    expect(Math.abs(measured / expected - 1)).toBeLessThan(0.03);
  });

  it('orthogonal has orthonormal columns times the gain', () => {
    const gain = 1.5;
    const kernel = tf.tensor2d(sampleKernel('orthogonal', { gain }), [FAN_IN, FAN_OUT]);
    const gram = tf.matMul(kernel, kernel, true, false);
    const error = tf.max(tf.abs(tf.sub(gram, tf.mul(tf.eye(FAN_OUT), gain * gain)))).dataSync()[0];
    tf.dispose([kernel, gram]);

    expect(error).toBeLessThan(1e-4);
  });
});
