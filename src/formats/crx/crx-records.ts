// Hatanaka compact RINEX, decoding core: CRINEX 1.0 (RINEX 2 inside) and CRINEX 3.0 (RINEX 3/4 inside).
// Hatanaka, Y. (2008), "A Compression Format and Tools for GNSS Observation Data", Bulletin of the
// Geospatial Information Authority of Japan 55, 21-30, §3 (format); behaviour of CRX2RNX 4.x.
//
// The format, in short:
//  - header: "CRINEX VERS / TYPE", "CRINEX PROG / DATE", then the RINEX header verbatim;
//  - epoch line: text-differenced against the previous epoch line (' ' keeps a character, '&' makes
//    it a blank, anything else replaces it). A line starting with '&' (CRINEX 1) or '>' (CRINEX 3)
//    is sent whole and starts a new "arc": every satellite is new. Its satellite list is written
//    without blanks after the RINEX epoch fields (column 33 in CRINEX 1, 42 in CRINEX 3);
//  - clock-offset line (empty when none): "n&value" starts an arc of difference order n, else a
//    difference of the current order (integer in units of the last written digit);
//  - one line per satellite: one field per observation type separated by one blank, each empty
//    (blank observation), "n&value" (new arc of order n <= 5) or an n-th order difference, all
//    integers in 0.001 units; then the LLI/SSI flags text-differenced against the same satellite's
//    flags of the previous epoch;
//  - events (flag 2-5) and cycle-slip records (flag 6): the epoch line and its records are sent
//    verbatim, and the next epoch is always a new arc. CRINEX 3 lines starting with '&' where an
//    epoch is expected are escape lines and skipped.
// Values are kept as doubles holding exact integers (|value| < 2^53; RINEX F14.3 stays below 1e13).

import { DecodeError, type DecodeIssue, type IssueCode } from "../../core/errors.js";

/** Where decoded compact RINEX goes: plain RINEX lines, and each satellite's values as numbers. */
export interface CrxSink {
  /**
   * A plain RINEX line: header lines, epoch lines (with RINEX 2 continuation lines), event records.
   * `lineNo` is the compact file's line it comes from (for an epoch line: the compact epoch line).
   */
  line(text: string, lineNo: number): void;
  /**
   * One satellite's observations of the current epoch, after the epoch line: `sat` is the 3-character
   * satellite field as written in the epoch's satellite list ("G01", "C 5", " 7"); values[j] (j < n)
   * is observation j in units of 0.001 (an exact integer) or NaN when blank; flags[2j], flags[2j+1]
   * are the LLI and SSI characters (char codes, 32 = blank). The arrays are reused: copy what you keep.
   * `lineNo` is the compact file's line of this satellite.
   */
  sat(sat: string, n: number, values: Float64Array, flags: Uint8Array, lineNo: number): void;
}

export interface CrxRecordOptions {
  /** File name, for issues. */
  readonly file?: string;
  /** Throw a DecodeError at the first issue instead of collecting it. */
  readonly strict?: boolean;
  /** Called for every issue (the decoder keeps none itself). */
  readonly onIssue?: (issue: DecodeIssue) => void;
}

const MAX_ORDER = 5;
const SLOTS = MAX_ORDER + 1;
const SPACE = 32;
const AMP = 38; // '&'
/** RINEX F14.3 holds |v| <= 9999999999.999, i.e. below 1e13 thousandths. */
const MAX_VALUE = 1e13;

/** Difference state of one satellite: per observation type the arc order and the differences. */
class SatArc {
  readonly order: Int8Array;
  readonly arcOrder: Int8Array;
  /** slots[j*6 + k]: k-th difference of type j at the last epoch (k = order is the value). */
  readonly slots: Float64Array;
  /** LLI/SSI characters of the last epoch. */
  readonly flags: Uint8Array;
  /** Serial number of the last epoch this satellite was in. */
  lastEpoch = -10;
  /** Serial number of the epoch whose satellite list names it now (catches a satellite listed twice). */
  listed = -10;
  constructor(readonly ntype: number) {
    this.order = new Int8Array(ntype).fill(-1);
    this.arcOrder = new Int8Array(ntype).fill(-1);
    this.slots = new Float64Array(ntype * SLOTS);
    this.flags = new Uint8Array(ntype * 2).fill(SPACE);
  }
  reset(): void {
    this.order.fill(-1);
    this.arcOrder.fill(-1);
    this.flags.fill(SPACE);
  }
}

type Phase =
  | "crinex-version"
  | "crinex-prog"
  | "rinex-version"
  | "header"
  | "epoch"
  | "clock"
  | "sats"
  | "event"
  | "after-event"
  | "skip"
  | "end";

/**
 * Sans-I/O compact RINEX decoder: push the lines of a .crx/.yyd file one by one; it calls the sink
 * with plain RINEX lines and satellite values. Corrupt data is reported as an issue and skipped up to
 * the next epoch that starts a new arc (as `CRX2RNX -s` does); a corrupt header throws a DecodeError.
 */
export class CrxRecordDecoder {
  /** 1.0 or 3.0 once the first line is read. */
  crinexVersion = 0;
  /** Major version of the RINEX inside: 2, 3 or 4. */
  rinexMajor = 0;
  /** Lines pushed so far (the 1-based number of the last line). */
  lineNo = 0;

  private phase: Phase = "crinex-version";
  private readonly file?: string;
  private readonly strict: boolean;
  private readonly onIssue?: (issue: DecodeIssue) => void;

  // header-derived
  private readonly ntypeBySys = new Int16Array(128).fill(-1);
  private ntype2 = -1;
  private lastSysWithTypes = -1;

  // epoch state
  private prevEpoch: number[] = [];
  private epochText = "";
  private epochLineNo = 0;
  private nsat = 0;
  private satIndex = 0;
  private readonly satIds: string[] = [];
  private readonly satArcs: SatArc[] = [];
  private readonly arcs = new Map<string, SatArc>();
  private serial = 0;
  private eventLeft = 0;

  // clock
  private readonly clk = new Float64Array(SLOTS);
  private clkOrder = -1;
  private clkArcOrder = -1;
  private clkPresent = false;

  // output scratch
  private values = new Float64Array(64);

  constructor(
    private readonly sink: CrxSink,
    opts: CrxRecordOptions = {},
  ) {
    this.file = opts.file;
    this.strict = opts.strict ?? false;
    this.onIssue = opts.onIssue;
  }

  /** True once END OF HEADER has been passed. */
  get headerDone(): boolean {
    return (
      this.phase !== "crinex-version" &&
      this.phase !== "crinex-prog" &&
      this.phase !== "rinex-version" &&
      this.phase !== "header"
    );
  }

  push(line: string): void {
    this.lineNo++;
    switch (this.phase) {
      case "crinex-version":
        this.crinexVersionLine(line);
        return;
      case "crinex-prog":
        this.phase = "rinex-version";
        return;
      case "rinex-version":
        this.rinexVersionLine(line);
        return;
      case "header":
        this.headerLine(line);
        return;
      case "epoch":
        this.epochLine(line);
        return;
      case "clock":
        this.clockLine(line);
        return;
      case "sats":
        this.satLine(line);
        return;
      case "event":
        this.sink.line(chopBlanks(line), this.lineNo);
        this.headerTypes(line);
        if (--this.eventLeft === 0) this.phase = "after-event";
        return;
      case "after-event":
        this.afterEvent(line);
        return;
      case "skip":
        this.skipLine(line);
        return;
      case "end":
        return;
    }
  }

  /** End of input: reports an epoch cut short and throws if the header never ended. */
  finish(): void {
    switch (this.phase) {
      case "crinex-version":
        throw this.fatal("bad-header", "empty input: no CRINEX VERS / TYPE line", 1);
      case "crinex-prog":
      case "rinex-version":
      case "header":
        throw this.fatal("bad-header", "compact RINEX header has no END OF HEADER line", this.lineNo);
      case "clock":
      case "sats":
        this.issue(
          "truncated",
          `input ends inside the epoch of line ${this.epochLineNo} (${this.satIndex} of ${this.nsat} satellites); epoch dropped`,
          this.lineNo,
        );
        break;
      case "event":
        this.issue(
          "truncated",
          `input ends inside the special records of the event at line ${this.epochLineNo}`,
          this.lineNo,
        );
        break;
      default:
        break;
    }
    this.phase = "end";
  }

  // ---- header ----

  private crinexVersionLine(line: string): void {
    if (!line.includes("CRINEX VERS"))
      throw this.fatal("unknown-format", "not a compact RINEX file: first line is not CRINEX VERS / TYPE", 1);
    const v = line.slice(0, 3);
    if (v !== "1.0" && v !== "3.0")
      throw this.fatal(
        "unsupported-version",
        `unsupported compact RINEX version '${line.slice(0, 9).trim()}' (1.0 and 3.0 are supported)`,
        1,
      );
    this.crinexVersion = v === "1.0" ? 1 : 3;
    this.phase = "crinex-prog";
  }

  private rinexVersionLine(line: string): void {
    const text = chopBlanks(line);
    const major = line.charCodeAt(5) - 48;
    if (!line.startsWith("RINEX VERSION / TYPE", 60) || major < 2 || major > 4) {
      throw this.fatal(
        "bad-header",
        "compact RINEX: third line is not a RINEX 2, 3 or 4 'RINEX VERSION / TYPE' line",
        this.lineNo,
      );
    }
    if ((this.crinexVersion === 1) !== (major === 2)) {
      throw this.fatal(
        "unsupported-version",
        `CRINEX ${this.crinexVersion}.0 cannot hold RINEX ${major} (CRINEX 1.0 is for RINEX 2, 3.0 for RINEX 3/4)`,
        this.lineNo,
      );
    }
    this.rinexMajor = major;
    this.sink.line(text, this.lineNo);
    this.phase = "header";
  }

  private headerLine(line: string): void {
    const c0 = line.charCodeAt(0);
    if (
      (c0 === 62 && this.crinexVersion === 3) ||
      (c0 === AMP && this.crinexVersion === 1 && looksLikeEpoch2(line))
    ) {
      throw this.fatal(
        "bad-header",
        "compact RINEX header has no END OF HEADER line (an epoch line comes first)",
        this.lineNo,
      );
    }
    this.sink.line(chopBlanks(line), this.lineNo);
    this.headerTypes(line);
    if (line.startsWith("END OF HEADER", 60)) {
      this.phase = "epoch";
      if (this.rinexMajor === 2 ? this.ntype2 < 0 : this.lastSysWithTypes < 0) {
        throw this.fatal("bad-header", "compact RINEX header declares no observation types", this.lineNo);
      }
    }
  }

  /** Track the number of observation types per system (header and event records). */
  private headerTypes(line: string): void {
    if (line.startsWith("# / TYPES OF OBSERV", 60)) {
      const n = parseLeadingInt(line, 0, 6);
      if (n >= 0) this.ntype2 = n;
    } else if (line.startsWith("SYS / # / OBS TYPES", 60)) {
      const s = line.charCodeAt(0);
      if (s !== SPACE && s < 128) {
        const n = parseLeadingInt(line, 3, 6);
        if (n >= 0) {
          this.ntypeBySys[s] = n;
          this.lastSysWithTypes = s;
        }
      }
    }
  }

  // ---- data section ----

  private epochLine(line: string): void {
    const c0 = line.charCodeAt(0);
    if (this.crinexVersion === 3 && c0 === AMP) return; // escape line
    if (line.length === 0 && this.prevEpoch.length === 0) return; // tolerate blank lines before the first epoch
    if (c0 === 0x1a) {
      this.phase = "end"; // DOS end of file
      return;
    }
    const initial = this.crinexVersion === 3 ? c0 === 62 : c0 === AMP;
    const flagCol = this.crinexVersion === 3 ? 31 : 28;
    if (initial) {
      const flag = line.charCodeAt(flagCol);
      if (flag !== 48 && flag !== 49) {
        this.startEvent(line, flagCol);
        return;
      }
      this.prevEpoch = [];
      this.serial += 2; // every satellite starts a new arc
    } else if (this.prevEpoch.length === 0) {
      this.issue(
        "bad-epoch",
        "compact RINEX: differenced epoch line without an initial epoch before it",
        this.lineNo,
      );
      this.phase = "skip";
      return;
    } else {
      this.serial++;
    }
    const repaired = repairText(this.prevEpoch, line);
    // chop trailing blanks
    let len = repaired.length;
    while (len > 0 && repaired[len - 1] === SPACE) len--;
    repaired.length = len;
    const off = this.crinexVersion === 3 ? 6 : 3;
    if (
      repaired[0] !== (this.crinexVersion === 3 ? 62 : SPACE) ||
      len < 26 + off ||
      repaired[off + 23] !== SPACE ||
      repaired[off + 24] !== SPACE ||
      !(repaired[off + 25] >= 48 && repaired[off + 25] <= 57)
    ) {
      this.issue("bad-epoch", "compact RINEX: malformed epoch line", this.lineNo);
      this.phase = "skip";
      return;
    }
    this.prevEpoch = repaired;
    const text = String.fromCharCode.apply(null, repaired);
    const nsat = parseLeadingInt(
      text,
      this.crinexVersion === 3 ? 32 : 29,
      this.crinexVersion === 3 ? 35 : 32,
    );
    const listStart = this.crinexVersion === 3 ? 41 : 32;
    if (nsat < 0 || text.length < listStart + 3 * nsat) {
      this.issue(
        "bad-epoch",
        "compact RINEX: epoch line satellite count does not match its satellite list",
        this.lineNo,
      );
      this.phase = "skip";
      return;
    }
    this.epochText = text;
    this.epochLineNo = this.lineNo;
    this.nsat = nsat;
    this.satIds.length = 0;
    this.satArcs.length = 0;
    for (let i = 0; i < nsat; i++) {
      const id = text.slice(listStart + 3 * i, listStart + 3 * i + 3);
      let ntype: number;
      if (this.rinexMajor === 2) ntype = this.ntype2;
      else {
        const s = id.charCodeAt(0);
        ntype = s < 128 ? this.ntypeBySys[s] : -1;
      }
      if (ntype < 0) {
        this.issue(
          "bad-epoch",
          `compact RINEX: satellite '${id}' of a system without observation types in the header`,
          this.lineNo,
        );
        this.phase = "skip";
        return;
      }
      let arc = this.arcs.get(id);
      if (arc === undefined || arc.ntype !== ntype) {
        arc = new SatArc(ntype);
        this.arcs.set(id, arc);
      } else if (arc.listed === this.serial) {
        this.issue("bad-epoch", `compact RINEX: satellite '${id}' listed twice in one epoch`, this.lineNo);
        this.phase = "skip";
        return;
      } else if (arc.lastEpoch !== this.serial - 1) {
        arc.reset();
      }
      arc.listed = this.serial;
      this.satIds.push(id);
      this.satArcs.push(arc);
    }
    this.satIndex = 0;
    this.phase = "clock";
  }

  private clockLine(line: string): void {
    if (line.length === 0) {
      this.clkOrder = -1;
      this.clkPresent = false;
    } else {
      let pos = 0;
      if (line.length >= 2 && line.charCodeAt(1) === AMP) {
        const o = line.charCodeAt(0) - 48;
        if (o < 0 || o > MAX_ORDER) {
          this.corrupt("clock offset difference order out of range");
          return;
        }
        this.clkArcOrder = o;
        this.clkOrder = -1;
        pos = 2;
      }
      const v = parseSignedInt(line, pos, line.length);
      if (Number.isNaN(v)) {
        this.corrupt("malformed clock offset field");
        return;
      }
      // same recursion as the observations (CRX2RNX process_clock)
      const c = this.clk;
      if (this.clkOrder < this.clkArcOrder) {
        const o = ++this.clkOrder;
        let cur = v;
        let old = c[0];
        c[0] = cur;
        for (let k = 0; k < o; k++) {
          const next = cur + old;
          old = c[k + 1];
          c[k + 1] = next;
          cur = next;
        }
      } else {
        let cur = v;
        c[0] = v;
        for (let k = 0; k < this.clkOrder; k++) {
          cur += c[k + 1];
          c[k + 1] = cur;
        }
      }
      this.clkPresent = this.clkOrder >= 0;
      if (this.clkPresent && !Number.isSafeInteger(c[this.clkOrder])) {
        this.corrupt("clock offset out of range");
        return;
      }
    }
    if (this.nsat === 0) this.emitEpoch();
    else this.phase = "sats";
  }

  private satLine(line: string): void {
    const i = this.satIndex;
    const arc = this.satArcs[i];
    const isNew = arc.lastEpoch !== this.serial - 1;
    const ntype = arc.ntype;
    const { order, arcOrder, slots } = arc;
    const len = line.length;
    let pos = 0;
    let j = 0;
    for (; j < ntype; j++) {
      if (pos >= len) break;
      let c = line.charCodeAt(pos);
      if (c === SPACE) {
        // blank observation: the arc ends
        arcOrder[j] = -1;
        order[j] = -1;
        pos++;
        continue;
      }
      if (pos + 1 < len && line.charCodeAt(pos + 1) === AMP) {
        const o = c - 48;
        if (o < 0 || o > MAX_ORDER) {
          this.corrupt(`observation ${j + 1} of ${this.satIds[i]}: difference order out of range`);
          return;
        }
        arcOrder[j] = o;
        order[j] = -1;
        pos += 2;
      } else if (isNew) {
        this.corrupt(`new satellite ${this.satIds[i]} without initialised data arc`);
        return;
      } else if (arcOrder[j] < 0) {
        this.corrupt(`observation ${j + 1} of ${this.satIds[i]}: new data arc without initialisation`);
        return;
      }
      // signed integer up to the next blank
      let neg = false;
      c = line.charCodeAt(pos);
      if (c === 45) {
        neg = true;
        pos++;
      }
      let v = 0;
      let nd = 0;
      while (pos < len) {
        c = line.charCodeAt(pos);
        if (c === SPACE) break;
        if (c < 48 || c > 57) {
          this.corrupt(`observation ${j + 1} of ${this.satIds[i]}: not a number`);
          return;
        }
        v = v * 10 + (c - 48);
        nd++;
        pos++;
      }
      if (nd === 0 || nd > 15) {
        this.corrupt(`observation ${j + 1} of ${this.satIds[i]}: malformed difference`);
        return;
      }
      if (neg) v = 0 - v;
      pos++; // the separator
      // rebuild the value from its differences (CRX2RNX data())
      const base = j * SLOTS;
      const o0 = order[j];
      if (o0 < arcOrder[j]) {
        const o = o0 + 1;
        let cur = v;
        let old = slots[base];
        slots[base] = cur;
        for (let k = 0; k < o; k++) {
          const next = cur + old;
          old = slots[base + k + 1];
          slots[base + k + 1] = next;
          cur = next;
        }
        order[j] = o;
      } else {
        let cur = v;
        slots[base] = v;
        for (let k = 0; k < o0; k++) {
          cur += slots[base + k + 1];
          slots[base + k + 1] = cur;
        }
      }
      const y = slots[base + order[j]];
      if (!(y < MAX_VALUE && y > -MAX_VALUE)) {
        this.corrupt(`observation ${j + 1} of ${this.satIds[i]}: value out of the RINEX range`);
        return;
      }
    }
    // fields missing at the end of the line are blank
    for (; j < ntype; j++) {
      arcOrder[j] = -1;
      order[j] = -1;
    }
    // flags, differenced against the satellite's previous flags (a new satellite starts from blanks)
    const flags = arc.flags;
    if (isNew) flags.fill(SPACE);
    const nf = ntype * 2;
    if (pos < len && len - pos > nf) {
      this.corrupt(`${this.satIds[i]}: more flag characters than observation types`);
      return;
    }
    for (let k = 0; pos < len; k++, pos++) {
      const c = line.charCodeAt(pos);
      if (c === SPACE) continue;
      if (c !== AMP && (c < 48 || c > 57)) {
        this.corrupt(`${this.satIds[i]}: flag character '${String.fromCharCode(c)}' is not a digit`);
        return;
      }
      flags[k] = c === AMP ? SPACE : c;
    }
    if (this.crinexVersion === 1) {
      // CRINEX 1: the flags of a blank observation are blank
      for (let t = 0; t < ntype; t++) {
        if (arcOrder[t] < 0) {
          flags[2 * t] = SPACE;
          flags[2 * t + 1] = SPACE;
        }
      }
    }
    if (++this.satIndex === this.nsat) this.emitEpoch();
  }

  private emitEpoch(): void {
    const text = this.epochText;
    const r2 = this.rinexMajor === 2;
    const nsat = this.nsat;
    if (r2) {
      let first = text.length > 68 ? text.slice(0, 68) : text;
      if (this.clkPresent) first = first.padEnd(68, " ") + formatClock(this.clk[this.clkOrder], 9, 12);
      this.sink.line(first, this.epochLineNo);
      for (let k = 12; k < nsat; k += 12)
        this.sink.line(`${" ".repeat(32)}${text.slice(32 + 3 * k, 32 + 3 * k + 36)}`, this.epochLineNo);
    } else {
      let first = text.length > 41 ? text.slice(0, 41) : text;
      if (this.clkPresent) first = first.padEnd(41, " ") + formatClock(this.clk[this.clkOrder], 12, 15);
      else first = first.trimEnd();
      this.sink.line(first, this.epochLineNo);
    }
    for (let i = 0; i < nsat; i++) {
      const arc = this.satArcs[i];
      const n = arc.ntype;
      if (this.values.length < n) this.values = new Float64Array(n * 2);
      const out = this.values;
      for (let j = 0; j < n; j++)
        out[j] = arc.arcOrder[j] >= 0 ? arc.slots[j * SLOTS + arc.order[j]] : Number.NaN;
      arc.lastEpoch = this.serial;
      this.sink.sat(this.satIds[i], n, out, arc.flags, this.epochLineNo + 2 + i);
    }
    this.phase = "epoch";
  }

  /** An epoch line with flag 2-6: the line and its special records pass verbatim. */
  private startEvent(line: string, flagCol: number): void {
    const text = chopBlanks(line);
    const flag = line.charCodeAt(flagCol);
    if (flag < 50 || flag > 54 /* '2'..'6' */) {
      this.issue("bad-epoch", "compact RINEX: malformed epoch line", this.lineNo);
      this.phase = "skip";
      return;
    }
    const out = this.crinexVersion === 3 ? text : ` ${text.slice(1)}`;
    this.sink.line(out, this.lineNo);
    const n = text.length > flagCol + 1 ? parseLeadingInt(text, flagCol + 1, flagCol + 4) : 0;
    this.epochLineNo = this.lineNo;
    this.prevEpoch = [];
    if (n > 0) {
      this.eventLeft = n;
      this.phase = "event";
    } else {
      this.phase = "after-event";
    }
  }

  /** After an event the next epoch must start a new arc. */
  private afterEvent(line: string): void {
    if (this.crinexVersion === 3 && line.charCodeAt(0) === AMP) return; // escape line
    const initial = this.crinexVersion === 3 ? line.charCodeAt(0) === 62 : line.charCodeAt(0) === AMP;
    if (!initial) {
      this.issue("bad-epoch", "compact RINEX: the epoch after an event is not an initial epoch", this.lineNo);
      this.phase = "skip";
      return;
    }
    this.epochLine(line);
  }

  private corrupt(what: string): void {
    this.issue("bad-record", `compact RINEX: ${what}; skipping to the next initial epoch`, this.lineNo);
    this.phase = "skip";
  }

  /** Resynchronise: wait for an epoch line that starts a new arc (CRX2RNX skip_to_next). */
  private skipLine(line: string): void {
    const c0 = line.charCodeAt(0);
    const initial =
      this.crinexVersion === 3 ? c0 === 62 && looksLikeEpoch3(line) : c0 === AMP && looksLikeEpoch2(line);
    if (initial) {
      this.phase = "epoch";
      this.epochLine(line);
    }
  }

  private issue(code: IssueCode, message: string, line: number): void {
    const issue: DecodeIssue = { code, message, file: this.file, line };
    if (this.strict) throw new DecodeError(issue);
    this.onIssue?.(issue);
  }

  private fatal(code: IssueCode, message: string, line: number): DecodeError {
    this.phase = "end";
    return new DecodeError({ code, message, file: this.file, line });
  }
}

// ---- helpers ----

/** Apply a text difference (' ' keep, '&' blank, else replace) to the previous line's characters. */
function repairText(prev: readonly number[], diff: string): number[] {
  const out = prev.slice();
  const n = diff.length;
  for (let i = 0; i < n; i++) {
    const c = diff.charCodeAt(i);
    if (i < out.length) {
      if (c === SPACE) continue;
      out[i] = c === AMP ? SPACE : c;
    } else out.push(c === AMP ? SPACE : c);
  }
  return out;
}

function chopBlanks(line: string): string {
  let e = line.length;
  while (e > 0 && line.charCodeAt(e - 1) === SPACE) e--;
  return e === line.length ? line : line.slice(0, e);
}

/** Integer starting in [start, end) after blanks (like C atoi over a fixed field); -1 when none. */
function parseLeadingInt(line: string, start: number, end: number): number {
  const e = Math.min(end, line.length);
  let i = start;
  while (i < e && line.charCodeAt(i) === SPACE) i++;
  let v = 0;
  let nd = 0;
  for (; i < e; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    nd++;
  }
  return nd === 0 ? -1 : v;
}

function parseSignedInt(line: string, start: number, end: number): number {
  let i = start;
  let neg = false;
  if (line.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  let v = 0;
  let nd = 0;
  for (; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
    v = v * 10 + (c - 48);
    nd++;
  }
  if (nd === 0 || nd > 15) return Number.NaN;
  return neg ? 0 - v : v;
}

/** RINEX 3 epoch line shape: '>' yyyy mm dd hh mm ss.sssssss  f (CRX2RNX skip_to_next test). */
function looksLikeEpoch3(line: string): boolean {
  return line.length >= 32 && spacesAt(line, 6, [0, 3, 6, 9, 12, 23, 24]) && isDigit(line.charCodeAt(31));
}

/** RINEX 2 epoch line shape (first character '&' or ' '). */
function looksLikeEpoch2(line: string): boolean {
  return line.length >= 29 && spacesAt(line, 3, [0, 3, 6, 9, 12, 23, 24]) && isDigit(line.charCodeAt(28));
}

function spacesAt(line: string, base: number, cols: readonly number[]): boolean {
  for (const c of cols) if (line.charCodeAt(base + c) !== SPACE) return false;
  return true;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Clock offset `units` (integer, 10^-decimals s) as RINEX writes it: F15.12 (RINEX 3) or F12.9 (RINEX 2).
 */
export function formatClock(units: number, decimals: number, width: number): string {
  const neg = units < 0;
  const a = neg ? -units : units;
  const scale = 10 ** decimals;
  const ip = Math.floor(a / scale);
  const fp = String(a - ip * scale).padStart(decimals, "0");
  return `${neg ? "-" : ""}${ip}.${fp}`.padStart(width, " ");
}
