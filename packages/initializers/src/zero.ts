import type { DeterministicOptions } from './constant';
import { defineInitializer } from './initializer';
import { checkInitializerOptions } from './options';
import type { Initializer } from './types';
import { requireRank } from './validate';

function popcount(value: number): number {
  let count = 0;
  for (let bits = value; bits !== 0; bits &= bits - 1) {
    count++;
  }
  return count;
}

/**
 * Creates the ZerO initializer for rank-2 kernels [in, out]: deterministic,
 * only zeros, ones and normalized Hadamard entries. Zhao, Schaefer and
 * Anandkumar, "ZerO Initialization: Initializing Neural Networks with only
 * Zeros and Ones", 2021, https://arxiv.org/abs/2110.12661.
 *
 * With W = kernel^T of shape [out, in]: out <= in gives the partial identity
 * W = I (out x in). out > in gives W = I* H I*: the top-left out x in block
 * of the Sylvester Hadamard matrix of size p = 2^ceil(log2 out), divided by
 * sqrt(p) so that its columns are orthonormal, as in the authors' reference
 * code. Entry (i, j) of H is (-1)^popcount(i & j).
 */
export function zerO(options: DeterministicOptions = {}): Initializer {
  checkInitializerOptions('zerO', options);
  return defineInitializer({
    name: 'zerO',
    options: {},
    random: false,
    checkShape: (shape) => requireRank('zerO', shape, 2, 2),
    generate: ([inUnits, outUnits]) => {
      const values = new Float32Array(inUnits * outUnits);
      if (outUnits <= inUnits) {
        for (let i = 0; i < outUnits; i++) {
          values[i * outUnits + i] = 1;
        }
        return values;
      }
      let size = 1;
      while (size < outUnits) {
        size *= 2;
      }
      const scale = 1 / Math.sqrt(size);
      for (let i = 0; i < inUnits; i++) {
        for (let j = 0; j < outUnits; j++) {
          values[i * outUnits + j] = popcount(i & j) % 2 === 0 ? scale : -scale;
        }
      }
      return values;
    },
  });
}
