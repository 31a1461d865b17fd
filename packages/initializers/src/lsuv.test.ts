import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { randomNormal } from './distributions';
import { lsuv } from './lsuv';
import { listInitializers, resolveInitializer } from './registry';
import type { LsuvModel, LsuvOptions } from './lsuv';
import { readMnistImages } from './testing/mnist';
import { useCpuBackend } from './testing/stats';
import { errorOf } from './testing/checks';

beforeAll(useCpuBackend);

type Activation = 'relu' | 'tanh';

interface TestLayer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/**
 * A minimal MLP with the same public shape as `Mlp` of `@initlab/mlp`:
 * `layers` with kernel [in, out] and bias [out], and `forward(x)` on a
 * Tensor2D returning every pre-activation and activation, the last layer
 * linear. Kernels start from N(0, 0.05^2), biases from N(0, biasStd^2).
 */
class TestMlp {
  readonly layers: TestLayer[];
  private readonly activation: Activation;

  constructor(
    sizes: number[],
    activation: Activation,
    seed: number,
    biasStd = 0,
  ) {
    this.activation = activation;
    this.layers = sizes.slice(1).map((units, i) => {
      const kernel = randomNormal({ stddev: 0.05, seed: seed + 2 * i }).apply(
        [sizes[i], units],
      );
      const bias =
        biasStd > 0
          ? randomNormal({ stddev: biasStd, seed: seed + 2 * i + 1 }).apply([
              units,
            ])
          : tf.zeros([units]);
      const layer = { kernel: tf.variable(kernel), bias: tf.variable(bias) };
      tf.dispose([kernel, bias]);
      return layer;
    });
  }

  forward(x: tf.Tensor2D): {
    preActivations: tf.Tensor2D[];
    activations: tf.Tensor2D[];
  } {
    const preActivations: tf.Tensor2D[] = [];
    const activations: tf.Tensor2D[] = [];
    let input = x;
    this.layers.forEach((layer, i) => {
      const z = tf.add(
        tf.matMul(input, layer.kernel as tf.Tensor2D),
        layer.bias,
      ) as tf.Tensor2D;
      const isOutput = i === this.layers.length - 1;
      const a = isOutput
        ? z
        : this.activation === 'relu'
          ? tf.relu(z)
          : tf.tanh(z);
      preActivations.push(z);
      activations.push(a);
      input = a;
    });
    return { preActivations, activations };
  }

  dispose(): void {
    for (const layer of this.layers) {
      tf.dispose([layer.kernel, layer.bias]);
    }
  }
}

/** Variance of each layer's pre-activations on `batch`, in float64. */
function measureVariances(model: TestMlp, batch: tf.Tensor2D): number[] {
  return tf.tidy(() =>
    model.forward(batch).preActivations.map((z) => {
      const values = z.dataSync();
      let sum = 0;
      for (const value of values) sum += value;
      const mean = sum / values.length;
      let squares = 0;
      for (const value of values) squares += (value - mean) ** 2;
      return squares / values.length;
    }),
  );
}

const created: { dispose(): void }[] = [];

function track<T extends { dispose(): void }>(value: T): T {
  created.push(value);
  return value;
}

afterEach(() => {
  created.splice(0).forEach((value) => value.dispose());
});

// Ten dense layers: 784 -> 64 (x 9) -> 10.
const MNIST_SIZES = [784, ...Array<number>(9).fill(64), 10];
const MNIST_BATCH = 256;

describe.each(['relu', 'tanh'] as const)(
  'lsuv on MNIST, 10-layer %s MLP',
  (activation) => {
    it('brings every layer to variance 1', () => {
      const images = readMnistImages(MNIST_BATCH);
      const batch = track(tf.tensor2d(images, [MNIST_BATCH, 784]));
      const model = track(new TestMlp(MNIST_SIZES, activation, 1));

      const reports = lsuv(model, batch, { seed: 2 });
      const variances = measureVariances(model, batch);

      expect(reports).toHaveLength(10);
      variances.forEach((variance, i) => {
        expect(reports[i].layer).toBe(i);
        expect(reports[i].converged).toBe(true);
        expect(Math.abs(variance - 1)).toBeLessThan(0.1);
        expect(reports[i].variance).toBeCloseTo(variance, 4);
      });
      // Orthogonal kernels keep the norm of a layer's input, but neither the
      // variance of the standardized pixels nor what the activations lose.
      expect(reports.some((report) => report.iterations > 0)).toBe(true);
    });
  },
);

describe('lsuv', () => {
  const SIZES = [32, 64, 64, 64, 8];
  const BATCH = 256;

  function createBatch(seed = 3): tf.Tensor2D {
    const batch = randomNormal({ stddev: 2, seed }).apply([BATCH, SIZES[0]]);
    return track(batch as tf.Tensor2D);
  }

  it('is not in the registry of shape-only initializers', () => {
    expect(listInitializers()).not.toContain('lsuv');
    const error = errorOf(() => resolveInitializer('lsuv'));
    expect(error.code).toBe('UNKNOWN_INITIALIZER');
  });

  it('accepts a model with the shape of Mlp', () => {
    const model: LsuvModel = track(new TestMlp(SIZES, 'relu', 4));
    expect(() => lsuv(model, createBatch())).not.toThrow();
  });

  it('rescales a layer with zero biases at most once', () => {
    const model = track(new TestMlp(SIZES, 'relu', 5));
    const reports = lsuv(model, createBatch(), { seed: 6 });
    for (const report of reports) {
      expect(report.iterations).toBeLessThanOrEqual(1);
      expect(Math.abs(report.variance - 1)).toBeLessThan(1e-4);
    }
  });

  it('iterates when biases shift the variance', () => {
    const model = track(new TestMlp(SIZES, 'tanh', 7, 0.5));
    const batch = createBatch();

    const reports = lsuv(model, batch, { seed: 8, tolerance: 0.01 });
    const variances = measureVariances(model, batch);

    const iterations = reports.map((report) => report.iterations);
    expect(Math.max(...iterations)).toBeGreaterThan(1);
    variances.forEach((variance, i) => {
      expect(reports[i].converged).toBe(true);
      expect(Math.abs(variance - 1)).toBeLessThan(0.01);
    });
  });

  it('reports no convergence for large biases', () => {
    const model = track(new TestMlp(SIZES, 'relu', 9, 2));
    const reports = lsuv(model, createBatch(), { seed: 10, maxIterations: 3 });
    const stuck = reports.filter((report) => !report.converged);

    expect(stuck.length).toBeGreaterThan(0);
    for (const report of stuck) {
      expect(report.iterations).toBe(3);
      expect(report.variance).toBeGreaterThan(1.1);
    }
  });

  it('leaves a layer of zero variance unchanged', () => {
    const model = track(new TestMlp(SIZES, 'relu', 11));
    const zerosBatch = track(tf.zeros([BATCH, SIZES[0]]) as tf.Tensor2D);

    const reports = lsuv(model, zerosBatch, { orthogonalStart: false });

    for (const report of reports) {
      expect(report).toMatchObject({
        iterations: 0,
        variance: 0,
        converged: false,
      });
    }
    const kernel = model.layers[0].kernel.dataSync();
    expect(kernel.every(Number.isFinite)).toBe(true);
  });

  it('starts from orthogonal kernels: W^T W = c^2 I', () => {
    const model = track(new TestMlp(SIZES, 'tanh', 12));
    lsuv(model, createBatch(), { seed: 13 });

    const error = tf.tidy(() => {
      const w = model.layers[1].kernel as tf.Tensor2D;
      const gram = tf.matMul(w, w, true, false);
      const identity = tf.eye(SIZES[2]);
      const scale = tf.div(tf.sum(tf.mul(gram, identity)), SIZES[2]);
      const expected = tf.mul(identity, scale);
      const maxError = tf.max(tf.abs(tf.sub(gram, expected)));
      return tf.div(maxError, scale).dataSync()[0];
    });
    expect(error).toBeLessThan(1e-5);
  });

  it('only rescales the kernels when orthogonalStart is false', () => {
    const model = track(new TestMlp(SIZES, 'relu', 14));
    const before = model.layers.map((layer) => layer.kernel.dataSync());

    lsuv(model, createBatch(), { orthogonalStart: false });

    model.layers.forEach((layer, i) => {
      const after = layer.kernel.dataSync();
      const ratio = after[0] / before[i][0];
      for (let j = 0; j < after.length; j++) {
        expect(after[j]).toBeCloseTo(ratio * before[i][j], 6);
      }
    });
  });

  it('gives the same kernels for the same seed', () => {
    const batch = createBatch();
    const kernelsFor = (seed: number) => {
      const model = track(new TestMlp(SIZES, 'tanh', 15));
      lsuv(model, batch, { seed });
      return model.layers.map((layer) => Array.from(layer.kernel.dataSync()));
    };
    expect(kernelsFor(16)).toEqual(kernelsFor(16));
    expect(kernelsFor(16)).not.toEqual(kernelsFor(17));
  });

  it('leaks no tensors', () => {
    const model = track(new TestMlp(SIZES, 'relu', 18, 0.5));
    const batch = createBatch();
    const before = tf.memory().numTensors;
    lsuv(model, batch, { seed: 19 });
    lsuv(model, batch, { orthogonalStart: false });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each<[LsuvOptions, string]>([
    [{ tolerance: 0 }, 'tolerance must be a number in (0, 1); got 0'],
    [{ tolerance: 1 }, 'tolerance must be a number in (0, 1); got 1'],
    [{ tolerance: NaN }, 'tolerance must be a number in (0, 1); got NaN'],
    [{ maxIterations: 0 }, 'maxIterations must be a positive integer; got 0'],
    [
      { maxIterations: 1.5 },
      'maxIterations must be a positive integer; got 1.5',
    ],
    [
      { orthogonalStart: 'yes' as unknown as boolean },
      "orthogonalStart must be a boolean; got 'yes'",
    ],
    [{ seed: 0.5 }, 'seed must be a safe integer or undefined; got 0.5'],
  ])('rejects options %j', (options, message) => {
    const model = track(new TestMlp(SIZES, 'relu', 20));
    const error = errorOf(() => lsuv(model, createBatch(), options));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(message);
  });

  it('rejects an unknown option with the valid ones', () => {
    const model = track(new TestMlp(SIZES, 'relu', 21));
    const options = { tolerence: 0.05 } as LsuvOptions;
    const error = errorOf(() => lsuv(model, createBatch(), options));
    expect(error.code).toBe('UNKNOWN_OPTION');
    expect(error.message).toBe(
      "lsuv takes no option 'tolerence'; valid options: 'tolerance', " +
        "'maxIterations', 'orthogonalStart', 'seed'",
    );
  });

  it('rejects a seed passed in place of the options', () => {
    const model = track(new TestMlp(SIZES, 'relu', 22));
    const options = 7 as unknown as LsuvOptions;
    const error = errorOf(() => lsuv(model, createBatch(), options));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      'lsuv options must be a plain object or undefined; got 7. To set the ' +
        'seed, call lsuv(model, batch, { seed: 7 }). Valid options: ' +
        "'tolerance', 'maxIterations', 'orthogonalStart', 'seed'.",
    );
  });

  it('rejects null options', () => {
    const model = track(new TestMlp(SIZES, 'relu', 23));
    const options = null as unknown as LsuvOptions;
    const error = errorOf(() => lsuv(model, createBatch(), options));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toMatch(/^lsuv options must be .*; got null\. /);
  });

  it('rejects a model without layers', () => {
    const model = { layers: [], forward: () => ({ preActivations: [] }) };
    const error = errorOf(() => lsuv(model, createBatch()));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toBe(
      'lsuv: model must have a non-empty array `layers` and a method `forward`',
    );
  });

  it('rejects a kernel that is not a variable of rank >= 2', () => {
    const bias = track(tf.variable(tf.zeros([4])));
    const forward = () => ({ preActivations: [] });
    const vector = errorOf(() =>
      lsuv({ layers: [{ kernel: bias }], forward }, createBatch()),
    );
    expect(vector.code).toBe('INVALID_MODEL');
    expect(vector.message).toBe(
      'lsuv: layers[0].kernel must be a tf.Variable of rank >= 2; got [4]',
    );

    const tensor = track(tf.zeros([4, 4]));
    const plain = errorOf(() =>
      lsuv(
        { layers: [{ kernel: tensor as tf.Variable }], forward },
        createBatch(),
      ),
    );
    expect(plain.message).toMatch(/^lsuv: layers\[0\]\.kernel must be/);
  });

  it('rejects a forward pass with too few pre-activations', () => {
    const model = track(new TestMlp(SIZES, 'relu', 22));
    const truncated: LsuvModel = {
      layers: model.layers,
      forward: (x) => ({
        preActivations: model.forward(x as tf.Tensor2D).preActivations.slice(1),
      }),
    };
    const before = tf.memory().numTensors;
    const error = errorOf(() => lsuv(truncated, createBatch()));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toBe(
      'lsuv: forward() must return one pre-activation per layer, 4 in all; ' +
        'got 3',
    );
    expect(tf.memory().numTensors).toBe(before + 1);
  });

  it('rejects an empty batch', () => {
    const model = track(new TestMlp(SIZES, 'relu', 23));
    const empty = track(tf.zeros([0, SIZES[0]]));
    const error = errorOf(() => lsuv(model, empty));
    expect(error.code).toBe('INVALID_SHAPE');
    expect(error.message).toBe(
      'lsuv: batch must be a tensor with at least one element; got [0, 32]',
    );
  });
});
