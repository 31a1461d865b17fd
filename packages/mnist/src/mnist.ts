import { IdxError } from './errors';
import type { IdxArray } from './idx';

/**
 * Mean of the 60,000 MNIST training pixels scaled to [0, 1], rounded to 4
 * decimals. This package's tests measure it on the real files.
 */
export const MNIST_MEAN = 0.1307;

/**
 * Standard deviation of the 60,000 MNIST training pixels scaled to [0, 1],
 * rounded to 4 decimals. This package's tests measure it on the real files.
 */
export const MNIST_STD = 0.3081;

/**
 * Pixel transform applied by {@link toSplit}:
 * - `standardize`: (x / 255 - MNIST_MEAN) / MNIST_STD, so the training set
 *   has mean 0 and standard deviation 1 within 0.001
 * - `scale`: x / 255, in [0, 1]
 * - `none`: the raw value, 0 to 255
 */
export type Normalization = 'standardize' | 'scale' | 'none';

const NORMALIZATIONS: readonly Normalization[] = [
  'standardize',
  'scale',
  'none',
];

/** One split (train or test) of an MNIST-layout data set. */
export interface MnistSplit {
  /** Pixels of all images, count * rows * cols values in row-major order. */
  images: Float32Array;
  /** Class of each image, in [0, numClasses). */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  rows: number;
  /** Image width in pixels. */
  cols: number;
}

/** Training and test splits of an MNIST-layout data set. */
export interface MnistData {
  train: MnistSplit;
  test: MnistSplit;
}

/** Options of {@link toSplit}. */
export interface ToSplitOptions {
  /** Pixel transform. Default: 'standardize'. */
  normalization?: Normalization;
  /** Number of images to keep, from the first. A larger limit keeps all. */
  limit?: number;
  /** Required [rows, cols], such as [28, 28]. Default: any size. */
  requireSize?: [number, number];
  /** Number of classes. Every label must be below it. Default: 10. */
  numClasses?: number;
  /** Name of the images file, for error messages. */
  file?: string;
  /** Name of the labels file, for error messages. Default: `file`. */
  labelsFile?: string;
}

/**
 * Checks a pair of parsed IDX files (uint8 images of rank 3, uint8 labels of
 * rank 1) and converts them to a split with normalized float pixels.
 *
 * Every label is checked, also those beyond `limit`, so a damaged file
 * fails the same way whatever the limit.
 *
 * @throws IdxError with code UNSUPPORTED_TYPE, BAD_RANK, COUNT_MISMATCH,
 *   BAD_IMAGE_SIZE, BAD_LABEL or INVALID_OPTION
 */
export function toSplit(
  images: IdxArray,
  labels: IdxArray,
  options: ToSplitOptions = {},
): MnistSplit {
  const imagesFile = options.file;
  const labelsFile = options.labelsFile ?? options.file;
  const normalization = options.normalization ?? 'standardize';
  const numClasses = options.numClasses ?? 10;
  validateSplitOptions(options, normalization, numClasses);

  checkArray(images, 'images', 3, imagesFile);
  checkArray(labels, 'labels', 1, labelsFile);
  const [total, rows, cols] = images.dims;
  checkCounts(total, labels.dims[0], imagesFile, labelsFile);
  checkImageSize(rows, cols, options.requireSize, imagesFile);
  checkLabels(labels.data as Uint8Array, numClasses, labelsFile);

  const count = Math.min(total, options.limit ?? total);
  const pixels = (images.data as Uint8Array).subarray(0, count * rows * cols);
  return {
    images: normalizePixels(pixels, normalization),
    labels: (labels.data as Uint8Array).slice(0, count),
    count,
    rows,
    cols,
  };
}

/**
 * Converts the four parsed files of a data set, in the order of
 * MNIST_FILE_KEYS, to train and test splits. `files` names them for error
 * messages.
 */
export function toMnistData(
  arrays: IdxArray[],
  files: string[],
  options: DataSetOptions,
): MnistData {
  const [trainImages, trainLabels, testImages, testLabels] = arrays;
  const shared = {
    normalization: options.normalization,
    requireSize: options.requireSize,
  };
  return {
    train: toSplit(trainImages, trainLabels, {
      ...shared,
      limit: options.trainLimit,
      file: files[0],
      labelsFile: files[1],
    }),
    test: toSplit(testImages, testLabels, {
      ...shared,
      limit: options.testLimit,
      file: files[2],
      labelsFile: files[3],
    }),
  };
}

/** Maps raw 0-255 pixels to floats through a 256-entry lookup table. */
function normalizePixels(
  pixels: Uint8Array,
  normalization: Normalization,
): Float32Array {
  const table = new Float32Array(256);
  for (let value = 0; value < 256; value++) {
    if (normalization === 'none') table[value] = value;
    else if (normalization === 'scale') table[value] = value / 255;
    else table[value] = (value / 255 - MNIST_MEAN) / MNIST_STD;
  }

  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = table[pixels[i]];
  return out;
}

/** Options that loadMnist and fetchMnist pass on to {@link toSplit}. */
export interface DataSetOptions {
  normalization?: Normalization;
  requireSize?: [number, number];
  trainLimit?: number;
  testLimit?: number;
}

/**
 * Throws IdxError INVALID_OPTION for an invalid option of loadMnist or
 * fetchMnist, so that they fail before reading or downloading any file.
 */
export function validateDataSetOptions(options: DataSetOptions) {
  validateNormalization(options.normalization ?? 'standardize');
  validateRequireSize(options.requireSize);
  validateLimit('trainLimit', options.trainLimit);
  validateLimit('testLimit', options.testLimit);
}

function validateSplitOptions(
  options: ToSplitOptions,
  normalization: Normalization,
  numClasses: number,
) {
  validateNormalization(normalization);
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 256) {
    invalidOption('numClasses', numClasses, 'an integer from 1 to 256');
  }
  validateLimit('limit', options.limit);
  validateRequireSize(options.requireSize);
}

function validateNormalization(normalization: Normalization) {
  if (NORMALIZATIONS.includes(normalization)) return;

  const names = NORMALIZATIONS.map((name) => `'${name}'`).join(', ');
  invalidOption('normalization', normalization, `one of ${names}`);
}

function validateRequireSize(size: [number, number] | undefined) {
  if (size === undefined) return;
  if (Array.isArray(size) && size.length === 2 && size.every(isPositiveInt)) {
    return;
  }
  invalidOption('requireSize', size, 'two positive integers [rows, cols]');
}

/** Accepts undefined, a non-negative integer or Infinity. */
function validateLimit(name: string, limit: number | undefined) {
  if (limit === undefined || limit === Infinity) return;
  if (!Number.isInteger(limit) || limit < 0) {
    invalidOption(name, limit, 'a non-negative integer or Infinity');
  }
}

function invalidOption(name: string, value: unknown, expected: string): never {
  throw new IdxError(
    'INVALID_OPTION',
    undefined,
    `invalid option ${name}: it must be ${expected} but got ` +
      `${formatValue(value)}.`,
  );
}

function isPositiveInt(value: number): boolean {
  return Number.isInteger(value) && value > 0;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  return String(value);
}

const LAYOUTS = { images: 'count x rows x cols', labels: 'count' };

function checkArray(
  array: IdxArray,
  role: 'images' | 'labels',
  rank: number,
  file: string | undefined,
) {
  const fix =
    `Check that the path points to an MNIST ${role} file, such as ` +
    `train-${role}-idx${rank}-ubyte.`;
  if (array.dtype !== 'uint8') {
    throw new IdxError(
      'UNSUPPORTED_TYPE',
      file,
      `${role} have type ${array.dtype} but MNIST ${role} are uint8 ` +
        `(type code 0x08). ${fix}`,
    );
  }
  if (array.dims.length !== rank) {
    const count = array.dims.length;
    throw new IdxError(
      'BAD_RANK',
      file,
      `${role} have ${count} dimension${count === 1 ? '' : 's'} ` +
        `(${array.dims.join('x')}) but MNIST ${role} have ${rank} ` +
        `(${LAYOUTS[role]}). ${fix}`,
    );
  }
}

function checkCounts(
  imageCount: number,
  labelCount: number,
  imagesFile: string | undefined,
  labelsFile: string | undefined,
) {
  if (imageCount === labelCount) return;

  const labels =
    labelsFile === undefined || labelsFile === imagesFile
      ? `there are ${labelCount} labels`
      : `${labelsFile} has ${labelCount} labels`;
  throw new IdxError(
    'COUNT_MISMATCH',
    imagesFile,
    `count mismatch: ${imageCount} images but ${labels}. Each image needs ` +
      'one label, so check that both files belong to the same split and ' +
      'download them again.',
  );
}

function checkImageSize(
  rows: number,
  cols: number,
  required: [number, number] | undefined,
  file: string | undefined,
) {
  if (required === undefined) return;
  const [requiredRows, requiredCols] = required;
  if (rows === requiredRows && cols === requiredCols) return;

  const size = `${requiredRows}x${requiredCols}`;
  throw new IdxError(
    'BAD_IMAGE_SIZE',
    file,
    `invalid image size: images are ${rows}x${cols} pixels but ${size} is ` +
      `required. Use a data set with ${size} images or leave requireSize ` +
      'unset.',
  );
}

function checkLabels(
  labels: Uint8Array,
  numClasses: number,
  file: string | undefined,
) {
  let first = -1;
  let invalid = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < numClasses) continue;
    if (first < 0) first = i;
    invalid++;
  }
  if (invalid === 0) return;

  const others = invalid > 1 ? ` and ${invalid - 1} more` : '';
  throw new IdxError(
    'BAD_LABEL',
    file,
    `invalid label ${labels[first]} at index ${first}${others}: labels must ` +
      `be in [0, ${numClasses}). The file is damaged or is not a labels ` +
      'file, so download it again. For a data set with more classes, set ' +
      'numClasses.',
  );
}
