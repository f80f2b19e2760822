// Position errors of a solution track in east/north/up about its reference, and the figures a plot states:
// epoch counts per quality, fix rate, RMS per axis, horizontal RMS and 95th percentile.

import { ecefToGeodetic, enuRotation } from "../frames/geodetic.js";
import { ecef } from "../frames/vectors.js";
import type { QualityQ, SolutionTrack } from "./solution-track.js";
import { epochCount } from "./solution-track.js";
import type { EpochReference } from "./truth.js";

export interface EnuErrors {
  /** Solution minus reference (m), in ENU at the reference; NaN where the epoch has no reference. */
  readonly e_m: Float64Array;
  readonly n_m: Float64Array;
  readonly u_m: Float64Array;
}

export function enuErrors(t: SolutionTrack, ref: EpochReference): EnuErrors {
  const n = epochCount(t);
  const e = new Float64Array(n);
  const nn = new Float64Array(n);
  const u = new Float64Array(n);
  const fixed = ref.point ? enuRotation(ecefToGeodetic(ref.point)) : undefined;
  for (let i = 0; i < n; i++) {
    const rx = ref.x_m[i];
    const ry = ref.y_m[i];
    const rz = ref.z_m[i];
    if (!(Number.isFinite(rx) && Number.isFinite(ry) && Number.isFinite(rz))) {
      e[i] = nn[i] = u[i] = Number.NaN;
      continue;
    }
    const m = fixed ?? enuRotation(ecefToGeodetic(ecef(rx, ry, rz)));
    const dx = t.x_m[i] - rx;
    const dy = t.y_m[i] - ry;
    const dz = t.z_m[i] - rz;
    e[i] = m[0] * dx + m[1] * dy + m[2] * dz;
    nn[i] = m[3] * dx + m[4] * dy + m[5] * dz;
    u[i] = m[6] * dx + m[7] * dy + m[8] * dz;
  }
  return { e_m: e, n_m: nn, u_m: u };
}

export interface SolutionStats {
  /** Plotted epochs (solutions). */
  readonly epochs: number;
  /** Records that said "no solution". */
  readonly unsolved: number;
  /** Epochs per quality Q (index 1..6). */
  readonly byQ: readonly number[];
  /** Share of epochs with Q = 1 (0..1). */
  readonly fixRate: number;
  /** Epochs with a reference (all of them, except where a truth trajectory has gaps). */
  readonly compared: number;
  readonly meanE_m: number;
  readonly meanN_m: number;
  readonly meanU_m: number;
  readonly rmsE_m: number;
  readonly rmsN_m: number;
  readonly rmsU_m: number;
  /** sqrt(rmsE^2 + rmsN^2). */
  readonly rmsH_m: number;
  /** 95th percentile of the horizontal error (nearest rank: the ceil(0.95 n)-th smallest). */
  readonly h95_m: number;
  readonly maxH_m: number;
  readonly span_s: number;
  /** Median spacing of consecutive epochs. */
  readonly interval_s: number;
  readonly meanNs: number;
  readonly meanPdop: number;
}

const meanOf = (a: Float64Array): number => {
  let s = 0;
  let k = 0;
  for (const v of a)
    if (Number.isFinite(v)) {
      s += v;
      k++;
    }
  return k > 0 ? s / k : Number.NaN;
};

/** Nearest-rank percentile of finite values (p in 0..1); NaN when none. */
export function percentile(values: Float64Array, p: number): number {
  const v = values.filter(Number.isFinite).sort();
  if (v.length === 0) return Number.NaN;
  return v[Math.min(v.length, Math.max(1, Math.ceil(p * v.length))) - 1];
}

export function solutionStats(t: SolutionTrack, err: EnuErrors): SolutionStats {
  const n = epochCount(t);
  const byQ = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) byQ[t.q[i] as QualityQ]++;
  let k = 0;
  let se = 0;
  let sn = 0;
  let su = 0;
  let me = 0;
  let mn = 0;
  let mu = 0;
  let maxH = 0;
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = err.e_m[i];
    const nn = err.n_m[i];
    const u = err.u_m[i];
    if (!Number.isFinite(e)) {
      h[i] = Number.NaN;
      continue;
    }
    k++;
    se += e * e;
    sn += nn * nn;
    su += u * u;
    me += e;
    mn += nn;
    mu += u;
    h[i] = Math.hypot(e, nn);
    if (h[i] > maxH) maxH = h[i];
  }
  const steps = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) steps[i - 1] = t.t_s[i] - t.t_s[i - 1];
  steps.sort();
  const rmsE = Math.sqrt(se / k);
  const rmsN = Math.sqrt(sn / k);
  return {
    epochs: n,
    unsolved: t.unsolved,
    byQ,
    fixRate: n > 0 ? byQ[1] / n : Number.NaN,
    compared: k,
    meanE_m: me / k,
    meanN_m: mn / k,
    meanU_m: mu / k,
    rmsE_m: rmsE,
    rmsN_m: rmsN,
    rmsU_m: Math.sqrt(su / k),
    rmsH_m: Math.hypot(rmsE, rmsN),
    h95_m: percentile(h, 0.95),
    maxH_m: k > 0 ? maxH : Number.NaN,
    span_s: n > 0 ? t.t_s[n - 1] - t.t_s[0] : 0,
    interval_s: steps.length > 0 ? steps[steps.length >> 1] : Number.NaN,
    meanNs: meanOf(t.ns),
    meanPdop: meanOf(t.pdop),
  };
}
