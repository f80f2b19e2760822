// Observation simulator: a static receiver, the nominal BDS-3 and GPS constellations, and a measurement
// model that closes the loop with the library's own broadcast-orbit and correction code, so that a
// solver fed the output must recover the truth to the noise level.
//
// For epoch tag t (receiver time, GPST) and receiver clock dtr, the true reception time is T = t - dtr.
// For each satellite above the mask, with its broadcast record (all records describe one orbit):
//   light time tau: rho = |Rz(wE tau) r_sv(T - tau) - r_rx|, tau = rho / c       (Sagnac by rotation)
//   dts = broadcast clock polynomial + relativistic term at T - tau               (keplerSatelliteState)
//   R = rho + c (dtr + isb_sys - dts) + T_trop                                    (saastamoinenDelay_m)
//   code  P_f = R + c b_f + I_f + e_P                 b_f: satellite group delay of the signal
//   phase L_f = (R - I_f) / lambda_f + N_f + e_L      N_f: an integer per arc (new at each rise)
//   Dopp. D_f = -(rho_dot + c (drift - dts_dot)) / lambda_f + e_D
// with I_f the broadcast Klobuchar delay on the reference carrier (GPS L1: IS-GPS-200 §20.3.3.5.2.5;
// BDS B1I: BDS-SIS-ICD-B1I-3.0 §5.2.4.7) scaled by (f_ref / f)^2. Group delays:
//   BDS (BDS-SIS-ICD-B1I-3.0 §5.2.4.10): B1I b = TGD1, B2I b = TGD2, B3I b = 0 (the clock refers to B3I);
//   GPS (IS-GPS-200 §20.3.3.3.3.2): L1 b = TGD, L2 b = gamma TGD, gamma = (f1/f2)^2; L5 b = (f1/f5)^2 TGD
//     (a dispersive stand-in: LNAV carries no L5 term, so a solver will not use L5 with it anyway).
// Carrier phase carries no group delay (its hardware delay is absorbed in N). C/N0 grows with elevation.
// Noise is white and Gaussian, from a seeded generator: same options, same seed -> same output.
// Model limits: Doppler ignores the ionosphere/troposphere rates and the (1 - rho_dot/c) factor (errors
// below 0.01 Hz); no multipath, no phase wind-up, no antenna offsets, no tides.
//
// Note: real BDS-3 satellites do not transmit B2I (BDS-2 only); the simulator gives it to every BDS
// satellite so that TGD2 paths get exercised.

import { bdsKlobucharDelay_m } from "../corrections/klobuchar-bds.js";
import { gpsKlobucharDelay_m } from "../corrections/klobuchar-gps.js";
import { saastamoinenDelay_m } from "../corrections/troposphere.js";
import { rotateForTravelTime } from "../frames/earth-rotation.js";
import { C_mps, CGCS2000, WGS84 } from "../frames/ellipsoid.js";
import { azimuthElevation, geodeticToEcef } from "../frames/geodetic.js";
import { DEG, type Ecef, type Geodetic } from "../frames/vectors.js";
import { keplerSatelliteState } from "../orbits/broadcast-kepler.js";
import type { IonoParameters, KeplerEphemeris, NavigationData } from "../orbits/ephemeris.js";
import { orbitKindOf } from "../orbits/orbit-kind.js";
import type { OrbitKind } from "../orbits/satellite-state.js";
import type { ObsEpoch, ObsHeader } from "../signals/observation.js";
import { carrierFrequency_Hz, type ObsCode } from "../signals/signal.js";
import { compareSats, type GnssSystem, type SatId } from "../signals/system.js";
import {
  addSeconds,
  diffSeconds,
  type Instant,
  instant,
  SECONDS_PER_DAY,
  toScale,
  toWeekTow,
} from "../time/instant.js";
import { leapSecondsAtGpst } from "../time/leap-seconds.js";
import { bds3Constellation } from "./constellation-bds3.js";
import { gpsConstellation } from "./constellation-gps.js";
import { type NominalSatellite, nominalEphemeris } from "./nominal-satellite.js";
import { Prng } from "./prng.js";
import {
  type ReceiverClockTruth,
  type SimSystem,
  simulateReceiverClock,
  systemClock_s,
} from "./receiver-clock.js";

export type { ReceiverClockTruth, SimSystem } from "./receiver-clock.js";

export interface SimulationNoise {
  /** Pseudorange white noise, 1 sigma (m). Default 0.3. */
  readonly code_m?: number;
  /** Carrier-phase white noise, 1 sigma (cycles). Default 0.003. */
  readonly phase_cyc?: number;
  /** Doppler white noise, 1 sigma (Hz). Default 0.05. */
  readonly doppler_hz?: number;
}

export interface SimulationOptions {
  readonly rx: Geodetic;
  /** First epoch (any scale; tags are written in GPST). */
  readonly start: Instant;
  readonly duration_s: number;
  readonly interval_s: number;
  /** Systems to simulate; BDS is written first whatever the order. */
  readonly systems: readonly SimSystem[];
  readonly seed: number;
  readonly noise?: SimulationNoise;
  /** Elevation mask (deg), default 5. */
  readonly elevMask_deg?: number;
}

export interface SimulationResult {
  readonly header: ObsHeader;
  readonly epochs: ObsEpoch[];
  readonly nav: NavigationData;
  /** True antenna position, ECEF (WGS84 ellipsoid for the geodetic input). */
  readonly truth: Ecef;
  readonly truthGeodetic: Geodetic;
  readonly truthClock: ReceiverClockTruth;
  /** The options used, defaults filled in. */
  readonly options: Required<Omit<SimulationOptions, "noise">> & {
    readonly noise: Required<SimulationNoise>;
  };
}

/**
 * Broadcast Klobuchar coefficients written by the simulator: the values of the real navigation files of
 * 2019-04-28 (HKSC, Hong Kong) in /work/shared/data/urbannav-tst-2019-118-kinematic, headers of
 * hksc1180.19n (GPSA/GPSB) and hksc1180.19b (BDSA/BDSB). Typical mid-latitude daytime values.
 */
export const SIM_KLOBUCHAR_GPS = {
  alpha: [9.3132e-9, 1.4901e-8, -5.9605e-8, -1.1921e-7],
  beta: [8.8064e4, 4.9152e4, -1.3107e5, -3.2768e5],
} as const;
export const SIM_KLOBUCHAR_BDS = {
  alpha: [9.3132e-9, 8.9407e-8, -1.0133e-6, 2.0862e-6],
  beta: [1.2493e5, -6.8813e5, 6.8813e6, -7.4056e6],
} as const;

/** Observation codes per system, in the order written. */
export const SIM_OBS_CODES: Readonly<Record<SimSystem, readonly ObsCode[]>> = {
  C: ["C2I", "L2I", "D2I", "S2I", "C7I", "L7I", "C6I", "L6I"],
  G: ["C1C", "L1C", "D1C", "S1C", "C2W", "L2W", "C5Q", "L5Q"],
};

/** Broadcast refresh: BDS every hour, GPS every 2 h (toe on the hour of the system's own time). */
const REFRESH_s: Readonly<Record<SimSystem, number>> = { C: 3600, G: 7200 };

/** Reference carrier of each system's broadcast Klobuchar model (BDS B1I, GPS L1). */
export const REF_FREQ_Hz: Readonly<Record<SimSystem, number>> = { C: 1561.098e6, G: 1575.42e6 };

/** Satellite group delay b_f (s) of a band under the simulator's model (see the file header). */
export function groupDelay_s(sys: SimSystem, band: string, eph: KeplerEphemeris, f_Hz: number): number {
  const gd = eph.groupDelays_s;
  if (sys === "C") {
    if (band === "2") return gd.TGD1 ?? 0;
    if (band === "7") return gd.TGD2 ?? 0;
    return 0;
  }
  const tgd = gd.TGD ?? 0;
  const g = REF_FREQ_Hz.G / f_Hz;
  return g * g * tgd; // L1: TGD, L2: gamma TGD, L5: (f1/f5)^2 TGD
}

interface CodeSlot {
  readonly type: string;
  readonly band: string;
  readonly freq_Hz: number;
  readonly lambda_m: number;
}

interface SatTrack {
  readonly sys: SimSystem;
  readonly records: KeplerEphemeris[];
  readonly kind: OrbitKind;
  /** Ambiguity per code index (phase codes only); regenerated at each rise. */
  readonly ambiguity: Float64Array;
  /** Epoch index at which the satellite was last observed (-2 never). */
  lastSeen: number;
}

/** Start of the day (in `t`'s scale) that contains t. */
export function dayStart(t: Instant): Instant {
  return instant(t.scale, t.sec - (((t.sec % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY));
}

/** Hourly/bi-hourly records for one nominal satellite covering [first - step, last + step]. */
export function recordsFor(
  nom: NominalSatellite,
  sys: SimSystem,
  first: Instant,
  last: Instant,
  clockEpoch: Instant,
): KeplerEphemeris[] {
  const step = REFRESH_s[sys];
  const scale = nom.epoch.scale;
  const a = toScale(first, scale);
  const b = toScale(last, scale);
  const t0 = Math.floor(a.sec / step) * step - step;
  const out: KeplerEphemeris[] = [];
  for (let s = t0; s <= b.sec + step; s += step) {
    const toe = instant(scale, s);
    const sow = toWeekTow(toe).tow_s;
    const iode = Math.floor(sow / step) % 256;
    out.push(
      nominalEphemeris(nom, toe, {
        clockEpoch,
        iode,
        iodc: iode,
        // BDS D1/D2: ephemeris is uploaded at toe; GPS LNAV: broadcast from 2 h before toe
        ttr: sys === "C" ? toe : addSeconds(toe, -7200),
        fitInterval_h: sys === "G" ? 4 : 0,
      }),
    );
  }
  return out;
}

/** The record whose toe is nearest `t`. */
function nearestRecord(records: readonly KeplerEphemeris[], t: Instant): KeplerEphemeris {
  let best = records[0];
  let bestDt = Number.POSITIVE_INFINITY;
  for (const r of records) {
    const d = Math.abs(diffSeconds(toScale(t, r.toe.scale), r.toe));
    if (d < bestDt) {
      bestDt = d;
      best = r;
    }
  }
  return best;
}

/** C/N0 (dB-Hz) seen at elevation `el_rad` on a band. */
export function cn0_dbhz(sys: SimSystem, band: string, el_rad: number): number {
  const offset =
    sys === "G" ? (band === "2" ? -6 : band === "5" ? 3 : 0) : band === "6" ? 2 : band === "7" ? -1 : 0;
  return 32 + 18 * Math.sin(el_rad) + offset;
}

/** RINEX signal strength indicator from C/N0: 1 (< 12 dB-Hz) ... 9 (>= 54 dB-Hz). */
export function ssiOf(cn0: number): number {
  return Math.max(1, Math.min(9, Math.floor(cn0 / 6)));
}

/** The rotation rate the system's ICD uses, for the Sagnac rotation. */
export const OMEGA_E: Readonly<Record<SimSystem, number>> = {
  C: CGCS2000.omegaE_radps,
  G: WGS84.omegaE_radps,
};

/**
 * Simulate a static receiver at `opts.rx` observing BDS-3 and/or GPS. Deterministic in `opts.seed`.
 */
export function simulate(opts: SimulationOptions): SimulationResult {
  const noise: Required<SimulationNoise> = {
    code_m: opts.noise?.code_m ?? 0.3,
    phase_cyc: opts.noise?.phase_cyc ?? 0.003,
    doppler_hz: opts.noise?.doppler_hz ?? 0.05,
  };
  const elevMask_deg = opts.elevMask_deg ?? 5;
  const systems = (["C", "G"] as const).filter((s) => opts.systems.includes(s));
  const start = toScale(opts.start, "GPST");
  const nEpochs = Math.max(1, Math.floor(opts.duration_s / opts.interval_s + 1e-9));
  const times: Instant[] = [];
  for (let k = 0; k < nEpochs; k++) times.push(addSeconds(start, k * opts.interval_s));
  const last = times[times.length - 1];

  // Independent streams, so that changing the noise level does not change the clock or the ambiguities.
  const clockRng = new Prng(opts.seed * 4 + 1);
  const ambRng = new Prng(opts.seed * 4 + 2);
  const noiseRng = new Prng(opts.seed * 4 + 3);

  const clock = simulateReceiverClock(times, opts.interval_s, clockRng);
  const rxPos = geodeticToEcef(opts.rx);
  const clockEpoch = dayStart(start);

  const obsCodes = new Map<GnssSystem, readonly ObsCode[]>();
  const slots = new Map<SimSystem, CodeSlot[]>();
  const tracks = new Map<SatId, SatTrack>();
  const ephemerides: KeplerEphemeris[] = [];
  for (const sys of systems) {
    const codes = SIM_OBS_CODES[sys];
    obsCodes.set(sys, codes);
    slots.set(
      sys,
      codes.map((c) => {
        const f = carrierFrequency_Hz(sys, c);
        return { type: c[0], band: c[1], freq_Hz: f, lambda_m: C_mps / f };
      }),
    );
    const nominal = sys === "C" ? bds3Constellation() : gpsConstellation();
    for (const nom of nominal) {
      const records = recordsFor(nom, sys, start, last, clockEpoch);
      ephemerides.push(...records);
      tracks.set(nom.sat, {
        sys,
        records,
        kind: orbitKindOf(records[0]),
        ambiguity: new Float64Array(codes.length),
        lastSeen: -2,
      });
    }
  }
  const satOrder = [...tracks.keys()].sort(compareSats);

  const epochs: ObsEpoch[] = [];
  const mask_rad = elevMask_deg * DEG;
  for (let k = 0; k < nEpochs; k++) {
    const tag = times[k];
    const dtr = clock.bias_s[k];
    const T = addSeconds(tag, -dtr);
    const sats: SatId[] = [];
    const codesOf: (readonly ObsCode[])[] = [];
    const rows: Float64Array[] = [];
    const llis: Uint8Array[] = [];
    const ssis: Uint8Array[] = [];

    for (const sat of satOrder) {
      const tr = tracks.get(sat) as SatTrack;
      const sys = tr.sys;
      const eph = nearestRecord(tr.records, T);
      // light-time iteration
      let tau = 0.075;
      let st = keplerSatelliteState(eph, addSeconds(T, -tau), tr.kind);
      let svPos = rotateForTravelTime(st.pos, tau, OMEGA_E[sys]);
      for (let it = 0; it < 6; it++) {
        const rho = Math.hypot(svPos[0] - rxPos[0], svPos[1] - rxPos[1], svPos[2] - rxPos[2]);
        const next = rho / C_mps;
        const done = Math.abs(next - tau) < 1e-14;
        tau = next;
        st = keplerSatelliteState(eph, addSeconds(T, -tau), tr.kind);
        svPos = rotateForTravelTime(st.pos, tau, OMEGA_E[sys]);
        if (done) break;
      }
      if (!Number.isFinite(svPos[0])) continue;
      const azel = azimuthElevation(opts.rx, rxPos, svPos);
      if (azel.el_rad < mask_rad) continue;

      const dx = svPos[0] - rxPos[0];
      const dy = svPos[1] - rxPos[1];
      const dz = svPos[2] - rxPos[2];
      const rho = Math.hypot(dx, dy, dz);
      const svVel = rotateForTravelTime(st.vel as unknown as Ecef, tau, OMEGA_E[sys]);
      const rhoDot = (dx * svVel[0] + dy * svVel[1] + dz * svVel[2]) / rho;

      const rxClk = systemClock_s(clock, sys, k);
      const trop = saastamoinenDelay_m(opts.rx, azel.el_rad);
      const R = rho + C_mps * (rxClk - st.clockBias_s) + trop;
      const ionoRef =
        sys === "C"
          ? bdsKlobucharDelay_m(SIM_KLOBUCHAR_BDS, opts.rx, azel, T, REF_FREQ_Hz.C)
          : gpsKlobucharDelay_m(SIM_KLOBUCHAR_GPS, opts.rx, azel, T, REF_FREQ_Hz.G);

      const newArc = tr.lastSeen !== k - 1;
      tr.lastSeen = k;
      const cs = slots.get(sys) as CodeSlot[];
      const values = new Float64Array(cs.length);
      const lli = new Uint8Array(cs.length);
      const ssi = new Uint8Array(cs.length);
      for (let j = 0; j < cs.length; j++) {
        const c = cs[j];
        const kIon = REF_FREQ_Hz[sys] / c.freq_Hz;
        const iono = ionoRef * kIon * kIon;
        const cn0 = cn0_dbhz(sys, c.band, azel.el_rad);
        ssi[j] = ssiOf(cn0);
        switch (c.type) {
          case "C":
            values[j] =
              R + C_mps * groupDelay_s(sys, c.band, eph, c.freq_Hz) + iono + noise.code_m * noiseRng.normal();
            break;
          case "L":
            if (newArc) {
              tr.ambiguity[j] = ambRng.integer(-200000, 200000);
              lli[j] = 1;
            }
            values[j] = (R - iono) / c.lambda_m + tr.ambiguity[j] + noise.phase_cyc * noiseRng.normal();
            break;
          case "D":
            values[j] =
              -(rhoDot + C_mps * (clock.drift_sps - st.clockDrift_sps)) / c.lambda_m +
              noise.doppler_hz * noiseRng.normal();
            break;
          case "S":
            values[j] = cn0;
            break;
          default:
            values[j] = Number.NaN;
        }
      }
      sats.push(sat);
      codesOf.push(obsCodes.get(sys) as readonly ObsCode[]);
      rows.push(values);
      llis.push(lli);
      ssis.push(ssi);
    }

    const offsets = new Uint32Array(sats.length);
    let n = 0;
    for (let i = 0; i < sats.length; i++) {
      offsets[i] = n;
      n += rows[i].length;
    }
    const values = new Float64Array(n);
    const lli = new Uint8Array(n);
    const ssi = new Uint8Array(n);
    for (let i = 0; i < sats.length; i++) {
      values.set(rows[i], offsets[i]);
      lli.set(llis[i], offsets[i]);
      ssi.set(ssis[i], offsets[i]);
    }
    epochs.push({
      time: tag,
      flag: 0,
      rxClockOffset_s: Number.NaN,
      sats,
      codes: codesOf,
      offsets,
      values,
      lli,
      ssi,
    });
  }

  const iono: IonoParameters[] = [];
  if (systems.includes("C")) {
    iono.push({
      kind: "klobuchar",
      system: "C",
      alpha: [...SIM_KLOBUCHAR_BDS.alpha],
      beta: [...SIM_KLOBUCHAR_BDS.beta],
    } as IonoParameters);
  }
  if (systems.includes("G")) {
    iono.push({
      kind: "klobuchar",
      system: "G",
      alpha: [...SIM_KLOBUCHAR_GPS.alpha],
      beta: [...SIM_KLOBUCHAR_GPS.beta],
    } as IonoParameters);
  }
  const leapSeconds = leapSecondsAtGpst(start.sec);
  const header: ObsHeader = {
    format: "RINEX",
    version: 3.05,
    fileSystem: systems.length === 1 ? systems[0] : "M",
    marker: "SIM0",
    receiver: "BEIDOU SIMULATOR",
    antenna: "",
    approxPosition: rxPos,
    antennaDeltaHEN_m: [0, 0, 0],
    obsCodes,
    interval_s: opts.interval_s,
    firstObs: start,
    lastObs: last,
    timeSystem: "GPST",
    glonassChannels: new Map(),
    leapSeconds,
    lineCount: 0,
  };
  return {
    header,
    epochs,
    nav: { ephemerides, iono, timeOffsets: [], leapSeconds },
    truth: rxPos,
    truthGeodetic: opts.rx,
    truthClock: clock,
    options: {
      rx: opts.rx,
      start,
      duration_s: opts.duration_s,
      interval_s: opts.interval_s,
      systems,
      seed: opts.seed,
      elevMask_deg,
      noise,
    },
  };
}
