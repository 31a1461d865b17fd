import * as tf from '@tensorflow/tfjs-core';
import { zeros, type Initializer } from '@initlab/initializers';

import {
  ACTIVATIONS,
  DEFAULT_LEAKY_RELU_ALPHA,
  activate,
  activationDerivative,
  isActivation,
  type Activation,
} from './activations';
import { MlpError } from './errors';
import { deriveSeed } from './seed';

/** Options of {@link createMlp}. */
export interface MlpOptions {
  /** Number of input features, 784 for flattened MNIST. */
  inputSize: number;
  /** Width of each hidden layer, input side first; `[]` is a linear model. */
  hiddenSizes: readonly number[];
  /** Number of classes. */
  outputSize: number;
  /** Activation of every hidden layer. Default `'relu'`. */
  activation?: Activation;
  /** Negative slope of `'leakyRelu'`. Default 0.01, as in PyTorch. */
  leakyReluAlpha?: number;
  /** Initializer of every kernel, shaped `[in, out]`. Required. */
  kernelInitializer: Initializer;
  /** Initializer of every bias. Default zeros. */
  biasInitializer?: Initializer;
  /**
   * Seed from which each layer's seed is derived, so that layers of equal
   * shape differ and the whole model is reproducible. Default: the kernel
   * initializer's own seed; unseeded when neither is set.
   */
  seed?: number;
}

/** One affine layer `y = x W + b` with its activation. */
export interface DenseLayer {
  /** Weights shaped `[in, out]`, the tfjs and Keras layout. */
  readonly kernel: tf.Variable;
  /** Biases shaped `[out]`. */
  readonly bias: tf.Variable;
  /** Activation applied after the affine map; `'linear'` on the output. */
  readonly activation: Activation;
}

/** Loss and the gradient of every trainable variable, keyed by its name. */
export interface LossAndGradients {
  loss: tf.Scalar;
  grads: tf.NamedTensorMap;
}

/** Per-layer tensors of one forward pass, kept for backpropagation. */
export interface ForwardPass {
  /** Pre-activations `x W + b` of every layer, output logits last. */
  preActivations: tf.Tensor2D[];
  /** Activations of every layer, the output logits last. */
  activations: tf.Tensor2D[];
}

/**
 * A multilayer perceptron trained with softmax cross-entropy.
 *
 * Gradients are computed in closed form by backpropagation, with explicit
 * transposes before each matMul, so no gradient needs to be registered with
 * tfjs-core. The wasm backend of tfjs 4.22 runs `matMul` with transposed
 * operands about 10x slower than a transpose and a plain `matMul`.
 */
export class Mlp {
  readonly layers: readonly DenseLayer[];
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly leakyReluAlpha: number;

  constructor(layers: DenseLayer[], leakyReluAlpha: number) {
    this.layers = layers;
    this.inputSize = layers[0].kernel.shape[0] as number;
    this.outputSize = layers[layers.length - 1].kernel.shape[1] as number;
    this.leakyReluAlpha = leakyReluAlpha;
  }

  /** Kernels and biases of every layer, input side first. */
  get trainableVariables(): tf.Variable[] {
    return this.layers.flatMap((layer) => [layer.kernel, layer.bias]);
  }

  /** Returns the logits for a batch `x` shaped `[batch, inputSize]`. */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const pass = this.forward(x);
      return pass.activations[pass.activations.length - 1];
    });
  }

  /**
   * Runs the network and keeps every pre-activation and activation. The
   * caller owns the returned tensors; call inside `tf.tidy`.
   */
  forward(x: tf.Tensor2D): ForwardPass {
    const preActivations: tf.Tensor2D[] = [];
    const activations: tf.Tensor2D[] = [];
    let input = x;
    for (const layer of this.layers) {
      const z = tf.add(tf.matMul(input, layer.kernel), layer.bias) as tf.Tensor2D;
      const a =
        layer.activation === 'linear'
          ? z
          : (activate(layer.activation, z, this.leakyReluAlpha) as tf.Tensor2D);
      preActivations.push(z);
      activations.push(a);
      input = a;
    }
    return { preActivations, activations };
  }

  /**
   * Computes the mean softmax cross-entropy of a batch and its gradient with
   * respect to every kernel and bias.
   *
   * @param x Inputs shaped `[batch, inputSize]`.
   * @param labels Class indices shaped `[batch]`, dtype int32.
   */
  computeGradients(x: tf.Tensor2D, labels: tf.Tensor1D): LossAndGradients {
    return tf.tidy(() => {
      const pass = this.forward(x);
      const logits = pass.activations[pass.activations.length - 1];
      const batchSize = x.shape[0];
      const oneHot = tf.oneHot(labels, this.outputSize);
      const logProbabilities = tf.logSoftmax(logits);
      const loss = tf.neg(
        tf.div(tf.sum(tf.mul(oneHot, logProbabilities)), batchSize),
      ) as tf.Scalar;

      // d(loss)/d(logits) of the mean cross-entropy: (softmax - onehot) / B.
      let delta = tf.div(tf.sub(tf.exp(logProbabilities), oneHot), batchSize);
      const grads: tf.NamedTensorMap = {};
      for (let i = this.layers.length - 1; i >= 0; i--) {
        const layer = this.layers[i];
        const input = i === 0 ? x : pass.activations[i - 1];
        grads[layer.kernel.name] = tf.matMul(tf.transpose(input), delta);
        grads[layer.bias.name] = tf.sum(delta, 0);
        if (i === 0) break;
        const upstream = tf.matMul(delta, tf.transpose(layer.kernel));
        const below = this.layers[i - 1];
        delta = tf.mul(
          upstream,
          activationDerivative(
            below.activation,
            pass.preActivations[i - 1],
            pass.activations[i - 1],
            this.leakyReluAlpha,
          ),
        );
      }
      return { loss, grads };
    });
  }

  /** Releases every variable of the model. */
  dispose(): void {
    for (const variable of this.trainableVariables) variable.dispose();
  }
}

/**
 * Creates an MLP: `hiddenSizes.length` hidden layers with `activation`, then
 * a linear output layer of `outputSize` logits.
 *
 * @example
 * ```ts
 * const model = createMlp({
 *   inputSize: 784,
 *   hiddenSizes: [128],
 *   outputSize: 10,
 *   kernelInitializer: heNormal(),
 *   seed: 42,
 * });
 * ```
 */
export function createMlp(options: MlpOptions): Mlp {
  const activation = options.activation ?? 'relu';
  validateOptions(options, activation);

  const sizes = [options.inputSize, ...options.hiddenSizes, options.outputSize];
  const biasInitializer = options.biasInitializer ?? zeros();
  const baseSeed = options.seed ?? options.kernelInitializer.getConfig().seed;
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const shape = [sizes[i], sizes[i + 1]];
    const isOutput = i + 2 === sizes.length;
    const seedOf = (salt: number) =>
      baseSeed === undefined ? undefined : deriveSeed(baseSeed, 2 * i + salt);
    const kernel = options.kernelInitializer.withSeed(seedOf(0)).apply(shape);
    const bias = biasInitializer.withSeed(seedOf(1)).apply([sizes[i + 1]]);
    requireShape('kernelInitializer', kernel, shape);
    requireShape('biasInitializer', bias, [sizes[i + 1]]);
    layers.push({
      kernel: tf.variable(kernel, true),
      bias: tf.variable(bias, true),
      activation: isOutput ? 'linear' : activation,
    });
    kernel.dispose();
    bias.dispose();
  }
  return new Mlp(layers, options.leakyReluAlpha ?? DEFAULT_LEAKY_RELU_ALPHA);
}

function validateOptions(options: MlpOptions, activation: string): void {
  const initializers = [
    ['kernelInitializer', options.kernelInitializer],
    ['biasInitializer', options.biasInitializer ?? zeros()],
  ] as const;
  for (const [name, initializer] of initializers) {
    if (typeof initializer?.apply !== 'function' || typeof initializer.withSeed !== 'function') {
      throw new MlpError(
        'INVALID_OPTION',
        `${name} must be an Initializer from @initlab/initializers; got ${String(initializer)}`,
      );
    }
  }
  requirePositiveInteger('inputSize', options.inputSize);
  requirePositiveInteger('outputSize', options.outputSize);
  if (!Array.isArray(options.hiddenSizes)) {
    throw new MlpError(
      'INVALID_OPTION',
      `hiddenSizes must be an array of positive integers; got ${String(options.hiddenSizes)}`,
    );
  }
  options.hiddenSizes.forEach((size, i) =>
    requirePositiveInteger(`hiddenSizes[${i}]`, size),
  );
  if (!isActivation(activation)) {
    throw new MlpError(
      'INVALID_OPTION',
      `activation must be one of ${ACTIVATIONS.join(', ')}; got ${JSON.stringify(activation)}`,
    );
  }
  const alpha = options.leakyReluAlpha;
  if (alpha !== undefined && !(Number.isFinite(alpha) && alpha >= 0)) {
    throw new MlpError(
      'INVALID_OPTION',
      `leakyReluAlpha must be a finite number >= 0; got ${alpha}`,
    );
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new MlpError(
      'INVALID_OPTION',
      `seed must be an integer; got ${options.seed}`,
    );
  }
}

function requireShape(name: string, tensor: tf.Tensor, shape: number[]): void {
  if (tensor.shape.join(',') !== shape.join(',')) {
    const got = tensor.shape.join(', ');
    tensor.dispose();
    throw new MlpError(
      'INVALID_OPTION',
      `${name} returned a tensor of shape [${got}] for shape [${shape.join(', ')}]`,
    );
  }
}

function requirePositiveInteger(name: string, value: unknown): void {
  if (!(typeof value === 'number' && Number.isInteger(value) && value > 0)) {
    throw new MlpError(
      'INVALID_OPTION',
      `${name} must be a positive integer; got ${String(value)}`,
    );
  }
}
