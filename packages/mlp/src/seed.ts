/**
 * Derives a 31-bit seed for sub-stream `index` of `seed` with the
 * SplitMix32 finalizer, so that nearby seeds and indices give unrelated
 * streams.
 */
export function deriveSeed(seed: number, index: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 1;
}
