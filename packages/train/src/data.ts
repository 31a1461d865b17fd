import * as tf from '@tensorflow/tfjs-core';

import { TrainError } from './errors';

/** Examples as flat rows: `x` contains `count` rows of `features` values. */
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
  const bad = data.x.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    const row = Math.floor(bad / features);
    throw new TrainError(
      'INVALID_DATA',
      `${name}.x[${bad}] (row ${row}) is ${data.x[bad]}; inputs must be finite numbers`,
    );
  }
}

/**
 * Throws a {@link TrainError} unless every label is an integer in
 * `[0, classes)`; tf.oneHot would turn any other label into a zero row and
 * a silently wrong loss.
 */
export function validateLabels(name: string, data: Dataset, classes: number): void {
  for (let i = 0; i < data.count; i++) {
    const label = data.y[i];
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new TrainError(
        'INVALID_DATA',
        `${name}.y[${i}] is ${label}, but the model has ${classes} classes; labels must be integers in [0, ${classes})`,
      );
    }
  }
}

/** Throws a {@link TrainError} unless `value` is a positive integer. */
export function requirePositiveInteger(name: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new TrainError(
      'INVALID_OPTION',
      `${name} must be a positive integer; got ${value}`,
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

/**
 * Returns rows `[start, start + size)` of `data` as tensors; the caller
 * disposes them. Host arrays are uploaded without a copy in JavaScript,
 * which on the wasm backend of tfjs 4.22 is much cheaper than `tf.slice`
 * of a device tensor (that kernel reads its whole input back first).
 */
export function sliceBatch(
  data: Dataset | DeviceDataset,
  start: number,
  size: number,
): { x: tf.Tensor2D; labels: tf.Tensor1D } {
  if (!isHostDataset(data)) {
    return {
      x: tf.slice(data.x, [start, 0], [size, -1]),
      labels: tf.slice(data.y, [start], [size]),
    };
  }
  const { features } = data;
  const x = data.x.subarray(start * features, (start + size) * features);
  const labels = Int32Array.from(data.y.subarray(start, start + size));
  return {
    x: tf.tensor2d(x, [size, features], 'float32'),
    labels: tf.tensor1d(labels, 'int32'),
  };
}

/**
 * Copies the rows listed in `indices` into new tensors; the caller disposes
 * them. On the wasm backend of tfjs 4.22 this is about 1.7 times faster per
 * training step than `tf.gather` on a device copy of the dataset (measured
 * by `pnpm bench`, see docs/benchmarks.md).
 */
export function gatherBatch(
  data: Dataset,
  indices: Int32Array,
): { x: tf.Tensor2D; labels: tf.Tensor1D } {
  const { features } = data;
  const x = new Float32Array(indices.length * features);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    x.set(data.x.subarray(row * features, (row + 1) * features), i * features);
    labels[i] = data.y[row];
  }
  return {
    x: tf.tensor2d(x, [indices.length, features], 'float32'),
    labels: tf.tensor1d(labels, 'int32'),
  };
}

function isHostDataset(data: Dataset | DeviceDataset): data is Dataset {
  return ArrayBuffer.isView(data.x);
}
