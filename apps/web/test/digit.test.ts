import { loadMnist } from '@initlab/mnist/node';
import { describe, expect, it } from 'vitest';

import { toMnistInput } from '../src/digit';

const MEAN = 0.1307;
const STD = 0.3081;
const BACKGROUND = -MEAN / STD;

/** Returns the [0, 1] value of each output pixel. */
function unstandardize(pixels: Float32Array): number[] {
  return Array.from(pixels, (value) => value * STD + MEAN);
}

/** Returns the center of mass of a 28x28 image, in pixel-edge coordinates. */
function centerOfMass(image: number[]): [number, number] {
  let mass = 0;
  let x = 0;
  let y = 0;
  image.forEach((value, i) => {
    mass += value;
    x += value * ((i % 28) + 0.5);
    y += value * (Math.floor(i / 28) + 0.5);
  });
  return [x / mass, y / mass];
}

/** Returns the width and height of the pixels above 0.05. */
function inkSize(image: number[]): [number, number] {
  const columns = new Set<number>();
  const rows = new Set<number>();
  image.forEach((value, i) => {
    if (value <= 0.05) return;
    columns.add(i % 28);
    rows.add(Math.floor(i / 28));
  });
  return [Math.max(...columns) - Math.min(...columns) + 1, Math.max(...rows) - Math.min(...rows) + 1];
}

/** Draws a white rectangle on a black width x height canvas. */
function rectangle(width: number, height: number, box: [number, number, number, number]): Float32Array {
  const [left, top, boxWidth, boxHeight] = box;
  const gray = new Float32Array(width * height);
  for (let y = top; y < top + boxHeight; y++) {
    for (let x = left; x < left + boxWidth; x++) gray[y * width + x] = 1;
  }
  return gray;
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i] / n;
    meanB += b[i] / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - meanA) * (b[i] - meanB);
    aa += (a[i] - meanA) ** 2;
    bb += (b[i] - meanB) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('toMnistInput', () => {
  it('returns undefined for an empty drawing', () => {
    expect(toMnistInput(new Float32Array(280 * 280), 280, 280)).toBeUndefined();
  });

  it('standardizes with the MNIST mean and standard deviation', () => {
    const pixels = toMnistInput(rectangle(280, 280, [100, 40, 80, 200]), 280, 280)!;

    expect(pixels).toHaveLength(784);
    expect(Math.min(...pixels)).toBeCloseTo(BACKGROUND, 5);
    expect(Math.max(...pixels)).toBeCloseTo((1 - MEAN) / STD, 5);
  });

  it('scales the longer side to 20 pixels and keeps the aspect ratio', () => {
    const image = unstandardize(toMnistInput(rectangle(280, 280, [10, 30, 100, 200]), 280, 280)!);

    expect(inkSize(image)).toEqual([10, 20]);
  });

  it('centers the digit by mass wherever it is drawn', () => {
    for (const box of [
      [0, 0, 60, 60],
      [200, 150, 80, 130],
      [120, 10, 30, 250],
    ] as [number, number, number, number][]) {
      const [x, y] = centerOfMass(unstandardize(toMnistInput(rectangle(280, 280, box), 280, 280)!));

      // Half a pixel at most, plus float32 rounding.
      expect(Math.abs(x - 14.5)).toBeLessThanOrEqual(0.5 + 1e-6);
      expect(Math.abs(y - 14.5)).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });

  it('centers as MNIST does', async () => {
    const { test } = await loadMnist({ normalization: 'scale', trainLimit: 0 });
    for (let n = 0; n < test.count; n++) {
      const [x, y] = centerOfMass(Array.from(test.images.subarray(n * 784, (n + 1) * 784)));

      expect(Math.abs(x - 14.5)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(y - 14.5)).toBeLessThanOrEqual(0.5);
    }
  });

  it('reproduces real MNIST digits drawn 10 times larger', async () => {
    const { test } = await loadMnist({ normalization: 'scale', trainLimit: 0, testLimit: 100 });
    const correlations: number[] = [];
    for (let n = 0; n < test.count; n++) {
      const digit = test.images.subarray(n * 784, (n + 1) * 784);
      const large = new Float32Array(280 * 280);
      for (let y = 0; y < 280; y++) {
        for (let x = 0; x < 280; x++) large[y * 280 + x] = digit[Math.floor(y / 10) * 28 + Math.floor(x / 10)];
      }

      const image = unstandardize(toMnistInput(large, 280, 280)!);

      correlations.push(correlation(image, digit));
    }
    // Measured: the lowest of these 100 correlations is 0.99996.
    expect(Math.min(...correlations)).toBeGreaterThan(0.999);
  });
});
