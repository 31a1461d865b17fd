/**
 * Computes the thin QR decomposition of a column-major m x n matrix with
 * m >= n by Householder reflections, and returns Q (m x n, column-major)
 * with each column multiplied by the sign of R's diagonal entry. With that
 * sign fix, Q of a Gaussian matrix is distributed uniformly (Haar) over
 * matrices with orthonormal columns. Without it, Q[0][0] would always be
 * negative, because each reflection maps a_kk to -sign(a_kk) * norm.
 * Householder QR is backward stable, so Q^T Q = I to about 1e-14 in double
 * precision even for large matrices, unlike Gram-Schmidt.
 */
export function orthonormalColumns(
  matrix: Float64Array,
  rows: number,
  cols: number,
): Float64Array {
  const a = matrix;
  const diagonal = new Float64Array(cols);
  const betas = new Float64Array(cols);

  for (let k = 0; k < cols; k++) {
    const start = k * rows;
    let norm = 0;
    for (let i = k; i < rows; i++) {
      norm += a[start + i] * a[start + i];
    }
    norm = Math.sqrt(norm);
    // alpha takes the sign opposite to a_kk to avoid cancellation in v.
    const alpha = a[start + k] >= 0 ? -norm : norm;
    diagonal[k] = alpha;
    a[start + k] -= alpha;
    const vNormSquared = 2 * norm * norm - 2 * alpha * (a[start + k] + alpha);
    betas[k] = vNormSquared > 0 ? 2 / vNormSquared : 0;
    for (let j = k + 1; j < cols; j++) {
      reflectColumn(a, start, j * rows, k, rows, betas[k]);
    }
  }
  return formQ(a, rows, cols, betas, diagonal);
}

// Applies I - beta v v^T (v stored in rows k.. of column vStart) to the
// column that starts at target.
function reflectColumn(
  storage: Float64Array,
  vStart: number,
  target: number,
  k: number,
  rows: number,
  beta: number,
  targetStorage: Float64Array = storage,
): void {
  let dot = 0;
  for (let i = k; i < rows; i++) {
    dot += storage[vStart + i] * targetStorage[target + i];
  }
  const factor = beta * dot;
  for (let i = k; i < rows; i++) {
    targetStorage[target + i] -= factor * storage[vStart + i];
  }
}

// Q = H_0 H_1 ... H_{n-1} [I; 0], built by applying the reflections from
// the last to the first. H_k changes rows k.. only, and the columns j < k
// are still unit vectors e_j there, so only columns j >= k are touched.
function formQ(
  reflectors: Float64Array,
  rows: number,
  cols: number,
  betas: Float64Array,
  diagonal: Float64Array,
): Float64Array {
  const q = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    q[j * rows + j] = 1;
  }
  for (let k = cols - 1; k >= 0; k--) {
    for (let j = k; j < cols; j++) {
      reflectColumn(reflectors, k * rows, j * rows, k, rows, betas[k], q);
    }
  }
  for (let j = 0; j < cols; j++) {
    const sign = diagonal[j] < 0 ? -1 : 1;
    for (let i = 0; i < rows; i++) {
      q[j * rows + i] *= sign;
    }
  }
  return q;
}
