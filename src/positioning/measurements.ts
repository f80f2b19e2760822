// From an observation epoch to per-satellite ranging measurements: signal choice, group delays,
// ionosphere-free combination, satellite state at the transmission time.

import { satelliteGroupDelay_s } from "../corrections/group-delay.js";
import { ionoFreeCoefficients } from "../corrections/iono-free.js";
import { C_mps } from "../frames/ellipsoid.js";
import type { SatelliteSource, SatelliteState } from "../orbits/satellite-state.js";
import type { ObsEpoch } from "../signals/observation.js";
import { carrierFrequency_Hz } from "../signals/signal.js";
import { isPositioningSystem, type PositioningSystem, type SatId, satSystem } from "../signals/system.js";
import { addSeconds, type Instant } from "../time/instant.js";
import type { SppOptions } from "./options.js";

/** Why a satellite of an epoch was not used. */
export type ExclusionReason =
  | "system-disabled"
  | "no-signal"
  | "no-ephemeris"
  | "unhealthy"
  | "outside-fit"
  | "no-precise-orbit"
  | "no-precise-clock"
  | "no-frequency"
  | "no-second-frequency"
  | "below-elevation-mask"
  | "fault-excluded"
  | "bad-geometry";

export interface Measurement {
  readonly sat: SatId;
  readonly sys: PositioningSystem;
  /** Observation codes used: one, or two for an ionosphere-free combination. */
  readonly codes: readonly string[];
  /** Frequency of the first signal (Hz), used for ionosphere scaling and Doppler. */
  readonly freq_Hz: number;
  /** True when `pr_m` is the ionosphere-free combination. */
  readonly ionoFree: boolean;
  /** Pseudorange corrected for the satellite group delay (m). */
  pr_m: number;
  /** Carrier phase in metres on the same combination as pr_m (NaN when none), for smoothing. */
  readonly phase_m: number;

  /** Loss of lock flagged on any phase used. */
  readonly lossOfLock: boolean;
  /** Doppler (Hz) of the first signal, NaN if absent. */
  readonly doppler_Hz: number;
  readonly cn0_dbhz: number;
  /** Satellite state at the transmission time (position in the ECEF frame of the transmission time). */
  readonly state: SatelliteState;
  /** Smoothing epochs applied so far (1 = raw). */
  smoothedEpochs: number;
}

export interface MeasurementContext {
  readonly source: SatelliteSource;
  readonly glonassChannels?: ReadonlyMap<SatId, number>;
}

export interface PreparedEpoch {
  readonly time: Instant;
  readonly measurements: Measurement[];
  readonly excluded: { sat: SatId; reason: ExclusionReason }[];
}

function pick(
  ep: ObsEpoch,
  i: number,
  type: string,
  prefs: readonly string[],
): { code: string; value: number; k: number } | null {
  const codes = ep.codes[i];
  const off = ep.offsets[i];
  for (const p of prefs) {
    const code = type + p;
    const k = codes.indexOf(code);
    if (k < 0) continue;
    const v = ep.values[off + k];
    if (!Number.isNaN(v) && v !== 0) return { code, value: v, k: off + k };
  }
  return null;
}

function observed(ep: ObsEpoch, i: number, code: string): { value: number; k: number } {
  const k = ep.codes[i].indexOf(code);
  if (k < 0) return { value: Number.NaN, k: -1 };
  const v = ep.values[ep.offsets[i] + k];
  return { value: v === 0 ? Number.NaN : v, k: ep.offsets[i] + k };
}

/** Build the measurements of one epoch. `wantIonoFree`: combine two frequencies where possible. */
export function prepareEpoch(ep: ObsEpoch, ctx: MeasurementContext, opts: SppOptions): PreparedEpoch {
  const measurements: Measurement[] = [];
  const excluded: { sat: SatId; reason: ExclusionReason }[] = [];
  const wantIf = opts.iono === "iono-free";
  const both = opts.iono === "broadcast" && opts.ionoFreeAbove_m < Number.POSITIVE_INFINITY;
  const enabled = new Set(opts.systems);
  for (let i = 0; i < ep.sats.length; i++) {
    const sat = ep.sats[i];
    const s = satSystem(sat);
    if (!isPositioningSystem(s) || !enabled.has(s)) {
      excluded.push({ sat, reason: "system-disabled" });
      continue;
    }
    const first = pick(ep, i, "C", opts.signals[s]);
    if (!first) {
      excluded.push({ sat, reason: "no-signal" });
      continue;
    }
    // transmission time: t_rx - P/c, then corrected by the satellite clock
    const t1 = addSeconds(ep.time, -first.value / C_mps);
    const st0 = ctx.source.state(sat, t1);
    if (typeof st0 === "string") {
      excluded.push({ sat, reason: st0 });
      continue;
    }
    const dts = st0.clockBias_s;
    const state: SatelliteState = {
      ...st0,
      pos: [
        st0.pos[0] - st0.vel[0] * dts,
        st0.pos[1] - st0.vel[1] * dts,
        st0.pos[2] - st0.vel[2] * dts,
      ] as unknown as SatelliteState["pos"],
      clockBias_s: dts - st0.clockDrift_sps * dts,
    };
    let k: number | undefined;
    if (s === "R") {
      const eph = st0.ephemeris;
      k = eph && eph.kind === "glonass" ? eph.frequencyChannel : ctx.glonassChannels?.get(sat);
    }
    const f1 = carrierFrequency_Hz(s, first.code, k);
    if (!(f1 > 0)) {
      excluded.push({ sat, reason: "no-frequency" });
      continue;
    }
    const band1 = first.code.slice(1);
    let b1 = st0.ephemeris ? satelliteGroupDelay_s(st0.ephemeris, first.code) : 0;
    if (Number.isNaN(b1)) b1 = 0;
    const ph1 = observed(ep, i, `L${band1}`);
    const dop = observed(ep, i, `D${band1}`).value;
    const cn0 = observed(ep, i, `S${band1}`).value;
    let second: { code: string; value: number; k: number } | null = null;
    if (wantIf || both) {
      const prefs = opts.secondSignals[s].filter((x) => x[0] !== band1[0]);
      second = pick(ep, i, "C", prefs);
    }
    if (!second && opts.iono === "iono-free") {
      excluded.push({ sat, reason: "no-second-frequency" });
      continue;
    }
    const lam1 = C_mps / f1;
    if (second) {
      const f2 = carrierFrequency_Hz(s, second.code, k);
      let b2 = st0.ephemeris ? satelliteGroupDelay_s(st0.ephemeris, second.code) : 0;
      if (Number.isNaN(b2)) b2 = 0;
      const { c1, c2 } = ionoFreeCoefficients(f1, f2);
      const ph2 = observed(ep, i, `L${second.code.slice(1)}`);
      const phase = c1 * ph1.value * lam1 + c2 * ph2.value * (C_mps / f2);
      const lli = (ph1.k >= 0 && (ep.lli[ph1.k] & 1) !== 0) || (ph2.k >= 0 && (ep.lli[ph2.k] & 1) !== 0);
      measurements.push({
        sat,
        sys: s,
        codes: [first.code, second.code],
        freq_Hz: f1,
        ionoFree: true,
        pr_m: c1 * (first.value - C_mps * b1) + c2 * (second.value - C_mps * b2),
        phase_m: phase,
        lossOfLock: lli,
        doppler_Hz: dop,
        cn0_dbhz: cn0,
        state,
        smoothedEpochs: 1,
      });
    }
    if (!second || both) {
      measurements.push({
        sat,
        sys: s,
        codes: [first.code],
        freq_Hz: f1,
        ionoFree: false,
        pr_m: first.value - C_mps * b1,
        phase_m: ph1.value * lam1,
        lossOfLock: ph1.k >= 0 && (ep.lli[ph1.k] & 1) !== 0,
        doppler_Hz: dop,
        cn0_dbhz: cn0,
        state,
        smoothedEpochs: 1,
      });
    }
  }
  return { time: ep.time, measurements, excluded };
}
