import { TrainError } from './errors';

/** State of a {@link Rng}: four 32-bit words, safe to store as JSON. */
export type RngState = [number, number, number, number];

/**
 * A seeded xoshiro128** generator (Blackman and Vigna, 2018): fast, with a
 * period of 2^128 - 1, and a state that can be saved and restored.
 */
export class Rng {
  private s: Uint32Array;

  constructor(seed: number) {
    this.s = new Uint32Array(4);
    // SplitMix32 expands the seed into four words that are never all zero.
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every((word) => word === 0)) this.s[0] = 1;
  }

  /** Returns the next uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /**
   * Returns an integer drawn uniformly from `[0, n)`, without modulo bias.
   * `n` must be an integer in [1, 2^32].
   */
  nextInt(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= 0x100000000)) {
      throw new RangeError(`nextInt: n must be an integer in [1, 2^32]; got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % n;
  }

  getState(): RngState {
    return [this.s[0], this.s[1], this.s[2], this.s[3]];
  }

  /** Restores a state from {@link getState}; rejects malformed states. */
  setState(state: RngState): void {
    const valid =
      Array.isArray(state) &&
      state.length === 4 &&
      state.every((word) => Number.isInteger(word) && word >= 0 && word < 0x100000000) &&
      state.some((word) => word !== 0);
    if (!valid) {
      throw new TrainError(
        'INVALID_CHECKPOINT',
        `RNG state must be four 32-bit unsigned integers, not all zero; got ${JSON.stringify(state)}`,
      );
    }
    this.s = Uint32Array.from(state);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Shuffles `values` in place with Fisher-Yates, drawing from `rng`. */
export function shuffleInPlace(values: Int32Array, rng: Rng): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
  return values;
}
