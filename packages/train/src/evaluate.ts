import * as tf from '@tensorflow/tfjs-core';

import { requirePositiveInteger, sliceBatch, type Dataset, type DeviceDataset } from './data';
import type { ClassifierModel } from './model';

/** Mean cross-entropy and accuracy of a model on a dataset. */
export interface Evaluation {
  loss: number;
  accuracy: number;
}

/**
 * Evaluates `model` on `data` in batches of `batchSize` rows. Sums stay on
 * the backend and are read once at the end.
 */
export function evaluate(
  model: ClassifierModel,
  data: Dataset | DeviceDataset,
  batchSize = 2000,
): Evaluation {
  requirePositiveInteger('batchSize', batchSize);
  let lossSum = tf.scalar(0);
  let correctSum = tf.scalar(0);
  for (let start = 0; start < data.count; start += batchSize) {
    const size = Math.min(batchSize, data.count - start);
    const [nextLoss, nextCorrect] = tf.tidy(() => {
      const { x, labels } = sliceBatch(data, start, size);
      const logits = model.predict(x);
      const logProbabilities = tf.logSoftmax(logits);
      const oneHot = tf.oneHot(labels, logits.shape[1]);
      const loss = tf.neg(tf.sum(tf.mul(oneHot, logProbabilities)));
      const correct = tf.sum(
        tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'),
      );
      return [tf.add(lossSum, loss), tf.add(correctSum, correct)];
    });
    lossSum.dispose();
    correctSum.dispose();
    lossSum = nextLoss;
    correctSum = nextCorrect;
  }
  const loss = lossSum.dataSync()[0] / data.count;
  const accuracy = correctSum.dataSync()[0] / data.count;
  lossSum.dispose();
  correctSum.dispose();
  return { loss, accuracy };
}
