// IS-GPS-200 §20.3.3.5.2.5 (Figure 20-4): the GPS broadcast ionospheric model (Klobuchar), computed
// exactly as RTKLIB 2.4.3 ionmodel() does: semicircle arithmetic, earth-centred angle from the
// 0.0137/(E+0.11)-0.022 approximation, IPP latitude clipped to ±0.416, geomagnetic latitude with the
// 0.064 cos(λ-1.617) term, local time from GPS time, 50400 s peak, period floored at 72000 s, amplitude
// floored at 0, night value 5 ns, obliquity F = 1 + 16 (0.53 - E)^3, cosine replaced by its 4th-order series.
// RTKLIB applies this GPS model to every system (scaled by frequency); callers decide whether to.

import { C_mps } from "../frames/ellipsoid.js";
import type { AzEl } from "../frames/geodetic.js";
import type { Geodetic } from "../frames/vectors.js";
import { type Instant, SECONDS_PER_DAY, toScale } from "../time/instant.js";

/** GPS L1 carrier (Hz): the frequency the broadcast model refers to. */
export const GPS_L1_Hz = 1575.42e6;

/** Klobuchar coefficients as broadcast: alpha0..3 (s, s/sc, s/sc^2, s/sc^3), beta0..3 (s, s/sc, ...). */
export interface KlobucharCoefficients {
  readonly alpha: readonly number[];
  readonly beta: readonly number[];
}

/**
 * The coefficients RTKLIB substitutes when a navigation file carries none (all eight zero): GPS values of
 * 2004-01-01. Not applied here automatically; a solver that wants RTKLIB parity passes these itself.
 */
export const KLOBUCHAR_RTKLIB_DEFAULT: KlobucharCoefficients = {
  alpha: [0.1118e-7, -0.7451e-8, -0.5961e-7, 0.1192e-6],
  beta: [0.1167e6, -0.2294e6, -0.1311e6, 0.1049e7],
};

/** True when all eight coefficients are zero (a file that carried no model). */
export function isZeroKlobuchar(p: KlobucharCoefficients): boolean {
  for (let i = 0; i < 4; i++) if (p.alpha[i] !== 0 || p.beta[i] !== 0) return false;
  return true;
}

/**
 * Slant delay on GPS L1 (s) for receiver latitude/longitude (rad), satellite azimuth/elevation (rad) and
 * `sod_s`, the GPS-time second of day (any whole number of days may be added: only sod mod 86400 matters).
 * Returns 0 below the horizon, as RTKLIB.
 */
export function gpsKlobucharL1_s(
  p: KlobucharCoefficients,
  lat_rad: number,
  lon_rad: number,
  az_rad: number,
  el_rad: number,
  sod_s: number,
): number {
  if (el_rad <= 0) return 0;
  const a = p.alpha;
  const b = p.beta;
  const elSc = el_rad / Math.PI;
  // earth-centred angle (semicircles)
  const psi = 0.0137 / (elSc + 0.11) - 0.022;
  // sub-ionospheric latitude / longitude (semicircles)
  let phi = lat_rad / Math.PI + psi * Math.cos(az_rad);
  if (phi > 0.416) phi = 0.416;
  else if (phi < -0.416) phi = -0.416;
  const lam = lon_rad / Math.PI + (psi * Math.sin(az_rad)) / Math.cos(phi * Math.PI);
  // geomagnetic latitude (semicircles)
  phi += 0.064 * Math.cos((lam - 1.617) * Math.PI);
  // local time (s), 0 <= tt < 86400
  let tt = 43200 * lam + sod_s;
  tt -= Math.floor(tt / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  // obliquity factor
  const d = 0.53 - elSc;
  const f = 1 + 16 * d * d * d;
  let amp = a[0] + phi * (a[1] + phi * (a[2] + phi * a[3]));
  let per = b[0] + phi * (b[1] + phi * (b[2] + phi * b[3]));
  if (amp < 0) amp = 0;
  if (per < 72000) per = 72000;
  const x = (2 * Math.PI * (tt - 50400)) / per;
  const x2 = x * x;
  return f * (Math.abs(x) < 1.57 ? 5e-9 + amp * (1 + x2 * (-0.5 + x2 / 24)) : 5e-9);
}

/** Second of day of `t` counted in GPST (fraction kept). */
export function gpstSecondOfDay(t: Instant): number {
  const g = toScale(t, "GPST");
  const d = Math.floor(g.sec / SECONDS_PER_DAY);
  return g.sec - d * SECONDS_PER_DAY + g.frac;
}

/**
 * GPS Klobuchar slant ionospheric delay (m) on a signal of frequency `freq_Hz` (default L1), for a receiver
 * at `rx` seeing the satellite at `azel` at time `t` (any scale; GPST is used). 0 below the horizon or for
 * a receiver more than 1 km below the ellipsoid, as RTKLIB.
 */
export function gpsKlobucharDelay_m(
  p: KlobucharCoefficients,
  rx: Geodetic,
  azel: AzEl,
  t: Instant,
  freq_Hz: number = GPS_L1_Hz,
): number {
  if (rx.h_m < -1e3 || azel.el_rad <= 0) return 0;
  const k = GPS_L1_Hz / freq_Hz;
  return (
    C_mps * gpsKlobucharL1_s(p, rx.lat_rad, rx.lon_rad, azel.az_rad, azel.el_rad, gpstSecondOfDay(t)) * k * k
  );
}
