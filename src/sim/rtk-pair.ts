// Base + rover observation simulator for closed-loop RTK tests (issue 4 item 6): one static base, one
// rover (static or moving along a trajectory), the nominal BDS-3 and GPS constellations, and the same
// measurement model as simulate.ts (see its header for the equations, group delays and Klobuchar/ICD
// references), evaluated for each receiver at its own position, time and clock:
//
//   code  P_f = R + c b_f + I_f + s_P(el) n          R = rho + c (dtr + isb - dts) + T_trop
//   phase L_f = (R - I_f) / lambda_f + N_f + s_L(el) n
//   Dopp. D_f = -(los . (v_sv - v_rx) + c (drift - dts_dot)) / lambda_f + s_D(el) n
//
// so that between-receiver single differences remove the satellite clock and group delay, double
// differences also remove the receiver clocks and inter-system biases, and what is left of the
// ionosphere/troposphere is the baseline-dependent residual of the two models.
//
// What this file adds to simulate.ts:
// - Noise grows at low elevation: s(el) = s_zenith / sin(el) (noiseModel "elevation", the default), or
//   s(el) = s_zenith (noiseModel "constant"). Same for code, phase and Doppler.
// - Ambiguities: an independent uniform integer in [-200000, 200000] per receiver, satellite and band,
//   drawn again whenever a satellite rises or comes back after a gap (LLI bit 0 set on that epoch).
// - Cycle slips, given or random: from the slip's epoch on, that receiver's ambiguity on that band moves by
//   `cycles`; LLI bit 0 is set on the slip epoch when the slip is flagged (default), not otherwise.
// - Differential ionosphere: `ionoGradient_mm_per_km` adds to the rover, on the Klobuchar reference
//   carrier, g * 1e-6 * |baseline| * F(el), F = 1 + 16 (0.53 - el/pi)^3 the Klobuchar obliquity factor,
//   scaled by (f_ref / f)^2 like the rest of the ionosphere (code delayed, phase advanced).
// - Receiver clocks: independent per receiver (default), or one clock shared by both.
// - Data gaps: a satellite missing on one receiver for a time span.
// - The rover's position is evaluated at its true reception instant (tag - dtr); `roverTruth[k]` is
//   that position. The orbit record used at an epoch is the one whose toe is nearest the epoch tag, the
//   same for both receivers.
// Random streams are separate (clock, ambiguities, noise, random slips, per receiver): the base's
// observations do not depend on the rover's trajectory, and changing the noise keeps the ambiguities.

import { BeidouError } from "../core/errors.js";
import { bdsKlobucharDelay_m } from "../corrections/klobuchar-bds.js";
import { gpsKlobucharDelay_m } from "../corrections/klobuchar-gps.js";
import { saastamoinenDelay_m } from "../corrections/troposphere.js";
import { C_mps } from "../frames/ellipsoid.js";
import { azimuthElevationWith, ecefToGeodetic, enuRotation, geodeticToEcef } from "../frames/geodetic.js";
import { DEG, type Ecef, type Enu, ecef, enu, type Geodetic } from "../frames/vectors.js";
import { keplerStateInto, usesBdsGeoTransform } from "../orbits/broadcast-kepler.js";
import type { IonoParameters, KeplerEphemeris, NavigationData } from "../orbits/ephemeris.js";
import { orbitKindOf } from "../orbits/orbit-kind.js";
import type { ObsEpoch, ObsHeader } from "../signals/observation.js";
import { carrierFrequency_Hz, type ObsCode } from "../signals/signal.js";
import { compareSats, type GnssSystem, type SatId } from "../signals/system.js";
import { addSeconds, diffSeconds, type Instant, toScale } from "../time/instant.js";
import { leapSecondsAtGpst } from "../time/leap-seconds.js";
import { bds3Constellation } from "./constellation-bds3.js";
import { gpsConstellation } from "./constellation-gps.js";
import { Prng } from "./prng.js";
import { type ReceiverClockTruth, simulateReceiverClock, systemClock_s } from "./receiver-clock.js";
import {
  cn0_dbhz,
  dayStart,
  groupDelay_s,
  OMEGA_E,
  REF_FREQ_Hz,
  recordsFor,
  SIM_KLOBUCHAR_BDS,
  SIM_KLOBUCHAR_GPS,
  SIM_OBS_CODES,
  type SimSystem,
  type SimulationNoise,
  ssiOf,
} from "./simulate.js";
import { type RoverTrajectory, trajectoryStateInto } from "./trajectory.js";

export type { RoverTrajectory } from "./trajectory.js";

export type RtkReceiver = "base" | "rover";

/** A cycle slip to inject. */
export interface SlipSpec {
  readonly sat: SatId;
  /** RINEX band digit ("2" = B1I, "7" = B2I, "6" = B3I; "1", "2", "5" for GPS); every band when absent. */
  readonly band?: string;
  /** Seconds from the first epoch; the slip lands on the first epoch at or after it. */
  readonly time_s: number;
  /** Integer change of the ambiguity from that epoch on. */
  readonly cycles: number;
  /** Default "rover". */
  readonly receiver?: RtkReceiver;
  /** Set LLI bit 0 on the slip epoch (default true). */
  readonly flagged?: boolean;
}

/** Random slips: a Poisson process per receiver and satellite. */
export interface RandomSlipOptions {
  /** Mean number of slip events per satellite and hour of tracking. */
  readonly perSatHour: number;
  /** Receivers that slip (default ["rover"]). */
  readonly receivers?: readonly RtkReceiver[];
  /** Slip size: a uniform nonzero integer in [-maxCycles, maxCycles] (default 10). */
  readonly maxCycles?: number;
  /** Probability that an event hits every band at once, each band with its own size (default 0.5). */
  readonly allBandsProbability?: number;
  /** Probability that an event is flagged with LLI (default 1). */
  readonly flaggedProbability?: number;
}

/** A satellite missing on one receiver for epochs with from_s <= t < to_s (seconds from the first epoch). */
export interface GapSpec {
  readonly sat: SatId;
  readonly from_s: number;
  readonly to_s: number;
  /** Default "rover". */
  readonly receiver?: RtkReceiver;
}

/** A slip as applied: one band of one receiver. */
export interface AppliedSlip {
  readonly sat: SatId;
  readonly band: string;
  readonly receiver: RtkReceiver;
  /** Epoch index and its seconds from the first epoch. */
  readonly epoch: number;
  readonly time_s: number;
  readonly cycles: number;
  readonly flagged: boolean;
  readonly source: "given" | "random";
}

/** A given slip that could not be applied, and why. */
export interface SkippedSlip {
  readonly slip: SlipSpec;
  readonly reason: string;
}

export interface RtkPairOptions {
  /** Base antenna (WGS84 geodetic). */
  readonly base: Geodetic;
  readonly rover: RoverTrajectory;
  readonly start: Instant;
  readonly duration_s: number;
  readonly interval_s: number;
  readonly systems: readonly SimSystem[];
  readonly seed: number;
  /** Zenith noise (1 sigma); defaults as simulate(): code 0.3 m, phase 0.003 cyc, Doppler 0.05 Hz. */
  readonly noise?: SimulationNoise;
  /** "elevation" (default): sigma / sin(el); "constant": sigma. */
  readonly noiseModel?: "elevation" | "constant";
  /** Elevation mask (deg), default 10, applied by each receiver on its own. */
  readonly elevMask_deg?: number;
  /** Extra rover ionosphere per km of baseline (mm at zenith on the reference carrier), default 0. */
  readonly ionoGradient_mm_per_km?: number;
  /** "independent" (default): each receiver its own clock; "shared": one clock for both. */
  readonly clocks?: "independent" | "shared";
  readonly slips?: readonly SlipSpec[];
  readonly randomSlips?: RandomSlipOptions;
  readonly gaps?: readonly GapSpec[];
  /**
   * Observation codes per system instead of SIM_OBS_CODES (e.g. BDS-3 B1C/B2a: C1P L1P D1P S1P C5P L5P D5P S5P).
   * Bands other than B1I/B2I (BDS) and L1/L2/L5 (GPS) get no satellite group delay: they matter to single-point
   * positioning only, and cancel in relative positioning.
   */
  readonly obsCodes?: Readonly<Partial<Record<SimSystem, readonly ObsCode[]>>>;
}

export interface ResolvedRtkPairOptions
  extends Required<Omit<RtkPairOptions, "noise" | "randomSlips" | "systems">> {
  readonly systems: readonly SimSystem[];
  readonly noise: Required<SimulationNoise>;
  readonly randomSlips: Required<RandomSlipOptions>;
}

export interface RtkPairObservations {
  readonly header: ObsHeader;
  readonly epochs: ObsEpoch[];
  /** The receiver's clock truth (receiver time - GPST per epoch, drift, inter-system bias). */
  readonly clock: ReceiverClockTruth;
}

export interface RtkPairResult {
  readonly base: RtkPairObservations;
  readonly rover: RtkPairObservations;
  readonly nav: NavigationData;
  readonly baseTruth: Ecef;
  readonly baseTruthGeodetic: Geodetic;
  /** Rover antenna at each epoch's true reception instant, same order as `rover.epochs`. */
  readonly roverTruth: Ecef[];
  /** The same as ENU offsets from the base (tangent plane at the base). */
  readonly roverTruthEnu: Enu[];
  /** Every slip applied (given and random), one entry per band, in epoch order. */
  readonly slips: AppliedSlip[];
  /** Given slips that landed on no observation (satellite not tracked, new arc, after the end). */
  readonly slipsSkipped: SkippedSlip[];
  readonly options: ResolvedRtkPairOptions;
}

interface Slot {
  readonly type: string;
  readonly band: string;
  readonly lambda_m: number;
  /** (f_ref / f)^2 */
  readonly ionoScale: number;
}

interface Track {
  readonly sat: SatId;
  readonly sys: SimSystem;
  readonly records: KeplerEphemeris[];
  readonly geo: boolean;
  /** toe and toc of each record, seconds from the first epoch (GPST). */
  readonly toeRel_s: Float64Array;
  readonly tocRel_s: Float64Array;
  readonly slots: readonly Slot[];
  readonly codes: readonly ObsCode[];
}

/** Per-receiver tracking state. */
class ReceiverState {
  readonly ambiguity: Float64Array[];
  /** Epoch index of the last observation of each track (-2 never). */
  readonly lastSeen: Int32Array;
  /** Last light time per track (start of the next iteration). */
  readonly tau_s: Float64Array;
  /** Gaps per track: [fromEpoch, toEpoch) pairs. */
  readonly gaps: number[][];
  readonly epochs: ObsEpoch[] = [];

  constructor(
    readonly name: RtkReceiver,
    tracks: readonly Track[],
    readonly clock: ReceiverClockTruth,
    readonly ambRng: Prng,
    readonly noiseRng: Prng,
    readonly slipRng: Prng,
  ) {
    this.ambiguity = tracks.map((t) => new Float64Array(t.codes.length));
    this.lastSeen = new Int32Array(tracks.length).fill(-2);
    this.tau_s = new Float64Array(tracks.length).fill(0.075);
    this.gaps = tracks.map(() => []);
  }

  inGap(i: number, k: number): boolean {
    const g = this.gaps[i];
    for (let j = 0; j < g.length; j += 2) if (k >= g[j] && k < g[j + 1]) return true;
    return false;
  }
}

const bad = (message: string) => new BeidouError("bad-argument", message);

/** Klobuchar obliquity factor F = 1 + 16 (0.53 - E)^3, E the elevation in semicircles (IS-GPS-200 §20.3.3.5.2.5). */
function obliquity(el_rad: number): number {
  const x = 0.53 - el_rad / Math.PI;
  return 1 + 16 * x * x * x;
}

/** First epoch index at or after `t_s` seconds from the start. */
function epochAtOrAfter(t_s: number, interval_s: number): number {
  return Math.max(0, Math.ceil(t_s / interval_s - 1e-9));
}

/**
 * Simulate a base and a rover observing BDS-3 and/or GPS, with integer ambiguities, cycle slips and
 * gaps. Deterministic in `opts.seed`. Throws BeidouError("bad-argument") on inconsistent options.
 */
export function simulateRtkPair(opts: RtkPairOptions): RtkPairResult {
  if (!(opts.interval_s > 0)) throw bad(`interval_s must be > 0 (got ${opts.interval_s})`);
  if (!(opts.duration_s >= 0)) throw bad(`duration_s must be >= 0 (got ${opts.duration_s})`);
  if (opts.rover.kind === "circle" && !(opts.rover.radius_m > 0))
    throw bad(`circle trajectory: radius_m must be > 0 (got ${opts.rover.radius_m})`);
  const noise: Required<SimulationNoise> = {
    code_m: opts.noise?.code_m ?? 0.3,
    phase_cyc: opts.noise?.phase_cyc ?? 0.003,
    doppler_hz: opts.noise?.doppler_hz ?? 0.05,
  };
  const rs = opts.randomSlips;
  const randomSlips: Required<RandomSlipOptions> = {
    perSatHour: rs?.perSatHour ?? 0,
    receivers: rs?.receivers ?? ["rover"],
    maxCycles: Math.max(1, Math.floor(rs?.maxCycles ?? 10)),
    allBandsProbability: rs?.allBandsProbability ?? 0.5,
    flaggedProbability: rs?.flaggedProbability ?? 1,
  };
  const options: ResolvedRtkPairOptions = {
    base: opts.base,
    rover: opts.rover,
    start: toScale(opts.start, "GPST"),
    duration_s: opts.duration_s,
    interval_s: opts.interval_s,
    systems: (["C", "G"] as const).filter((s) => opts.systems.includes(s)),
    seed: opts.seed,
    noise,
    noiseModel: opts.noiseModel ?? "elevation",
    elevMask_deg: opts.elevMask_deg ?? 10,
    ionoGradient_mm_per_km: opts.ionoGradient_mm_per_km ?? 0,
    clocks: opts.clocks ?? "independent",
    slips: opts.slips ?? [],
    randomSlips,
    gaps: opts.gaps ?? [],
    obsCodes: opts.obsCodes ?? {},
  };
  const { start, interval_s, systems } = options;
  if (systems.length === 0) throw bad("no system to simulate (systems: C and/or G)");

  const nEpochs = Math.max(1, Math.floor(opts.duration_s / interval_s + 1e-9));
  const times: Instant[] = [];
  for (let k = 0; k < nEpochs; k++) times.push(addSeconds(start, k * interval_s));
  const last = times[nEpochs - 1];

  // ---- constellation, records, code slots ----
  const clockEpoch = dayStart(start);
  const tracks: Track[] = [];
  const ephemerides: KeplerEphemeris[] = [];
  const obsCodes = new Map<GnssSystem, readonly ObsCode[]>();
  for (const sys of systems) {
    const codes = options.obsCodes[sys] ?? SIM_OBS_CODES[sys];
    obsCodes.set(sys, codes);
    const slots: Slot[] = codes.map((c) => {
      const f = carrierFrequency_Hz(sys, c);
      const r = REF_FREQ_Hz[sys] / f;
      return { type: c[0], band: c[1], lambda_m: C_mps / f, ionoScale: r * r };
    });
    for (const nom of sys === "C" ? bds3Constellation() : gpsConstellation()) {
      const records = recordsFor(nom, sys, start, last, clockEpoch);
      ephemerides.push(...records);
      tracks.push({
        sat: nom.sat,
        sys,
        records,
        geo: usesBdsGeoTransform(records[0], orbitKindOf(records[0])),
        toeRel_s: Float64Array.from(records, (r) => diffSeconds(r.toe, toScale(start, r.toe.scale))),
        tocRel_s: Float64Array.from(records, (r) => diffSeconds(r.toc, toScale(start, r.toc.scale))),
        slots,
        codes,
      });
    }
  }
  tracks.sort((a, b) => compareSats(a.sat, b.sat));
  const trackIndex = new Map(tracks.map((t, i) => [t.sat, i]));

  // ---- receivers: clocks and random streams (separate, so that one does not shift another) ----
  const seed = opts.seed;
  const baseClock = simulateReceiverClock(times, interval_s, new Prng(seed * 16 + 1));
  const roverClock =
    options.clocks === "shared"
      ? baseClock
      : simulateReceiverClock(times, interval_s, new Prng(seed * 16 + 2));
  const base = new ReceiverState(
    "base",
    tracks,
    baseClock,
    new Prng(seed * 16 + 3),
    new Prng(seed * 16 + 4),
    new Prng(seed * 16 + 5),
  );
  const rover = new ReceiverState(
    "rover",
    tracks,
    roverClock,
    new Prng(seed * 16 + 6),
    new Prng(seed * 16 + 7),
    new Prng(seed * 16 + 8),
  );
  const receivers = [base, rover];

  for (const g of options.gaps) {
    const i = trackIndex.get(g.sat);
    if (i === undefined) throw bad(`gap: satellite ${g.sat} is not simulated`);
    const r = g.receiver === "base" ? base : rover;
    r.gaps[i].push(epochAtOrAfter(g.from_s, interval_s), epochAtOrAfter(g.to_s, interval_s));
  }

  // Given slips, by epoch.
  const slipsAt = new Map<number, SlipSpec[]>();
  const slipsSkipped: SkippedSlip[] = [];
  for (const s of options.slips) {
    const i = trackIndex.get(s.sat);
    if (i === undefined) throw bad(`slip: satellite ${s.sat} is not simulated`);
    if (!Number.isInteger(s.cycles))
      throw bad(`slip on ${s.sat}: cycles must be an integer (got ${s.cycles})`);
    if (s.band !== undefined && !tracks[i].slots.some((c) => c.type === "L" && c.band === s.band))
      throw bad(`slip on ${s.sat}: no phase on band '${s.band}'`);
    const k = epochAtOrAfter(s.time_s, interval_s);
    if (k >= nEpochs) {
      slipsSkipped.push({ slip: s, reason: "after the last epoch" });
      continue;
    }
    const list = slipsAt.get(k);
    if (list) list.push(s);
    else slipsAt.set(k, [s]);
  }
  const applied: AppliedSlip[] = [];
  const pSlip = 1 - Math.exp((-randomSlips.perSatHour * interval_s) / 3600);
  const randomOn = new Set(randomSlips.perSatHour > 0 ? randomSlips.receivers : []);

  // ---- scratch ----
  const baseGeo = opts.base;
  const basePos = geodeticToEcef(baseGeo);
  const baseRot = enuRotation(baseGeo);
  const traj = new Float64Array(6);
  const sv = new Float64Array(8);
  const maxValues = tracks.length * 8;
  const values = new Float64Array(maxValues);
  const lli = new Uint8Array(maxValues);
  const ssi = new Uint8Array(maxValues);
  const roverTruth: Ecef[] = [];
  const roverTruthEnu: Enu[] = [];
  const mask_rad = options.elevMask_deg * DEG;
  const elevationNoise = options.noiseModel === "elevation";
  const gradient_m_per_m = options.ionoGradient_mm_per_km * 1e-6;

  for (let k = 0; k < nEpochs; k++) {
    const tag = times[k];
    const t_s = k * interval_s;
    const givenSlips = slipsAt.get(k);

    for (const rx of receivers) {
      const dtr = rx.clock.bias_s[k];
      const T = addSeconds(tag, -dtr);
      const T_rel = t_s - dtr;
      // receiver position and velocity (ECEF)
      let pos: Ecef = basePos;
      let geo: Geodetic = baseGeo;
      let vx = 0;
      let vy = 0;
      let vz = 0;
      if (rx === rover) {
        trajectoryStateInto(opts.rover, T_rel, traj);
        const m = baseRot;
        pos = ecef(
          basePos[0] + m[0] * traj[0] + m[3] * traj[1] + m[6] * traj[2],
          basePos[1] + m[1] * traj[0] + m[4] * traj[1] + m[7] * traj[2],
          basePos[2] + m[2] * traj[0] + m[5] * traj[1] + m[8] * traj[2],
        );
        vx = m[0] * traj[3] + m[3] * traj[4] + m[6] * traj[5];
        vy = m[1] * traj[3] + m[4] * traj[4] + m[7] * traj[5];
        vz = m[2] * traj[3] + m[5] * traj[4] + m[8] * traj[5];
        geo = ecefToGeodetic(pos);
        roverTruth.push(pos);
        roverTruthEnu.push(enu(traj[0], traj[1], traj[2]));
      }
      const rot = rx === rover ? enuRotation(geo) : baseRot;
      const baseline_m =
        rx === rover ? Math.hypot(pos[0] - basePos[0], pos[1] - basePos[1], pos[2] - basePos[2]) : 0;

      const sats: SatId[] = [];
      const codesOf: (readonly ObsCode[])[] = [];
      const offsets: number[] = [];
      let n = 0;

      for (let i = 0; i < tracks.length; i++) {
        const tr = tracks[i];
        if (rx.inGap(i, k)) continue;
        // record nearest the epoch tag (ties: the earlier), the same for both receivers
        let r = 0;
        for (let j = 1; j < tr.records.length; j++)
          if (Math.abs(t_s - tr.toeRel_s[j]) < Math.abs(t_s - tr.toeRel_s[r])) r = j;
        const eph = tr.records[r];
        const wE = OMEGA_E[tr.sys];
        // light time: satellite at T - tau, rotated by wE tau into the frame of reception
        let tau = rx.tau_s[i];
        let x = 0;
        let y = 0;
        let rho = 0;
        for (let it = 0; it < 8; it++) {
          keplerStateInto(eph, T_rel - tau - tr.toeRel_s[r], T_rel - tau - tr.tocRel_s[r], tr.geo, sv);
          const th = wE * tau;
          const c = Math.cos(th);
          const s = Math.sin(th);
          x = c * sv[0] + s * sv[1];
          y = -s * sv[0] + c * sv[1];
          rho = Math.hypot(x - pos[0], y - pos[1], sv[2] - pos[2]);
          const next = rho / C_mps;
          const done = Math.abs(next - tau) < 1e-14;
          tau = next;
          if (done) break;
        }
        if (!Number.isFinite(rho)) continue;
        rx.tau_s[i] = tau;
        const svPos = ecef(x, y, sv[2]);
        const azel = azimuthElevationWith(rot, pos, svPos);
        if (azel.el_rad < mask_rad) continue;

        // state at the converged tau
        keplerStateInto(eph, T_rel - tau - tr.toeRel_s[r], T_rel - tau - tr.tocRel_s[r], tr.geo, sv);
        const th = wE * tau;
        const c = Math.cos(th);
        const s = Math.sin(th);
        const sx = c * sv[0] + s * sv[1];
        const sy = -s * sv[0] + c * sv[1];
        const sz = sv[2];
        const svx = c * sv[3] + s * sv[4];
        const svy = -s * sv[3] + c * sv[4];
        const svz = sv[5];
        const dx = sx - pos[0];
        const dy = sy - pos[1];
        const dz = sz - pos[2];
        rho = Math.hypot(dx, dy, dz);
        const rhoDot = (dx * (svx - vx) + dy * (svy - vy) + dz * (svz - vz)) / rho;
        const svClk_s = sv[6];
        const svDrift_sps = sv[7];

        const R =
          rho +
          C_mps * (systemClock_s(rx.clock, tr.sys, k) - svClk_s) +
          saastamoinenDelay_m(geo, azel.el_rad);
        let ionoRef =
          tr.sys === "C"
            ? bdsKlobucharDelay_m(SIM_KLOBUCHAR_BDS, geo, azel, T, REF_FREQ_Hz.C)
            : gpsKlobucharDelay_m(SIM_KLOBUCHAR_GPS, geo, azel, T, REF_FREQ_Hz.G);
        if (gradient_m_per_m !== 0 && rx === rover)
          ionoRef += gradient_m_per_m * baseline_m * obliquity(azel.el_rad);
        const sigmaScale = elevationNoise ? 1 / Math.sin(azel.el_rad) : 1;

        const newArc = rx.lastSeen[i] !== k - 1;
        rx.lastSeen[i] = k;
        const amb = rx.ambiguity[i];
        const o = n;
        // slips land on tracked, continuing arcs only
        if (!newArc && givenSlips) {
          for (const sl of givenSlips) {
            if (sl.sat !== tr.sat || (sl.receiver ?? "rover") !== rx.name) continue;
            const flagged = sl.flagged ?? true;
            for (let j = 0; j < tr.slots.length; j++) {
              const cs = tr.slots[j];
              if (cs.type !== "L" || (sl.band !== undefined && sl.band !== cs.band)) continue;
              amb[j] += sl.cycles;
              if (flagged) lli[o + j] |= 1;
              applied.push({
                sat: tr.sat,
                band: cs.band,
                receiver: rx.name,
                epoch: k,
                time_s: t_s,
                cycles: sl.cycles,
                flagged,
                source: "given",
              });
            }
          }
        }
        if (!newArc && randomOn.has(rx.name) && rx.slipRng.uniform() < pSlip) {
          const all = rx.slipRng.uniform() < randomSlips.allBandsProbability;
          const flagged = rx.slipRng.uniform() < randomSlips.flaggedProbability;
          const phaseSlots: number[] = [];
          for (let j = 0; j < tr.slots.length; j++) if (tr.slots[j].type === "L") phaseSlots.push(j);
          const chosen = all ? phaseSlots : [phaseSlots[rx.slipRng.integer(0, phaseSlots.length - 1)]];
          for (const j of chosen) {
            const m = rx.slipRng.integer(1, randomSlips.maxCycles);
            const cycles = rx.slipRng.uniform() < 0.5 ? -m : m;
            amb[j] += cycles;
            if (flagged) lli[o + j] |= 1;
            applied.push({
              sat: tr.sat,
              band: tr.slots[j].band,
              receiver: rx.name,
              epoch: k,
              time_s: t_s,
              cycles,
              flagged,
              source: "random",
            });
          }
        }

        for (let j = 0; j < tr.slots.length; j++) {
          const cs = tr.slots[j];
          const iono = ionoRef * cs.ionoScale;
          const cn0 = cn0_dbhz(tr.sys, cs.band, azel.el_rad);
          ssi[o + j] = ssiOf(cn0);
          switch (cs.type) {
            case "C":
              values[o + j] =
                R +
                C_mps * groupDelay_s(tr.sys, cs.band, eph, C_mps / cs.lambda_m) +
                iono +
                noise.code_m * sigmaScale * rx.noiseRng.normal();
              break;
            case "L":
              if (newArc) {
                amb[j] = rx.ambRng.integer(-200000, 200000);
                lli[o + j] |= 1;
              }
              values[o + j] =
                (R - iono) / cs.lambda_m + amb[j] + noise.phase_cyc * sigmaScale * rx.noiseRng.normal();
              break;
            case "D":
              values[o + j] =
                -(rhoDot + C_mps * (rx.clock.drift_sps - svDrift_sps)) / cs.lambda_m +
                noise.doppler_hz * sigmaScale * rx.noiseRng.normal();
              break;
            case "S":
              values[o + j] = cn0;
              break;
            default:
              values[o + j] = Number.NaN;
          }
        }
        sats.push(tr.sat);
        codesOf.push(tr.codes);
        offsets.push(o);
        n += tr.slots.length;
      }

      rx.epochs.push({
        time: tag,
        flag: 0,
        rxClockOffset_s: Number.NaN,
        sats,
        codes: codesOf,
        offsets: Uint32Array.from(offsets),
        values: values.slice(0, n),
        lli: lli.slice(0, n),
        ssi: ssi.slice(0, n),
      });
      lli.fill(0, 0, n);
    }

    // given slips that hit nothing at this epoch
    if (givenSlips) {
      for (const sl of givenSlips) {
        const rxName = sl.receiver ?? "rover";
        if (
          applied.some(
            (a) => a.source === "given" && a.epoch === k && a.sat === sl.sat && a.receiver === rxName,
          )
        )
          continue;
        const rx = rxName === "base" ? base : rover;
        const i = trackIndex.get(sl.sat) as number;
        slipsSkipped.push({
          slip: sl,
          reason:
            rx.lastSeen[i] === k
              ? `new arc at epoch ${k} (fresh ambiguity)`
              : `${sl.sat} not observed by the ${rxName} at epoch ${k}`,
        });
      }
    }
  }

  // ---- navigation data and headers ----
  const iono: IonoParameters[] = [];
  if (systems.includes("C"))
    iono.push({
      kind: "klobuchar",
      system: "C",
      alpha: [...SIM_KLOBUCHAR_BDS.alpha],
      beta: [...SIM_KLOBUCHAR_BDS.beta],
    } as IonoParameters);
  if (systems.includes("G"))
    iono.push({
      kind: "klobuchar",
      system: "G",
      alpha: [...SIM_KLOBUCHAR_GPS.alpha],
      beta: [...SIM_KLOBUCHAR_GPS.beta],
    } as IonoParameters);
  const leapSeconds = leapSecondsAtGpst(start.sec);
  const header = (marker: string, approx: Ecef): ObsHeader => ({
    format: "RINEX",
    version: 3.05,
    fileSystem: systems.length === 1 ? systems[0] : "M",
    marker,
    receiver: "BEIDOU SIMULATOR",
    antenna: "",
    approxPosition: approx,
    antennaDeltaHEN_m: [0, 0, 0],
    obsCodes,
    interval_s,
    firstObs: start,
    lastObs: last,
    timeSystem: "GPST",
    glonassChannels: new Map(),
    leapSeconds,
    lineCount: 0,
  });
  applied.sort((a, b) => a.epoch - b.epoch);

  return {
    base: { header: header("BASE", basePos), epochs: base.epochs, clock: baseClock },
    rover: { header: header("ROVR", roverTruth[0]), epochs: rover.epochs, clock: roverClock },
    nav: { ephemerides, iono, timeOffsets: [], leapSeconds },
    baseTruth: basePos,
    baseTruthGeodetic: baseGeo,
    roverTruth,
    roverTruthEnu,
    slips: applied,
    slipsSkipped,
    options,
  };
}
