// Per-system constants for broadcast orbit and clock computation, each from its own system's document.
// BDS: BDS-SIS-ICD-B1I-3.0 §5.2.4.10-12 (CGCS2000), BDS-SIS-ICD-B1C-1.0 §7.7 (A_ref).
// GPS/QZSS: IS-GPS-200 §20.3.3.4.3 Table 20-IV, §30.3.3.1.3 Table 30-II (A_ref), IS-QZSS-PNT.
// Galileo: OS SIS ICD §5.1.1. GLONASS: ICD 5.1 §3.1.3 and Appendix A.3.1.2 (PZ-90).
// Validity windows: RTKLIB rtklib.h MAXDTOE_* (max |t - toe| an ephemeris is used for).

import { C_mps, CGCS2000, PZ90, WGS84 } from "../frames/ellipsoid.js";
import type { GnssSystem } from "../signals/system.js";
import type { TimeScale } from "../time/instant.js";

export interface KeplerSystemConstants {
  /** Gravitational constant GM (m^3/s^2) of the system's ICD. */
  readonly GM_m3ps2: number;
  /** Earth rotation rate (rad/s) of the system's ICD. */
  readonly omegaE_radps: number;
  /** Relativistic clock constant F = -2 sqrt(GM) / c^2 (s/m^0.5). */
  readonly F_spsqrtm: number;
  /** The system's own time scale, in which toe/toc are counted. */
  readonly scale: TimeScale;
}

const relF = (gm: number): number => (-2 * Math.sqrt(gm)) / (C_mps * C_mps);

/** BDS: CGCS2000 GM 3.986004418e14, OmegaE 7.2921150e-5 (BDS-SIS-ICD-B1I-3.0 §3.2). */
export const BDS_CONSTANTS: KeplerSystemConstants = {
  GM_m3ps2: CGCS2000.GM_m3ps2,
  omegaE_radps: CGCS2000.omegaE_radps,
  F_spsqrtm: relF(CGCS2000.GM_m3ps2),
  scale: "BDT",
};

/** GPS: WGS84 GM 3.986005e14, OmegaE 7.2921151467e-5; F = -4.442807633e-10 (IS-GPS-200 §20.3.3.3.3.1). */
export const GPS_CONSTANTS: KeplerSystemConstants = {
  GM_m3ps2: WGS84.GM_m3ps2,
  omegaE_radps: WGS84.omegaE_radps,
  F_spsqrtm: relF(WGS84.GM_m3ps2),
  scale: "GPST",
};

/** QZSS uses the GPS values (IS-QZSS-PNT §5.5.1) and runs on QZSST = GPST. */
export const QZSS_CONSTANTS: KeplerSystemConstants = GPS_CONSTANTS;

/** Galileo: GM 3.986004418e14, OmegaE 7.2921151467e-5 (OS SIS ICD §5.1.1). */
export const GALILEO_CONSTANTS: KeplerSystemConstants = {
  GM_m3ps2: 3.986004418e14,
  omegaE_radps: 7.2921151467e-5,
  F_spsqrtm: relF(3.986004418e14),
  scale: "GST",
};

export function keplerConstantsOf(system: GnssSystem): KeplerSystemConstants {
  switch (system) {
    case "C":
      return BDS_CONSTANTS;
    case "E":
      return GALILEO_CONSTANTS;
    case "J":
      return QZSS_CONSTANTS;
    default:
      return GPS_CONSTANTS;
  }
}

/** GLONASS PZ-90 constants for the equations of motion (ICD 5.1 §3.1.3, Appendix A.3.1.2). */
export const GLONASS_CONSTANTS = {
  GM_m3ps2: PZ90.GM_m3ps2,
  omegaE_radps: PZ90.omegaE_radps,
  /** Equatorial radius a_e (m). */
  ae_m: PZ90.a_m,
  /** Second zonal harmonic J2 (ICD 5.1 uses C20 = -J2). */
  J2: 1.0826257e-3,
} as const;

/**
 * Reference semi-major axes of CNAV-type messages (m): GPS/QZSS CNAV A_ref (IS-GPS-200 §30.3.3.1.3);
 * BDS B-CNAV1/2/3 A_ref for MEO and for IGSO/GEO (BDS-SIS-ICD-B1C-1.0 §7.7).
 * RINEX 4 CNAV/CNV1/CNV2/CNV3 records carry sqrt(A0) = sqrt(A_ref + deltaA) in their sqrt(A) field, next to
 * ADOT and delta-n0-dot (RINEX 4.00 appendix, GPS CNAV and BDS CNV1/CNV2/CNV3 record layouts; read the same
 * way by cssrlib), so the orbit code takes the record's sqrtA as A0 and needs A_ref only to decode raw messages.
 */
export const CNAV_A_REF_m = {
  GPS: 26559710,
  BDS_MEO: 27906100,
  BDS_IGSO_GEO: 42162200,
} as const;

/**
 * Maximum |t - toe| (s) for using a broadcast ephemeris, as RTKLIB's MAXDTOE_*: GPS and QZSS 7200 s,
 * Galileo 14400 s, BDS 21600 s, GLONASS 1800 s.
 */
export const MAX_DTOE_s: Readonly<Record<GnssSystem, number>> = {
  C: 21600,
  G: 7200,
  E: 14400,
  R: 1800,
  J: 7200,
  S: 360,
  I: 7200,
};
