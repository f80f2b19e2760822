// RINEX clock files (2.xx, 3.00-3.04): satellite clock biases from the `AS` records; `AR`, `CR`, `DR`, `MS`
// records are passed over. Sources: RINEX clock format 3.00 (Ray & Gurtner) and 3.04 (IGS), data record
// `A2,1X,A4,1X,I4,4I3,F10.6,I3,2X,E19.12,E20.12` (3.04: the name field is A9, so everything after it moves 5
// columns right). After the name the numbers are read as blank-separated tokens, so writers that shift the
// value columns by one are still read.
//
// Performance: a daily 30 s file (~17-30 MB) is read in one pass by character codes without splitting it into
// lines or substrings; each record costs a few integer compares, one map look-up when the epoch changes, and
// one float parse.

import { DecodeError, type DecodeIssue } from "../../core/errors.js";
import type { PreciseClockTable } from "../../orbits/precise-tables.js";
import { compareSats, parseSatId, type SatId } from "../../signals/system.js";
import { fromCalendar, type Instant, type TimeScale, toScale } from "../../time/instant.js";
import { decimalIn } from "../rinex/nav-fields.js";

export interface RinexClockResult {
  readonly table: PreciseClockTable;
  readonly issues: DecodeIssue[];
}

const TIME_SYSTEMS: Record<string, TimeScale> = {
  GPS: "GPST",
  QZS: "GPST",
  IRN: "GPST",
  GAL: "GST",
  BDT: "BDT",
  BDS: "BDT",
  UTC: "UTC",
  TAI: "TAI",
  GLO: "UTC",
};

const CR = 13;
const SP = 32;

/** Reads a RINEX clock file's satellite clocks. Throws DecodeError only when the text is not a clock file. */
export function parseRinexClock(text: string, file?: string): RinexClockResult {
  const issues: DecodeIssue[] = [];
  const issue = (code: DecodeIssue["code"], line: number, message: string) =>
    issues.push({ code, message, file, line });
  const len = text.length;

  // ---- header ----
  let pos = 0;
  let lineNo = 0;
  let version = Number.NaN;
  let scale: TimeScale = "GPST";
  let headerDone = false;
  while (pos < len) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = len;
    const line = text.slice(pos, end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end);
    lineNo++;
    pos = end + 1;
    const label = line.slice(60).trim();
    if (lineNo === 1) {
      if (!label.startsWith("RINEX VERSION") || (line[20] !== "C" && !line.slice(20, 40).includes("CLOCK"))) {
        throw new DecodeError({
          code: "unknown-format",
          message: "not a RINEX clock file (no 'C' RINEX VERSION / TYPE line)",
          file,
          line: 1,
        });
      }
      version = Number.parseFloat(line.slice(0, 9));
      if (!(version >= 1 && version < 5)) {
        throw new DecodeError({
          code: "unsupported-version",
          message: `RINEX clock version "${line.slice(0, 9).trim()}" not supported`,
          file,
          line: 1,
        });
      }
      continue;
    }
    if (label.startsWith("TIME SYSTEM ID")) {
      const ts = line.slice(0, 60).trim();
      const s = TIME_SYSTEMS[ts];
      if (s) scale = s;
      else issue("bad-header", lineNo, `unknown time system "${ts}", GPS assumed`);
    } else if (label.startsWith("END OF HEADER")) {
      headerDone = true;
      break;
    }
  }
  if (!headerDone)
    throw new DecodeError({
      code: "truncated",
      message: "clock header has no END OF HEADER line",
      file,
      line: lineNo,
    });

  // ---- data ----
  const valuesCol = version >= 3.04 ? 13 : 8; // first column after the name field
  let cap = Math.max(1024, Math.ceil((len - pos) / 60));
  let recEpoch = new Int32Array(cap);
  let recSat = new Int32Array(cap);
  let recVal = new Float64Array(cap);
  let nRec = 0;

  const satIds: SatId[] = [];
  const satByKey = new Map<number, number>();
  const epochs: Instant[] = [];
  const epochByKey = new Map<number, number>();
  let lastKey = Number.NaN;
  let lastEpoch = -1;
  let lastYmd = -1;
  let lastDays = 0;

  // token cursor shared by the readers below
  let p = 0;
  let lineEnd = 0;
  const readInt = (): number => {
    while (p < lineEnd && text.charCodeAt(p) === SP) p++;
    let v = 0;
    let digits = 0;
    while (p < lineEnd) {
      const c = text.charCodeAt(p);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      digits++;
      p++;
    }
    if (digits === 0 || (p < lineEnd && text.charCodeAt(p) !== SP)) return Number.NaN;
    return v;
  };
  const readFloat = (): number => {
    while (p < lineEnd && text.charCodeAt(p) === SP) p++;
    const s = p;
    while (p < lineEnd && text.charCodeAt(p) !== SP) p++;
    return s === p ? Number.NaN : decimalIn(text, s, p);
  };

  while (pos < len) {
    let nl = text.indexOf("\n", pos);
    const terminated = nl >= 0;
    if (nl < 0) nl = len;
    lineEnd = nl > pos && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    const ls = pos;
    pos = nl + 1;
    lineNo++;
    if (
      text.charCodeAt(ls) !== 65 /* A */ ||
      text.charCodeAt(ls + 1) !== 83 /* S */ ||
      text.charCodeAt(ls + 2) !== SP
    ) {
      continue; // AR/CR/DR/MS records, continuation lines, blank lines
    }
    // satellite: columns 4-6
    const key = text.charCodeAt(ls + 3) * 65536 + text.charCodeAt(ls + 4) * 256 + text.charCodeAt(ls + 5);
    let si = satByKey.get(key);
    if (si === undefined) {
      const sat = parseSatId(text.slice(ls + 3, Math.min(ls + 6, lineEnd)));
      if (!sat) {
        issue(
          "bad-record",
          lineNo,
          `bad satellite "${text.slice(ls + 3, Math.min(ls + 6, lineEnd))}" in AS record`,
        );
        continue;
      }
      si = satIds.indexOf(sat);
      if (si < 0) {
        si = satIds.length;
        satIds.push(sat);
      }
      satByKey.set(key, si);
    }
    p = ls + valuesCol;
    const year = readInt();
    const month = readInt();
    const day = readInt();
    const hour = readInt();
    const minute = readInt();
    const second = readFloat();
    const count = readInt();
    const value = readFloat();
    if (
      !(year >= 1980 && year <= 2200) ||
      !(month >= 1 && month <= 12) ||
      !(day >= 1 && day <= 31) ||
      !(hour >= 0 && hour <= 23) ||
      !(minute >= 0 && minute <= 59) ||
      !(second >= 0 && second < 61) ||
      !(count >= 1) ||
      !Number.isFinite(value)
    ) {
      issue(
        "bad-record",
        lineNo,
        `unreadable AS record "${text.slice(ls, Math.min(lineEnd, ls + 60)).trimEnd()}"`,
      );
      continue;
    }
    if (!terminated && count >= 2 && Number.isNaN(readFloat())) {
      // the file ends inside this record: its value may be cut short too
      issue("truncated", lineNo, "file ends inside an AS record");
      continue;
    }
    // epoch: seconds of the scale's calendar since 1980-01-06, exact for the usual fractional seconds
    const ymd = (year * 16 + month) * 32 + day;
    if (ymd !== lastYmd) {
      lastYmd = ymd;
      lastDays = (Date.UTC(year, month - 1, day) - Date.UTC(1980, 0, 6)) / 86400000;
    }
    const ekey = lastDays * 86400 + hour * 3600 + minute * 60 + second;
    let ei: number;
    if (ekey === lastKey) ei = lastEpoch;
    else {
      const found = epochByKey.get(ekey);
      if (found === undefined) {
        ei = epochs.length;
        epochs.push(toScale(fromCalendar(scale, { year, month, day, hour, minute, second }), "GPST"));
        epochByKey.set(ekey, ei);
      } else ei = found;
      lastKey = ekey;
      lastEpoch = ei;
    }
    if (nRec === cap) {
      cap *= 2;
      const e2 = new Int32Array(cap);
      e2.set(recEpoch);
      recEpoch = e2;
      const s2 = new Int32Array(cap);
      s2.set(recSat);
      recSat = s2;
      const v2 = new Float64Array(cap);
      v2.set(recVal);
      recVal = v2;
    }
    recEpoch[nRec] = ei;
    recSat[nRec] = si;
    recVal[nRec] = value;
    nRec++;
  }

  // ---- table: satellites BDS first, epochs in time order ----
  const satOrder = satIds.map((_, k) => k).sort((a, b) => compareSats(satIds[a], satIds[b]));
  const satRank = new Int32Array(satIds.length);
  satOrder.forEach((k, j) => {
    satRank[k] = j;
  });
  const epochOrder = epochs.map((_, k) => k);
  const t = (e: Instant) => e.sec + e.frac;
  let sorted = true;
  for (let k = 1; k < epochs.length; k++) if (t(epochs[k]) < t(epochs[k - 1])) sorted = false;
  if (!sorted) epochOrder.sort((a, b) => t(epochs[a]) - t(epochs[b]));
  const epochRank = new Int32Array(epochs.length);
  epochOrder.forEach((k, j) => {
    epochRank[k] = j;
  });
  const nS = satIds.length;
  const clock_s = new Float64Array(epochs.length * nS).fill(Number.NaN);
  for (let r = 0; r < nRec; r++) clock_s[epochRank[recEpoch[r]] * nS + satRank[recSat[r]]] = recVal[r];

  return {
    table: {
      version,
      epochs: epochOrder.map((k) => epochs[k]),
      sats: satOrder.map((k) => satIds[k]),
      clock_s,
    },
    issues,
  };
}
