import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

/** Sets the cpu backend. Call it in beforeAll of every test file. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Sample mean, standard deviation (population) and extremes. */
export interface Moments {
  mean: number;
  std: number;
  min: number;
  max: number;
  maxAbs: number;
}

/** Computes the moments of `values` in double precision. */
export function moments(values: ArrayLike<number>): Moments {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    squares += (values[i] - mean) ** 2;
  }
  const std = Math.sqrt(squares / values.length);
  return { mean, std, min, max, maxAbs: Math.max(-min, max) };
}

/**
 * Returns the one-sample Kolmogorov-Smirnov statistic
 * D = sup_x |F_n(x) - F(x)| of `values` against the CDF `cdf`.
 */
export function ksStatistic(
  values: ArrayLike<number>,
  cdf: (x: number) => number,
): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Returns the asymptotic p-value P(D_n >= d) of the Kolmogorov
 * distribution, Q(lambda) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 lambda^2),
 * with Stephens' (1970) small-sample correction
 * lambda = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) d.
 */
export function ksPValue(d: number, n: number): number {
  const root = Math.sqrt(n);
  const lambda = (root + 0.12 + 0.11 / root) * d;
  if (lambda < 0.2) {
    return 1;
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) {
      break;
    }
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Runs the KS test and returns its p-value. */
export function ksTest(
  values: ArrayLike<number>,
  cdf: (x: number) => number,
): number {
  return ksPValue(ksStatistic(values, cdf), values.length);
}

/** Reads a tensor's values and disposes it. */
export function take(tensor: tf.Tensor): Float32Array {
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
}
