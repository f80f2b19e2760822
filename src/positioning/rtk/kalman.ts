// Kalman measurement update for a sparse design matrix (each row touches a few states: three position
// components and at most two ambiguities), on row-major Float64Array state and covariance.
//
// With S = H P H^T + R = L L^T (Cholesky) and U = L^-1 (P H^T)^T (m x n):
//   x+ = x + U^T L^-1 v,   P+ = P - U^T U
// which is the usual K = P H^T S^-1 update written so that only triangular solves are needed.

/** Sparse rows: row k has cnt[k] entries (idx, val) at k * width ... */
export class SparseRows {
  readonly idx: Int32Array;
  readonly val: Float64Array;
  readonly cnt: Int32Array;
  m = 0;

  constructor(
    readonly capacity: number,
    readonly width = 5,
  ) {
    this.idx = new Int32Array(capacity * width);
    this.val = new Float64Array(capacity * width);
    this.cnt = new Int32Array(capacity);
  }

  /** Start a new row; returns its index. */
  addRow(): number {
    const k = this.m++;
    this.cnt[k] = 0;
    return k;
  }

  set(k: number, col: number, value: number): void {
    const c = this.cnt[k]++;
    this.idx[k * this.width + c] = col;
    this.val[k * this.width + c] = value;
  }

  /** (H x)_k */
  dot(k: number, x: Float64Array): number {
    let s = 0;
    const o = k * this.width;
    for (let j = 0; j < this.cnt[k]; j++) s += this.val[o + j] * x[this.idx[o + j]];
    return s;
  }
}

/** In-place lower Cholesky of an m x m SPD matrix (upper triangle left untouched). False if not SPD. */
export function cholesky(a: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    const rj = j * m;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      const ri = i * m;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

let scratch = new Float64Array(4096);

/**
 * Update x (n) and P (n x n) with rows H, innovations v (m) and measurement covariance R (m x m, dense,
 * consumed). Returns false (x, P unchanged) when S is not positive definite.
 */
export function kalmanUpdate(
  x: Float64Array,
  P: Float64Array,
  n: number,
  H: SparseRows,
  v: Float64Array,
  R: Float64Array,
): boolean {
  const m = H.m;
  if (m === 0) return true;
  const w = H.width;
  // PHt^T as m x n: row k = sum_j val P[idx_j, :] (scratch reused between calls)
  if (scratch.length < m * n) scratch = new Float64Array(Math.max(m * n, 2 * scratch.length));
  const U = scratch.subarray(0, m * n);
  U.fill(0);
  for (let k = 0; k < m; k++) {
    const rk = k * n;
    const o = k * w;
    for (let j = 0; j < H.cnt[k]; j++) {
      const c = H.idx[o + j];
      const hv = H.val[o + j];
      const rc = c * n;
      for (let i = 0; i < n; i++) U[rk + i] += hv * P[rc + i];
    }
  }
  // S = H P H^T + R (lower triangle is enough for Cholesky)
  const S = R;
  for (let k = 0; k < m; k++) {
    const o = k * w;
    for (let l = 0; l <= k; l++) {
      const rl = l * n;
      let s = 0;
      for (let j = 0; j < H.cnt[k]; j++) s += H.val[o + j] * U[rl + H.idx[o + j]];
      S[k * m + l] += s;
    }
  }
  if (!cholesky(S, m)) return false;
  // forward substitution: U <- L^-1 U, z <- L^-1 v
  const z = Float64Array.from(v.subarray(0, m));
  for (let k = 0; k < m; k++) {
    const rk = k * n;
    const sk = k * m;
    for (let j = 0; j < k; j++) {
      const l = S[sk + j];
      if (l === 0) continue;
      const rj = j * n;
      for (let i = 0; i < n; i++) U[rk + i] -= l * U[rj + i];
      z[k] -= l * z[j];
    }
    const inv = 1 / S[sk + k];
    for (let i = 0; i < n; i++) U[rk + i] *= inv;
    z[k] *= inv;
  }
  // the correction is summed apart and added once (x may hold ECEF-sized numbers)
  const dx = new Float64Array(n);
  for (let k = 0; k < m; k++) {
    const rk = k * n;
    const zk = z[k];
    for (let i = 0; i < n; i++) {
      const ui = U[rk + i];
      if (ui === 0) continue;
      dx[i] += ui * zk;
      const ri = i * n;
      for (let j = i; j < n; j++) P[ri + j] -= ui * U[rk + j];
    }
  }
  for (let i = 0; i < n; i++) x[i] += dx[i];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) P[j * n + i] = P[i * n + j];
  return true;
}

/**
 * The same update in information form, cheaper when there are more measurements than states:
 *   P+ = (P^-1 + H^T R^-1 H)^-1,   x+ = x + P+ H^T R^-1 v.
 * R must be block diagonal with the given blocks (rows [start, start + size)); each block is inverted on
 * its own. Returns false (x, P unchanged) when P or a block of R is not positive definite.
 */
export function kalmanUpdateInformation(
  x: Float64Array,
  P: Float64Array,
  n: number,
  H: SparseRows,
  v: Float64Array,
  R: Float64Array,
  blocks: readonly { start: number; size: number }[],
): boolean {
  const m = H.m;
  if (m === 0) return true;
  const w = H.width;
  const A = P.slice(0, n * n);
  if (!invertSymmetric(A, n)) return false;
  const b = new Float64Array(n);
  for (const { start, size } of blocks) {
    const W = new Float64Array(size * size);
    for (let k = 0; k < size; k++)
      for (let l = 0; l < size; l++) W[k * size + l] = R[(start + k) * m + start + l];
    if (!invertSymmetric(W, size)) return false;
    for (let k = 0; k < size; k++) {
      const ok = (start + k) * w;
      const ck = H.cnt[start + k];
      // b += H_k^T sum_l W_kl v_l
      let wv = 0;
      for (let l = 0; l < size; l++) wv += W[k * size + l] * v[start + l];
      for (let p = 0; p < ck; p++) b[H.idx[ok + p]] += H.val[ok + p] * wv;
      for (let l = 0; l < size; l++) {
        const wkl = W[k * size + l];
        if (wkl === 0) continue;
        const ol = (start + l) * w;
        const cl = H.cnt[start + l];
        for (let p = 0; p < ck; p++) {
          const i = H.idx[ok + p];
          const hi = H.val[ok + p] * wkl;
          const ri = i * n;
          for (let q = 0; q < cl; q++) A[ri + H.idx[ol + q]] += hi * H.val[ol + q];
        }
      }
    }
  }
  if (!invertSymmetric(A, n)) return false;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const ri = i * n;
    for (let j = 0; j < n; j++) s += A[ri + j] * b[j];
    x[i] += s;
  }
  P.set(A);
  return true;
}

/** In-place inverse of a symmetric positive-definite matrix (Cholesky). False if not SPD. */
export function invertSymmetric(a: Float64Array, n: number): boolean {
  if (!cholesky(a, n)) return false;
  // X = L^-1 by rows (row-contiguous access): X[i,:] = (e_i - sum_{k<i} L[i,k] X[k,:]) / L[i,i]
  const X = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const l = a[ri + k];
      if (l === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) X[ri + j] -= l * X[rk + j];
    }
    X[ri + i] += 1;
    const inv = 1 / a[ri + i];
    for (let j = 0; j <= i; j++) X[ri + j] *= inv;
  }
  // A^-1 = X^T X accumulated row by row of X (lower triangle), then mirrored
  a.fill(0);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const xi = X[rk + i];
      if (xi === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) a[ri + j] += xi * X[rk + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  return true;
}
