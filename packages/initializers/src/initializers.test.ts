import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import * as initializers from './index';
import { CATALOGUE } from './testing/catalogue';
import { errorOf } from './testing/checks';
import { take, useCpuBackend } from './testing/stats';

beforeAll(useCpuBackend);

describe('catalogue', () => {
  it('covers every registered initializer', () => {
    const covered = CATALOGUE.map((entry) => entry.factory).sort();
    expect(covered).toEqual(initializers.listInitializers().sort());
  });

  it('covers every exported factory', () => {
    const helpers = [
      'InitializerError',
      'calculateGain',
      'computeFans',
      'erf',
      'fromConfig',
      'listInitializers',
      'lsuv',
      'resolveInitializer',
    ];
    const factories = Object.keys(initializers)
      .filter((name) => !helpers.includes(name))
      .sort();
    expect(factories).toEqual(CATALOGUE.map((entry) => entry.factory).sort());
  });
});

describe.each(CATALOGUE)('$factory', (entry) => {
  it('has its factory name as name', () => {
    expect(entry.create(1).name).toBe(entry.factory);
  });

  it('creates a float32 tensor of the shape', () => {
    const tensor = entry.create(1).apply(entry.shape);
    expect(tensor.shape).toEqual(entry.shape);
    expect(tensor.dtype).toBe('float32');
    const values = take(tensor);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it('leaks no tensors', () => {
    const init = entry.create(1);
    const before = tf.memory().numTensors;
    init.apply(entry.shape).dispose();
    init.apply(entry.emptyShape).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns an empty tensor for a zero-size shape', () => {
    const tensor = entry.create(1).apply(entry.emptyShape);
    expect(tensor.shape).toEqual(entry.emptyShape);
    expect(tensor.size).toBe(0);
    tensor.dispose();
  });

  it('gives the same values for the same seed', () => {
    const first = take(entry.create(123).apply(entry.shape));
    const second = take(entry.create(123).apply(entry.shape));
    expect(second).toEqual(first);
  });

  it('gives the values of the seed set by withSeed', () => {
    const reseeded = entry.create(5).withSeed(123);
    expect(take(reseeded.apply(entry.shape))).toEqual(
      take(entry.create(123).apply(entry.shape)),
    );
  });

  it('round-trips its config through JSON and fromConfig', () => {
    const init = entry.create(77);
    const config = JSON.parse(JSON.stringify(init.getConfig()));
    const restored = initializers.fromConfig(config);
    expect(restored.getConfig()).toEqual(init.getConfig());
    expect(restored.name).toBe(init.name);
    expect(take(restored.apply(entry.shape))).toEqual(
      take(init.apply(entry.shape)),
    );
  });

  it.each([
    [[1e6, 1e6], 1e12],
    [[2 ** 31, 2], 2 ** 32],
    [[46341, 46341], 46341 * 46341],
  ])('rejects shape %j, too large to allocate', (shape, count) => {
    const error = errorOf(() => entry.create(1).apply(shape));
    expect(error.code).toBe('INVALID_SHAPE');
    expect(error.message).toBe(
      `${entry.factory}: shape [${shape.join(', ')}] has ${count} ` +
        'elements, more than the maximum of 2147483647 (2^31 - 1) in one ' +
        'tensor; use a smaller shape or split the weight into several ' +
        'tensors',
    );
  });

  it('rejects a shape with a negative size', () => {
    expect(() => entry.create(1).apply([2, -3])).toThrow(
      `${entry.factory}: shape must be an array of non-negative integers; got [2, -3]`,
    );
  });

  if (entry.random) {
    it('gives other values for another seed', () => {
      const first = take(entry.create(1).apply(entry.shape));
      const second = take(entry.create(2).apply(entry.shape));
      expect(second).not.toEqual(first);
    });

    it('gives fresh values on each call when unseeded', () => {
      const init = entry.create(undefined);
      const first = take(init.apply(entry.shape));
      const second = take(init.apply(entry.shape));
      expect(second).not.toEqual(first);
    });

    it('records its seed in the config', () => {
      expect(entry.create(9).getConfig().seed).toBe(9);
      expect(
        entry.create(9).withSeed(undefined).getConfig(),
      ).not.toHaveProperty('seed');
    });
  } else {
    it('ignores seeds', () => {
      const init = entry.create(undefined);
      expect(init.withSeed(4)).toBe(init);
      expect(init.getConfig()).not.toHaveProperty('seed');
    });
  }
});
