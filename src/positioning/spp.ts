// Single-point positioning: iterative weighted least squares on pseudoranges, one receiver clock per
// system, elevation weighting, chi-square validation with fault exclusion, velocity from Doppler.

import { weightedLeastSquares } from "../core/linalg.js";
import { bdgimDelay_m } from "../corrections/bdgim.js";
import { bdsKlobucharDelay_m } from "../corrections/klobuchar-bds.js";
import { gpsKlobucharDelay_m } from "../corrections/klobuchar-gps.js";
import { saastamoinenDelay_m, troposphereDelay_m } from "../corrections/troposphere.js";
import { C_mps, WGS84 } from "../frames/ellipsoid.js";
import { azimuthElevationWith, ecefToGeodetic, enuRotation } from "../frames/geodetic.js";
import { type Ecef, ecef } from "../frames/vectors.js";
import type { IonoParameters } from "../orbits/ephemeris.js";
import type { SatelliteSource } from "../orbits/satellite-state.js";
import type { ObsEpoch } from "../signals/observation.js";
import type { PositioningSystem, SatId } from "../signals/system.js";
import { toScale } from "../time/instant.js";
import { CarrierSmoother } from "./carrier-smoothing.js";
import { chiSquareQuantile } from "./chi-square.js";
import { dopFromAzEl } from "./dop.js";
import { type ExclusionReason, type Measurement, prepareEpoch } from "./measurements.js";
import { DEFAULT_SPP_OPTIONS, type SppOptions } from "./options.js";
import type { SatelliteResult, Solution } from "./solution.js";

/** RTKLIB's fallback Klobuchar parameters (used when no GPS parameters were broadcast). */
const DEFAULT_KLOBUCHAR = {
  alpha: [0.1118e-7, -0.7451e-8, -0.5961e-7, 0.1192e-6] as const,
  beta: [0.1167e6, -0.2294e6, -0.1311e6, 0.1049e7] as const,
};

const MAX_ITER = 10;

export interface SolverInputs {
  readonly source: SatelliteSource;
  readonly iono: readonly IonoParameters[];
  readonly glonassChannels?: ReadonlyMap<SatId, number>;
  /** A first guess of the receiver position (e.g. the RINEX header's), speeds up the first epoch. */
  readonly approxPosition?: Ecef;
}

interface Row {
  m: Measurement;
  col: number;
  az: number;
  el: number;
  iono: number;
  tropo: number;
  sigma: number;
  v: number;
}

interface Estimate {
  x: Float64Array;
  cov: Float64Array;
  rows: Row[];
  /** clock columns: a system, or `${system}+IF` for ionosphere-free code (its receiver code bias differs) */
  cols: string[];
  ssr: number;
  masked: Measurement[];
}

/**
 * BDS-3 satellites by the ICD's PRN allocation (BDS-SIS-ICD-B1I-3.0 §3: PRN 1-18 BDS-2 ... 19-63 BDS-3
 * including the BDS-3 GEOs C59-C63). Used only for the receiver's inter-generation code bias, never for orbits.
 */
function isBds3(sat: SatId): boolean {
  return Number(sat.slice(1)) >= 19;
}

/** Clock column of a system: QZSS shares GPS time. */
function clockSystem(s: PositioningSystem): PositioningSystem {
  return s === "J" ? "G" : s;
}

export class SppSolver {
  readonly options: SppOptions;
  private readonly smoother?: CarrierSmoother;
  private lastPos: Float64Array | null = null;
  private readonly klobGps: { alpha: readonly number[]; beta: readonly number[] };
  private readonly klobBds?: { alpha: readonly number[]; beta: readonly number[] };
  private readonly bdgim?: readonly number[];

  constructor(
    private readonly inputs: SolverInputs,
    options: Partial<SppOptions> = {},
  ) {
    this.options = { ...DEFAULT_SPP_OPTIONS, ...options };
    if (this.options.smoothingWindow > 0) {
      this.smoother = new CarrierSmoother({
        maxEpochsIonoFree: this.options.smoothingWindow,
        maxSpanSingle_s: this.options.smoothingSingle_s,
        maxGap_s: 120,
        slipThreshold_m: 15,
      });
    }
    const g = inputs.iono.find((p) => p.kind === "klobuchar" && p.system === "G");
    this.klobGps = g && g.kind === "klobuchar" && g.alpha.some((a) => a !== 0) ? g : DEFAULT_KLOBUCHAR;
    const c = inputs.iono.find((p) => p.kind === "klobuchar" && p.system === "C");
    if (c && c.kind === "klobuchar" && c.alpha.some((a) => a !== 0)) this.klobBds = c;
    const b = inputs.iono.find((p) => p.kind === "bdgim");
    if (b && b.kind === "bdgim" && b.alpha.some((a) => a !== 0)) this.bdgim = b.alpha;
    if (inputs.approxPosition && Math.hypot(...inputs.approxPosition) > 6e6) {
      this.lastPos = Float64Array.from(inputs.approxPosition);
    }
  }

  solve(epoch: ObsEpoch): Solution {
    const opts = this.options;
    const prepared = prepareEpoch(
      epoch,
      { source: this.inputs.source, glonassChannels: this.inputs.glonassChannels },
      opts,
    );
    if (this.smoother) this.smoother.apply(epoch.time, prepared.measurements);
    const excluded = new Map<SatId, ExclusionReason>();
    for (const e of prepared.excluded) if (e.reason !== "system-disabled") excluded.set(e.sat, e.reason);

    let active = prepared.measurements;
    let est = this.estimate(epoch, active, this.lastPos);
    let message: string | undefined;
    if (est && opts.chiSquareTest && !this.passesChiSquare(est)) {
      if (opts.fde) {
        const faults: SatId[] = [];
        while (est && !this.passesChiSquare(est) && faults.length < opts.maxExclusions) {
          let best: { est: Estimate; sat: SatId } | null = null;
          for (const r of est.rows) {
            const trial = active.filter((m) => m.sat !== r.m.sat);
            const e2 = this.estimate(epoch, trial, est.x);
            if (!e2) continue;
            const score = e2.ssr / Math.max(1, e2.rows.length - e2.x.length);
            if (!best || score < best.est.ssr / Math.max(1, best.est.rows.length - best.est.x.length))
              best = { est: e2, sat: r.m.sat };
          }
          if (!best) {
            est = null;
            break;
          }
          faults.push(best.sat);
          excluded.set(best.sat, "fault-excluded");
          active = active.filter((m) => m.sat !== best.sat);
          est = best.est;
        }
        // a solution rescued by exclusion must keep redundancy and pass a stricter test (urban multipath
        // often fails several satellites at once; one exclusion then leaves a wrong fit that barely passes)
        if (
          est &&
          (!this.passesChiSquare(est, opts.fdeAlpha) ||
            est.rows.length - est.x.length < opts.fdeMinRedundancy)
        ) {
          message = `chi-square test failed after excluding ${faults.join(",")}`;
          est = null;
        } else if (faults.length) {
          message = `excluded ${faults.join(",")}`;
        }
      } else {
        message = "chi-square test failed";
        est = null;
      }
    }
    let dop = { gdop: Number.NaN, pdop: Number.NaN, hdop: Number.NaN, vdop: Number.NaN };
    if (est) {
      dop = dopFromAzEl(
        est.rows.map((r) => r.az),
        est.rows.map((r) => r.el),
        est.rows.map((r) => r.col),
        est.cols.length,
      );
      if (!(dop.gdop <= opts.maxGdop)) {
        message = `GDOP ${dop.gdop.toFixed(1)} above ${opts.maxGdop}`;
        est = null;
      }
    }
    if (est) for (const m of est.masked) excluded.set(m.sat, "below-elevation-mask");

    const satellites: SatelliteResult[] = [];
    if (est) {
      for (const r of est.rows) {
        satellites.push({
          sat: r.m.sat,
          kind: r.m.state.kind,
          codes: r.m.codes,
          az_rad: r.az,
          el_rad: r.el,
          cn0_dbhz: r.m.cn0_dbhz,
          residual_m: r.v,
          sigma_m: r.sigma,
          iono_m: r.iono,
          tropo_m: r.tropo,
          used: true,
        });
      }
    }
    const bySat = new Map(prepared.measurements.map((m) => [m.sat, m]));
    for (const [sat, reason] of excluded) {
      const m = bySat.get(sat);
      satellites.push({
        sat,
        kind: m?.state.kind ?? "unknown",
        codes: m?.codes ?? [],
        az_rad: Number.NaN,
        el_rad: Number.NaN,
        cn0_dbhz: m?.cn0_dbhz ?? Number.NaN,
        residual_m: Number.NaN,
        sigma_m: Number.NaN,
        iono_m: Number.NaN,
        tropo_m: Number.NaN,
        used: false,
        reason,
      });
    }

    if (!est) {
      const usable = new Set(prepared.measurements.map((m) => m.sat));
      return {
        epochTime: epoch.time,
        time: toScale(epoch.time, "GPST"),
        status: "none",
        pos: ecef(Number.NaN, Number.NaN, Number.NaN),
        cov_m2: new Float64Array(9).fill(Number.NaN),
        clockBias_m: {},
        dop,
        nsUsed: 0,
        satellites,
        message: message ?? (usable.size < 4 ? `only ${usable.size} usable satellites` : "no convergence"),
      };
    }
    const x = est.x;
    this.lastPos = x.slice(0, 3);
    // per-system receiver clock (m); BDS from its BDS-2 column, else its BDS-3 one; QZSS shares GPS's
    const clockBias_m: Partial<Record<PositioningSystem, number>> = {};
    est.cols.forEach((s, i) => {
      if (s.length === 1) clockBias_m[s as PositioningSystem] = x[3 + i];
      else if (s === "C3" && clockBias_m.C === undefined) clockBias_m.C = x[3 + i];
    });
    if (clockBias_m.G !== undefined && est.rows.some((r) => r.m.sys === "J")) clockBias_m.J = clockBias_m.G;
    const refClock = clockBias_m.G ?? x[3];
    const n = x.length;
    const cov = Float64Array.of(
      est.cov[0],
      est.cov[1],
      est.cov[2],
      est.cov[n],
      est.cov[n + 1],
      est.cov[n + 2],
      est.cov[2 * n],
      est.cov[2 * n + 1],
      est.cov[2 * n + 2],
    );
    const pos = ecef(x[0], x[1], x[2]);
    const velocity = opts.velocity ? estimateVelocity(est.rows, pos) : null;
    const gpstTime = toScale(epoch.time, "GPST");
    return {
      epochTime: epoch.time,
      time: { scale: "GPST", sec: gpstTime.sec, frac: gpstTime.frac - refClock / C_mps },
      status: "single",
      pos,
      cov_m2: cov,
      clockBias_m,
      vel: velocity?.vel,
      clockDrift_mps: velocity?.drift_mps,
      dop,
      nsUsed: est.rows.length,
      satellites,
      message,
    };
  }

  /**
   * The receiver clock column of a measurement: one per system (QZSS with GPS); BDS-3 apart from BDS-2 when
   * asked (receivers show a code bias between the generations of 1-2 m); ionosphere-free code apart from
   * single-frequency code when both are mixed (their receiver code biases differ).
   */
  private clockColumn(m: Measurement): string {
    let c: string = clockSystem(m.sys);
    if (c === "C" && this.options.separateBds3Clock && isBds3(m.sat)) c = "C3";
    if (m.ionoFree && this.options.iono !== "iono-free") c += "+IF";
    return c;
  }

  private passesChiSquare(est: Estimate, alpha = 0.001): boolean {
    const dof = est.rows.length - est.x.length;
    if (dof <= 0) return true;
    return est.ssr <= chiSquareQuantile(dof, alpha);
  }

  /** Iterated weighted least squares from `x0` (or the Earth's centre). Null when it cannot solve. */
  private estimate(epoch: ObsEpoch, ms: readonly Measurement[], x0: Float64Array | null): Estimate | null {
    const opts = this.options;
    const pos = new Float64Array(3);
    if (x0) pos.set(x0.subarray(0, 3));
    let clocks = new Map<string, number>();
    const t = epoch.time;
    for (let iter = 0; iter < MAX_ITER; iter++) {
      const valid = Math.hypot(pos[0], pos[1], pos[2]) > 6.0e6;
      const rxPos = ecef(pos[0], pos[1], pos[2]);
      const rxGeo = valid ? ecefToGeodetic(rxPos) : null;
      const rot = rxGeo ? enuRotation(rxGeo) : null;
      const rows: Row[] = [];
      const masked: Measurement[] = [];
      const cols: string[] = [];
      // satellites with both a single-frequency and an ionosphere-free measurement: one choice per system, by the
      // broadcast model's mean vertical delay (thin shell at 350 km); a system switches only when every one of its
      // satellites above the mask has the pair, so that its satellites keep sharing one receiver clock
      let useIf: Set<SatId> | null = null;
      if (rxGeo && opts.ionoFreeAbove_m < Number.POSITIVE_INFINITY) {
        useIf = new Set();
        const hasIf = new Set(ms.filter((m) => m.ionoFree).map((m) => m.sat));
        const vertical = new Map<
          PositioningSystem,
          { sum: number; n: number; single: number; sats: SatId[] }
        >();
        for (const m of ms) {
          if (m.ionoFree) continue;
          const ae = azimuthElevationWith(rot as Float64Array, rxPos, m.state.pos);
          if (ae.el_rad < opts.elevMask_rad) continue;
          const acc = vertical.get(m.sys) ?? { sum: 0, n: 0, single: 0, sats: [] };
          vertical.set(m.sys, acc);
          if (!hasIf.has(m.sat)) {
            acc.single++;
            continue;
          }
          const k = (6371 / (6371 + 350)) * Math.cos(ae.el_rad);
          acc.sum += this.ionoDelay(m, rxGeo, ae, t) * Math.sqrt(1 - k * k);
          acc.n++;
          acc.sats.push(m.sat);
        }
        for (const acc of vertical.values())
          if (acc.single === 0 && acc.n >= 4 && acc.sum / acc.n > opts.ionoFreeAbove_m)
            for (const sat of acc.sats) useIf.add(sat);
      }
      const hasSingle = useIf ? new Set(ms.filter((m) => !m.ionoFree).map((m) => m.sat)) : null;
      for (const m of ms) {
        if (hasSingle) {
          if (m.ionoFree && hasSingle.has(m.sat) && !useIf?.has(m.sat)) continue;
          if (!m.ionoFree && useIf?.has(m.sat)) continue;
        } else if (m.ionoFree && opts.iono === "broadcast") continue;
        const sp = m.state.pos;
        const dx = sp[0] - pos[0];
        const dy = sp[1] - pos[1];
        const dz = sp[2] - pos[2];
        const rho = Math.sqrt(dx * dx + dy * dy + dz * dz);
        let az = 0;
        let el = Math.PI / 2;
        let iono = 0;
        let tropo = 0;
        let varModel = 0;
        if (rxGeo) {
          const ae = azimuthElevationWith(rot as Float64Array, rxPos, sp);
          az = ae.az_rad;
          el = ae.el_rad;
          if (el < opts.elevMask_rad) {
            masked.push(m);
            continue;
          }
          if (!m.ionoFree) {
            iono = this.ionoDelay(m, rxGeo, ae, t);
            varModel += (0.5 * iono) ** 2;
          }
          tropo =
            opts.tropo === "none"
              ? 0
              : opts.tropo === "saastamoinen"
                ? saastamoinenDelay_m(rxGeo, el)
                : troposphereDelay_m(rxGeo, el, t);
          varModel += (0.3 / (Math.sin(el) + 0.1)) ** 2;
        }
        const sagnac = (WGS84.omegaE_radps * (sp[0] * pos[1] - sp[1] * pos[0])) / C_mps;
        const cs = this.clockColumn(m);
        let col = cols.indexOf(cs);
        if (col < 0) {
          col = cols.length;
          cols.push(cs);
        }
        const model = rho + sagnac + (clocks.get(cs) ?? 0) - C_mps * m.state.clockBias_s + iono + tropo;
        const sigma = Math.sqrt(this.measurementVariance(m, el) + varModel);
        rows.push({ m, col, az, el, iono, tropo, sigma, v: m.pr_m - model });
      }
      const nx = 3 + cols.length;
      // prior on the BDS-3 minus BDS-2 clock difference (one pseudo-observation per pair of columns)
      const priors: [number, number][] = [];
      if (opts.bds3ClockPrior_m > 0) {
        cols.forEach((c, i) => {
          if (!c.startsWith("C3")) return;
          const j = cols.indexOf(`C${c.slice(2)}`);
          if (j >= 0) priors.push([i, j]);
        });
      }
      if (rows.length < nx) return null;
      const nr = rows.length + priors.length;
      const h = new Float64Array(nr * nx);
      const v = new Float64Array(nr);
      const w = new Float64Array(nr);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        const sp = row.m.state.pos;
        const dx = sp[0] - pos[0];
        const dy = sp[1] - pos[1];
        const dz = sp[2] - pos[2];
        const rho = Math.sqrt(dx * dx + dy * dy + dz * dz);
        h[r * nx] = -dx / rho;
        h[r * nx + 1] = -dy / rho;
        h[r * nx + 2] = -dz / rho;
        h[r * nx + 3 + row.col] = 1;
        v[r] = row.v;
        w[r] = 1 / (row.sigma * row.sigma);
      }
      priors.forEach(([i, j], k) => {
        const r = rows.length + k;
        h[r * nx + 3 + i] = 1;
        h[r * nx + 3 + j] = -1;
        v[r] = -((clocks.get(cols[i]) ?? 0) - (clocks.get(cols[j]) ?? 0));
        w[r] = 1 / opts.bds3ClockPrior_m ** 2;
      });
      const sol = weightedLeastSquares(h, v, w, nr, nx);
      if (!sol) return null;
      pos[0] += sol.dx[0];
      pos[1] += sol.dx[1];
      pos[2] += sol.dx[2];
      const next = new Map<string, number>();
      cols.forEach((s, i) => {
        next.set(s, (clocks.get(s) ?? 0) + sol.dx[3 + i]);
      });
      clocks = next;
      let dxn = 0;
      for (let i = 0; i < nx; i++) dxn += sol.dx[i] * sol.dx[i];
      if (Math.sqrt(dxn) < 1e-4) {
        const x = new Float64Array(nx);
        x.set(pos);
        cols.forEach((s, i) => {
          x[3 + i] = clocks.get(s) ?? 0;
        });
        // post-fit residuals (the last step moved the state by < 0.1 mm)
        let ssr = 0;
        for (let r = 0; r < rows.length; r++) {
          let hx = 0;
          for (let j = 0; j < nx; j++) hx += h[r * nx + j] * sol.dx[j];
          rows[r].v = v[r] - hx;
          ssr += rows[r].v * rows[r].v * w[r];
        }
        return { x, cov: sol.cov, rows, cols, ssr, masked };
      }
    }
    return null;
  }

  private measurementVariance(m: Measurement, el: number): number {
    const opts = this.options;
    const sinEl = Math.max(Math.sin(el), 0.05);
    const fact = m.sys === "R" ? 1.5 : 1;
    if (opts.weights === "rtklib") {
      // RTKLIB 2.4.3 pntpos varerr(): eratio 100, err 0.003 m, divided by sin(el) (not squared), + code bias 0.3 m
      const ura = opts.useUra ? rtklibEphemerisSigma_m(m.sys, m.state.ura_m) : 0;
      return fact * fact * (0.09 + 0.09 / sinEl) + ura * ura + 0.09;
    }
    // without a broadcast accuracy: Galileo "no accuracy predicted" 6 m, GLONASS 5 m (RTKLIB's value; on ESBC and
    // Nagoya it beats 3 m), others the lowest URA step
    const ura = opts.useUra
      ? !Number.isNaN(m.state.ura_m)
        ? m.state.ura_m
        : m.sys === "E"
          ? 6
          : m.sys === "R"
            ? 5
            : 2.4
      : 0;
    let varCode = 0.09 + 0.09 / (sinEl * sinEl);
    if (m.ionoFree) varCode *= 9 / Math.min(9, m.smoothedEpochs);
    else if (m.smoothedEpochs > 1) varCode /= Math.min(4, m.smoothedEpochs);
    return fact * fact * varCode + ura * ura;
  }

  private ionoDelay(
    m: Measurement,
    rx: ReturnType<typeof ecefToGeodetic>,
    azel: { az_rad: number; el_rad: number },
    t: ObsEpoch["time"],
  ): number {
    const mode = this.options.iono;
    if (mode === "none") return 0;
    if (mode === "klobuchar-gps" || m.sys !== "C") {
      return gpsKlobucharDelay_m(this.klobGps as never, rx, azel, t, m.freq_Hz);
    }
    if (this.bdgim) return bdgimDelay_m(this.bdgim, rx, azel, t, m.freq_Hz);
    if (this.klobBds) return bdsKlobucharDelay_m(this.klobBds as never, rx, azel, t, m.freq_Hz);
    return gpsKlobucharDelay_m(this.klobGps as never, rx, azel, t, m.freq_Hz);
  }
}

/** RTKLIB's URA table (IS-GPS-200 URA index -> m), used for GPS, QZSS and BDS. */
const URA_TABLE_m = [2.4, 3.4, 4.85, 6.85, 9.65, 13.65, 24, 48, 96, 192, 384, 768, 1536, 3072, 6144];

/**
 * Ephemeris error sigma (m) as RTKLIB 2.4.3 derives it from a RINEX accuracy field: GPS/QZSS/BDS rounded up to
 * the URA table; Galileo SISA on its index grid, 500 m when "no accuracy predicted"; GLONASS a fixed 5 m.
 */
function rtklibEphemerisSigma_m(sys: PositioningSystem, ura_m: number): number {
  if (sys === "R") return 5;
  if (sys === "E") {
    if (!(ura_m >= 0 && ura_m <= 6)) return 500;
    if (ura_m <= 0.5) return Math.trunc(ura_m / 0.01) * 0.01;
    if (ura_m <= 1) return 0.5 + Math.trunc((ura_m - 0.5) / 0.02) * 0.02;
    if (ura_m <= 2) return 1 + Math.trunc((ura_m - 1) / 0.04) * 0.04;
    return 2 + Math.trunc((ura_m - 2) / 0.16) * 0.16;
  }
  const u = Number.isNaN(ura_m) ? 0 : ura_m;
  for (const v of URA_TABLE_m) if (v >= u) return v;
  return 6144;
}

/** Receiver velocity and clock drift from Doppler by least squares (RTKLIB estvel model with Sagnac rate). */
function estimateVelocity(
  rows: readonly Row[],
  pos: Ecef,
): { vel: [number, number, number]; drift_mps: number } | null {
  const use = rows.filter((r) => !Number.isNaN(r.m.doppler_Hz));
  if (use.length < 4) return null;
  const m = use.length;
  const h = new Float64Array(m * 4);
  const v = new Float64Array(m);
  const w = new Float64Array(m).fill(1);
  const x = new Float64Array(4);
  for (let iter = 0; iter < 4; iter++) {
    for (let i = 0; i < m; i++) {
      const r = use[i];
      const sp = r.m.state.pos;
      const sv = r.m.state.vel;
      const dx = sp[0] - pos[0];
      const dy = sp[1] - pos[1];
      const dz = sp[2] - pos[2];
      const rho = Math.sqrt(dx * dx + dy * dy + dz * dz);
      const e0 = dx / rho;
      const e1 = dy / rho;
      const e2 = dz / rho;
      const lam = C_mps / r.m.freq_Hz;
      const rateObs = -lam * r.m.doppler_Hz;
      const relVel0 = sv[0] - x[0];
      const relVel1 = sv[1] - x[1];
      const relVel2 = sv[2] - x[2];
      const rate =
        e0 * relVel0 +
        e1 * relVel1 +
        e2 * relVel2 +
        (WGS84.omegaE_radps / C_mps) * (sv[1] * pos[0] + sp[1] * x[0] - sv[0] * pos[1] - sp[0] * x[1]);
      v[i] = rateObs - (rate + x[3] - C_mps * r.m.state.clockDrift_sps);
      h[i * 4] = -e0;
      h[i * 4 + 1] = -e1;
      h[i * 4 + 2] = -e2;
      h[i * 4 + 3] = 1;
    }
    const sol = weightedLeastSquares(h, v, w, m, 4);
    if (!sol) return null;
    for (let j = 0; j < 4; j++) x[j] += sol.dx[j];
    if (Math.hypot(sol.dx[0], sol.dx[1], sol.dx[2], sol.dx[3]) < 1e-6) break;
  }
  return { vel: [x[0], x[1], x[2]], drift_mps: x[3] };
}
