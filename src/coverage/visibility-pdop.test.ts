// The grid's visible counts and PDOP against a direct computation written here, independently of the grid
// code: EphemerisStore.state for each satellite, azimuth/elevation from src/frames (atan2 in ENU, not the
// grid's dot product with the ellipsoid normal), and PDOP from the full (3 + k) x (3 + k) normal matrix of
// ENU rows with one clock column per system, inverted by Gauss-Jordan elimination (not the grid's Schur
// complement in ECEF). Checked on the ESBC broadcast navigation file (2020-06-25) at the grid cells holding
// Wuzhen, Nairobi, Sao Paulo and Ny-Alesund, and on the nominal constellations against the exact spherical
// identity for the area-weighted mean visible count.

import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { azimuthElevation, geodeticToEcef } from "../frames/geodetic.js";
import { DEG } from "../frames/vectors.js";
import { EphemerisStore } from "../orbits/ephemeris-store.js";
import { isPositioningSystem, type PositioningSystem, satSystem } from "../signals/system.js";
import { BDS3_DESIGN } from "../sim/constellation-bds3.js";
import { GPS_DESIGN } from "../sim/constellation-gps.js";
import { loadInputs } from "../streams/inputs.js";
import { fromCalendar, type Instant } from "../time/instant.js";
import { areaMean, type CoverageGrid, makeGrid } from "./coverage-grid.js";
import {
  COVERAGE_MAX_DTOE_s,
  coverageEpochs,
  navigationTracks,
  nominalTracks,
  type SatelliteTracks,
  satelliteTracks,
} from "./satellite-tracks.js";
import { type CoverageSetResult, type CoverageSetSpec, computeVisibilityPdop } from "./visibility-pdop.js";

const DATA = path.resolve(__dirname, "../../../shared/data");
const NAV = path.join(DATA, "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
if (!existsSync(NAV)) console.log(`visibility-pdop: ${NAV} absent, ESBC checks skipped`);

const PLACES = [
  { name: "Wuzhen", lat: 30.75, lon: 120.49 },
  { name: "Nairobi", lat: -1.29, lon: 36.82 },
  { name: "Sao Paulo", lat: -23.55, lon: -46.63 },
  { name: "Ny-Alesund", lat: 78.92, lon: 11.93 },
];
const MASK_deg = 5;
const PDOP_MAX = 6;

/** Row and column of the grid cell that contains (lat, lon). */
function cellOf(g: CoverageGrid, lat: number, lon: number): number {
  const i = Math.min(g.nLat - 1, Math.floor((90 - lat) / g.grid_deg));
  const j = Math.min(g.nLon - 1, Math.floor((lon + 180) / g.grid_deg));
  return i * g.nLon + j;
}

/** Plain Gauss-Jordan inverse with partial pivoting; null when singular. */
function invert(a: number[][]): number[][] | null {
  const n = a.length;
  const m = a.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    if (Math.abs(m[piv][c]) < 1e-10) return null;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c];
    for (let k = 0; k < 2 * n; k++) m[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((r) => r.slice(n));
}

interface Direct {
  visible: number;
  pdop: number | null;
}

/** Visible count and PDOP of one set at one place and epoch, directly. */
function direct(
  store: EphemerisStore,
  sats: readonly string[],
  systems: readonly PositioningSystem[],
  lat_deg: number,
  lon_deg: number,
  t: Instant,
): Direct {
  const geo = { lat_rad: lat_deg * DEG, lon_rad: lon_deg * DEG, h_m: 0 };
  const rx = geodeticToEcef(geo);
  const rows: { az: number; el: number; sys: PositioningSystem }[] = [];
  for (const sat of sats) {
    const sys = satSystem(sat);
    if (!isPositioningSystem(sys) || !systems.includes(sys)) continue;
    const st = store.state(sat, t);
    if (typeof st === "string") continue;
    const { az_rad, el_rad } = azimuthElevation(geo, rx, st.pos);
    if (el_rad >= MASK_deg * DEG) rows.push({ az: az_rad, el: el_rad, sys });
  }
  const present = systems.filter((s) => rows.some((r) => r.sys === s));
  const n = 3 + present.length;
  if (rows.length < n) return { visible: rows.length, pdop: null };
  const N = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const r of rows) {
    const h = new Array<number>(n).fill(0);
    h[0] = Math.cos(r.el) * Math.sin(r.az);
    h[1] = Math.cos(r.el) * Math.cos(r.az);
    h[2] = Math.sin(r.el);
    h[3 + present.indexOf(r.sys)] = 1;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) N[a][b] += h[a] * h[b];
  }
  const Q = invert(N);
  return { visible: rows.length, pdop: Q ? Math.sqrt(Q[0][0] + Q[1][1] + Q[2][2]) : null };
}

describe.skipIf(!existsSync(NAV))(
  "grid against a direct computation (ESBC broadcast navigation, 2020-06-25)",
  () => {
    const grid = makeGrid(2);
    const start = fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 0 });
    const epochs = coverageEpochs(start, 86400, 1200); // 72 epochs
    let tracks: SatelliteTracks;
    let store: EphemerisStore;
    let sets: CoverageSetSpec[];
    let result: CoverageSetResult[];

    beforeAll(async () => {
      const inputs = await loadInputs([NAV]);
      tracks = navigationTracks(inputs.navigation, epochs);
      // the test's own store, with the validity window the coverage code documents (12 h)
      store = new EphemerisStore({
        maxDtoe_s: {
          C: COVERAGE_MAX_DTOE_s,
          G: COVERAGE_MAX_DTOE_s,
          E: COVERAGE_MAX_DTOE_s,
          R: COVERAGE_MAX_DTOE_s,
          J: COVERAGE_MAX_DTOE_s,
        },
      });
      store.addNavigation(inputs.navigation);
      sets = [
        { name: "BDS", systems: ["C"] },
        { name: "GPS", systems: ["G"] },
        { name: "all", systems: ["C", "G", "E", "R", "J"] },
      ];
      result = computeVisibilityPdop(grid, tracks, sets, { elevMask_deg: MASK_deg, pdopThreshold: PDOP_MAX });
    });

    it("uses every positioning system of the file", () => {
      expect(tracks.systems).toEqual(["C", "G", "E", "R", "J"]);
    });

    it("instantaneous counts equal and PDOP within 1e-9 (relative) at the four places, six epochs", () => {
      let worst = 0;
      let compared = 0;
      const lines: string[] = [];
      for (const k of [0, 13, 29, 41, 58, 71]) {
        const t = epochs[k];
        const one = satelliteTracks(store, tracks.sats, [t]);
        const r = computeVisibilityPdop(grid, one, sets, { elevMask_deg: MASK_deg, pdopThreshold: PDOP_MAX });
        for (const pl of PLACES) {
          const p = cellOf(grid, pl.lat, pl.lon);
          const lat = grid.lats_deg[Math.floor(p / grid.nLon)];
          const lon = grid.lons_deg[p % grid.nLon];
          sets.forEach((s, si) => {
            const d = direct(store, tracks.sats, s.systems, lat, lon, t);
            expect(r[si].meanVisible[p], `${pl.name} ${s.name} epoch ${k}`).toBe(d.visible);
            expect(r[si].minVisible[p]).toBe(d.visible);
            if (d.pdop === null) {
              expect(Number.isNaN(r[si].meanPdop[p])).toBe(true);
            } else {
              const rel = Math.abs(r[si].meanPdop[p] - d.pdop) / d.pdop;
              worst = Math.max(worst, rel);
              compared++;
              expect(r[si].availability[p]).toBe(d.pdop < PDOP_MAX ? 1 : 0);
            }
            if (k === 0)
              lines.push(
                `${pl.name} (cell ${lat},${lon}) ${s.name}: ${d.visible} visible, PDOP ${d.pdop?.toFixed(2)}`,
              );
          });
        }
      }
      console.log(
        `${lines.join("\n")}\nworst relative PDOP difference over ${compared} comparisons: ${worst.toExponential(2)}`,
      );
      expect(compared).toBeGreaterThan(60);
      expect(worst).toBeLessThan(1e-9);
    });

    it("24 h statistics (mean/min visible, mean PDOP, availability) equal the direct ones over 72 epochs", () => {
      let worstPdop = 0;
      for (const pl of PLACES) {
        const p = cellOf(grid, pl.lat, pl.lon);
        const lat = grid.lats_deg[Math.floor(p / grid.nLon)];
        const lon = grid.lons_deg[p % grid.nLon];
        const summary: string[] = [];
        sets.forEach((s, si) => {
          let sum = 0;
          let min = Number.POSITIVE_INFINITY;
          let pdopSum = 0;
          let pdopN = 0;
          let avail = 0;
          for (const t of epochs) {
            const d = direct(store, tracks.sats, s.systems, lat, lon, t);
            sum += d.visible;
            min = Math.min(min, d.visible);
            if (d.pdop !== null) {
              pdopSum += d.pdop;
              pdopN++;
              if (d.pdop < PDOP_MAX) avail++;
            }
          }
          const r = result[si];
          expect(r.meanVisible[p]).toBeCloseTo(sum / epochs.length, 12);
          expect(r.minVisible[p]).toBe(min);
          expect(r.availability[p]).toBeCloseTo(avail / epochs.length, 12);
          const meanPdop = pdopSum / pdopN;
          worstPdop = Math.max(worstPdop, Math.abs(r.meanPdop[p] - meanPdop) / meanPdop);
          summary.push(
            `${s.name} ${(sum / epochs.length).toFixed(2)} vis (min ${min}), PDOP ${meanPdop.toFixed(2)}, avail ${((avail / epochs.length) * 100).toFixed(1)} %`,
          );
        });
        console.log(`${pl.name}: ${summary.join("; ")}`);
      }
      console.log(`worst relative mean-PDOP difference: ${worstPdop.toExponential(2)}`);
      expect(worstPdop).toBeLessThan(1e-9);
    });

    it("culling satellites by row changes nothing (every pair visited gives the same grid)", () => {
      const full = computeVisibilityPdop(grid, tracks, sets, {
        elevMask_deg: MASK_deg,
        pdopThreshold: PDOP_MAX,
        cull: false,
      });
      for (let s = 0; s < sets.length; s++) {
        expect(result[s].meanVisible).toEqual(full[s].meanVisible);
        expect(result[s].minVisible).toEqual(full[s].minVisible);
        expect(result[s].availability).toEqual(full[s].availability);
      }
    });
  },
);

/**
 * On a sphere of radius R, a satellite at radius r is above the mask m over a cap of half-angle
 * psi = acos(R cos(m) / r) - m, i.e. a share (1 - cos psi) / 2 of the surface; so at every instant the
 * area-weighted mean visible count is exactly the sum of those shares, whatever the constellation geometry.
 */
function sphericalMeanVisible(radii_m: readonly number[], R_m: number, mask_rad: number): number {
  let s = 0;
  for (const r of radii_m) s += (1 - Math.cos(Math.acos((R_m * Math.cos(mask_rad)) / r) - mask_rad)) / 2;
  return s;
}

describe("nominal constellations: geometry sanity", () => {
  const grid = makeGrid(2);
  const start = fromCalendar("GPST", { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
  const epochs = coverageEpochs(start, 86400, 900);
  const tracks = nominalTracks(epochs);
  const sets: CoverageSetSpec[] = [
    { name: "BDS", systems: ["C"] },
    { name: "GPS", systems: ["G"] },
  ];
  const [bds, gps] = computeVisibilityPdop(grid, tracks, sets, {
    elevMask_deg: MASK_deg,
    pdopThreshold: PDOP_MAX,
  });

  it("global mean visible count lies between the spherical values for the polar and equatorial radii", () => {
    const mask = MASK_deg * DEG;
    const aMeo = 6378137 + BDS3_DESIGN.meoAltitude_m;
    const aGeo = 42164170;
    const bdsRadii = [...new Array(24).fill(aMeo), ...new Array(6).fill(aGeo)];
    const gpsRadii = new Array(24).fill(GPS_DESIGN.semiMajorAxis_m);
    for (const [name, res, radii] of [
      ["BDS", bds, bdsRadii],
      ["GPS", gps, gpsRadii],
    ] as const) {
      const got = areaMean(grid, res.meanVisible);
      // a larger Earth sees less: the equatorial radius gives the lower bound, the polar one the upper;
      // orbit eccentricities (< 0.015) move radii by 1.5 % at most, hence the 1 % widening
      const lo = sphericalMeanVisible(radii, 6378137, mask) * 0.99;
      const hi = sphericalMeanVisible(radii, 6356752, mask) * 1.01;
      console.log(
        `${name}: global mean visible ${got.toFixed(3)} (spherical bounds ${lo.toFixed(3)} .. ${hi.toFixed(3)})`,
      );
      expect(got).toBeGreaterThan(lo);
      expect(got).toBeLessThan(hi);
    }
  });

  it("BDS: the GEO/IGSO-served Asia-Pacific sees about 5 more satellites than South America; GPS does not", () => {
    const boxMean = (r: CoverageSetResult, lat0: number, lat1: number, lon0: number, lon1: number) => {
      const vals = new Float64Array(r.meanVisible.length).fill(Number.NaN);
      for (let i = 0; i < grid.nLat; i++)
        for (let j = 0; j < grid.nLon; j++) {
          const lat = grid.lats_deg[i];
          const lon = grid.lons_deg[j];
          if (lat >= lat0 && lat <= lat1 && lon >= lon0 && lon <= lon1)
            vals[i * grid.nLon + j] = r.meanVisible[i * grid.nLon + j];
        }
      return areaMean(grid, vals);
    };
    const apB = boxMean(bds, -10, 40, 90, 150);
    const saB = boxMean(bds, -40, 0, -75, -40);
    const apG = boxMean(gps, -10, 40, 90, 150);
    const saG = boxMean(gps, -40, 0, -75, -40);
    console.log(
      `BDS mean visible: Asia-Pacific ${apB.toFixed(2)}, South America ${saB.toFixed(2)}; GPS ${apG.toFixed(2)} / ${saG.toFixed(2)}`,
    );
    // all 3 GEOs (80-140 E) and most of the 3 IGSOs are above 5 deg from the Asia-Pacific box; none from
    // South America (more than 120 deg of longitude away); the MEOs serve both alike
    expect(apB - saB).toBeGreaterThan(4);
    expect(apB - saB).toBeLessThan(6.5);
    expect(Math.abs(apG - saG)).toBeLessThan(1);
    // the minimum over the grid: a Walker 24/3/1 at 5 deg keeps at least 4 MEOs in view
    let min = Number.POSITIVE_INFINITY;
    for (const v of bds.minVisible) min = Math.min(min, v);
    expect(min).toBeGreaterThanOrEqual(4);
  });

  it("a single-epoch grid with no satellites has no solution anywhere", () => {
    const empty: SatelliteTracks = {
      ...tracks,
      epochs: [start],
      pos_m: new Float64Array(tracks.sats.length * 3).fill(Number.NaN),
    };
    const [r] = computeVisibilityPdop(grid, empty, sets.slice(0, 1), {
      elevMask_deg: MASK_deg,
      pdopThreshold: PDOP_MAX,
    });
    expect(Math.max(...r.meanVisible)).toBe(0);
    expect(r.availability.every((a) => a === 0)).toBe(true);
    expect(r.meanPdop.every(Number.isNaN)).toBe(true);
  });
});
