// Carrier-smoothed code (Hatch filter). For ionosphere-free pairs the smoothing has no ionospheric divergence
// and may run long; for single-frequency code it is limited in time (the code-carrier divergence is 2 dI/dt).

import { diffSeconds, type Instant } from "../time/instant.js";
import type { Measurement } from "./measurements.js";

interface Arc {
  key: string;
  last: Instant;
  n: number;
  smoothed_m: number;
  lastPhase_m: number;
  /** running mean of (code - phase), to catch cycle slips */
  meanCmp_m: number;
}

export interface SmoothingLimits {
  /** Most epochs averaged for ionosphere-free pairs. */
  readonly maxEpochsIonoFree: number;
  /** Longest single-frequency smoothing span (s). */
  readonly maxSpanSingle_s: number;
  /** A gap longer than this (s) restarts an arc. */
  readonly maxGap_s: number;
  /** A jump of code-minus-phase beyond this (m) restarts an arc (cycle slip or code outlier). */
  readonly slipThreshold_m: number;
}

export const DEFAULT_SMOOTHING: SmoothingLimits = {
  maxEpochsIonoFree: 100,
  maxSpanSingle_s: 100,
  maxGap_s: 120,
  slipThreshold_m: 15,
};

export class CarrierSmoother {
  private readonly arcs = new Map<string, Arc>();
  private intervalEstimate_s = 0;
  private lastEpoch?: Instant;

  constructor(private readonly limits: SmoothingLimits = DEFAULT_SMOOTHING) {}

  /** Replace each measurement's pseudorange by its smoothed value (in place). */
  apply(time: Instant, ms: Measurement[]): void {
    if (this.lastEpoch) {
      const dt = diffSeconds(time, this.lastEpoch);
      if (dt > 0 && (this.intervalEstimate_s === 0 || dt < this.intervalEstimate_s))
        this.intervalEstimate_s = dt;
    }
    this.lastEpoch = time;
    const interval = this.intervalEstimate_s || 1;
    for (const m of ms) {
      const key = m.codes.join("+");
      const arcKey = `${m.sat}:${key}`;
      const phase = m.phase_m;
      let arc = this.arcs.get(arcKey);
      if (Number.isNaN(phase)) {
        this.arcs.delete(arcKey);
        continue;
      }
      const nMax = m.ionoFree
        ? this.limits.maxEpochsIonoFree
        : Math.max(1, Math.floor(this.limits.maxSpanSingle_s / interval));
      const cmp = m.pr_m - phase;
      if (
        arc &&
        (arc.key !== key ||
          m.lossOfLock ||
          diffSeconds(time, arc.last) > this.limits.maxGap_s ||
          Math.abs(cmp - arc.meanCmp_m) > this.limits.slipThreshold_m * (m.ionoFree ? 3 : 1))
      ) {
        arc = undefined;
      }
      if (!arc) {
        this.arcs.set(arcKey, {
          key,
          last: time,
          n: 1,
          smoothed_m: m.pr_m,
          lastPhase_m: phase,
          meanCmp_m: cmp,
        });
        m.smoothedEpochs = 1;
        continue;
      }
      const n = Math.min(arc.n + 1, nMax);
      const predicted = arc.smoothed_m + (phase - arc.lastPhase_m);
      arc.smoothed_m = m.pr_m / n + ((n - 1) / n) * predicted;
      arc.meanCmp_m += (cmp - arc.meanCmp_m) / n;
      arc.n = n;
      arc.last = time;
      arc.lastPhase_m = phase;
      m.pr_m = arc.smoothed_m;
      m.smoothedEpochs = n;
    }
  }
}
