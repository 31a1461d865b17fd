/**
 * Turns a drawn digit into an MNIST input, the way the MNIST images were
 * made. The digit is scaled to fit a 20x20 box with its aspect ratio kept,
 * then placed in a 28x28 image with its center of mass at the center.
 */
import { MNIST_MEAN, MNIST_STD } from '@initlab/mnist';

export const IMAGE_SIZE = 28;
export const BOX_SIZE = 20;

/** Intensity above which a pixel belongs to the digit's bounding box. */
const INK_THRESHOLD = 0.05;

/**
 * Converts a grayscale image, white ink on black with values in [0, 1], to
 * 784 standardized pixels: (value - 0.1307) / 0.3081, as `@initlab/mnist`
 * standardizes the training images. Returns undefined for an empty image.
 */
export function toMnistInput(
  gray: Float32Array,
  width: number,
  height: number,
): Float32Array | undefined {
  const box = inkBounds(gray, width, height);
  if (!box) return undefined;

  const scale = BOX_SIZE / Math.max(box.width, box.height);
  const boxWidth = Math.max(1, Math.round(box.width * scale));
  const boxHeight = Math.max(1, Math.round(box.height * scale));
  const digit = resample(gray, width, box, boxWidth, boxHeight);

  const image = centerByMass(digit, boxWidth, boxHeight);
  return image.map((value) => (value - MNIST_MEAN) / MNIST_STD);
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Returns the smallest box that contains every pixel above INK_THRESHOLD. */
function inkBounds(gray: Float32Array, width: number, height: number): Box | undefined {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x] <= INK_THRESHOLD) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) return undefined;
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Shrinks the box to targetWidth x targetHeight by averaging, weighting
 * each source pixel by the area it covers in each target pixel.
 */
function resample(
  gray: Float32Array,
  width: number,
  box: Box,
  targetWidth: number,
  targetHeight: number,
): Float32Array {
  const out = new Float32Array(targetWidth * targetHeight);
  const xScale = targetWidth / box.width;
  const yScale = targetHeight / box.height;
  for (let y = 0; y < box.height; y++) {
    const rows = coverage(y * yScale, (y + 1) * yScale);
    for (let x = 0; x < box.width; x++) {
      const value = gray[(box.top + y) * width + box.left + x];
      if (value === 0) continue;
      for (const [column, xWeight] of coverage(x * xScale, (x + 1) * xScale)) {
        for (const [row, yWeight] of rows) {
          out[row * targetWidth + column] += value * xWeight * yWeight;
        }
      }
    }
  }
  return out;
}

/** Returns the target pixels that the span [start, end) overlaps, with the overlap. */
function coverage(start: number, end: number): [number, number][] {
  const cells: [number, number][] = [];
  for (let cell = Math.floor(start); cell < end; cell++) {
    const overlap = Math.min(end, cell + 1) - Math.max(start, cell);
    if (overlap > 0) cells.push([cell, overlap]);
  }
  return cells;
}

/**
 * Places the digit in a 28x28 image so that its center of mass falls on
 * pixel (14, 14), the 0-based row and column, to the nearest whole pixel.
 * The MNIST images are centered the same way: their centers of mass lie
 * between 14 and 15 in pixel-edge coordinates (test/digit.test.ts checks
 * this on the test set). Ink shifted past the border is dropped.
 */
function centerByMass(digit: Float32Array, width: number, height: number): Float32Array {
  let mass = 0;
  let xSum = 0;
  let ySum = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = digit[y * width + x];
      mass += value;
      xSum += value * x;
      ySum += value * y;
    }
  }
  const xShift = Math.round(IMAGE_SIZE / 2 - xSum / mass);
  const yShift = Math.round(IMAGE_SIZE / 2 - ySum / mass);

  const image = new Float32Array(IMAGE_SIZE * IMAGE_SIZE);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const targetX = x + xShift;
      const targetY = y + yShift;
      if (targetX < 0 || targetY < 0 || targetX >= IMAGE_SIZE || targetY >= IMAGE_SIZE) continue;
      image[targetY * IMAGE_SIZE + targetX] = Math.min(1, digit[y * width + x]);
    }
  }
  return image;
}
