// BDS-SIS-ICD-B1I-3.0 §5.2.4.7: the BDS Klobuchar ionospheric model (8 parameters broadcast in D1/D2).
// It differs from the GPS model (klobuchar-gps.ts) in every geometric step:
//   - ionospheric pierce point (IPP) on a sphere R = 6378 km at h = 375 km, by spherical trigonometry:
//       psi = pi/2 - E - asin(R/(R+h) cos E)
//       phiM = asin(sin phiU cos psi + cos phiU sin psi cos A)
//       lambdaM = lambdaU + asin(sin psi sin A / cos phiM)
//   - amplitude A2 and period A4 are cubics in |phiM/pi|: the IPP's *geographic* latitude in semicircles,
//     absolute value (no geomagnetic latitude); A2 >= 0, 72000 <= A4 <= 172800 s;
//   - local time t = BDT second of day + lambdaM * 43200/pi (mod 86400);
//   - day-time cosine (not its series): Iz' = 5e-9 + A2 cos(2 pi (t - 50400)/A4) when |t - 50400| < A4/4,
//     else 5e-9 s;
//   - slant factor 1/sqrt(1 - (R/(R+h) cos E)^2).
// The result refers to B1I (1561.098 MHz); other frequencies scale by (f_B1I/f)^2.

import { C_mps } from "../frames/ellipsoid.js";
import type { AzEl } from "../frames/geodetic.js";
import type { Geodetic } from "../frames/vectors.js";
import { type Instant, SECONDS_PER_DAY, toScale } from "../time/instant.js";
import type { KlobucharCoefficients } from "./klobuchar-gps.js";

/** BDS B1I carrier (Hz), the frequency the BDS Klobuchar model refers to. */
export const BDS_B1I_Hz = 1561.098e6;
/** Mean Earth radius used by the ICD for the IPP (m). */
export const BDS_KLOBUCHAR_EARTH_RADIUS_m = 6378e3;
/** Height of the single ionospheric layer (m). */
export const BDS_KLOBUCHAR_LAYER_HEIGHT_m = 375e3;

const RATIO = BDS_KLOBUCHAR_EARTH_RADIUS_m / (BDS_KLOBUCHAR_EARTH_RADIUS_m + BDS_KLOBUCHAR_LAYER_HEIGHT_m);

/**
 * Slant delay on B1I (s) for receiver geographic latitude/longitude (rad), satellite azimuth/elevation
 * (rad) and `sod_s`, the BDT second of day. 0 below the horizon.
 */
export function bdsKlobucharB1I_s(
  p: KlobucharCoefficients,
  lat_rad: number,
  lon_rad: number,
  az_rad: number,
  el_rad: number,
  sod_s: number,
): number {
  if (el_rad <= 0) return 0;
  const cosE = Math.cos(el_rad);
  const rc = RATIO * cosE;
  const psi = Math.PI / 2 - el_rad - Math.asin(rc);
  const sinPsi = Math.sin(psi);
  const phiM = Math.asin(Math.sin(lat_rad) * Math.cos(psi) + Math.cos(lat_rad) * sinPsi * Math.cos(az_rad));
  const lamM = lon_rad + Math.asin((sinPsi * Math.sin(az_rad)) / Math.cos(phiM));
  // local time at the IPP (s), 0 <= t < 86400
  let t = sod_s + (lamM * 43200) / Math.PI;
  t -= Math.floor(t / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  if (t >= SECONDS_PER_DAY) t -= SECONDS_PER_DAY; // -1e-300 wraps to 86400 - tiny = 86400 in doubles
  const x = Math.abs(phiM / Math.PI);
  const a = p.alpha;
  const b = p.beta;
  let a2 = a[0] + x * (a[1] + x * (a[2] + x * a[3]));
  let a4 = b[0] + x * (b[1] + x * (b[2] + x * b[3]));
  if (a2 < 0) a2 = 0;
  if (a4 >= 172800) a4 = 172800;
  else if (a4 < 72000) a4 = 72000;
  const dt = t - 50400;
  const iz = Math.abs(dt) < a4 / 4 ? 5e-9 + a2 * Math.cos((2 * Math.PI * dt) / a4) : 5e-9;
  return iz / Math.sqrt(1 - rc * rc);
}

/** Second of day of `t` counted in BDT (fraction kept). */
export function bdtSecondOfDay(t: Instant): number {
  const b = toScale(t, "BDT");
  const d = Math.floor(b.sec / SECONDS_PER_DAY);
  return b.sec - d * SECONDS_PER_DAY + b.frac;
}

/**
 * BDS Klobuchar slant ionospheric delay (m) on a signal of frequency `freq_Hz` (default B1I), for a
 * receiver at `rx` seeing the satellite at `azel` at time `t` (any scale; BDT is used). 0 below the horizon.
 */
export function bdsKlobucharDelay_m(
  p: KlobucharCoefficients,
  rx: Geodetic,
  azel: AzEl,
  t: Instant,
  freq_Hz: number = BDS_B1I_Hz,
): number {
  if (azel.el_rad <= 0) return 0;
  const k = BDS_B1I_Hz / freq_Hz;
  return (
    C_mps * bdsKlobucharB1I_s(p, rx.lat_rad, rx.lon_rad, azel.az_rad, azel.el_rad, bdtSecondOfDay(t)) * k * k
  );
}
