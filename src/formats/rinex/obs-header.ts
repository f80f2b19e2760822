// RINEX observation header: RINEX 2.11 Table A1, RINEX 3.05 Table A2, RINEX 4.00 Table A2.
// Reads the records a positioning library needs (version/type, marker, receiver, antenna, approximate
// position, observation types, interval, first/last observation and its time system, GLONASS slots,
// leap seconds, scale factors) and keeps the per-system column layout the data decoder uses.
// RINEX 2 types become RINEX 3 codes (rinex2ToRinex3); RINEX 3.02 BDS band-1 codes become band 2.

import { DecodeError, type IssueCode } from "../../core/errors.js";
import { ecef } from "../../frames/vectors.js";
import type { ObsHeader } from "../../signals/observation.js";
import { normaliseObsCode, type ObsCode, rinex2ToRinex3 } from "../../signals/signal.js";
import { type GnssSystem, isSystem, parseSatId, type SatId } from "../../signals/system.js";
import { fromCalendar, type Instant } from "../../time/instant.js";
import { isBlankField, parseFloatField, parseIntField } from "../text/fixed-width.js";

export type ObsTimeSystem = ObsHeader["timeSystem"];

/** How the data records of one system map onto observation codes. */
export interface ObsSystemLayout {
  readonly sys: GnssSystem;
  /** Types as the header writes them (RINEX 2 two-character types, or RINEX 3 codes). */
  readonly fileTypes: readonly string[];
  /** The codes kept, normalised to RINEX 3.03+ (this array is shared by every epoch's satellites). */
  readonly codes: readonly ObsCode[];
  /** Column j of a record -> index in `codes`, or -1 when that type is dropped. */
  readonly columnToCode: Int16Array;
  /** Column j's divisor from SYS / SCALE FACTOR (RINEX 2: OBS SCALE FACTOR); 1 normally. */
  readonly columnScale: Float64Array;
  /**
   * RINEX 2 only: types this system cannot use (no RINEX 3 code, or a code already taken), to be
   * reported when a satellite of the system first appears (a mixed RINEX 2 header lists one set of types
   * for every system). RINEX 3 layouts report such problems with the header.
   */
  readonly notes: readonly string[];
}

/** Systems a RINEX 2 mixed file may hold, and the default system of each RINEX 2 file-type letter. */
const RINEX2_SYSTEMS: readonly GnssSystem[] = ["G", "R", "E", "S", "C", "J", "I"];

/** RINEX 3.05 §3.1 time-system identifiers (GLO = UTC(SU), QZS = GPS time). */
function timeSystemOf(id: string): ObsTimeSystem | undefined {
  switch (id) {
    case "GPS":
    case "QZS":
    case "IRN": // NavIC system time is kept aligned with GPS time seconds here; no separate scale
      return "GPST";
    case "BDT":
      return "BDT";
    case "GAL":
      return "GST";
    case "GLO":
    case "UTC":
      return "UTC";
    default:
      return undefined;
  }
}

/** Default time system of a file without TIME OF FIRST OBS system: that of a single-system file, else GPS. */
function defaultTimeSystem(fileSystem: string): ObsTimeSystem {
  switch (fileSystem) {
    case "C":
      return "BDT";
    case "E":
      return "GST";
    case "R":
      return "UTC";
    default:
      return "GPST";
  }
}

interface FirstLastObs {
  cal: [number, number, number, number, number, number];
  sys: string;
}

/**
 * Collects header lines (the initial header, and the header records of event epochs with flag 3/4)
 * and builds the ObsHeader plus the column layouts.
 */
export class ObsHeaderParser {
  version = 0;
  fileType = "";
  fileSystem = "";
  format: "RINEX" | "CRINEX" = "RINEX";
  crinexVersion?: number;
  lineCount = 0;

  private marker?: string;
  private receiver?: string;
  private antenna?: string;
  private approx?: [number, number, number];
  private delta?: [number, number, number];
  private interval?: number;
  private first?: FirstLastObs;
  private last?: FirstLastObs;
  private leap?: number;
  private readonly glonass = new Map<SatId, number>();
  /** RINEX 3: types per system letter; RINEX 2: under key "*". */
  private readonly types = new Map<string, string[]>();
  private readonly declared = new Map<string, number>();
  private lastTypesKey?: string;
  /** scale factors: key "sys:type" (RINEX 2: "*:type") or "sys:*". */
  private readonly scale = new Map<string, number>();
  /** Set at END OF HEADER: later lines are event records and do not count as header lines. */
  private done = false;

  constructor(
    private readonly file: string | undefined,
    private readonly report: (code: IssueCode, message: string, line: number) => void,
  ) {}

  /** The first line of a RINEX file; throws a DecodeError when it is not observation data. */
  versionLine(line: string, lineNo: number): void {
    if (!line.startsWith("RINEX VERSION / TYPE", 60)) {
      throw this.error(
        "unknown-format",
        "not a RINEX file: first line is not 'RINEX VERSION / TYPE'",
        lineNo,
      );
    }
    const v = parseFloatField(line, 0, 9);
    const type = line[20] ?? " ";
    if (type !== "O") {
      const what =
        type === "N" || type === "G" || type === "H"
          ? "navigation"
          : type === "C"
            ? "clock"
            : type === "M"
              ? "meteorological"
              : `type '${type}'`;
      throw this.error("unknown-format", `not an observation file: RINEX ${what} data`, lineNo);
    }
    if (!(v >= 2 && v < 5))
      throw this.error(
        "unsupported-version",
        `unsupported RINEX version '${line.slice(0, 9).trim()}' (2.x, 3.x and 4.x are read)`,
        lineNo,
      );
    this.version = v;
    this.fileType = type;
    const s = line[40] ?? " ";
    this.fileSystem = s === " " ? "G" : s;
    this.lineCount = 1;
  }

  /** A header line after the first; returns true for END OF HEADER. */
  line(line: string, lineNo: number): boolean {
    if (!this.done) this.lineCount++;
    const label = line.length > 60 ? line.slice(60).trim() : "";
    switch (label) {
      case "END OF HEADER":
        this.done = true;
        return true;
      case "MARKER NAME":
        this.marker = line.slice(0, 60).trim() || undefined;
        break;
      case "REC # / TYPE / VERS":
        this.receiver = line.slice(20, 40).trim() || undefined;
        break;
      case "ANT # / TYPE":
        this.antenna = line.slice(20, 40).trim() || undefined;
        break;
      case "APPROX POSITION XYZ": {
        const xyz = this.floats(line, [0, 14, 28, 42], 14, lineNo, label);
        if (xyz) this.approx = xyz;
        break;
      }
      case "ANTENNA: DELTA H/E/N": {
        const hen = this.floats(line, [0, 14, 28], 14, lineNo, label);
        if (hen) this.delta = hen;
        break;
      }
      case "INTERVAL": {
        const v = parseFloatField(line, 0, 10);
        if (Number.isFinite(v)) this.interval = v;
        else this.report("bad-header", "INTERVAL is not a number", lineNo);
        break;
      }
      case "TIME OF FIRST OBS":
      case "TIME OF LAST OBS": {
        const t = this.timeRecord(line, lineNo, label);
        if (t) {
          if (label === "TIME OF FIRST OBS") this.first = t;
          else this.last = t;
        }
        break;
      }
      case "LEAP SECONDS": {
        const v = parseIntField(line, 0, 6);
        if (Number.isFinite(v)) this.leap = v;
        break;
      }
      case "# / TYPES OF OBSERV":
        this.types2(line, lineNo);
        break;
      case "SYS / # / OBS TYPES":
        this.types3(line, lineNo);
        break;
      case "GLONASS SLOT / FRQ #":
        this.glonassSlots(line, lineNo);
        break;
      case "SYS / SCALE FACTOR":
        this.scaleFactor3(line, lineNo);
        break;
      case "OBS SCALE FACTOR":
        this.scaleFactor2(line, lineNo);
        break;
      default:
        break;
    }
    return false;
  }

  private error(code: IssueCode, message: string, line: number): DecodeError {
    return new DecodeError({ code, message, file: this.file, line });
  }

  private floats(
    line: string,
    starts: readonly number[],
    width: number,
    lineNo: number,
    label: string,
  ): [number, number, number] | undefined {
    const v = starts.slice(0, 3).map((s) => parseFloatField(line, s, s + width));
    if (v.some((x) => Number.isNaN(x))) {
      this.report("bad-header", `${label}: malformed numbers`, lineNo);
      return undefined;
    }
    return [v[0], v[1], v[2]];
  }

  private timeRecord(line: string, lineNo: number, label: string): FirstLastObs | undefined {
    const cal = [0, 6, 12, 18, 24].map((s) => parseIntField(line, s, s + 6));
    const sec = parseFloatField(line, 30, 43);
    if (cal.some((x) => Number.isNaN(x)) || Number.isNaN(sec)) {
      this.report("bad-header", `${label}: malformed date`, lineNo);
      return undefined;
    }
    return { cal: [cal[0], cal[1], cal[2], cal[3], cal[4], sec], sys: line.slice(48, 51).trim() };
  }

  /** RINEX 2: "# / TYPES OF OBSERV", n (I6) then 9 types (4X,A2) per line, continuation lines blank in 1-6. */
  private types2(line: string, lineNo: number): void {
    const tokens = line
      .slice(6, 60)
      .trim()
      .split(/\s+/)
      .filter((t) => t.length > 0);
    if (!isBlankField(line, 0, 6)) {
      const n = parseIntField(line, 0, 6);
      if (!(n >= 0)) {
        this.report("bad-header", "# / TYPES OF OBSERV: bad number of types", lineNo);
        return;
      }
      this.types.set("*", tokens);
      this.declared.set("*", n);
      this.lastTypesKey = "*";
    } else if (this.lastTypesKey === "*") {
      this.types.get("*")?.push(...tokens);
    } else {
      this.report("bad-header", "# / TYPES OF OBSERV continuation without a first line", lineNo);
    }
  }

  /** RINEX 3/4: "SYS / # / OBS TYPES", system (A1), n (I5 in 4-6), 13 codes (1X,A3) per line; continuation lines blank in 1-6. */
  private types3(line: string, lineNo: number): void {
    const tokens = line
      .slice(6, 60)
      .trim()
      .split(/\s+/)
      .filter((t) => t.length > 0);
    const s = line[0];
    if (s !== " ") {
      const n = parseIntField(line, 3, 6);
      if (!isSystem(s) || !(n >= 0)) {
        this.report("bad-header", `SYS / # / OBS TYPES: unknown system '${s}' or bad count`, lineNo);
        this.lastTypesKey = undefined;
        return;
      }
      this.types.set(s, tokens);
      this.declared.set(s, n);
      this.lastTypesKey = s;
    } else if (this.lastTypesKey !== undefined && this.lastTypesKey !== "*") {
      this.types.get(this.lastTypesKey)?.push(...tokens);
    } else {
      this.report("bad-header", "SYS / # / OBS TYPES continuation without a first line", lineNo);
    }
  }

  /** "GLONASS SLOT / FRQ #": n (I3), then 8 x (A1,I2.2,1X,I2,1X) from column 5. */
  private glonassSlots(line: string, lineNo: number): void {
    for (let k = 0; k < 8; k++) {
      const at = 4 + 7 * k;
      if (isBlankField(line, at, at + 7)) continue;
      const sat = parseSatId(line.slice(at, at + 3), "R");
      const ch = parseIntField(line, at + 4, at + 6);
      if (sat === null || sat[0] !== "R" || Number.isNaN(ch)) {
        this.report("bad-header", "GLONASS SLOT / FRQ #: malformed entry", lineNo);
        continue;
      }
      this.glonass.set(sat, ch);
    }
  }

  /** RINEX 3 "SYS / SCALE FACTOR": system, factor (I4), n (2X,I2; blank = all types), codes (1X,A3). */
  private scaleFactor3(line: string, lineNo: number): void {
    const s = line[0];
    const f = parseIntField(line, 2, 6);
    if (s === " " || !(f > 0)) {
      this.report("bad-header", "SYS / SCALE FACTOR: malformed", lineNo);
      return;
    }
    const codes = line
      .slice(10, 60)
      .trim()
      .split(/\s+/)
      .filter((t) => t.length > 0);
    if (codes.length === 0) this.scale.set(`${s}:*`, f);
    for (const c of codes) this.scale.set(`${s}:${c}`, f);
  }

  /** RINEX 2 "OBS SCALE FACTOR": factor (I6), n (I6; blank = all), types (4X,A2). */
  private scaleFactor2(line: string, lineNo: number): void {
    const f = parseIntField(line, 0, 6);
    if (!(f > 0)) {
      this.report("bad-header", "OBS SCALE FACTOR: malformed", lineNo);
      return;
    }
    const types = line
      .slice(12, 60)
      .trim()
      .split(/\s+/)
      .filter((t) => t.length > 0);
    if (types.length === 0) this.scale.set("*:*", f);
    for (const t of types) this.scale.set(`*:${t}`, f);
  }

  /** The time system epochs are tagged in. */
  timeSystem(): ObsTimeSystem {
    const id = this.first?.sys ?? "";
    return (id && timeSystemOf(id)) || defaultTimeSystem(this.fileSystem);
  }

  /**
   * The header and per-system layouts as they stand now. Throws a DecodeError when no observation
   * types were declared.
   */
  build(lineNo: number): { header: ObsHeader; layouts: Map<GnssSystem, ObsSystemLayout> } {
    const layouts = new Map<GnssSystem, ObsSystemLayout>();
    const r2 = this.version < 3;
    if (r2) {
      const types = this.types.get("*");
      if (!types || types.length === 0)
        throw this.error("bad-header", "header declares no observation types (# / TYPES OF OBSERV)", lineNo);
      this.checkCount("*", types, lineNo);
      const systems =
        this.fileSystem === "M"
          ? RINEX2_SYSTEMS
          : isSystem(this.fileSystem)
            ? [this.fileSystem]
            : (["G"] as GnssSystem[]);
      for (const sys of systems)
        layouts.set(
          sys,
          this.layout(sys, types, (t) => rinex2ToRinex3(sys, t), lineNo),
        );
    } else {
      if (this.types.size === 0)
        throw this.error("bad-header", "header declares no observation types (SYS / # / OBS TYPES)", lineNo);
      for (const [key, types] of this.types) {
        if (key === "*") continue;
        const sys = key as GnssSystem;
        this.checkCount(key, types, lineNo);
        layouts.set(
          sys,
          this.layout(
            sys,
            types,
            (t) => (t.length === 3 || t.length === 2 ? normaliseObsCode(sys, t, this.version) : null),
            lineNo,
          ),
        );
      }
    }
    const ts = this.timeSystem();
    const toInstant = (t: FirstLastObs | undefined): Instant | undefined => {
      if (!t) return undefined;
      const [y, mo, d, h, mi, s] = t.cal;
      const whole = Math.floor(s);
      const base = fromCalendar(ts, { year: y, month: mo, day: d, hour: h, minute: mi, second: whole });
      return { scale: ts, sec: base.sec, frac: s - whole };
    };
    const obsCodes = new Map<GnssSystem, readonly ObsCode[]>();
    for (const [sys, l] of layouts) obsCodes.set(sys, l.codes);
    const header: ObsHeader = {
      format: this.format,
      version: this.version,
      crinexVersion: this.crinexVersion,
      fileSystem: this.fileSystem,
      marker: this.marker,
      receiver: this.receiver,
      antenna: this.antenna,
      approxPosition:
        this.approx && (this.approx[0] !== 0 || this.approx[1] !== 0 || this.approx[2] !== 0)
          ? ecef(this.approx[0], this.approx[1], this.approx[2])
          : undefined,
      antennaDeltaHEN_m: this.delta,
      obsCodes,
      interval_s: this.interval,
      firstObs: toInstant(this.first),
      lastObs: toInstant(this.last),
      timeSystem: ts,
      glonassChannels: new Map(this.glonass),
      leapSeconds: this.leap,
      lineCount: this.lineCount,
    };
    return { header, layouts };
  }

  private checkCount(key: string, types: string[], lineNo: number): void {
    const n = this.declared.get(key) ?? types.length;
    if (n !== types.length) {
      this.report(
        "bad-header",
        `${key === "*" ? "" : `system ${key}: `}header declares ${n} observation types but lists ${types.length}; using the ${types.length} listed`,
        lineNo,
      );
    }
  }

  private layout(
    sys: GnssSystem,
    fileTypes: readonly string[],
    convert: (t: string) => ObsCode | null,
    lineNo: number,
  ): ObsSystemLayout {
    const codes: ObsCode[] = [];
    const columnToCode = new Int16Array(fileTypes.length).fill(-1);
    const columnScale = new Float64Array(fileTypes.length).fill(1);
    const r2 = this.version < 3;
    const notes: string[] = [];
    const note = (msg: string) => {
      if (r2) notes.push(msg);
      else this.report("bad-header", msg, lineNo);
    };
    fileTypes.forEach((t, j) => {
      const code = convert(t);
      if (code === null) {
        note(`observation type '${t}' of system ${sys} has no RINEX 3 code; its values are skipped`);
        return;
      }
      if (codes.includes(code)) {
        note(`observation type '${t}' of system ${sys} repeats code ${code}; its values are skipped`);
        return;
      }
      columnToCode[j] = codes.length;
      codes.push(code);
      const f = r2
        ? (this.scale.get(`*:${t}`) ?? this.scale.get("*:*"))
        : (this.scale.get(`${sys}:${t}`) ?? this.scale.get(`${sys}:*`));
      if (f !== undefined) columnScale[j] = f;
    });
    return { sys, fileTypes, codes, columnToCode, columnScale, notes };
  }
}
