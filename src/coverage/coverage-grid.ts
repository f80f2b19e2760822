// The global grid of a coverage run: cell centres every `grid_deg` in latitude and longitude on the WGS84
// ellipsoid at h = 0. Row-major, latitude rows from north to south (row 0 is the northernmost), longitude
// columns from west to east, as CoverageJson (src/serve/live-protocol.ts) stores them.
//
// Cells are centred (lat 90 - grid/2, ..., lon -180 + grid/2, ...) so that every cell has the same share
// of its latitude band and the area of a cell is proportional to cos(lat of its centre) exactly:
// the band between lat +- g/2 has area 2 pi a^2 (sin(lat + g/2) - sin(lat - g/2)) = 4 pi a^2 sin(g/2) cos(lat)
// on a sphere.

import { BeidouError } from "../core/errors.js";
import { WGS84 } from "../frames/ellipsoid.js";
import { DEG } from "../frames/vectors.js";

export interface CoverageGrid {
  readonly grid_deg: number;
  readonly nLat: number;
  readonly nLon: number;
  /** Cell-centre latitudes (deg), north to south. */
  readonly lats_deg: Float64Array;
  /** Cell-centre longitudes (deg), west to east, in (-180, 180). */
  readonly lons_deg: Float64Array;
  /** Per point (row-major): ECEF position (m) of the cell centre at h = 0 on WGS84. */
  readonly x_m: Float64Array;
  readonly y_m: Float64Array;
  readonly z_m: Float64Array;
  /** Per point: the local up unit vector (ellipsoid normal) in ECEF. */
  readonly upX: Float64Array;
  readonly upY: Float64Array;
  readonly upZ: Float64Array;
  /** Per row: relative area weight of one cell, cos(lat) (sums to nLon * sum over rows). */
  readonly rowWeight: Float64Array;
}

/** A grid whose step divides 180 deg (0.25, 0.5, 1, 2, 2.5, 3, 5, ...). */
export function makeGrid(grid_deg: number): CoverageGrid {
  const nLat = Math.round(180 / grid_deg);
  if (!(grid_deg > 0) || Math.abs(nLat * grid_deg - 180) > 1e-9 || nLat < 2)
    throw new BeidouError("bad-argument", `--grid: expected a step (deg) that divides 180, got ${grid_deg}`);
  const nLon = 2 * nLat;
  const lats = new Float64Array(nLat);
  const lons = new Float64Array(nLon);
  for (let i = 0; i < nLat; i++) lats[i] = 90 - grid_deg * (i + 0.5);
  for (let j = 0; j < nLon; j++) lons[j] = -180 + grid_deg * (j + 0.5);
  const n = nLat * nLon;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  const ux = new Float64Array(n);
  const uy = new Float64Array(n);
  const uz = new Float64Array(n);
  const rowWeight = new Float64Array(nLat);
  const e2 = WGS84.f * (2 - WGS84.f);
  const cosLon = Float64Array.from(lons, (l) => Math.cos(l * DEG));
  const sinLon = Float64Array.from(lons, (l) => Math.sin(l * DEG));
  for (let i = 0; i < nLat; i++) {
    const sp = Math.sin(lats[i] * DEG);
    const cp = Math.cos(lats[i] * DEG);
    const nRad = WGS84.a_m / Math.sqrt(1 - e2 * sp * sp);
    rowWeight[i] = cp;
    for (let j = 0; j < nLon; j++) {
      const p = i * nLon + j;
      x[p] = nRad * cp * cosLon[j];
      y[p] = nRad * cp * sinLon[j];
      z[p] = nRad * (1 - e2) * sp;
      ux[p] = cp * cosLon[j];
      uy[p] = cp * sinLon[j];
      uz[p] = sp;
    }
  }
  return {
    grid_deg,
    nLat,
    nLon,
    lats_deg: lats,
    lons_deg: lons,
    x_m: x,
    y_m: y,
    z_m: z,
    upX: ux,
    upY: uy,
    upZ: uz,
    rowWeight,
  };
}

/** Area-weighted mean of a per-point quantity (NaN entries are left out, with their weight). */
export function areaMean(grid: CoverageGrid, values: ArrayLike<number>): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < grid.nLat; i++) {
    const wi = grid.rowWeight[i];
    for (let j = 0; j < grid.nLon; j++) {
      const v = values[i * grid.nLon + j];
      if (Number.isNaN(v)) continue;
      s += wi * v;
      w += wi;
    }
  }
  return w > 0 ? s / w : Number.NaN;
}

/** Share (0..1) of the Earth's surface, area-weighted, where `test(value)` holds. */
export function areaShare(
  grid: CoverageGrid,
  values: ArrayLike<number>,
  test: (v: number) => boolean,
): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < grid.nLat; i++) {
    const wi = grid.rowWeight[i];
    for (let j = 0; j < grid.nLon; j++) {
      if (test(values[i * grid.nLon + j])) s += wi;
      w += wi;
    }
  }
  return s / w;
}

/** Index of the grid point nearest (great circle) to a latitude/longitude (deg). */
export function nearestGridPoint(grid: CoverageGrid, lat_deg: number, lon_deg: number): number {
  const sp = Math.sin(lat_deg * DEG);
  const cp = Math.cos(lat_deg * DEG);
  let best = 0;
  let bestCos = -2;
  for (let i = 0; i < grid.nLat; i++) {
    const spi = Math.sin(grid.lats_deg[i] * DEG);
    const cpi = Math.cos(grid.lats_deg[i] * DEG);
    for (let j = 0; j < grid.nLon; j++) {
      const c = sp * spi + cp * cpi * Math.cos((grid.lons_deg[j] - lon_deg) * DEG);
      if (c > bestCos) {
        bestCos = c;
        best = i * grid.nLon + j;
      }
    }
  }
  return best;
}
