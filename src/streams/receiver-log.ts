// A receiver log file (RTCM 3, u-blox UBX, or both interleaved with NMEA) read as observations plus the
// navigation data it carries, in the same shape as a RINEX observation file (`ObsFile`), so that `solve`,
// `info` and `convert` take it like any other input. The first pass collects ephemerides (RTCM 1019/1020/
// 1042/1044/1045/1046, UBX RXM-SFRBX), the station position, the signals and the time span, which the header
// needs before any epoch; it also keeps the epochs it decoded, up to `retainEpochs_bytes`, so that a log of
// ordinary size is decoded once. A longer log is read a second time to stream its epochs, so memory stays
// bounded. When a file holds both RTCM MSM and UBX RAWX observations (a rover logging its base's
// corrections), the source with more epochs is used and the other is reported.

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
  /**
   * Epochs decoded by the first pass are kept for `epochs` while their arrays take at most this many bytes
   * (estimated; default 64 MiB); beyond it they are dropped and the log is read again when `epochs` runs.
   */
  readonly retainEpochs_bytes?: number;
}

const DEFAULT_RETAIN_BYTES = 64 * 1024 * 1024;

/** Approximate memory of an epoch: its typed arrays, the satellite and code arrays, the objects. */
function epochBytes(ep: ObsEpoch): number {
  return ep.values.length * 10 + ep.sats.length * 20 + 400;
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
  arp?: Ecef;
  ubxPos?: Ecef;
  stationId?: number;
  receiver?: string;
  antenna?: string;

  constructor(opts: ReceiverLogOptions) {
    this.msm = new MsmEpochAssembler({ date: opts.date, holdForEphemeris: opts.date ? 0 : 600 });
  }

  // message counts: a slot per label, found from the message type without building the label each time
  private readonly labels: string[] = [];
  private readonly counts: number[] = [];
  private readonly slotOfLabel = new Map<string, number>();
  private readonly rtcmSlots = new Map<number, number>();
  private readonly ubxSlots = new Map<number, number>();
  private readonly ubxKindSlots = new Map<string, number>();
  private nmeaSlot = -1;

  /** Message counts, e.g. "RTCM 1042", "UBX RXM-RAWX", in order of first appearance. */
  messages(): Map<string, number> {
    return new Map(this.labels.map((l, k) => [l, this.counts[k]]));
  }

  private slot(label: string): number {
    let k = this.slotOfLabel.get(label);
    if (k === undefined) {
      k = this.labels.length;
      this.labels.push(label);
      this.counts.push(0);
      this.slotOfLabel.set(label, k);
    }
    return k;
  }

  private countRtcm(msg: ReturnType<typeof decodeRtcm3>): void {
    const t = msg.kind === "unknown" || msg.kind === "invalid" ? msg.type : (msg as { type?: number }).type;
    let k = t === undefined ? this.slot(`RTCM ${msg.kind}`) : this.rtcmSlots.get(t);
    if (k === undefined) {
      k = this.slot(`RTCM ${t}`);
      this.rtcmSlots.set(t as number, k);
    }
    this.counts[k]++;
  }

  private countUbx(cls: number, id: number): void {
    const key = (cls << 8) | id;
    let k = this.ubxSlots.get(key);
    if (k === undefined) {
      k = this.slot(`UBX ${ubxMessageName(cls, id)}`);
      this.ubxSlots.set(key, k);
    }
    this.counts[k]++;
  }

  private countUbxKind(kind: string): void {
    let k = this.ubxKindSlots.get(kind);
    if (k === undefined) {
      k = this.slot(`UBX ${kind}`);
      this.ubxKindSlots.set(kind, k);
    }
    this.counts[k]++;
  }

  /** Decode one frame; observation epochs go to `msmOut` / `rawxOut`. */
  frame(f: Frame, msmOut: ObsEpoch[], rawxOut: ObsEpoch[]): void {
    if (f.protocol === "rtcm3") {
      const msg = decodeRtcm3(f, { reference: this.msm.reference() });
      this.countRtcm(msg);
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
        this.countUbx(cls, id);
        return;
      }
      const m = decodeUbx(f);
      if (m.kind === "unknown" || m.kind === "malformed")
        this.counts[this.slot(`UBX ${m.cls.toString(16)}-${m.id.toString(16)}`)]++;
      else this.countUbxKind(m.kind);
      if (m.kind === "RXM-RAWX") {
        const ep = this.rawx.push(m);
        if (ep) rawxOut.push(ep);
      } else if (m.kind === "RXM-SFRBX") this.products.push(...this.nav.pushUbx(m));
      else if (m.kind === "NAV-POSECEF") this.ubxPos = ecef(m.ecefX_m, m.ecefY_m, m.ecefZ_m);
    } else {
      if (this.nmeaSlot < 0) this.nmeaSlot = this.slot("NMEA");
      this.counts[this.nmeaSlot]++;
    }
  }

  finish(msmOut: ObsEpoch[]): void {
    for (const ep of this.msm.finish()) msmOut.push(ep);
  }
}

async function* frames(path: string): AsyncGenerator<Frame[], MixedStreamSplitter> {
  // frames are decoded as they come and never kept: they may share one copy of each chunk
  const splitter = new MixedStreamSplitter({ framesShareCopy: true });
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
  /** Code arrays already merged into `codes`, per system. */
  private readonly mergedCodes = new Map<GnssSystem, WeakSet<readonly ObsCode[]>>();
  first?: Instant;
  last?: Instant;
  minDt = Number.POSITIVE_INFINITY;

  /** The epochs as `epochs` yields them, while the retention budget lasts. */
  kept: ObsEpoch[] | undefined = [];

  constructor(
    private readonly systems: readonly GnssSystem[] | undefined,
    private readonly budget: { bytes: number },
  ) {}

  add(list: ObsEpoch[]): void {
    for (const raw of list) {
      const ep = keepSystems(raw, this.systems);
      if (this.kept) {
        this.budget.bytes -= epochBytes(ep);
        if (this.budget.bytes >= 0) this.kept.push(ep);
        else this.kept = undefined;
      }
      this.epochs++;
      // satellites come grouped by system and share their system's code array: look-ups once per run
      let sys: GnssSystem | undefined;
      let ss: Set<SatId> | undefined;
      let lastList: readonly ObsCode[] | undefined;
      for (let i = 0; i < ep.sats.length; i++) {
        const s = ep.sats[i];
        const list = ep.codes[i];
        if (s[0] !== sys || list !== lastList) {
          sys = s[0] as GnssSystem;
          lastList = list;
          const c = this.codes.get(sys) ?? new Set<ObsCode>();
          this.codes.set(sys, c);
          let merged = this.mergedCodes.get(sys);
          if (!merged) {
            merged = new WeakSet();
            this.mergedCodes.set(sys, merged);
          }
          if (!merged.has(list)) {
            merged.add(list);
            for (const code of list) c.add(code);
          }
          ss = this.sats.get(sys) ?? new Set<SatId>();
          this.sats.set(sys, ss);
        }
        (ss as Set<SatId>).add(s);
      }
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
  const budget = { bytes: opts.retainEpochs_bytes ?? DEFAULT_RETAIN_BYTES };
  const msmScan = new SourceScan(opts.systems, budget);
  const rawxScan = new SourceScan(opts.systems, budget);
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
    messages: d.messages(),
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

  // the first pass's epochs of the source used, when all of them fitted in the budget (a list is dropped
  // whole at the first epoch over it); the other source's are let go now
  let kept = scan.kept;
  msmScan.kept = undefined;
  rawxScan.kept = undefined;

  async function* epochStream(): AsyncGenerator<ObsEpoch, void> {
    if (source === "none") return;
    if (kept) {
      const list = kept;
      kept = undefined;
      for (let i = 0; i < list.length; i++) {
        const ep = list[i];
        (list as (ObsEpoch | undefined)[])[i] = undefined; // written epochs can be collected
        yield ep;
      }
      return;
    }
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
