const SQRT_PI = Math.sqrt(Math.PI);

/**
 * Computes the error function to about 1e-13 absolute accuracy: by its
 * Taylor series for |x| < 3, by the continued fraction of erfc beyond.
 */
export function erf(x: number): number {
  if (x < 0) {
    return -erf(-x);
  }
  if (x >= 3) {
    return 1 - erfcContinuedFraction(x);
  }
  // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const addend = term / (2 * n + 1);
    sum += addend;
    if (Math.abs(addend) < 1e-17 * Math.abs(sum)) {
      break;
    }
  }
  return (2 / SQRT_PI) * sum;
}

// erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
// evaluated from the tail. 60 levels are exact to double precision for x >= 3.
function erfcContinuedFraction(x: number): number {
  let denominator = x;
  for (let k = 60; k >= 1; k--) {
    denominator = x + k / 2 / denominator;
  }
  return Math.exp(-x * x) / SQRT_PI / denominator;
}

/** Returns the standard normal density at x. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Returns the standard normal cumulative distribution function at x. */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/**
 * Returns the standard deviation of a standard normal truncated to
 * [-bound, bound]: sqrt(1 - 2 bound pdf(bound) / (2 cdf(bound) - 1)).
 * For bound = 2 this is 0.87962566103423978.
 */
export function truncatedNormalStdFactor(bound: number): number {
  if (bound < 0.01) {
    // The closed form cancels to nothing as bound -> 0. The series
    // variance = b^2/3 (1 - 2 b^2 / 15 + O(b^4)) is exact to 1e-9 here.
    return (bound / Math.sqrt(3)) * Math.sqrt(1 - (2 * bound * bound) / 15);
  }
  const mass = erf(bound / Math.SQRT2);
  return Math.sqrt(1 - (2 * bound * normalPdf(bound)) / mass);
}
