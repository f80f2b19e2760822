// RINEX navigation headers: version and file type, ionosphere and time-system parameters, leap seconds.
// RINEX 2.11 Table A3 (ION ALPHA, ION BETA, DELTA-UTC: A0,A1,T,W) and A10 (CORR TO SYSTEM TIME);
// RINEX 3.05 Table A5 (IONOSPHERIC CORR incl. BDSA/BDSB with time mark and SV id, TIME SYSTEM CORR, LEAP SECONDS);
// RINEX 4.00 Table A31 (the iono/time corrections moved to > ION / > STO records; LEAP SECONDS stays).

import type { DecodeIssue } from "../../core/errors.js";
import type { IonoParameters, TimeOffsetParameters } from "../../orbits/ephemeris.js";
import { parseSatId } from "../../signals/system.js";
import { fromCalendar, fromWeekTow, type TimeScale } from "../../time/instant.js";
import { fixedFloat, fixedInt, floatTokens } from "./nav-fields.js";

export interface NavHeader {
  readonly version: number;
  /** File type letter of RINEX 2 ('N' GPS, 'G' GLONASS, 'H' SBAS) or 'N' for RINEX 3/4. */
  readonly fileType: string;
  /** Satellite system of the records: G R E C J S I, or M for mixed. */
  readonly system: string;
  readonly iono: IonoParameters[];
  readonly timeOffsets: TimeOffsetParameters[];
  /** As written in the header. */
  readonly leapSeconds?: number;
  /** LEAP SECONDS given relative to BDT (RINEX 3.04+ "BDS" in columns 24-26). */
  readonly leapSecondsBdt: boolean;
  /** Index (0-based) of the END OF HEADER line. */
  readonly endIndex: number;
}

export type HeaderResult = { ok: true; header: NavHeader } | { ok: false; issue: DecodeIssue };

const label = (line: string): string => line.slice(60).trim();

type Quad = [number, number, number, number];

/** Four D12.4 numbers starting at `col`, with a free-format fallback. */
function read4x12(line: string, col: number): Quad | null {
  const q: Quad = [0, 0, 0, 0];
  let ok = true;
  for (let k = 0; k < 4; k++) {
    q[k] = fixedFloat(line, col + 12 * k, col + 12 * (k + 1));
    if (Number.isNaN(q[k])) ok = false;
  }
  if (ok) return q;
  const t = floatTokens(line.slice(col, 60));
  if (t.length === 4 && t.every(Number.isFinite)) return [t[0], t[1], t[2], t[3]];
  return null;
}

/** Time scale of a RINEX 3 TIME SYSTEM CORR reference week/second, from the code's first two letters. */
function correctionScale(code: string): TimeScale {
  const s = code.slice(0, 2);
  if (s === "BD") return "BDT";
  if (s === "GA") return "GST";
  return "GPST";
}

export function parseNavHeader(lines: string[], file: string | undefined): HeaderResult {
  const fail = (line: number, code: DecodeIssue["code"], message: string): HeaderResult => ({
    ok: false,
    issue: { code, message, file, line },
  });
  let first = 0;
  while (first < lines.length && lines[first].trim() === "") first++;
  if (first >= lines.length) return fail(1, "unknown-format", "empty input: not a RINEX navigation file");
  const l0 = lines[first];
  if (!l0.slice(60).includes("RINEX VERSION")) {
    return fail(first + 1, "unknown-format", "not a RINEX file: first line lacks RINEX VERSION / TYPE");
  }
  const version = Number.parseFloat(l0.slice(0, 9));
  if (!Number.isFinite(version) || version < 1 || version >= 5) {
    return fail(first + 1, "unsupported-version", `RINEX version "${l0.slice(0, 9).trim()}" not supported`);
  }
  const fileType = l0[20] ?? " ";
  let system: string;
  if (version < 3) {
    if (fileType === "N") system = "G";
    else if (fileType === "G") system = "R";
    else if (fileType === "H") system = "S";
    else if (fileType === "O" || fileType === "M" || fileType === "C") {
      return fail(first + 1, "unknown-format", `RINEX ${fileType} file, not a navigation file`);
    } else
      return fail(first + 1, "unknown-format", `RINEX 2 file type '${fileType}' is not a navigation file`);
  } else {
    if (fileType !== "N") {
      return fail(first + 1, "unknown-format", `RINEX file type '${fileType}' is not a navigation file (N)`);
    }
    system = (l0[40] ?? "M").trim() || "M";
  }

  const iono: IonoParameters[] = [];
  const timeOffsets: TimeOffsetParameters[] = [];
  let leapSeconds: number | undefined;
  let leapSecondsBdt = false;
  const pendingAlpha = new Map<string, { alpha: Quad; sat?: string }>();
  let v2Alpha: Quad | null = null;

  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i];
    const lab = label(line);
    if (lab.startsWith("END OF HEADER")) {
      return {
        ok: true,
        header: { version, fileType, system, iono, timeOffsets, leapSeconds, leapSecondsBdt, endIndex: i },
      };
    }
    const bad = (what: string): HeaderResult => fail(i + 1, "bad-header", `${what}: "${line.trimEnd()}"`);
    switch (lab) {
      case "ION ALPHA": {
        const q = read4x12(line, 2);
        if (!q) return bad("unreadable ION ALPHA");
        v2Alpha = q;
        break;
      }
      case "ION BETA": {
        const q = read4x12(line, 2);
        if (!q) return bad("unreadable ION BETA");
        if (v2Alpha) iono.push({ kind: "klobuchar", system: "G", alpha: v2Alpha, beta: q });
        v2Alpha = null;
        break;
      }
      case "DELTA-UTC: A0,A1,T,W": {
        const a0 = fixedFloat(line, 3, 22);
        const a1 = fixedFloat(line, 22, 41);
        const t = fixedInt(line, 41, 50);
        const w = fixedInt(line, 50, 59);
        if (Number.isNaN(a0) || Number.isNaN(a1)) return bad("unreadable DELTA-UTC");
        timeOffsets.push({
          code: "GPUT",
          a0_s: a0,
          a1_sps: a1,
          tref: Number.isFinite(t) && Number.isFinite(w) ? fromWeekTow("GPST", w, t) : undefined,
        });
        break;
      }
      case "CORR TO SYSTEM TIME": {
        const y = fixedInt(line, 0, 6);
        const m = fixedInt(line, 6, 12);
        const d = fixedInt(line, 12, 18);
        const tauC = fixedFloat(line, 21, 40);
        if (Number.isNaN(tauC)) return bad("unreadable CORR TO SYSTEM TIME");
        const dateOk = y > 1900 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
        timeOffsets.push({
          code: "GLUT",
          a0_s: tauC,
          a1_sps: 0,
          tref: dateOk
            ? fromCalendar("UTC", { year: y, month: m, day: d, hour: 0, minute: 0, second: 0 })
            : undefined,
        });
        break;
      }
      case "IONOSPHERIC CORR": {
        const code = line.slice(0, 4).trim();
        const q = read4x12(line, 5);
        if (!q) return bad("unreadable IONOSPHERIC CORR");
        if (code === "GAL") {
          iono.push({ kind: "nequick-g", ai: [q[0], q[1], q[2]], flags: 0 });
          break;
        }
        const sysKey = code.slice(0, 3);
        const part = code[3];
        const sysLetter = sysKey === "GPS" ? "G" : sysKey === "BDS" ? "C" : sysKey === "QZS" ? "J" : null;
        if (sysLetter === null || (part !== "A" && part !== "B")) break; // IRNA/IRNB: NavIC is not used
        // RINEX 3.04+: optional time mark (col 54) and SV id (cols 56-57) of the satellite that sent them
        const svField = line.slice(56, 59).trim();
        const sat = svField
          ? (parseSatId(/^\d+$/.test(svField) ? `${sysLetter}${svField}` : svField) ?? undefined)
          : undefined;
        if (part === "A") pendingAlpha.set(sysLetter, { alpha: q, sat });
        else {
          const a = pendingAlpha.get(sysLetter);
          if (!a) return bad(`${code} without a preceding ${sysKey}A`);
          pendingAlpha.delete(sysLetter);
          iono.push({ kind: "klobuchar", system: sysLetter, alpha: a.alpha, beta: q, sat: a.sat ?? sat });
        }
        break;
      }
      case "TIME SYSTEM CORR": {
        const code = line.slice(0, 4).trim();
        let a0 = fixedFloat(line, 5, 22);
        let a1 = fixedFloat(line, 22, 38);
        let t = fixedInt(line, 38, 45);
        let w = fixedInt(line, 45, 50);
        if (Number.isNaN(a0) || Number.isNaN(a1)) {
          const tok = floatTokens(line.slice(5, 50));
          if (tok.length < 2) return bad("unreadable TIME SYSTEM CORR");
          [a0, a1] = tok;
          t = tok[2] ?? Number.NaN;
          w = tok[3] ?? Number.NaN;
        }
        const hasRef = Number.isFinite(t) && Number.isFinite(w) && w > 0;
        timeOffsets.push({
          code,
          a0_s: a0,
          a1_sps: a1,
          tref: hasRef ? fromWeekTow(correctionScale(code), w, t) : undefined,
        });
        break;
      }
      case "LEAP SECONDS": {
        const n = fixedInt(line, 0, 6);
        if (Number.isNaN(n)) return bad("unreadable LEAP SECONDS");
        leapSeconds = n;
        leapSecondsBdt = line.slice(24, 27) === "BDS";
        break;
      }
      default:
        break;
    }
  }
  return fail(lines.length, "truncated", "header has no END OF HEADER line");
}
