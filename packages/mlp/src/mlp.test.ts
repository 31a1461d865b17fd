import * as tf from '@tensorflow/tfjs-core';
// The autodiff oracle: tfjs-core's own gradients, loaded through Vite.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { glorotUniform, randomNormal, zeros } from '@initlab/initializers';
import { beforeAll, describe, expect, test } from 'vitest';

import { ACTIVATIONS, activate, activationDerivative } from './activations';
import { Mlp, createMlp } from './mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function batch(seed: number, rows: number, features: number, classes: number) {
  const x = tf.randomNormal([rows, features], 0, 1, 'float32', seed) as tf.Tensor2D;
  const labels = tf.tensor1d(
    Array.from({ length: rows }, (_, i) => (i * 7 + seed) % classes),
    'int32',
  );
  return { x, labels };
}

/** Mean softmax cross-entropy written with plain ops, for tf.grads. */
function referenceLoss(model: Mlp, x: tf.Tensor2D, labels: tf.Tensor1D) {
  return (...weights: tf.Tensor[]) => {
    let h: tf.Tensor = x;
    model.layers.forEach((layer, i) => {
      const z = tf.add(tf.matMul(h, weights[2 * i]), weights[2 * i + 1]);
      h = layer.activation === 'linear' ? z : activate(layer.activation, z);
    });
    const oneHot = tf.oneHot(labels, model.outputSize);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(h)), 1)));
  };
}

describe('Mlp.computeGradients', () => {
  test.each(ACTIVATIONS)('matches autodiff for %s', (activation) => {
    const model = createMlp({
      inputSize: 6,
      hiddenSizes: [5, 4],
      outputSize: 3,
      activation,
      kernelInitializer: randomNormal({ stddev: 0.5 }),
      biasInitializer: randomNormal({ stddev: 0.1 }),
      seed: 7,
    });
    const { x, labels } = batch(3, 8, 6, 3);
    const { loss, grads } = model.computeGradients(x, labels);
    const variables = model.trainableVariables;
    const reference = tf.valueAndGrads(referenceLoss(model, x, labels))(
      variables.map((v) => tf.clone(v)),
    );

    expect(loss.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0], 5);
    variables.forEach((variable, i) => {
      const ours = grads[variable.name].dataSync();
      const theirs = reference.grads[i].dataSync();
      expect(ours.length).toBe(theirs.length);
      for (let j = 0; j < ours.length; j++) {
        expect(Math.abs(ours[j] - theirs[j])).toBeLessThan(1e-5 + 1e-4 * Math.abs(theirs[j]));
      }
    });
    model.dispose();
  });

  test('zero kernels pass no gradient to hidden layers', () => {
    const model = createMlp({
      inputSize: 4,
      hiddenSizes: [3],
      outputSize: 2,
      kernelInitializer: zeros(),
    });
    const { x, labels } = batch(1, 5, 4, 2);
    const { grads } = model.computeGradients(x, labels);
    const [kernel0, bias0, kernel1, bias1] = model.trainableVariables;

    expect(Array.from(grads[kernel0.name].dataSync()).every((g) => g === 0)).toBe(true);
    expect(Array.from(grads[bias0.name].dataSync()).every((g) => g === 0)).toBe(true);
    expect(Array.from(grads[kernel1.name].dataSync()).every((g) => g === 0)).toBe(true);
    expect(Array.from(grads[bias1.name].dataSync()).some((g) => g !== 0)).toBe(true);
    model.dispose();
  });

  test('leaks no tensors', () => {
    const model = createMlp({
      inputSize: 4,
      hiddenSizes: [3],
      outputSize: 2,
      kernelInitializer: glorotUniform(),
    });
    const { x, labels } = batch(1, 5, 4, 2);
    const before = tf.memory().numTensors;
    const { loss, grads } = model.computeGradients(x, labels);
    tf.dispose([loss, ...Object.values(grads)]);
    tf.dispose(model.predict(x));

    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('activationDerivative', () => {
  test.each([
    ['relu', [0, 0, 1]],
    ['leakyRelu', [0.2, 0.2, 1]],
  ] as const)('%s takes the left slope at 0', (name, expected) => {
    const z = tf.tensor1d([-1, 0, 2]);
    const derivative = activationDerivative(name, z, activate(name, z, 0.2), 0.2);

    expect(Array.from(derivative.dataSync())).toEqual(expected.map(Math.fround));
    tf.dispose([z, derivative]);
  });
});

describe('createMlp initializer checks', () => {
  test('rejects an initializer that returns the wrong shape', () => {
    const wrong = {
      ...zeros(),
      name: 'wrong',
      apply: () => tf.zeros([2, 2]),
      withSeed: () => wrong,
      getConfig: () => ({ name: 'wrong' }),
    };

    expect(() =>
      createMlp({ inputSize: 4, hiddenSizes: [3], outputSize: 2, kernelInitializer: wrong }),
    ).toThrow('kernelInitializer returned a tensor of shape [2, 2] for shape [4, 3]');
  });
});

describe('createMlp', () => {
  test('builds [in, out] kernels and zero biases', () => {
    const model = createMlp({
      inputSize: 784,
      hiddenSizes: [128, 64],
      outputSize: 10,
      kernelInitializer: glorotUniform(),
    });

    expect(model.layers.map((l) => l.kernel.shape)).toEqual([
      [784, 128],
      [128, 64],
      [64, 10],
    ]);
    expect(model.layers.map((l) => l.activation)).toEqual(['relu', 'relu', 'linear']);
    expect(tf.sum(tf.abs(model.layers[0].bias)).dataSync()[0]).toBe(0);
    model.dispose();
  });

  test('same seed gives same weights; layers differ', () => {
    const make = (seed: number) =>
      createMlp({
        inputSize: 8,
        hiddenSizes: [8, 8],
        outputSize: 8,
        kernelInitializer: glorotUniform(),
        seed,
      });
    const a = make(42);
    const b = make(42);
    const c = make(43);
    const values = (m: Mlp, i: number) => Array.from(m.layers[i].kernel.dataSync());

    expect(values(a, 0)).toEqual(values(b, 0));
    expect(values(a, 2)).toEqual(values(b, 2));
    expect(values(a, 0)).not.toEqual(values(c, 0));
    expect(values(a, 1)).not.toEqual(values(a, 2));
    [a, b, c].forEach((m) => m.dispose());
  });

  test.each([
    [{ inputSize: 0 }, 'inputSize must be a positive integer; got 0'],
    [{ outputSize: 2.5 }, 'outputSize must be a positive integer; got 2.5'],
    [{ hiddenSizes: [128, -1] }, 'hiddenSizes[1] must be a positive integer; got -1'],
    [{ activation: 'relu6' }, 'activation must be one of relu, leakyRelu'],
    [{ leakyReluAlpha: NaN }, 'leakyReluAlpha must be a finite number >= 0; got NaN'],
    [{ seed: 1.5 }, 'seed must be an integer; got 1.5'],
    [{ kernelInitializer: undefined }, 'kernelInitializer must be an Initializer from @initlab/initializers; got undefined'],
  ])('rejects %j', (override, message) => {
    const options = {
      inputSize: 4,
      hiddenSizes: [3],
      outputSize: 2,
      kernelInitializer: glorotUniform(),
      ...override,
    };

    expect(() => createMlp(options as Parameters<typeof createMlp>[0])).toThrow(message);
  });
});
