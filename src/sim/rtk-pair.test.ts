import { describe, expect, it } from "vitest";
import { BeidouError } from "../core/errors.js";
import { bdsKlobucharDelay_m } from "../corrections/klobuchar-bds.js";
import { gpsKlobucharDelay_m } from "../corrections/klobuchar-gps.js";
import { saastamoinenDelay_m } from "../corrections/troposphere.js";
import { azimuthElevation, ecefToGeodetic } from "../frames/geodetic.js";
import { DEG, type Ecef, ecef, enu } from "../frames/vectors.js";
import { keplerSatelliteState } from "../orbits/broadcast-kepler.js";
import type { KeplerEphemeris } from "../orbits/ephemeris.js";
import { addSeconds, diffSeconds, fromCalendar, toScale } from "../time/instant.js";
import { type RtkPairOptions, type RtkPairResult, type RtkReceiver, simulateRtkPair } from "./rtk-pair.js";
import { SIM_KLOBUCHAR_BDS, SIM_KLOBUCHAR_GPS } from "./simulate.js";
import { rtkPairObsText } from "./write-rtk-pair.js";

// Independent references used below: carrier frequencies from the ICDs (BDS-SIS-ICD-B1I-3.0 §3 B1I/B2I,
// BDS-SIS-ICD-B3I-1.0 B3I, IS-GPS-200 §3.3.1.1 L1/L2, IS-GPS-705 L5); Earth rotation rates of CGCS2000
// (BDS-SIS-ICD-B1I-3.0 §3.2) and WGS84 (IS-GPS-200 §20.3.3.4.3); the Klobuchar obliquity factor
// (IS-GPS-200 §20.3.3.5.2.5). Geometric ranges come from the navigation data through the library's orbit
// code with this file's own light-time loop and Sagnac rotation.
const C = 299792458;
const OMEGA: Record<string, number> = { C: 7.292115e-5, G: 7.2921151467e-5 };
const FREQ: Record<string, Record<string, number>> = {
  C: { "2": 1561.098e6, "7": 1207.14e6, "6": 1268.52e6 },
  G: { "1": 1575.42e6, "2": 1227.6e6, "5": 1176.45e6 },
};
const F_REF: Record<string, number> = { C: 1561.098e6, G: 1575.42e6 };

const WUZHEN = { lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 20 };
const START = fromCalendar("GPST", { year: 2024, month: 9, day: 20, hour: 3, minute: 0, second: 0 });
const SHORT = enu(300, -200, 4);

function base(over: Partial<RtkPairOptions> = {}): RtkPairOptions {
  return {
    base: WUZHEN,
    rover: { kind: "static", offset: SHORT },
    start: START,
    duration_s: 300,
    interval_s: 1,
    systems: ["C", "G"],
    seed: 5,
    ...over,
  };
}

/** ECEF -> ENU rotation rows at a geodetic point (written out here, not the library's). */
function enuRows(lat: number, lon: number): number[][] {
  const [sp, cp, sl, cl] = [Math.sin(lat), Math.cos(lat), Math.sin(lon), Math.cos(lon)];
  return [
    [-sl, cl, 0],
    [-sp * cl, -sp * sl, cp],
    [cp * cl, cp * sl, sp],
  ];
}

interface Seen {
  /** geometric range (m) */
  rho: number;
  el: number;
  /** the library's Saastamoinen and broadcast Klobuchar (reference carrier) delays at the receiver (m) */
  trop: number;
  ionoRef: number;
}

/**
 * Geometric range and elevation of `sat` from one receiver of the pair at epoch k; also the library's
 * troposphere and ionosphere delays at that receiver, for the checks that remove the models.
 */
class Geometry {
  private readonly records = new Map<string, KeplerEphemeris[]>();
  private readonly cache = new Map<string, Seen>();
  constructor(private readonly r: RtkPairResult) {
    for (const e of r.nav.ephemerides) {
      if (e.kind !== "kepler") continue;
      const list = this.records.get(e.sat) ?? [];
      list.push(e);
      this.records.set(e.sat, list);
    }
  }

  at(sat: string, k: number, rx: RtkReceiver): Seen {
    const key = `${sat}/${k}/${rx}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const r = this.r;
    const tag = r.rover.epochs[k].time;
    const T = addSeconds(tag, -r[rx].clock.bias_s[k]);
    const eph = (this.records.get(sat) as KeplerEphemeris[]).reduce((a, b) =>
      Math.abs(diffSeconds(toScale(tag, b.toe.scale), b.toe)) <
      Math.abs(diffSeconds(toScale(tag, a.toe.scale), a.toe))
        ? b
        : a,
    );
    const p: Ecef = rx === "base" ? r.baseTruth : r.roverTruth[k];
    const wE = OMEGA[sat[0]];
    let tau = 0;
    let pos: Ecef = p;
    for (let i = 0; i < 10; i++) {
      const st = keplerSatelliteState(eph, addSeconds(T, -tau));
      const th = wE * tau;
      pos = ecef(
        Math.cos(th) * st.pos[0] + Math.sin(th) * st.pos[1],
        -Math.sin(th) * st.pos[0] + Math.cos(th) * st.pos[1],
        st.pos[2],
      );
      tau = Math.hypot(pos[0] - p[0], pos[1] - p[1], pos[2] - p[2]) / C;
    }
    const geo = rx === "base" ? r.baseTruthGeodetic : ecefToGeodetic(p);
    const azel = azimuthElevation(geo, p, pos);
    const out: Seen = {
      rho: tau * C,
      el: azel.el_rad,
      trop: saastamoinenDelay_m(geo, azel.el_rad),
      ionoRef:
        sat[0] === "C"
          ? bdsKlobucharDelay_m(SIM_KLOBUCHAR_BDS, geo, azel, T)
          : gpsKlobucharDelay_m(SIM_KLOBUCHAR_GPS, geo, azel, T),
    };
    this.cache.set(key, out);
    return out;
  }
}

interface DdRow {
  k: number;
  sat: string;
  ref: string;
  code: string;
  /** phase: DD phase - DD range / lambda (cycles); code: DD code - DD range (m) */
  res: number;
  /** DD sigma under the stated model sigma_zenith / sin(el), same unit as res */
  sigma: number;
  minEl_rad: number;
  /** LLI of the rover's and the base's value of `sat` */
  lliRover: number;
  lliBase: number;
}

/** Per system, the satellite seen by both receivers at every epoch with the highest lowest elevation. */
function referenceSats(r: RtkPairResult, g: Geometry): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const sys of r.options.systems) {
    let best = "";
    let bestEl = -1;
    const candidates = r.base.epochs[0].sats.filter((s) => s[0] === sys);
    for (const s of candidates) {
      if (!r.base.epochs.every((ep, k) => ep.sats.includes(s) && r.rover.epochs[k].sats.includes(s)))
        continue;
      const el = Math.min(g.at(s, 0, "base").el, g.at(s, r.base.epochs.length - 1, "base").el);
      if (el > bestEl) {
        bestEl = el;
        best = s;
      }
    }
    refs[sys] = best;
  }
  return refs;
}

/**
 * DD residuals against the geometric range alone (`model` "geometry"), or against range + troposphere -/+
 * ionosphere (`model` "full": the library's models at each receiver, scaled by (f_ref / f)^2).
 */
function doubleDifferences(
  r: RtkPairResult,
  g: Geometry,
  refs: Record<string, string>,
  model: "geometry" | "full" = "geometry",
): DdRow[] {
  const rows: DdRow[] = [];
  const o = r.options;
  const factor = (el: number) => (o.noiseModel === "elevation" ? 1 / Math.sin(el) : 1);
  r.rover.epochs.forEach((ev, k) => {
    const eb = r.base.epochs[k];
    for (const [sys, ref] of Object.entries(refs)) {
      const ir = ev.sats.indexOf(ref);
      const ib = eb.sats.indexOf(ref);
      if (ir < 0 || ib < 0) continue;
      for (const sat of ev.sats) {
        if (sat[0] !== sys || sat === ref) continue;
        const jr = ev.sats.indexOf(sat);
        const jb = eb.sats.indexOf(sat);
        if (jb < 0) continue;
        const geo = {
          sr: g.at(sat, k, "rover"),
          sb: g.at(sat, k, "base"),
          rr: g.at(ref, k, "rover"),
          rb: g.at(ref, k, "base"),
        };
        const dd = (f: (x: Seen) => number) => f(geo.sr) - f(geo.sb) - (f(geo.rr) - f(geo.rb));
        const full = model === "full";
        const ddRho = dd((x) => x.rho) + (full ? dd((x) => x.trop) : 0);
        const ddIonoRef = full ? dd((x) => x.ionoRef) : 0;
        const f2 = [geo.sr.el, geo.sb.el, geo.rr.el, geo.rb.el].reduce((s, el) => s + factor(el) ** 2, 0);
        ev.codes[jr].forEach((code, c) => {
          if (code[0] !== "C" && code[0] !== "L") return;
          const v = (ep: typeof ev, i: number) => ep.values[ep.offsets[i] + c];
          const ddObs = v(ev, jr) - v(eb, jb) - (v(ev, ir) - v(eb, ib));
          const f = FREQ[sys][code[1]];
          const lambda = C / f;
          const iono = ddIonoRef * (F_REF[sys] / f) ** 2;
          const phase = code[0] === "L";
          rows.push({
            k,
            sat,
            ref,
            code,
            res: phase ? ddObs - (ddRho - iono) / lambda : ddObs - (ddRho + iono),
            sigma: (phase ? o.noise.phase_cyc : o.noise.code_m) * Math.sqrt(f2),
            minEl_rad: Math.min(geo.sr.el, geo.sb.el, geo.rr.el, geo.rb.el),
            lliRover: ev.lli[ev.offsets[jr] + c],
            lliBase: eb.lli[eb.offsets[jb] + c],
          });
        });
      }
    }
  });
  return rows;
}

/**
 * Jumps of the DD phase integer between consecutive epochs of the same arcs (sat and ref seen by both
 * receivers at k - 1 and k, no new-arc flag), keyed `k sat code`.
 */
function integerJumps(r: RtkPairResult, rows: DdRow[]): Map<string, number> {
  const prev = new Map<string, DdRow>();
  const jumps = new Map<string, number>();
  for (const row of rows) {
    if (row.code[0] !== "L") continue;
    const key = `${row.sat} ${row.code}`;
    const p = prev.get(key);
    prev.set(key, row);
    if (!p || p.k !== row.k - 1 || p.ref !== row.ref) continue;
    const d = Math.round(row.res) - Math.round(p.res);
    if (d !== 0) jumps.set(`${row.k} ${key}`, d);
  }
  void r;
  return jumps;
}

/** The DD jumps the applied slips should cause: rover slips count +, base slips -, the ref's with sign flipped. */
function expectedJumps(r: RtkPairResult, rows: DdRow[]): Map<string, number> {
  const slipAt = new Map<string, number>();
  for (const s of r.slips) {
    const key = `${s.epoch} ${s.sat} ${s.band}`;
    slipAt.set(key, (slipAt.get(key) ?? 0) + (s.receiver === "rover" ? s.cycles : -s.cycles));
  }
  const out = new Map<string, number>();
  for (const row of rows) {
    if (row.code[0] !== "L") continue;
    const band = row.code[1];
    const d =
      (slipAt.get(`${row.k} ${row.sat} ${band}`) ?? 0) - (slipAt.get(`${row.k} ${row.ref} ${band}`) ?? 0);
    if (d !== 0) out.set(`${row.k} ${row.sat} ${row.code}`, d);
  }
  return out;
}

const worst = (a: number[]) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const fracOf = (x: number) => x - Math.round(x);

describe("simulateRtkPair: double differences against an independent geometric model", () => {
  it("no noise, 360 m static baseline: DD phase - DD range/lambda is an integer, DD code = DD range", () => {
    const r = simulateRtkPair(base({ noise: { code_m: 0, phase_cyc: 0, doppler_hz: 0 }, duration_s: 600 }));
    const g = new Geometry(r);
    const refs = referenceSats(r, g);
    const report = (model: "geometry" | "full") => {
      const rows = doubleDifferences(r, g, refs, model);
      const phase = rows.filter((x) => x.code[0] === "L");
      const code = rows.filter((x) => x.code[0] === "C");
      const wp = worst(phase.map((x) => fracOf(x.res)));
      const wc = worst(code.map((x) => x.res));
      console.log(
        `${model}: ${phase.length} DD phases, worst distance to an integer ${wp.toExponential(2)} cyc; ` +
          `${code.length} DD codes, worst |DD code - model| ${(wc * 1e3).toFixed(4)} mm`,
      );
      expect(phase.length).toBeGreaterThan(10000);
      // integers hold over each arc: no jump anywhere without slips
      expect(integerJumps(r, rows).size).toBe(0);
      return { wp, wc };
    };
    console.log(`references ${JSON.stringify(refs)}`);
    // range only: what is left is the DD troposphere (4 m height difference) and Klobuchar gradient
    const geo = report("geometry");
    expect(geo.wp).toBeLessThan(0.05);
    expect(geo.wc).toBeLessThan(0.01);
    // range + the library's troposphere and ionosphere at each receiver: nothing left
    const full = report("full");
    expect(full.wp).toBeLessThan(1e-5);
    expect(full.wc).toBeLessThan(1e-5);
  });

  it("with noise: DD residuals follow the stated sigma_zenith / sin(el) model; DD phase within 0.05 cyc of an integer", () => {
    const noise = { code_m: 0.3, phase_cyc: 0.003, doppler_hz: 0.05 };
    const r = simulateRtkPair(base({ noise, duration_s: 600, seed: 8 }));
    const g = new Geometry(r);
    const refs = referenceSats(r, g);
    const rows = doubleDifferences(r, g, refs, "full");
    for (const type of ["C", "L"]) {
      const sel = rows.filter((x) => x.code[0] === type);
      const z = sel.map((x) => (type === "L" ? fracOf(x.res) : x.res) / x.sigma);
      const rms = Math.sqrt(z.reduce((s, x) => s + x * x, 0) / z.length);
      console.log(
        `${type === "L" ? "phase" : "code"}: ${z.length} DDs, normalised RMS ${rms.toFixed(4)}, worst |z| ${worst(z).toFixed(2)}`,
      );
      // DDs sharing a reference are correlated (rho = 0.5), so allow 5% on the RMS
      expect(Math.abs(rms - 1)).toBeLessThan(0.05);
      expect(worst(z)).toBeLessThan(5.5);
    }
    expect(integerJumps(r, rows).size).toBe(0);
    // brief: DD phase - DD range / lambda within 0.05 cycles of an integer; all four elevations >= 40 deg
    // (sigma_DD <= 0.0093 cyc, so 0.05 is >= 5.3 sigma)
    const geo = doubleDifferences(r, g, refs, "geometry");
    const high = geo.filter((x) => x.code[0] === "L" && x.minEl_rad >= 40 * DEG);
    const wh = worst(high.map((x) => fracOf(x.res)));
    console.log(
      `range only, all four elevations >= 40 deg: ${high.length} DD phases, worst ${wh.toFixed(4)} cyc`,
    );
    expect(high.length).toBeGreaterThan(2000);
    expect(wh).toBeLessThan(0.05);
  });

  it("given cycle slips: the DD integer jumps by exactly the injected cycles at the slip epoch, LLI as asked", () => {
    const probe = simulateRtkPair(base());
    const g0 = new Geometry(probe);
    const refs = referenceSats(probe, g0);
    // two satellites that stay in view, neither a reference
    const pick = probe.base.epochs[0].sats.filter(
      (s) => !Object.values(refs).includes(s) && g0.at(s, 0, "base").el > 30 * DEG,
    );
    const bds = pick.find((s) => s[0] === "C") as string;
    const gps = pick.find((s) => s[0] === "G") as string;
    const r = simulateRtkPair(
      base({
        slips: [
          { sat: bds, band: "2", time_s: 60, cycles: 7 },
          { sat: bds, time_s: 120, cycles: -3, receiver: "base" },
          { sat: gps, band: "5", time_s: 90.5, cycles: 1, flagged: false },
          { sat: refs.G, band: "1", time_s: 150, cycles: 2 },
          { sat: gps, time_s: 1e6, cycles: 5 },
        ],
      }),
    );
    const g = new Geometry(r);
    expect(referenceSats(r, g)).toEqual(refs);
    const rows = doubleDifferences(r, g, refs);
    const jumps = integerJumps(r, rows);
    const expected = new Map<string, number>([
      [`60 ${bds} L2I`, 7],
      [`120 ${bds} L2I`, 3],
      [`120 ${bds} L7I`, 3],
      [`120 ${bds} L6I`, 3],
      [`91 ${gps} L5Q`, 1],
    ]);
    // the reference's slip on L1 moves every other GPS satellite's DD by -2
    for (const row of rows) if (row.k === 150 && row.code === "L1C") expected.set(`150 ${row.sat} L1C`, -2);
    console.log(`observed DD jumps: ${[...jumps].map(([k, v]) => `${k}: ${v}`).join(", ")}`);
    expect(jumps).toEqual(expected);
    expect(expectedJumps(r, rows)).toEqual(expected);
    // applied list, one row per band; the slip after the end reported as skipped
    expect(
      r.slips.map((s) => `${s.epoch} ${s.receiver} ${s.sat} ${s.band} ${s.cycles} ${s.flagged}`),
    ).toEqual([
      `60 rover ${bds} 2 7 true`,
      `91 rover ${gps} 5 1 false`,
      `120 base ${bds} 2 -3 true`,
      `120 base ${bds} 7 -3 true`,
      `120 base ${bds} 6 -3 true`,
      `150 rover ${refs.G} 1 2 true`,
    ]);
    expect(r.slipsSkipped.map((s) => s.slip.time_s)).toEqual([1e6]);
    // LLI bit 0 on exactly the flagged slips and the arcs' first epochs
    const lli = (rx: RtkReceiver, k: number, sat: string, code: string) => {
      const ep = r[rx].epochs[k];
      const i = ep.sats.indexOf(sat);
      return ep.lli[ep.offsets[i] + ep.codes[i].indexOf(code)];
    };
    expect(lli("rover", 60, bds, "L2I")).toBe(1);
    expect(lli("rover", 60, bds, "L7I")).toBe(0);
    expect(lli("base", 120, bds, "L6I")).toBe(1);
    expect(lli("rover", 120, bds, "L6I")).toBe(0);
    expect(lli("rover", 91, gps, "L5Q")).toBe(0);
    expect(lli("rover", 150, refs.G, "L1C")).toBe(1);
    let flagged = 0;
    for (const rx of ["rover", "base"] as const)
      r[rx].epochs.forEach((ep, k) => {
        ep.lli.forEach((v) => {
          flagged += v & 1;
        });
        if (k === 0) return;
        // other than slips, a flag only where a satellite (re)appears
        for (let i = 0; i < ep.sats.length; i++)
          for (let j = 0; j < ep.codes[i].length; j++) {
            if (!(ep.lli[ep.offsets[i] + j] & 1)) continue;
            const slip = r.slips.some(
              (s) =>
                s.epoch === k && s.receiver === rx && s.sat === ep.sats[i] && s.band === ep.codes[i][j][1],
            );
            expect(slip || !r[rx].epochs[k - 1].sats.includes(ep.sats[i])).toBe(true);
          }
      });
    expect(flagged).toBeGreaterThan(0);
  });

  it("random slips: seeded Poisson rate, every DD jump explained by the reported slips and nothing else", () => {
    const perSatHour = 30;
    const r = simulateRtkPair(
      base({
        randomSlips: { perSatHour, receivers: ["rover", "base"], maxCycles: 4, flaggedProbability: 0.7 },
      }),
    );
    const g = new Geometry(r);
    const rows = doubleDifferences(r, g, referenceSats(r, g));
    const events = new Set(r.slips.map((s) => `${s.epoch} ${s.receiver} ${s.sat}`));
    // satellite-epochs at risk: tracked on both k-1 and k
    let atRisk = 0;
    for (const rx of ["rover", "base"] as const)
      r[rx].epochs.forEach((ep, k) => {
        if (k > 0) atRisk += ep.sats.filter((s) => r[rx].epochs[k - 1].sats.includes(s)).length;
      });
    const mean = (atRisk * perSatHour * r.options.interval_s) / 3600;
    console.log(
      `random slips: ${events.size} events (${r.slips.length} band slips) for an expected ${mean.toFixed(1)}; ` +
        `${r.slips.filter((s) => !s.flagged).length} unflagged`,
    );
    expect(Math.abs(events.size - mean)).toBeLessThan(4 * Math.sqrt(mean));
    expect(
      r.slips.every((s) => s.cycles !== 0 && Math.abs(s.cycles) <= 4 && Number.isInteger(s.cycles)),
    ).toBe(true);
    expect(r.slips.some((s) => !s.flagged)).toBe(true);
    const jumps = integerJumps(r, rows);
    const expected = expectedJumps(r, rows);
    expect(jumps.size).toBeGreaterThan(20);
    expect(jumps).toEqual(expected);
  });

  it("data gaps: the satellite is missing on the rover only, and comes back with a new arc (LLI)", () => {
    const probe = simulateRtkPair(base({ duration_s: 10 }));
    const sat = probe.rover.epochs[0].sats.find((s) => s[0] === "C" && s !== "C60") as string;
    const r = simulateRtkPair(base({ gaps: [{ sat, from_s: 100, to_s: 130 }] }));
    const seen = (rx: RtkReceiver) => r[rx].epochs.map((ep) => ep.sats.includes(sat));
    expect(seen("rover").slice(100, 130).some(Boolean)).toBe(false);
    expect(seen("rover")[99] && seen("rover")[130]).toBe(true);
    expect(seen("base").slice(0, 300).every(Boolean)).toBe(true);
    const ep = r.rover.epochs[130];
    const i = ep.sats.indexOf(sat);
    const phaseFlags = ep.codes[i].filter((c, j) => c[0] === "L" && ep.lli[ep.offsets[i] + j] === 1);
    expect(phaseFlags).toEqual(["L2I", "L7I", "L6I"]);
  });

  it("differential ionosphere: the rover's code grows and phase shrinks by g * L * F(el) * (f_ref/f)^2", () => {
    const o = base({ rover: { kind: "static", offset: enu(8000, 6000, 0) }, duration_s: 60 });
    const plain = simulateRtkPair(o);
    const grad = simulateRtkPair({ ...o, ionoGradient_mm_per_km: 4 });
    expect(rtkPairObsText(grad, "base")).toBe(rtkPairObsText(plain, "base"));
    const g = new Geometry(plain);
    let worstErr = 0;
    let largest = 0;
    plain.rover.epochs.forEach((ep, k) => {
      const eg = grad.rover.epochs[k];
      expect(eg.sats).toEqual(ep.sats);
      const L_m = Math.hypot(...[0, 1, 2].map((a) => plain.roverTruth[k][a] - plain.baseTruth[a]));
      ep.sats.forEach((sat, i) => {
        const el = g.at(sat, k, "rover").el;
        const F = 1 + 16 * (0.53 - el / Math.PI) ** 3; // IS-GPS-200 §20.3.3.5.2.5, E in semicircles
        const extraRef_m = 4e-3 * (L_m / 1000) * F;
        ep.codes[i].forEach((code, j) => {
          const f = FREQ[sat[0]][code[1]];
          const extra = extraRef_m * (F_REF[sat[0]] / f) ** 2;
          const d = eg.values[eg.offsets[i] + j] - ep.values[ep.offsets[i] + j];
          if (code[0] === "C") worstErr = Math.max(worstErr, Math.abs(d - extra));
          if (code[0] === "L") worstErr = Math.max(worstErr, Math.abs(d * (C / f) + extra));
          largest = Math.max(largest, extra);
        });
      });
    });
    console.log(
      `iono gradient 4 mm/km over 10 km: largest extra delay ${(largest * 1e3).toFixed(1)} mm, ` +
        `worst deviation from g L F (f_ref/f)^2 ${(worstErr * 1e6).toFixed(3)} um`,
    );
    expect(largest).toBeGreaterThan(0.04);
    expect(worstErr).toBeLessThan(1e-6);
  });
});

describe("simulateRtkPair: moving rover", () => {
  it("rover truth follows a circle, a line and a user function (own ENU -> ECEF), at the reception instant", () => {
    const cases: { o: RtkPairOptions["rover"]; want: (t: number) => number[] }[] = [
      {
        o: { kind: "circle", centre: enu(100, 50, 2), radius_m: 40, speed_mps: 8, startAzimuth_deg: 90 },
        want: (t) => [
          100 + 40 * Math.sin(Math.PI / 2 + (8 * t) / 40),
          50 + 40 * Math.cos(Math.PI / 2 + (8 * t) / 40),
          2,
        ],
      },
      {
        o: { kind: "line", start: enu(-500, 0, 0), heading_deg: 60, speed_mps: 15, climb_mps: 0.5 },
        want: (t) => [-500 + 15 * t * Math.sin(60 * DEG), 15 * t * Math.cos(60 * DEG), 0.5 * t],
      },
      {
        o: { kind: "function", offsetAt: (t) => enu(10 * Math.sin(t / 20), t, 0.01 * t * t) },
        want: (t) => [10 * Math.sin(t / 20), t, 0.01 * t * t],
      },
    ];
    const m = enuRows(WUZHEN.lat_rad, WUZHEN.lon_rad);
    for (const c of cases) {
      const r = simulateRtkPair(base({ rover: c.o, duration_s: 120, systems: ["C"] }));
      expect(r.roverTruth).toHaveLength(r.rover.epochs.length);
      let worstEnu = 0;
      let worstEcef = 0;
      r.roverTruth.forEach((p, k) => {
        const t = k - r.rover.clock.bias_s[k]; // true reception instant, s from the start
        const w = c.want(t);
        worstEnu = Math.max(worstEnu, ...w.map((x, a) => Math.abs(x - r.roverTruthEnu[k][a])));
        const d = [0, 1, 2].map((a) => p[a] - r.baseTruth[a]);
        const got = m.map((row) => row[0] * d[0] + row[1] * d[1] + row[2] * d[2]);
        worstEcef = Math.max(worstEcef, ...w.map((x, a) => Math.abs(x - got[a])));
      });
      console.log(
        `${c.o.kind}: worst ENU ${worstEnu.toExponential(2)} m, via ECEF ${worstEcef.toExponential(2)} m`,
      );
      expect(worstEnu).toBeLessThan(1e-9);
      expect(worstEcef).toBeLessThan(1e-6);
    }
  });

  it("Doppler carries the rover's velocity: DD phase change over 2 s = Simpson's rule on DD Doppler", () => {
    const r = simulateRtkPair(
      base({
        rover: { kind: "circle", centre: enu(0, 0, 0), radius_m: 50, speed_mps: 10 },
        noise: { code_m: 0, phase_cyc: 0, doppler_hz: 0 },
        duration_s: 120,
      }),
    );
    const g = new Geometry(r);
    const refs = referenceSats(r, g);
    const value = (rx: RtkReceiver, k: number, sat: string, code: string) => {
      const ep = r[rx].epochs[k];
      const i = ep.sats.indexOf(sat);
      return i < 0 ? Number.NaN : ep.values[ep.offsets[i] + ep.codes[i].indexOf(code)];
    };
    const dd = (k: number, sat: string, ref: string, code: string) =>
      value("rover", k, sat, code) -
      value("base", k, sat, code) -
      value("rover", k, ref, code) +
      value("base", k, ref, code);
    let worstErr = 0;
    let largestMotion = 0;
    let n = 0;
    for (let k = 1; k + 1 < r.rover.epochs.length; k++)
      for (const sat of r.rover.epochs[k].sats) {
        const ref = refs[sat[0]];
        if (sat === ref) continue;
        for (const band of sat[0] === "C" ? ["2I"] : ["1C"]) {
          const dPhase = dd(k + 1, sat, ref, `L${band}`) - dd(k - 1, sat, ref, `L${band}`);
          const D = [k - 1, k, k + 1].map((j) => dd(j, sat, ref, `D${band}`));
          const simpson = -(1 / 3) * (D[0] + 4 * D[1] + D[2]);
          if (!Number.isFinite(dPhase + simpson)) continue;
          worstErr = Math.max(worstErr, Math.abs(dPhase - simpson));
          largestMotion = Math.max(largestMotion, Math.abs(dPhase));
          n++;
        }
      }
    console.log(
      `${n} DD phase changes over 2 s, largest ${largestMotion.toFixed(1)} cyc; worst vs Simpson on DD Doppler ` +
        `${worstErr.toExponential(2)} cyc`,
    );
    expect(n).toBeGreaterThan(1000);
    expect(largestMotion).toBeGreaterThan(20);
    expect(worstErr).toBeLessThan(0.005);
  });

  it("a moving rover's double differences close too (no noise, 1 km line at 10 m/s)", () => {
    const r = simulateRtkPair(
      base({
        rover: { kind: "line", start: enu(-300, 100, 0), heading_deg: 80, speed_mps: 10 },
        noise: { code_m: 0, phase_cyc: 0, doppler_hz: 0 },
        duration_s: 100,
      }),
    );
    const g = new Geometry(r);
    const refs = referenceSats(r, g);
    const geo = doubleDifferences(r, g, refs, "geometry");
    const full = doubleDifferences(r, g, refs, "full");
    const wg = worst(geo.filter((x) => x.code[0] === "L").map((x) => fracOf(x.res)));
    const wf = worst(full.filter((x) => x.code[0] === "L").map((x) => fracOf(x.res)));
    const wc = worst(full.filter((x) => x.code[0] === "C").map((x) => x.res));
    console.log(
      `moving rover: worst DD phase distance to an integer ${wg.toFixed(4)} cyc (range only), ` +
        `${wf.toExponential(2)} cyc (models removed); DD code ${(wc * 1e3).toFixed(4)} mm`,
    );
    expect(wg).toBeLessThan(0.05);
    expect(wf).toBeLessThan(1e-5);
    expect(wc).toBeLessThan(1e-5);
    expect(integerJumps(r, full).size).toBe(0);
  });
});

describe("simulateRtkPair: options, determinism, speed", () => {
  it("same seed -> identical output; another seed differs; base does not depend on the rover", () => {
    const o = base({ duration_s: 60, randomSlips: { perSatHour: 60, receivers: ["rover", "base"] } });
    const a = simulateRtkPair(o);
    const b = simulateRtkPair(o);
    const c = simulateRtkPair({ ...o, seed: 6 });
    const d = simulateRtkPair({ ...o, rover: { kind: "circle", centre: SHORT, radius_m: 5, speed_mps: 1 } });
    for (const rx of ["rover", "base"] as const) {
      expect(rtkPairObsText(a, rx)).toBe(rtkPairObsText(b, rx));
      expect(rtkPairObsText(a, rx)).not.toBe(rtkPairObsText(c, rx));
    }
    expect(a.slips).toEqual(b.slips);
    expect(a.slips.some((x) => x.receiver === "base")).toBe(true);
    const baseSlips = (x: RtkPairResult) => x.slips.filter((y) => y.receiver === "base");
    expect(baseSlips(d)).toEqual(baseSlips(a));
    expect(rtkPairObsText(d, "base")).toBe(rtkPairObsText(a, "base"));
    expect(rtkPairObsText(d, "rover")).not.toBe(rtkPairObsText(a, "rover"));
  });

  it("clocks: independent by default, one clock for both when shared", () => {
    const ind = simulateRtkPair(base({ duration_s: 20 }));
    const sh = simulateRtkPair(base({ duration_s: 20, clocks: "shared" }));
    expect(ind.rover.clock.bias_s[0]).not.toBe(ind.base.clock.bias_s[0]);
    expect([...sh.rover.clock.bias_s]).toEqual([...sh.base.clock.bias_s]);
    expect(sh.rover.clock.systemBias_s).toEqual(sh.base.clock.systemBias_s);
  });

  it("rejects inconsistent options with a bad-argument error", () => {
    const expectBad = (o: RtkPairOptions) => {
      try {
        simulateRtkPair(o);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(BeidouError);
        expect((e as BeidouError).code).toBe("bad-argument");
      }
    };
    expectBad(base({ slips: [{ sat: "C99", time_s: 1, cycles: 1 }] }));
    expectBad(base({ slips: [{ sat: "C19", band: "5", time_s: 1, cycles: 1 }] }));
    expectBad(base({ slips: [{ sat: "C19", time_s: 1, cycles: 0.5 }] }));
    expectBad(base({ systems: ["G"], gaps: [{ sat: "C19", from_s: 0, to_s: 1 }] }));
    expectBad(base({ interval_s: 0 }));
    expectBad(base({ rover: { kind: "circle", centre: SHORT, radius_m: 0, speed_mps: 1 } }));
  });

  it("600 epochs at 1 Hz, BDS + GPS, moving rover, in well under 2 s", () => {
    const o = base({
      duration_s: 600,
      elevMask_deg: 0,
      rover: { kind: "circle", centre: SHORT, radius_m: 30, speed_mps: 5 },
      randomSlips: { perSatHour: 2 },
    });
    simulateRtkPair({ ...o, duration_s: 30 }); // warm-up
    const t0 = performance.now();
    const r = simulateRtkPair(o);
    const ms = performance.now() - t0;
    const perEpoch = r.rover.epochs.reduce((s, ep) => s + ep.sats.length, 0) / r.rover.epochs.length;
    console.log(`600 epochs x 2 receivers, ${perEpoch.toFixed(1)} satellites per epoch: ${ms.toFixed(0)} ms`);
    expect(r.rover.epochs).toHaveLength(600);
    expect(perEpoch).toBeGreaterThan(20);
    expect(ms).toBeLessThan(2000);
  });
});
