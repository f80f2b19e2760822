// Per-country coverage: the grid points inside each Natural Earth country, and each country's availability
// per set of systems = that of its worst grid point. A country too small to hold a grid point (Luxembourg,
// Brunei, ... on a 2 deg grid) takes the grid point nearest (great circle) to its representative point, the
// area centroid of its largest ring. A country "qualifies" for a set when that availability is at least
// the required share (99 % by default) of the run's epochs.

import { type CountryShape, inCountry, representativePoint } from "./country-polygons.js";
import { type CoverageGrid, nearestGridPoint } from "./coverage-grid.js";
import type { CoverageSetResult } from "./visibility-pdop.js";

export interface CountryAssignment {
  /** Per grid point: index of its country in the list, -1 at sea (or in no country). */
  readonly pointCountry: Int16Array;
  /** Per country: its grid points. */
  readonly points: readonly Int32Array[];
  /** Per country: the grid point that stands for it (nearest its representative point) when none inside, else -1. */
  readonly fallback: Int32Array;
}

/** Which country each grid point lies in. */
export function assignGridToCountries(
  grid: CoverageGrid,
  countries: readonly CountryShape[],
): CountryAssignment {
  const nPts = grid.nLat * grid.nLon;
  const pointCountry = new Int16Array(nPts).fill(-1);
  // bounding boxes of each country (longitudes may reach past +-180 on unwrapped rings)
  const boxes = countries.map((c) => {
    let minLat = 90;
    let maxLat = -90;
    for (const p of c.polygons) {
      minLat = Math.min(minLat, p.rings[0].minLat);
      maxLat = Math.max(maxLat, p.rings[0].maxLat);
    }
    return { minLat, maxLat };
  });
  const lists: number[][] = countries.map(() => []);
  for (let i = 0; i < grid.nLat; i++) {
    const lat = grid.lats_deg[i];
    const candidates: number[] = [];
    for (let c = 0; c < countries.length; c++)
      if (lat >= boxes[c].minLat && lat <= boxes[c].maxLat) candidates.push(c);
    for (let j = 0; j < grid.nLon; j++) {
      const lon = grid.lons_deg[j];
      for (const c of candidates) {
        if (inCountry(countries[c], lat, lon)) {
          pointCountry[i * grid.nLon + j] = c;
          lists[c].push(i * grid.nLon + j);
          break;
        }
      }
    }
  }
  const fallback = new Int32Array(countries.length).fill(-1);
  countries.forEach((c, k) => {
    if (lists[k].length > 0) return;
    const r = representativePoint(c);
    fallback[k] = nearestGridPoint(grid, r.lat_deg, r.lon_deg);
  });
  return { pointCountry, points: lists.map((l) => Int32Array.from(l)), fallback };
}

export interface CountryCoverage {
  readonly name: string;
  readonly iso: string;
  /** Grid points inside the country (0: the fallback point stands for it). */
  readonly points: number;
  /** The grid point used when none is inside, else -1. */
  readonly fallbackPoint: number;
  /** Per set name: availability (0..1) at the country's worst grid point. */
  readonly availability: Readonly<Record<string, number>>;
  /** Per set name: lowest mean visible count among the country's grid points. */
  readonly minMeanVisible: Readonly<Record<string, number>>;
  /** Per set name: whether availability >= the required share. */
  readonly qualifies: Readonly<Record<string, boolean>>;
}

export interface CountrySummary {
  readonly countries: readonly CountryCoverage[];
  /** Per set name: number of qualifying countries. */
  readonly qualifying: Readonly<Record<string, number>>;
  readonly requiredShare: number;
  /** The rule, in words, for output files and the dashboard. */
  readonly criterion: string;
}

export function summarizeCountries(
  grid: CoverageGrid,
  countries: readonly CountryShape[],
  assignment: CountryAssignment,
  sets: readonly CoverageSetResult[],
  opts: { readonly pdopThreshold: number; readonly requiredShare?: number },
): CountrySummary {
  const share = opts.requiredShare ?? 0.99;
  const qualifying: Record<string, number> = Object.fromEntries(sets.map((s) => [s.name, 0]));
  // 1e-9: a share computed as k / n must not fail 0.99 by rounding
  const ok = (a: number) => a >= share - 1e-9;
  const out = countries.map((c, k): CountryCoverage => {
    const pts =
      assignment.points[k].length > 0 ? assignment.points[k] : Int32Array.of(assignment.fallback[k]);
    const availability: Record<string, number> = {};
    const minMeanVisible: Record<string, number> = {};
    const qualifies: Record<string, boolean> = {};
    for (const s of sets) {
      let a = Number.POSITIVE_INFINITY;
      let v = Number.POSITIVE_INFINITY;
      for (const p of pts) {
        a = Math.min(a, s.availability[p]);
        v = Math.min(v, s.meanVisible[p]);
      }
      availability[s.name] = a;
      minMeanVisible[s.name] = v;
      qualifies[s.name] = ok(a);
      if (ok(a)) qualifying[s.name]++;
    }
    return {
      name: c.name,
      iso: c.iso,
      points: assignment.points[k].length,
      fallbackPoint: assignment.fallback[k],
      availability,
      minMeanVisible,
      qualifies,
    };
  });
  const criterion =
    `a country qualifies when PDOP < ${opts.pdopThreshold} for at least ${(share * 100).toFixed(1).replace(/\.0$/, "")} % of the epochs ` +
    `at its worst grid point (cell centres of the ${grid.grid_deg} deg grid inside its Natural Earth 1:110m polygon); ` +
    "a country with no grid point inside uses the grid point nearest to the area centroid of its largest ring";
  return { countries: out, qualifying, requiredShare: share, criterion };
}
