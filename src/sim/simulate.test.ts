import { describe, expect, it } from "vitest";
import { bdsKlobucharDelay_m } from "../corrections/klobuchar-bds.js";
import { gpsKlobucharDelay_m } from "../corrections/klobuchar-gps.js";
import { saastamoinenDelay_m } from "../corrections/troposphere.js";
import { azimuthElevation } from "../frames/geodetic.js";
import { DEG, type Ecef, ecef } from "../frames/vectors.js";
import { keplerSatelliteState } from "../orbits/broadcast-kepler.js";
import type { KeplerEphemeris } from "../orbits/ephemeris.js";
import { addSeconds, diffSeconds, fromCalendar, toScale } from "../time/instant.js";
import { SIM_KLOBUCHAR_BDS, SIM_KLOBUCHAR_GPS, type SimulationResult, simulate } from "./simulate.js";
import { simulationNavText, simulationObsText } from "./write-simulation.js";

const C = 299792458;
const WUZHEN = { lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 20 };
const START = fromCalendar("GPST", { year: 2024, month: 9, day: 20, hour: 3, minute: 0, second: 0 });
// Carrier frequencies (Hz) from the ICDs: BDS-SIS-ICD-B1I-3.0 §3 (B1I, B2I), BDS-SIS-ICD-B3I-1.0 (B3I),
// IS-GPS-200 §3.3.1.1 (L1, L2), IS-GPS-705 (L5).
const FREQ: Record<string, Record<string, number>> = {
  C: { "2": 1561.098e6, "7": 1207.14e6, "6": 1268.52e6 },
  G: { "1": 1575.42e6, "2": 1227.6e6, "5": 1176.45e6 },
};

/** Satellite group delay b (s) of a band, straight from the ICDs (see simulate.ts for the L5 choice). */
function groupDelay(eph: KeplerEphemeris, sys: string, band: string): number {
  const g = eph.groupDelays_s;
  if (sys === "C") return band === "2" ? g.TGD1 : band === "7" ? g.TGD2 : 0;
  const gamma = (1575.42e6 / FREQ.G[band]) ** 2;
  return gamma * g.TGD;
}

interface Modelled {
  /** code and phase (m, before ambiguity) per band, Doppler (Hz) per band */
  code_m: Record<string, number>;
  phase_m: Record<string, number>;
  doppler_hz: Record<string, number>;
  el_rad: number;
}

/**
 * Independent recomputation of what the simulator should have produced for `sat` at epoch k: own
 * light-time loop, own Sagnac rotation, own record selection, ICD group delays and iono scaling.
 */
function model(r: SimulationResult, k: number, sat: string): Modelled {
  const sys = sat[0];
  const tag = r.epochs[k].time;
  const clk = r.truthClock;
  const T = addSeconds(tag, -clk.bias_s[k]);
  const records = r.nav.ephemerides.filter((e): e is KeplerEphemeris => e.kind === "kepler" && e.sat === sat);
  const eph = records.reduce((a, b) =>
    Math.abs(diffSeconds(toScale(T, b.toe.scale), b.toe)) <
    Math.abs(diffSeconds(toScale(T, a.toe.scale), a.toe))
      ? b
      : a,
  );
  const wE = sys === "C" ? 7.292115e-5 : 7.2921151467e-5;
  const rx = r.truth;
  let tau = 0;
  let pos: Ecef = rx;
  let st = keplerSatelliteState(eph, T);
  for (let i = 0; i < 10; i++) {
    st = keplerSatelliteState(eph, addSeconds(T, -tau));
    const th = wE * tau;
    pos = ecef(
      Math.cos(th) * st.pos[0] + Math.sin(th) * st.pos[1],
      -Math.sin(th) * st.pos[0] + Math.cos(th) * st.pos[1],
      st.pos[2],
    );
    tau = Math.hypot(pos[0] - rx[0], pos[1] - rx[1], pos[2] - rx[2]) / C;
  }
  const rho = tau * C;
  const th = wE * tau;
  const v = [
    Math.cos(th) * st.vel[0] + Math.sin(th) * st.vel[1],
    -Math.sin(th) * st.vel[0] + Math.cos(th) * st.vel[1],
    st.vel[2],
  ];
  const rhoDot = ((pos[0] - rx[0]) * v[0] + (pos[1] - rx[1]) * v[1] + (pos[2] - rx[2]) * v[2]) / rho;
  const azel = azimuthElevation(r.truthGeodetic, rx, pos);
  const rxClk = clk.bias_s[k] + clk.systemBias_s[sys as "C" | "G"];
  const base = rho + C * (rxClk - st.clockBias_s) + saastamoinenDelay_m(r.truthGeodetic, azel.el_rad);
  const ionoRef =
    sys === "C"
      ? bdsKlobucharDelay_m(SIM_KLOBUCHAR_BDS, r.truthGeodetic, azel, T)
      : gpsKlobucharDelay_m(SIM_KLOBUCHAR_GPS, r.truthGeodetic, azel, T);
  const fRef = sys === "C" ? 1561.098e6 : 1575.42e6;
  const out: Modelled = { code_m: {}, phase_m: {}, doppler_hz: {}, el_rad: azel.el_rad };
  for (const [band, f] of Object.entries(FREQ[sys])) {
    const iono = ionoRef * (fRef / f) ** 2;
    out.code_m[band] = base + iono + C * groupDelay(eph, sys, band);
    out.phase_m[band] = base - iono;
    out.doppler_hz[band] = -(rhoDot + C * (clk.drift_sps - st.clockDrift_sps)) / (C / f);
  }
  return out;
}

interface Residuals {
  code: number[];
  /** phase residual (cycles) minus its arc's integer, and the arcs' fractional means */
  phase: number[];
  phaseArcFrac: number[];
  doppler: number[];
}

function residuals(r: SimulationResult): Residuals {
  const res: Residuals = { code: [], phase: [], phaseArcFrac: [], doppler: [] };
  const arcs = new Map<string, number[]>();
  r.epochs.forEach((ep, k) => {
    ep.sats.forEach((sat, i) => {
      const m = model(r, k, sat);
      const codes = ep.codes[i];
      codes.forEach((code, j) => {
        const v = ep.values[ep.offsets[i] + j];
        const band = code[1];
        const f = FREQ[sat[0]][band];
        if (code[0] === "C") res.code.push(v - m.code_m[band]);
        else if (code[0] === "D") res.doppler.push(v - m.doppler_hz[band]);
        else if (code[0] === "L") {
          const key = `${sat}${code}`;
          if (ep.lli[ep.offsets[i] + j] & 1) arcs.set(`${key}#${k}`, []);
          // the newest arc of this signal
          const arcKey = [...arcs.keys()].filter((a) => a.startsWith(`${key}#`)).pop() as string;
          (arcs.get(arcKey) as number[]).push(v - m.phase_m[band] / (C / f));
        }
      });
    });
  });
  for (const a of arcs.values()) {
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const n = Math.round(mean);
    res.phaseArcFrac.push(mean - n);
    for (const x of a) res.phase.push(x - n);
  }
  return res;
}

const stats = (a: number[]) => {
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / (a.length - 1));
  return { n: a.length, mean, sd, maxAbs: Math.max(...a.map(Math.abs)) };
};

describe("simulate (closed loop against an independent recomputation)", () => {
  it("without noise, observations equal the modelled terms (code < 1 mm, phase < 0.001 cycle)", () => {
    const r = simulate({
      rx: WUZHEN,
      start: START,
      duration_s: 1800,
      interval_s: 60,
      systems: ["C", "G"],
      seed: 7,
      noise: { code_m: 0, phase_cyc: 0, doppler_hz: 0 },
    });
    const res = residuals(r);
    const code = stats(res.code);
    const phase = stats(res.phase);
    const dop = stats(res.doppler);
    console.log(
      `noise-free: ${code.n} code worst ${(code.maxAbs * 1e3).toFixed(4)} mm, ${phase.n} phase worst ` +
        `${phase.maxAbs.toExponential(2)} cyc, ${dop.n} Doppler worst ${dop.maxAbs.toExponential(2)} Hz`,
    );
    expect(code.n).toBeGreaterThan(1000);
    expect(code.maxAbs).toBeLessThan(1e-3);
    expect(phase.maxAbs).toBeLessThan(1e-3);
    expect(Math.max(...res.phaseArcFrac.map(Math.abs))).toBeLessThan(1e-3);
    expect(dop.maxAbs).toBeLessThan(1e-3);
  });

  it("with noise, residuals have the injected statistics (mean and sigma within 3 standard errors)", () => {
    const noise = { code_m: 0.5, phase_cyc: 0.004, doppler_hz: 0.08 };
    const r = simulate({
      rx: WUZHEN,
      start: START,
      duration_s: 3600,
      interval_s: 30,
      systems: ["C", "G"],
      seed: 11,
      noise,
    });
    const res = residuals(r);
    const check = (name: string, a: number[], sigma: number, unit: string) => {
      const s = stats(a);
      const seMean = sigma / Math.sqrt(s.n);
      const seSd = sigma / Math.sqrt(2 * (s.n - 1));
      console.log(
        `${name}: n=${s.n} mean ${s.mean.toExponential(2)} ${unit} (3 se ${(3 * seMean).toExponential(2)}), ` +
          `sd ${s.sd.toFixed(5)} vs ${sigma} (3 se ${(3 * seSd).toExponential(2)})`,
      );
      expect(Math.abs(s.mean)).toBeLessThan(3 * seMean);
      expect(Math.abs(s.sd - sigma)).toBeLessThan(3 * seSd);
    };
    check("code", res.code, noise.code_m, "m");
    check("phase", res.phase, noise.phase_cyc, "cyc");
    check("Doppler", res.doppler, noise.doppler_hz, "Hz");
    // Each arc's ambiguity is an integer: the arc-mean fractional part is within the arc's noise.
    expect(Math.max(...res.phaseArcFrac.map(Math.abs))).toBeLessThan(0.01);
  });

  it("sees the expected satellites: all 3 GEO from Wuzhen, a realistic count per epoch, mask respected", () => {
    const r = simulate({
      rx: WUZHEN,
      start: START,
      duration_s: 3600,
      interval_s: 300,
      systems: ["C", "G"],
      seed: 1,
      elevMask_deg: 10,
    });
    let minC = 99;
    let minG = 99;
    let lowest = 90;
    r.epochs.forEach((ep, k) => {
      expect(ep.sats).toEqual(expect.arrayContaining(["C59", "C60", "C61"]));
      minC = Math.min(minC, ep.sats.filter((s) => s[0] === "C").length);
      minG = Math.min(minG, ep.sats.filter((s) => s[0] === "G").length);
      for (const s of ep.sats) lowest = Math.min(lowest, model(r, k, s).el_rad / DEG);
    });
    console.log(
      `visible: BDS >= ${minC}, GPS >= ${minG}, lowest elevation ${lowest.toFixed(2)} deg (mask 10)`,
    );
    expect(minC).toBeGreaterThanOrEqual(10);
    expect(minG).toBeGreaterThanOrEqual(5);
    expect(lowest).toBeGreaterThanOrEqual(10);
    // BDS codes first in each epoch
    const first = r.epochs[0].sats;
    expect(first.findIndex((s) => s[0] === "G")).toBeGreaterThan(first.findLastIndex((s) => s[0] === "C"));
  });

  it("navigation data: hourly BDS and 2-hourly GPS records, Klobuchar for both, covering the span", () => {
    const r = simulate({
      rx: WUZHEN,
      start: START,
      duration_s: 3 * 3600,
      interval_s: 600,
      systems: ["C", "G"],
      seed: 1,
    });
    const c19 = r.nav.ephemerides.filter((e) => e.sat === "C19");
    const g01 = r.nav.ephemerides.filter((e) => e.sat === "G01");
    const step = (a: typeof c19) => a.slice(1).map((e, i) => diffSeconds(e.toe, a[i].toe));
    expect(new Set(step(c19))).toEqual(new Set([3600]));
    expect(new Set(step(g01))).toEqual(new Set([7200]));
    expect(c19.every((e) => e.toe.scale === "BDT" && e.toe.sec % 3600 === 0)).toBe(true);
    expect(g01.every((e) => e.toe.scale === "GPST" && e.toe.sec % 7200 === 0)).toBe(true);
    const last = r.epochs[r.epochs.length - 1].time;
    expect(diffSeconds(toScale(c19[0].toe, "GPST"), START)).toBeLessThanOrEqual(0);
    expect(diffSeconds(toScale(c19[c19.length - 1].toe, "GPST"), last)).toBeGreaterThanOrEqual(0);
    expect(r.nav.iono.map((p) => (p.kind === "klobuchar" ? p.system : p.kind)).sort()).toEqual(["C", "G"]);
  });

  it("is deterministic in the seed", () => {
    const o = {
      rx: WUZHEN,
      start: START,
      duration_s: 600,
      interval_s: 30,
      systems: ["C", "G"] as ("C" | "G")[],
    };
    const a = simulate({ ...o, seed: 42 });
    const b = simulate({ ...o, seed: 42 });
    const c = simulate({ ...o, seed: 43 });
    expect(simulationObsText(a)).toBe(simulationObsText(b));
    expect(simulationNavText(a)).toBe(simulationNavText(b));
    expect(simulationObsText(a)).not.toBe(simulationObsText(c));
    // the nav does not depend on the seed (the constellation is nominal)
    expect(simulationNavText(a)).toBe(simulationNavText(c));
  });

  it("simulates 1 h at 30 s for BDS + GPS well under 1 s", () => {
    const o = {
      rx: WUZHEN,
      start: START,
      duration_s: 3600,
      interval_s: 30,
      systems: ["C", "G"] as ("C" | "G")[],
      seed: 3,
    };
    simulate(o); // warm-up
    const t0 = performance.now();
    const r = simulate(o);
    const ms = performance.now() - t0;
    const t1 = performance.now();
    simulationObsText(r);
    const wms = performance.now() - t1;
    console.log(
      `1 h at 30 s, BDS+GPS: ${r.epochs.length} epochs simulated in ${ms.toFixed(1)} ms, RINEX text in ${wms.toFixed(1)} ms`,
    );
    expect(r.epochs).toHaveLength(120);
    expect(ms).toBeLessThan(500);
  });
});
