// NMEA 0183 v4.11 sentences from solutions. References: the checksum recomputed here (IEC 61162-1,
// XOR between "$" and "*"); a field split written here; geodetic <-> ECEF and the ENU rotation written here
// from the WGS84 parameters (NIMA TR8350.2 §3); NMEA 4.11 signal ids as the u-blox / Unicore receivers
// in ../shared/data/nmea-bds-logs emit them (pynmeagps's table); and the real GSV sentences of those logs,
// which the same structural check must accept.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DEG, type Ecef, ecef } from "../../frames/vectors.js";
import { EphemerisStore } from "../../orbits/ephemeris-store.js";
import type { SatelliteResult, Solution } from "../../positioning/solution.js";
import { SppSolver } from "../../positioning/spp.js";
import type { PositioningSystem } from "../../signals/system.js";
import { simulate } from "../../sim/simulate.js";
import { fromCalendar, instant } from "../../time/instant.js";
import { nmeaSentences } from "./nmea.js";

const LOGS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../..",
  "../shared/data/nmea-bds-logs",
);

// ---------------------------------------------------------------------------------------------------------
// independent helpers

interface Parsed {
  talker: string;
  type: string;
  f: string[];
}

/** Splits one sentence (without CR LF), checking framing and checksum; null when malformed. */
function parse(line: string): Parsed | null {
  const m = /^\$([A-Z]{2})([A-Z]{3}),(.*)\*([0-9A-F]{2})$/.exec(line);
  if (!m) return null;
  const body = line.slice(1, line.indexOf("*"));
  let x = 0;
  for (const ch of body) x ^= ch.charCodeAt(0);
  if (x !== Number.parseInt(m[4], 16)) return null;
  return { talker: m[1], type: m[2], f: m[3].split(",") };
}

function sentencesOf(text: string): Parsed[] {
  expect(text.endsWith("\r\n")).toBe(true);
  const lines = text.slice(0, -2).split("\r\n");
  return lines.map((l) => {
    expect(l.length + 2, l).toBeLessThanOrEqual(82); // NMEA 0183: at most 82 characters with CR LF
    const p = parse(l);
    expect(p, l).not.toBeNull();
    return p as Parsed;
  });
}

/** WGS84 (NIMA TR8350.2): a = 6378137 m, f = 1/298.257223563. */
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
function toEcef(lat: number, lon: number, h: number): Ecef {
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  return ecef(
    (n + h) * Math.cos(lat) * Math.cos(lon),
    (n + h) * Math.cos(lat) * Math.sin(lon),
    (n * (1 - E2) + h) * Math.sin(lat),
  );
}

/** ddmm.mmmm / dddmm.mmmm and hemisphere -> degrees. */
function nmeaDeg(v: string, hemi: string): number {
  const dot = v.indexOf(".");
  const deg = Number(v.slice(0, dot - 2));
  const min = Number(v.slice(dot - 2));
  return (deg + min / 60) * (hemi === "S" || hemi === "W" ? -1 : 1);
}

/** NMEA 4.11 signal ids of the RINEX codes the arbitrary solutions use (u-blox/Unicore/pynmeagps table). */
const SIGNAL: Record<PositioningSystem, Record<string, number>> = {
  C: { C2I: 0x1, C1P: 0x3, C1X: 0x3, C5P: 0x5, C5X: 0x5, C7I: 0xb, C7D: 0x6, C6I: 0x8, C8X: 0x7 },
  // GPS L2 P(Y) as receivers give it: C2W (Z-tracking) and C2P
  G: { C1C: 0x1, C1W: 0x2, C2W: 0x4, C2P: 0x4, C2S: 0x5, C2L: 0x6, C5I: 0x7, C5Q: 0x8 },
  E: { C1C: 0x7, C1X: 0x7, C5Q: 0x1, C7Q: 0x2, C8Q: 0x3, C6C: 0x5 },
  R: { C1C: 0x1, C1P: 0x2, C2C: 0x3, C2P: 0x4 },
  J: { C1C: 0x1, C1L: 0x3, C1Z: 0x4, C2L: 0x6, C5Q: 0x8 },
};
const NMEA_SYS: Record<PositioningSystem, number> = { G: 1, R: 2, E: 3, C: 4, J: 5 };
const TALKER: Record<PositioningSystem, string> = { C: "GB", G: "GP", R: "GL", E: "GA", J: "GQ" };
const MAX_PRN: Record<PositioningSystem, number> = { C: 63, G: 32, R: 24, E: 36, J: 10 };
const nmeaId = (sat: string) => (sat[0] === "R" ? 64 : 0) + Number(sat.slice(1));

/** GSV structure: total, number, count, then 4-field groups, then the signal id (one hex digit). */
function gsvShapeOk(p: Parsed): boolean {
  const n = p.f.length - 4;
  if (n < 4 || n % 4 !== 0 || n > 16) return false;
  if (!/^[0-9A-F]$/.test(p.f[p.f.length - 1])) return false;
  return p.f.slice(0, 3).every((x) => /^\d+$/.test(x));
}

// ---------------------------------------------------------------------------------------------------------
// arbitrary solutions

interface Truth {
  lat: number;
  lon: number;
  h: number;
  cov: Float64Array;
}

const satellites = fc
  .uniqueArray(
    fc.record({
      sys: fc.constantFrom<PositioningSystem>("C", "G", "E", "R", "J"),
      prn: fc.integer({ min: 1, max: 63 }),
    }),
    { minLength: 1, maxLength: 40, selector: (s) => `${s.sys}${Math.min(s.prn, MAX_PRN[s.sys])}` },
  )
  .chain((list) =>
    fc.tuple(
      ...list.map((s) =>
        fc.record({
          sat: fc.constant(`${s.sys}${String(Math.min(s.prn, MAX_PRN[s.sys])).padStart(2, "0")}`),
          codes: fc.subarray(Object.keys(SIGNAL[s.sys]), { minLength: 0, maxLength: 2 }),
          used: fc.boolean(),
          az: fc.double({ min: 0, max: 2 * Math.PI, maxExcluded: true, noNaN: true }),
          el: fc.double({ min: 0, max: Math.PI / 2, noNaN: true }),
          cn0: fc.oneof(fc.double({ min: 10, max: 60, noNaN: true }), fc.constant(Number.NaN)),
          res: fc.double({ min: -20, max: 20, noNaN: true }),
        }),
      ),
    ),
  )
  .map((list) =>
    list.map(
      (x): SatelliteResult => ({
        sat: x.sat,
        kind: "MEO",
        codes:
          x.used && x.codes.length === 0 ? [Object.keys(SIGNAL[x.sat[0] as PositioningSystem])[0]] : x.codes,
        az_rad: x.used ? x.az : Number.NaN,
        el_rad: x.used ? x.el : Number.NaN,
        cn0_dbhz: x.cn0,
        residual_m: x.used ? x.res : Number.NaN,
        sigma_m: 1,
        iono_m: 0,
        tropo_m: 0,
        used: x.used,
      }),
    ),
  );

const solution: fc.Arbitrary<{ s: Solution; t: Truth }> = fc
  .record({
    lat: fc.double({ min: -89 * DEG, max: 89 * DEG, noNaN: true }),
    lon: fc.double({ min: -Math.PI, max: Math.PI, maxExcluded: true, noNaN: true }),
    h: fc.double({ min: -100, max: 9000, noNaN: true }),
    // covariance L L^T from a lower triangle (m)
    l: fc.tuple(
      fc.double({ min: 0.05, max: 30, noNaN: true }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.double({ min: 0.05, max: 30, noNaN: true }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.double({ min: 0.05, max: 30, noNaN: true }),
    ),
    sats: satellites,
    sec: fc.integer({ min: 1.2e9, max: 1.6e9 }),
    cs: fc.integer({ min: 0, max: 99 }),
    dop: fc.tuple(fc.double({ min: 0.5, max: 9, noNaN: true }), fc.double({ min: 0.5, max: 9, noNaN: true })),
  })
  .filter((r) => r.sats.some((x) => x.used))
  .map((r) => {
    const [a, b, c, d, e, f] = r.l;
    const L = [a, 0, 0, b, c, 0, d, e, f];
    const cov = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) cov[3 * i + j] += L[3 * i + k] * L[3 * j + k];
    const used = r.sats.filter((x) => x.used).length;
    const s: Solution = {
      epochTime: instant("GPST", r.sec, r.cs / 100),
      time: instant("GPST", r.sec, r.cs / 100),
      status: "single",
      pos: toEcef(r.lat, r.lon, r.h),
      cov_m2: cov,
      clockBias_m: {},
      dop: { gdop: r.dop[0] + r.dop[1], pdop: r.dop[0], hdop: r.dop[1], vdop: r.dop[0] },
      nsUsed: used,
      satellites: r.sats,
    };
    return { s, t: { lat: r.lat, lon: r.lon, h: r.h, cov } };
  });

/** ENU covariance (rows/cols e, n, u) of an ECEF covariance at lat, lon: R C R^T, R rows = e, n, u. */
function enuCov(c: Float64Array, lat: number, lon: number): number[][] {
  const e = [-Math.sin(lon), Math.cos(lon), 0];
  const n = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const u = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  const R = [e, n, u];
  const out = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) out[i][j] += R[i][k] * c[3 * k + l] * R[j][l];
  return out;
}

// ---------------------------------------------------------------------------------------------------------

describe("NMEA sentences from solutions", () => {
  const worst = { gga_deg: 0, sigma_m: 0, ellipse: 0, azel_deg: 0 };

  test.prop([solution, fc.constantFrom<"GB" | "BD">("GB", "BD")], { numRuns: 300 })(
    "checksums, GGA position, GSA ids, GSV counts/az/el/signal ids, GST sigmas and ellipse",
    ({ s, t }, bdsTalker) => {
      const text = nmeaSentences(s, bdsTalker === "BD" ? { bdsTalker } : {});
      const ps = sentencesOf(text);
      const usedSys = [
        ...new Set(s.satellites.filter((x) => x.used).map((x) => x.sat[0] as PositioningSystem)),
      ];
      const talkerOf = (sys: PositioningSystem) => (sys === "C" ? bdsTalker : TALKER[sys]);
      const main = usedSys.length === 1 ? talkerOf(usedSys[0]) : "GN";

      // GGA: position back to 1e-8 deg (ddmm.mmmmmmm), height to 1 mm, satellites used
      const gga = ps.filter((p) => p.type === "GGA");
      expect(gga).toHaveLength(1);
      expect(gga[0].talker).toBe(main);
      const lat = nmeaDeg(gga[0].f[1], gga[0].f[2]);
      const lon = nmeaDeg(gga[0].f[3], gga[0].f[4]);
      const dLon = Math.abs(((lon - t.lon / DEG + 540) % 360) - 180);
      worst.gga_deg = Math.max(worst.gga_deg, Math.abs(lat - t.lat / DEG), dLon);
      expect(Math.abs(lat - t.lat / DEG)).toBeLessThan(1e-8);
      expect(dLon).toBeLessThan(1e-8);
      expect(Math.abs(Number(gga[0].f[8]) - t.h)).toBeLessThan(0.0006);
      expect(Number(gga[0].f[6])).toBe(s.nsUsed);

      // GSA: one per system with used satellites, ids and system id
      const gsa = ps.filter((p) => p.type === "GSA");
      expect(gsa.length).toBeGreaterThanOrEqual(usedSys.length);
      for (const sys of usedSys) {
        const mine = gsa.filter((p) => Number(p.f[17]) === NMEA_SYS[sys]);
        const ids = mine.flatMap((p) => p.f.slice(2, 14).filter((x) => x !== "")).map(Number);
        const expected = s.satellites.filter((x) => x.used && x.sat[0] === sys).map((x) => nmeaId(x.sat));
        expect(ids.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
        for (const p of mine) expect(p.talker).toBe(main);
      }

      // GSV: per system talker and signal id; counts, sequence numbers, az/el/SNR, signal of every code
      const gsv = ps.filter((p) => p.type === "GSV");
      for (const p of gsv) expect(gsvShapeOk(p), p.f.join(",")).toBe(true);
      for (const sys of ["C", "G", "E", "R", "J"] as PositioningSystem[]) {
        const sats = s.satellites.filter((x) => x.sat[0] === sys);
        const mine = gsv.filter((p) => p.talker === talkerOf(sys));
        if (sats.length === 0) {
          expect(mine).toHaveLength(0);
          continue;
        }
        const groups = new Map<string, Parsed[]>();
        for (const p of mine) {
          const id = p.f[p.f.length - 1];
          groups.set(id, [...(groups.get(id) ?? []), p]);
        }
        const seen = new Map<number, Set<number>>(); // NMEA sat id -> signal ids
        for (const [id, list] of groups) {
          const total = Number(list[0].f[0]);
          expect(list).toHaveLength(total);
          list.forEach((p, k) => {
            expect(Number(p.f[0])).toBe(total);
            expect(Number(p.f[1])).toBe(k + 1);
          });
          const entries = list.flatMap((p) => {
            const out: string[][] = [];
            for (let k = 3; k + 4 <= p.f.length - 1; k += 4) out.push(p.f.slice(k, k + 4));
            return out;
          });
          expect(entries.length).toBe(Number(list[0].f[2]));
          expect(total).toBe(Math.ceil(entries.length / 4));
          for (const [sv, el, az, snr] of entries) {
            const x = sats.find((y) => nmeaId(y.sat) === Number(sv));
            expect(x, `${sys} ${sv}`).toBeDefined();
            if (!x) continue;
            const ids = seen.get(Number(sv)) ?? new Set<number>();
            ids.add(Number.parseInt(id, 16));
            seen.set(Number(sv), ids);
            if (Number.isFinite(x.el_rad)) {
              const dEl = Math.abs(Number(el) - x.el_rad / DEG);
              const dAz = Math.abs(((Number(az) - x.az_rad / DEG + 540) % 360) - 180);
              worst.azel_deg = Math.max(worst.azel_deg, dEl, dAz);
              expect(dEl).toBeLessThanOrEqual(0.5);
              expect(dAz).toBeLessThanOrEqual(0.5);
            } else {
              expect([el, az]).toEqual(["", ""]);
            }
            if (Number.isFinite(x.cn0_dbhz))
              expect(Math.abs(Number(snr) - x.cn0_dbhz)).toBeLessThanOrEqual(0.5);
            else expect(snr).toBe("");
          }
        }
        // every satellite of the system, under the signal of each of its codes (none: signal 0)
        expect([...seen.keys()].sort((a, b) => a - b)).toEqual(
          sats.map((x) => nmeaId(x.sat)).sort((a, b) => a - b),
        );
        for (const x of sats) {
          const expected = new Set(x.codes.length ? x.codes.map((c) => SIGNAL[sys][c]) : [0]);
          expect([...(seen.get(nmeaId(x.sat)) ?? [])].sort()).toEqual([...expected].sort());
        }
      }

      // GST: sigmas = sqrt of the ENU covariance diagonal; ellipse from its horizontal block
      const gst = ps.filter((p) => p.type === "GST");
      expect(gst).toHaveLength(1);
      expect(gst[0].talker).toBe(main);
      const [, rms, smaj, smin, orient, sLat, sLon, sAlt] = gst[0].f.map(Number);
      const res = s.satellites.filter((x) => x.used).map((x) => x.residual_m);
      expect(Math.abs(rms - Math.sqrt(res.reduce((a, v) => a + v * v, 0) / res.length))).toBeLessThanOrEqual(
        0.0005,
      );
      const C = enuCov(t.cov, t.lat, t.lon);
      const ds = [sLat - Math.sqrt(C[1][1]), sLon - Math.sqrt(C[0][0]), sAlt - Math.sqrt(C[2][2])].map(
        Math.abs,
      );
      worst.sigma_m = Math.max(worst.sigma_m, ...ds);
      for (const d of ds) expect(d).toBeLessThanOrEqual(0.0005 + 1e-9);
      // invariants of the 2x2 block: trace, determinant, and the variance along the printed orientation,
      // each within what rounding smaj and smin to 1 mm (d) and the orientation to 0.1 deg allows
      const d = 0.0005;
      const trace = C[0][0] + C[1][1];
      const det = C[0][0] * C[1][1] - C[0][1] * C[1][0];
      const th = orient * DEG;
      const along =
        C[0][0] * Math.sin(th) ** 2 + C[1][1] * Math.cos(th) ** 2 + 2 * C[0][1] * Math.sin(th) * Math.cos(th);
      const e1 = Math.abs(smaj ** 2 + smin ** 2 - trace) / (2 * (smaj + smin) * d + 2 * d * d + 1e-9);
      const e2 = Math.abs(smaj * smin - Math.sqrt(Math.max(0, det))) / ((smaj + smin) * d + d * d + 1e-9);
      const e3 =
        Math.abs(along - smaj ** 2) /
        (2 * smaj * d + d * d + (smaj ** 2 - smin ** 2) * Math.sin(0.1 * DEG) ** 2 + 1e-9);
      worst.ellipse = Math.max(worst.ellipse, e1, e2, e3);
      expect(e1).toBeLessThanOrEqual(1);
      expect(e2).toBeLessThanOrEqual(1);
      expect(e3).toBeLessThanOrEqual(1);
      expect(orient).toBeGreaterThanOrEqual(0);
      expect(orient).toBeLessThan(180.05);
    },
  );

  it("reports the worst cases", () => {
    console.log(
      `NMEA: worst GGA lat/lon ${worst.gga_deg.toExponential(2)} deg, GSV az/el ${worst.azel_deg.toFixed(3)} deg (integer fields), GST sigmas ${worst.sigma_m.toExponential(2)} m (3 decimals), ellipse invariants ${worst.ellipse.toFixed(3)} of their rounding bound`,
    );
    expect(worst.sigma_m).toBeLessThanOrEqual(0.0005 + 1e-9);
  });

  it("hand-made BDS-only epoch: GB talker (BD on request), B1I and B3I groups, GLONASS ids 65-88, no-fix output", () => {
    const base: SatelliteResult = {
      sat: "C19",
      kind: "MEO",
      codes: ["C2I", "C6I"],
      az_rad: 45 * DEG,
      el_rad: 30 * DEG,
      cn0_dbhz: 41.4,
      residual_m: 1,
      sigma_m: 1,
      iono_m: 0,
      tropo_m: 0,
      used: true,
    };
    const sats = [
      base,
      { ...base, sat: "C20", az_rad: 100 * DEG, el_rad: 60 * DEG, residual_m: -1 },
      { ...base, sat: "C59", kind: "GEO" as const, codes: ["C2I"], az_rad: 200 * DEG, el_rad: 40 * DEG },
      { ...base, sat: "C36", az_rad: 300 * DEG, el_rad: 10 * DEG, residual_m: 0.5 },
      { ...base, sat: "C45", az_rad: 10 * DEG, el_rad: 80 * DEG, residual_m: -0.5 },
    ];
    const s: Solution = {
      epochTime: fromCalendar("GPST", { year: 2024, month: 6, day: 24, hour: 10, minute: 0, second: 18 }),
      time: fromCalendar("GPST", { year: 2024, month: 6, day: 24, hour: 10, minute: 0, second: 18 }),
      status: "single",
      pos: toEcef(35.1 * DEG, 136.9 * DEG, 50),
      cov_m2: Float64Array.of(4, 0, 0, 0, 4, 0, 0, 0, 4),
      clockBias_m: {},
      dop: { gdop: 2, pdop: 1.8, hdop: 1.0, vdop: 1.5 },
      nsUsed: 5,
      satellites: sats,
    };
    const lines = nmeaSentences(s).split("\r\n");
    // UTC = GPST - 18 s
    expect(lines[0].startsWith("$GBGGA,100000.00,3506.0000000,N,13654.0000000,E,1,05,1.0,")).toBe(true);
    expect(lines.filter((l) => l.startsWith("$GBGSV"))).toEqual([
      // B1I: 5 satellites in two sentences; B3I: the four that have C6I
      expect.stringMatching(/^\$GBGSV,2,1,05,19,30,045,41,20,60,100,41,36,10,300,41,45,80,010,41,1\*/),
      expect.stringMatching(/^\$GBGSV,2,2,05,59,40,200,41,1\*/),
      expect.stringMatching(/^\$GBGSV,1,1,04,19,30,045,41,20,60,100,41,36,10,300,41,45,80,010,41,8\*/),
    ]);
    // sigma 2 m on each ECEF axis: 2 m on each local axis, a circle
    expect(lines.find((l) => l.startsWith("$GBGST"))).toMatch(
      /^\$GBGST,100000\.00,0\.837,2\.000,2\.000,[\d.]+,2\.000,2\.000,2\.000\*/,
    );
    expect(nmeaSentences(s, { bdsTalker: "BD" })).toContain(
      "$BDGSA,A,3,19,20,36,45,59,,,,,,,,1.8,1.0,1.5,4*",
    );
    expect(nmeaSentences(s, { sentences: ["GST"] }).split("\r\n")).toHaveLength(2);
    // a GLONASS satellite: id 64 + slot, GL talker, G1 C/A = 1, G2 C/A = 3; the fix becomes GN
    const withR = { ...s, satellites: [...sats, { ...base, sat: "R24", codes: ["C1C", "C2C"] }], nsUsed: 6 };
    const t = nmeaSentences(withR);
    expect(t).toContain("$GNGGA,");
    expect(t).toMatch(/\$GLGSV,1,1,01,88,30,045,41,1\*/);
    expect(t).toMatch(/\$GLGSV,1,1,01,88,30,045,41,3\*/);
    expect(t).toMatch(/\$GNGSA,A,3,88,,,,,,,,,,,,1\.8,1\.0,1\.5,2\*/);
    // no solution: GGA quality 0 and RMC status V only
    const none = nmeaSentences({ ...s, status: "none" }).split("\r\n");
    expect(none.map((l) => l.slice(0, 6))).toEqual(["$GBGGA", "$GBRMC", ""]);
    expect(none[0]).toMatch(/^\$GBGGA,100000\.00,,,,,0,00,/);
  });

  it("solver output (five simulated BDS + GPS minutes, SppSolver): every satellite in GSV, GST from the solver's covariance", () => {
    const sim = simulate({
      rx: { lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 10 },
      start: fromCalendar("GPST", { year: 2026, month: 3, day: 1, hour: 6, minute: 0, second: 0 }),
      duration_s: 300,
      interval_s: 30,
      systems: ["C", "G"],
      seed: 3,
    });
    const store = new EphemerisStore();
    store.addNavigation(sim.nav);
    const solver = new SppSolver(
      { source: store, iono: store.iono() },
      { systems: ["C", "G"], smoothingWindow: 0 },
    );
    let epochs = 0;
    let used = 0;
    for (const ep of sim.epochs) {
      const s = solver.solve(ep);
      expect(s.status).toBe("single");
      const ps = sentencesOf(nmeaSentences(s));
      for (const sys of ["C", "G"] as PositioningSystem[]) {
        const sats = s.satellites.filter((x) => x.sat[0] === sys);
        const groups = ps.filter((p) => p.type === "GSV" && p.talker === TALKER[sys] && p.f[1] === "1");
        // one group per signal, counting the satellites whose codes have that signal (none: signal 0)
        expect(groups.length).toBeGreaterThan(0);
        for (const g of groups) {
          const id = Number.parseInt(g.f[g.f.length - 1], 16);
          const n = sats.filter((x) =>
            x.codes.length ? x.codes.some((c) => SIGNAL[sys][c] === id) : id === 0,
          ).length;
          expect(Number(g.f[2]), `${sys} signal ${id}`).toBe(n);
        }
        used += sats.filter((x) => x.used).length;
      }
      const gst = ps.find((p) => p.type === "GST");
      const g = ps.find((p) => p.type === "GGA") as Parsed;
      const C = enuCov(s.cov_m2, nmeaDeg(g.f[1], g.f[2]) * DEG, nmeaDeg(g.f[3], g.f[4]) * DEG);
      expect(Math.abs(Number(gst?.f[5]) - Math.sqrt(C[1][1]))).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.abs(Number(gst?.f[7]) - Math.sqrt(C[2][2]))).toBeLessThanOrEqual(0.0005 + 1e-9);
      epochs++;
    }
    expect(epochs).toBe(sim.epochs.length);
    expect(used).toBeGreaterThan(10 * epochs);
  });

  describe.skipIf(!existsSync(LOGS))("the structural checks accept real receivers' sentences", () => {
    if (!existsSync(LOGS)) console.log(`nmea.test: ${LOGS} absent, real-log checks skipped`);
    it("every GSV with a signal id in the u-blox NEO-M9N and Unicore UM621 logs passes gsvShapeOk", () => {
      let n = 0;
      for (const f of ["gpsd_ublox-neo-m9n-nmea.log", "gpsd_unicore-um621.log"]) {
        const lines = readFileSync(path.join(LOGS, f), "latin1").split(/\r?\n/);
        for (const l of lines) {
          if (!/^\$G.GSV/.test(l)) continue;
          const p = parse(l.trim());
          expect(p, l).not.toBeNull();
          if (p) expect(gsvShapeOk(p), l).toBe(true);
          n++;
        }
      }
      console.log(`real GSV sentences checked: ${n}`);
      expect(n).toBeGreaterThan(500);
    });
  });
});
