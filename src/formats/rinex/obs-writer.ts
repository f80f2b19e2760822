// RINEX 3.05 and 4.00 observation writer (IGS/RTCM RINEX 3.05 §5.2 and Tables A1-A3; RINEX 4.00 Tables
// A1-A3): header records padded to 60 columns plus a 20-column label; epoch records
// "> yyyy mm dd hh mm ss.sssssss  f nnn" and one line per satellite, A3 then per observation F14.3 + LLI (I1)
// + SSI (I1), blank when not observed. The epoch record is the same in both versions.
// RINEX 4.00 header differences written here: version 4.00; SYS / PHASE SHIFT and GLONASS COD/PHS/BIS are
// left out (4.00 Table A2 deprecates them: "the lines should be ignored by RINEX decoders and encoders");
// the optional DOI, LICENSE OF USE and STATION INFORMATION records new in 4.00 are written when given.

import type { Ecef } from "../../frames/vectors.js";
import type { ObsEpoch } from "../../signals/observation.js";
import type { ObsCode } from "../../signals/signal.js";
import type { GnssSystem, SatId } from "../../signals/system.js";
import { type Instant, instant, toCalendar } from "../../time/instant.js";

/** What the header needs. An `ObsHeader` from a reader fits (extra fields are ignored). */
export interface RinexObsHeaderOptions {
  /**
   * Written version; 3.05 by default. Below 4 the header is laid out as RINEX 3.05 asks (with SYS / PHASE
   * SHIFT, GLONASS COD/PHS/BIS); 4 and above as RINEX 4.00 asks. An `ObsHeader` from a reader passes its own.
   */
  readonly version?: number;
  /** RINEX 4: DOI of the data set. */
  readonly doi?: string;
  /** RINEX 4: licence of use, one line (60 columns) per entry. */
  readonly license?: readonly string[];
  /** RINEX 4: where station information is found (a URL). */
  readonly stationInformation?: string;
  /** File system letter: "M" for mixed; by default derived from `obsCodes`. */
  readonly fileSystem?: string;
  readonly program?: string;
  readonly runBy?: string;
  /** File creation date for PGM / RUN BY / DATE; pass one for reproducible output (default: now). */
  readonly date?: Date;
  readonly marker?: string;
  readonly markerNumber?: string;
  readonly markerType?: string;
  readonly observer?: string;
  readonly agency?: string;
  /** Receiver type, or number/type/version. */
  readonly receiver?:
    | string
    | { readonly number?: string; readonly type?: string; readonly version?: string };
  /** Antenna type, or number/type. */
  readonly antenna?: string | { readonly number?: string; readonly type?: string };
  readonly approxPosition?: Ecef | readonly [number, number, number];
  readonly antennaDeltaHEN_m?: readonly [number, number, number];
  readonly obsCodes: ReadonlyMap<GnssSystem, readonly ObsCode[]>;
  /** e.g. "DBHZ". */
  readonly signalStrengthUnit?: string;
  readonly interval_s?: number;
  readonly firstObs?: Instant;
  readonly lastObs?: Instant;
  readonly timeSystem: "GPST" | "BDT" | "GST" | "UTC" | "GLONASST";
  readonly glonassChannels?: ReadonlyMap<SatId, number>;
  readonly leapSeconds?: number;
  readonly comments?: readonly string[];
}

const SYSTEM_LABEL: Record<string, string> = {
  M: "M: Mixed",
  C: "C: BDS",
  G: "G: GPS",
  E: "E: Galileo",
  R: "R: GLONASS",
  J: "J: QZSS",
  S: "S: SBAS",
  I: "I: NavIC",
};

const TIME_SYSTEM_NAME: Record<RinexObsHeaderOptions["timeSystem"], string> = {
  GPST: "GPS",
  BDT: "BDT",
  GST: "GAL",
  UTC: "UTC",
  GLONASST: "GLO",
};

/** One header line: content cut/padded to 60 columns, then the label padded to 20. */
function headerLine(content: string, label: string): string {
  return `${content.slice(0, 60).padEnd(60)}${label.padEnd(20)}\n`;
}

/** Fortran Fw.d (right-aligned); null when it does not fit. */
function fixed(v: number, w: number, d: number): string | null {
  let s = v.toFixed(d);
  if (s.startsWith("-") && Number(s) === 0) s = s.slice(1);
  return s.length > w ? null : s.padStart(w);
}

const int = (v: number, w: number) => String(Math.trunc(v)).padStart(w);
const two = (v: number) => String(v).padStart(2, "0");

/** Calendar labels of an instant rounded to `decimals` of a second, carried into the minute when needed. */
function roundedCalendar(t: Instant, decimals: number) {
  const u = 10 ** decimals;
  const f = Math.round(t.frac * u) / u;
  return toCalendar(f >= 1 ? instant(t.scale, t.sec + 1) : { scale: t.scale, sec: t.sec, frac: f });
}

function formatDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())} UTC`;
}

function timeLine(t: Instant, system: string): string {
  const c = roundedCalendar(t, 7);
  const sec = fixed(c.second, 13, 7) as string;
  return `${int(c.year, 6)}${int(c.month, 6)}${int(c.day, 6)}${int(c.hour, 6)}${int(c.minute, 6)}${sec}     ${system}`;
}

/** The header, up to and including END OF HEADER. */
export function writeRinexObsHeader(h: RinexObsHeaderOptions): string {
  const version = h.version ?? 3.05;
  const v4 = version >= 4;
  const systems = [...h.obsCodes.keys()];
  const fileSystem = h.fileSystem ?? (systems.length === 1 ? systems[0] : "M");
  let out = headerLine(
    `${(fixed(version, 9, 2) as string).padEnd(20)}${"OBSERVATION DATA".padEnd(20)}${SYSTEM_LABEL[fileSystem] ?? fileSystem}`,
    "RINEX VERSION / TYPE",
  );
  out += headerLine(
    `${(h.program ?? "beidou").slice(0, 20).padEnd(20)}${(h.runBy ?? "").slice(0, 20).padEnd(20)}${formatDate(h.date ?? new Date())}`,
    "PGM / RUN BY / DATE",
  );
  for (const c of h.comments ?? []) out += headerLine(c, "COMMENT");
  if (v4) {
    if (h.doi) out += headerLine(h.doi, "DOI");
    for (const l of h.license ?? []) out += headerLine(l, "LICENSE OF USE");
    if (h.stationInformation) out += headerLine(h.stationInformation, "STATION INFORMATION");
  }
  out += headerLine(h.marker ?? "UNKNOWN", "MARKER NAME");
  if (h.markerNumber) out += headerLine(h.markerNumber, "MARKER NUMBER");
  if (h.markerType) out += headerLine(h.markerType, "MARKER TYPE");
  out += headerLine(
    `${(h.observer ?? "").slice(0, 20).padEnd(20)}${(h.agency ?? "").slice(0, 40)}`,
    "OBSERVER / AGENCY",
  );
  const rec = typeof h.receiver === "string" ? { type: h.receiver } : (h.receiver ?? {});
  out += headerLine(
    `${(rec.number ?? "").slice(0, 20).padEnd(20)}${(rec.type ?? "").slice(0, 20).padEnd(20)}${(rec.version ?? "").slice(0, 20)}`,
    "REC # / TYPE / VERS",
  );
  const ant = typeof h.antenna === "string" ? { type: h.antenna } : (h.antenna ?? {});
  out += headerLine(
    `${(ant.number ?? "").slice(0, 20).padEnd(20)}${(ant.type ?? "").slice(0, 20)}`,
    "ANT # / TYPE",
  );
  if (h.approxPosition) {
    out += headerLine(
      h.approxPosition.map((v) => fixed(v, 14, 4) ?? " ".repeat(14)).join(""),
      "APPROX POSITION XYZ",
    );
  }
  const hen = h.antennaDeltaHEN_m ?? [0, 0, 0];
  out += headerLine(hen.map((v) => fixed(v, 14, 4) ?? " ".repeat(14)).join(""), "ANTENNA: DELTA H/E/N");
  for (const [sys, codes] of h.obsCodes) {
    for (let k = 0; k < Math.max(1, codes.length); k += 13) {
      const head = k === 0 ? `${sys}  ${int(codes.length, 3)}` : "      ";
      out += headerLine(
        head +
          codes
            .slice(k, k + 13)
            .map((c) => ` ${c.padEnd(3)}`)
            .join(""),
        "SYS / # / OBS TYPES",
      );
    }
  }
  if (h.signalStrengthUnit) out += headerLine(h.signalStrengthUnit, "SIGNAL STRENGTH UNIT");
  if (h.interval_s !== undefined && Number.isFinite(h.interval_s)) {
    out += headerLine(fixed(h.interval_s, 10, 3) ?? "", "INTERVAL");
  }
  const ts = TIME_SYSTEM_NAME[h.timeSystem];
  if (h.firstObs) out += headerLine(timeLine(h.firstObs, ts), "TIME OF FIRST OBS");
  if (h.lastObs) out += headerLine(timeLine(h.lastObs, ts), "TIME OF LAST OBS");
  // SYS / PHASE SHIFT (required 3.01-3.05, deprecated in 4.00): the phases written are already aligned.
  if (!v4) {
    for (const [sys, codes] of h.obsCodes) {
      for (const c of codes)
        if (c[0] === "L") out += headerLine(`${sys} ${c.padEnd(3)}  0.00000`, "SYS / PHASE SHIFT");
    }
  }
  if (h.obsCodes.has("R") || (h.glonassChannels && h.glonassChannels.size > 0)) {
    const ch = [...(h.glonassChannels ?? new Map<SatId, number>())].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (let k = 0; k < Math.max(1, ch.length); k += 8) {
      const head = k === 0 ? `${int(ch.length, 3)} ` : "    ";
      const body = ch
        .slice(k, k + 8)
        .map(([s, f]) => `${s} ${int(f, 2)} `)
        .join("");
      out += headerLine(head + body, "GLONASS SLOT / FRQ #");
    }
    if (!v4) out += headerLine("", "GLONASS COD/PHS/BIS");
  }
  if (h.leapSeconds !== undefined) out += headerLine(int(h.leapSeconds, 6), "LEAP SECONDS");
  out += headerLine("", "END OF HEADER");
  return out;
}

/** Per codes array: for each header code, the index of that code in the epoch's array (-1 if absent). */
const layoutCache = new WeakMap<readonly ObsCode[], Map<readonly ObsCode[], Int32Array>>();

function layout(epochCodes: readonly ObsCode[], headerCodes: readonly ObsCode[]): Int32Array {
  let byHeader = layoutCache.get(epochCodes);
  if (!byHeader) {
    byHeader = new Map();
    layoutCache.set(epochCodes, byHeader);
  }
  let m = byHeader.get(headerCodes);
  if (!m) {
    m = Int32Array.from(headerCodes, (c) => epochCodes.indexOf(c));
    byHeader.set(headerCodes, m);
  }
  return m;
}

const PADS = Array.from({ length: 15 }, (_, n) => " ".repeat(n));

/** F14.3 by integer arithmetic (the hot path of observation writing); null when it does not fit. */
function f14_3(v: number): string | null {
  const m = Math.round(v * 1000);
  if (!Number.isSafeInteger(m)) return null;
  const a = m < 0 ? -m : m;
  const ip = Math.floor(a / 1000);
  const fp = a - ip * 1000;
  const s = `${m < 0 ? "-" : ""}${ip}.${fp < 10 ? "00" : fp < 100 ? "0" : ""}${fp}`;
  return s.length > 14 ? null : PADS[14 - s.length] + s;
}

function obsField(v: number, lli: number, ssi: number): string {
  const value = Number.isFinite(v) ? f14_3(v) : null;
  if (value === null) return " ".repeat(16);
  return `${value}${lli > 0 ? String(lli % 10) : " "}${ssi > 0 ? String(ssi % 10) : " "}`;
}

/**
 * One epoch record. Values are written in the order of `obsCodes` (the header's lists) when given,
 * otherwise in the order of each satellite's own `codes`. Trailing blanks of a line are dropped.
 */
export function writeRinexObsEpoch(
  ep: ObsEpoch,
  obsCodes?: ReadonlyMap<GnssSystem, readonly ObsCode[]>,
): string {
  const c = roundedCalendar(ep.time, 7);
  const sec = fixed(c.second, 11, 7) as string;
  let out = `> ${c.year} ${two(c.month)} ${two(c.day)} ${two(c.hour)} ${two(c.minute)}${sec}  ${ep.flag % 10}${int(ep.sats.length, 3)}`;
  if (Number.isFinite(ep.rxClockOffset_s)) {
    out += `      ${fixed(ep.rxClockOffset_s, 15, 12) ?? ""}`;
  }
  out += "\n";
  for (let i = 0; i < ep.sats.length; i++) {
    const sat = ep.sats[i];
    const own = ep.codes[i];
    const base = ep.offsets[i];
    const header = obsCodes?.get(sat[0] as GnssSystem);
    let line = sat;
    if (header) {
      const map = layout(own, header);
      for (let k = 0; k < map.length; k++) {
        const j = map[k];
        line += j < 0 ? " ".repeat(16) : obsField(ep.values[base + j], ep.lli[base + j], ep.ssi[base + j]);
      }
    } else {
      for (let j = 0; j < own.length; j++)
        line += obsField(ep.values[base + j], ep.lli[base + j], ep.ssi[base + j]);
    }
    out += `${line.trimEnd()}\n`;
  }
  return out;
}
