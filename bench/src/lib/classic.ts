import { createMlp, type Mlp } from '@initlab/mlp';
import { heNormal } from '@initlab/initializers';
import type { Dataset } from '@initlab/train';

/** The classic experiment: a 784-128-10 ReLU MLP, SGD, batch 128. */
export const CLASSIC = {
  inputSize: 784,
  hiddenSize: 128,
  outputSize: 10,
  batchSize: 128,
  learningRate: 0.001,
} as const;

/**
 * Floating-point operations of the matMuls of one training step, per
 * example: the forward pass (784x128 and 128x10), the kernel gradients
 * (the same sizes) and the gradient sent back through the output layer
 * (10x128). Each multiply-add counts as 2. Elementwise work is left out.
 */
export const MATMUL_FLOPS_PER_EXAMPLE = (() => {
  const { inputSize: n, hiddenSize: h, outputSize: k } = CLASSIC;
  return 2 * (2 * n * h + 3 * h * k);
})();

/** Creates the classic MLP with He (normal) kernels and zero biases. */
export function createClassicMlp(seed: number): Mlp {
  return createMlp({
    inputSize: CLASSIC.inputSize,
    hiddenSizes: [CLASSIC.hiddenSize],
    outputSize: CLASSIC.outputSize,
    kernelInitializer: heNormal(),
    seed,
  });
}

/** Converts MNIST split arrays to the dataset type of `@initlab/train`. */
export function toDataset(split: {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}): Dataset {
  return {
    x: split.images,
    y: split.labels,
    count: split.count,
    features: split.rows * split.cols,
  };
}
