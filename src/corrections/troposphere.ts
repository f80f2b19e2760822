// Tropospheric delay: Saastamoinen (1972) zenith delays from a standard atmosphere, as RTKLIB 2.4.3
// tropmodel() computes them, and the Niell (1996) mapping functions (J. Geophys. Res. 101(B2) 3227-3246,
// Table 3 coefficients, with the height correction of its eq. 6), as RTKLIB nmf().
//
// Standard atmosphere (RTKLIB): h clipped at 0 below the ellipsoid,
//   P = 1013.25 (1 - 2.2557e-5 h)^5.2568 hPa, T = 15 - 6.5e-3 h + 273.16 K,
//   e = 6.108 * humidity * exp((17.15 T - 4684)/(T - 38.45)) hPa.
// Saastamoinen zenith delays:
//   dry = 0.0022768 P / (1 - 0.00266 cos 2phi - 0.00028 h_km),  wet = 0.002277 (1255/T + 0.05) e.
// RTKLIB maps both with 1/cos(z) (saastamoinenDelay_m, kept for parity); troposphereDelay_m uses Niell.
// Both return 0 for elevations <= 0 or receiver heights outside [-100 m, 10 km], as RTKLIB.

import type { Geodetic } from "../frames/vectors.js";
import { dayOfYear, type Instant, SECONDS_PER_DAY } from "../time/instant.js";

/** RTKLIB's default relative humidity for SPP. */
export const RTKLIB_HUMIDITY = 0.7;

export interface ZenithDelays {
  readonly dry_m: number;
  readonly wet_m: number;
}

export interface MappingFactors {
  readonly dry: number;
  readonly wet: number;
}

function validHeight(h_m: number): boolean {
  return h_m >= -100 && h_m <= 1e4;
}

/** Saastamoinen zenith hydrostatic (dry) and wet delays (m) under RTKLIB's standard atmosphere. */
export function tropoZenith(rx: Geodetic, humidity: number = RTKLIB_HUMIDITY): ZenithDelays {
  if (!validHeight(rx.h_m)) return { dry_m: 0, wet_m: 0 };
  const h = Math.max(rx.h_m, 0);
  const pres_hPa = 1013.25 * (1 - 2.2557e-5 * h) ** 5.2568;
  const temp_K = 15 - 6.5e-3 * h + 273.16;
  const e_hPa = 6.108 * humidity * Math.exp((17.15 * temp_K - 4684) / (temp_K - 38.45));
  const dry_m = (0.0022768 * pres_hPa) / (1 - 0.00266 * Math.cos(2 * rx.lat_rad) - (0.00028 * h) / 1e3);
  const wet_m = 0.002277 * (1255 / temp_K + 0.05) * e_hPa;
  return { dry_m, wet_m };
}

/**
 * Slant tropospheric delay (m) exactly as RTKLIB tropmodel(): Saastamoinen zenith delays, both mapped
 * with 1/cos(z) = 1/sin(E). For RTKLIB parity; troposphereDelay_m is the better model at low elevation.
 */
export function saastamoinenDelay_m(
  rx: Geodetic,
  el_rad: number,
  humidity: number = RTKLIB_HUMIDITY,
): number {
  if (!validHeight(rx.h_m) || !(el_rad > 0)) return 0;
  const z = tropoZenith(rx, humidity);
  const cosz = Math.cos(Math.PI / 2 - el_rad);
  return (z.dry_m + z.wet_m) / cosz;
}

// Niell (1996) Table 3: rows hydrostatic average a,b,c; hydrostatic amplitude a,b,c; wet a,b,c;
// columns |latitude| 15, 30, 45, 60, 75 deg.
// biome-ignore format: table
const NIELL: readonly (readonly number[])[] = [
  [1.2769934e-3, 1.2683230e-3, 1.2465397e-3, 1.2196049e-3, 1.2045996e-3],
  [2.9153695e-3, 2.9152299e-3, 2.9288445e-3, 2.9022565e-3, 2.9024912e-3],
  [62.610505e-3, 62.837393e-3, 63.721774e-3, 63.824265e-3, 64.258455e-3],
  [0.0, 1.2709626e-5, 2.6523662e-5, 3.4000452e-5, 4.1202191e-5],
  [0.0, 2.1414979e-5, 3.0160779e-5, 7.2562722e-5, 11.723375e-5],
  [0.0, 9.0128400e-5, 4.3497037e-5, 84.795348e-5, 170.37206e-5],
  [5.8021897e-4, 5.6794847e-4, 5.8118019e-4, 5.9727542e-4, 6.1641693e-4],
  [1.4275268e-3, 1.5138625e-3, 1.4572752e-3, 1.5007428e-3, 1.7599082e-3],
  [4.3472961e-2, 4.6729510e-2, 4.3908931e-2, 4.4626982e-2, 5.4736038e-2],
];
/** Height-correction coefficients a_ht, b_ht, c_ht (Niell 1996 eq. 6; height in km). */
const NIELL_HT = [2.53e-5, 5.49e-3, 1.14e-3] as const;

/** Linear interpolation of a Table 3 row in |latitude| (deg), constant outside 15..75 deg. */
function interpLat(row: readonly number[], absLat_deg: number): number {
  const i = Math.floor(absLat_deg / 15);
  if (i < 1) return row[0];
  if (i > 4) return row[4];
  const u = absLat_deg / 15 - i;
  return row[i - 1] * (1 - u) + row[i] * u;
}

/** Marini's continued fraction normalised to 1 at zenith. */
function marini(sinE: number, a: number, b: number, c: number): number {
  return (1 + a / (1 + b / (1 + c))) / (sinE + a / (sinE + b / (sinE + c)));
}

/** Day of year with fraction (1.0 at 00:00 on January 1) of `t` in its own scale. */
function fractionalDayOfYear(t: Instant): number {
  const d = Math.floor(t.sec / SECONDS_PER_DAY);
  return dayOfYear(t) + (t.sec - d * SECONDS_PER_DAY + t.frac) / SECONDS_PER_DAY;
}

/**
 * Niell hydrostatic and wet mapping factors at elevation `el_rad` for receiver `rx` (ellipsoidal height used
 * for the height correction, as RTKLIB) at time `t` (seasonal term from day of year 28, shifted by half a
 * year in the southern hemisphere). {0, 0} below the horizon.
 */
export function niellMapping(rx: Geodetic, el_rad: number, t: Instant): MappingFactors {
  if (!(el_rad > 0)) return { dry: 0, wet: 0 };
  const lat_deg = (rx.lat_rad * 180) / Math.PI;
  const y = (fractionalDayOfYear(t) - 28) / 365.25 + (lat_deg < 0 ? 0.5 : 0);
  const cosy = Math.cos(2 * Math.PI * y);
  const absLat = Math.abs(lat_deg);
  const ah = interpLat(NIELL[0], absLat) - interpLat(NIELL[3], absLat) * cosy;
  const bh = interpLat(NIELL[1], absLat) - interpLat(NIELL[4], absLat) * cosy;
  const ch = interpLat(NIELL[2], absLat) - interpLat(NIELL[5], absLat) * cosy;
  const aw = interpLat(NIELL[6], absLat);
  const bw = interpLat(NIELL[7], absLat);
  const cw = interpLat(NIELL[8], absLat);
  const sinE = Math.sin(el_rad);
  const dm = (1 / sinE - marini(sinE, NIELL_HT[0], NIELL_HT[1], NIELL_HT[2])) * (rx.h_m / 1e3);
  return { dry: marini(sinE, ah, bh, ch) + dm, wet: marini(sinE, aw, bw, cw) };
}

/**
 * Slant tropospheric delay (m): Saastamoinen zenith delays (standard atmosphere, humidity 0.7) mapped with
 * the Niell functions. The default model; 0 below the horizon or outside [-100 m, 10 km].
 */
export function troposphereDelay_m(rx: Geodetic, el_rad: number, t: Instant): number {
  if (!validHeight(rx.h_m) || !(el_rad > 0)) return 0;
  const z = tropoZenith(rx);
  const m = niellMapping(rx, el_rad, t);
  return z.dry_m * m.dry + z.wet_m * m.wet;
}
