import * as tf from '@tensorflow/tfjs-core';

import { TrainError } from './errors';

/** Examples as flat rows: `x` holds `count` rows of `features` values. */
export interface Dataset {
  x: Float32Array;
  /** Class index of each row. */
  y: Uint8Array | Int32Array;
  count: number;
  features: number;
}

/** A {@link Dataset} uploaded to the backend as one tensor per field. */
export interface DeviceDataset {
  x: tf.Tensor2D;
  y: tf.Tensor1D;
  count: number;
}

/** Throws a {@link TrainError} unless the arrays match `count` and `features`. */
export function validateDataset(name: string, data: Dataset): void {
  const { count, features } = data;
  if (!(Number.isInteger(count) && count > 0)) {
    throw new TrainError(
      'INVALID_DATA',
      `${name}.count must be a positive integer; got ${count}`,
    );
  }
  if (!(Number.isInteger(features) && features > 0)) {
    throw new TrainError(
      'INVALID_DATA',
      `${name}.features must be a positive integer; got ${features}`,
    );
  }
  if (data.x.length !== count * features) {
    throw new TrainError(
      'INVALID_DATA',
      `${name}.x has ${data.x.length} values but count * features = ${count * features}`,
    );
  }
  if (data.y.length !== count) {
    throw new TrainError(
      'INVALID_DATA',
      `${name}.y has ${data.y.length} labels but count = ${count}`,
    );
  }
}

/** Uploads a dataset to the current backend; the caller disposes it. */
export function toDevice(data: Dataset): DeviceDataset {
  return {
    x: tf.tensor2d(data.x, [data.count, data.features], 'float32'),
    y: tf.tensor1d(Int32Array.from(data.y), 'int32'),
    count: data.count,
  };
}
