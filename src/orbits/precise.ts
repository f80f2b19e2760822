// Precise satellite states from SP3 orbits and RINEX clock tables.
// Orbits: Lagrange interpolation (Neville's scheme, 11 points = 10th order, as RTKLIB's pephpos) of samples
// first rotated about z by OmegaE (t_j - t), i.e. interpolated in the Earth-fixed frame frozen at t, which
// removes the Earth-rotation curvature from the samples; the velocity is the analytic derivative of the same
// interpolant, less OmegaE x r. Clocks: linear interpolation between the bracketing samples (RINEX clock
// tables when given for the satellite, else the SP3 clocks), plus the periodic relativistic term -2 r.v / c^2
// (IS-GPS-200 §20.3.3.3.3.1), so that clocks compare with broadcast ones. Positions refer to the centre of
// mass (SP3), not to the antenna phase centre.

import { C_mps } from "../frames/ellipsoid.js";
import { ecef } from "../frames/vectors.js";
import { compareSats, type SatId, satSystem } from "../signals/system.js";
import { type Instant, instant, toScale } from "../time/instant.js";
import type { EphemerisStore } from "./ephemeris-store.js";
import { orbitKindFromState } from "./orbit-kind.js";
import type { PreciseClockTable, PreciseOrbitTable } from "./precise-tables.js";
import type { NoStateReason, OrbitKind, SatelliteSource, SatelliteState } from "./satellite-state.js";
import { GLONASS_CONSTANTS, keplerConstantsOf } from "./system-constants.js";

export interface PreciseSourceOptions {
  /** Broadcast store lending each state its ephemeris (group delays), health, URA and orbit class. */
  readonly broadcast?: EphemerisStore;
  /** With `broadcast`: refuse satellites the broadcast message marks unhealthy (default true). */
  readonly rejectBroadcastUnhealthy?: boolean;
  /** Number of interpolation points (default 11: 10th order). */
  readonly points?: number;
  /** How far before the first / after the last orbit sample a state may be asked for (s, default 900). */
  readonly maxExtrapolation_s?: number;
  /** Add -2 r.v/c^2 to the clock (default true), as broadcast clocks include it. */
  readonly relativity?: boolean;
}

/** One satellite's samples on a common time axis (GPST seconds since `t0`). */
interface Series {
  t: Float64Array;
  v: Float64Array; // stride values per sample
}

interface OrbitSeries extends Series {
  kind?: OrbitKind;
}

/** The Earth rotation rate used to de-rotate samples (any system's value does: only ~1e-11 relative). */
const OMEGA_E = 7.2921151467e-5;

function lowerBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merge samples keyed by time, the first finite value winning; returns sorted series. */
function buildSeries(samples: Map<number, Float64Array>, stride: number): Series {
  const times = [...samples.keys()].sort((a, b) => a - b);
  const t = Float64Array.from(times);
  const v = new Float64Array(times.length * stride);
  times.forEach((tt, i) => {
    v.set(samples.get(tt) as Float64Array, i * stride);
  });
  return { t, v };
}

export class PreciseSource implements SatelliteSource {
  private readonly t0: number;
  private readonly orbits = new Map<SatId, OrbitSeries>();
  private readonly clocks = new Map<SatId, Series>();
  private readonly points: number;
  private readonly maxExtrap_s: number;
  private readonly relativity: boolean;
  private readonly broadcast?: EphemerisStore;
  private readonly rejectUnhealthy: boolean;
  // Neville work arrays
  private readonly dt: Float64Array;
  private readonly p: Float64Array;
  private readonly dp: Float64Array;
  private readonly pv = new Float64Array(6);

  constructor(
    orbits: readonly PreciseOrbitTable[],
    clocks: readonly PreciseClockTable[] = [],
    options: PreciseSourceOptions = {},
  ) {
    this.points = options.points ?? 11;
    this.maxExtrap_s = options.maxExtrapolation_s ?? 900;
    this.relativity = options.relativity ?? true;
    this.broadcast = options.broadcast;
    this.rejectUnhealthy = options.rejectBroadcastUnhealthy ?? true;
    this.dt = new Float64Array(this.points);
    this.p = new Float64Array(this.points);
    this.dp = new Float64Array(this.points);

    let t0 = Number.POSITIVE_INFINITY;
    for (const tab of orbits) for (const e of tab.epochs) t0 = Math.min(t0, toScale(e, "GPST").sec);
    for (const tab of clocks) for (const e of tab.epochs) t0 = Math.min(t0, toScale(e, "GPST").sec);
    this.t0 = Number.isFinite(t0) ? t0 : 0;
    const rel = (e: Instant): number => {
      const g = toScale(e, "GPST");
      return g.sec - this.t0 + g.frac;
    };

    // orbits (stride 4: x y z clock)
    const orbitSamples = new Map<SatId, Map<number, Float64Array>>();
    for (const tab of orbits) {
      const ns = tab.sats.length;
      tab.epochs.forEach((e, ie) => {
        const tt = rel(e);
        tab.sats.forEach((sat, is) => {
          const k = ie * ns + is;
          const x = tab.pos_m[3 * k];
          const y = tab.pos_m[3 * k + 1];
          const z = tab.pos_m[3 * k + 2];
          let m = orbitSamples.get(sat);
          if (!m) {
            m = new Map();
            orbitSamples.set(sat, m);
          }
          const prev = m.get(tt);
          const valid =
            Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z) && x * x + y * y + z * z > 0;
          if (!prev || (!Number.isFinite(prev[0]) && valid)) {
            m.set(
              tt,
              Float64Array.of(
                valid ? x : Number.NaN,
                valid ? y : Number.NaN,
                valid ? z : Number.NaN,
                tab.clock_s[k],
              ),
            );
          } else if (!Number.isFinite(prev[3])) {
            prev[3] = tab.clock_s[k];
          }
        });
      });
    }
    for (const [sat, m] of orbitSamples) this.orbits.set(sat, buildSeries(m, 4));

    // clocks from clock tables (stride 1)
    const clockSamples = new Map<SatId, Map<number, Float64Array>>();
    for (const tab of clocks) {
      const ns = tab.sats.length;
      tab.epochs.forEach((e, ie) => {
        const tt = rel(e);
        tab.sats.forEach((sat, is) => {
          const c = tab.clock_s[ie * ns + is];
          let m = clockSamples.get(sat);
          if (!m) {
            m = new Map();
            clockSamples.set(sat, m);
          }
          const prev = m.get(tt);
          if (!prev || (!Number.isFinite(prev[0]) && Number.isFinite(c))) m.set(tt, Float64Array.of(c));
        });
      });
    }
    for (const [sat, m] of clockSamples) this.clocks.set(sat, buildSeries(m, 1));
    // satellites without clock-table entries use their SP3 clocks
    for (const [sat, s] of this.orbits) {
      if (this.clocks.has(sat)) continue;
      const c = new Float64Array(s.t.length);
      for (let i = 0; i < c.length; i++) c[i] = s.v[4 * i + 3];
      this.clocks.set(sat, { t: s.t, v: c });
    }
  }

  /** Satellites with precise orbits, BDS first. */
  sats(): SatId[] {
    return [...this.orbits.keys()].sort(compareSats);
  }

  /** First and last orbit sample (GPST). */
  span(): { start: Instant; end: Instant } | undefined {
    let a = Number.POSITIVE_INFINITY;
    let b = Number.NEGATIVE_INFINITY;
    for (const s of this.orbits.values()) {
      if (s.t.length === 0) continue;
      a = Math.min(a, s.t[0]);
      b = Math.max(b, s.t[s.t.length - 1]);
    }
    if (!Number.isFinite(a)) return undefined;
    return { start: instant("GPST", this.t0, a), end: instant("GPST", this.t0, b) };
  }

  private relTime(t: Instant): number {
    const g = toScale(t, "GPST");
    return g.sec - this.t0 + g.frac;
  }

  /**
   * Interpolated ECEF position (m) and velocity (m/s) of `sat` at `t`, into `out` [x y z vx vy vz].
   * Returns false (out untouched) when there are too few samples, `t` is outside the table by more than
   * the extrapolation limit, or a sample in the window is missing.
   */
  positionInto(sat: SatId, t: Instant, out: Float64Array): boolean {
    const s = this.orbits.get(sat);
    const np = this.points;
    if (!s || s.t.length < np) return false;
    const tq = this.relTime(t);
    const n = s.t.length;
    if (tq < s.t[0] - this.maxExtrap_s || tq > s.t[n - 1] + this.maxExtrap_s) return false;
    // window of np samples around tq: the last sample <= tq sits at position floor((np - 1) / 2)
    const idx = lowerBound(s.t, tq) - 1;
    let start = idx - ((np - 1) >> 1);
    if (start < 0) start = 0;
    if (start > n - np) start = n - np;
    const dt = this.dt;
    for (let j = 0; j < np; j++) {
      const k = start + j;
      if (!Number.isFinite(s.v[4 * k])) return false;
      dt[j] = s.t[k] - tq;
    }
    // no sample gap larger than 3 times the median spacing inside the window (RTKLIB refuses missing samples)
    const spacing = (dt[np - 1] - dt[0]) / (np - 1);
    for (let j = 1; j < np; j++) if (dt[j] - dt[j - 1] > 3 * spacing) return false;

    const p = this.p;
    const dp = this.dp;
    for (let axis = 0; axis < 3; axis++) {
      for (let j = 0; j < np; j++) {
        const k = start + j;
        const x = s.v[4 * k];
        const y = s.v[4 * k + 1];
        const th = OMEGA_E * dt[j];
        p[j] =
          axis === 0
            ? Math.cos(th) * x - Math.sin(th) * y
            : axis === 1
              ? Math.sin(th) * x + Math.cos(th) * y
              : s.v[4 * k + 2];
        dp[j] = 0;
      }
      // Neville at 0 (times are relative to tq), with the derivative carried along
      for (let m = 1; m < np; m++) {
        for (let i = 0; i < np - m; i++) {
          const xi = dt[i];
          const xj = dt[i + m];
          const den = xi - xj;
          const pv = (-xj * p[i] + xi * p[i + 1]) / den;
          dp[i] = (p[i] - xj * dp[i] - p[i + 1] + xi * dp[i + 1]) / den;
          p[i] = pv;
        }
      }
      out[axis] = p[0];
      out[axis + 3] = dp[0];
    }
    // from the frozen frame to Earth-fixed velocity: v = q' - w x r
    out[3] += OMEGA_E * out[1];
    out[4] -= OMEGA_E * out[0];
    return true;
  }

  /** Precise clock bias (s) of `sat` at `t` without the relativistic term; NaN when unavailable. */
  clockBias(sat: SatId, t: Instant): number {
    const s = this.clocks.get(sat);
    if (!s || s.t.length === 0) return Number.NaN;
    const tq = this.relTime(t);
    const n = s.t.length;
    const i = lowerBound(s.t, tq);
    if (i < n && s.t[i] === tq) return s.v[i];
    if (i === 0 || i === n) {
      // outside the table: hold the end value for at most one sample interval
      const k = i === 0 ? 0 : n - 1;
      const step = n > 1 ? s.t[1] - s.t[0] : 0;
      return Math.abs(s.t[k] - tq) <= step ? s.v[k] : Number.NaN;
    }
    const t0 = s.t[i - 1];
    const t1 = s.t[i];
    const c0 = s.v[i - 1];
    const c1 = s.v[i];
    return c0 + ((c1 - c0) * (tq - t0)) / (t1 - t0);
  }

  state(sat: SatId, t: Instant): SatelliteState | NoStateReason {
    const pv = this.pv;
    if (!this.positionInto(sat, t, pv)) return "no-precise-orbit";
    let clk = this.clockBias(sat, t);
    if (!Number.isFinite(clk)) return "no-precise-clock";
    if (this.relativity) clk -= (2 * (pv[0] * pv[3] + pv[1] * pv[4] + pv[2] * pv[5])) / (C_mps * C_mps);
    // drift by differencing the clock over one second
    const clk1 = this.clockBias(sat, instant(t.scale, t.sec + 1, t.frac));
    const clk0 = this.clockBias(sat, t);
    const drift = Number.isFinite(clk1) ? clk1 - clk0 : 0;

    let health = 0;
    let ura = Number.NaN;
    let ephemeris: SatelliteState["ephemeris"];
    let kind: OrbitKind | undefined;
    if (this.broadcast) {
      const sel = this.broadcast.select(sat, t);
      if (sel === "unhealthy" && this.rejectUnhealthy) return "unhealthy";
      if (typeof sel !== "string") {
        ephemeris = sel;
        health = sel.health;
        ura = sel.kind === "kepler" ? sel.ura_m : Number.NaN;
      }
      const k = this.broadcast.orbitKind(sat);
      if (k !== "unknown") kind = k;
    }
    if (!kind) kind = this.orbitKindFromSamples(sat, pv);
    return {
      sat,
      pos: ecef(pv[0], pv[1], pv[2]),
      vel: [pv[3], pv[4], pv[5]],
      clockBias_s: clk,
      clockDrift_sps: drift,
      health,
      ura_m: ura,
      kind,
      ephemeris,
      source: "precise",
    };
  }

  private orbitKindFromSamples(sat: SatId, pv: Float64Array): OrbitKind {
    const s = this.orbits.get(sat) as OrbitSeries;
    if (s.kind) return s.kind;
    const sys = satSystem(sat);
    const c = sys === "R" ? GLONASS_CONSTANTS : keplerConstantsOf(sys);
    s.kind = orbitKindFromState([pv[0], pv[1], pv[2]], [pv[3], pv[4], pv[5]], c.GM_m3ps2, c.omegaE_radps);
    return s.kind;
  }
}
