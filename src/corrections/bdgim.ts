// BDS-SIS-ICD-B1C-1.0 §7.8 (and BDS-SIS-ICD-B2a-1.0, same section): BDGIM, the BeiDou global broadcast
// ionospheric delay correction model. Single-frequency user algorithm:
//   1. IPP on a sphere Re = 6378 km at Hion = 400 km (same spherical trigonometry as the B1I Klobuchar):
//        psi = pi/2 - E - asin(Re/(Re+Hion) cos E)
//        phiG = asin(sin phiU cos psi + cos phiU sin psi cos A)
//        lambdaG = lambdaU + atan2(sin psi sin A cos phiU, cos psi - sin phiU sin phiG)
//   2. to geomagnetic coordinates, north geomagnetic pole phiM = 80.27 deg, lambdaM = -72.58 deg:
//        phiMag = asin(sin phiM sin phiG + cos phiM cos phiG cos(lambdaG - lambdaM))
//        lambdaMag = atan2(cos phiG sin(lambdaG - lambdaM) cos phiM, sin phiM sin phiMag - sin phiG)
//   3. to the sun-fixed frame: S = pi (1 - 2 (t - int t)) (t in MJD, mean longitude of the sun),
//        lambda' = lambdaMag - atan2(sin(S - lambdaM), sin phiM cos(S - lambdaM)), phi' = phiMag
//   4. VTEC (TECu) = A0 + sum_{i=1..9} alpha_i A_i, with A_i = Nnm Pnm(sin phi') cos(m lambda') for m >= 0
//      and Nnm Pnm(sin phi') sin(|m| lambda') for m < 0 (fully normalised, no Condon-Shortley phase);
//      (n,m) of the broadcast terms: 0/0 1/0 1/1 1/-1 2/0 2/1 2/-1 2/2 2/-2.
//      A0 = sum_{j=1..17} beta_j B_j over (n,m) 3/0 ... 5/-2, the non-broadcast coefficients predicted by
//      beta_j = a0j + sum_{k=1..12} (akj cos(wk tp) + bkj sin(wk tp)), wk = 2 pi / Tk, tp the MJD of the
//      middle of the current 2-hour block (01:00, 03:00, ... 23:00).
//   5. slant: T = MF * 40.28e16 / f^2 * VTEC, MF = 1/sqrt(1 - (Re/(Re+Hion) sin(0.9782 (pi/2 - E)))^2)
//      (modified single-layer mapping). The broadcast coefficients refer to B1C (1575.42 MHz).
//
// Source of the non-broadcast coefficient table (ICD Table "BDGIM non-broadcast coefficients periodic
// table") and of the periods: the model authors' reference C code (Zishen Li, Ningbo Wang, AIRCAS,
// 2021, bdgim.c, published at ftp.gipp.org.cn/product/bdgim/, as redistributed in the public repository
// kongerl/laboratory location/bdgim.c), checked value by value in bdgim.test.ts against a second,
// independent transcription (ClausXXX/Navi Ionosphere.c).
// Choices where the text we could reach is silent:
//   - t and tp are MJD in UTC, as the reference code is driven (BDT differs by 4 s: < 0.001 TECU);
//   - a negative VTEC is clipped to 0 (the reference code instead floors VTEC at alpha1/4..alpha1/10,
//     a safeguard we could not find in the ICD; it only binds at very low ionisation).

import type { AzEl } from "../frames/geodetic.js";
import type { Geodetic } from "../frames/vectors.js";
import { DEG } from "../frames/vectors.js";
import { type Instant, SECONDS_PER_DAY, toScale } from "../time/instant.js";

/** BDS B1C carrier (Hz), the frequency BDGIM delays refer to. */
export const BDS_B1C_Hz = 1575.42e6;
export const BDGIM_EARTH_RADIUS_m = 6378e3;
export const BDGIM_LAYER_HEIGHT_m = 400e3;
/** North geomagnetic pole used by BDGIM (rad). */
export const BDGIM_POLE_LAT_rad = 80.27 * DEG;
export const BDGIM_POLE_LON_rad = -72.58 * DEG;
/** TECu (1e16 el/m^2) to metres of group delay times f^2: 40.28e16 m Hz^2 per TECu. */
export const IONO_K_m_Hz2_per_TECU = 40.28e16;

/** Degree/order of the 9 broadcast coefficients alpha1..alpha9. */
export const BDGIM_BROADCAST_DEGREE_ORDER: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [1, 0],
  [1, 1],
  [1, -1],
  [2, 0],
  [2, 1],
  [2, -1],
  [2, 2],
  [2, -2],
];
/** Degree/order of the 17 non-broadcast coefficients beta1..beta17. */
export const BDGIM_NONBROADCAST_DEGREE_ORDER: ReadonlyArray<readonly [number, number]> = [
  [3, 0],
  [3, 1],
  [3, -1],
  [3, 2],
  [3, -2],
  [3, 3],
  [3, -3],
  [4, 0],
  [4, 1],
  [4, -1],
  [4, 2],
  [4, -2],
  [5, 0],
  [5, 1],
  [5, -1],
  [5, 2],
  [5, -2],
];
/** Periods T1..T12 (days) of the non-broadcast prediction: diurnal and harmonics, half-month, month,
 * one-third year, half year, year, solar cycle and its harmonics. */
export const BDGIM_PERIODS_day: readonly number[] = [
  1, 0.5, 0.33, 14.6, 27.0, 121.6, 182.51, 365.25, 4028.71, 2014.35, 1342.9, 1007.18,
];

/**
 * Non-broadcast coefficient table (TECu): 17 rows (one per BDGIM_NONBROADCAST_DEGREE_ORDER entry) of 25
 * values: a0, then (ak, bk) for k = 1..12 (cosine and sine amplitudes for period Tk).
 */
// biome-ignore format: a table laid out as in the ICD
export const BDGIM_NONBROADCAST_TABLE: Float64Array = Float64Array.of(
  /*  3/0 */ -0.61, -0.51, 0.23, -0.06, 0.02,  0.01, 0.00, -0.01, 0.00,  0.00, 0.01, -0.19,-0.09, -0.18, 0.15,  1.09, 0.50, -0.34, 0.00, -0.13, 0.05, -0.06, 0.03, -0.03, 0.04,
  /*  3/1 */ -1.31, -0.43,-0.20, -0.05,-0.08, -0.03,-0.02,  0.00,-0.02,  0.00, 0.00, -0.02, 0.07,  0.06,-0.31, -0.14,-0.08, -0.09,-0.11,  0.07, 0.03,  0.13,-0.02,  0.08,-0.02,
  /* 3/-1 */ -2.00,  0.34,-0.31,  0.06,-0.06,  0.01,-0.03,  0.01, 0.01,  0.03, 0.00,  0.12, 0.03, -0.55, 0.13, -0.21,-0.38, -1.22,-0.22, -0.37, 0.07, -0.07, 0.04, -0.01,-0.04,
  /*  3/2 */ -0.03, -0.01, 0.16,  0.17,-0.11, -0.01,-0.05,  0.00, 0.00,  0.01, 0.01, -0.10, 0.06, -0.02, 0.05,  0.52, 0.36,  0.05, 0.01,  0.05, 0.02,  0.03,-0.01,  0.04, 0.00,
  /* 3/-2 */  0.15,  0.17,-0.03,  0.15, 0.15,  0.05,-0.01,  0.01,-0.01,  0.02, 0.00,  0.06, 0.09,  0.09,-0.09,  0.27, 0.14,  0.15, 0.02,  0.06,-0.01,  0.02,-0.03,  0.01,-0.01,
  /*  3/3 */ -0.48,  0.02, 0.02,  0.00,-0.14, -0.03,-0.07,  0.00, 0.01,  0.01, 0.00,  0.00, 0.01, -0.08,-0.03,  0.00, 0.04, -0.29,-0.03, -0.11, 0.03, -0.05, 0.02, -0.02, 0.00,
  /* 3/-3 */ -0.40, -0.06, 0.04,  0.11, 0.01,  0.05,-0.03, -0.01, 0.00,  0.00, 0.00, -0.02, 0.02,  0.00, 0.06,  0.11, 0.00, -0.17,-0.01, -0.07, 0.02, -0.05, 0.01, -0.02, 0.01,
  /*  4/0 */  2.28,  0.30, 0.18, -0.05, 0.01, -0.03,-0.01, -0.01,-0.02, -0.02, 0.00, -0.08, 0.00,  0.86,-0.36,  0.17, 0.25,  1.58, 0.49,  0.46,-0.04,  0.01, 0.04, -0.04, 0.07,
  /*  4/1 */ -0.16,  0.44, 0.34, -0.16, 0.04, -0.01, 0.02,  0.00, 0.00,  0.00, 0.00, -0.02,-0.04, -0.18, 0.08,  0.23, 0.17, -0.06,-0.03,  0.00,-0.01,  0.00, 0.00,  0.00, 0.00,
  /* 4/-1 */ -0.21, -0.28, 0.45,  0.02,-0.14,  0.00,-0.01,  0.00, 0.00,  0.00, 0.00, -0.07,-0.02, -0.05, 0.05,  0.35, 0.27, -0.15,-0.02, -0.04,-0.01,  0.00, 0.00,  0.00, 0.00,
  /*  4/2 */ -0.10, -0.31, 0.19,  0.11,-0.05, -0.08, 0.03,  0.00, 0.00,  0.00, 0.00,  0.01,-0.01, -0.07, 0.06, -0.05,-0.03,  0.00, 0.01,  0.01, 0.02,  0.00, 0.00,  0.00, 0.00,
  /* 4/-2 */ -0.13, -0.17,-0.25,  0.04, 0.08, -0.04,-0.10,  0.00, 0.00,  0.00, 0.00,  0.03, 0.01,  0.04,-0.02,  0.02,-0.03,  0.13, 0.02,  0.07, 0.03,  0.00, 0.00,  0.00, 0.00,
  /*  5/0 */  0.21,  0.04,-0.12,  0.12, 0.08,  0.00, 0.01,  0.00, 0.00,  0.00, 0.00,  0.15,-0.10,  0.14,-0.05, -0.60,-0.32,  0.28, 0.04,  0.09, 0.02,  0.00, 0.00,  0.00, 0.00,
  /*  5/1 */  0.68,  0.39, 0.18,  0.07,-0.01, -0.02, 0.05,  0.00, 0.00,  0.00, 0.00,  0.06, 0.00, -0.03, 0.06,  0.02,-0.10, -0.08,-0.04, -0.05,-0.04,  0.00, 0.00,  0.00, 0.00,
  /* 5/-1 */  1.06, -0.12, 0.40,  0.02, 0.01, -0.03,-0.01,  0.00, 0.00,  0.00, 0.00, -0.05,-0.01,  0.37,-0.20,  0.01, 0.20,  0.62, 0.16,  0.15,-0.04,  0.00, 0.00,  0.00, 0.00,
  /*  5/2 */  0.00,  0.12,-0.09, -0.14, 0.11,  0.00, 0.04,  0.00, 0.00,  0.00, 0.00, -0.03, 0.02, -0.11, 0.04,  0.27, 0.10, -0.01,-0.02, -0.01,-0.01,  0.00, 0.00,  0.00, 0.00,
  /* 5/-2 */ -0.12,  0.00, 0.21, -0.14,-0.12, -0.03, 0.00,  0.00, 0.00,  0.00, 0.00, -0.10, 0.05, -0.12, 0.07,  0.32, 0.30, -0.04,-0.01,  0.01, 0.00,  0.00, 0.00,  0.00, 0.00,
);

const NONBRD = 17;
const ROW = 25;
const MAXN = 5;

/** MJD of 1980-01-06 (the origin of every Instant). */
const MJD_1980_01_06 = 44244;

/** Modified Julian Date (days, UTC) of an instant. */
export function mjdUtc(t: Instant): number {
  const u = toScale(t, "UTC");
  return MJD_1980_01_06 + (u.sec + u.frac) / SECONDS_PER_DAY;
}

/** MJD of the middle of the 2-hour block holding `mjd`: the prediction time tp of the non-broadcast part. */
export function bdgimPredictionMjd(mjd: number): number {
  const day = Math.floor(mjd);
  const block = Math.min(11, Math.floor((mjd - day) * 12));
  return day + (2 * block + 1) / 24;
}

let cachedTp = Number.NaN;
const cachedBeta = new Float64Array(NONBRD);

/** The 17 predicted non-broadcast coefficients (TECu) for prediction time `tp` (MJD). */
export function bdgimNonBroadcastCoefficients(
  tp: number,
  out: Float64Array = new Float64Array(NONBRD),
): Float64Array {
  for (let j = 0; j < NONBRD; j++) {
    const row = j * ROW;
    let beta = BDGIM_NONBROADCAST_TABLE[row];
    for (let k = 0; k < 12; k++) {
      const w = (2 * Math.PI) / BDGIM_PERIODS_day[k];
      beta +=
        BDGIM_NONBROADCAST_TABLE[row + 1 + 2 * k] * Math.cos(w * tp) +
        BDGIM_NONBROADCAST_TABLE[row + 2 + 2 * k] * Math.sin(w * tp);
    }
    out[j] = beta;
  }
  return out;
}

function betaFor(tp: number): Float64Array {
  if (tp !== cachedTp) {
    bdgimNonBroadcastCoefficients(tp, cachedBeta);
    cachedTp = tp;
  }
  return cachedBeta;
}

// normalised associated Legendre values Nnm Pnm(x), index n*(MAXN+1)+m
const PNM = new Float64Array((MAXN + 1) * (MAXN + 1));
const FACT = [1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800];

function fillLegendre(x: number): void {
  const s = Math.sqrt(Math.max(0, (1 - x) * (1 + x)));
  const W = MAXN + 1;
  for (let m = 0; m <= MAXN; m++) {
    // P_mm = (2m-1)!! s^m (no Condon-Shortley phase)
    let pmm = 1;
    for (let i = 1; i <= m; i++) pmm *= (2 * i - 1) * s;
    let pPrev = 0;
    let p = pmm;
    for (let n = m; n <= MAXN; n++) {
      if (n === m + 1) {
        pPrev = pmm;
        p = x * (2 * m + 1) * pmm;
      } else if (n > m + 1) {
        const next = ((2 * n - 1) * x * p - (n + m - 1) * pPrev) / (n - m);
        pPrev = p;
        p = next;
      }
      const norm = Math.sqrt(((2 * n + 1) * (m === 0 ? 1 : 2) * FACT[n - m]) / FACT[n + m]);
      PNM[n * W + m] = norm * p;
    }
  }
}

function harmonic(n: number, m: number, lon: number): number {
  const am = m < 0 ? -m : m;
  const p = PNM[n * (MAXN + 1) + am];
  return m >= 0 ? p * Math.cos(am * lon) : p * Math.sin(am * lon);
}

/** Ionospheric pierce point (geographic latitude/longitude, rad) of BDGIM (Re = 6378 km, 400 km layer). */
export function bdgimPiercePoint(rx: Geodetic, azel: AzEl): { lat_rad: number; lon_rad: number } {
  const r = BDGIM_EARTH_RADIUS_m / (BDGIM_EARTH_RADIUS_m + BDGIM_LAYER_HEIGHT_m);
  const psi = Math.PI / 2 - azel.el_rad - Math.asin(r * Math.cos(azel.el_rad));
  const sinU = Math.sin(rx.lat_rad);
  const cosU = Math.cos(rx.lat_rad);
  const lat = Math.asin(sinU * Math.cos(psi) + cosU * Math.sin(psi) * Math.cos(azel.az_rad));
  const lon =
    rx.lon_rad +
    Math.atan2(Math.sin(psi) * Math.sin(azel.az_rad) * cosU, Math.cos(psi) - sinU * Math.sin(lat));
  return { lat_rad: lat, lon_rad: lon };
}

/**
 * Vertical TEC (TECu) of BDGIM at an IPP given in geographic latitude/longitude (rad), at MJD `mjd` (UTC),
 * from the 9 broadcast coefficients (TECu). Not clipped (may be negative).
 */
export function bdgimVtecAtMjd_tecu(
  alpha: readonly number[],
  ippLat_rad: number,
  ippLon_rad: number,
  mjd: number,
): number {
  const sP = Math.sin(BDGIM_POLE_LAT_rad);
  const cP = Math.cos(BDGIM_POLE_LAT_rad);
  const dl = ippLon_rad - BDGIM_POLE_LON_rad;
  const sG = Math.sin(ippLat_rad);
  const cG = Math.cos(ippLat_rad);
  const latMag = Math.asin(sP * sG + cP * cG * Math.cos(dl));
  const lonMag = Math.atan2(cG * Math.sin(dl) * cP, sP * Math.sin(latMag) - sG);
  const sunLon = Math.PI * (1 - 2 * (mjd - Math.floor(mjd)));
  const ds = sunLon - BDGIM_POLE_LON_rad;
  let lon = lonMag - Math.atan2(Math.sin(ds), sP * Math.cos(ds));
  lon = Math.atan2(Math.sin(lon), Math.cos(lon));
  fillLegendre(Math.sin(latMag));
  let vtec = 0;
  for (let i = 0; i < 9; i++) {
    const [n, m] = BDGIM_BROADCAST_DEGREE_ORDER[i];
    vtec += (alpha[i] ?? 0) * harmonic(n, m, lon);
  }
  const beta = betaFor(bdgimPredictionMjd(mjd));
  for (let j = 0; j < NONBRD; j++) {
    const [n, m] = BDGIM_NONBROADCAST_DEGREE_ORDER[j];
    vtec += beta[j] * harmonic(n, m, lon);
  }
  return vtec;
}

/** BDGIM vertical TEC (TECu) at an IPP (geographic, rad) at time `t` (any scale). */
export function bdgimVtec_tecu(
  alpha: readonly number[],
  ippLat_rad: number,
  ippLon_rad: number,
  t: Instant,
): number {
  return bdgimVtecAtMjd_tecu(alpha, ippLat_rad, ippLon_rad, mjdUtc(t));
}

/** BDGIM modified single-layer mapping function for satellite elevation `el_rad`. */
export function bdgimMapping(el_rad: number): number {
  const r = BDGIM_EARTH_RADIUS_m / (BDGIM_EARTH_RADIUS_m + BDGIM_LAYER_HEIGHT_m);
  const s = r * Math.sin(0.9782 * (Math.PI / 2 - el_rad));
  return 1 / Math.sqrt(1 - s * s);
}

/**
 * BDGIM slant ionospheric delay (m) on a signal of frequency `freq_Hz` (default B1C) for broadcast
 * coefficients alpha1..alpha9 (TECu), receiver `rx`, satellite direction `azel`, time `t` (any scale).
 * 0 below the horizon; NaN when fewer than 9 coefficients are given.
 */
export function bdgimDelay_m(
  alpha: readonly number[],
  rx: Geodetic,
  azel: AzEl,
  t: Instant,
  freq_Hz: number = BDS_B1C_Hz,
): number {
  if (alpha.length < 9) return Number.NaN;
  if (azel.el_rad <= 0) return 0;
  const ipp = bdgimPiercePoint(rx, azel);
  const vtec = Math.max(0, bdgimVtec_tecu(alpha, ipp.lat_rad, ipp.lon_rad, t));
  return (bdgimMapping(azel.el_rad) * IONO_K_m_Hz2_per_TECU * vtec) / (freq_Hz * freq_Hz);
}
