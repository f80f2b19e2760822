// RINEX navigation data records -> broadcast ephemerides, field by field.
// Layouts: RINEX 2.11 Tables A4 (GPS) and A11 (GLONASS); RINEX 3.05 Tables A6 (GPS), A8 (Galileo), A10 (GLONASS),
// A14 (QZSS), A16 (BDS); RINEX 4.00/4.01/4.02 Tables A32-A44 (EPH records incl. GPS/QZSS CNAV/CNV2,
// BDS CNV1/CNV2/CNV3, GLONASS FDMA with its fourth orbit line).
//
// `v` holds the record's numbers in file order: v[0..2] are the three clock fields of the epoch line, and
// v[3 + 4*(k-1) + j] is field j of BROADCAST ORBIT - k. Units: RINEX already gives radians (not semicircles),
// seconds, metres; GLONASS positions are km and become metres here.
//
// Message types in RINEX 2/3 files, which do not name them: GPS/QZSS are LNAV; Galileo is I/NAV or F/NAV from
// the data-sources bits (bit 0 or 2: I/NAV, bit 1: F/NAV); BDS is marked "D1" because RINEX 3 does not tell
// D1 from D2 (GEO-ness is not knowable from the PRN; the orbit kind is decided later from the orbit itself).

import type { GlonassEphemeris, KeplerEphemeris, NavMessage } from "../../orbits/ephemeris.js";
import type { SatId } from "../../signals/system.js";
import {
  type Calendar,
  diffSeconds,
  fromCalendar,
  fromWeekTow,
  type Instant,
  instant,
  SECONDS_PER_DAY,
  SECONDS_PER_WEEK,
  type TimeScale,
  toScale,
  toWeekTow,
} from "../../time/instant.js";

/** Continuation lines a record of this system and message must have (GLONASS: the fourth line is optional). */
export function orbitLinesRequired(sys: string, message: NavMessage): number {
  switch (message) {
    case "CNAV":
      return 8;
    case "CNV2":
      return 9;
    case "CNV1":
      return 9;
    case "CNV3":
      return 8;
    case "FDMA":
      return 3;
    default:
      return sys === "S" ? 3 : 7;
  }
}

/** "transmission time unknown" as RINEX writes it. */
const TTR_UNKNOWN = 0.9e9;

/** The instant of `tow_s` in the week that puts it nearest to `ref` (handles week crossings and bad weeks). */
function nearWeek(t: Instant, ref: Instant): Instant {
  const d = diffSeconds(t, ref);
  if (Math.abs(d) <= SECONDS_PER_WEEK / 2) return t;
  const weeks = Math.round(d / SECONDS_PER_WEEK);
  return instant(t.scale, t.sec - weeks * SECONDS_PER_WEEK, t.frac);
}

function scaleOf(sys: string): TimeScale {
  return sys === "C" ? "BDT" : sys === "E" ? "GST" : "GPST";
}

/** IS-GPS-200 §20.3.3.3.1.3 URA index -> metres (upper bound of the class); NaN for 15 (no accuracy prediction). */
export function uraFromIndex(n: number): number {
  if (!Number.isFinite(n) || n >= 15) return Number.NaN;
  if (n <= 6) return 2 ** (1 + n / 2);
  return 2 ** (n - 2);
}

const finiteInt = (x: number): number => (Number.isFinite(x) ? Math.round(x) : 0);

/** Transmission time from seconds of week, placed in the week nearest toc; undefined when unknown. */
function transmissionTime(scale: TimeScale, week: number, tow_s: number, toc: Instant): Instant | undefined {
  if (!Number.isFinite(tow_s) || Math.abs(tow_s) >= TTR_UNKNOWN) return undefined;
  return nearWeek(fromWeekTow(scale, week, tow_s), toc);
}

interface KeplerCore {
  sqrtA_sqrtm: number;
  e: number;
  i0_rad: number;
  omega0_rad: number;
  omega_rad: number;
  m0_rad: number;
  deltaN_radps: number;
  iDot_radps: number;
  omegaDot_radps: number;
  cuc_rad: number;
  cus_rad: number;
  crc_m: number;
  crs_m: number;
  cic_rad: number;
  cis_rad: number;
}

/** The orbit fields every Keplerian layout shares (BROADCAST ORBIT 1-4 and IDOT). */
function keplerCore(v: Float64Array): KeplerCore {
  return {
    crs_m: v[4],
    deltaN_radps: v[5],
    m0_rad: v[6],
    cuc_rad: v[7],
    e: v[8],
    cus_rad: v[9],
    sqrtA_sqrtm: v[10],
    cic_rad: v[12],
    omega0_rad: v[13],
    cis_rad: v[14],
    i0_rad: v[15],
    crc_m: v[16],
    omega_rad: v[17],
    omegaDot_radps: v[18],
    iDot_radps: v[19],
  };
}

/** GPS or QZSS LNAV (RINEX 2/3/4), Galileo I/NAV or F/NAV, BDS D1/D2. */
export function decodeKeplerLegacy(
  sat: SatId,
  epoch: Calendar,
  v: Float64Array,
  message4?: NavMessage,
): KeplerEphemeris | string {
  const sys = sat[0];
  const scale = scaleOf(sys);
  const toc = fromCalendar(scale, epoch);
  const week = v[21];
  const toe_s = v[11];
  if (!Number.isFinite(week) || week < 0 || week > 9999) return `week number ${week} out of range`;
  if (!(toe_s >= 0 && toe_s < SECONDS_PER_WEEK + 1)) return `toe ${toe_s} s is not a time of week`;
  const toe = nearWeek(fromWeekTow(scale, week, toe_s), toc);
  const ttr = transmissionTime(scale, week, v[27], toc);
  const core = keplerCore(v);
  const base = {
    kind: "kepler" as const,
    sat,
    toc,
    toe,
    ttr,
    af0_s: v[0],
    af1_sps: v[1],
    af2_sps2: v[2],
    ...core,
    aDot_mps: 0,
    deltaNDot_radps2: 0,
  };
  if (sys === "E") {
    const dataSources = finiteInt(v[20]);
    const message: NavMessage =
      message4 ?? ((dataSources & 0b101) === 0 && (dataSources & 0b10) !== 0 ? "FNAV" : "INAV");
    return {
      ...base,
      message,
      iode: finiteInt(v[3]),
      iodc: Number.NaN,
      health: finiteInt(v[24]),
      // SISA in metres; "no accuracy prediction available" is written as a negative number
      ura_m: v[23] >= 0 ? v[23] : Number.NaN,
      fitInterval_h: 0,
      groupDelays_s: { BGD_E5a_E1: v[25], BGD_E5b_E1: v[26] },
      satType: 0,
      dataSources,
    };
  }
  if (sys === "C") {
    return {
      ...base,
      message: message4 ?? "D1",
      iode: finiteInt(v[3]), // AODE
      iodc: finiteInt(v[28]), // AODC
      health: finiteInt(v[24]), // SatH1
      ura_m: v[23] > 0 ? v[23] : Number.NaN,
      fitInterval_h: 0,
      groupDelays_s: { TGD1: v[25], TGD2: v[26] },
      satType: 0,
      dataSources: 0,
    };
  }
  // GPS / QZSS LNAV
  let fit = Number.isFinite(v[28]) ? v[28] : 0;
  if (sys === "J") {
    // IS-QZSS: the field is a flag, 0 = 2 hours, 1 = more than 2 hours (no number given)
    if (fit === 0) fit = 2;
    else if (fit === 1) fit = 0;
  }
  return {
    ...base,
    message: message4 ?? "LNAV",
    iode: finiteInt(v[3]),
    iodc: finiteInt(v[26]),
    health: finiteInt(v[24]),
    ura_m: v[23] > 0 ? v[23] : Number.NaN,
    fitInterval_h: fit,
    groupDelays_s: { TGD: v[25] },
    satType: 0,
    dataSources: 0,
  };
}

/** GPS/QZSS CNAV and CNAV-2 (RINEX 4 Tables A33/A34, A39/A40). */
export function decodeGpsCnav(
  sat: SatId,
  epoch: Calendar,
  v: Float64Array,
  message: "CNAV" | "CNV2",
): KeplerEphemeris | string {
  const toc = fromCalendar("GPST", epoch);
  // BROADCAST ORBIT-3 opens with t_op in RINEX 4.00 (toe in later drafts); CNAV broadcasts t_oe = t_oc, so the
  // clock epoch of the record is the ephemeris reference time.
  const toe = toc;
  const { week } = toWeekTow(toc);
  const ttmAt = message === "CNAV" ? 31 : 35;
  const groupDelays_s: Record<string, number> = {
    TGD: v[25],
    ISC_L1CA: v[27],
    ISC_L2C: v[28],
    ISC_L5I5: v[29],
    ISC_L5Q5: v[30],
  };
  if (message === "CNV2") {
    groupDelays_s.ISC_L1Cd = v[31];
    groupDelays_s.ISC_L1Cp = v[32];
  }
  return {
    kind: "kepler",
    sat,
    message,
    toc,
    toe,
    ttr: transmissionTime("GPST", week, v[ttmAt], toc),
    af0_s: v[0],
    af1_sps: v[1],
    af2_sps2: v[2],
    ...keplerCore(v),
    aDot_mps: v[3],
    deltaNDot_radps2: v[20],
    // CNAV has no IODE/IODC: the data set is identified by its toe
    iode: Number.NaN,
    iodc: Number.NaN,
    health: finiteInt(v[24]),
    ura_m: uraFromIndex(v[23]), // URAI_ED
    fitInterval_h: 0,
    groupDelays_s,
    satType: 0,
    dataSources: 0,
  };
}

/** BDS B-CNAV1 (B1C), B-CNAV2 (B2a), B-CNAV3 (B2b) (RINEX 4 Tables A36-A38). */
export function decodeBdsCnav(
  sat: SatId,
  epoch: Calendar,
  v: Float64Array,
  message: "CNV1" | "CNV2" | "CNV3",
): KeplerEphemeris | string {
  const toc = fromCalendar("BDT", epoch);
  const toe_s = v[11];
  if (!(toe_s >= 0 && toe_s < SECONDS_PER_WEEK + 1)) return `toe ${toe_s} s is not a time of week`;
  // no week field: toe lies in the BDT week of toc, or the one next to it
  const { week } = toWeekTow(toc);
  const toe = nearWeek(fromWeekTow("BDT", week, toe_s), toc);
  let groupDelays_s: Record<string, number>;
  let health: number;
  let iode: number;
  let iodc: number;
  let ttr: Instant | undefined;
  if (message === "CNV3") {
    groupDelays_s = { TGD_B2bI: v[30] };
    health = finiteInt(v[28]);
    iode = Number.NaN;
    iodc = Number.NaN;
    ttr = transmissionTime("BDT", week, v[31], toc);
  } else {
    groupDelays_s = { TGD_B1Cp: v[29], TGD_B2ap: v[30] };
    if (message === "CNV1") groupDelays_s.ISC_B1Cd = v[27];
    else groupDelays_s.ISC_B2ad = v[28];
    health = finiteInt(v[32]);
    iodc = finiteInt(v[34]);
    iode = finiteInt(v[38]);
    ttr = transmissionTime("BDT", week, v[35], toc);
  }
  return {
    kind: "kepler",
    sat,
    message,
    toc,
    toe,
    ttr,
    af0_s: v[0],
    af1_sps: v[1],
    af2_sps2: v[2],
    ...keplerCore(v),
    aDot_mps: v[3],
    deltaNDot_radps2: v[20],
    iode,
    iodc,
    health,
    // SISAI_oe is an index whose metre table is not carried in RINEX; left unknown
    ura_m: Number.NaN,
    fitInterval_h: 0,
    groupDelays_s,
    satType: finiteInt(v[21]),
    dataSources: 0,
  };
}

/**
 * GLONASS FDMA (RINEX 2 Table A11, RINEX 3 Table A10, RINEX 4 Table A41). The record epoch is tb in UTC;
 * v[2] is the message frame time, seconds of the UTC week (RINEX 3/4) or of the UTC day (RINEX 2).
 */
export function decodeGlonass(sat: SatId, epoch: Calendar, v: Float64Array): GlonassEphemeris | string {
  const tbUtc = fromCalendar("UTC", epoch);
  const toe = toScale(tbUtc, "GPST");
  let tof: Instant | undefined;
  const tk = v[2];
  if (Number.isFinite(tk) && tk >= 0 && Math.abs(tk) < TTR_UNKNOWN) {
    // time of day of the frame, placed on the UTC day of tb, then moved to within 12 h of tb
    const tod = tk % SECONDS_PER_DAY;
    const day0 = tbUtc.sec - (((tbUtc.sec % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY);
    let t = day0 + tod;
    const d = t - tbUtc.sec;
    if (d > SECONDS_PER_DAY / 2) t -= SECONDS_PER_DAY;
    else if (d < -SECONDS_PER_DAY / 2) t += SECONDS_PER_DAY;
    tof = toScale(instant("UTC", t), "GPST");
  }
  let channel = finiteInt(v[10]);
  if (channel > 127) channel -= 256; // some writers store the signed channel as a byte
  // -7..+6 today (ICD 5.1); 0..24 were in use before 2005
  if (channel < -7 || channel > 24) return `frequency channel ${channel} outside -7..24`;
  return {
    kind: "glonass",
    sat,
    message: "FDMA",
    toe,
    tof,
    pos_m: [v[3] * 1e3, v[7] * 1e3, v[11] * 1e3],
    vel_mps: [v[4] * 1e3, v[8] * 1e3, v[12] * 1e3],
    acc_mps2: [v[5] * 1e3, v[9] * 1e3, v[13] * 1e3],
    clockBias_s: v[0],
    gammaN: v[1],
    frequencyChannel: channel,
    health: finiteInt(v[6]),
    ageDays: finiteInt(v[14]),
  };
}
