// Relative positioning of a rover against a base of known position: double-differenced code and carrier
// phase in an extended Kalman filter (rover position, one single-difference ambiguity per satellite and
// frequency), integer ambiguity resolution by LAMBDA with the ratio test and partial fixing; code-only
// double differences for DGNSS.
//
// Model, per receiver r and satellite s on frequency f (all in metres):
//   P = rho + c (dtr - dts) + T + I_f + e_P,   lambda_f L = rho + c (dtr - dts) + T - I_f + lambda_f (N + b) + e_L
// Between-receiver single differences remove the satellite clock; double differences against a reference
// satellite of the same system and frequency remove the receiver clocks and phase biases, leaving
//   DD(lambda L) = DD rho + DD T - DD I + lambda_s a_s - lambda_ref a_ref
// with a_s the single-difference ambiguity states (cycles). rho is computed at each receiver's own position
// with the satellite at its transmission time and the Earth's rotation during the travel time; T from
// Saastamoinen at each receiver; DD I is neglected (short baselines). Double differences of one
// system and frequency share their reference satellite, so their covariance is full (RTKLIB's ddcov).
// GLONASS double differences between satellites of different channels keep each satellite's wavelength;
// they stay float (receiver inter-channel biases would bias an integer fix).

import { saastamoinenDelay_m } from "../../corrections/troposphere.js";
import { C_mps, WGS84 } from "../../frames/ellipsoid.js";
import { azimuthElevationWith, ecefToGeodetic, enuRotation } from "../../frames/geodetic.js";
import { type Ecef, ecef } from "../../frames/vectors.js";
import type { SatelliteSource, SatelliteState } from "../../orbits/satellite-state.js";
import type { ObsEpoch } from "../../signals/observation.js";
import { carrierFrequency_Hz } from "../../signals/signal.js";
import { isPositioningSystem, type PositioningSystem, type SatId, satSystem } from "../../signals/system.js";
import { addSeconds, diffSeconds, type Instant } from "../../time/instant.js";
import { resolveAmbiguities } from "../ambiguity/resolve.js";
import { dopFromAzEl } from "../dop.js";
import type { SatelliteResult, Solution } from "../solution.js";
import { cholesky, kalmanUpdate, kalmanUpdateInformation, SparseRows } from "./kalman.js";
import { DEFAULT_RTK_OPTIONS, type RtkOptions } from "./rtk-options.js";
import { SLIP_GAP, SlipDetector, type SlipInput } from "./slip-detector.js";

export interface RtkInputs {
  readonly source: SatelliteSource;
  /** Base antenna position (ECEF). */
  readonly basePosition: Ecef;
  /** Single-point solver for the rover (first guess of the position each epoch). */
  readonly spp: { solve(epoch: ObsEpoch): Solution };
  readonly glonassChannels?: ReadonlyMap<SatId, number>;
}

/** What the solver tells about an epoch beyond the common solution. */
export interface RtkSolution extends Solution {
  /** Float solution of the epoch (equal to pos when not fixed). */
  readonly floatPos: Ecef;
  /** Number of double-differenced ambiguities fixed (0 when not fixed). */
  readonly nFixed: number;
  /** Number of double-differenced ambiguities tried. */
  readonly nAmbiguities: number;
  /** Slips detected this epoch, as "C05:2" (satellite:slot, slot 0-based), with the receiver. */
  readonly slips: readonly string[];
}

/** One satellite seen by both receivers, this epoch. */
interface SatPair {
  sat: SatId;
  sys: PositioningSystem;
  codes: (string | null)[];
  lam: Float64Array;
  freq: Float64Array;
  el: number;
  az: number;
  /** unit vector rover -> satellite (ECEF) */
  e: [number, number, number];
  /** single differences rover - base of (obs - model), per slot: phase (m), code (m) */
  sdL: Float64Array;
  sdP: Float64Array;
  /** undifferenced variance factor 1/sin^2(el) at rover and base */
  varFacR: number;
  varFacB: number;
  /** half-cycle ambiguity unresolved on either receiver (LLI bit 1): kept out of fixing */
  halfCycle: Uint8Array;
  /** orbit kind from the ephemeris, and the rover's C/N0 on the first tracked frequency */
  kind: SatelliteState["kind"];
  cn0_dbhz: number;
}

interface ReceiverModel {
  state: SatelliteState;
  rho: number;
  e: [number, number, number];
  el: number;
  az: number;
  tropo: number;
}

const POS = 3;
/** Reference frequency of the slant ionosphere states (Hz): a delay I there is (F_IONO / f)^2 I at f. */
const F_IONO_Hz = 1575.42e6;

function ionoKey(sat: SatId): string {
  return `${sat}:I`;
}

interface LastFix {
  t_s: number;
  pos: [number, number, number];
  vel: [number, number, number];
}

function ambKey(sat: SatId, f: number): string {
  return `${sat}:${f}`;
}

/** code -> position in a satellite's code list; the lists are shared by the satellites of a system. */
const codeIndexCache = new WeakMap<readonly string[], Map<string, number>>();

function codeIndex(codes: readonly string[], code: string): number {
  let m = codeIndexCache.get(codes);
  if (!m) {
    m = new Map(codes.map((c, k) => [c, k]));
    codeIndexCache.set(codes, m);
  }
  return m.get(code) ?? -1;
}

function obsOf(ep: ObsEpoch, i: number, code: string): number {
  const k = codeIndex(ep.codes[i], code);
  if (k < 0) return Number.NaN;
  const v = ep.values[ep.offsets[i] + k];
  return v === 0 ? Number.NaN : v;
}

function lliOf(ep: ObsEpoch, i: number, code: string): number {
  const k = codeIndex(ep.codes[i], code);
  return k < 0 ? 0 : ep.lli[ep.offsets[i] + k];
}

export class RtkSolver {
  readonly options: RtkOptions;
  /** state: 3 position + ambiguities (cycles) */
  private x = new Float64Array(POS);
  private P = new Float64Array(POS * POS);
  private n = POS;
  private readonly stateIndex = new Map<string, number>();
  private readonly lastSeen = new Map<string, number>();
  private readonly ambLock = new Map<string, number>();
  private readonly roverSlips: SlipDetector;
  private readonly baseSlips: SlipDetector;
  private posInitialised = false;
  private prevRover_s = Number.NaN;
  /** Estimate single-difference ionosphere states (decided at the first epoch from the baseline). */
  private estimateIono: boolean | null = null;
  private baseline_m = 0;
  private interval_s = Number.POSITIVE_INFINITY;
  /** The last relative solution, for the next epoch's linearisation point. */
  private last: LastFix | null = null;
  private readonly baseGeo;
  private readonly baseRot;

  constructor(
    private readonly inputs: RtkInputs,
    options: Partial<RtkOptions> = {},
  ) {
    this.options = { ...DEFAULT_RTK_OPTIONS, ...options };
    const o = this.options;
    const nf = this.slots();
    const thr = {
      gf_m: o.slipGf_m,
      mw_cyc: o.slipMw_cyc,
      doppler_cyc: o.slipDoppler_cyc,
      maxGap_s: o.maxOutage_s,
    };
    this.roverSlips = new SlipDetector(nf, thr);
    this.baseSlips = new SlipDetector(nf, thr);
    this.baseGeo = ecefToGeodetic(inputs.basePosition);
    this.baseRot = enuRotation(this.baseGeo);
  }

  private slots(): number {
    let nf = 0;
    for (const s of this.options.systems)
      nf = Math.max(nf, Math.min(this.options.frequencies[s].length, this.options.maxFrequencies));
    return Math.max(nf, 1);
  }

  /** Longest outage an ambiguity survives (s). */
  private maxGap(): number {
    const i = Number.isFinite(this.interval_s) ? this.interval_s : 0;
    return Math.max(this.options.maxOutage_s, 5.5 * i);
  }

  /** Continuous seconds for the slip detectors. */
  private seconds(t: Instant): number {
    return t.sec + t.frac;
  }

  solve(rover: ObsEpoch, base: ObsEpoch | null): RtkSolution {
    const o = this.options;
    // kinematic: the rover position is predicted from the last relative solutions (the single-point solution,
    // metres off, would move the rover-side troposphere and geometry by millimetres); single-point positioning
    // runs when there is no recent relative solution, or when this epoch fails
    const t_s = this.seconds(rover.time);
    // data interval: outages are counted in epochs of it (30 s data keeps its ambiguities across one epoch)
    const dtRover = t_s - this.prevRover_s;
    this.prevRover_s = t_s;
    if (dtRover > 0 && dtRover < this.interval_s) {
      this.interval_s = dtRover;
      const gap = this.maxGap();
      this.roverSlips.setMaxGap(gap);
      this.baseSlips.setMaxGap(gap);
    }
    const dtLast = this.last ? t_s - this.last.t_s : Number.NaN;
    const predicted =
      o.mode !== "rtk-static" && this.last && dtLast > 0 && dtLast <= 2
        ? [0, 1, 2].map((i) => (this.last as LastFix).pos[i] + (this.last as LastFix).vel[i] * dtLast)
        : null;
    let sppCache: Solution | null = null;
    const spp = (): Solution => {
      sppCache ??= this.inputs.spp.solve(rover);
      return sppCache;
    };
    const none = (message: string): RtkSolution => {
      const sp = spp();
      this.last = null;
      return {
        ...sp,
        status: sp.status === "none" ? "none" : "single",
        message: sp.status === "none" ? (sp.message ?? message) : message,
        floatPos: sp.pos,
        nFixed: 0,
        nAmbiguities: 0,
        slips: [],
      };
    };
    if (!predicted && !this.posInitialised && spp().status === "none")
      return none("no single-point solution");
    if (!base) return none("no base observations");
    const age_s = diffSeconds(rover.time, base.time);
    if (Math.abs(age_s) > o.maxAge_s) return none(`base observations ${age_s.toFixed(1)} s old`);

    // --- time update of the position
    if (o.mode !== "rtk-static" || !this.posInitialised) {
      const start = predicted ?? (spp().status !== "none" ? spp().pos : null);
      if (start) {
        this.x[0] = start[0];
        this.x[1] = start[1];
        this.x[2] = start[2];
      }
      const n = this.n;
      for (let i = 0; i < POS; i++)
        for (let j = 0; j < n; j++) {
          this.P[i * n + j] = 0;
          this.P[j * n + i] = 0;
        }
      for (let i = 0; i < POS; i++) this.P[i * n + i] = o.posInitSigma_m ** 2;
      this.posInitialised = true;
    }

    // --- ionosphere estimation, decided once from the baseline length
    if (this.estimateIono === null) {
      const bl = Math.hypot(
        this.x[0] - this.inputs.basePosition[0],
        this.x[1] - this.inputs.basePosition[1],
        this.x[2] - this.inputs.basePosition[2],
      );
      this.baseline_m = bl;
      this.estimateIono =
        o.mode !== "dgnss" && (o.iono === "estimate" || (o.iono === "auto" && bl > o.ionoAutoBaseline_m));
    }

    // --- satellites common to both receivers, signals both track
    const pairs = this.pairSatellites(rover, base);
    const nf = this.slots();
    const dgnss = o.mode === "dgnss";

    // --- cycle slips on each receiver
    const slipped = new Set<string>();
    const slipNames: string[] = [];
    if (!dgnss) {
      for (const [det, which, ep, tt] of [
        [this.roverSlips, "rover", rover, t_s],
        [this.baseSlips, "base", base, this.seconds(base.time)],
      ] as const) {
        const ins: SlipInput[] = pairs.map((p) => this.slipInput(p, ep, nf));
        const flags = det.detect(tt, ins);
        pairs.forEach((p, i) => {
          for (let f = 0; f < nf; f++) {
            const fl = flags[i][f];
            if (!fl) continue;
            const k = ambKey(p.sat, f);
            // a gap alone is not news: the ambiguity just restarts
            if (!slipped.has(k) && this.stateIndex.has(k) && (fl & ~SLIP_GAP) !== 0)
              slipNames.push(`${which} ${p.sat}:${f}`);
            slipped.add(k);
          }
        });
      }
    }

    // --- time update of the ambiguities
    if (!dgnss) this.updateAmbiguityStates(rover.time, pairs, slipped);

    // --- measurement update, with outlier rejection
    const rejected = new Set<string>();
    let rows: ReturnType<RtkSolver["buildRows"]> | null = null;
    let xSave = this.x.slice(0, this.n);
    let pSave = this.P.slice(0, this.n * this.n);
    /** per system: the satellite already rejected this epoch (null once the whole system restarted) */
    const outliers = new Map<PositioningSystem, SatId | null>();
    for (let pass = 0; pass < 4; pass++) {
      rows = this.buildRows(pairs, nf, rejected, dgnss);
      if (rows.H.m < 4) break;
      const ok = this.update(rows);
      if (!ok) {
        rows = null;
        break;
      }
      // post-fit residuals of phase rows: reject the worst outlier and redo
      let worst = -1;
      let worstNorm = o.rejectSigmas;
      for (let k = 0; k < rows.H.m; k++) {
        if (!rows.isPhase[k]) continue;
        const vpost = rows.v[k] - (rows.H.dot(k, this.x) - rows.H.dot(k, xSave));
        const norm = Math.abs(vpost) / Math.sqrt(rows.Rdiag[k]);
        if (norm > worstNorm) {
          worstNorm = norm;
          worst = k;
        }
      }
      if (worst < 0 || pass === 3) break;
      const badSat = rows.rowAmb[worst].split(":")[0] as SatId;
      const sys = satSystem(badSat) as PositioningSystem;
      this.x.set(xSave);
      this.P.set(pSave);
      const prev = outliers.get(sys);
      if (prev !== undefined && prev !== badSat) {
        // outliers on a second satellite of one system: its reference (or several satellites) slipped in a way
        // no detector saw; every ambiguity of the system restarts from this epoch's code
        for (const p of pairs) {
          if (p.sys !== sys) continue;
          for (let f = 0; f < nf; f++) {
            const k2 = ambKey(p.sat, f);
            const idx = this.stateIndex.get(k2);
            if (idx === undefined || Number.isNaN(p.sdL[f]) || Number.isNaN(p.sdP[f])) continue;
            this.resetAmbiguity(idx, (p.sdL[f] - p.sdP[f]) / p.lam[f]);
            this.ambLock.set(k2, 1);
            rejected.delete(k2);
          }
        }
        slipNames.push(`outliers ${sys}: all ambiguities restart`);
        outliers.set(sys, null);
      } else {
        // every frequency of the rejected satellite restarts at once
        outliers.set(sys, badSat);
        for (let f = 0; f < nf; f++) {
          const k2 = ambKey(badSat, f);
          const idx = this.stateIndex.get(k2);
          if (idx === undefined || !rows.ambInit.has(k2)) continue;
          rejected.add(k2);
          this.resetAmbiguity(idx, rows.ambInit.get(k2) ?? 0);
          slipNames.push(`outlier ${k2}`);
        }
      }
      xSave = this.x.slice(0, this.n);
      pSave = this.P.slice(0, this.n * this.n);
    }
    if (!rows || rows.H.m < 4) return none("too few double differences");

    const floatPos = ecef(this.x[0], this.x[1], this.x[2]);
    const nn = this.n;
    const covFloat = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) covFloat[i * 3 + j] = this.P[i * nn + j];

    // --- ambiguity resolution
    let pos = floatPos;
    let cov = covFloat;
    let status: RtkSolution["status"] = dgnss ? "dgnss" : "float";
    let ratio = 0;
    let nFixed = 0;
    let nAmb = 0;
    if (!dgnss && o.ar !== "off") {
      const fix = this.resolve(rows.ddPairs);
      nAmb = rows.ddPairs.length;
      ratio = fix.ratio;
      if (fix.fixed) {
        pos = fix.pos;
        cov = fix.cov;
        status = "fixed";
        nFixed = fix.nFixed;
        if (o.ar === "fix-and-hold") this.hold(fix.holdRows, fix.holdValues);
      }
    }
    if (o.ar === "instantaneous") this.dropAllAmbiguities();
    const vel: [number, number, number] =
      this.last && dtLast > 0 && dtLast <= 2
        ? [
            (pos[0] - this.last.pos[0]) / dtLast,
            (pos[1] - this.last.pos[1]) / dtLast,
            (pos[2] - this.last.pos[2]) / dtLast,
          ]
        : [0, 0, 0];
    this.last = dgnss ? null : { t_s, pos: [pos[0], pos[1], pos[2]], vel };

    // --- report
    const used = rows.usedSats;
    const satellites: SatelliteResult[] = pairs.map((p) => ({
      sat: p.sat,
      kind: p.kind,
      codes: p.codes.filter((c): c is string => c !== null),
      az_rad: p.az,
      el_rad: p.el,
      cn0_dbhz: p.cn0_dbhz,
      residual_m: rows?.residualBySat.get(p.sat) ?? Number.NaN,
      sigma_m: Number.NaN,
      iono_m: 0,
      tropo_m: 0,
      used: used.has(p.sat),
    }));
    const usedPairs = pairs.filter((p) => used.has(p.sat));
    const dop = dopFromAzEl(
      usedPairs.map((p) => p.az),
      usedPairs.map((p) => p.el),
      usedPairs.map(() => 0),
      1,
    );
    return {
      epochTime: rover.time,
      time: rover.time,
      status,
      pos,
      cov_m2: cov,
      clockBias_m: {},
      dop,
      nsUsed: used.size,
      satellites,
      message: (sppCache as Solution | null)?.message,
      age_s,
      ratio,
      floatPos,
      nFixed,
      nAmbiguities: nAmb,
      slips: slipNames,
    };
  }

  /**
   * Measurement update. Code and phase double differences are uncorrelated (separate blocks of R), so they can
   * be applied one after the other; when the position is uncorrelated with the ambiguities (kinematic mode,
   * position just re-initialised) the code rows touch the position alone and cost next to nothing. Each part
   * uses the covariance or the information form, whichever costs fewer operations.
   */
  private update(rows: ReturnType<RtkSolver["buildRows"]>): boolean {
    const n = this.n;
    let decoupled = this.estimateIono !== true;
    for (let i = 0; i < POS && decoupled; i++)
      for (let j = POS; j < n; j++)
        if (this.P[i * n + j] !== 0) {
          decoupled = false;
          break;
        }
    if (!decoupled) return updateRows(this.x, this.P, n, rows, () => true);
    const x3 = this.x.slice(0, POS);
    const p3 = new Float64Array(POS * POS);
    for (let i = 0; i < POS; i++) for (let j = 0; j < POS; j++) p3[i * POS + j] = this.P[i * n + j];
    if (!updateRows(x3, p3, POS, rows, (k) => !rows.isPhase[k])) return false;
    this.x.set(x3);
    for (let i = 0; i < POS; i++) for (let j = 0; j < POS; j++) this.P[i * n + j] = p3[i * POS + j];
    // the phase rows see the code-updated position
    const vPhase = Float64Array.from(rows.v);
    for (let k = 0; k < rows.H.m; k++) {
      if (!rows.isPhase[k]) continue;
      let d = 0;
      const o = k * rows.H.width;
      for (let j = 0; j < rows.H.cnt[k]; j++) {
        const c = rows.H.idx[o + j];
        if (c < POS) d += rows.H.val[o + j] * (x3[c] - rows.x0[c]);
      }
      vPhase[k] -= d;
    }
    return updateRows(this.x, this.P, n, { ...rows, v: vPhase }, (k) => rows.isPhase[k] === 1);
  }

  /** Satellite model at one receiver: state at transmission, range with Earth rotation, troposphere. */
  private model(
    sat: SatId,
    t: Instant,
    pr_m: number,
    rx: Ecef,
    rot: Float64Array,
    geo: ReturnType<typeof ecefToGeodetic>,
  ): ReceiverModel | null {
    const st0 = this.inputs.source.state(sat, addSeconds(t, -pr_m / C_mps));
    if (typeof st0 === "string") return null;
    const dts = st0.clockBias_s;
    const sp = ecef(
      st0.pos[0] - st0.vel[0] * dts,
      st0.pos[1] - st0.vel[1] * dts,
      st0.pos[2] - st0.vel[2] * dts,
    );
    const state: SatelliteState = { ...st0, pos: sp, clockBias_s: dts - st0.clockDrift_sps * dts };
    const dx = sp[0] - rx[0];
    const dy = sp[1] - rx[1];
    const dz = sp[2] - rx[2];
    const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const sagnac = (WGS84.omegaE_radps * (sp[0] * rx[1] - sp[1] * rx[0])) / C_mps;
    const ae = azimuthElevationWith(rot, rx, sp);
    const tropo = ae.el_rad > 0 ? saastamoinenDelay_m(geo, ae.el_rad) : 0;
    return {
      state,
      rho: r + sagnac - C_mps * state.clockBias_s,
      e: [dx / r, dy / r, dz / r],
      el: ae.el_rad,
      az: ae.az_rad,
      tropo,
    };
  }

  private pairSatellites(rover: ObsEpoch, base: ObsEpoch): SatPair[] {
    const o = this.options;
    const nf = this.slots();
    const dgnss = o.mode === "dgnss";
    const baseIdx = new Map<SatId, number>();
    for (let i = 0; i < base.sats.length; i++) baseIdx.set(base.sats[i], i);
    const rx = ecef(this.x[0], this.x[1], this.x[2]);
    const rxGeo = ecefToGeodetic(rx);
    const rxRot = enuRotation(rxGeo);
    const out: SatPair[] = [];
    const enabled = new Set<string>(o.systems);
    for (let i = 0; i < rover.sats.length; i++) {
      const sat = rover.sats[i];
      const sys = satSystem(sat);
      if (!isPositioningSystem(sys) || !enabled.has(sys)) continue;
      const j = baseIdx.get(sat);
      if (j === undefined) continue;
      const slotsOf = o.frequencies[sys];
      const codes: (string | null)[] = [];
      const lam = new Float64Array(nf).fill(Number.NaN);
      const freq = new Float64Array(nf).fill(Number.NaN);
      let any = false;
      let firstPr = Number.NaN;
      let firstPrBase = Number.NaN;
      for (let f = 0; f < nf; f++) {
        let chosen: string | null = null;
        if (f < slotsOf.length && f < o.maxFrequencies) {
          for (const c of slotsOf[f]) {
            const pr = obsOf(rover, i, `C${c}`);
            const pb = obsOf(base, j, `C${c}`);
            if (Number.isNaN(pr) || Number.isNaN(pb)) continue;
            if (!dgnss && (Number.isNaN(obsOf(rover, i, `L${c}`)) || Number.isNaN(obsOf(base, j, `L${c}`))))
              continue;
            chosen = c;
            if (Number.isNaN(firstPr)) {
              firstPr = pr;
              firstPrBase = pb;
            }
            break;
          }
        }
        codes.push(chosen);
      }
      if (Number.isNaN(firstPr)) continue;
      const mr = this.model(sat, rover.time, firstPr, rx, rxRot, rxGeo);
      const mb = this.model(
        sat,
        base.time,
        firstPrBase,
        this.inputs.basePosition,
        this.baseRot,
        this.baseGeo,
      );
      if (!mr || !mb) continue;
      let glo: number | undefined;
      if (sys === "R") {
        const eph = mr.state.ephemeris;
        glo = eph && eph.kind === "glonass" ? eph.frequencyChannel : this.inputs.glonassChannels?.get(sat);
      }
      for (let f = 0; f < nf; f++) {
        const c = codes[f];
        if (!c) continue;
        const fr = carrierFrequency_Hz(sys, `L${c}`, glo);
        if (fr > 0) {
          freq[f] = fr;
          lam[f] = C_mps / fr;
          any = true;
        } else codes[f] = null;
      }
      if (!any) continue;
      if (mr.el < o.elevMask_rad || mb.el < o.elevMask_rad) continue;
      const sdL = new Float64Array(nf).fill(Number.NaN);
      const sdP = new Float64Array(nf).fill(Number.NaN);
      const half = new Uint8Array(nf);
      for (let f = 0; f < nf; f++) {
        const c = codes[f];
        if (!c) continue;
        const modelR = mr.rho + mr.tropo;
        const modelB = mb.rho + mb.tropo;
        sdP[f] = obsOf(rover, i, `C${c}`) - modelR - (obsOf(base, j, `C${c}`) - modelB);
        if (!dgnss) {
          sdL[f] = lam[f] * obsOf(rover, i, `L${c}`) - modelR - (lam[f] * obsOf(base, j, `L${c}`) - modelB);
          if ((lliOf(rover, i, `L${c}`) | lliOf(base, j, `L${c}`)) & 2) half[f] = 1;
        }
      }
      const sr = Math.sin(mr.el);
      const sb = Math.sin(mb.el);
      out.push({
        sat,
        sys,
        codes,
        lam,
        freq,
        el: mr.el,
        az: mr.az,
        e: mr.e,
        sdL,
        sdP,
        varFacR: 1 / (sr * sr),
        varFacB: 1 / (sb * sb),
        halfCycle: half,
        kind: mr.state.kind,
        cn0_dbhz: obsOf(rover, i, `S${codes.find((c) => c !== null) ?? ""}`),
      });
    }
    return out;
  }

  private slipInput(p: SatPair, ep: ObsEpoch, nf: number): SlipInput {
    const i = ep.sats.indexOf(p.sat);
    const L = new Float64Array(nf).fill(Number.NaN);
    const P = new Float64Array(nf).fill(Number.NaN);
    const D = new Float64Array(nf).fill(Number.NaN);
    const lli = new Uint8Array(nf);
    for (let f = 0; f < nf; f++) {
      const c = p.codes[f];
      if (!c || i < 0) continue;
      L[f] = obsOf(ep, i, `L${c}`);
      P[f] = obsOf(ep, i, `C${c}`);
      D[f] = obsOf(ep, i, `D${c}`);
      lli[f] = lliOf(ep, i, `L${c}`);
    }
    return { sat: p.sat, codes: p.codes, freq_Hz: p.freq, L_cyc: L, P_m: P, D_Hz: D, lli };
  }

  /** Add, reset, age and drop single-difference ambiguity states. */
  private updateAmbiguityStates(t: Instant, pairs: SatPair[], slipped: Set<string>): void {
    const o = this.options;
    const now = this.seconds(t);
    // drop ambiguities not seen for too long
    const drop: string[] = [];
    const maxGap = this.maxGap();
    for (const [k, seen] of this.lastSeen) if (now - seen > maxGap) drop.push(k);
    if (drop.length) this.removeStates(drop);
    // process noise
    const n = this.n;
    const scale = Math.max(this.baseline_m / 1e4, 0.1);
    const qIono = (o.ionoProcessNoise_m * scale) ** 2;
    for (const [k, idx] of this.stateIndex) {
      const dt = Math.max(1, now - (this.lastSeen.get(k) ?? now));
      this.P[idx * n + idx] += (k.endsWith(":I") ? qIono : o.ambProcessNoise_cyc ** 2) * dt;
    }
    // new and slipped
    const add: { key: string; value: number; var: number }[] = [];
    const ambVar = o.ambInitSigma_cyc ** 2;
    for (const p of pairs) {
      if (this.estimateIono) {
        const key = ionoKey(p.sat);
        if (!this.stateIndex.has(key)) add.push({ key, value: 0, var: (o.ionoInitSigma_m * scale) ** 2 });
        this.lastSeen.set(key, now);
      }
      for (let f = 0; f < p.codes.length; f++) {
        if (Number.isNaN(p.sdL[f]) || Number.isNaN(p.sdP[f])) continue;
        const key = ambKey(p.sat, f);
        const init = (p.sdL[f] - p.sdP[f]) / p.lam[f];
        const idx = this.stateIndex.get(key);
        if (idx === undefined) add.push({ key, value: init, var: ambVar });
        else if (slipped.has(key)) {
          this.resetAmbiguity(idx, init);
          this.ambLock.set(key, 0);
        }
        this.lastSeen.set(key, now);
        this.ambLock.set(key, (this.ambLock.get(key) ?? 0) + 1);
      }
    }
    if (add.length) this.addStates(add);
  }

  private resetAmbiguity(idx: number, value: number): void {
    const n = this.n;
    for (let j = 0; j < n; j++) {
      this.P[idx * n + j] = 0;
      this.P[j * n + idx] = 0;
    }
    this.x[idx] = value;
    this.P[idx * n + idx] = this.options.ambInitSigma_cyc ** 2;
  }

  private addStates(add: { key: string; value: number; var: number }[]): void {
    const n0 = this.n;
    const n1 = n0 + add.length;
    const x = new Float64Array(n1);
    const P = new Float64Array(n1 * n1);
    x.set(this.x.subarray(0, n0));
    for (let i = 0; i < n0; i++) P.set(this.P.subarray(i * n0, i * n0 + n0), i * n1);
    add.forEach((a, k) => {
      const idx = n0 + k;
      x[idx] = a.value;
      P[idx * n1 + idx] = a.var;
      this.stateIndex.set(a.key, idx);
    });
    this.x = x;
    this.P = P;
    this.n = n1;
  }

  private removeStates(keys: string[]): void {
    const gone = new Set(keys.map((k) => this.stateIndex.get(k)).filter((i): i is number => i !== undefined));
    for (const k of keys) {
      this.stateIndex.delete(k);
      this.lastSeen.delete(k);
      this.ambLock.delete(k);
    }
    const keep: number[] = [];
    for (let i = 0; i < this.n; i++) if (!gone.has(i)) keep.push(i);
    const n0 = this.n;
    const n1 = keep.length;
    const x = new Float64Array(n1);
    const P = new Float64Array(n1 * n1);
    const remap = new Map<number, number>();
    keep.forEach((old, i) => {
      remap.set(old, i);
      x[i] = this.x[old];
      for (let j = 0; j < n1; j++) P[i * n1 + j] = this.P[old * n0 + keep[j]];
    });
    for (const [k, idx] of this.stateIndex) this.stateIndex.set(k, remap.get(idx) as number);
    this.x = x;
    this.P = P;
    this.n = n1;
  }

  private dropAllAmbiguities(): void {
    this.removeStates([...this.stateIndex.keys()]);
  }

  /** Double-difference rows: phase and code per system and slot, against the highest satellite. */
  private buildRows(pairs: SatPair[], nf: number, rejected: Set<string>, dgnss: boolean) {
    const o = this.options;
    const a2 = o.phaseSigmaA_m ** 2;
    const b2 = o.phaseSigmaB_m ** 2;
    const codeFactor = o.codePhaseRatio ** 2;
    type Row = { ref: SatPair; sat: SatPair; f: number; phase: boolean };
    const list: Row[] = [];
    const ddPairs: { refIdx: number; idx: number; el: number; f: number; sys: PositioningSystem }[] = [];
    const usedSats = new Set<SatId>();
    const blocks: { start: number; size: number }[] = [];
    const systems = [...new Set(pairs.map((p) => p.sys))];
    for (const sys of systems) {
      for (let f = 0; f < nf; f++) {
        for (const phase of dgnss ? [false] : [true, false]) {
          const cand = pairs.filter((p) => {
            if (p.sys !== sys) return false;
            if (Number.isNaN(phase ? p.sdL[f] : p.sdP[f])) return false;
            if (phase && (rejected.has(ambKey(p.sat, f)) || !this.stateIndex.has(ambKey(p.sat, f))))
              return false;
            return true;
          });
          if (cand.length < 2) continue;
          // reference: the highest satellite whose ambiguity is carried over (a just-reset reference would
          // make every double difference of the group float)
          const settled = (p: SatPair) => !phase || (this.ambLock.get(ambKey(p.sat, f)) ?? 0) > 1;
          let ref = cand[0];
          for (const p of cand)
            if ((settled(p) && !settled(ref)) || (settled(p) === settled(ref) && p.el > ref.el)) ref = p;
          blocks.push({ start: list.length, size: cand.length - 1 });
          for (const p of cand) {
            if (p === ref) continue;
            list.push({ ref, sat: p, f, phase });
            usedSats.add(p.sat);
            usedSats.add(ref.sat);
          }
        }
      }
    }
    const m = list.length;
    const H = new SparseRows(m, 7);
    const iono = this.estimateIono === true;
    const v = new Float64Array(m);
    const R = new Float64Array(m * m);
    const Rdiag = new Float64Array(m);
    const isPhase = new Uint8Array(m);
    const rowAmb: string[] = [];
    const ambInit = new Map<string, number>();
    const residualBySat = new Map<SatId, number>();
    const x = this.x;
    const sdVar = (p: SatPair, phase: boolean) =>
      (a2 + b2 * p.varFacR + a2 + b2 * p.varFacB) * (phase ? 1 : codeFactor);
    for (let k = 0; k < m; k++) {
      const { ref, sat, f, phase } = list[k];
      const r = H.addRow();
      H.set(r, 0, -(sat.e[0] - ref.e[0]));
      H.set(r, 1, -(sat.e[1] - ref.e[1]));
      H.set(r, 2, -(sat.e[2] - ref.e[2]));
      let vv = phase ? sat.sdL[f] - ref.sdL[f] : sat.sdP[f] - ref.sdP[f];
      if (iono) {
        // slant delays: -mu I on phase, +mu I on code, mu = (F_IONO / f)^2 for each satellite's own carrier
        const is = this.stateIndex.get(ionoKey(sat.sat));
        const ir = this.stateIndex.get(ionoKey(ref.sat));
        if (is !== undefined && ir !== undefined) {
          const sign = phase ? -1 : 1;
          const ms = sign * (F_IONO_Hz / sat.freq[f]) ** 2;
          const mr = sign * (F_IONO_Hz / ref.freq[f]) ** 2;
          H.set(r, is, ms);
          H.set(r, ir, -mr);
          vv -= ms * x[is] - mr * x[ir];
        }
      }
      if (phase) {
        const ia = this.stateIndex.get(ambKey(sat.sat, f)) as number;
        const ir = this.stateIndex.get(ambKey(ref.sat, f)) as number;
        H.set(r, ia, sat.lam[f]);
        H.set(r, ir, -ref.lam[f]);
        vv -= sat.lam[f] * x[ia] - ref.lam[f] * x[ir];
        isPhase[k] = 1;
        ambInit.set(ambKey(sat.sat, f), (sat.sdL[f] - sat.sdP[f]) / sat.lam[f]);
        const eligible = (sat.sys !== "R" || o.glonassAr) && !sat.halfCycle[f] && !ref.halfCycle[f];
        if (eligible) ddPairs.push({ refIdx: ir, idx: ia, el: sat.el, f, sys: sat.sys });
      }
      rowAmb.push(ambKey(sat.sat, f));
      v[k] = vv;
      if (phase && f === 0) residualBySat.set(sat.sat, vv);
      // covariance: var(SD_sat) + var(SD_ref) on the diagonal, var(SD_ref) where the reference is shared
      Rdiag[k] = sdVar(sat, phase) + sdVar(ref, phase);
      for (let l = 0; l < m; l++) {
        const b = list[l];
        if (l === k) R[k * m + l] = Rdiag[k];
        else if (b.ref === ref && b.f === f && b.phase === phase) R[k * m + l] = sdVar(ref, phase);
      }
    }
    // prefit innovation gate on phase (gross errors): reject rows beyond maxInnovation after removing the
    // common part, by zeroing their weight (huge variance)
    for (let k = 0; k < m; k++) {
      if (isPhase[k] && Math.abs(v[k]) > o.maxInnovation_m) {
        for (let l = 0; l < m; l++) {
          R[k * m + l] = 0;
          R[l * m + k] = 0;
        }
        R[k * m + k] = 1e12;
        Rdiag[k] = 1e12;
      }
    }
    const x0 = this.x.slice(0, POS);
    return { H, v, R, Rdiag, isPhase, rowAmb, ambInit, ddPairs, usedSats, residualBySat, blocks, x0 };
  }

  /** LAMBDA on the double-differenced ambiguities; the fixed position when validated. */
  private resolve(dd: { refIdx: number; idx: number; el: number; f: number; sys: PositioningSystem }[]) {
    const o = this.options;
    const nb = dd.length;
    const fail = {
      fixed: false as const,
      ratio: 0,
      pos: ecef(0, 0, 0),
      cov: new Float64Array(9),
      nFixed: 0,
      holdRows: [] as typeof dd,
      holdValues: new Float64Array(0),
    };
    if (nb < o.minFixAmbiguities) return fail;
    const n = this.n;
    const P = this.P;
    const x = this.x;
    const y = new Float64Array(nb);
    const Qb = new Float64Array(nb * nb);
    for (let k = 0; k < nb; k++) {
      const a = dd[k];
      y[k] = x[a.idx] - x[a.refIdx];
      for (let l = 0; l <= k; l++) {
        const b = dd[l];
        const q =
          P[a.idx * n + b.idx] -
          P[a.idx * n + b.refIdx] -
          P[a.refIdx * n + b.idx] +
          P[a.refIdx * n + b.refIdx];
        Qb[k * nb + l] = q;
        Qb[l * nb + k] = q;
      }
    }
    const priority = Float64Array.from(dd.map((a) => a.el));
    const fix = resolveAmbiguities(y, Qb, {
      ratioThreshold: o.ratioThreshold,
      minFix: o.minFixAmbiguities,
      partial: o.partialAr,
      priority,
    });
    if (!fix.fixed) return { ...fail, ratio: fix.ratio };
    // conditional position: x_p - Q_pb Q_b^-1 (y - b) over the fixed subset
    const idx = Array.from(fix.indices);
    const m = idx.length;
    const Qs = new Float64Array(m * m);
    const Qpb = new Float64Array(3 * m);
    const dy = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const a = dd[idx[k]];
      dy[k] = y[idx[k]] - fix.values[k];
      for (let l = 0; l < m; l++) Qs[k * m + l] = Qb[idx[k] * nb + idx[l]];
      for (let i = 0; i < 3; i++) Qpb[i * m + k] = P[i * n + a.idx] - P[i * n + a.refIdx];
    }
    // solve Qs z = dy and Qs W = Qpb^T by Cholesky
    const L = Qs.slice();
    const chol = cholSolver(L, m);
    if (!chol) return fail;
    const z = chol(dy);
    const pos = ecef(x[0] - dot(Qpb, 0, z, m), x[1] - dot(Qpb, 1, z, m), x[2] - dot(Qpb, 2, z, m));
    const cov = new Float64Array(9);
    const W = [0, 1, 2].map((i) => chol(Qpb.subarray(i * m, i * m + m)));
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) cov[i * 3 + j] = P[i * n + j] - dot(Qpb, i, W[j], m);
    return {
      fixed: true as const,
      ratio: fix.ratio,
      pos,
      cov,
      nFixed: m,
      holdRows: idx.map((k) => dd[k]),
      holdValues: Float64Array.from(fix.values),
    };
  }

  /** Fix-and-hold: the fixed double differences as tight pseudo-observations of the float filter. */
  private hold(rows: { refIdx: number; idx: number }[], values: Float64Array): void {
    const m = rows.length;
    if (m === 0) return;
    const H = new SparseRows(m, 2);
    const v = new Float64Array(m);
    const R = new Float64Array(m * m);
    rows.forEach((a, k) => {
      const r = H.addRow();
      H.set(r, a.idx, 1);
      H.set(r, a.refIdx, -1);
      v[k] = values[k] - (this.x[a.idx] - this.x[a.refIdx]);
      R[k * m + k] = 0.001;
    });
    kalmanUpdate(this.x, this.P, this.n, H, v, R);
  }
}

function dot(A: Float64Array, row: number, z: Float64Array, m: number): number {
  let s = 0;
  for (let k = 0; k < m; k++) s += A[row * m + k] * z[k];
  return s;
}

/** Cholesky factor in place; returns a solver b -> A^-1 b, or null if not SPD. */
function cholSolver(a: Float64Array, m: number): ((b: Float64Array) => Float64Array) | null {
  if (!cholesky(a, m)) return null;
  return (b: Float64Array) => {
    const y = Float64Array.from(b);
    for (let i = 0; i < m; i++) {
      let s = y[i];
      for (let k = 0; k < i; k++) s -= a[i * m + k] * y[k];
      y[i] = s / a[i * m + i];
    }
    for (let i = m - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < m; k++) s -= a[k * m + i] * y[k];
      y[i] = s / a[i * m + i];
    }
    return y;
  };
}

interface RowSet {
  readonly H: SparseRows;
  readonly v: Float64Array;
  readonly R: Float64Array;
  readonly blocks: readonly { start: number; size: number }[];
}

/** Kalman update with the blocks of `rows` whose rows satisfy `keep` (blocks are homogeneous). */
function updateRows(
  x: Float64Array,
  P: Float64Array,
  n: number,
  rows: RowSet,
  keep: (k: number) => boolean,
): boolean {
  const blocks = rows.blocks.filter((b) => b.size > 0 && keep(b.start));
  let m = 0;
  for (const b of blocks) m += b.size;
  if (m === 0) return true;
  const all = blocks.length === rows.blocks.length && m === rows.H.m;
  let H = rows.H;
  let v = rows.v;
  let R = rows.R.slice();
  let sub = rows.blocks;
  if (!all) {
    H = new SparseRows(m, rows.H.width);
    v = new Float64Array(m);
    R = new Float64Array(m * m);
    const mm = rows.H.m;
    const newBlocks: { start: number; size: number }[] = [];
    let r = 0;
    for (const b of blocks) {
      newBlocks.push({ start: r, size: b.size });
      for (let k = 0; k < b.size; k++) {
        const src = b.start + k;
        const dst = H.addRow();
        const o = src * rows.H.width;
        for (let j = 0; j < rows.H.cnt[src]; j++) H.set(dst, rows.H.idx[o + j], rows.H.val[o + j]);
        v[dst] = rows.v[src];
        for (let l = 0; l < b.size; l++) R[(r + k) * m + r + l] = rows.R[src * mm + b.start + l];
      }
      r += b.size;
    }
    sub = newBlocks;
  }
  // the information form pays off only for a handful of states (the position alone)
  if (n <= POS) return kalmanUpdateInformation(x, P, n, H, v, R, sub);
  // with more states, the blocks (uncorrelated with each other) go in one after the other: the same result as
  // one joint update, with the triangular solves on each block's rows only (n sum m_b^2 instead of n m^2)
  const xRef = x.slice(0, n);
  const mAll = H.m;
  for (const b of sub) {
    const Hb = new SparseRows(b.size, H.width);
    const vb = new Float64Array(b.size);
    const Rb = new Float64Array(b.size * b.size);
    for (let k = 0; k < b.size; k++) {
      const src = b.start + k;
      const dst = Hb.addRow();
      const o = src * H.width;
      let moved = 0;
      for (let j = 0; j < H.cnt[src]; j++) {
        const c = H.idx[o + j];
        Hb.set(dst, c, H.val[o + j]);
        moved += H.val[o + j] * (x[c] - xRef[c]);
      }
      vb[k] = v[src] - moved;
      for (let l = 0; l < b.size; l++) Rb[k * b.size + l] = R[src * mAll + b.start + l];
    }
    if (!kalmanUpdate(x, P, n, Hb, vb, Rb)) return false;
  }
  return true;
}
