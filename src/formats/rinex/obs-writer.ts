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

const SPACE = 0x20;
const ZERO = 0x30;

/** Two ASCII digits of 0..99 at [2n], [2n + 1]. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let n = 0; n < 100; n++) {
  DIGIT_PAIRS[2 * n] = ZERO + Math.floor(n / 10);
  DIGIT_PAIRS[2 * n + 1] = ZERO + (n % 10);
}

/**
 * One observation field at `p`, F14.3 + LLI (I1) + SSI (I1), into 16 bytes already blank: left blank when
 * the value is NaN or does not fit F14.3, LLI/SSI blank when 0. Integer arithmetic, two digits a step (the
 * hot path of observation writing).
 */
function putObsField(buf: Uint8Array, p: number, v: number, lli: number, ssi: number): void {
  const m = Math.round(v * 1000);
  const neg = m < 0;
  const a = neg ? -m : m;
  const ip = Math.floor(a / 1000);
  // NaN and infinities fail here; sign + integer digits + ".ddd" must fit 14 columns (10 digits, 9 signed)
  if (!(ip < (neg ? 1e9 : 1e10))) return;
  // fraction (x * 0.01 never rounds below the true quotient for these magnitudes: exact floor)
  const fp = (a - ip * 1000) | 0;
  const end = p + 14;
  const f1 = (fp * 0.01) | 0;
  const f2 = (fp - f1 * 100) << 1;
  buf[end - 1] = DIGIT_PAIRS[f2 + 1];
  buf[end - 2] = DIGIT_PAIRS[f2];
  buf[end - 3] = ZERO + f1;
  buf[end - 4] = 0x2e;
  let q = end - 5;
  // integer part: the low four digits apart when there are more (two short dependency chains)
  let x: number;
  const hi = Math.floor(ip / 1e4);
  if (hi > 0) {
    const lo = (ip - hi * 1e4) | 0;
    const l1 = (lo * 0.01) | 0;
    const l2 = (lo - l1 * 100) << 1;
    const l1b = l1 << 1;
    buf[q] = DIGIT_PAIRS[l2 + 1];
    buf[q - 1] = DIGIT_PAIRS[l2];
    buf[q - 2] = DIGIT_PAIRS[l1b + 1];
    buf[q - 3] = DIGIT_PAIRS[l1b];
    q -= 4;
    x = hi | 0;
  } else {
    x = ip | 0;
  }
  while (x >= 100) {
    const t = (x * 0.01) | 0;
    const r = (x - t * 100) << 1;
    buf[q--] = DIGIT_PAIRS[r + 1];
    buf[q--] = DIGIT_PAIRS[r];
    x = t;
  }
  if (x >= 10) {
    buf[q--] = DIGIT_PAIRS[2 * x + 1];
    buf[q--] = DIGIT_PAIRS[2 * x];
  } else {
    buf[q--] = ZERO + x;
  }
  if (neg) buf[q] = 0x2d;
  if (lli > 0) buf[end] = ZERO + (lli % 10);
  if (ssi > 0) buf[end + 1] = ZERO + (ssi % 10);
}

/** The epoch record's first line ("> yyyy mm dd hh mm ss.sssssss  f nnn" and the clock offset), no LF. */
function epochLine(ep: ObsEpoch): string {
  const c = roundedCalendar(ep.time, 7);
  const sec = fixed(c.second, 11, 7) as string;
  let out = `> ${c.year} ${two(c.month)} ${two(c.day)} ${two(c.hour)} ${two(c.minute)}${sec}  ${ep.flag % 10}${int(ep.sats.length, 3)}`;
  if (Number.isFinite(ep.rxClockOffset_s)) {
    out += `      ${fixed(ep.rxClockOffset_s, 15, 12) ?? ""}`;
  }
  return out;
}

/**
 * RINEX observation epoch records written as ASCII bytes into one growing buffer: what a converter writes
 * to a file, without a string per value. Values are in the order of `obsCodes` (the header's lists) when
 * given, otherwise in the order of each satellite's own `codes`; trailing blanks of a line are dropped.
 */
export class RinexObsEpochEncoder {
  private buf: Uint8Array;
  private pos = 0;
  // the last (epoch codes, header codes) layout, reused while satellites share their code arrays
  private lastOwn: readonly ObsCode[] | undefined;
  private lastHeader: readonly ObsCode[] | undefined;
  private lastMap: Int32Array = new Int32Array(0);

  constructor(initialBytes = 1 << 16) {
    this.buf = new Uint8Array(Math.max(256, initialBytes));
  }

  /** Bytes written since the last clear(). */
  get length(): number {
    return this.pos;
  }

  /** The bytes written since the last clear(): a view, valid until the next encode() or clear(). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  clear(): void {
    this.pos = 0;
  }

  private reserve(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
      next.set(this.buf.subarray(0, this.pos));
      this.buf = next;
    }
    return this.buf;
  }

  private text(s: string): void {
    const buf = this.reserve(s.length);
    let p = this.pos;
    for (let k = 0; k < s.length; k++) buf[p++] = s.charCodeAt(k);
    this.pos = p;
  }

  /** Appends one epoch record. */
  encode(ep: ObsEpoch, obsCodes?: ReadonlyMap<GnssSystem, readonly ObsCode[]>): void {
    this.text(epochLine(ep));
    this.reserve(1)[this.pos++] = 0x0a;
    const { values, lli, ssi } = ep;
    for (let i = 0; i < ep.sats.length; i++) {
      const sat = ep.sats[i];
      const own = ep.codes[i];
      const base = ep.offsets[i];
      const header = obsCodes?.get(sat[0] as GnssSystem);
      const start = this.pos;
      this.text(sat);
      if (header) {
        if (own !== this.lastOwn || header !== this.lastHeader) {
          this.lastMap = layout(own, header);
          this.lastOwn = own;
          this.lastHeader = header;
        }
        const map = this.lastMap;
        const buf = this.reserve(16 * map.length + 1);
        let p = this.pos;
        buf.fill(SPACE, p, p + 16 * map.length);
        for (let k = 0; k < map.length; k++, p += 16) {
          const j = map[k];
          if (j >= 0) putObsField(buf, p, values[base + j], lli[base + j], ssi[base + j]);
        }
        this.pos = p;
      } else {
        const buf = this.reserve(16 * own.length + 1);
        let p = this.pos;
        buf.fill(SPACE, p, p + 16 * own.length);
        for (let j = 0; j < own.length; j++, p += 16)
          putObsField(buf, p, values[base + j], lli[base + j], ssi[base + j]);
        this.pos = p;
      }
      const buf = this.buf;
      let p = this.pos;
      while (p > start && buf[p - 1] === SPACE) p--;
      buf[p++] = 0x0a;
      this.pos = p;
    }
  }
}

const SCRATCH = new RinexObsEpochEncoder();

/** Bytes (all below 256) as a string, in pieces small enough for String.fromCharCode. */
function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let k = 0; k < bytes.length; k += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(k, k + 8192) as unknown as number[]);
  }
  return out;
}

/**
 * One epoch record. Values are written in the order of `obsCodes` (the header's lists) when given,
 * otherwise in the order of each satellite's own `codes`. Trailing blanks of a line are dropped.
 */
export function writeRinexObsEpoch(
  ep: ObsEpoch,
  obsCodes?: ReadonlyMap<GnssSystem, readonly ObsCode[]>,
): string {
  SCRATCH.clear();
  SCRATCH.encode(ep, obsCodes);
  return latin1(SCRATCH.bytes());
}
