// RINEX mixed navigation writer, versions 3.05 and 4.00.
// RINEX 3.05 §6 and Tables A5-A14: header with IONOSPHERIC CORR (GPSA/GPSB, BDSA/BDSB, QZSA/QZSB, GAL), TIME
// SYSTEM CORR and LEAP SECONDS; records for GPS/QZSS LNAV, BDS D1/D2, Galileo I/NAV-F/NAV (Keplerian, 8 lines)
// and GLONASS FDMA (4 lines). Records of messages RINEX 3 cannot carry (GPS CNAV/CNAV-2, BDS B-CNAV1/2/3) are
// left out.
// RINEX 4.00 §5.5 and its navigation tables (the layouts nav-records.ts reads): header without IONOSPHERIC CORR / TIME SYSTEM CORR; every record opens
// with `> EPH|ION|STO|EOP sat message`. EPH for GPS/QZSS LNAV, CNAV, CNV2, BDS D1, D2, CNV1, CNV2, CNV3,
// Galileo INAV/FNAV, GLONASS FDMA (with its fourth orbit line); ION Klobuchar (GPS/QZSS LNAV, BDS D1D2),
// BDGIM (BDS CNVX), NeQuick-G (Galileo IFNV); STO; EOP (GPS CNVX).
// Every parameter is written as D19.12 ("1.234567890123E-04", 13 significant digits).
//
// Conventions: BDS epochs and toe in BDT with the BDT week; Galileo in GST with the GPS-aligned week
// (as RINEX writes it); GLONASS epochs in UTC, positions in km; angles in radians, rates in rad/s.
//
// What the record model does not carry is written as follows (RINEX 4.00):
// - GPS/QZSS CNAV BROADCAST ORBIT-3 t_op: the toe's time of week (the reader takes toe = toc for CNAV);
//   URAI_NED0/1/2 and the last line's flags: 0; week: the GPS week of toc.
// - BDS B-CNAV t_op: the toe's time of week; SISAI_oe/ocb/oc1/oc2, SISMAI and integrity flags: 0.
// - GLONASS fourth orbit line (status flags, L1/L2 group delay difference, URAI, health flags): 0.
// - ION/STO records without a transmitting satellite (e.g. read from a RINEX 3 header): the first satellite
//   of that system among the ephemerides (PRN 01 if none), and without an epoch, that satellite system's
//   earliest ephemeris epoch. STO and EOP transmission times (t_tm): 0.999999999E+09, "unknown".
// - BDS D1/D2: RINEX 3 does not tell them apart, so records read from RINEX 3 all say D1; a D1 record whose
//   orbit is geostationary (semi-major axis and inclination, as orbit-kind.ts decides) is written as D2, the
//   message BDS GEOs broadcast (BDS-SIS-ICD-B1I-3.0 §5.3).

import type {
  EarthOrientationParameters,
  Ephemeris,
  GlonassEphemeris,
  IonoParameters,
  KeplerEphemeris,
  NavigationData,
  NavMessage,
  TimeOffsetParameters,
} from "../../orbits/ephemeris.js";
import { orbitKindFromElements } from "../../orbits/orbit-kind.js";
import { compareSats, type SatId } from "../../signals/system.js";
import {
  diffSeconds,
  type Instant,
  instant,
  type TimeScale,
  toCalendar,
  toScale,
  toWeekTow,
} from "../../time/instant.js";

/** RINEX versions this writer produces. */
export type RinexNavVersion = 3.05 | 4;

export interface RinexNavWriteOptions {
  /** 3.05 (default) or 4 (RINEX 4.00). */
  readonly version?: RinexNavVersion;
  readonly program?: string;
  readonly runBy?: string;
  /** File creation date for PGM / RUN BY / DATE; pass one for reproducible output (default: now). */
  readonly date?: Date;
  readonly comments?: readonly string[];
}

/** Fortran Dw.d in the 1P form RINEX 3 files use: sign, one digit, point, d digits, E, sign, 2 digits. */
export function formatD(v: number, w = 19, d = 12): string {
  if (!Number.isFinite(v)) return " ".repeat(w);
  let s: string;
  if (v === 0 || Math.abs(v) < 1e-99) {
    // a negative zero keeps its sign (receivers write "-0.000000000000E+00"; the reader keeps it)
    s = `${Object.is(v, -0) || v < 0 ? "-" : ""}${(0).toFixed(d)}E+00`;
  } else {
    const [m, e] = v.toExponential(d).split("e");
    const ex = Number(e);
    s = `${m}E${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  }
  return s.padStart(w);
}

const BLANK = " ".repeat(19);
/** Transmission time "unknown", as RINEX writes it (the reader treats |t| >= 0.9e9 as unknown). */
const TTM_UNKNOWN = 0.999999999e9;

function headerLine(content: string, label: string): string {
  return `${content.slice(0, 60).padEnd(60)}${label.padEnd(20)}\n`;
}

function formatDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())} UTC`;
}

const KEPLER_IN_RINEX3 = new Set(["LNAV", "D1", "D2", "INAV", "FNAV"]);

/** Whether a record can be written to RINEX 3 (others are skipped by `writeRinexNav`). */
export function isRinex3Writable(e: Ephemeris): boolean {
  if (e.kind === "glonass") return true;
  const sys = e.sat[0];
  if (!"CGEJ".includes(sys)) return false;
  return KEPLER_IN_RINEX3.has(e.message);
}

const RINEX4_MESSAGES: Readonly<Record<string, readonly NavMessage[]>> = {
  G: ["LNAV", "CNAV", "CNV2"],
  J: ["LNAV", "CNAV", "CNV2"],
  E: ["INAV", "FNAV"],
  C: ["D1", "D2", "CNV1", "CNV2", "CNV3"],
  R: ["FDMA"],
};

/** Whether a record can be written to a navigation file of `version` (others are skipped by `writeRinexNav`). */
export function isRinexNavWritable(e: Ephemeris, version: RinexNavVersion = 3.05): boolean {
  if (version < 4) return isRinex3Writable(e);
  return RINEX4_MESSAGES[e.sat[0]]?.includes(e.message) ?? false;
}

function ionoLines(p: IonoParameters): string {
  const d12 = (v: number) => formatD(v, 12, 4);
  if (p.kind === "klobuchar") {
    const [a, b] =
      p.system === "C" ? ["BDSA", "BDSB"] : p.system === "J" ? ["QZSA", "QZSB"] : ["GPSA", "GPSB"];
    return (
      headerLine(`${a} ${p.alpha.map(d12).join("")}`, "IONOSPHERIC CORR") +
      headerLine(`${b} ${p.beta.map(d12).join("")}`, "IONOSPHERIC CORR")
    );
  }
  if (p.kind === "nequick-g") {
    return headerLine(`GAL  ${p.ai.map(d12).join("")}${d12(0)}`, "IONOSPHERIC CORR");
  }
  return ""; // BDGIM exists only in RINEX 4
}

function timeCorrLine(o: TimeOffsetParameters): string {
  let sow = 0;
  let week = 0;
  if (o.tref) {
    const wt = toWeekTow(o.tref);
    sow = Math.round(wt.tow_s);
    week = wt.week;
  }
  const a0 = formatD(o.a0_s, 17, 10);
  const a1 = formatD(o.a1_sps, 16, 9);
  return headerLine(
    `${o.code.padEnd(4).slice(0, 4)} ${a0}${a1} ${String(sow).padStart(6)} ${String(week).padStart(4)}`,
    "TIME SYSTEM CORR",
  );
}

/** `yyyy mm dd hh mm ss` (19 columns) of an instant in its own scale, seconds rounded. */
function calendarField(t: Instant): string {
  const r = Math.round(t.frac) >= 1 ? instant(t.scale, t.sec + 1) : instant(t.scale, t.sec);
  const c = toCalendar(r);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${c.year} ${p(c.month)} ${p(c.day)} ${p(c.hour)} ${p(c.minute)} ${p(Math.round(c.second))}`;
}

/** "C01 2019 04 27 23 00 00" for an instant in the record's own scale (seconds rounded). */
function epochField(sat: string, t: Instant): string {
  return `${sat} ${calendarField(t)}`;
}

const orbitLine = (...v: (number | null)[]) =>
  `    ${v.map((x) => (x === null ? BLANK : formatD(x))).join("")}\n`;

/** The time scale RINEX writes a system's records in (GLONASS: UTC). */
function scaleOfSystem(sys: string): TimeScale {
  return sys === "C" ? "BDT" : sys === "E" ? "GST" : sys === "R" ? "UTC" : "GPST";
}

/** Seconds of `t` from the start of the week of `ref` (both in `scale`); may leave [0, 604800) by design. */
function secondsIntoWeekOf(t: Instant, ref: Instant, scale: TimeScale): number {
  const r = toScale(ref, scale);
  const weekStart = instant(scale, r.sec - Math.round(toWeekTow(r).tow_s - r.frac));
  return diffSeconds(toScale(t, scale), weekStart);
}

/** QZSS LNAV writes a fit interval flag (IS-QZSS-PNT: 0 = 2 hours, 1 = more than 2 hours). */
function qzssFitFlag(fit_h: number): number {
  if (fit_h === 2) return 0;
  if (fit_h === 0) return 1;
  return fit_h;
}

/** GPS/QZSS LNAV, BDS D1/D2, Galileo I/NAV-F/NAV: the RINEX 3.05 layout, which RINEX 4.00 keeps. */
function keplerRecord(e: KeplerEphemeris, v4: boolean): string {
  const sys = e.sat[0];
  const scale = scaleOfSystem(sys);
  const toc = toScale(e.toc, scale);
  const toe = toScale(e.toe, scale);
  const { week, tow_s: toeSow } = toWeekTow(toe);
  // RINEX 3.05 (kept as it was): an unknown transmission time is written as toe; RINEX 4: 0.999999999E+09
  const ttm = e.ttr ? secondsIntoWeekOf(e.ttr, toe, scale) : v4 ? TTM_UNKNOWN : toeSow;
  let out = `${epochField(e.sat, toc)}${formatD(e.af0_s)}${formatD(e.af1_sps)}${formatD(e.af2_sps2)}\n`;
  out += orbitLine(e.iode, e.crs_m, e.deltaN_radps, e.m0_rad);
  out += orbitLine(e.cuc_rad, e.e, e.cus_rad, e.sqrtA_sqrtm);
  out += orbitLine(toeSow, e.cic_rad, e.omega0_rad, e.cis_rad);
  out += orbitLine(e.i0_rad, e.crc_m, e.omega_rad, e.omegaDot_radps);
  const gd = e.groupDelays_s;
  if (sys === "C") {
    out += orbitLine(e.iDot_radps, null, week, null);
    out += orbitLine(e.ura_m, e.health, gd.TGD1 ?? 0, gd.TGD2 ?? 0);
    out += orbitLine(ttm, Number.isFinite(e.iodc) ? e.iodc : 0, null, null);
  } else if (sys === "E") {
    out += orbitLine(e.iDot_radps, e.dataSources, week, null);
    out += orbitLine(
      Number.isFinite(e.ura_m) ? e.ura_m : -1,
      e.health,
      gd.BGD_E5a_E1 ?? 0,
      gd.BGD_E5b_E1 ?? 0,
    );
    out += orbitLine(ttm, null, null, null);
  } else {
    out += orbitLine(e.iDot_radps, 0, week, 0);
    out += orbitLine(e.ura_m, e.health, gd.TGD ?? 0, Number.isFinite(e.iodc) ? e.iodc : 0);
    out += orbitLine(ttm, sys === "J" ? qzssFitFlag(e.fitInterval_h) : e.fitInterval_h, null, null);
  }
  return out;
}

/** IS-GPS-200 §20.3.3.3.1.3 URA index of a URA (m), the inverse of the reader's table; 15 when unknown. */
function uraIndex(ura_m: number): number {
  if (!(ura_m > 0)) return 15;
  const l = Math.log2(ura_m);
  const n = l <= 4 ? Math.round(2 * (l - 1)) : Math.round(l + 2);
  return Math.min(15, n);
}

/** GPS/QZSS CNAV and CNAV-2 (RINEX 4.00 EPH CNAV/CNV2 layouts): 8 or 9 orbit lines. */
function gpsCnavRecord(e: KeplerEphemeris): string {
  const toc = toScale(e.toc, "GPST");
  const toe = toScale(e.toe, "GPST");
  const gd = e.groupDelays_s;
  const ttm = e.ttr ? secondsIntoWeekOf(e.ttr, toc, "GPST") : TTM_UNKNOWN;
  let out = `${epochField(e.sat, toc)}${formatD(e.af0_s)}${formatD(e.af1_sps)}${formatD(e.af2_sps2)}\n`;
  out += orbitLine(e.aDot_mps, e.crs_m, e.deltaN_radps, e.m0_rad);
  out += orbitLine(e.cuc_rad, e.e, e.cus_rad, e.sqrtA_sqrtm);
  out += orbitLine(toWeekTow(toe).tow_s, e.cic_rad, e.omega0_rad, e.cis_rad);
  out += orbitLine(e.i0_rad, e.crc_m, e.omega_rad, e.omegaDot_radps);
  out += orbitLine(e.iDot_radps, e.deltaNDot_radps2, 0, 0);
  out += orbitLine(uraIndex(e.ura_m), e.health, gd.TGD ?? 0, 0);
  out += orbitLine(gd.ISC_L1CA ?? 0, gd.ISC_L2C ?? 0, gd.ISC_L5I5 ?? 0, gd.ISC_L5Q5 ?? 0);
  if (e.message === "CNV2") out += orbitLine(gd.ISC_L1Cd ?? 0, gd.ISC_L1Cp ?? 0, null, null);
  out += orbitLine(ttm, toWeekTow(toc).week, 0, null);
  return out;
}

/** BDS B-CNAV1 (B1C), B-CNAV2 (B2a), B-CNAV3 (B2b) (RINEX 4.00 EPH CNV1/CNV2/CNV3 layouts): 9, 9 and 8 orbit lines. */
function bdsCnavRecord(e: KeplerEphemeris): string {
  const toc = toScale(e.toc, "BDT");
  const toe = toScale(e.toe, "BDT");
  const gd = e.groupDelays_s;
  const ttm = e.ttr ? secondsIntoWeekOf(e.ttr, toc, "BDT") : TTM_UNKNOWN;
  let out = `${epochField(e.sat, toc)}${formatD(e.af0_s)}${formatD(e.af1_sps)}${formatD(e.af2_sps2)}\n`;
  out += orbitLine(e.aDot_mps, e.crs_m, e.deltaN_radps, e.m0_rad);
  out += orbitLine(e.cuc_rad, e.e, e.cus_rad, e.sqrtA_sqrtm);
  out += orbitLine(toWeekTow(toe).tow_s, e.cic_rad, e.omega0_rad, e.cis_rad);
  out += orbitLine(e.i0_rad, e.crc_m, e.omega_rad, e.omegaDot_radps);
  // satellite type, then t_op (not carried: toe's time of week)
  out += orbitLine(e.iDot_radps, e.deltaNDot_radps2, e.satType, toWeekTow(toe).tow_s);
  out += orbitLine(0, 0, 0, 0); // SISAI_oe, SISAI_ocb, SISAI_oc1, SISAI_oc2
  const iodc = Number.isFinite(e.iodc) ? e.iodc : 0;
  const iode = Number.isFinite(e.iode) ? e.iode : 0;
  if (e.message === "CNV3") {
    out += orbitLine(0, e.health, 0, gd.TGD_B2bI ?? 0); // SISMAI, health, B2b integrity flags, TGD_B2bI
    out += orbitLine(ttm, null, null, null);
    return out;
  }
  if (e.message === "CNV1") out += orbitLine(gd.ISC_B1Cd ?? 0, null, gd.TGD_B1Cp ?? 0, gd.TGD_B2ap ?? 0);
  else out += orbitLine(null, gd.ISC_B2ad ?? 0, gd.TGD_B1Cp ?? 0, gd.TGD_B2ap ?? 0);
  out += orbitLine(0, e.health, 0, iodc); // SISMAI, health, integrity flags, IODC
  out += orbitLine(ttm, null, null, iode);
  return out;
}

function glonassRecord(e: GlonassEphemeris, v4: boolean): string {
  const toe = toScale(e.toe, "UTC");
  let tof = 0;
  if (e.tof) {
    const u = toScale(e.tof, "UTC");
    tof = toWeekTow(u).tow_s;
  } else {
    tof = toWeekTow(toe).tow_s;
  }
  const km = 1e-3;
  let out = `${epochField(e.sat, toe)}${formatD(e.clockBias_s)}${formatD(e.gammaN)}${formatD(tof)}\n`;
  out += orbitLine(e.pos_m[0] * km, e.vel_mps[0] * km, e.acc_mps2[0] * km, e.health);
  out += orbitLine(e.pos_m[1] * km, e.vel_mps[1] * km, e.acc_mps2[1] * km, e.frequencyChannel);
  out += orbitLine(e.pos_m[2] * km, e.vel_mps[2] * km, e.acc_mps2[2] * km, e.ageDays);
  // status flags, L1/L2 group delay difference, URAI, health flags: not carried by the record model
  if (v4) out += orbitLine(0, 0, 0, 0);
  return out;
}

/** The message a record is written under in RINEX 4 (BDS D1 with a geostationary orbit becomes D2). */
export function rinex4Message(e: Ephemeris): NavMessage {
  if (e.kind === "kepler" && e.sat[0] === "C" && e.message === "D1") {
    const kind = orbitKindFromElements(e.sqrtA_sqrtm * e.sqrtA_sqrtm, e.i0_rad);
    if (kind === "GEO") return "D2";
  }
  return e.message;
}

function ephRecord4(e: Ephemeris): string {
  const head = `> EPH ${e.sat} ${rinex4Message(e)}\n`;
  if (e.kind === "glonass") return head + glonassRecord(e, true);
  switch (e.message) {
    case "CNAV":
    case "CNV2":
      return head + (e.sat[0] === "C" ? bdsCnavRecord(e) : gpsCnavRecord(e));
    case "CNV1":
    case "CNV3":
      return head + bdsCnavRecord(e);
    default:
      return head + keplerRecord(e, true);
  }
}

/** Transmitting satellite and epoch for system records that lack them: from the ephemerides of that system. */
class SystemDefaults {
  private readonly firstSat = new Map<string, SatId>();
  private readonly firstEpoch = new Map<string, Instant>();
  private earliest: Instant | undefined;

  constructor(eph: readonly Ephemeris[]) {
    for (const e of eph) {
      const sys = e.sat[0];
      const s = this.firstSat.get(sys);
      if (s === undefined || compareSats(e.sat, s) < 0) this.firstSat.set(sys, e.sat);
      const t = e.kind === "glonass" ? e.toe : e.toc;
      const f = this.firstEpoch.get(sys);
      if (f === undefined || diffSeconds(t, f) < 0) this.firstEpoch.set(sys, t);
      if (this.earliest === undefined || diffSeconds(t, this.earliest) < 0) this.earliest = t;
    }
  }

  sat(sys: string): SatId {
    return this.firstSat.get(sys) ?? `${sys}01`;
  }

  epoch(sys: string): Instant {
    return this.firstEpoch.get(sys) ?? this.earliest ?? instant("GPST", 0);
  }
}

const ionoSystem = (p: IonoParameters): string =>
  p.kind === "klobuchar" ? p.system : p.kind === "nequick-g" ? "E" : "C";

/** `> ION` (RINEX 4.00 §5.5): Klobuchar (LNAV / D1D2), BDGIM (CNVX), NeQuick-G (IFNV). */
function ionRecord(p: IonoParameters, d: SystemDefaults): string {
  const sys = ionoSystem(p);
  const sat = p.sat && p.sat[0] === sys ? p.sat : d.sat(sys);
  const time = toScale(p.time ?? d.epoch(sys), scaleOfSystem(sys));
  const first = (a: number, b: number, c: number) =>
    `    ${calendarField(time)}${formatD(a)}${formatD(b)}${formatD(c)}\n`;
  if (p.kind === "klobuchar") {
    const [a, b] = [p.alpha, p.beta];
    return (
      `> ION ${sat} ${sys === "C" ? "D1D2" : "LNAV"}\n` +
      first(a[0], a[1], a[2]) +
      orbitLine(a[3], b[0], b[1], b[2]) +
      orbitLine(b[3], 0, null, null) // beta3, region code (0 = wide area)
    );
  }
  if (p.kind === "nequick-g") {
    return `> ION ${sat} IFNV\n${first(p.ai[0], p.ai[1], p.ai[2])}${orbitLine(p.flags, null, null, null)}`;
  }
  const a = [...p.alpha];
  while (a.length < 9) a.push(0);
  return (
    `> ION ${sat} CNVX\n` +
    first(a[0], a[1], a[2]) +
    orbitLine(a[3], a[4], a[5], a[6]) +
    orbitLine(a[7], a[8], null, null)
  );
}

/** System letter of the broadcaster of a time-offset code (its first two letters). */
const STO_SOURCE: Readonly<Record<string, string>> = {
  GP: "G",
  GA: "E",
  BD: "C",
  QZ: "J",
  GL: "R",
  IR: "I",
  SB: "S",
};
const STO_MESSAGE: Readonly<Record<string, string>> = {
  G: "LNAV",
  J: "LNAV",
  E: "IFNV",
  C: "D1D2",
  R: "FDMA",
  I: "LNAV",
  S: "SBAS",
};
/** UTC ID of the UTC-offset codes, as RINEX 4.00 STO records name them. */
const UTC_ID: Readonly<Record<string, string>> = {
  GPUT: "UTC(USNO)",
  GAUT: "UTCGAL",
  BDUT: "UTC(NTSC)",
  QZUT: "UTC(NICT)",
  GLUT: "UTC(SU)",
  IRUT: "UTCIRN",
};

/** `> STO`: 4X, epoch, 1X, code (A18), 1X, SBAS ID (A18), 1X, UTC ID (A18); then t_tm, A0, A1, A2. */
function stoRecord(o: TimeOffsetParameters, d: SystemDefaults): string {
  const code = o.code.slice(0, 4);
  const sys = STO_SOURCE[code.slice(0, 2)] ?? "G";
  const tref = toScale(o.tref ?? d.epoch(sys), scaleOfSystem(sys));
  const line = `    ${calendarField(tref)} ${code.padEnd(18)} ${"".padEnd(18)} ${UTC_ID[code] ?? ""}`;
  return (
    `> STO ${d.sat(sys)} ${STO_MESSAGE[sys]}\n` +
    `${line.trimEnd()}\n` +
    orbitLine(TTM_UNKNOWN, o.a0_s, o.a1_sps, 0)
  );
}

/** Arc-seconds to radians. */
const ARCSEC_rad = Math.PI / 648000;
const DAY_s = 86400;

/** `> EOP`: xp, yp (arcsec, /day, /day^2) from column 24, then t_tm, UT1-UTC (s, /day, /day^2). */
function eopRecord(p: EarthOrientationParameters): string {
  const as = (x: number) => x / ARCSEC_rad;
  const tref = toScale(p.tref, "GPST");
  return (
    `> EOP ${p.sat} CNVX\n` +
    `    ${calendarField(tref)}${formatD(as(p.xp_rad))}${formatD(as(p.xpDot_radps) * DAY_s)}${formatD(as(p.xpDotDot_radps2) * DAY_s * DAY_s)}\n` +
    `    ${BLANK}${formatD(as(p.yp_rad))}${formatD(as(p.ypDot_radps) * DAY_s)}${formatD(as(p.ypDotDot_radps2) * DAY_s * DAY_s)}\n` +
    orbitLine(
      TTM_UNKNOWN,
      p.ut1MinusUtc_s,
      p.ut1MinusUtcDot_sps * DAY_s,
      p.ut1MinusUtcDotDot_sps2 * DAY_s * DAY_s,
    )
  );
}

function systemLabel(eph: readonly Ephemeris[]): string {
  const systems = new Set(eph.map((e) => e.sat[0]));
  if (systems.size !== 1) return "M: Mixed";
  const names: Record<string, string> = {
    C: "C: BDS",
    G: "G: GPS",
    E: "E: Galileo",
    R: "R: GLONASS",
    J: "J: QZSS",
  };
  return names[[...systems][0]] ?? "M: Mixed";
}

function sortEphemerides(eph: readonly Ephemeris[]): Ephemeris[] {
  return [...eph].sort(
    (a, b) => compareSats(a.sat, b.sat) || diffSeconds(a.toe, toScale(b.toe, a.toe.scale)),
  );
}

/**
 * A RINEX navigation file (3.05 by default, or 4.00) of everything in `data` that the version can hold.
 * Ephemeris records are sorted BDS first, then GPS, Galileo, GLONASS, QZSS, by PRN and by epoch; RINEX 4
 * writes them first, then the ION, STO and EOP records in the order given.
 */
export function writeRinexNav(data: NavigationData, opts: RinexNavWriteOptions = {}): string {
  const version = opts.version ?? 3.05;
  const v4 = version >= 4;
  const eph = data.ephemerides.filter((e) => isRinexNavWritable(e, version));
  let out = headerLine(
    `${(v4 ? "     4.00" : "     3.05").padEnd(20)}${"N: GNSS NAV DATA".padEnd(20)}${systemLabel(eph)}`,
    "RINEX VERSION / TYPE",
  );
  out += headerLine(
    `${(opts.program ?? "beidou").slice(0, 20).padEnd(20)}${(opts.runBy ?? "").slice(0, 20).padEnd(20)}${formatDate(opts.date ?? new Date())}`,
    "PGM / RUN BY / DATE",
  );
  for (const c of opts.comments ?? []) out += headerLine(c, "COMMENT");
  if (!v4) {
    // BDS first, then the others in the order given.
    const iono = [...data.iono].sort((a, b) => Number(ionoSystem(b) === "C") - Number(ionoSystem(a) === "C"));
    for (const p of iono) out += ionoLines(p);
    for (const o of data.timeOffsets) out += timeCorrLine(o);
  }
  if (data.leapSeconds !== undefined) out += headerLine(String(data.leapSeconds).padStart(6), "LEAP SECONDS");
  out += headerLine("", "END OF HEADER");

  const sorted = sortEphemerides(eph);
  if (!v4) {
    for (const e of sorted) out += e.kind === "glonass" ? glonassRecord(e, false) : keplerRecord(e, false);
    return out;
  }
  for (const e of sorted) out += ephRecord4(e);
  const defaults = new SystemDefaults(sorted);
  for (const p of data.iono) out += ionRecord(p, defaults);
  for (const o of data.timeOffsets) out += stoRecord(o, defaults);
  for (const p of data.eop ?? []) out += eopRecord(p);
  return out;
}
