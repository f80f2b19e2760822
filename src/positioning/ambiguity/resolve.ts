// Ambiguity-resolution policy for the RTK filter: LAMBDA on the full set, the ratio test (second-best
// over best squared norm, Euler & Schaffrin 1991 as used by RTKLIB), and partial ambiguity resolution
// that drops the least trusted ambiguities one at a time and retries on the marginal covariance.

import { LambdaWorkspace } from "./lambda.js";

/**
 * Success rate a reduced set must reach by default. Retrying the ratio test on ever smaller subsets
 * until one passes is a multiple test: with a poor float solution (full-set bootstrapped success rate
 * ~0.25, 12 ambiguities) ratio >= 3 alone accepted wrong subsets in ~9% of trials, with this gate
 * in none of 1000 (resolve.test.ts).
 */
export const PARTIAL_MIN_SUCCESS_RATE = 0.99;

/** The ratio reported when the best candidate's norm is zero or the ratio is larger (as RTKLIB's .pos). */
export const RATIO_CAP = 999.9;

export interface AmbiguityFix {
  /** True when a set of at least `minFix` ambiguities passed the ratio (and success-rate) test. */
  readonly fixed: boolean;
  /** Indices into the input vector that were fixed, ascending (empty when not fixed). */
  readonly indices: Int32Array;
  /** The integer values [cyc] for those indices. */
  readonly values: Float64Array;
  /**
   * Ratio of the accepted set; when nothing was fixed, that of the full set (0 when LAMBDA could not
   * run on it). Capped at RATIO_CAP.
   */
  readonly ratio: number;
  /** Ambiguities left float: n - indices.length. */
  readonly nFloat: number;
}

export interface ResolveOptions {
  /** Accept when second-best / best squared norm >= this (e.g. 3). */
  readonly ratioThreshold: number;
  /** Fewest ambiguities a fix may hold (default 4). */
  readonly minFix?: number;
  /** Drop ambiguities and retry when the full set fails (default true). */
  readonly partial?: boolean;
  /**
   * One value per ambiguity, higher = keep longer (e.g. elevation); partial resolution drops the lowest
   * first. Default: drop the largest float variance Q_ii first.
   */
  readonly priority?: Float64Array;
  /**
   * Also require the bootstrapped success rate of the set tried to reach this. Default: no requirement
   * on the full set, PARTIAL_MIN_SUCCESS_RATE on reduced sets (0 turns both off, as RTKLIB).
   */
  readonly minSuccessRate?: number;
}

function notFixed(n: number, ratio: number): AmbiguityFix {
  return { fixed: false, indices: new Int32Array(0), values: new Float64Array(0), ratio, nFloat: n };
}

/**
 * Fixes float ambiguities `aFloat` [cyc] with covariance `Q` [cyc^2] (n x n, row-major) to integers.
 * Never throws: inconsistent sizes, non-finite values or a Q that is not positive definite give
 * `fixed: false`.
 */
export function resolveAmbiguities(
  aFloat: Float64Array,
  Q: Float64Array,
  opts: ResolveOptions,
): AmbiguityFix {
  const n = aFloat.length;
  const minFix = Math.max(1, opts.minFix ?? 4);
  const partial = opts.partial ?? true;
  const threshold = opts.ratioThreshold;
  const minSrFull = opts.minSuccessRate ?? 0;
  const minSrPartial = opts.minSuccessRate ?? PARTIAL_MIN_SUCCESS_RATE;
  if (n === 0 || Q.length !== n * n || n < minFix) return notFixed(n, 0);
  if (opts.priority && opts.priority.length !== n) return notFixed(n, 0);

  // Drop order: ascending priority, ties by index.
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = opts.priority ? opts.priority[i] : -Q[i * n + i];
  const dropOrder = new Int32Array(n);
  for (let i = 0; i < n; i++) dropOrder[i] = i;
  dropOrder.sort((x, y) => key[x] - key[y] || x - y);

  const ws = new LambdaWorkspace(n, 2);
  const keep = new Uint8Array(n).fill(1);
  const idx = new Int32Array(n);
  const aSub = new Float64Array(n);
  const qSub = new Float64Array(n * n);
  let fullRatio = 0;

  for (let dropped = 0; n - dropped >= minFix; dropped++) {
    if (dropped > 0) keep[dropOrder[dropped - 1]] = 0;
    const k = n - dropped;
    let c = 0;
    for (let i = 0; i < n; i++) if (keep[i]) idx[c++] = i;
    for (let r = 0; r < k; r++) {
      const ir = idx[r];
      aSub[r] = aFloat[ir];
      for (let col = 0; col < k; col++) qSub[r * k + col] = Q[ir * n + idx[col]];
    }
    if (!ws.decorrelate(aSub, qSub, k)) {
      // A principal sub-matrix of a positive-definite Q is positive definite: failure on the full set
      // means bad input, and later failures can only be numerical.
      if (dropped === 0) return notFixed(n, 0);
    } else {
      const minSr = dropped === 0 ? minSrFull : minSrPartial;
      const srOk = !(minSr > 0) || ws.successRate() >= minSr;
      // The full set is always searched, for the ratio it reports.
      if ((srOk || dropped === 0) && ws.search(2)) {
        const s0 = ws.sqNorms[0];
        const s1 = ws.sqNorms[1];
        const ratio = s0 > 0 ? Math.min(s1 / s0, RATIO_CAP) : RATIO_CAP;
        if (dropped === 0) fullRatio = ratio;
        if (srOk && ratio >= threshold) {
          const values = new Float64Array(k);
          for (let r = 0; r < k; r++) values[r] = ws.candidates[r];
          return { fixed: true, indices: idx.slice(0, k), values, ratio, nFloat: n - k };
        }
      }
    }
    if (!partial) break;
  }
  return notFixed(n, fullRatio);
}
