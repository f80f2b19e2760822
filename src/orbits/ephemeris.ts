// Broadcast ephemeris records as decoded from navigation messages (RINEX nav, and later RTCM/UBX).
// Every quantity in SI; angles in radians (semicircles converted at decode time).
// Sources: IS-GPS-200 §20.3.3.4, BDS-SIS-ICD-B1I-3.0 §5.2.4, BDS-SIS-ICD-B1C-1.0 §7, Galileo OS SIS ICD §5.1,
// GLONASS ICD 5.1 §4.4, IS-QZSS-PNT.

import type { SatId } from "../signals/system.js";
import type { Instant } from "../time/instant.js";

/** Which broadcast message the record came from (RINEX 4 `> EPH` message type). */
export type NavMessage =
  | "LNAV" // GPS/QZSS legacy
  | "CNAV" // GPS/QZSS CNAV
  | "CNV2" // GPS/QZSS CNAV-2, BDS B-CNAV2 (B2a)
  | "D1" // BDS-2/3 B1I/B3I MEO/IGSO (RINEX 3 does not tell D1 from D2: its BDS records are all marked D1, and the orbit decides the kind)
  | "D2" // BDS-2/3 B1I/B3I GEO
  | "CNV1" // BDS B-CNAV1 (B1C)
  | "CNV3" // BDS B-CNAV3 (B2b)
  | "INAV" // Galileo I/NAV
  | "FNAV" // Galileo F/NAV
  | "FDMA"; // GLONASS

/** Keplerian broadcast ephemeris: GPS, QZSS, Galileo, BDS (all messages). */
export interface KeplerEphemeris {
  readonly kind: "kepler";
  readonly sat: SatId;
  readonly message: NavMessage;
  /** Time of clock and of ephemeris, in the system's own scale (BDT for C, GST for E, GPST for G and J). */
  readonly toc: Instant;
  readonly toe: Instant;
  /** Transmission time of the message, when known. */
  readonly ttr?: Instant;
  readonly af0_s: number;
  readonly af1_sps: number;
  readonly af2_sps2: number;
  readonly sqrtA_sqrtm: number;
  readonly e: number;
  readonly i0_rad: number;
  readonly omega0_rad: number;
  readonly omega_rad: number;
  readonly m0_rad: number;
  readonly deltaN_radps: number;
  readonly iDot_radps: number;
  readonly omegaDot_radps: number;
  readonly cuc_rad: number;
  readonly cus_rad: number;
  readonly crc_m: number;
  readonly crs_m: number;
  readonly cic_rad: number;
  readonly cis_rad: number;
  /** CNAV/CNV1/CNV2 only: rate of semi-major axis (m/s), rate of mean-motion difference (rad/s^2). 0 otherwise. */
  readonly aDot_mps: number;
  readonly deltaNDot_radps2: number;
  /** Issue of data: IODE (GPS), IODnav (Galileo), AODE (BDS D1/D2) or IODE (BDS CNAV). */
  readonly iode: number;
  /** IODC (GPS), AODC (BDS D1/D2), IODC (BDS CNAV); NaN if none. */
  readonly iodc: number;
  /** Health word as broadcast (0 = healthy); Galileo: the SV health bits. */
  readonly health: number;
  /** User range accuracy (m), NaN if unknown. */
  readonly ura_m: number;
  /** Fit interval (h); 0 when the message gives none (system default applies). */
  readonly fitInterval_h: number;
  /**
   * Group delays (s) keyed by name: GPS/QZSS "TGD"; BDS D1/D2 "TGD1" (B1I), "TGD2" (B2I);
   * BDS CNV1/CNV2 "TGD_B1Cp", "TGD_B2ap", "ISC_B1Cd", "ISC_B2ad"; BDS CNV3 "TGD_B2bI"; Galileo "BGD_E5a_E1", "BGD_E5b_E1";
   * GPS CNAV "ISC_L1CA", "ISC_L2C", "ISC_L5I5", "ISC_L5Q5".
   */
  readonly groupDelays_s: Readonly<Record<string, number>>;
  /** BDS CNAV: satellite orbit type as broadcast (1 GEO, 2 IGSO, 3 MEO), 0 when not broadcast. */
  readonly satType: number;
  /** Galileo data sources bits (I/NAV vs F/NAV), 0 otherwise. */
  readonly dataSources: number;
}

/** GLONASS FDMA ephemeris: state vector in PZ-90 at tb, plus lunisolar accelerations. */
export interface GlonassEphemeris {
  readonly kind: "glonass";
  readonly sat: SatId;
  readonly message: "FDMA";
  /** Ephemeris reference time tb, stored in GPST (converted from UTC(SU)+3h at decode time). */
  readonly toe: Instant;
  /** Message frame time, GPST. */
  readonly tof?: Instant;
  readonly pos_m: readonly [number, number, number];
  readonly vel_mps: readonly [number, number, number];
  readonly acc_mps2: readonly [number, number, number];
  /** -tauN: SV clock bias (s) (RINEX writes -TauN), so that dts = taun_s + gammaN * (t - tb). */
  readonly clockBias_s: number;
  /** +GammaN: relative frequency bias. */
  readonly gammaN: number;
  readonly frequencyChannel: number;
  readonly health: number;
  readonly ageDays: number;
}

export type Ephemeris = KeplerEphemeris | GlonassEphemeris;

/** Broadcast ionosphere models found in navigation headers or records. */
export type IonoParameters =
  | {
      readonly kind: "klobuchar";
      /** Which system broadcast them: G (GPS), C (BDS, BDSA/BDSB), J (QZSS). */
      readonly system: "G" | "C" | "J";
      /** alpha0..3 (s, s/semicircle, ...), beta0..3 (s, ...) exactly as broadcast. */
      readonly alpha: readonly [number, number, number, number];
      readonly beta: readonly [number, number, number, number];
      readonly time?: Instant;
      readonly sat?: SatId;
    }
  | {
      readonly kind: "bdgim";
      /** alpha1..alpha9 (TECu) of BDS-SIS-ICD-B1C-1.0 §7.12 / RINEX 4 ION BDGIM. */
      readonly alpha: readonly number[];
      readonly time?: Instant;
      readonly sat?: SatId;
    }
  | {
      readonly kind: "nequick-g";
      readonly ai: readonly [number, number, number];
      readonly flags: number;
      readonly time?: Instant;
      readonly sat?: SatId;
    };

/** System time offsets (RINEX 3 TIME SYSTEM CORR, RINEX 4 STO): t_target - t_source = a0 + a1 (t - tref). */
export interface TimeOffsetParameters {
  /** e.g. "GPUT", "BDUT", "GAGP", "BDGP" as RINEX writes it. */
  readonly code: string;
  readonly a0_s: number;
  readonly a1_sps: number;
  readonly tref?: Instant;
}

/**
 * Broadcast Earth orientation (RINEX 4 `> EOP`, from GPS CNAV/CNAV-2): pole and UT1-UTC as quadratics in time
 * from `tref`. Angles in radians (arc-seconds at decode), rates per second.
 */
export interface EarthOrientationParameters {
  readonly sat: SatId;
  readonly tref: Instant;
  readonly xp_rad: number;
  readonly xpDot_radps: number;
  readonly xpDotDot_radps2: number;
  readonly yp_rad: number;
  readonly ypDot_radps: number;
  readonly ypDotDot_radps2: number;
  readonly ut1MinusUtc_s: number;
  readonly ut1MinusUtcDot_sps: number;
  readonly ut1MinusUtcDotDot_sps2: number;
}

/** Everything navigation files provide, for the ephemeris store. */
export interface NavigationData {
  readonly ephemerides: Ephemeris[];
  readonly iono: IonoParameters[];
  readonly timeOffsets: TimeOffsetParameters[];
  /** RINEX 4 EOP records, when present. */
  readonly eop?: EarthOrientationParameters[];
  readonly leapSeconds?: number;
}
