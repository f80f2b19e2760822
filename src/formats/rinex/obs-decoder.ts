// RINEX observation data -> ObsEpoch records, sans-I/O: RINEX 2.10/2.11 (§A2, Table A2), RINEX 3.02-3.05
// (§A3, Table A3), RINEX 4.00-4.02 (Table A3), plain or Hatanaka-compressed (CRINEX 1.0 / 3.0, detected
// from the first line). Push lines, get epochs; header in `header`, problems in `issues`.
//
// Robustness: a line that is not what the layout expects is reported (file + line) and the decoder
// resynchronises at the next epoch line; an epoch cut short by the end of input is reported and
// dropped; a corrupt header (not observation data, no END OF HEADER, no observation types) throws a
// DecodeError. In strict mode the first issue is thrown as a DecodeError instead.
// No wrong numbers: a plain-text epoch is returned only when the line after it is an epoch line (or
// the input ends) and nothing inside it was doubtful (a satellite twice, fewer records than announced);
// otherwise it is dropped and reported, because a lost, repeated or moved line would put values under
// the wrong satellite or epoch. So plain-text epochs come out one line late; compact RINEX epochs come
// out at once (that format has no such redundancy: its damage shows only as syntax errors).
// Values are read from character codes: the digits of a field form an exact integer that is divided
// by a power of ten once, so every value is bit-identical to Number(fieldText).

import { DecodeError, type DecodeIssue, type IssueCode } from "../../core/errors.js";
import type { ObsEpoch, ObsHeader } from "../../signals/observation.js";
import type { ObsCode } from "../../signals/signal.js";
import { ALL_SYSTEMS, type GnssSystem, type SatId } from "../../signals/system.js";
import { fromCalendar, type Instant, type TimeScale } from "../../time/instant.js";
import { CrxRecordDecoder } from "../crx/crx-records.js";
import { POW10, parseFloatField, parseIntField } from "../text/fixed-width.js";
import { ObsHeaderParser, type ObsSystemLayout } from "./obs-header.js";

export interface ObsDecoderOptions {
  /** File name, for issues and errors. */
  readonly file?: string;
  /** Throw a DecodeError at the first issue instead of collecting it. */
  readonly strict?: boolean;
  /**
   * Also return epochs with flag 2-5 (events: no satellites; the time is the event's, or the previous
   * epoch's when the file leaves it blank) and flag 6 (cycle-slip records). Default false: only flag 0
   * and 1 epochs, which carry the observations.
   */
  readonly includeEvents?: boolean;
  /** Issues kept in `issues` (default 1000); later ones are only counted in `issueCount`. */
  readonly maxIssues?: number;
  /**
   * Systems whose values are wanted (default all). Records of other systems are still checked for the
   * epoch's structure but their values are not parsed, which makes one-system runs faster.
   */
  readonly systems?: readonly GnssSystem[];
}

const NO_EPOCHS: readonly ObsEpoch[] = Object.freeze([]);
const SPACE = 32;

/** Index of a system letter's char code in ALL_SYSTEMS, -1 if not a system. */
const SYS_INDEX = new Int8Array(128).fill(-1);
ALL_SYSTEMS.forEach((s, i) => {
  SYS_INDEX[s.charCodeAt(0)] = i;
});
/** Satellite id strings by key sysIndex*100 + prn, made once. */
const SAT_IDS: string[] = [];
for (let i = 0; i < ALL_SYSTEMS.length; i++)
  for (let p = 0; p < 100; p++) SAT_IDS[i * 100 + p] = `${ALL_SYSTEMS[i]}${p < 10 ? "0" : ""}${p}`;

/**
 * Key (sysIndex*100 + prn) of a 3-character satellite field at line[at]: system letter (blank ->
 * `defaultSys` index) and a 2-digit number that may be blank-padded ("C 1", "G 5"). -1 if not a satellite.
 */
function satKeyAt(line: string, at: number, defaultSys: number): number {
  const c0 = line.charCodeAt(at);
  const c1 = line.charCodeAt(at + 1);
  const c2 = line.charCodeAt(at + 2);
  const s = c0 === SPACE ? defaultSys : c0 < 128 ? SYS_INDEX[c0] : -1;
  if (s < 0) return -1;
  if (!(c2 >= 48 && c2 <= 57)) return -1;
  let prn = c2 - 48;
  if (c1 >= 48 && c1 <= 57) prn += (c1 - 48) * 10;
  else if (c1 !== SPACE) return -1;
  if (prn === 0) return -1;
  return s * 100 + prn;
}

// Field reader status: set when the last readObsValue/readFlag met a malformed field.
let fieldBad = false;

/**
 * RINEX observation value (F14.3) in line[start, start+14), divided by `scale` (SYS / SCALE FACTOR) in
 * the same single division so the result is the correctly rounded decimal: NaN when blank; sets
 * fieldBad when malformed.
 */
function readObsValue(line: string, start: number, len: number, scale: number): number {
  const end = start + 14;
  const e = Math.min(end, len);
  let i = start;
  while (i < e && line.charCodeAt(i) === SPACE) i++;
  if (i >= e) return Number.NaN;
  if (e < end) {
    // a value cut by the end of the line (values are right-justified, so this is truncation)
    fieldBad = true;
    return Number.NaN;
  }
  let neg = false;
  let c = line.charCodeAt(i);
  if (c === 45) {
    neg = true;
    i++;
  }
  let m = 0;
  let nd = 0;
  let dot = -1;
  for (; i < end; i++) {
    c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      nd++;
    } else if (c === 46 && dot < 0) dot = nd;
    else {
      fieldBad = true;
      return Number.NaN;
    }
  }
  if (nd === 0 || dot < 0 || nd > 15) {
    fieldBad = true;
    return Number.NaN;
  }
  const v = m / (scale === 1 ? POW10[nd - dot] : POW10[nd - dot] * scale);
  return neg ? 0 - v : v;
}

/** LLI or SSI digit at line[at]: 0 when blank or past the end; sets fieldBad when not a digit. */
function readFlag(line: string, at: number, len: number): number {
  if (at >= len) return 0;
  const c = line.charCodeAt(at);
  if (c === SPACE) return 0;
  if (c >= 48 && c <= 57) return c - 48;
  fieldBad = true;
  return 0;
}

type State = "first" | "header" | "epoch" | "satlist2" | "data3" | "data2" | "event" | "resync" | "end";

interface EpochTag {
  time: Instant | undefined;
  flag: number;
  clock: number;
  line: number;
}

export class RinexObsDecoder {
  /** Problems met so far (at most maxIssues are kept). */
  readonly issues: DecodeIssue[] = [];
  /** Number of issues met, including those not kept. */
  issueCount = 0;
  /** The header, once END OF HEADER has been read (updated by event header records). */
  header: ObsHeader | undefined;
  /** Lines pushed so far. */
  lineNo = 0;
  /** Input line the RINEX line being decoded comes from (differs from lineNo inside compact RINEX epochs). */
  private srcLine = 0;

  private readonly file?: string;
  private readonly strict: boolean;
  private readonly includeEvents: boolean;
  private readonly maxIssues: number;
  private readonly parser: ObsHeaderParser;
  private crx: CrxRecordDecoder | undefined;

  private state: State = "first";
  private out: ObsEpoch[] = [];
  private r2 = false;
  private layoutsBySys: (ObsSystemLayout | undefined)[] = [];
  private defaultSys = 1; // G
  private scale: TimeScale = "GPST";
  private readonly warnedSys = new Set<number>();
  private readonly notedLayouts = new Set<ObsSystemLayout>();
  /** Compact RINEX: the next RINEX line from the CRX decoder is the RINEX VERSION / TYPE line. */
  private firstRinex = false;
  /** A complete text epoch waiting for the next line to confirm it (see emitEpoch). */
  private pending: ObsEpoch | undefined;
  private pendingLine = 0;

  // current epoch
  private readonly ep: EpochTag = { time: undefined, flag: 0, clock: Number.NaN, line: 0 };
  private lastTime: Instant | undefined;
  private nExpected = 0;
  /** Set when the current epoch met a problem that makes its records uncertain. */
  private tainted = false;
  private nRead = 0;
  private eventLeft = 0;
  private eventChangedHeader = false;
  private satlistLeft = 0;
  /** RINEX 2: satellite keys of the epoch line(s), and where we are in their records. */
  private readonly satKeys2: number[] = [];
  private linesPerSat2 = 1;
  private sat2 = 0;
  private line2 = 0;
  private sat2Base = -1;
  private sat2Layout: ObsSystemLayout | undefined;

  // epoch assembly
  private values = new Float64Array(1024);
  private lli = new Uint8Array(1024);
  private ssi = new Uint8Array(1024);
  private nVals = 0;
  private readonly sats: SatId[] = [];
  private readonly codes: (readonly ObsCode[])[] = [];
  private readonly offsets: number[] = [];
  private readonly stamp = new Int32Array(ALL_SYSTEMS.length * 100);
  private serial = 1;
  // calendar cache
  private dayKey = -1;
  private daySec = 0;

  /** 1 per ALL_SYSTEMS index whose values are parsed. */
  private readonly wanted: Uint8Array;

  constructor(opts: ObsDecoderOptions = {}) {
    this.file = opts.file;
    this.strict = opts.strict ?? false;
    this.includeEvents = opts.includeEvents ?? false;
    this.maxIssues = opts.maxIssues ?? 1000;
    this.wanted = new Uint8Array(ALL_SYSTEMS.length).fill(opts.systems ? 0 : 1);
    for (const sys of opts.systems ?? []) this.wanted[ALL_SYSTEMS.indexOf(sys)] = 1;
    this.parser = new ObsHeaderParser(this.file, (code, message, line) => this.report(code, message, line));
  }

  /** Push one line (without its line break); returns the epochs it completes. */
  push(line: string): readonly ObsEpoch[] {
    this.lineNo++;
    this.srcLine = this.lineNo;
    try {
      if (this.crx) this.crx.push(line);
      else if (this.state === "first") this.firstLine(line);
      else this.rinexLine(line);
    } catch (e) {
      this.rethrowOrReport(e);
    }
    return this.take();
  }

  /** Push many lines; returns the epochs they complete. */
  pushLines(lines: readonly string[]): ObsEpoch[] {
    const all: ObsEpoch[] = [];
    for (let i = 0; i < lines.length; i++) {
      const got = this.push(lines[i]);
      for (let k = 0; k < got.length; k++) all.push(got[k]);
    }
    return all;
  }

  /** End of input: reports (and drops) an epoch cut short; throws a DecodeError when the header never ended. */
  finish(): readonly ObsEpoch[] {
    if (this.state === "end") return NO_EPOCHS;
    if (this.crx) {
      try {
        this.crx.finish();
      } catch (e) {
        this.rethrowOrReport(e);
      }
    }
    switch (this.state) {
      case "first":
        this.state = "end";
        throw new DecodeError({
          code: "bad-header",
          message: "empty input: no RINEX header",
          file: this.file,
          line: 1,
        });
      case "header":
        this.state = "end";
        throw new DecodeError({
          code: "bad-header",
          message: `header has no END OF HEADER line (input ends at line ${this.lineNo})`,
          file: this.file,
          line: this.lineNo,
        });
      case "data3":
      case "data2":
      case "satlist2":
        if (!this.crx) {
          this.report(
            "truncated",
            `input ends inside the epoch of line ${this.ep.line} (${this.r2 ? this.sat2 : this.nRead} of ${this.nExpected} satellites read); epoch dropped`,
            this.lineNo,
          );
        }
        break;
      case "event":
        if (!this.crx)
          this.report(
            "truncated",
            `input ends inside the special records of the event at line ${this.ep.line}`,
            this.lineNo,
          );
        break;
      default:
        break;
    }
    this.flushPending();
    this.state = "end";
    return this.take();
  }

  private take(): readonly ObsEpoch[] {
    if (this.out.length === 0) return NO_EPOCHS;
    const got = this.out;
    this.out = [];
    return got;
  }

  private rethrowOrReport(e: unknown): void {
    if (e instanceof DecodeError) {
      this.state = "end";
      throw e;
    }
    // never crash on input: an unexpected failure becomes an issue and the decoder resynchronises
    this.report(
      "bad-record",
      `internal decoder error: ${e instanceof Error ? e.message : String(e)}`,
      this.srcLine,
    );
    if (this.state !== "first" && this.state !== "header") this.state = "resync";
  }

  /** Record a problem found outside the decoder (e.g. a damaged gzip stream); throws in strict mode. */
  addIssue(code: IssueCode, message: string, line: number): void {
    this.report(code, message, line);
  }

  private report(code: IssueCode, message: string, line: number): void {
    const issue: DecodeIssue = { code, message, file: this.file, line };
    if (this.strict) {
      this.state = "end";
      throw new DecodeError(issue);
    }
    this.issueCount++;
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
    else if (this.issues.length === this.maxIssues) {
      this.issues.push({
        code,
        message: "too many issues; further ones are only counted (issueCount)",
        file: this.file,
        line,
      });
    }
  }

  // ---- header ----

  private firstLine(line: string): void {
    if (line.includes("CRINEX VERS")) {
      const crx = new CrxRecordDecoder(
        {
          line: (text, lineNo) => {
            this.srcLine = lineNo;
            this.rinexLine(text);
          },
          sat: (sat, n, values, flags, lineNo) => {
            this.srcLine = lineNo;
            this.crxSat(sat, n, values, flags);
          },
        },
        {
          file: this.file,
          strict: this.strict,
          onIssue: (i) => this.report(i.code, i.message, i.line ?? this.lineNo),
        },
      );
      this.crx = crx;
      crx.push(line);
      this.parser.format = "CRINEX";
      this.parser.crinexVersion = crx.crinexVersion === 1 ? 1.0 : 3.0;
      this.state = "header";
      this.firstRinex = true;
      return;
    }
    this.parser.versionLine(line, this.srcLine);
    this.state = "header";
  }

  private headerLine(line: string): void {
    if (this.firstRinex) {
      this.firstRinex = false;
      this.parser.versionLine(line, this.srcLine);
      return;
    }
    if (
      !hasHeaderLabel(line) &&
      (line.charCodeAt(0) === 62 || (this.parser.version < 3 && parseEpoch2Shape(line)))
    ) {
      throw new DecodeError({
        code: "bad-header",
        message: "header has no END OF HEADER line (an epoch line comes first)",
        file: this.file,
        line: this.lineNo,
      });
    }
    if (this.parser.line(line, this.srcLine)) {
      this.applyHeader(this.srcLine);
      this.state = "epoch";
    }
  }

  private applyHeader(lineNo: number): void {
    const { header, layouts } = this.parser.build(lineNo);
    this.header = header;
    this.r2 = header.version < 3;
    this.scale = header.timeSystem;
    this.dayKey = -1;
    this.layoutsBySys = ALL_SYSTEMS.map((s) => layouts.get(s));
    const ds = header.fileSystem.length === 1 ? SYS_INDEX[header.fileSystem.charCodeAt(0)] : -1;
    this.defaultSys = ds >= 0 ? ds : SYS_INDEX[71]; // 'G'
    if (this.r2) {
      let nt = 0;
      for (const l of layouts.values()) nt = Math.max(nt, l.fileTypes.length);
      this.linesPerSat2 = Math.max(1, Math.ceil(nt / 5));
    }
  }

  // ---- data section ----

  /** Every plain RINEX line, from the file or from the CRX decoder. */
  private rinexLine(line: string): void {
    switch (this.state) {
      case "first":
      case "header":
        this.headerLine(line);
        return;
      case "epoch":
        this.epochLine(line);
        return;
      case "satlist2":
        this.satlistLine2(line);
        return;
      case "data3":
        this.dataLine3(line);
        return;
      case "data2":
        this.dataLine2(line);
        return;
      case "event":
        this.eventLine(line);
        return;
      case "resync":
        this.resyncLine(line);
        return;
      case "end":
        return;
    }
  }

  private epochLine(line: string): void {
    if (isBlankLine(line)) return;
    if (this.pending) {
      if (this.r2 ? parseEpoch2Shape(line) : line.charCodeAt(0) === 62) this.flushPending();
      else this.dropPending();
    }
    if (!this.startEpoch(line, true)) this.state = "resync";
  }

  private resyncLine(line: string): void {
    if (this.r2 ? parseEpoch2Shape(line) : line.charCodeAt(0) === 62) this.startEpoch(line, false);
  }

  /** Parse an epoch line and set the state for what follows; false (reported when `loud`) if malformed. */
  private startEpoch(line: string, loud: boolean): boolean {
    const ok = this.r2 ? this.parseEpoch2(line) : this.parseEpoch3(line);
    if (!ok) {
      if (loud)
        this.report(
          "bad-epoch",
          this.r2
            ? "expected a RINEX 2 epoch line"
            : "expected an epoch line ('>' yyyy mm dd hh mm ss.sssssss flag n)",
          this.srcLine,
        );
      return false;
    }
    const flag = this.ep.flag;
    this.serial++;
    this.tainted = false;
    this.nVals = 0;
    this.sats.length = 0;
    this.codes.length = 0;
    this.offsets.length = 0;
    this.nRead = 0;
    if (flag >= 2 && flag <= 5) {
      this.eventLeft = this.nExpected;
      this.eventChangedHeader = false;
      if (this.eventLeft === 0) this.endEvent();
      else this.state = "event";
      return true;
    }
    if (this.r2) {
      this.satlistLeft = Math.ceil(this.nExpected / 12) - 1;
      this.sat2 = 0;
      this.line2 = 0;
      if (this.satlistLeft > 0) this.state = "satlist2";
      else this.beginData2();
    } else if (this.nExpected === 0) this.emitEpoch();
    else this.state = "data3";
    return true;
  }

  /** RINEX 3/4 epoch line: '>' yyyy mm dd hh mm ss.sssssss  f nnn, 6X, clock F15.12 (0-based columns). */
  private parseEpoch3(line: string): boolean {
    if (line.charCodeAt(0) !== 62 || line.length < 32) return false;
    const flag = line.charCodeAt(31) - 48;
    if (flag < 0 || flag > 6) return false;
    const n = parseIntField(line, 32, 35);
    const blankN = Number.isNaN(n) && isBlank(line, 32, 35);
    if (!(n >= 0) && !(blankN && flag >= 2 && flag <= 5)) return false;
    let time: Instant | undefined;
    if (flag >= 2 && flag <= 5 && isBlank(line, 1, 29)) time = undefined;
    else {
      time = this.epochTime(line, parseIntField(line, 2, 6), 7, 10, 13, 16, 18, 29);
      if (time === undefined) return false;
    }
    const clock = line.length > 41 ? parseFloatField(line, 41, 56) : Number.NaN;
    this.ep.time = time;
    this.ep.flag = flag;
    this.ep.clock = clock;
    this.ep.line = this.srcLine;
    this.nExpected = blankN ? 0 : n;
    return true;
  }

  /** RINEX 2 epoch line: yy mm dd hh mm ss.sssssss (1X,I2.2,4(1X,I2),F11.7), 2X, flag I1, n I3, 12 sats (A1,I2), clock F12.9. */
  private parseEpoch2(line: string): boolean {
    if (!parseEpoch2Shape(line)) return false;
    const flag = line.charCodeAt(28) - 48;
    const n = parseIntField(line, 29, 32);
    const blankN = Number.isNaN(n) && isBlank(line, 29, 32);
    if (!(n >= 0) && !(blankN && flag >= 2 && flag <= 5)) return false;
    let time: Instant | undefined;
    if (flag >= 2 && flag <= 5 && isBlank(line, 0, 26)) time = undefined;
    else {
      const yy = parseIntField(line, 1, 3);
      if (Number.isNaN(yy)) return false;
      time = this.epochTime(line, yy < 80 ? 2000 + yy : 1900 + yy, 4, 7, 10, 13, 15, 26);
      if (time === undefined) return false;
    }
    const nsat = blankN ? 0 : n;
    this.satKeys2.length = 0;
    if (flag < 2 || flag > 5) {
      const first = Math.min(nsat, 12);
      for (let k = 0; k < first; k++) {
        const key = satKeyAt(line, 32 + 3 * k, this.defaultSys);
        if (key < 0) return false;
        this.satKeys2.push(key);
      }
    }
    this.ep.time = time;
    this.ep.flag = flag;
    this.ep.clock = line.length > 68 ? parseFloatField(line, 68, 80) : Number.NaN;
    this.ep.line = this.srcLine;
    this.nExpected = nsat;
    return true;
  }

  /** Instant of the epoch fields (year given; month, day, hour, minute at the given columns, I2; seconds F11.7). */
  private epochTime(
    line: string,
    year: number,
    cMo: number,
    cD: number,
    cH: number,
    cMi: number,
    cS: number,
    cSe: number,
  ): Instant | undefined {
    const mo = parseIntField(line, cMo, cMo + 2);
    const d = parseIntField(line, cD, cD + 2);
    const h = parseIntField(line, cH, cH + 2);
    const mi = parseIntField(line, cMi, cMi + 2);
    if (
      !(
        year >= 1980 &&
        year < 2200 &&
        mo >= 1 &&
        mo <= 12 &&
        d >= 1 &&
        d <= 31 &&
        h >= 0 &&
        h <= 23 &&
        mi >= 0 &&
        mi <= 59
      )
    )
      return undefined;
    // seconds: whole part and fraction read separately so the fraction is exact to the written digits
    let i = cS;
    const e = Math.min(cSe, line.length);
    while (i < e && line.charCodeAt(i) === SPACE) i++;
    let whole = 0;
    let nw = 0;
    for (; i < e; i++) {
      const c = line.charCodeAt(i);
      if (c < 48 || c > 57) break;
      whole = whole * 10 + (c - 48);
      nw++;
    }
    let fracInt = 0;
    let nf = 0;
    if (i < e && line.charCodeAt(i) === 46) {
      for (i++; i < e; i++) {
        const c = line.charCodeAt(i);
        if (c < 48 || c > 57) break;
        fracInt = fracInt * 10 + (c - 48);
        nf++;
      }
    }
    if (nw === 0 || i < e || whole > 60 || nf > 15) return undefined;
    const key = (year * 16 + mo) * 32 + d;
    if (key !== this.dayKey) {
      this.dayKey = key;
      this.daySec = fromCalendar(this.scale, { year, month: mo, day: d, hour: 0, minute: 0, second: 0 }).sec;
    }
    return {
      scale: this.scale,
      sec: this.daySec + h * 3600 + mi * 60 + whole,
      frac: nf === 0 ? 0 : fracInt / POW10[nf],
    };
  }

  private eventLine(line: string): void {
    const label = line.length > 60 ? line.slice(60).trim() : "";
    if (label.length > 0 && label !== "COMMENT") {
      this.parser.line(line, this.srcLine);
      this.eventChangedHeader = true;
    }
    if (--this.eventLeft === 0) this.endEvent();
  }

  private endEvent(): void {
    if (this.eventChangedHeader) {
      try {
        this.applyHeader(this.srcLine);
      } catch (e) {
        if (e instanceof DecodeError && !this.strict)
          this.report(e.code, `event header records: ${e.message}`, this.srcLine);
        else throw e;
      }
    }
    this.state = "epoch";
    if (this.includeEvents) this.pushEpoch();
  }

  private satlistLine2(line: string): void {
    const done = this.satKeys2.length;
    const count = Math.min(this.nExpected - done, 12);
    for (let k = 0; k < count; k++) {
      const key = satKeyAt(line, 32 + 3 * k, this.defaultSys);
      if (key < 0 || !isBlank(line, 0, 32)) {
        this.report(
          "bad-epoch",
          `malformed satellite list continuation of the epoch at line ${this.ep.line}; epoch dropped`,
          this.srcLine,
        );
        this.state = "resync";
        return;
      }
      this.satKeys2.push(key);
    }
    if (--this.satlistLeft === 0) this.beginData2();
  }

  private beginData2(): void {
    this.sat2 = 0;
    this.line2 = 0;
    if (this.nExpected === 0) {
      this.emitEpoch();
      return;
    }
    this.state = "data2";
    this.beginSat2();
  }

  /** Start the record of the RINEX 2 epoch's next satellite. */
  private beginSat2(): void {
    const key = this.satKeys2[this.sat2];
    const layout = this.layoutFor(key);
    this.sat2Layout = layout;
    this.sat2Base = layout ? this.beginSat(key, layout) : -1;
  }

  /** Reserve the satellite's values in the epoch; -1 when it must be skipped (duplicate). */
  private beginSat(key: number, layout: ObsSystemLayout): number {
    if (this.stamp[key] === this.serial) {
      this.report(
        "bad-record",
        `satellite ${SAT_IDS[key]} appears twice in the epoch of line ${this.ep.line}; second record skipped`,
        this.srcLine,
      );
      return -1;
    }
    const nc = layout.codes.length;
    const base = this.nVals;
    const need = base + nc;
    if (need > this.values.length) this.grow(need);
    this.values.fill(Number.NaN, base, need);
    this.lli.fill(0, base, need);
    this.ssi.fill(0, base, need);
    return base;
  }

  private commitSat(key: number, layout: ObsSystemLayout, base: number): void {
    this.stamp[key] = this.serial;
    this.sats.push(SAT_IDS[key]);
    this.codes.push(layout.codes);
    this.offsets.push(base);
    this.nVals = base + layout.codes.length;
  }

  private layoutFor(key: number): ObsSystemLayout | undefined {
    if (key < 0) return undefined;
    const sysIdx = (key / 100) | 0;
    const layout = this.layoutsBySys[sysIdx];
    if (layout !== undefined && layout.notes.length > 0 && !this.notedLayouts.has(layout)) {
      this.notedLayouts.add(layout);
      for (const n of layout.notes) this.report("bad-header", n, this.srcLine);
    }
    if (layout === undefined && !this.warnedSys.has(sysIdx)) {
      this.warnedSys.add(sysIdx);
      this.report(
        "bad-record",
        `satellite ${SAT_IDS[key]}: system ${ALL_SYSTEMS[sysIdx]} has no observation types in the header; its records are skipped (reported once)`,
        this.srcLine,
      );
    }
    return layout;
  }

  private dataLine2(line: string): void {
    if (parseEpoch2Shape(line)) {
      this.report(
        "bad-epoch",
        `epoch at line ${this.ep.line} has fewer observation lines than its ${this.nExpected} satellites need; epoch dropped`,
        this.srcLine,
      );
      if (!this.startEpoch(line, true)) this.state = "resync";
      return;
    }
    const layout = this.sat2Layout;
    const base = this.sat2Base;
    const len = line.length;
    const first = this.line2 * 5;
    const nCols = layout ? layout.fileTypes.length : 0;
    const last = Math.min(first + 5, this.linesPerSat2 * 5);
    fieldBad = false;
    for (let j = first; j < last; j++) {
      const at = (j - first) * 16;
      const inLayout = layout !== undefined && j < nCols;
      const v = readObsValue(line, at, len, inLayout ? layout.columnScale[j] : 1);
      const l = readFlag(line, at + 14, len);
      const s = readFlag(line, at + 15, len);
      if (!inLayout || base < 0) continue;
      const k = layout.columnToCode[j];
      if (k < 0 || Number.isNaN(v)) continue;
      this.values[base + k] = v;
      this.lli[base + k] = l;
      this.ssi[base + k] = s;
    }
    if (fieldBad || (len > 80 && !isBlank(line, 80, len))) {
      this.report(
        "bad-record",
        `malformed observation line in the epoch of line ${this.ep.line}; epoch dropped, resynchronising at the next epoch`,
        this.srcLine,
      );
      this.state = "resync";
      return;
    }
    if (++this.line2 === this.linesPerSat2) this.endSat2();
  }

  private endSat2(): void {
    const layout = this.sat2Layout;
    if (layout !== undefined && this.sat2Base >= 0)
      this.commitSat(this.satKeys2[this.sat2], layout, this.sat2Base);
    this.line2 = 0;
    if (++this.sat2 === this.nExpected) this.emitEpoch();
    else this.beginSat2();
  }

  private dataLine3(line: string): void {
    if (line.charCodeAt(0) === 62) {
      // a record lost or moved: which ones belong here is no longer certain
      this.report(
        "bad-epoch",
        `epoch at line ${this.ep.line} announces ${this.nExpected} satellites but has ${this.nRead} records; epoch dropped`,
        this.srcLine,
      );
      if (!this.startEpoch(line, true)) this.state = "resync";
      return;
    }
    const key = satKeyAt(line, 0, -1);
    if (key < 0 || line.charCodeAt(0) === SPACE) {
      this.report(
        "bad-record",
        `expected a satellite record (epoch of line ${this.ep.line}); line skipped`,
        this.srcLine,
      );
      return;
    }
    if (this.stamp[key] === this.serial) {
      // a repeated satellite is not counted (a repeated line), but one of the two may belong to a
      // neighbouring epoch: the epoch is dropped when it completes
      this.report(
        "bad-record",
        `satellite ${SAT_IDS[key]} appears twice in the epoch of line ${this.ep.line}; epoch dropped`,
        this.srcLine,
      );
      this.tainted = true;
      return;
    }
    this.nRead++;
    const layout = this.wanted[(key / 100) | 0] === 0 ? undefined : this.layoutFor(key);
    if (layout !== undefined) {
      const base = this.beginSat(key, layout);
      if (base >= 0) {
        const len = line.length;
        const nCols = layout.fileTypes.length;
        const map = layout.columnToCode;
        fieldBad = false;
        for (let j = 0; j < nCols; j++) {
          const at = 3 + 16 * j;
          if (at >= len) break;
          const v = readObsValue(line, at, len, layout.columnScale[j]);
          const l = readFlag(line, at + 14, len);
          const s = readFlag(line, at + 15, len);
          const k = map[j];
          if (k < 0 || Number.isNaN(v)) continue;
          this.values[base + k] = v;
          this.lli[base + k] = l;
          this.ssi[base + k] = s;
        }
        if (fieldBad || (len > 3 + 16 * nCols && !isBlank(line, 3 + 16 * nCols, len))) {
          this.report(
            "bad-record",
            `malformed observation record of ${SAT_IDS[key]} (epoch of line ${this.ep.line}); record skipped`,
            this.srcLine,
          );
        } else this.commitSat(key, layout, base);
      }
    }
    if (this.nRead === this.nExpected) this.emitEpoch();
  }

  /** One satellite from the CRX decoder (values in 0.001 units). */
  private crxSat(sat: string, n: number, vals: Float64Array, flags: Uint8Array): void {
    let key: number;
    if (this.state === "data2") key = this.satKeys2[this.sat2];
    else if (this.state === "data3") {
      key = satKeyAt(sat, 0, -1);
      if (key < 0) {
        this.report("bad-record", `compact RINEX: '${sat}' is not a satellite; record skipped`, this.srcLine);
      }
    } else return;
    const layout = key >= 0 && this.wanted[(key / 100) | 0] === 0 ? undefined : this.layoutFor(key);
    if (layout !== undefined) {
      const base = this.beginSat(key, layout);
      if (base >= 0) {
        const map = layout.columnToCode;
        const nCols = Math.min(n, layout.fileTypes.length);
        for (let j = 0; j < nCols; j++) {
          const k = map[j];
          const u = vals[j];
          if (k < 0 || Number.isNaN(u)) continue;
          const sc = layout.columnScale[j];
          this.values[base + k] = u / (sc === 1 ? 1000 : 1000 * sc);
          const l = flags[2 * j];
          const s = flags[2 * j + 1];
          this.lli[base + k] = l >= 48 && l <= 57 ? l - 48 : 0;
          this.ssi[base + k] = s >= 48 && s <= 57 ? s - 48 : 0;
        }
        this.commitSat(key, layout, base);
      }
    }
    if (this.state === "data2") {
      this.line2 = 0;
      if (++this.sat2 === this.nExpected) this.emitEpoch();
      else {
        this.sat2Layout = undefined;
        this.sat2Base = -1;
      }
    } else if (++this.nRead === this.nExpected) this.emitEpoch();
  }

  private grow(need: number): void {
    let cap = this.values.length * 2;
    while (cap < need) cap *= 2;
    const v = new Float64Array(cap);
    v.set(this.values.subarray(0, this.nVals));
    const l = new Uint8Array(cap);
    l.set(this.lli.subarray(0, this.nVals));
    const s = new Uint8Array(cap);
    s.set(this.ssi.subarray(0, this.nVals));
    this.values = v;
    this.lli = l;
    this.ssi = s;
  }

  private emitEpoch(): void {
    this.state = "epoch";
    if (this.tainted) return;
    if (this.ep.flag === 6 && !this.includeEvents) return;
    if (!this.crx && this.nExpected > 0) {
      // A text epoch is trusted only once the next line is an epoch line (or the input ends): if a line
      // was lost, repeated or moved, the records that follow belong to no epoch and this one may hold
      // records of its neighbours (RINEX 2 records do not even name their satellite).
      this.pendingLine = this.ep.line;
      this.pending = this.buildEpoch();
      return;
    }
    this.pushEpoch();
  }

  private flushPending(): void {
    if (this.pending) {
      this.out.push(this.pending);
      this.pending = undefined;
    }
  }

  private dropPending(): void {
    if (this.pending) {
      this.report(
        "bad-epoch",
        `the epoch at line ${this.pendingLine} is followed by a line that is not an epoch line, so its records may be misplaced; epoch dropped`,
        this.srcLine,
      );
      this.pending = undefined;
    }
  }

  private pushEpoch(): void {
    this.flushPending();
    this.out.push(this.buildEpoch());
  }

  private buildEpoch(): ObsEpoch {
    const n = this.nVals;
    const time = this.ep.time ??
      this.lastTime ??
      this.header?.firstObs ?? { scale: this.scale, sec: 0, frac: 0 };
    if (this.ep.flag < 2) this.lastTime = time;
    const epoch: ObsEpoch = {
      time,
      flag: this.ep.flag,
      rxClockOffset_s: this.ep.clock,
      sats: this.sats.slice(),
      codes: this.codes.slice(),
      offsets: Uint32Array.from(this.offsets),
      values: this.values.slice(0, n),
      lli: this.lli.slice(0, n),
      ssi: this.ssi.slice(0, n),
      line: this.ep.line,
    };
    this.nVals = 0;
    this.sats.length = 0;
    this.codes.length = 0;
    this.offsets.length = 0;
    return epoch;
  }
}

function isBlank(line: string, start: number, end: number): boolean {
  const e = Math.min(end, line.length);
  for (let i = start; i < e; i++) if (line.charCodeAt(i) !== SPACE) return false;
  return true;
}

/** Header lines carry a label in columns 61-80 (three capitals at least: "DOI", "COMMENT", ...). */
function hasHeaderLabel(line: string): boolean {
  const e = Math.min(line.length, 80);
  let run = 0;
  for (let i = 60; i < e; i++) {
    const c = line.charCodeAt(i);
    run = c >= 65 && c <= 90 ? run + 1 : 0;
    if (run === 3) return true;
  }
  return false;
}

function isBlankLine(line: string): boolean {
  return isBlank(line, 0, line.length);
}

/**
 * Whether a line has the shape of a RINEX 2 epoch line: blanks at columns 0, 3, 6, 9, 12, 26, 27, a
 * flag digit at 28 and '.' at 18 (seconds F11.7) — or, for events with flag 2-5, blank date fields.
 * Observation lines cannot match: their decimal points sit at columns 10, 26, 42, ...
 */
function parseEpoch2Shape(line: string): boolean {
  if (line.length < 29) return false;
  const flag = line.charCodeAt(28);
  if (flag < 48 || flag > 54) return false;
  if (line.charCodeAt(26) !== SPACE || line.charCodeAt(27) !== SPACE) return false;
  if (line.charCodeAt(18) === 46) {
    return (
      line.charCodeAt(0) === SPACE &&
      line.charCodeAt(3) === SPACE &&
      line.charCodeAt(6) === SPACE &&
      line.charCodeAt(9) === SPACE &&
      line.charCodeAt(12) === SPACE
    );
  }
  return flag >= 50 && flag <= 53 && isBlank(line, 0, 26) && line.length <= 80;
}

export type { ObsEpoch, ObsHeader };
