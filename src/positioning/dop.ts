// Dilution of precision from line-of-sight geometry (ENU), with one clock column per system.

import { invertSpd } from "../core/linalg.js";

export interface Dop {
  gdop: number;
  pdop: number;
  hdop: number;
  vdop: number;
}

/**
 * DOP from azimuth/elevation pairs and the system index of each satellite (one clock per system).
 * Returns NaN values when the geometry is singular.
 */
export function dopFromAzEl(
  az_rad: ArrayLike<number>,
  el_rad: ArrayLike<number>,
  sysIndex: ArrayLike<number>,
  nSys: number,
): Dop {
  const m = az_rad.length;
  const n = 3 + nSys;
  const nn = new Float64Array(n * n);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const ce = Math.cos(el_rad[i]);
    row.fill(0);
    row[0] = ce * Math.sin(az_rad[i]);
    row[1] = ce * Math.cos(az_rad[i]);
    row[2] = Math.sin(el_rad[i]);
    row[3 + sysIndex[i]] = 1;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) nn[a * n + b] += row[a] * row[b];
  }
  // systems without satellites would make the matrix singular
  for (let s = 0; s < nSys; s++) if (nn[(3 + s) * n + 3 + s] === 0) nn[(3 + s) * n + 3 + s] = 1;
  if (!invertSpd(nn, n)) return { gdop: Number.NaN, pdop: Number.NaN, hdop: Number.NaN, vdop: Number.NaN };
  let trace = 0;
  for (let i = 0; i < n; i++) trace += nn[i * n + i];
  return {
    gdop: Math.sqrt(trace),
    pdop: Math.sqrt(nn[0] + nn[n + 1] + nn[2 * n + 2]),
    hdop: Math.sqrt(nn[0] + nn[n + 1]),
    vdop: Math.sqrt(nn[2 * n + 2]),
  };
}
