// Broadcast orbits against precise SP3 orbits (independent products: IAC final with BDS, CNES/CLS GRG MGEX
// final for GPS/Galileo/GLONASS), and the precise-orbit interpolator against held-out SP3 samples.
// Broadcast positions refer to the antenna phase centre, SP3 ones to the centre of mass: metre-level
// differences are expected, kilometres would mean a wrong GEO rotation, time scale or frame.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { parseRinexClock } from "../src/formats/clk/clk.js";
import { parseRinexNav } from "../src/formats/rinex/nav.js";
import { parseSp3 } from "../src/formats/sp3/sp3.js";
import { EphemerisStore } from "../src/orbits/ephemeris-store.js";
import { compareBroadcastToPrecise, type OrbitComparisonRow } from "../src/orbits/orbit-comparison.js";
import { PreciseSource } from "../src/orbits/precise.js";
import type { PreciseOrbitTable } from "../src/orbits/precise-tables.js";
import { addSeconds, diffSeconds } from "../src/time/instant.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/data");
const ESBC = path.join(DATA, "esbc-2020-177-station");
if (!existsSync(ESBC)) console.log(`orbits-precise: ${ESBC} absent, real-data tests skipped`);

function readText(file: string): string {
  const buf = readFileSync(file);
  return (file.endsWith(".gz") || file.endsWith(".GZ") ? gunzipSync(buf) : buf).toString("latin1");
}

function printTable(title: string, rows: OrbitComparisonRow[]): void {
  const lines = rows.map(
    (r) =>
      `${r.sat} ${r.kind.padEnd(4)} ${String(r.epochs).padStart(3)}  R ${r.radial_rms_m.toFixed(2).padStart(6)}  A ${r.along_rms_m.toFixed(2).padStart(6)}  C ${r.cross_rms_m.toFixed(2).padStart(6)}  3D ${r.orbit3d_rms_m.toFixed(2).padStart(6)} (max ${r.orbit3d_max_m.toFixed(2).padStart(6)})` +
      (r.clock_std_ns !== undefined
        ? `  clk rms ${r.clock_rms_ns?.toFixed(2).padStart(6)} std ${r.clock_std_ns.toFixed(2).padStart(5)} ns`
        : ""),
  );
  console.log(`${title}\n${lines.join("\n")}`);
}

describe.skipIf(!existsSync(ESBC))("ESBC 2020-177: broadcast vs precise orbits", () => {
  let store: EphemerisStore;
  let iac: PreciseOrbitTable;
  let grg: PreciseOrbitTable;
  beforeAll(() => {
    store = new EphemerisStore();
    store.addNavigation(
      parseRinexNav(readText(path.join(ESBC, "ESBC00DNK_R_20201770000_01D_MN.rnx.gz"))).data,
    );
    iac = parseSp3(readText(path.join(ESBC, "Sta21114.sp3.gz"))).table;
    grg = parseSp3(readText(path.join(ESBC, "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz"))).table;
  });

  // BDS: MEO/IGSO < 10 m. The one GEO here (C05) shows a steady 15-16 m along-track offset against IAC over
  // all 24 hourly uploads (radial 1 m, cross 3 m): the computation equals RTKLIB's to the millimetre
  // (orbits-rtklib.test.ts) and omitting the GEO rotation gives 3000 km, so this is the GEO broadcast/precise
  // orbit quality of the day (BDS-2 GEO broadcast orbits are the worst BDS class, ~5-15 m 3D in the
  // literature); GEOs get 20 m.
  it("BDS (IAC SP3-d): every satellite in both, GEO and IGSO included, 3D RMS < 10 m (GEO < 20 m)", () => {
    const { satellites } = compareBroadcastToPrecise(store, iac, { systems: ["C"] });
    printTable("BDS broadcast - IAC final (m)", satellites);
    const inBoth = iac.sats.filter((s) => s[0] === "C" && store.sats().includes(s));
    expect(satellites.map((r) => r.sat).sort()).toEqual([...inBoth].sort());
    expect(satellites.some((r) => r.kind === "GEO")).toBe(true);
    expect(satellites.some((r) => r.kind === "IGSO")).toBe(true);
    for (const r of satellites) {
      expect(r.epochs, r.sat).toBeGreaterThanOrEqual(24);
      expect(r.orbit3d_rms_m, r.sat).toBeLessThan(r.kind === "GEO" ? 20 : 10);
    }
    const worst = satellites.reduce((a, b) => (b.orbit3d_rms_m > a.orbit3d_rms_m ? b : a));
    console.log(`BDS worst 3D RMS ${worst.orbit3d_rms_m.toFixed(2)} m (${worst.sat} ${worst.kind})`);
  });

  it("GPS and Galileo (GRG SP3-c): 3D RMS < 5 m for every satellite", () => {
    const { satellites } = compareBroadcastToPrecise(store, grg, { systems: ["G", "E"] });
    printTable("GPS/Galileo broadcast - GRG final (m)", satellites);
    expect(satellites.filter((r) => r.sat[0] === "G").length).toBeGreaterThan(25);
    expect(satellites.filter((r) => r.sat[0] === "E").length).toBeGreaterThan(20);
    for (const r of satellites) {
      expect(r.epochs, r.sat).toBeGreaterThanOrEqual(24);
      expect(r.orbit3d_rms_m, r.sat).toBeLessThan(5);
    }
  });

  it("GLONASS (GRG SP3-c): 3D RMS < 10 m for every satellite", () => {
    const { satellites } = compareBroadcastToPrecise(store, grg, { systems: ["R"] });
    printTable("GLONASS broadcast - GRG final (m)", satellites);
    expect(satellites.length).toBeGreaterThan(18);
    for (const r of satellites) {
      expect(r.epochs, r.sat).toBeGreaterThanOrEqual(24);
      expect(r.orbit3d_rms_m, r.sat).toBeLessThan(10);
    }
  });

  it("a BDS GEO computed without the GEO transformation is off by kilometres", () => {
    const geo = store.sats().find((s) => store.orbitKind(s) === "GEO");
    if (!geo) throw new Error("no GEO in the nav file");
    const k = iac.sats.indexOf(geo);
    const t = iac.epochs[40];
    const eph = store.select(geo, t);
    if (typeof eph === "string") throw new Error(eph);
    const right = store.stateFrom(eph, t, "GEO");
    const wrong = store.stateFrom(eph, t, "IGSO");
    if (typeof right === "string" || typeof wrong === "string") throw new Error("no state");
    const p = [0, 1, 2].map((i) => iac.pos_m[3 * (40 * iac.sats.length + k) + i]);
    const d = (s: typeof right) => Math.hypot(s.pos[0] - p[0], s.pos[1] - p[1], s.pos[2] - p[2]);
    console.log(
      `${geo}: with GEO transformation ${d(right).toFixed(2)} m, without ${(d(wrong) / 1000).toFixed(1)} km`,
    );
    expect(d(right)).toBeLessThan(20);
    expect(d(wrong)).toBeGreaterThan(1000_000);
  });

  it("PreciseSource states agree with broadcast ones within the orbit budget, between SP3 epochs too", () => {
    const src = new PreciseSource([grg, iac], [], { broadcast: store });
    let worst = 0;
    let n = 0;
    for (const sat of ["C05", "C08", "C21", "G05", "E11", "R03"]) {
      for (let m = 10; m < 1440; m += 97) {
        const t = addSeconds(grg.epochs[0], m * 60 + 7.5);
        const p = src.state(sat, t);
        const b = store.state(sat, t);
        if (typeof p === "string" || typeof b === "string" || !b.ephemeris) continue;
        // broadcast records used within their fit (2 h; 15 min for GLONASS), as in compareBroadcastToPrecise
        if (Math.abs(diffSeconds(t, b.ephemeris.toe)) > (sat[0] === "R" ? 900 : 7200)) continue;
        worst = Math.max(worst, Math.hypot(p.pos[0] - b.pos[0], p.pos[1] - b.pos[1], p.pos[2] - b.pos[2]));
        expect(p.kind).toBe(b.kind);
        expect(p.ephemeris).toBeDefined();
        n++;
      }
    }
    console.log(`PreciseSource vs broadcast at ${n} off-grid instants: worst ${worst.toFixed(2)} m`);
    expect(n).toBeGreaterThan(40);
    expect(worst).toBeLessThan(20);
  });
});

describe.skipIf(!existsSync(ESBC))("ESBC 2020-177: precise clocks (GRG 30-s RINEX clock file)", () => {
  it("clock-file clocks equal the same analysis centre's SP3 clocks at the SP3 epochs (< 0.05 ns)", () => {
    const grg = parseSp3(readText(path.join(ESBC, "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz"))).table;
    const clk = parseRinexClock(readText(path.join(ESBC, "GRG0MGXFIN_20201770000_01D_30S_CLK.CLK.gz"))).table;
    const src = new PreciseSource([grg], [clk]);
    const ns = grg.sats.length;
    let worst = 0;
    let n = 0;
    for (let ie = 0; ie < grg.epochs.length; ie++) {
      for (let is = 0; is < ns; is++) {
        const c = grg.clock_s[ie * ns + is];
        const p = src.clockBias(grg.sats[is], grg.epochs[ie]);
        if (!Number.isFinite(c) || !Number.isFinite(p)) continue;
        worst = Math.max(worst, Math.abs(c - p));
        n++;
      }
    }
    console.log(`GRG CLK vs GRG SP3 clocks at ${n} samples: worst ${(worst * 1e9).toFixed(4)} ns`);
    expect(n).toBeGreaterThan(5000);
    expect(worst).toBeLessThan(0.05e-9);
  });

  it("GPS: precise clock + relativity vs broadcast clock, common offset removed: std < 5 ns, RMS < 8 ns per satellite", () => {
    const store = new EphemerisStore();
    store.addNavigation(
      parseRinexNav(readText(path.join(ESBC, "ESBC00DNK_R_20201770000_01D_MN.rnx.gz"))).data,
    );
    const grg = parseSp3(readText(path.join(ESBC, "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz"))).table;
    const clk = parseRinexClock(readText(path.join(ESBC, "GRG0MGXFIN_20201770000_01D_30S_CLK.CLK.gz"))).table;
    const src = new PreciseSource([grg], [clk], { broadcast: store });
    const sats = src.sats().filter((s) => s[0] === "G");
    const diffs = new Map<string, number[]>(sats.map((s) => [s, []]));
    // every 5 min, off the SP3 grid; broadcast records within 2 h of toe
    for (let m = 7.25; m < 1440; m += 5) {
      const t = addSeconds(grg.epochs[0], m * 60);
      const row: Array<[string, number]> = [];
      for (const sat of sats) {
        const p = src.state(sat, t);
        const b = store.state(sat, t);
        if (typeof p === "string" || typeof b === "string" || !b.ephemeris) continue;
        if (Math.abs(diffSeconds(t, b.ephemeris.toe)) > 7200) continue;
        row.push([sat, b.clockBias_s - p.clockBias_s]);
      }
      if (row.length < 4) continue;
      const mean = row.reduce((a, [, d]) => a + d, 0) / row.length;
      for (const [sat, d] of row) diffs.get(sat)?.push(d - mean);
    }
    let worstRms = 0;
    let worstStd = 0;
    let at = "";
    let counted = 0;
    for (const [sat, d] of diffs) {
      if (d.length < 50) continue;
      counted++;
      const mean = d.reduce((a, x) => a + x, 0) / d.length;
      const rms = Math.sqrt(d.reduce((a, x) => a + x * x, 0) / d.length);
      const std = Math.sqrt(Math.max(0, rms * rms - mean * mean));
      if (rms > worstRms) {
        worstRms = rms;
        at = sat;
      }
      worstStd = Math.max(worstStd, std);
    }
    console.log(
      `GPS broadcast - precise clock, ${counted} satellites (common offset removed): worst RMS ${(worstRms * 1e9).toFixed(2)} ns (${at}), worst std ${(worstStd * 1e9).toFixed(2)} ns`,
    );
    expect(counted).toBeGreaterThan(25);
    // A wrong sign of the relativistic term would add a periodic 2 F e sqrt(A) sin E: 25-90 ns amplitude on
    // GPS orbits (e = 0.005-0.02). Broadcast clock errors are a few ns, plus a steady per-satellite offset.
    expect(worstStd).toBeLessThan(5e-9);
    expect(worstRms).toBeLessThan(8e-9);
  });
});

/** The table without the epochs `drop` selects. */
function withoutEpochs(tab: PreciseOrbitTable, drop: (ie: number) => boolean): PreciseOrbitTable {
  const keep = tab.epochs.map((_, i) => i).filter((i) => !drop(i));
  const ns = tab.sats.length;
  const pos = new Float64Array(keep.length * ns * 3);
  const clk = new Float64Array(keep.length * ns);
  keep.forEach((ie, j) => {
    pos.set(tab.pos_m.subarray(ie * ns * 3, (ie + 1) * ns * 3), j * ns * 3);
    clk.set(tab.clock_s.subarray(ie * ns, (ie + 1) * ns), j * ns);
  });
  return { ...tab, epochs: keep.map((i) => tab.epochs[i]), pos_m: pos, clock_s: clk };
}

/** Orbit eccentricity estimated from the radius range over the table. */
function eccentricity(tab: PreciseOrbitTable, is: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  const ns = tab.sats.length;
  for (let ie = 0; ie < tab.epochs.length; ie++) {
    const k = 3 * (ie * ns + is);
    const r = Math.hypot(tab.pos_m[k], tab.pos_m[k + 1], tab.pos_m[k + 2]);
    if (!Number.isFinite(r)) continue;
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  }
  return (hi - lo) / (hi + lo);
}

interface HoldOutStats {
  n: number;
  sum2: number;
  worst: number;
  at: string;
}

type Bucket = "circular" | "gpsLike" | "eccentric" | "edge" | "eccentricEdge";

/**
 * Predict the held-out samples of `full` from `kept`. Buckets by eccentricity: < 0.01 (BDS, Galileo, GLONASS),
 * 0.01-0.05 (some GPS), >= 0.05 (Galileo E14/E18, e = 0.16); end windows (lopsided node sets) apart, split
 * at e = 0.05 too.
 */
function holdOut(
  full: PreciseOrbitTable,
  kept: PreciseOrbitTable,
  heldOut: (ie: number) => boolean,
  centred: (ie: number) => boolean,
) {
  const src = new PreciseSource([kept], []);
  const out = new Float64Array(6);
  const ns = full.sats.length;
  const stats: Record<Bucket, HoldOutStats> = {
    circular: { n: 0, sum2: 0, worst: 0, at: "" },
    gpsLike: { n: 0, sum2: 0, worst: 0, at: "" },
    eccentric: { n: 0, sum2: 0, worst: 0, at: "" },
    edge: { n: 0, sum2: 0, worst: 0, at: "" },
    eccentricEdge: { n: 0, sum2: 0, worst: 0, at: "" },
  };
  const ecc = full.sats.map((_, is) => eccentricity(full, is));
  for (let ie = 0; ie < full.epochs.length; ie++) {
    if (!heldOut(ie)) continue;
    for (let is = 0; is < ns; is++) {
      const k = 3 * (ie * ns + is);
      if (!Number.isFinite(full.pos_m[k])) continue;
      if (!src.positionInto(full.sats[is], full.epochs[ie], out)) continue;
      const d = Math.hypot(out[0] - full.pos_m[k], out[1] - full.pos_m[k + 1], out[2] - full.pos_m[k + 2]);
      const e = ecc[is];
      const where =
        stats[
          !centred(ie)
            ? e < 0.05
              ? "edge"
              : "eccentricEdge"
            : e < 0.01
              ? "circular"
              : e < 0.05
                ? "gpsLike"
                : "eccentric"
        ];
      where.n++;
      where.sum2 += d * d;
      if (d > where.worst) {
        where.worst = d;
        where.at = `${full.sats[is]} epoch ${ie}`;
      }
    }
  }
  return stats;
}

const line = (s: HoldOutStats) =>
  s.n === 0
    ? "none"
    : `${s.n}, RMS ${(Math.sqrt(s.sum2 / s.n) * 1000).toFixed(1)} mm, worst ${(s.worst * 1000).toFixed(1)} mm (${s.at})`;
const report = (title: string, st: Record<Bucket, HoldOutStats>) =>
  console.log(
    `${title}\n  e<0.01: ${line(st.circular)}\n  0.01<=e<0.05: ${line(st.gpsLike)}\n  e>=0.05: ${line(st.eccentric)}\n  end windows e<0.05: ${line(st.edge)}\n  end windows e>=0.05 (not asserted): ${line(st.eccentricEdge)}`,
  );

// 11-point Lagrange error grows like (k n h)^11 times the k-th orbit harmonic (~ e^(k-1)): a pure Kepler orbit
// (a 29600 km) interpolated from 30-min nodes gives 0.2 mm at e = 0, 22 mm at e = 0.01 and 7 m at e = 0.16;
// from 15-min nodes 14 mm at e = 0.16. The tolerances below follow that, per eccentricity bucket.
describe.skipIf(!existsSync(ESBC))("precise-orbit interpolation against held-out SP3 samples", () => {
  for (const [name, file] of [
    ["GRG (GPS/GLONASS/Galileo)", "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz"],
    ["IAC (BDS GEO/IGSO/MEO and others)", "Sta21114.sp3.gz"],
  ] as const) {
    it(`${name}: every other epoch dropped (30-min nodes): near-circular orbits within 5 cm`, () => {
      const full = parseSp3(readText(path.join(ESBC, file))).table;
      const ne = full.epochs.length;
      const odd = (ie: number) => ie % 2 === 1;
      // centred windows need 5 kept nodes (10 epochs) on each side; nearer the ends the 11 nodes are lopsided
      const st = holdOut(
        full,
        withoutEpochs(full, odd),
        (ie) => odd(ie) && ie < ne - 1,
        (ie) => ie >= 9 && ie <= ne - 11,
      );
      report(`${name}, every other epoch held out (30-min nodes):`, st);
      expect(st.circular.n).toBeGreaterThan(1000);
      expect(st.circular.worst).toBeLessThan(0.05);
      expect(st.gpsLike.worst).toBeLessThan(0.2);
      expect(st.eccentric.worst).toBeLessThan(50);
      expect(st.edge.worst).toBeLessThan(5);
    });

    it(`${name}: one epoch in eleven dropped (15-min nodes, one 30-min gap): within 5 cm up to e = 0.05`, () => {
      const full = parseSp3(readText(path.join(ESBC, file))).table;
      const ne = full.epochs.length;
      const drop = (ie: number) => ie % 11 === 5;
      const st = holdOut(full, withoutEpochs(full, drop), drop, (ie) => ie >= 5 && ie <= ne - 6);
      report(`${name}, one epoch in eleven held out (15-min nodes):`, st);
      expect(st.circular.n + st.gpsLike.n).toBeGreaterThan(500);
      expect(Math.max(st.circular.worst, st.gpsLike.worst)).toBeLessThan(0.05);
      expect(st.eccentric.worst).toBeLessThan(0.5);
      expect(st.edge.worst).toBeLessThan(1);
    });
  }

  it("velocity is the derivative of the interpolated position (1 mm/s) and sits on the orbit", () => {
    const grg = parseSp3(readText(path.join(ESBC, "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz"))).table;
    const src = new PreciseSource([grg], []);
    const o = new Float64Array(6);
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    let worst = 0;
    for (const sat of ["G05", "E11", "R03"]) {
      for (let m = 100; m < 1300; m += 111) {
        const t = addSeconds(grg.epochs[0], m * 60 + 13.25);
        expect(src.positionInto(sat, t, o)).toBe(true);
        src.positionInto(sat, addSeconds(t, 0.5), a);
        src.positionInto(sat, addSeconds(t, -0.5), b);
        for (let i = 0; i < 3; i++) worst = Math.max(worst, Math.abs(o[3 + i] - (a[i] - b[i])));
        // inertial speed of a GNSS MEO: 3.5-4 km/s
        const vi = Math.hypot(o[3] - 7.2921151467e-5 * o[1], o[4] + 7.2921151467e-5 * o[0], o[5]);
        expect(vi).toBeGreaterThan(3400);
        expect(vi).toBeLessThan(4100);
      }
    }
    console.log(`precise velocity vs central difference: worst ${(worst * 1000).toFixed(4)} mm/s`);
    expect(worst).toBeLessThan(1e-3);
  });
});
