// Integer least-squares ambiguity estimation, LAMBDA method (Teunissen 1995, J. Geodesy 70:65-82),
// implemented after de Jonge & Tiberius 1996 (LGR-Series 12, TU Delft: Q = L^T D L, integer Gauss
// transforms and permutations) with the reduction order and depth-first search of MLAMBDA (Chang, Yang &
// Zhou 2005, J. Geodesy 79:552-565: shrinking ellipsoid, zig-zag enumeration).
//
// Notation: a (n) float ambiguities [cyc], Q (n x n, row-major) their covariance [cyc^2].
// Q = L^T diag(D) L with L unit lower triangular. The Z-transform z = Z^T a with Z integer unimodular
// gives Q_z = Z^T Q Z = L_z^T diag(D_z) L_z, decorrelated (|L_z(i,j)| <= 1/2) and ordered so that the
// conditional variances D_z do not grow towards the end where the search starts.

import { erf } from "./erf.js";

/** The best `m` integer vectors and their squared distances (a - z)^T Q^-1 (a - z), ascending. */
export interface LambdaResult {
  /** m x n, row-major, integer-valued. */
  readonly candidates: Float64Array;
  /** length m, ascending. */
  readonly sqNorms: Float64Array;
}

/** The Z-transform of a covariance: z = Z^T a, Q_z = Z^T Q Z = L^T diag(D) L. */
export interface Decorrelation {
  /** n x n row-major, integer entries, |det Z| = 1. */
  readonly Z: Float64Array;
  /** n x n row-major, the integer inverse of Z (so a = Zinv^T z). */
  readonly Zinv: Float64Array;
  /** n x n row-major, unit lower triangular factor of Q_z. */
  readonly L: Float64Array;
  /** length n, conditional variances of Q_z [cyc^2]; D[n-1] is the unconditional variance of z[n-1]. */
  readonly D: Float64Array;
}

/** A permutation is made when it lowers D[j+1] by more than this (avoids cycling on round-off). */
const SWAP_TOL = 1e-6;
/** Search steps before giving up (each step is O(n)); a decorrelated problem needs a few hundred. */
const SEARCH_STEPS_MAX = 1_000_000;

function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

/**
 * Reusable buffers for decorrelation and search, so that repeated calls (partial ambiguity resolution
 * on shrinking subsets, one call per epoch) allocate nothing. Matrices use stride n of the current
 * problem, not the capacity.
 *
 * Z is never formed on the hot path: the reduction logs its elementary steps (integer Gauss transform
 * (i, j, mu): column j -= mu column i; swap of j and j+1), and vectors are carried through the log,
 * O(1) per step, forwards for z = Z^T a and backwards for a = Z^-T z. buildZ / buildZinv replay it.
 */
export class LambdaWorkspace {
  private cap = 0;
  private mCap = 0;
  /** Size of the problem last decorrelated (0 when it failed). */
  n = 0;
  L = new Float64Array(0);
  D = new Float64Array(0);
  /** Reduction steps, 3 numbers each: (i, j, mu) for a Gauss transform, (-1, j, 0) for a swap. */
  private ops = new Float64Array(3 * 256);
  private nOps = 0;
  /** round(a), taken out before the transform so that large ambiguities keep full precision. */
  private offset = new Float64Array(0);
  /** Z^T (a - offset). */
  zhat = new Float64Array(0);
  private S = new Float64Array(0);
  private dist = new Float64Array(0);
  private zb = new Float64Array(0);
  private zc = new Float64Array(0);
  private step = new Float64Array(0);
  private zn = new Float64Array(0);
  private sn = new Float64Array(0);
  private order = new Int32Array(0);
  /** After search(m): m x n candidates in the original space, best first. */
  candidates = new Float64Array(0);
  /** After search(m): their squared norms, ascending. */
  sqNorms = new Float64Array(0);

  constructor(capacity = 0, mCapacity = 2) {
    this.reserve(capacity, mCapacity);
  }

  reserve(n: number, m: number): void {
    if (n > this.cap) {
      this.cap = n;
      this.L = new Float64Array(n * n);
      this.D = new Float64Array(n);
      this.offset = new Float64Array(n);
      this.zhat = new Float64Array(n);
      this.S = new Float64Array(n * n);
      this.dist = new Float64Array(n);
      this.zb = new Float64Array(n);
      this.zc = new Float64Array(n);
      this.step = new Float64Array(n);
    }
    if (n > this.cap || m > this.mCap || this.zn.length < m * this.cap) {
      this.mCap = Math.max(m, this.mCap);
      this.zn = new Float64Array(this.mCap * this.cap);
      this.candidates = new Float64Array(this.mCap * this.cap);
      this.sqNorms = new Float64Array(this.mCap);
      this.sn = new Float64Array(this.mCap);
      this.order = new Int32Array(this.mCap);
    }
  }

  /**
   * Factorises Q (n x n, row-major with stride n; the lower triangle is read) as L^T D L, then
   * decorrelates and orders it by integer Gauss transforms and permutations, and transforms a.
   * Returns false (and sets n = 0) when a or Q holds a non-finite value or Q is not positive definite.
   */
  decorrelate(a: ArrayLike<number>, Q: ArrayLike<number>, n: number): boolean {
    this.n = 0;
    if (!(n >= 1)) return false;
    this.reserve(n, this.mCap);
    const { L, D, offset, zhat } = this;
    for (let i = 0; i < n; i++) {
      const ai = a[i];
      if (!Number.isFinite(ai)) return false;
      offset[i] = roundHalfUp(ai);
      zhat[i] = ai - offset[i];
      for (let j = 0; j < n; j++) {
        const q = Q[i * n + j];
        if (!Number.isFinite(q)) return false;
        L[i * n + j] = j <= i ? q : 0;
      }
    }
    // Q = L^T D L, from the last row up (de Jonge & Tiberius 1996). Row i of the buffer becomes
    // row i of L once rows below it are done; rows above still hold the reduced Q.
    for (let i = n - 1; i >= 0; i--) {
      const ri = i * n;
      const d = L[ri + i];
      if (!(d > 0) || !Number.isFinite(d)) return false;
      D[i] = d;
      for (let j = 0; j < i; j++) {
        const lij = L[ri + j] / d;
        if (lij === 0) continue;
        const rj = j * n;
        for (let k = 0; k <= j; k++) L[rj + k] -= L[ri + k] * lij;
      }
      for (let j = 0; j < i; j++) L[ri + j] /= d;
      L[ri + i] = 1;
    }
    this.nOps = 0;
    if (!this.reduce(n)) return false;
    // z = Z^T (a - offset) = G_k^T ... G_1^T (a - offset)
    const ops = this.ops;
    for (let o = 0; o < this.nOps; o++) {
      const i = ops[3 * o];
      const j = ops[3 * o + 1];
      if (i < 0) {
        const t = zhat[j];
        zhat[j] = zhat[j + 1];
        zhat[j + 1] = t;
      } else {
        zhat[j] -= ops[3 * o + 2] * zhat[i];
      }
    }
    this.n = n;
    return true;
  }

  private log(i: number, j: number, mu: number): void {
    if (3 * this.nOps + 3 > this.ops.length) {
      const grown = new Float64Array(this.ops.length * 2);
      grown.set(this.ops);
      this.ops = grown;
    }
    const b = 3 * this.nOps++;
    this.ops[b] = i;
    this.ops[b + 1] = j;
    this.ops[b + 2] = mu;
  }

  /** Z (n x n row-major) of the last decorrelation: z = Z^T a. */
  buildZ(out: Float64Array): void {
    const n = this.n;
    out.fill(0, 0, n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = 1;
    const ops = this.ops;
    for (let o = 0; o < this.nOps; o++) {
      const i = ops[3 * o];
      const j = ops[3 * o + 1];
      const mu = ops[3 * o + 2];
      for (let k = 0; k < n; k++) {
        if (i < 0) {
          const t = out[k * n + j];
          out[k * n + j] = out[k * n + j + 1];
          out[k * n + j + 1] = t;
        } else {
          out[k * n + j] -= mu * out[k * n + i];
        }
      }
    }
  }

  /** Z^-1 (n x n row-major, integer) of the last decorrelation: a = Zinv^T z. */
  buildZinv(out: Float64Array): void {
    const n = this.n;
    out.fill(0, 0, n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = 1;
    const ops = this.ops;
    for (let o = 0; o < this.nOps; o++) {
      const i = ops[3 * o];
      const j = ops[3 * o + 1];
      const mu = ops[3 * o + 2];
      for (let k = 0; k < n; k++) {
        if (i < 0) {
          const t = out[j * n + k];
          out[j * n + k] = out[(j + 1) * n + k];
          out[(j + 1) * n + k] = t;
        } else {
          out[i * n + k] += mu * out[j * n + k];
        }
      }
    }
  }

  /** Integer Gauss transform: column j of L (and of Z) minus mu times column i (i > j). */
  private gauss(n: number, i: number, j: number): void {
    const L = this.L;
    const mu = roundHalfUp(L[i * n + j]);
    if (mu === 0) return;
    for (let k = i; k < n; k++) L[k * n + j] -= mu * L[k * n + i];
    this.log(i, j, mu);
  }

  /** Swaps ambiguities j and j+1 and updates L and D (de Jonge & Tiberius 1996). */
  private perm(n: number, j: number, del: number): void {
    const { L, D } = this;
    const r0 = j * n;
    const r1 = (j + 1) * n;
    const l10 = L[r1 + j];
    const eta = D[j] / del;
    const lam = (D[j + 1] * l10) / del;
    D[j] = eta * D[j + 1];
    D[j + 1] = del;
    for (let k = 0; k < j; k++) {
      const a0 = L[r0 + k];
      const a1 = L[r1 + k];
      L[r0 + k] = -l10 * a0 + a1;
      L[r1 + k] = eta * a0 + lam * a1;
    }
    L[r1 + j] = lam;
    for (let k = j + 2; k < n; k++) {
      const t = L[k * n + j];
      L[k * n + j] = L[k * n + j + 1];
      L[k * n + j + 1] = t;
    }
    this.log(-1, j, 0);
  }

  /** Decorrelation and ordering: the MLAMBDA reduction (restart after each swap, re-reduce only below it). */
  private reduce(n: number): boolean {
    const { L, D } = this;
    let j = n - 2;
    let k = n - 2;
    const maxSteps = 1000 + 100 * n * n;
    for (let steps = 0; j >= 0; steps++) {
      if (steps > maxSteps) return false;
      if (j <= k) for (let i = j + 1; i < n; i++) this.gauss(n, i, j);
      const l = L[(j + 1) * n + j];
      const del = D[j] + l * l * D[j + 1];
      if (!Number.isFinite(del)) return false;
      if (del + SWAP_TOL < D[j + 1]) {
        this.perm(n, j, del);
        k = j;
        j = n - 2;
      } else {
        j--;
      }
    }
    return true;
  }

  /**
   * Bootstrapped success rate of the decorrelated problem: prod_i (2 Phi(1 / (2 sqrt(D_i))) - 1)
   * (Teunissen 1998), a lower bound of the integer least-squares success rate. NaN before decorrelate.
   */
  successRate(): number {
    const n = this.n;
    if (n === 0) return Number.NaN;
    let p = 1;
    for (let i = 0; i < n; i++) p *= erf(1 / (2 * Math.SQRT2 * Math.sqrt(this.D[i])));
    return p;
  }

  /**
   * MLAMBDA search for the m best integer vectors in the decorrelated space, then back-transformed:
   * fills candidates (m x n, best first) and sqNorms. Returns false when no problem is decorrelated or
   * the step limit is reached.
   */
  search(m: number): boolean {
    const n = this.n;
    if (n === 0 || !(m >= 1)) return false;
    this.reserve(n, m);
    const { L, D, S, dist, zb, zc, step, zn, sn, zhat } = this;
    S.fill(0, (n - 1) * n, n * n);
    let k = n - 1;
    dist[k] = 0;
    zb[k] = zhat[k];
    zc[k] = roundHalfUp(zb[k]);
    let y = zb[k] - zc[k];
    step[k] = y <= 0 ? -1 : 1;
    let found = 0;
    let imax = 0;
    let maxDist = Number.POSITIVE_INFINITY;
    let steps = 0;
    for (; steps < SEARCH_STEPS_MAX; steps++) {
      const newDist = dist[k] + (y * y) / D[k];
      if (newDist < maxDist) {
        if (k !== 0) {
          // Down one level: centre of z[k-1] conditioned on z[k..n-1].
          k--;
          dist[k] = newDist;
          const dz = zc[k + 1] - zb[k + 1];
          const rk = k * n;
          const rk1 = rk + n;
          for (let i = 0; i <= k; i++) S[rk + i] = S[rk1 + i] + dz * L[rk1 + i];
          zb[k] = zhat[k] + S[rk + k];
          zc[k] = roundHalfUp(zb[k]);
          y = zb[k] - zc[k];
          step[k] = y <= 0 ? -1 : 1;
        } else {
          // A full candidate: keep it if it is among the m best so far.
          if (found < m) {
            if (found === 0 || newDist > sn[imax]) imax = found;
            zn.set(zc.subarray(0, n), found * n);
            sn[found++] = newDist;
            if (found === m) maxDist = sn[imax];
          } else {
            zn.set(zc.subarray(0, n), imax * n);
            sn[imax] = newDist;
            imax = 0;
            for (let i = 1; i < m; i++) if (sn[i] > sn[imax]) imax = i;
            maxDist = sn[imax];
          }
          zc[0] += step[0];
          y = zb[0] - zc[0];
          step[0] = -step[0] - (step[0] <= 0 ? -1 : 1);
        }
      } else {
        if (k === n - 1) break;
        k++;
        zc[k] += step[k];
        y = zb[k] - zc[k];
        step[k] = -step[k] - (step[k] <= 0 ? -1 : 1);
      }
    }
    if (steps >= SEARCH_STEPS_MAX || found < m) return false;
    // Sort ascending and back-transform: a = offset + Z^-T z = offset + G_1^-T ... G_k^-T z.
    const { order, candidates, sqNorms, offset, ops } = this;
    for (let i = 0; i < m; i++) {
      let p = i;
      while (p > 0 && sn[order[p - 1]] > sn[i]) {
        order[p] = order[p - 1];
        p--;
      }
      order[p] = i;
    }
    for (let r = 0; r < m; r++) {
      const src = order[r] * n;
      const dst = r * n;
      sqNorms[r] = sn[order[r]];
      for (let i = 0; i < n; i++) candidates[dst + i] = zn[src + i];
      for (let o = this.nOps - 1; o >= 0; o--) {
        const i = ops[3 * o];
        const j = ops[3 * o + 1];
        if (i < 0) {
          const t = candidates[dst + j];
          candidates[dst + j] = candidates[dst + j + 1];
          candidates[dst + j + 1] = t;
        } else {
          candidates[dst + j] += ops[3 * o + 2] * candidates[dst + i];
        }
      }
      for (let i = 0; i < n; i++) candidates[dst + i] += offset[i];
    }
    return true;
  }
}

function squareSize(aLen: number, Q: Float64Array): number {
  return aLen >= 1 && Q.length === aLen * aLen ? aLen : 0;
}

/**
 * Integer least-squares estimate of the float ambiguities `aFloat` [cyc] with covariance `Q` [cyc^2]
 * (n x n row-major): the `m` best integer vectors (default 2) with their squared norms, ascending.
 * Returns null when the inputs are inconsistent or non-finite, Q is not positive definite, or the
 * search does not finish; never throws.
 */
export function lambda(aFloat: Float64Array, Q: Float64Array, m = 2): LambdaResult | null {
  const n = squareSize(aFloat.length, Q);
  if (n === 0 || !Number.isInteger(m) || m < 1) return null;
  const ws = new LambdaWorkspace(n, m);
  if (!ws.decorrelate(aFloat, Q, n) || !ws.search(m)) return null;
  return { candidates: ws.candidates.slice(0, m * n), sqNorms: ws.sqNorms.slice(0, m) };
}

/** The LAMBDA Z-transform of Q (n x n row-major), or null when Q is not positive definite. */
export function decorrelate(Q: Float64Array): Decorrelation | null {
  const n = Math.round(Math.sqrt(Q.length));
  if (n === 0 || n * n !== Q.length) return null;
  const ws = new LambdaWorkspace(n, 1);
  if (!ws.decorrelate(new Float64Array(n), Q, n)) return null;
  const Z = new Float64Array(n * n);
  const Zinv = new Float64Array(n * n);
  ws.buildZ(Z);
  ws.buildZinv(Zinv);
  return { Z, Zinv, L: ws.L.slice(0, n * n), D: ws.D.slice(0, n) };
}

/**
 * Bootstrapped success rate prod_i (2 Phi(1 / (2 sigma_i)) - 1) over the conditional standard
 * deviations sigma_i = sqrt(D_i) of the decorrelated ambiguities (Teunissen 1998). NaN when Q is not
 * positive definite.
 */
export function bootstrapSuccessRate(Q: Float64Array): number {
  const n = Math.round(Math.sqrt(Q.length));
  if (n === 0 || n * n !== Q.length) return Number.NaN;
  const ws = new LambdaWorkspace(n, 1);
  if (!ws.decorrelate(new Float64Array(n), Q, n)) return Number.NaN;
  return ws.successRate();
}
