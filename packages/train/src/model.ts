import type * as tf from '@tensorflow/tfjs-core';

/** A classifier that maps a batch of rows to logits. */
export interface ClassifierModel {
  /** Returns logits shaped `[batch, classes]`. */
  predict(x: tf.Tensor2D): tf.Tensor2D;
}

/**
 * A classifier that computes its own loss and gradients, as `@initlab/mlp`
 * does, so training needs no gradient registered with tfjs-core.
 */
export interface TrainableModel extends ClassifierModel {
  readonly trainableVariables: readonly tf.Variable[];
  /**
   * Returns the mean loss of the batch and the gradient of each trainable
   * variable, keyed by the variable's name.
   */
  computeGradients(
    x: tf.Tensor2D,
    labels: tf.Tensor1D,
  ): { loss: tf.Scalar; grads: tf.NamedTensorMap };
}
