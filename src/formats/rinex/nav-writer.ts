// RINEX 3.05 mixed navigation writer (IGS/RTCM RINEX 3.05 §6 and Tables A5-A14): header with
// IONOSPHERIC CORR (GPSA/GPSB, BDSA/BDSB, QZSA/QZSB, GAL), TIME SYSTEM CORR and LEAP SECONDS; records for
// GPS/QZSS LNAV, BDS D1/D2, Galileo I/NAV-F/NAV (Keplerian, 8 lines) and GLONASS FDMA (4 lines), every
// parameter as D19.12 ("1.234567890123E-04", 13 significant digits). Records of messages RINEX 3 cannot
// carry (GPS CNAV/CNAV-2, BDS B-CNAV1/2/3) are left out; RINEX 4 is needed for those.
//
// Conventions: BDS epochs and toe in BDT with the BDT week; Galileo in GST with the GPS-aligned week
// (as RINEX writes it); GLONASS epochs in UTC, positions in km; angles in radians, rates in rad/s.

import type {
  Ephemeris,
  GlonassEphemeris,
  IonoParameters,
  KeplerEphemeris,
  NavigationData,
  TimeOffsetParameters,
} from "../../orbits/ephemeris.js";
import { compareSats } from "../../signals/system.js";
import { diffSeconds, type Instant, instant, toCalendar, toScale, toWeekTow } from "../../time/instant.js";

export interface RinexNavWriteOptions {
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
    s = `${(0).toFixed(d)}E+00`;
  } else {
    const [m, e] = v.toExponential(d).split("e");
    const ex = Number(e);
    s = `${m}E${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
  }
  return s.padStart(w);
}

const BLANK = " ".repeat(19);

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

/** "C01 2019 04 27 23 00 00" for an instant in the record's own scale (seconds rounded). */
function epochField(sat: string, t: Instant): string {
  const r = Math.round(t.frac) >= 1 ? instant(t.scale, t.sec + 1) : instant(t.scale, t.sec);
  const c = toCalendar(r);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${sat} ${c.year} ${p(c.month)} ${p(c.day)} ${p(c.hour)} ${p(c.minute)} ${p(Math.round(c.second))}`;
}

const orbitLine = (...v: (number | null)[]) =>
  `    ${v.map((x) => (x === null ? BLANK : formatD(x))).join("")}\n`;

function keplerRecord(e: KeplerEphemeris): string {
  const sys = e.sat[0];
  const scale = sys === "C" ? "BDT" : sys === "E" ? "GST" : "GPST";
  const toc = toScale(e.toc, scale);
  const toe = toScale(e.toe, scale);
  const { week, tow_s: toeSow } = toWeekTow(toe);
  const weekStart = instant(scale, toe.sec - Math.round(toeSow - toe.frac));
  const ttm = e.ttr ? diffSeconds(toScale(e.ttr, scale), weekStart) : toeSow;
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
    out += orbitLine(ttm, e.fitInterval_h, null, null);
  }
  return out;
}

function glonassRecord(e: GlonassEphemeris): string {
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
  return out;
}

/**
 * A RINEX 3.05 navigation file of everything in `data` that RINEX 3 can hold. Records are sorted BDS first,
 * then GPS, Galileo, GLONASS, QZSS, by PRN and by epoch.
 */
export function writeRinexNav(data: NavigationData, opts: RinexNavWriteOptions = {}): string {
  const eph = data.ephemerides.filter(isRinex3Writable);
  const systems = new Set(eph.map((e) => e.sat[0]));
  const sysLabel =
    systems.size === 1
      ? ((
          { C: "C: BDS", G: "G: GPS", E: "E: Galileo", R: "R: GLONASS", J: "J: QZSS" } as Record<
            string,
            string
          >
        )[[...systems][0]] ?? "M: Mixed")
      : "M: Mixed";
  let out = headerLine(
    `${"     3.05".padEnd(20)}${"N: GNSS NAV DATA".padEnd(20)}${sysLabel}`,
    "RINEX VERSION / TYPE",
  );
  out += headerLine(
    `${(opts.program ?? "beidou").slice(0, 20).padEnd(20)}${(opts.runBy ?? "").slice(0, 20).padEnd(20)}${formatDate(opts.date ?? new Date())}`,
    "PGM / RUN BY / DATE",
  );
  for (const c of opts.comments ?? []) out += headerLine(c, "COMMENT");
  // BDS first, then the others in the order given.
  const iono = [...data.iono].sort((a, b) => Number(sysOf(b) === "C") - Number(sysOf(a) === "C"));
  for (const p of iono) out += ionoLines(p);
  for (const o of data.timeOffsets) out += timeCorrLine(o);
  if (data.leapSeconds !== undefined) out += headerLine(String(data.leapSeconds).padStart(6), "LEAP SECONDS");
  out += headerLine("", "END OF HEADER");

  const sorted = [...eph].sort(
    (a, b) => compareSats(a.sat, b.sat) || diffSeconds(a.toe, toScale(b.toe, a.toe.scale)),
  );
  for (const e of sorted) out += e.kind === "glonass" ? glonassRecord(e) : keplerRecord(e);
  return out;
}

function sysOf(p: IonoParameters): string {
  return p.kind === "klobuchar" ? p.system : p.kind === "nequick-g" ? "E" : "C";
}
