// `beidou info FILE...`: what each input file is and holds, told from its content (observation, navigation,
// SP3, clock; plain, gzip or Hatanaka). Observation files are streamed once; the others are read whole.
// Text for people, `--format json` (an array, one object per file, snake_case keys with unit suffixes) for tools.

import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { BeidouError, type DecodeIssue, formatError, formatIssue } from "../../core/errors.js";
import { parseRinexClock } from "../../formats/clk/clk.js";
import { classifyFile, type InputFile, readText } from "../../formats/load.js";
import { parseRinexNav } from "../../formats/rinex/nav.js";
import { parseSp3 } from "../../formats/sp3/sp3.js";
import { openObsFile } from "../../formats/text/read-obs-file.js";
import { ecefToGeodetic } from "../../frames/geodetic.js";
import { DEG } from "../../frames/vectors.js";
import type { IonoParameters } from "../../orbits/ephemeris.js";
import { EphemerisStore, isHealthy } from "../../orbits/ephemeris-store.js";
import type { ObsHeader } from "../../signals/observation.js";
import { signalName } from "../../signals/signal.js";
import {
  ALL_SYSTEMS,
  compareSats,
  type GnssSystem,
  type SatId,
  SYSTEM_NAMES,
  satPrn,
  satSystem,
} from "../../signals/system.js";
import { openReceiverLog } from "../../streams/receiver-log.js";
import { diffSeconds, formatCalendar, type Instant, toScale } from "../../time/instant.js";

export interface InfoCliOptions {
  format?: string;
}

/** Issues listed per file (all are counted). */
const MAX_LISTED_ISSUES = 20;

interface IssueJson {
  code: string;
  line?: number;
  byte_offset?: number;
  message: string;
}

interface CommonInfo {
  file: string;
  /** e.g. "RINEX 3.05 observation (mixed), Hatanaka CRINEX 3.0, gzip". */
  description: string;
  compression: string;
  issue_count: number;
  issues: IssueJson[];
}

export interface ObsInfo extends CommonInfo {
  kind: "observation";
  format: ObsHeader["format"];
  version: number;
  crinex_version?: number;
  marker?: string;
  receiver?: string;
  antenna?: string;
  approx_position_ecef_m?: [number, number, number];
  approx_position?: { lat_deg: number; lon_deg: number; h_m: number };
  antenna_delta_hen_m?: [number, number, number];
  time_system: string;
  first_epoch?: string;
  last_epoch?: string;
  header_interval_s?: number;
  /** Most common spacing of consecutive epochs. */
  interval_s?: number;
  epochs: number;
  /** Expected epochs (span / interval + 1) that are not in the file. */
  missing_epochs: number;
  /** Epoch flags: 1 power failure (epoch kept), 2-5 events, 6 cycle-slip records. */
  power_failures: number;
  events: number;
  cycle_slip_records: number;
  /** Per system letter: signals declared in the header, each with its observation codes. */
  signals: Record<string, { signal: string; codes: string[] }[]>;
  /** Distinct satellites seen in the epochs, per system letter. */
  satellites: Record<string, number>;
  satellites_total: number;
  satellite_ids: Record<string, SatId[]>;
  /** Receiver logs: frames per protocol and messages per type (e.g. "RTCM 1042", "UBX RXM-RAWX"). */
  frames?: Record<string, number>;
  messages?: Record<string, number>;
  /** Receiver logs: ephemerides carried in the stream, per system letter. */
  ephemerides?: Record<string, number>;
}

export interface NavInfo extends CommonInfo {
  kind: "navigation";
  version: number;
  /** Records per system letter and message type (D1, D2, CNV1, LNAV, INAV, FNAV, FDMA, ...). */
  records: Record<string, Record<string, number>>;
  records_total: number;
  unhealthy_records: Record<string, number>;
  satellites: Record<string, number>;
  satellites_total: number;
  /** BDS satellites by orbit class, from their orbits (not PRN tables). */
  bds_orbit_kinds: Record<string, SatId[]>;
  /** Broadcast ionosphere models present: "GPS Klobuchar", "BDS Klobuchar", "QZSS Klobuchar", "BDGIM", "NeQuick-G". */
  iono: string[];
  time_offsets: string[];
  leap_seconds?: number;
  first_toe_gpst?: string;
  last_toe_gpst?: string;
  notes: string[];
}

export interface Sp3Info extends CommonInfo {
  kind: "sp3";
  version: string;
  agency: string;
  coordinate_system: string;
  /** The file's time system; epochs are printed in it. */
  time_system: string;
  first_epoch?: string;
  last_epoch?: string;
  epochs: number;
  interval_s?: number;
  /** Satellites with at least one position, per system letter. */
  satellites: Record<string, number>;
  satellites_total: number;
  satellites_in_header: number;
  satellites_with_clocks: number;
  satellite_ids: Record<string, SatId[]>;
}

export interface ClockInfo extends CommonInfo {
  kind: "clock";
  version: number;
  first_epoch_gpst?: string;
  last_epoch_gpst?: string;
  epochs: number;
  interval_s?: number;
  satellites: Record<string, number>;
  satellites_total: number;
  satellite_ids: Record<string, SatId[]>;
}

export interface OtherInfo extends CommonInfo {
  kind: "meteorological" | "unknown";
}

export interface ErrorInfo {
  file: string;
  kind: "error";
  error: string;
}

export type FileInfo = ObsInfo | NavInfo | Sp3Info | ClockInfo | OtherInfo | ErrorInfo;

// ---------------------------------------------------------------------------------------------------------

const rinexVersion = (v: number | undefined): string => (v === undefined ? "?" : v.toFixed(2));

function systemWord(letter: string | undefined): string {
  if (!letter) return "";
  if (letter === "M") return " (mixed)";
  return letter in SYSTEM_NAMES ? ` (${SYSTEM_NAMES[letter as GnssSystem]})` : ` (${letter})`;
}

function compressionWord(c: string): string {
  return c === "none" ? "plain text" : c;
}

function issuesJson(issues: readonly DecodeIssue[]): IssueJson[] {
  return issues.slice(0, MAX_LISTED_ISSUES).map((i) => ({
    code: i.code,
    ...(i.line !== undefined ? { line: i.line } : {}),
    ...(i.byteOffset !== undefined ? { byte_offset: i.byteOffset } : {}),
    message: i.message,
  }));
}

/** Time label: whole seconds unless the instant has a fraction. */
function timeLabel(t: Instant): string {
  return formatCalendar(t, t.frac === 0 ? 0 : 3);
}

/** Most common positive spacing (s) of consecutive instants, to the millisecond; undefined for < 2. */
class SpacingHistogram {
  private readonly counts = new Map<number, number>();
  private prev: Instant | undefined;
  observe(t: Instant): number {
    const prev = this.prev;
    this.prev = t;
    if (!prev) return Number.NaN;
    const dt = diffSeconds(t, prev);
    if (dt > 0) {
      const k = Math.round(dt * 1000);
      this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    }
    return dt;
  }
  mode_s(): number | undefined {
    let best: number | undefined;
    let bestN = 0;
    for (const [k, n] of this.counts) {
      if (n > bestN || (n === bestN && best !== undefined && k < best)) {
        best = k;
        bestN = n;
      }
    }
    return best === undefined ? undefined : best / 1000;
  }
}

/** rec[key], created by make() when absent. */
function bucket<T>(rec: Record<string, T>, key: string, make: () => T): T {
  let v = rec[key];
  if (v === undefined) {
    v = make();
    rec[key] = v;
  }
  return v;
}

/** Satellites grouped per system letter, BDS first, each list sorted. */
function groupSats(sats: Iterable<SatId>): {
  counts: Record<string, number>;
  ids: Record<string, SatId[]>;
  total: number;
} {
  const sorted = [...sats].sort(compareSats);
  const ids: Record<string, SatId[]> = {};
  for (const s of sorted) bucket(ids, satSystem(s), () => []).push(s);
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(ids)) counts[k] = v.length;
  return { counts, ids, total: sorted.length };
}

/** "C05-C14 C16 C19-C30": consecutive PRNs of one system joined into ranges. */
export function satRanges(sats: readonly SatId[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < sats.length) {
    let j = i;
    while (
      j + 1 < sats.length &&
      satSystem(sats[j + 1]) === satSystem(sats[i]) &&
      satPrn(sats[j + 1]) === satPrn(sats[j]) + 1
    ) {
      j++;
    }
    out.push(j - i >= 2 ? `${sats[i]}-${sats[j]}` : j === i ? sats[i] : `${sats[i]} ${sats[j]}`);
    i = j + 1;
  }
  return out.join(" ");
}

function systemOrder(keys: Iterable<string>): string[] {
  const rank = (k: string) => {
    const i = ALL_SYSTEMS.indexOf(k as GnssSystem);
    return i < 0 ? ALL_SYSTEMS.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const sysName = (k: string): string => SYSTEM_NAMES[k as GnssSystem] ?? k;

// ---------------------------------------------------------------------------------------------------------

async function describeObs(f: InputFile): Promise<ObsInfo> {
  const log = f.kind === "receiver-log" ? await openReceiverLog(f.path) : undefined;
  const obs = log ?? (await openObsFile(f.path, { includeEvents: true }));
  const h = obs.header;
  const seen = new Set<SatId>();
  const spacing = new SpacingHistogram();
  let epochs = 0;
  let events = 0;
  let slips = 0;
  let powerFailures = 0;
  let first: Instant | undefined;
  let last: Instant | undefined;
  for await (const ep of obs.epochs) {
    if (ep.flag >= 2 && ep.flag <= 5) {
      events++;
      continue;
    }
    if (ep.flag === 6) {
      slips++;
      continue;
    }
    if (ep.flag === 1) powerFailures++;
    epochs++;
    first ??= ep.time;
    last = ep.time;
    spacing.observe(ep.time);
    const sats = ep.sats;
    for (let i = 0; i < sats.length; i++) seen.add(sats[i]);
  }
  const interval_s = spacing.mode_s() ?? h.interval_s;
  const expected =
    first && last && interval_s ? Math.round(diffSeconds(last, first) / interval_s) + 1 : epochs;

  const signals: ObsInfo["signals"] = {};
  for (const sys of systemOrder(h.obsCodes.keys())) {
    const groups: { signal: string; codes: string[] }[] = [];
    const byBand = new Map<string, { signal: string; codes: string[] }>();
    for (const code of h.obsCodes.get(sys as GnssSystem) ?? []) {
      if (code[0] === "X") continue; // receiver channel numbers, not a signal
      const bandAttr = code.slice(1);
      let g = byBand.get(bandAttr);
      if (!g) {
        g = { signal: signalName(sys as GnssSystem, bandAttr), codes: [] };
        byBand.set(bandAttr, g);
        groups.push(g);
      }
      g.codes.push(code);
    }
    signals[sys] = groups;
  }

  const pos = h.approxPosition;
  const hasPos = pos !== undefined && Math.hypot(pos[0], pos[1], pos[2]) > 1000;
  const geo = hasPos ? ecefToGeodetic(pos) : undefined;
  const sats = groupSats(seen);
  const description = [
    log
      ? `${f.sniff.detail}, observations from ${log.summary.observationSource === "ubx" ? "UBX RXM-RAWX" : log.summary.observationSource === "rtcm3" ? "RTCM 3 MSM" : "none"}`
      : `RINEX ${rinexVersion(h.version)} observation${systemWord(h.fileSystem)}`,
    ...(h.format === "CRINEX"
      ? [`Hatanaka CRINEX ${(h.crinexVersion ?? f.sniff.crinexVersion ?? 0).toFixed(1)}`]
      : []),
    compressionWord(f.sniff.compression),
  ].join(", ");
  return {
    file: f.path,
    kind: "observation",
    description,
    compression: f.sniff.compression,
    format: h.format,
    version: h.version,
    ...(h.crinexVersion !== undefined ? { crinex_version: h.crinexVersion } : {}),
    ...(log
      ? {
          frames: { ...log.summary.frames },
          messages: Object.fromEntries([...log.summary.messages].sort()),
          ephemerides: countBySystem(log.navigation.ephemerides.map((e) => e.sat)),
        }
      : {}),
    ...(h.marker ? { marker: h.marker } : {}),
    ...(h.receiver ? { receiver: h.receiver } : {}),
    ...(h.antenna ? { antenna: h.antenna } : {}),
    ...(hasPos && geo
      ? {
          approx_position_ecef_m: [pos[0], pos[1], pos[2]] as [number, number, number],
          approx_position: {
            lat_deg: Number((geo.lat_rad / DEG).toFixed(9)),
            lon_deg: Number((geo.lon_rad / DEG).toFixed(9)),
            h_m: Number(geo.h_m.toFixed(4)),
          },
        }
      : {}),
    ...(h.antennaDeltaHEN_m
      ? { antenna_delta_hen_m: [...h.antennaDeltaHEN_m] as [number, number, number] }
      : {}),
    time_system: h.timeSystem,
    ...(first ? { first_epoch: timeLabel(first) } : {}),
    ...(last ? { last_epoch: timeLabel(last) } : {}),
    ...(h.interval_s !== undefined ? { header_interval_s: h.interval_s } : {}),
    ...(interval_s !== undefined ? { interval_s } : {}),
    epochs,
    missing_epochs: Math.max(0, expected - epochs),
    power_failures: powerFailures,
    events,
    cycle_slip_records: slips,
    signals,
    satellites: sats.counts,
    satellites_total: sats.total,
    satellite_ids: sats.ids,
    issue_count: obs.issueCount(),
    issues: issuesJson(obs.issues),
  };
}

function ionoName(p: IonoParameters): string {
  if (p.kind === "klobuchar")
    return `${p.system === "C" ? "BDS" : p.system === "J" ? "QZSS" : "GPS"} Klobuchar`;
  if (p.kind === "bdgim") return "BDGIM";
  return "NeQuick-G";
}

async function describeNav(f: InputFile): Promise<NavInfo> {
  const r = parseRinexNav(await readText(f.path), f.path);
  const records: Record<string, Record<string, number>> = {};
  const unhealthy: Record<string, number> = {};
  const sats = new Set<SatId>();
  let firstToe = Number.POSITIVE_INFINITY;
  let lastToe = Number.NEGATIVE_INFINITY;
  let firstT: Instant | undefined;
  let lastT: Instant | undefined;
  for (const eph of r.data.ephemerides) {
    const sys = satSystem(eph.sat);
    const m = bucket(records, sys, (): Record<string, number> => ({}));
    m[eph.message] = (m[eph.message] ?? 0) + 1;
    if (!isHealthy(eph)) unhealthy[sys] = (unhealthy[sys] ?? 0) + 1;
    sats.add(eph.sat);
    const toe = toScale(eph.toe, "GPST");
    const s = toe.sec + toe.frac;
    if (s < firstToe) {
      firstToe = s;
      firstT = toe;
    }
    if (s > lastToe) {
      lastToe = s;
      lastT = toe;
    }
  }
  const ordered: Record<string, Record<string, number>> = {};
  for (const k of systemOrder(Object.keys(records))) ordered[k] = records[k];

  const store = new EphemerisStore({ includeUnhealthy: true });
  store.addNavigation(r.data);
  const kinds: Record<string, SatId[]> = {};
  for (const sat of store.sats()) {
    if (satSystem(sat) !== "C") continue;
    bucket(kinds, store.orbitKind(sat), () => []).push(sat);
  }
  const bdsKinds: Record<string, SatId[]> = {};
  for (const k of ["GEO", "IGSO", "MEO", "LEO", "unknown"]) if (kinds[k]) bdsKinds[k] = kinds[k];

  const iono = [...new Set(r.data.iono.map(ionoName))];
  const grouped = groupSats(sats);
  return {
    file: f.path,
    kind: "navigation",
    description: `RINEX ${rinexVersion(r.version)} navigation${systemWord(f.sniff.system)}, ${compressionWord(f.sniff.compression)}`,
    compression: f.sniff.compression,
    version: r.version,
    records: ordered,
    records_total: r.data.ephemerides.length,
    unhealthy_records: unhealthy,
    satellites: grouped.counts,
    satellites_total: grouped.total,
    bds_orbit_kinds: bdsKinds,
    iono,
    time_offsets: [...new Set(r.data.timeOffsets.map((t) => t.code))],
    ...(r.data.leapSeconds !== undefined ? { leap_seconds: r.data.leapSeconds } : {}),
    ...(firstT ? { first_toe_gpst: timeLabel(firstT) } : {}),
    ...(lastT ? { last_toe_gpst: timeLabel(lastT) } : {}),
    notes: r.notes,
    issue_count: r.issues.length,
    issues: issuesJson(r.issues),
  };
}

async function describeSp3(f: InputFile): Promise<Sp3Info> {
  const { table, issues } = parseSp3(await readText(f.path), f.path);
  const ns = table.sats.length;
  const withPos = new Set<SatId>();
  let withClock = 0;
  for (let j = 0; j < ns; j++) {
    let pos = false;
    let clk = false;
    for (let e = 0; e < table.epochs.length && !(pos && clk); e++) {
      const k = e * ns + j;
      if (!pos && Number.isFinite(table.pos_m[3 * k])) pos = true;
      if (!clk && Number.isFinite(table.clock_s[k])) clk = true;
    }
    if (pos) withPos.add(table.sats[j]);
    if (clk) withClock++;
  }
  const spacing = new SpacingHistogram();
  for (const t of table.epochs) spacing.observe(t);
  const interval_s = spacing.mode_s();
  const own = (t: Instant) => timeLabel(toScale(t, table.timeSystem));
  const grouped = groupSats(withPos);
  const first = table.epochs[0];
  const last = table.epochs[table.epochs.length - 1];
  return {
    file: f.path,
    kind: "sp3",
    description: `SP3-${table.version} precise orbit, ${compressionWord(f.sniff.compression)}`,
    compression: f.sniff.compression,
    version: table.version,
    agency: table.agency,
    coordinate_system: table.coordinateSystem,
    time_system: table.timeSystem,
    ...(first ? { first_epoch: own(first) } : {}),
    ...(last ? { last_epoch: own(last) } : {}),
    epochs: table.epochs.length,
    ...(interval_s !== undefined ? { interval_s } : {}),
    satellites: grouped.counts,
    satellites_total: grouped.total,
    satellites_in_header: ns,
    satellites_with_clocks: withClock,
    satellite_ids: grouped.ids,
    issue_count: issues.length,
    issues: issuesJson(issues),
  };
}

async function describeClock(f: InputFile): Promise<ClockInfo> {
  const { table, issues } = parseRinexClock(await readText(f.path), f.path);
  const spacing = new SpacingHistogram();
  for (const t of table.epochs) spacing.observe(t);
  const interval_s = spacing.mode_s();
  const grouped = groupSats(table.sats);
  const first = table.epochs[0];
  const last = table.epochs[table.epochs.length - 1];
  return {
    file: f.path,
    kind: "clock",
    description: `RINEX ${rinexVersion(table.version)} clock, ${compressionWord(f.sniff.compression)}`,
    compression: f.sniff.compression,
    version: table.version,
    ...(first ? { first_epoch_gpst: timeLabel(toScale(first, "GPST")) } : {}),
    ...(last ? { last_epoch_gpst: timeLabel(toScale(last, "GPST")) } : {}),
    epochs: table.epochs.length,
    ...(interval_s !== undefined ? { interval_s } : {}),
    satellites: grouped.counts,
    satellites_total: grouped.total,
    satellite_ids: grouped.ids,
    issue_count: issues.length,
    issues: issuesJson(issues),
  };
}

function countBySystem(sats: readonly SatId[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sats) out[s[0]] = (out[s[0]] ?? 0) + 1;
  return out;
}

/** Everything `beidou info` says about one file. Throws (BeidouError or a Node error) when it cannot be read. */
export async function describeFile(path: string): Promise<FileInfo> {
  // a directory would fail later with an EISDIR error that does not name the path
  if ((await stat(path)).isDirectory())
    throw new BeidouError("io", "is a directory, not a file", { file: path });
  const f = await classifyFile(path);
  switch (f.kind) {
    case "rinex-obs":
    case "crinex":
    case "receiver-log":
      return describeObs(f);
    case "rinex-nav":
      return describeNav(f);
    case "sp3":
      return describeSp3(f);
    case "rinex-clk":
      return describeClock(f);
    case "rinex-met":
      return {
        file: path,
        kind: "meteorological",
        description: `${f.sniff.detail}, ${compressionWord(f.sniff.compression)} (not read further)`,
        compression: f.sniff.compression,
        issue_count: 0,
        issues: [],
      };
    default:
      throw new BeidouError("unknown-format", `not a file beidou reads (${f.sniff.detail})`, {
        file: path,
        line: 1,
      });
  }
}

// ---------------------------------------------------------------------------------------------------------

function perSystem(counts: Record<string, number>): string {
  return systemOrder(Object.keys(counts))
    .map((k) => `${sysName(k)} ${counts[k]}`)
    .join(", ");
}

function issueLines(info: CommonInfo): string[] {
  if (info.issue_count === 0) return ["  problems: none"];
  const byCode = new Map<string, number>();
  for (const i of info.issues) byCode.set(i.code, (byCode.get(i.code) ?? 0) + 1);
  const out = [
    `  problems: ${info.issue_count} (${[...byCode].map(([c, n]) => `${c} ${n}`).join(", ")}${info.issue_count > info.issues.length ? ", ..." : ""})`,
  ];
  for (const i of info.issues.slice(0, 5))
    out.push(
      `    ${formatIssue({ ...i, code: i.code as DecodeIssue["code"], file: info.file, line: i.line, byteOffset: i.byte_offset })}`,
    );
  if (info.issue_count > 5) out.push(`    ... ${info.issue_count - 5} more`);
  return out;
}

function span(first: string | undefined, last: string | undefined, scale: string): string {
  return first && last ? `${first} - ${last} ${scale}` : "no epochs";
}

/** The text `beidou info` prints for one file. */
export function formatInfoText(info: FileInfo): string {
  if (info.kind === "error") return `${info.file}: ${info.error}`;
  const out = [`${info.file}: ${info.description}`];
  switch (info.kind) {
    case "observation": {
      const station = [
        info.marker ? `marker ${info.marker}` : undefined,
        info.receiver ? `receiver ${info.receiver}` : undefined,
        info.antenna ? `antenna ${info.antenna}` : undefined,
      ].filter(Boolean);
      if (station.length) out.push(`  ${station.join("; ")}`);
      if (info.approx_position_ecef_m && info.approx_position) {
        const [x, y, z] = info.approx_position_ecef_m;
        const g = info.approx_position;
        out.push(
          `  approx position: X ${x.toFixed(3)} Y ${y.toFixed(3)} Z ${z.toFixed(3)} m = ${Math.abs(g.lat_deg).toFixed(6)} ${g.lat_deg >= 0 ? "N" : "S"}, ${Math.abs(g.lon_deg).toFixed(6)} ${g.lon_deg >= 0 ? "E" : "W"}, ${g.h_m.toFixed(3)} m`,
        );
      }
      const headerIv =
        info.header_interval_s !== undefined ? ` (header ${info.header_interval_s} s)` : " (header: none)";
      out.push(
        `  time: ${span(info.first_epoch, info.last_epoch, info.time_system)}; ${info.epochs} epochs, interval ${info.interval_s ?? "?"} s${headerIv}${info.missing_epochs ? `; ${info.missing_epochs} missing` : ""}`,
      );
      out.push(`  signals:`);
      for (const sys of Object.keys(info.signals)) {
        const list = info.signals[sys].map((g) => `${g.signal} (${g.codes.join(" ")})`).join(", ");
        out.push(`    ${sys}: ${list}`);
      }
      if (info.messages) {
        out.push(
          `  frames: ${Object.entries(info.frames ?? {})
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")}`,
        );
        out.push(
          `  messages: ${Object.entries(info.messages)
            .map(([k, n]) => `${k} x${n}`)
            .join(", ")}`,
        );
        out.push(`  ephemerides in the stream: ${perSystem(info.ephemerides ?? {}) || "none"}`);
      }
      out.push(
        `  satellites seen: ${info.satellites_total}${info.satellites_total ? ` (${perSystem(info.satellites)})` : ""}`,
      );
      for (const sys of Object.keys(info.satellite_ids))
        out.push(`    ${sys}: ${satRanges(info.satellite_ids[sys])}`);
      out.push(
        `  events: ${info.events}; power failures: ${info.power_failures}; cycle-slip records: ${info.cycle_slip_records}`,
      );
      out.push(...issueLines(info));
      break;
    }
    case "navigation": {
      out.push(`  records: ${info.records_total}`);
      for (const sys of Object.keys(info.records)) {
        const m = info.records[sys];
        const total = Object.values(m).reduce((a, b) => a + b, 0);
        const bad = info.unhealthy_records[sys] ? `; ${info.unhealthy_records[sys]} unhealthy` : "";
        out.push(
          `    ${sysName(sys).padEnd(7)} ${String(total).padStart(5)} (${Object.entries(m)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")}${bad}), ${info.satellites[sys] ?? 0} satellites`,
        );
      }
      const kinds = Object.entries(info.bds_orbit_kinds);
      if (kinds.length)
        out.push(`  BDS orbits: ${kinds.map(([k, s]) => `${k} ${s.length} (${satRanges(s)})`).join("; ")}`);
      out.push(`  ionosphere: ${info.iono.length ? info.iono.join(", ") : "none"}`);
      if (info.time_offsets.length) out.push(`  time offsets: ${info.time_offsets.join(" ")}`);
      if (info.leap_seconds !== undefined) out.push(`  leap seconds: ${info.leap_seconds}`);
      out.push(`  toe: ${span(info.first_toe_gpst, info.last_toe_gpst, "GPST")}`);
      for (const n of info.notes) out.push(`  note: ${n}`);
      out.push(...issueLines(info));
      break;
    }
    case "sp3": {
      out.push(`  agency ${info.agency}; frame ${info.coordinate_system}; time system ${info.time_system}`);
      out.push(
        `  time: ${span(info.first_epoch, info.last_epoch, info.time_system)}; ${info.epochs} epochs, interval ${info.interval_s ?? "?"} s`,
      );
      out.push(
        `  satellites: ${info.satellites_total} (${perSystem(info.satellites)})${info.satellites_in_header !== info.satellites_total ? `; ${info.satellites_in_header} in header` : ""}; ${info.satellites_with_clocks} with clocks`,
      );
      for (const sys of Object.keys(info.satellite_ids))
        out.push(`    ${sys}: ${satRanges(info.satellite_ids[sys])}`);
      out.push(...issueLines(info));
      break;
    }
    case "clock": {
      out.push(
        `  time: ${span(info.first_epoch_gpst, info.last_epoch_gpst, "GPST")}; ${info.epochs} epochs, interval ${info.interval_s ?? "?"} s`,
      );
      out.push(
        `  satellites: ${info.satellites_total}${info.satellites_total ? ` (${perSystem(info.satellites)})` : ""}`,
      );
      for (const sys of Object.keys(info.satellite_ids))
        out.push(`    ${sys}: ${satRanges(info.satellite_ids[sys])}`);
      out.push(...issueLines(info));
      break;
    }
    default:
      break;
  }
  return out.join("\n");
}

/** Describe every file; a file that cannot be read is one `error:` line on stderr and exit code 1. */
export async function runInfo(files: string[], o: InfoCliOptions): Promise<number> {
  const format = o.format ?? "text";
  if (format !== "text" && format !== "json")
    throw new BeidouError("bad-argument", `--format: expected text|json, got '${format}'`);
  if (files.length === 0) throw new BeidouError("bad-argument", "no input files");
  const infos: FileInfo[] = [];
  let failed = 0;
  for (const path of files) {
    let info: FileInfo;
    try {
      info = await describeFile(path);
    } catch (e) {
      failed++;
      const line = formatError(e);
      process.stderr.write(`${line}\n`);
      info = { file: path, kind: "error", error: line.replace(/^error: /, "") };
    }
    infos.push(info);
    if (format === "text" && info.kind !== "error")
      process.stdout.write(`${infos.length > 1 ? "\n" : ""}${formatInfoText(info)}\n`);
  }
  if (format === "json") process.stdout.write(`${JSON.stringify(infos, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}

export function registerInfo(program: Command): void {
  program
    .command("info")
    .description(
      "what each file is and holds: format, version, station, signals, time span, satellites (by content)",
    )
    .argument("<files...>", "observation, navigation, SP3 or clock files (plain, gzip, Hatanaka)")
    .option("--format <fmt>", "text|json", "text")
    .action(async (files: string[], o: InfoCliOptions) => {
      process.exitCode = await runInfo(files, o);
    });
}
