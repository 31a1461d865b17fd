import * as tf from '@tensorflow/tfjs-core';

import { requirePositiveInteger, sliceBatch, type Dataset, type DeviceDataset } from './data';
import type { ClassifierModel } from './model';

/**
 * Counts the predictions of `model` on `data` by true and predicted class,
 * in batches of `batchSize` rows as {@link evaluate} does. Entry `[i][j]` is
 * the number of examples of class `i` whose largest logit is class `j`, so
 * row `i` sums to the number of examples labelled `i`.
 *
 * The number of classes is the width of the model's logits. Counts stay on
 * the backend and are read once at the end.
 */
export function confusionMatrix(
  model: ClassifierModel,
  data: Dataset | DeviceDataset,
  batchSize = 2000,
): number[][] {
  requirePositiveInteger('batchSize', batchSize);
  let counts: tf.Tensor1D | undefined;
  let classes = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const size = Math.min(batchSize, data.count - start);
    const next = tf.tidy(() => {
      const { x, labels } = sliceBatch(data, start, size);
      const logits = model.predict(x);
      classes = logits.shape[1];
      const predicted = tf.cast(tf.argMax(logits, 1), 'int32');
      // One cell index per example, row-major: label * classes + predicted.
      const cells = tf.add(
        tf.mul(labels, tf.scalar(classes, 'int32')),
        predicted,
      );
      const batchCounts = tf.sum(
        tf.oneHot(cells as tf.Tensor1D, classes * classes),
        0,
      );
      return (
        counts ? tf.add(counts, batchCounts) : batchCounts
      ) as tf.Tensor1D;
    });
    counts?.dispose();
    counts = next;
  }
  if (!counts) return [];

  const flat = counts.dataSync();
  counts.dispose();
  return Array.from({ length: classes }, (_, row) =>
    Array.from(flat.subarray(row * classes, (row + 1) * classes)),
  );
}
