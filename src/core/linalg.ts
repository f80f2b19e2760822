// Small dense linear algebra on Float64Array (row-major), for least squares and filters.
// Kernels return false / NaN instead of throwing on singular input.

/** In-place Cholesky inverse of a symmetric positive-definite n x n matrix. Returns false if not SPD. */
export function invertSpd(a: Float64Array, n: number): boolean {
  // Cholesky: a = L L^T, L stored in lower triangle.
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  // Invert L in place (lower triangular).
  for (let j = 0; j < n; j++) {
    a[j * n + j] = 1 / a[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= a[i * n + k] * a[k * n + j];
      a[i * n + j] = s / a[i * n + i];
    }
  }
  // A^-1 = L^-T L^-1, computed into the full matrix.
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += a[k * n + i] * a[k * n + j];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  a.set(out);
  return true;
}

/**
 * Weighted least squares normal equations: given design H (m x n, row-major), residuals v (m), weights w (m),
 * returns dx = (H^T W H)^-1 H^T W v and the covariance (H^T W H)^-1, or null if singular.
 */
export function weightedLeastSquares(
  h: Float64Array,
  v: Float64Array,
  w: Float64Array,
  m: number,
  n: number,
): { dx: Float64Array; cov: Float64Array } | null {
  const nn = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let r = 0; r < m; r++) {
    const wr = w[r];
    const row = r * n;
    for (let i = 0; i < n; i++) {
      const hi = h[row + i] * wr;
      if (hi === 0) continue;
      b[i] += hi * v[r];
      for (let j = 0; j <= i; j++) nn[i * n + j] += hi * h[row + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) nn[j * n + i] = nn[i * n + j];
  if (!invertSpd(nn, n)) return null;
  const dx = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += nn[i * n + j] * b[j];
    dx[i] = s;
  }
  return { dx, cov: nn };
}
