import * as tf from '@tensorflow/tfjs-core';

import { InitializerError } from './errors';
import { checkOptions } from './options';
import { orthogonal } from './orthogonal';
import { createRandom } from './random';
import { formatValue, requirePositiveInteger, requireSeed } from './validate';

/** Layer of an {@link LsuvModel}, of which lsuv() uses only the kernel. */
export interface LsuvLayer {
  /**
   * Weights in the tfjs layout, [in, out] for a dense layer. lsuv()
   * overwrites them in place with `assign`.
   */
  readonly kernel: tf.Variable;
}

/**
 * A model that {@link lsuv} can initialize. `Mlp` of `@initlab/mlp`
 * satisfies it as it is.
 */
export interface LsuvModel {
  /** Layers in the order of the forward pass, input side first. */
  readonly layers: readonly LsuvLayer[];
  /**
   * Runs the model on `x`. `preActivations[i]` is the output of
   * `layers[i]` before its activation, e.g. `x W + b` of a dense layer.
   * lsuv() disposes every tensor that forward() creates.
   */
  forward(x: tf.Tensor): { readonly preActivations: readonly tf.Tensor[] };
}

/** Options of {@link lsuv}. */
export interface LsuvOptions {
  /**
   * Bound on |variance - 1| below which a layer counts as converged, in
   * (0, 1). Default 0.1.
   */
  tolerance?: number;
  /** Maximum number of rescalings of each kernel, >= 1. Default 10. */
  maxIterations?: number;
  /** Whether each kernel becomes `orthogonal` first. Default true. */
  orthogonalStart?: boolean;
  /** Seed of the orthogonal kernels. Default unseeded. */
  seed?: number;
}

/** Outcome of {@link lsuv} for one layer. */
export interface LsuvLayerReport {
  /** Index of the layer in `model.layers`. */
  layer: number;
  /** Number of times the kernel was divided by sqrt(variance). */
  iterations: number;
  /** Variance of the layer's pre-activations on the batch at the end. */
  variance: number;
  /** Whether |variance - 1| < tolerance at the end. */
  converged: boolean;
}

const LSUV_OPTIONS = ['tolerance', 'maxIterations', 'orthogonalStart', 'seed'];

interface ResolvedLsuvOptions {
  tolerance: number;
  maxIterations: number;
  orthogonalStart: boolean;
  seed: number | undefined;
}

function resolveOptions(options: LsuvOptions): ResolvedLsuvOptions {
  checkOptions(options, {
    owner: 'lsuv',
    names: LSUV_OPTIONS,
    seeded: true,
    formatCall: (text) => `lsuv(model, batch, ${text})`,
  });

  const tolerance = options.tolerance ?? 0.1;
  if (typeof tolerance !== 'number' || !(tolerance > 0 && tolerance < 1)) {
    throw new InitializerError(
      'INVALID_OPTION',
      `tolerance must be a number in (0, 1); got ${formatValue(tolerance)}`,
    );
  }
  const orthogonalStart = options.orthogonalStart ?? true;
  if (typeof orthogonalStart !== 'boolean') {
    throw new InitializerError(
      'INVALID_OPTION',
      `orthogonalStart must be a boolean; got ${formatValue(orthogonalStart)}`,
    );
  }
  return {
    tolerance,
    maxIterations: requirePositiveInteger(
      'maxIterations',
      options.maxIterations ?? 10,
    ),
    orthogonalStart,
    seed: requireSeed(options.seed),
  };
}

function invalidModel(message: string): InitializerError {
  return new InitializerError('INVALID_MODEL', `lsuv: ${message}`);
}

function isVariable(value: unknown): value is tf.Variable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as tf.Variable).assign === 'function' &&
    Array.isArray((value as tf.Variable).shape)
  );
}

function checkModel(model: LsuvModel): void {
  if (
    typeof model !== 'object' ||
    model === null ||
    typeof model.forward !== 'function' ||
    !Array.isArray(model.layers) ||
    model.layers.length === 0
  ) {
    throw invalidModel(
      'model must have a non-empty array `layers` and a method `forward`',
    );
  }
  model.layers.forEach((layer, i) => {
    const kernel: unknown = layer?.kernel;
    if (isVariable(kernel) && kernel.shape.length >= 2) {
      return;
    }
    const got = isVariable(kernel) ? formatValue(kernel.shape) : String(kernel);
    throw invalidModel(
      `layers[${i}].kernel must be a tf.Variable of rank >= 2; got ${got}`,
    );
  });
}

function checkBatch(batch: tf.Tensor): void {
  if (
    typeof batch !== 'object' ||
    batch === null ||
    !Array.isArray(batch.shape) ||
    batch.size === 0
  ) {
    const shape = Array.isArray(batch?.shape)
      ? formatValue(batch.shape)
      : String(batch);
    throw new InitializerError(
      'INVALID_SHAPE',
      `lsuv: batch must be a tensor with at least one element; got ${shape}`,
    );
  }
}

/**
 * Runs the model on the batch and throws INVALID_MODEL unless forward()
 * returns one pre-activation per layer. Disposes every tensor it creates.
 */
function checkForward(model: LsuvModel, batch: tf.Tensor): void {
  tf.tidy(() => {
    const { preActivations } = model.forward(batch);
    if (
      !Array.isArray(preActivations) ||
      preActivations.length !== model.layers.length
    ) {
      const count = Array.isArray(preActivations)
        ? preActivations.length
        : String(preActivations);
      throw invalidModel(
        `forward() must return one pre-activation per layer, ` +
          `${model.layers.length} in all; got ${count}`,
      );
    }
  });
}

/**
 * Runs the model on the batch and returns, for every layer, the variance of
 * its pre-activations over all their elements. Disposes every tensor it
 * creates.
 */
function measureVariances(model: LsuvModel, batch: tf.Tensor): number[] {
  return tf.tidy(() => {
    const { preActivations } = model.forward(batch);
    const variances = preActivations.map((z) => tf.moments(z).variance);
    return Array.from(tf.stack(variances).dataSync());
  });
}

function assignOrthogonal(kernel: tf.Variable, seed: number | undefined): void {
  const values = orthogonal({ seed }).apply(kernel.shape);
  kernel.assign(values);
  values.dispose();
}

/** Returns whether a layer is done: converged, or no rescaling can help. */
function isDone(variance: number, tolerance: number): boolean {
  const rescalable = Number.isFinite(variance) && variance > 0;
  return !rescalable || Math.abs(variance - 1) < tolerance;
}

function rescale(kernel: tf.Variable, factor: number): void {
  tf.tidy(() => {
    kernel.assign(tf.mul(kernel, factor));
  });
}

/**
 * Initializes a model by layer-sequential unit-variance (LSUV): Mishkin and
 * Matas, "All you need is a good init", ICLR 2016
 * (https://arxiv.org/abs/1511.06422). It is data-dependent, so it takes a
 * model and a batch of real inputs instead of a shape:
 *
 * 1. Each kernel is replaced with `orthogonal` (Saxe et al. 2014), unless
 *    `orthogonalStart` is false.
 * 2. For each layer in order, the batch is run through the model and the
 *    variance v of that layer's pre-activations, over all their elements,
 *    is measured. While |v - 1| >= tolerance and fewer than `maxIterations`
 *    rescalings were done, the kernel is divided by sqrt(v) and v measured
 *    again.
 *
 * Every layer is rescaled, the output layer included, as in the paper, so
 * the initial logits also have variance 1. Biases are left as they are.
 * With zero biases a layer's pre-activations scale with its kernel, so one
 * rescaling reaches variance 1 up to rounding. Non-zero biases make more
 * iterations necessary, or convergence impossible when the biases alone have
 * variance above 1 + tolerance. A layer whose variance is 0 or not finite is
 * left as it is and reported as not converged.
 *
 * The model exposes only its whole forward pass, so each rescaling costs one
 * forward pass of the whole model, plus two passes in all: one to check the
 * model and one after the orthogonal start. Each pass reads the variances
 * with one dataSync(), and lsuv() disposes every tensor it creates.
 *
 * Throws InitializerError 'INVALID_MODEL' for a model without the
 * {@link LsuvModel} interface, 'INVALID_SHAPE' for an empty batch,
 * 'UNKNOWN_OPTION' and 'INVALID_OPTION' for invalid options.
 *
 * @returns One report per layer, input side first.
 */
export function lsuv(
  model: LsuvModel,
  batch: tf.Tensor,
  options: LsuvOptions = {},
): LsuvLayerReport[] {
  const { tolerance, maxIterations, orthogonalStart, seed } =
    resolveOptions(options);
  checkModel(model);
  checkBatch(batch);
  checkForward(model, batch);

  if (orthogonalStart) {
    const random = seed === undefined ? undefined : createRandom(seed);
    for (const layer of model.layers) {
      assignOrthogonal(layer.kernel, random?.nextUint32());
    }
  }

  // A forward pass measures every layer. The one that ends the loop of
  // layer i ran with the final kernels of layers 0 to i, so it also gives
  // the starting variance of layer i + 1.
  let variances = measureVariances(model, batch);
  const reports: LsuvLayerReport[] = [];
  model.layers.forEach((layer, index) => {
    let iterations = 0;
    while (!isDone(variances[index], tolerance) && iterations < maxIterations) {
      rescale(layer.kernel, 1 / Math.sqrt(variances[index]));
      iterations += 1;
      variances = measureVariances(model, batch);
    }
    const variance = variances[index];
    const converged = Math.abs(variance - 1) < tolerance;
    reports.push({ layer: index, iterations, variance, converged });
  });
  return reports;
}
