// A receiver log file (RTCM 3, u-blox UBX, or both interleaved with NMEA) read as observations plus the
// navigation data it carries, in the same shape as a RINEX observation file (`ObsFile`), so that `solve`,
// `info` and `convert` take it like any other input. Two passes over the file keep memory flat: the first
// collects ephemerides (RTCM 1019/1020/1042/1044/1045/1046, UBX RXM-SFRBX), the station position, the
// signals and the time span; the second streams the epochs. When a file holds both RTCM MSM and UBX RAWX
// observations (a rover logging its base's corrections), the source with more epochs is used and the other
// is reported.

import type { DecodeIssue } from "../core/errors.js";
import { BeidouError } from "../core/errors.js";
import type { Frame } from "../formats/framing.js";
import { MixedStreamSplitter } from "../formats/mixed/splitter.js";
import { decodeRtcm3 } from "../formats/rtcm3/decode.js";
import { MsmEpochAssembler } from "../formats/rtcm3/msm-assembler.js";
import { openByteStream } from "../formats/text/file-lines.js";
import type { ObsFile } from "../formats/text/read-obs-file.js";
import { RawxEpochAssembler } from "../formats/ubx/rawx-epoch-assembler.js";
import { decodeUbx, ubxMessageName } from "../formats/ubx/ubx-messages.js";
import { type Ecef, ecef } from "../frames/vectors.js";
import type { NavProduct } from "../nav/nav-data.js";
import { NavMessageDecoder, navigationDataFrom } from "../nav/nav-message-decoder.js";
import type { NavigationData } from "../orbits/ephemeris.js";
import type { ObsEpoch, ObsHeader } from "../signals/observation.js";
import type { ObsCode } from "../signals/signal.js";
import { compareSats, type GnssSystem, type SatId } from "../signals/system.js";
import { diffSeconds, type Instant } from "../time/instant.js";

export interface ReceiverLogOptions {
  /** Date of the data for RTCM MSM (time of week only) when the log carries no ephemeris. */
  readonly date?: Instant;
  /** Systems whose observations are kept (default all). */
  readonly systems?: readonly GnssSystem[];
}

export interface ReceiverLogSummary {
  readonly frames: { rtcm3: number; ubx: number; nmea: number };
  /** Message counts, e.g. "RTCM 1042", "UBX RXM-RAWX". */
  readonly messages: ReadonlyMap<string, number>;
  readonly checksumErrors: number;
  readonly garbageBytes: number;
  readonly truncated: number;
  readonly observationSource: "rtcm3" | "ubx" | "none";
  readonly epochs: number;
  readonly satellites: ReadonlyMap<GnssSystem, ReadonlySet<SatId>>;
  readonly stationId?: number;
  readonly receiver?: string;
  readonly antenna?: string;
}

export interface ReceiverLog extends ObsFile {
  readonly navigation: NavigationData;
  readonly summary: ReceiverLogSummary;
}

/** Per-frame decoding shared by both passes. */
class LogDecoder {
  readonly msm: MsmEpochAssembler;
  readonly rawx = new RawxEpochAssembler();
  readonly nav = new NavMessageDecoder();
  readonly products: NavProduct[] = [];
  readonly rtcmEph: NavigationData["ephemerides"] = [];
  readonly messages = new Map<string, number>();
  arp?: Ecef;
  ubxPos?: Ecef;
  stationId?: number;
  receiver?: string;
  antenna?: string;

  constructor(opts: ReceiverLogOptions) {
    this.msm = new MsmEpochAssembler({ date: opts.date, holdForEphemeris: opts.date ? 0 : 600 });
  }

  private count(key: string): void {
    this.messages.set(key, (this.messages.get(key) ?? 0) + 1);
  }

  /** Decode one frame; observation epochs go to `msmOut` / `rawxOut`. */
  frame(f: Frame, msmOut: ObsEpoch[], rawxOut: ObsEpoch[]): void {
    if (f.protocol === "rtcm3") {
      const msg = decodeRtcm3(f, { reference: this.msm.reference() });
      this.count(
        `RTCM ${msg.kind === "unknown" || msg.kind === "invalid" ? msg.type : ((msg as { type?: number }).type ?? msg.kind)}`,
      );
      if (msg.kind === "ephemeris") this.rtcmEph.push(msg.ephemeris);
      else if (msg.kind === "station-arp") {
        this.arp = msg.arp;
        this.stationId = msg.stationId;
      } else if (msg.kind === "receiver") {
        this.receiver = [msg.receiverType, msg.firmwareVersion].filter(Boolean).join(" ") || this.receiver;
        this.antenna = msg.antennaDescriptor || this.antenna;
      }
      for (const ep of this.msm.push(msg)) msmOut.push(ep);
    } else if (f.protocol === "ubx") {
      // only RAWX (observations), SFRBX (navigation words) and NAV-POSECEF (position) are needed here
      const cls = f.bytes[2];
      const id = f.bytes[3];
      if (!((cls === 0x02 && (id === 0x15 || id === 0x13)) || (cls === 0x01 && id === 0x01))) {
        this.count(`UBX ${ubxMessageName(cls, id)}`);
        return;
      }
      const m = decodeUbx(f);
      this.count(
        `UBX ${m.kind === "unknown" || m.kind === "malformed" ? `${m.cls.toString(16)}-${m.id.toString(16)}` : m.kind}`,
      );
      if (m.kind === "RXM-RAWX") {
        const ep = this.rawx.push(m);
        if (ep) rawxOut.push(ep);
      } else if (m.kind === "RXM-SFRBX") this.products.push(...this.nav.pushUbx(m));
      else if (m.kind === "NAV-POSECEF") this.ubxPos = ecef(m.ecefX_m, m.ecefY_m, m.ecefZ_m);
    } else this.count("NMEA");
  }

  finish(msmOut: ObsEpoch[]): void {
    for (const ep of this.msm.finish()) msmOut.push(ep);
  }
}

async function* frames(path: string): AsyncGenerator<Frame[], MixedStreamSplitter> {
  const splitter = new MixedStreamSplitter();
  const { stream } = await openByteStream(path);
  try {
    for await (const chunk of stream) yield splitter.push(chunk as Uint8Array);
  } catch {
    // a damaged gzip stream: what was read is kept; the truncation shows in the summary
    splitter.stats.truncated++;
  }
  yield splitter.finish();
  return splitter;
}

function keepSystems(ep: ObsEpoch, systems?: readonly GnssSystem[]): ObsEpoch {
  if (!systems) return ep;
  const keep: number[] = [];
  ep.sats.forEach((s, i) => {
    if (systems.includes(s[0] as GnssSystem)) keep.push(i);
  });
  if (keep.length === ep.sats.length) return ep;
  let n = 0;
  for (const i of keep) n += ep.codes[i].length;
  const values = new Float64Array(n);
  const lli = new Uint8Array(n);
  const ssi = new Uint8Array(n);
  const offsets = new Uint32Array(keep.length);
  let at = 0;
  keep.forEach((i, k) => {
    offsets[k] = at;
    const len = ep.codes[i].length;
    values.set(ep.values.subarray(ep.offsets[i], ep.offsets[i] + len), at);
    lli.set(ep.lli.subarray(ep.offsets[i], ep.offsets[i] + len), at);
    ssi.set(ep.ssi.subarray(ep.offsets[i], ep.offsets[i] + len), at);
    at += len;
  });
  return {
    ...ep,
    sats: keep.map((i) => ep.sats[i]),
    codes: keep.map((i) => ep.codes[i]),
    offsets,
    values,
    lli,
    ssi,
  };
}

/** What the first pass learns about one observation source (RTCM MSM or UBX RAWX). */
class SourceScan {
  epochs = 0;
  readonly codes = new Map<GnssSystem, Set<ObsCode>>();
  readonly sats = new Map<GnssSystem, Set<SatId>>();
  first?: Instant;
  last?: Instant;
  minDt = Number.POSITIVE_INFINITY;

  constructor(private readonly systems?: readonly GnssSystem[]) {}

  add(list: ObsEpoch[]): void {
    for (const raw of list) {
      const ep = keepSystems(raw, this.systems);
      this.epochs++;
      ep.sats.forEach((s, i) => {
        const sys = s[0] as GnssSystem;
        const c = this.codes.get(sys) ?? new Set<ObsCode>();
        this.codes.set(sys, c);
        for (const code of ep.codes[i]) c.add(code);
        const ss = this.sats.get(sys) ?? new Set<SatId>();
        this.sats.set(sys, ss);
        ss.add(s);
      });
      if (this.last) {
        const dt = diffSeconds(ep.time, this.last);
        if (dt > 0 && dt < this.minDt) this.minDt = dt;
      }
      this.first ??= ep.time;
      this.last = ep.time;
    }
    list.length = 0;
  }
}

/** Open a receiver log: the first pass (navigation data, signals, span) runs here, `epochs` runs the second. */
export async function openReceiverLog(path: string, opts: ReceiverLogOptions = {}): Promise<ReceiverLog> {
  const d = new LogDecoder(opts);
  const msmEp: ObsEpoch[] = [];
  const rawxEp: ObsEpoch[] = [];
  const msmScan = new SourceScan(opts.systems);
  const rawxScan = new SourceScan(opts.systems);
  const gen = frames(path);
  let splitter: MixedStreamSplitter | undefined;
  for (;;) {
    const r = await gen.next();
    if (r.done) {
      splitter = r.value;
      break;
    }
    for (const f of r.value) d.frame(f, msmEp, rawxEp);
    msmScan.add(msmEp);
    rawxScan.add(rawxEp);
  }
  d.finish(msmEp);
  msmScan.add(msmEp);
  const source: "rtcm3" | "ubx" | "none" =
    msmScan.epochs === 0 && rawxScan.epochs === 0
      ? "none"
      : msmScan.epochs >= rawxScan.epochs
        ? "rtcm3"
        : "ubx";
  const scan = source === "ubx" ? rawxScan : msmScan;
  const issues: DecodeIssue[] = [];
  if (msmScan.epochs > 0 && rawxScan.epochs > 0) {
    issues.push({
      code: "bad-record",
      file: path,
      message: `holds ${msmScan.epochs} RTCM MSM and ${rawxScan.epochs} UBX RAWX epochs (two receivers?): using the ${source === "rtcm3" ? "RTCM" : "UBX"} ones`,
    });
  }
  for (const i of d.nav.issues) issues.push(i);
  const fromSfrbx = navigationDataFrom(d.products);
  const navigation: NavigationData = {
    ephemerides: [...d.rtcmEph, ...fromSfrbx.ephemerides],
    iono: fromSfrbx.iono,
    timeOffsets: fromSfrbx.timeOffsets,
    ...(fromSfrbx.leapSeconds === undefined ? {} : { leapSeconds: fromSfrbx.leapSeconds }),
  };
  const codes = scan.codes;
  const sats = scan.sats;
  const span = { first: scan.first, last: scan.last, minDt: scan.minDt };
  const epochs = scan.epochs;
  const glonassChannels = new Map<SatId, number>(d.rawx.glonassChannels);
  for (const e of navigation.ephemerides)
    if (e.kind === "glonass") glonassChannels.set(e.sat, e.frequencyChannel);
  const header: ObsHeader = {
    format: source === "ubx" ? "UBX" : "RTCM3",
    version: 3,
    fileSystem: "M",
    receiver: d.receiver,
    antenna: d.antenna,
    approxPosition: source === "rtcm3" ? d.arp : (d.ubxPos ?? d.arp),
    obsCodes: new Map(
      [...codes].sort((a, b) => compareSats(`${a[0]}01`, `${b[0]}01`)).map(([s, c]) => [s, [...c].sort()]),
    ),
    interval_s: Number.isFinite(span.minDt) ? span.minDt : undefined,
    firstObs: span.first,
    lastObs: span.last,
    timeSystem: "GPST",
    glonassChannels,
    lineCount: 0,
    marker: d.stationId !== undefined ? String(d.stationId) : undefined,
  };
  const st = (splitter as MixedStreamSplitter).stats;
  const summary: ReceiverLogSummary = {
    frames: { ...st.byProtocol },
    messages: d.messages,
    checksumErrors: st.checksumErrors,
    garbageBytes: st.garbageBytes,
    truncated: st.truncated,
    observationSource: source,
    epochs,
    satellites: sats,
    stationId: d.stationId,
    receiver: d.receiver,
    antenna: d.antenna,
  };
  if (st.checksumErrors > 0 || st.truncated > 0) {
    issues.push({
      code: st.truncated > 0 ? "truncated" : "checksum",
      file: path,
      message: `${st.checksumErrors} frame(s) failed their checksum, ${st.truncated} cut off, ${st.garbageBytes} byte(s) skipped`,
    });
  }

  async function* epochStream(): AsyncGenerator<ObsEpoch, void> {
    if (source === "none") return;
    const dec = new LogDecoder(opts);
    const m: ObsEpoch[] = [];
    const u: ObsEpoch[] = [];
    for await (const batch of frames(path)) {
      for (const f of batch) dec.frame(f, m, u);
      for (const ep of source === "rtcm3" ? m : u) yield keepSystems(ep, opts.systems);
      m.length = 0;
      u.length = 0;
    }
    dec.finish(m);
    if (source === "rtcm3") for (const ep of m) yield keepSystems(ep, opts.systems);
  }

  if (source === "none" && navigation.ephemerides.length === 0) {
    throw new BeidouError("unknown-format", "no observations or ephemerides in this receiver log", {
      file: path,
      byteOffset: 0,
    });
  }
  return {
    path,
    header,
    issues,
    issueCount: () => issues.length,
    epochs: epochStream(),
    navigation,
    summary,
  };
}
