/**
 * Seeded pseudo-random numbers computed in JavaScript, so that a seed gives
 * the same values on every tfjs backend.
 */
export interface Random {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Standard normal double. */
  nextNormal(): number;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** Mixes a 32-bit integer into a well-spread 32-bit hash (splitmix-style). */
function mix32(value: number): number {
  let z = value | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

/**
 * Creates a generator for `seed`, any safe integer. The generator is SFC32
 * (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state),
 * seeded from both 32-bit halves of the seed.
 */
export function createRandom(seed: number): Random {
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  let a = mix32(low ^ 0x9e3779b9);
  let b = mix32(high ^ 0x85ebca6b);
  let c = mix32(a ^ b ^ 0xc2b2ae35);
  let d = 1;
  let spareNormal: number | undefined;

  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const nextFloat = (): number => {
    const high27 = nextUint32() >>> 5;
    const low26 = nextUint32() >>> 6;
    return (high27 * 67108864 + low26) / TWO_POW_53;
  };
  // Box-Muller transform: each pair of uniforms gives two normals.
  const nextNormal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - nextFloat()));
    const angle = 2 * Math.PI * nextFloat();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  for (let i = 0; i < 12; i++) {
    nextUint32();
  }
  return { nextUint32, nextFloat, nextNormal };
}

/** Draws a fresh seed for an unseeded initializer. */
export function drawSeed(): number {
  return Math.floor(Math.random() * TWO_POW_53);
}
