// RINEX navigation files, versions 2.xx (GPS `N`, GLONASS `G`), 3.00-3.05 (mixed or one system) and
// 4.00-4.02 (`> EPH`, `> ION`, `> STO`, `> EOP` records): text in, NavigationData out.
// RINEX 2.11 §6-8 and Tables A3-A4/A10-A11; RINEX 3.05 §5 and Tables A5-A17; RINEX 4.00-4.02 §5.5 and Tables A31-A50.
//
// Records are read at the version's fixed columns (19-character fields from column 3 in RINEX 2, column 4 in
// RINEX 3/4), so numbers that run together (`-1.2D-09-3.4D-10`) split correctly; a line whose writer did not
// keep the columns is re-read free-format. A bad or truncated record becomes an issue naming file and line and
// the reader goes on with the next record; a header that is not a navigation header is a DecodeError.
// SBAS (S) and NavIC (I) records, EOP records and messages beidou does not use are skipped and counted in `notes`.

import { DecodeError, type DecodeIssue } from "../../core/errors.js";
import type {
  EarthOrientationParameters,
  Ephemeris,
  IonoParameters,
  NavigationData,
  NavMessage,
  TimeOffsetParameters,
} from "../../orbits/ephemeris.js";
import { type GnssSystem, parseSatId, type SatId, SYSTEM_NAMES } from "../../signals/system.js";
import { type Calendar, fromCalendar, type Instant, type TimeScale } from "../../time/instant.js";
import { leapSecondsAtGpst } from "../../time/leap-seconds.js";
import { fixedFloat, fixedInt, floatTokens, isBlank } from "./nav-fields.js";
import { parseNavHeader } from "./nav-header.js";
import {
  decodeBdsCnav,
  decodeGlonass,
  decodeGpsCnav,
  decodeKeplerLegacy,
  orbitLinesRequired,
} from "./nav-records.js";

export interface RinexNavResult {
  readonly version: number;
  readonly data: NavigationData;
  /** Problems met; each names file and line. Empty for a clean file. */
  readonly issues: DecodeIssue[];
  /** Things deliberately skipped, counted (e.g. "skipped 2130 SBAS (S) records"). Not problems. */
  readonly notes: string[];
}

export interface RinexNavOptions {
  /** Throw the first issue as a DecodeError instead of collecting it. */
  readonly strict?: boolean;
}

const FIELD = 19;

class NavReader {
  readonly issues: DecodeIssue[] = [];
  readonly ephemerides: Ephemeris[] = [];
  readonly iono: IonoParameters[] = [];
  readonly timeOffsets: TimeOffsetParameters[] = [];
  readonly eop: EarthOrientationParameters[] = [];
  private readonly skipped = new Map<string, number>();
  /** 3 for RINEX 2 continuation lines, 4 for RINEX 3/4. */
  readonly dataCol: number;
  /** Column where the three clock fields of an epoch line start. */
  readonly epochFieldCol: number;

  constructor(
    readonly lines: string[],
    readonly version: number,
    readonly file: string | undefined,
    readonly strict: boolean,
  ) {
    this.dataCol = version < 3 ? 3 : 4;
    this.epochFieldCol = version < 3 ? 22 : 23;
  }

  issue(code: DecodeIssue["code"], line: number, message: string): void {
    const iss: DecodeIssue = { code, message, file: this.file, line };
    if (this.strict) throw new DecodeError(iss);
    this.issues.push(iss);
  }

  skip(what: string, n = 1): void {
    this.skipped.set(what, (this.skipped.get(what) ?? 0) + n);
  }

  notes(): string[] {
    return [...this.skipped].map(([what, n]) => `skipped ${n} ${what}`);
  }

  /**
   * Reads `count` 19-character fields of line `li` from column `col` into v[at..]. A line cut short or with
   * blank fields reads as zeros. When the columns are not kept (a number straddles a field boundary) or a
   * field is not a number, the line is re-read as free-format tokens, which must then be exactly `count`.
   */
  readFields(li: number, col: number, count: number, v: Float64Array, at: number): boolean {
    const line = this.lines[li];
    // anything past the last field must be blank
    let ok = fieldsAligned(line, col, count) && isBlank(line, col + FIELD * count, line.length);
    if (ok) {
      for (let k = 0; k < count; k++) {
        const x = fixedFloat(line, col + FIELD * k, col + FIELD * (k + 1));
        if (Number.isNaN(x)) {
          ok = false;
          break;
        }
        v[at + k] = x;
      }
    }
    if (ok) return true;
    const t = floatTokens(line.slice(col));
    if (t.length !== count || !t.every(Number.isFinite)) return false;
    for (let k = 0; k < count; k++) v[at + k] = t[k];
    return true;
  }

  /** Epoch of a record line: RINEX 3/4 `A1,I2.2,1X,I4,5(1X,I2.2)`; RINEX 2 `I2,5(1X,I2),F5.1` (2-digit year). */
  readEpoch(line: string): Calendar | null {
    let c: Calendar;
    if (this.version < 3) {
      const yy = fixedInt(line, 2, 5);
      c = {
        year: yy < 80 ? 2000 + yy : yy < 100 ? 1900 + yy : yy,
        month: fixedInt(line, 5, 8),
        day: fixedInt(line, 8, 11),
        hour: fixedInt(line, 11, 14),
        minute: fixedInt(line, 14, 17),
        second: fixedFloat(line, 17, 22),
      };
    } else {
      c = {
        year: fixedInt(line, 3, 8),
        month: fixedInt(line, 8, 11),
        day: fixedInt(line, 11, 14),
        hour: fixedInt(line, 14, 17),
        minute: fixedInt(line, 17, 20),
        second: fixedFloat(line, 20, 23),
      };
    }
    return calendarValid(c) ? c : null;
  }

  /** An EPH record: its first line (satellite, epoch, clock) at `li`, `n` continuation lines after it. */
  ephemeris(li: number, n: number, sys: string, message: NavMessage): void {
    const line = this.lines[li];
    const lineNo = li + 1;
    const satText = this.version < 3 ? line.slice(0, 2) : line.slice(0, 3);
    const sat = parseSatId(satText, sys as GnssSystem);
    if (!sat || sat[0] !== sys) {
      this.issue("bad-record", lineNo, `bad satellite "${satText.trim()}" in navigation record`);
      return;
    }
    const epoch = this.readEpoch(line);
    if (!epoch) {
      this.issue("bad-epoch", lineNo, `${sat}: unreadable epoch "${line.slice(0, 23).trimEnd()}"`);
      return;
    }
    const need = orbitLinesRequired(sys, message);
    if (n < need) {
      this.issue("truncated", lineNo, `${sat} ${message} record has ${n} of ${need} orbit lines`);
      return;
    }
    // GLONASS: RINEX 3.05 and 4 add an optional/mandatory fourth orbit line (status, dTauN, URAI, health flags)
    const use = sys === "R" ? Math.min(n, 4) : need;
    const v = new Float64Array(3 + 4 * use);
    if (!this.readFields(li, this.epochFieldCol, 3, v, 0)) {
      this.issue("bad-record", lineNo, `${sat}: unreadable clock fields`);
      return;
    }
    for (let k = 1; k <= use; k++) {
      if (!this.readFields(li + k, this.dataCol, 4, v, 3 + 4 * (k - 1))) {
        this.issue("bad-record", li + k + 1, `${sat}: unreadable BROADCAST ORBIT - ${k} line`);
        return;
      }
    }
    if (n > use) {
      this.issue("bad-record", li + use + 2, `${sat}: ${n - use} unexpected line(s) after the record`);
    }
    let eph: Ephemeris | string;
    if (sys === "R") eph = decodeGlonass(sat, epoch, v);
    else if (message === "CNAV" || message === "CNV2") {
      eph = sys === "C" ? decodeBdsCnav(sat, epoch, v, "CNV2") : decodeGpsCnav(sat, epoch, v, message);
    } else if (message === "CNV1" || message === "CNV3") eph = decodeBdsCnav(sat, epoch, v, message);
    else eph = decodeKeplerLegacy(sat, epoch, v, this.version >= 4 ? message : undefined);
    if (typeof eph === "string") {
      this.issue("bad-record", lineNo, `${sat}: ${eph}`);
      return;
    }
    this.ephemerides.push(eph);
  }

  /** Epoch line of a RINEX 4 ION/STO/EOP record: `4X,I4,5(1X,I2.2)`, same columns as an EPH line. */
  recordTime(li: number, scale: TimeScale): Instant | null {
    const c = this.readEpoch(this.lines[li] ?? "");
    return c ? fromCalendar(scale, c) : null;
  }

  /** `> ION sat msg`: Klobuchar (LNAV, D1D2, GPS/QZSS CNVX), BDGIM (BDS CNVX), NeQuick-G (IFNV). */
  ion(li: number, n: number, sat: SatId, message: string): void {
    const sys = sat[0];
    const lineNo = li;
    const scale: TimeScale = sys === "C" ? "BDT" : sys === "E" ? "GST" : "GPST";
    const kind = sys === "E" ? "nequick-g" : sys === "C" && message === "CNVX" ? "bdgim" : "klobuchar";
    const need = kind === "nequick-g" ? 2 : 3;
    if (n < need) {
      this.issue("truncated", lineNo, `ION ${sat} ${message} record has ${n} of ${need} lines`);
      return;
    }
    const time = this.recordTime(li, scale);
    if (!time) {
      this.issue("bad-epoch", li + 1, `ION ${sat}: unreadable epoch`);
      return;
    }
    const v = new Float64Array(3 + 4 * (need - 1));
    if (!this.readFields(li, 23, 3, v, 0)) {
      this.issue("bad-record", li + 1, `ION ${sat}: unreadable parameters`);
      return;
    }
    for (let k = 1; k < need; k++) {
      if (!this.readFields(li + k, 4, 4, v, 3 + 4 * (k - 1))) {
        this.issue("bad-record", li + k + 1, `ION ${sat}: unreadable parameters`);
        return;
      }
    }
    if (kind === "nequick-g") {
      this.iono.push({ kind, ai: [v[0], v[1], v[2]], flags: Math.round(v[3]) || 0, time, sat });
    } else if (kind === "bdgim") {
      this.iono.push({ kind, alpha: Array.from(v.subarray(0, 9)), time, sat });
    } else {
      this.iono.push({
        kind,
        system: sys === "C" ? "C" : sys === "J" ? "J" : "G",
        alpha: [v[0], v[1], v[2], v[3]],
        beta: [v[4], v[5], v[6], v[7]],
        time,
        sat,
      });
    }
  }

  /** `> STO sat msg`: reference epoch and correction code, then t_tm, A0, A1, A2. */
  sto(li: number, n: number, sat: SatId): void {
    if (n < 2) {
      this.issue("truncated", li, `STO ${sat} record has ${n} of 2 lines`);
      return;
    }
    const sys = sat[0];
    const scale: TimeScale = sys === "C" ? "BDT" : sys === "E" ? "GST" : sys === "R" ? "UTC" : "GPST";
    const tref = this.recordTime(li, scale);
    const code = this.lines[li].slice(24, 42).trim();
    if (!tref || !/^[A-Z]{4}$/.test(code)) {
      this.issue("bad-record", li + 1, `STO ${sat}: unreadable epoch or correction code`);
      return;
    }
    const v = new Float64Array(4);
    if (!this.readFields(li + 1, 4, 4, v, 0)) {
      this.issue("bad-record", li + 2, `STO ${sat}: unreadable parameters`);
      return;
    }
    this.timeOffsets.push({ code, a0_s: v[1], a1_sps: v[2], tref });
  }
}

/** Arc-seconds to radians. */
const ARCSEC = Math.PI / 648000;

/** `> EOP sat msg` (RINEX 4.00 Table A32): xp, yp (arcsec, /day, /day^2), t_tm, UT1-UTC (s, /day, /day^2). */
function readEop(r: NavReader, li: number, n: number, sat: SatId): void {
  if (n < 3) {
    r.issue("truncated", li, `EOP ${sat} record has ${n} of 3 lines`);
    return;
  }
  const tref = r.recordTime(li, "GPST");
  const v = new Float64Array(10);
  if (
    !tref ||
    !r.readFields(li, r.epochFieldCol, 3, v, 0) ||
    !r.readFields(li + 1, r.epochFieldCol, 3, v, 3) ||
    !r.readFields(li + 2, r.dataCol, 4, v, 6)
  ) {
    r.issue("bad-record", li + 1, `EOP ${sat}: unreadable epoch or parameters`);
    return;
  }
  const day = 86400;
  r.eop.push({
    sat,
    tref,
    xp_rad: v[0] * ARCSEC,
    xpDot_radps: (v[1] * ARCSEC) / day,
    xpDotDot_radps2: (v[2] * ARCSEC) / (day * day),
    yp_rad: v[3] * ARCSEC,
    ypDot_radps: (v[4] * ARCSEC) / day,
    ypDotDot_radps2: (v[5] * ARCSEC) / (day * day),
    ut1MinusUtc_s: v[7],
    ut1MinusUtcDot_sps: v[8] / day,
    ut1MinusUtcDotDot_sps2: v[9] / (day * day),
  });
}

/** A field boundary is broken when a number runs across it (both sides non-blank, and not `digit|sign`). */
function fieldsAligned(line: string, col: number, count: number): boolean {
  for (let k = 0; k <= count; k++) {
    const b = col + FIELD * k;
    if (b <= 0 || b >= line.length) break;
    const prev = line.charCodeAt(b - 1);
    const cur = line.charCodeAt(b);
    if (prev === 32 || cur === 32) continue;
    const prevDigit = prev >= 48 && prev <= 57;
    if (prevDigit && (cur === 45 || cur === 43)) continue;
    return false;
  }
  return true;
}

function calendarValid(c: Calendar): boolean {
  return (
    c.year >= 1980 &&
    c.year <= 2200 &&
    c.month >= 1 &&
    c.month <= 12 &&
    c.day >= 1 &&
    c.day <= 31 &&
    c.hour >= 0 &&
    c.hour <= 24 &&
    c.minute >= 0 &&
    c.minute <= 59 &&
    c.second >= 0 &&
    c.second < 61
  );
}

const V4_MESSAGES: Record<string, readonly string[]> = {
  G: ["LNAV", "CNAV", "CNV2"],
  J: ["LNAV", "CNAV", "CNV2"],
  E: ["INAV", "FNAV"],
  C: ["D1", "D2", "CNV1", "CNV2", "CNV3"],
  R: ["FDMA"],
};

function isSystemLetter(c: string): boolean {
  return c === "G" || c === "R" || c === "E" || c === "C" || c === "J" || c === "S" || c === "I";
}

/**
 * Reads a RINEX navigation file (2.xx, 3.0x, 4.0x). Throws DecodeError only when the text is not a navigation
 * file at all (or, in strict mode, at the first issue); every other problem is an issue and reading goes on.
 */
export function parseRinexNav(text: string, file?: string, opts: RinexNavOptions = {}): RinexNavResult {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  const h = parseNavHeader(lines, file);
  if (!h.ok) throw new DecodeError(h.issue);
  const hdr = h.header;
  const r = new NavReader(lines, hdr.version, file, opts.strict ?? false);
  if (hdr.version >= 4) readV4(r, hdr.endIndex + 1);
  else readV23(r, hdr.endIndex + 1, hdr.version < 3 ? hdr.system : null);

  let leapSeconds = hdr.leapSeconds;
  if (leapSeconds !== undefined) {
    // BDS-only files may give BDT - UTC (4 s in 2017+): labelled "BDS" (3.04+), or told by the leap-second table
    const t0 = r.ephemerides[0]?.toe;
    const gpstMinusUtc = t0 ? leapSecondsAtGpst(t0.scale === "BDT" ? t0.sec + 14 : t0.sec) : undefined;
    if (
      hdr.leapSecondsBdt ||
      (hdr.system === "C" && gpstMinusUtc !== undefined && leapSeconds + 14 === gpstMinusUtc)
    ) {
      leapSeconds += 14;
    }
  }
  const data: NavigationData = {
    ephemerides: r.ephemerides,
    iono: [...hdr.iono, ...r.iono],
    timeOffsets: [...hdr.timeOffsets, ...r.timeOffsets],
    ...(r.eop.length > 0 ? { eop: r.eop } : {}),
    leapSeconds,
  };
  return { version: hdr.version, data, issues: r.issues, notes: r.notes() };
}

/** RINEX 2 and 3: a record is a line with the satellite in columns 1-3 followed by indented continuation lines. */
function readV23(r: NavReader, start: number, v2System: string | null): void {
  const { lines } = r;
  // RINEX 3 record lines open with the system letter, so any indented line continues a record; RINEX 2 record
  // lines open with a blank-padded PRN, continuation lines with three blanks
  const indent = v2System ? 3 : 1;
  const isContinuation = (l: string | undefined): boolean =>
    l !== undefined && l.trim() !== "" && isBlank(l, 0, indent);
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    let sys: string | null = null;
    if (v2System) {
      if (!isBlank(line, 0, 2) && /^[ \d]\d$/.test(line.slice(0, 2))) sys = v2System;
    } else if (isSystemLetter(line[0])) sys = line[0];
    if (sys === null) {
      r.issue("bad-record", i + 1, `unexpected line in navigation data: "${line.slice(0, 40).trimEnd()}"`);
      i++;
      while (i < lines.length && isContinuation(lines[i])) i++; // the rest of the broken record
      continue;
    }
    let j = i + 1;
    while (j < lines.length && isContinuation(lines[j])) j++;
    const n = j - i - 1;
    if (sys === "S" || sys === "I") r.skip(`${SYSTEM_NAMES[sys]} (${sys}) records`);
    else {
      const message: NavMessage = sys === "R" ? "FDMA" : sys === "C" ? "D1" : sys === "E" ? "INAV" : "LNAV";
      r.ephemeris(i, n, sys, message);
    }
    i = j;
  }
}

/** RINEX 4: every record opens with `> EPH|ION|STO|EOP sat message`. */
function readV4(r: NavReader, start: number): void {
  const { lines } = r;
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    if (line[0] !== ">") {
      r.issue("bad-record", i + 1, `expected a "> " record line, found "${line.slice(0, 40).trimEnd()}"`);
      i++;
      while (i < lines.length && lines[i][0] !== ">") i++;
      continue;
    }
    let j = i + 1;
    while (j < lines.length && lines[j][0] !== ">" && lines[j].trim() !== "") j++;
    const body = j - i - 1; // lines after the "> " line
    const type = line.slice(2, 5);
    const satText = line.slice(6, 9);
    const message = line.slice(10, 14).trim();
    const sat = parseSatId(satText);
    if (!sat) {
      r.issue("bad-record", i + 1, `bad satellite "${satText.trim()}" in record line`);
      i = j;
      continue;
    }
    const sys = sat[0];
    if (sys === "S" || sys === "I") {
      r.skip(`${SYSTEM_NAMES[sys]} (${sys}) ${type} records`);
    } else if (type === "EPH") {
      if (!V4_MESSAGES[sys]?.includes(message)) r.skip(`${sys} ${message} EPH records (message not used)`);
      else if (body < 1) r.issue("truncated", i + 1, `EPH ${sat} ${message} record has no data lines`);
      else r.ephemeris(i + 1, body - 1, sys, message as NavMessage);
    } else if (type === "ION") {
      if (sys === "R") r.skip(`${sys} ${message} ION records`);
      else r.ion(i + 1, body, sat, message);
    } else if (type === "STO") {
      r.sto(i + 1, body, sat);
    } else if (type === "EOP") {
      readEop(r, i + 1, body, sat);
    } else {
      r.issue("bad-record", i + 1, `unknown record type "${type}"`);
    }
    i = j;
  }
}
