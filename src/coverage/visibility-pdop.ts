// Visible satellites and PDOP over a global grid, for several sets of systems at once (BDS alone, GPS alone,
// all systems), accumulated over the epochs of a run into per-point statistics.
//
// Per epoch and grid point, for each satellite: d = sv - rx; visible when d . up >= sin(mask) |d| (elevation
// above the mask; up is the ellipsoid normal). Each visible satellite adds its line-of-sight unit vector
// e = d / |d| to per-system sums: n_s, b_s = sum e, A_s = sum e e^T. The normal matrix of the position and
// one receiver clock per system,
//     N = [ A    B ]   A = sum_s A_s (3x3),  B = [b_1 ... b_k] (3xk),  D = diag(n_1 ... n_k),
//         [ B^T  D ]
// has as its position block of N^-1 the inverse of the Schur complement M = A - B D^-1 B^T
// = sum_s (A_s - b_s b_s^T / n_s), so PDOP = sqrt(trace(M^-1)), computed in closed form (cofactors of a
// symmetric 3x3). A system with no visible satellite has no clock column. PDOP is the same in ECEF and ENU
// (the trace is invariant under rotation). The geometry is solvable when the set has at least 3 + k
// satellites (k = systems with any) and M is non-singular; otherwise the epoch counts as unavailable.
//
// Speed: satellites are culled per latitude row and epoch by the largest Earth-central angle at which they
// can be above the mask (a spherical bound, widened by 1 deg), so only the columns that can see a
// satellite are visited; the exact test above decides.

import { DEG } from "../frames/vectors.js";
import type { PositioningSystem } from "../signals/system.js";
import type { CoverageGrid } from "./coverage-grid.js";
import type { SatelliteTracks } from "./satellite-tracks.js";

export interface CoverageSetSpec {
  /** "BDS", "GPS", "all", ... */
  readonly name: string;
  readonly systems: readonly PositioningSystem[];
}

/** Statistics over the epochs of a run, per grid point (row-major, as the grid). */
export interface CoverageSetResult {
  readonly name: string;
  readonly systems: readonly PositioningSystem[];
  /** Satellites of the set in the run. */
  readonly satellites: number;
  readonly meanVisible: Float64Array;
  readonly minVisible: Int32Array;
  /** Mean PDOP over the epochs with a solvable geometry; NaN when there was none. */
  readonly meanPdop: Float64Array;
  /** Share (0..1) of the epochs with a solvable geometry and PDOP < threshold. */
  readonly availability: Float64Array;
}

export interface VisibilityPdopOptions {
  readonly elevMask_deg: number;
  readonly pdopThreshold: number;
  /** Skip satellites that cannot be above the mask (default true); false visits every pair (for tests). */
  readonly cull?: boolean;
}

/** Polar radius (m) of WGS84, the smallest Earth radius: gives the widest visibility cap. */
const POLAR_RADIUS_m = 6356752.3142;
const CULL_MARGIN_rad = 1 * DEG;
/** Accumulators per system and point: n, bx, by, bz, axx, axy, axz, ayy, ayz, azz. */
const ACC = 10;

export function computeVisibilityPdop(
  grid: CoverageGrid,
  tracks: SatelliteTracks,
  sets: readonly CoverageSetSpec[],
  opts: VisibilityPdopOptions,
): CoverageSetResult[] {
  const { nLat, nLon } = grid;
  const nPts = nLat * nLon;
  const nSat = tracks.sats.length;
  const nSys = tracks.systems.length;
  const nEp = tracks.epochs.length;
  const nSet = sets.length;
  if (!(opts.elevMask_deg >= 0 && opts.elevMask_deg < 90))
    throw new RangeError("elevation mask outside [0, 90)");
  const mask = opts.elevMask_deg * DEG;
  const sin2m = Math.sin(mask) ** 2;
  const cull = opts.cull ?? true;
  const thr = opts.pdopThreshold;

  // set -> list of system indices (systems absent from the run drop out)
  const setSys = sets.map((s) =>
    Int32Array.from(s.systems.map((c) => tracks.systems.indexOf(c)).filter((i) => i >= 0)),
  );

  const sumVis = new Float64Array(nSet * nPts);
  const minVis = new Int32Array(nSet * nPts).fill(2 ** 30);
  const sumPdop = new Float64Array(nSet * nPts);
  const nPdop = new Int32Array(nSet * nPts);
  const nAvail = new Int32Array(nSet * nPts);

  const accStride = nSys * ACC;
  const acc = new Float64Array(nLon * accStride);
  const pos = tracks.pos_m;
  const { x_m: px, y_m: py, z_m: pz, upX, upY, upZ } = grid;
  const lon0 = grid.lons_deg[0];
  const step = grid.grid_deg;
  const satSinLat = new Float64Array(nSat);
  const satCosLat = new Float64Array(nSat);
  const satLon = new Float64Array(nSat);
  const satCosPsi = new Float64Array(nSat);
  const satOk = new Uint8Array(nSat);
  const sinLat = Float64Array.from(grid.lats_deg, (l) => Math.sin(l * DEG));
  const cosLat = Float64Array.from(grid.lats_deg, (l) => Math.cos(l * DEG));

  for (let k = 0; k < nEp; k++) {
    const base = k * nSat * 3;
    for (let s = 0; s < nSat; s++) {
      const x = pos[base + s * 3];
      const y = pos[base + s * 3 + 1];
      const z = pos[base + s * 3 + 2];
      const r = Math.sqrt(x * x + y * y + z * z);
      satOk[s] = Number.isFinite(r) && r > POLAR_RADIUS_m ? 1 : 0;
      if (!satOk[s]) continue;
      satSinLat[s] = z / r;
      satCosLat[s] = Math.sqrt(x * x + y * y) / r;
      satLon[s] = Math.atan2(y, x) / DEG;
      // largest central angle with elevation >= mask on a sphere of the polar radius, plus a margin
      const psi = Math.acos((POLAR_RADIUS_m / r) * Math.cos(mask)) - mask + CULL_MARGIN_rad;
      satCosPsi[s] = Math.cos(Math.min(psi, Math.PI));
    }
    for (let i = 0; i < nLat; i++) {
      acc.fill(0);
      const rowBase = i * nLon;
      for (let s = 0; s < nSat; s++) {
        if (!satOk[s]) continue;
        let jFrom = 0;
        let jCount = nLon;
        if (cull) {
          const ss = satSinLat[s];
          const denom = cosLat[i] * satCosLat[s];
          const q =
            denom > 1e-12 ? (satCosPsi[s] - sinLat[i] * ss) / denom : sinLat[i] * ss >= satCosPsi[s] ? -2 : 2;
          if (q > 1) continue;
          if (q > -1) {
            const dLon = Math.acos(q) / DEG;
            jFrom = Math.ceil((satLon[s] - dLon - lon0) / step);
            const jTo = Math.floor((satLon[s] + dLon - lon0) / step);
            jCount = Math.min(nLon, jTo - jFrom + 1);
            if (jCount <= 0) continue;
          }
        }
        const sx = pos[base + s * 3];
        const sy = pos[base + s * 3 + 1];
        const sz = pos[base + s * 3 + 2];
        const sysOff = tracks.sysIndex[s] * ACC;
        // the columns jFrom .. jFrom + jCount - 1, wrapped into 0 .. nLon - 1: at most two runs
        let j0 = jFrom % nLon;
        if (j0 < 0) j0 += nLon;
        const first = Math.min(jCount, nLon - j0);
        accumulateRun(
          acc,
          rowBase,
          j0,
          j0 + first,
          accStride,
          sysOff,
          sx,
          sy,
          sz,
          px,
          py,
          pz,
          upX,
          upY,
          upZ,
          sin2m,
        );
        if (first < jCount)
          accumulateRun(
            acc,
            rowBase,
            0,
            jCount - first,
            accStride,
            sysOff,
            sx,
            sy,
            sz,
            px,
            py,
            pz,
            upX,
            upY,
            upZ,
            sin2m,
          );
      }
      for (let j = 0; j < nLon; j++) {
        const p = rowBase + j;
        const ja = j * accStride;
        for (let t = 0; t < nSet; t++) {
          const ss = setSys[t];
          let n = 0;
          let kSys = 0;
          let m00 = 0;
          let m01 = 0;
          let m02 = 0;
          let m11 = 0;
          let m12 = 0;
          let m22 = 0;
          for (let q = 0; q < ss.length; q++) {
            const a = ja + ss[q] * ACC;
            const ns = acc[a];
            if (ns === 0) continue;
            n += ns;
            kSys++;
            const bx = acc[a + 1];
            const by = acc[a + 2];
            const bz = acc[a + 3];
            const w = 1 / ns;
            m00 += acc[a + 4] - bx * bx * w;
            m01 += acc[a + 5] - bx * by * w;
            m02 += acc[a + 6] - bx * bz * w;
            m11 += acc[a + 7] - by * by * w;
            m12 += acc[a + 8] - by * bz * w;
            m22 += acc[a + 9] - bz * bz * w;
          }
          const o = t * nPts + p;
          sumVis[o] += n;
          if (n < minVis[o]) minVis[o] = n;
          if (n < 3 + kSys) continue;
          const c00 = m11 * m22 - m12 * m12;
          const c11 = m00 * m22 - m02 * m02;
          const c22 = m00 * m11 - m01 * m01;
          const det = m00 * c00 - m01 * (m01 * m22 - m12 * m02) + m02 * (m01 * m12 - m11 * m02);
          const tr = m00 + m11 + m22;
          // singular (or numerically so) geometry: no solution at this epoch
          if (!(det > 1e-12 * tr * tr * tr)) continue;
          const pdop = Math.sqrt((c00 + c11 + c22) / det);
          sumPdop[o] += pdop;
          nPdop[o]++;
          if (pdop < thr) nAvail[o]++;
        }
      }
    }
  }

  return sets.map((spec, t) => {
    const meanVisible = new Float64Array(nPts);
    const minVisible = new Int32Array(nPts);
    const meanPdop = new Float64Array(nPts);
    const availability = new Float64Array(nPts);
    for (let p = 0; p < nPts; p++) {
      const o = t * nPts + p;
      meanVisible[p] = sumVis[o] / nEp;
      minVisible[p] = nEp > 0 ? minVis[o] : 0;
      meanPdop[p] = nPdop[o] > 0 ? sumPdop[o] / nPdop[o] : Number.NaN;
      availability[p] = nAvail[o] / nEp;
    }
    const idx = new Set(setSys[t]);
    let satellites = 0;
    for (let s = 0; s < nSat; s++) if (idx.has(tracks.sysIndex[s])) satellites++;
    return {
      name: spec.name,
      systems: spec.systems.filter((c) => tracks.systems.includes(c)),
      satellites,
      meanVisible,
      minVisible,
      meanPdop,
      availability,
    };
  });
}

/** Adds satellite (sx, sy, sz) to the accumulators of row points rowBase + j, j in [jFrom, jTo), where it is above the mask. */
function accumulateRun(
  acc: Float64Array,
  rowBase: number,
  jFrom: number,
  jTo: number,
  accStride: number,
  sysOff: number,
  sx: number,
  sy: number,
  sz: number,
  px: Float64Array,
  py: Float64Array,
  pz: Float64Array,
  upX: Float64Array,
  upY: Float64Array,
  upZ: Float64Array,
  sin2m: number,
): void {
  for (let j = jFrom; j < jTo; j++) {
    const p = rowBase + j;
    const dx = sx - px[p];
    const dy = sy - py[p];
    const dz = sz - pz[p];
    const up = dx * upX[p] + dy * upY[p] + dz * upZ[p];
    if (up < 0) continue;
    const d2 = dx * dx + dy * dy + dz * dz;
    if (up * up < sin2m * d2) continue;
    const inv = 1 / Math.sqrt(d2);
    const ex = dx * inv;
    const ey = dy * inv;
    const ez = dz * inv;
    const a = j * accStride + sysOff;
    acc[a] += 1;
    acc[a + 1] += ex;
    acc[a + 2] += ey;
    acc[a + 3] += ez;
    acc[a + 4] += ex * ex;
    acc[a + 5] += ex * ey;
    acc[a + 6] += ex * ez;
    acc[a + 7] += ey * ey;
    acc[a + 8] += ey * ez;
    acc[a + 9] += ez * ez;
  }
}
