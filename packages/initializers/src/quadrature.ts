/** Nodes and weights of an n-point Gauss-Hermite rule (weight exp(-x^2)). */
export interface GaussHermiteRule {
  nodes: Float64Array;
  weights: Float64Array;
}

// Orthonormal Hermite polynomials h_0..h_{n} at x, from the recurrence
// h_{k+1} = x sqrt(2/(k+1)) h_k - sqrt(k/(k+1)) h_{k-1}, h_0 = pi^(-1/4).
function hermiteValues(n: number, x: number): Float64Array {
  const values = new Float64Array(n + 1);
  values[0] = Math.pow(Math.PI, -0.25);
  if (n >= 1) {
    values[1] = Math.SQRT2 * x * values[0];
  }
  for (let k = 1; k < n; k++) {
    values[k + 1] =
      x * Math.sqrt(2 / (k + 1)) * values[k] -
      Math.sqrt(k / (k + 1)) * values[k - 1];
  }
  return values;
}

function bisectRoot(n: number, low: number, high: number): number {
  let lowSign = Math.sign(hermiteValues(n, low)[n]);
  for (let i = 0; i < 200 && high - low > 1e-15 * (1 + Math.abs(low)); i++) {
    const middle = 0.5 * (low + high);
    const sign = Math.sign(hermiteValues(n, middle)[n]);
    if (sign === lowSign) {
      low = middle;
      lowSign = sign;
    } else {
      high = middle;
    }
  }
  return 0.5 * (low + high);
}

/**
 * Computes the n-point Gauss-Hermite rule: the nodes are the roots of the
 * degree-n Hermite polynomial, found by a sign-change scan and bisection,
 * and each weight is the Christoffel number 1 / sum_{k<n} h_k(x)^2.
 * The rule integrates f(x) exp(-x^2) exactly for polynomials f of degree
 * up to 2n - 1.
 */
export function gaussHermite(n: number): GaussHermiteRule {
  // All roots lie inside |x| < sqrt(2n + 1), and neighbors are at least
  // about pi / sqrt(2n) apart, far more than the scan step.
  const limit = Math.sqrt(2 * n + 1) + 0.5;
  const step = 0.002;
  const nodes: number[] = [];
  let previous = hermiteValues(n, -limit)[n];
  for (let x = -limit + step; x <= limit; x += step) {
    const value = hermiteValues(n, x)[n];
    if (value === 0 || Math.sign(value) !== Math.sign(previous)) {
      nodes.push(bisectRoot(n, x - step, x));
    }
    previous = value;
  }
  if (nodes.length !== n) {
    throw new Error(
      `Internal error: gaussHermite(${n}) found ${nodes.length} roots`,
    );
  }

  const weights = nodes.map((node) => {
    const values = hermiteValues(n - 1, node);
    const sumOfSquares = values.reduce((sum, value) => sum + value * value, 0);
    return 1 / sumOfSquares;
  });
  return {
    nodes: Float64Array.from(nodes),
    weights: Float64Array.from(weights),
  };
}

/**
 * Returns E[f(z)] for z ~ N(0, 1) by an n-point Gauss-Hermite rule:
 * (1 / sqrt(pi)) sum_i w_i f(sqrt(2) x_i).
 */
export function expectationUnderNormal(
  f: (z: number) => number,
  rule: GaussHermiteRule,
): number {
  let sum = 0;
  for (let i = 0; i < rule.nodes.length; i++) {
    sum += rule.weights[i] * f(Math.SQRT2 * rule.nodes[i]);
  }
  return sum / Math.sqrt(Math.PI);
}
