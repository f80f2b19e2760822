// The real-time engine, sans-I/O: bytes of one or more inputs in (with their arrival time), solutions out
// as soon as each epoch completes. Per input: a framer splits UBX / NMEA / RTCM 3, RTCM MSM messages and
// UBX RXM-RAWX become observation epochs, ephemerides (RTCM 1019/1020/1042/1044/1045/1046, UBX RXM-SFRBX
// through the navigation-message decoder) go into one shared EphemerisStore, and each observation stream
// (an RTCM station, a u-blox receiver) has its own SppSolver. The latency clock of an epoch starts at the
// arrival of the chunk holding the last byte of its last message.

import type { DecodeIssue } from "../../core/errors.js";
import type { Frame, Framer } from "../../formats/framing.js";
import { decodeRtcm3 } from "../../formats/rtcm3/decode.js";
import { MsmEpochAssembler } from "../../formats/rtcm3/msm-assembler.js";
import { RawxEpochAssembler } from "../../formats/ubx/rawx-epoch-assembler.js";
import { decodeUbx } from "../../formats/ubx/ubx-messages.js";
import type { Ecef } from "../../frames/vectors.js";
import { NavMessageDecoder } from "../../nav/nav-message-decoder.js";
import type { IonoParameters, NavigationData } from "../../orbits/ephemeris.js";
import { EphemerisStore } from "../../orbits/ephemeris-store.js";
import type { SppOptions } from "../../positioning/options.js";
import { RtkSolver } from "../../positioning/rtk/rtk.js";
import type { RtkOptions } from "../../positioning/rtk/rtk-options.js";
import type { Solution } from "../../positioning/solution.js";
import { SppSolver } from "../../positioning/spp.js";
import type { ObsEpoch } from "../../signals/observation.js";
import type { SatId } from "../../signals/system.js";
import { diffSeconds, type Instant, toWeekTow } from "../../time/instant.js";
import { frameTimeOfWeek_s } from "../sources/frame-time.js";
import { defaultFramer } from "./default-framer.js";

export interface StreamEngineOptions {
  readonly solver?: Partial<SppOptions>;
  /** Date of the data (MSM carries only the time of week) when no ephemeris has been seen yet. */
  readonly date?: Instant;
  /** The clock, last resort for the date of MSM epochs. */
  readonly clock?: () => Instant;
  /** Splits an input's bytes into frames (default: the UBX/NMEA/RTCM 3 splitter). */
  readonly framer?: () => Framer;
  /** Keep RTCM 3 frames in the output (for `--format rtcm3`). */
  readonly forwardRtcm?: boolean;
  /** Relative positioning: the observations of input `baseInput` are the base, every other input a rover. */
  readonly rtk?: RtkStreamOptions;
}

export interface RtkStreamOptions {
  readonly options: RtkOptions;
  readonly baseInput: number;
  /** Base position; default: the base stream's RTCM 1005/1006. */
  readonly basePosition?: Ecef;
  /**
   * How long a rover epoch waits (ms of arrival time) for the base epoch of the same time before it is solved
   * with an older base epoch. Default 1000.
   */
  readonly waitForBase_ms?: number;
}

interface PendingRover {
  readonly input: number;
  readonly stream: string;
  readonly epoch: ObsEpoch;
  readonly lastByteIn_ms: number;
}

export type EngineOutput =
  | {
      readonly kind: "solution";
      readonly input: number;
      /** "rtcm3:<station id>" or "ubx". */
      readonly stream: string;
      readonly solution: Solution;
      readonly epoch: ObsEpoch;
      /** Arrival (performance.now() ms) of the chunk that held the last byte of the epoch. */
      readonly lastByteIn_ms: number;
    }
  | { readonly kind: "rtcm3"; readonly input: number; readonly frame: Frame }
  | { readonly kind: "station"; readonly input: number; readonly stationId: number; readonly arp: Ecef };

export interface EngineStats {
  bytes: number;
  frames: { rtcm3: number; ubx: number; nmea: number };
  checksumErrors: number;
  garbageBytes: number;
  truncated: number;
  epochs: number;
  solved: number;
  ephemerides: number;
  ionoSets: number;
  /** Frames whose message could not be decoded (CRC fine, content not). */
  invalidMessages: number;
}

interface ObsStream {
  solver?: SppSolver;
  rtk?: RtkSolver;
  ionoCount: number;
  approx?: Ecef;
}

interface InputState {
  readonly framer: Framer;
  readonly msm: MsmEpochAssembler;
  readonly rawx: RawxEpochAssembler;
  readonly nav: NavMessageDecoder;
  /** GPS time of week (ms) of MSM messages -> arrival of the latest frame with that time. */
  readonly msmArrival: Map<number, number>;
  stationId: number;
  arp?: Ecef;
}

const WEEK_MS = 604_800_000;
const towKey = (tow_s: number) => ((Math.round(tow_s * 1000) % WEEK_MS) + WEEK_MS) % WEEK_MS;

export class StreamEngine {
  readonly store = new EphemerisStore();
  readonly issues: DecodeIssue[] = [];
  private readonly inputs: InputState[] = [];
  private readonly streams = new Map<string, ObsStream>();
  private readonly iono: IonoParameters[] = [];
  private readonly ionoKeys = new Set<string>();
  private readonly glonassChannels = new Map<SatId, number>();
  private latest?: Solution;
  /** Relative positioning: base epochs by time (oldest first) with their arrival, rover epochs waiting. */
  private readonly baseEpochs: { epoch: ObsEpoch; arrival_ms: number }[] = [];
  private readonly pendingRover: PendingRover[] = [];
  private readonly stats_: EngineStats = {
    bytes: 0,
    frames: { rtcm3: 0, ubx: 0, nmea: 0 },
    checksumErrors: 0,
    garbageBytes: 0,
    truncated: 0,
    epochs: 0,
    solved: 0,
    ephemerides: 0,
    ionoSets: 0,
    invalidMessages: 0,
  };

  constructor(private readonly options: StreamEngineOptions = {}) {}

  private input(i: number): InputState {
    let s = this.inputs[i];
    if (!s) {
      s = {
        framer: (this.options.framer ?? defaultFramer)(),
        msm: new MsmEpochAssembler({ date: this.options.date, clock: this.options.clock }),
        rawx: new RawxEpochAssembler(),
        nav: new NavMessageDecoder({ referenceTime: this.options.date }),
        msmArrival: new Map(),
        stationId: -1,
      };
      this.inputs[i] = s;
    }
    return s;
  }

  /** Bytes of input `i` that arrived at `arrival_ms` (performance.now()). */
  push(i: number, chunk: Uint8Array, arrival_ms: number): EngineOutput[] {
    const s = this.input(i);
    this.stats_.bytes += chunk.length;
    const out: EngineOutput[] = [];
    for (const f of s.framer.push(chunk)) this.frame(i, s, f, arrival_ms, out);
    if (this.options.rtk) this.flushRover(arrival_ms, false, out);
    return out;
  }

  /** Navigation data from files (RINEX navigation), beside what the streams carry. */
  addNavigation(nav: NavigationData): void {
    this.store.addNavigation(nav);
    for (const p of nav.iono) this.addIono(p);
    this.stats_.ephemerides += nav.ephemerides.length;
  }

  /** End of input `i` (or of all): pending frames and epochs. */
  finish(i?: number): EngineOutput[] {
    const out: EngineOutput[] = [];
    const now = performance.now();
    const which = i === undefined ? this.inputs.map((_, k) => k) : [i];
    for (const k of which) {
      const s = this.inputs[k];
      if (!s) continue;
      for (const f of s.framer.finish()) this.frame(k, s, f, now, out);
      for (const ep of s.msm.finish())
        this.solveEpoch(k, s, `rtcm3:${s.stationId}`, ep, this.msmArrivalOf(s, ep, now), out);
    }
    // rover epochs still waiting for their base epoch: the base input has ended, or every input has
    const rtk = this.options.rtk;
    if (rtk && (i === undefined || i === rtk.baseInput)) this.flushRover(now, true, out);
    return out;
  }

  stats(): EngineStats {
    const st = { ...this.stats_, frames: { ...this.stats_.frames } };
    st.checksumErrors = 0;
    st.garbageBytes = 0;
    st.truncated = 0;
    for (const s of this.inputs) {
      if (!s) continue;
      st.checksumErrors += s.framer.stats.checksumErrors;
      st.garbageBytes += s.framer.stats.garbageBytes;
      st.truncated += s.framer.stats.truncated;
    }
    return st;
  }

  /** The latest solution (for GGA uploads to network mountpoints). */
  latestSolution(): Solution | undefined {
    return this.latest;
  }

  /** Station positions (1005/1006) seen per input. */
  stationPositions(): (Ecef | undefined)[] {
    return this.inputs.map((s) => s?.arp);
  }

  private frame(i: number, s: InputState, f: Frame, arrival_ms: number, out: EngineOutput[]): void {
    this.stats_.frames[f.protocol]++;
    if (f.protocol === "rtcm3") {
      if (this.options.forwardRtcm)
        out.push({ kind: "rtcm3", input: i, frame: { ...f, bytes: f.bytes.slice() } });
      const msg = decodeRtcm3(f, { reference: s.msm.reference() });
      switch (msg.kind) {
        case "ephemeris":
          this.stats_.ephemerides++;
          if (msg.ephemeris.kind === "glonass")
            this.glonassChannels.set(msg.ephemeris.sat, msg.ephemeris.frequencyChannel);
          this.store.addEphemeris(msg.ephemeris);
          break;
        case "station-arp":
          s.arp = msg.arp;
          s.stationId = msg.stationId;
          out.push({ kind: "station", input: i, stationId: msg.stationId, arp: msg.arp });
          break;
        case "msm": {
          s.stationId = msg.stationId;
          const tow = frameTimeOfWeek_s(f);
          if (tow !== undefined) s.msmArrival.set(towKey(tow), arrival_ms);
          break;
        }
        case "invalid":
          this.stats_.invalidMessages++;
          break;
      }
      for (const ep of s.msm.push(msg))
        this.solveEpoch(i, s, `rtcm3:${s.stationId}`, ep, this.msmArrivalOf(s, ep, arrival_ms), out);
      return;
    }
    if (f.protocol === "ubx") {
      const m = decodeUbx(f);
      if (m.kind === "RXM-RAWX") {
        const ep = s.rawx.push(m);
        for (const [sat, k] of s.rawx.glonassChannels) this.glonassChannels.set(sat, k);
        if (ep) this.solveEpoch(i, s, "ubx", ep, arrival_ms, out);
      } else if (m.kind === "RXM-SFRBX") {
        for (const p of s.nav.pushUbx(m)) {
          if (p.kind === "ephemeris") {
            this.stats_.ephemerides++;
            this.store.addEphemeris(p.ephemeris);
          } else if (p.kind === "iono") this.addIono(p.iono);
        }
      } else if (m.kind === "malformed") this.stats_.invalidMessages++;
    }
    // NMEA sentences carry nothing the solver needs
  }

  private addIono(p: IonoParameters): void {
    const key = JSON.stringify(p);
    if (this.ionoKeys.has(key)) return;
    this.ionoKeys.add(key);
    // newest set per kind and system replaces the older one
    const k = this.iono.findIndex(
      (q) => q.kind === p.kind && (q as { system?: string }).system === (p as { system?: string }).system,
    );
    if (k >= 0) this.iono[k] = p;
    else this.iono.push(p);
    this.stats_.ionoSets++;
  }

  private msmArrivalOf(s: InputState, ep: ObsEpoch, fallback_ms: number): number {
    const key = towKey(toWeekTow(ep.time).tow_s);
    const t = s.msmArrival.get(key);
    // forget older epochs' entries
    for (const k of s.msmArrival.keys()) if (k !== key && s.msmArrival.size > 8) s.msmArrival.delete(k);
    return t ?? fallback_ms;
  }

  private solveEpoch(
    i: number,
    s: InputState,
    stream: string,
    ep: ObsEpoch,
    lastByteIn_ms: number,
    out: EngineOutput[],
  ): void {
    const rtk = this.options.rtk;
    if (rtk) {
      if (i === rtk.baseInput) {
        this.baseEpochs.push({ epoch: ep, arrival_ms: lastByteIn_ms });
        this.baseEpochs.sort((a, b) => diffSeconds(a.epoch.time, b.epoch.time));
        this.flushRover(lastByteIn_ms, false, out);
        return;
      }
      this.stats_.epochs++;
      this.pendingRover.push({ input: i, stream, epoch: ep, lastByteIn_ms });
      this.flushRover(lastByteIn_ms, false, out);
      return;
    }
    this.stats_.epochs++;
    const key = `${i}|${stream}`;
    const solution = this.sppSolver(key, s.arp).solve(ep);
    if (solution.status !== "none") {
      this.stats_.solved++;
      this.latest = solution;
    }
    out.push({ kind: "solution", input: i, stream, solution, epoch: ep, lastByteIn_ms });
  }

  private obsStream(key: string): ObsStream {
    let st = this.streams.get(key);
    if (!st) {
      st = { ionoCount: -1 };
      this.streams.set(key, st);
    }
    return st;
  }

  private sppSolver(key: string, arp: Ecef | undefined): SppSolver {
    const st = this.obsStream(key);
    if (!st.solver || st.ionoCount !== this.stats_.ionoSets || (!st.approx && arp)) {
      // the solver takes its ionosphere parameters when made: make it again when new ones arrive
      st.approx = arp ?? (this.latest && this.latest.status !== "none" ? this.latest.pos : undefined);
      st.solver = new SppSolver(
        {
          source: this.store,
          iono: [...this.iono],
          glonassChannels: this.glonassChannels,
          approxPosition: st.approx,
        },
        this.options.solver,
      );
      st.ionoCount = this.stats_.ionoSets;
    }
    return st.solver;
  }

  /**
   * Solve the rover epochs whose base epoch has arrived (same time tag, or a later base epoch exists), and
   * those that waited longer than allowed (with the latest earlier base epoch); all of them when `all`.
   */
  private flushRover(now_ms: number, all: boolean, out: EngineOutput[]): void {
    const rtk = this.options.rtk as RtkStreamOptions;
    const wait = rtk.waitForBase_ms ?? 1000;
    const newestBase = this.baseEpochs[this.baseEpochs.length - 1];
    while (this.pendingRover.length > 0) {
      const r = this.pendingRover[0];
      const ready =
        all ||
        (newestBase && diffSeconds(newestBase.epoch.time, r.epoch.time) >= -0.005) ||
        now_ms - r.lastByteIn_ms > wait;
      if (!ready) break;
      this.pendingRover.shift();
      this.solveRover(r, out);
    }
    // keep base epochs a rover may still need: those within maxAge of the oldest waiting rover epoch
    const oldest = this.pendingRover[0]?.epoch.time;
    while (this.baseEpochs.length > 2) {
      const b = this.baseEpochs[1];
      const ref = oldest ?? newestBase?.epoch.time;
      if (!ref || diffSeconds(ref, b.epoch.time) < 0.005) break;
      this.baseEpochs.shift();
    }
    if (this.baseEpochs.length > 7200) this.baseEpochs.splice(0, this.baseEpochs.length - 7200);
  }

  private solveRover(r: PendingRover, out: EngineOutput[]): void {
    const rtk = this.options.rtk as RtkStreamOptions;
    // base epoch: same tag, else the latest earlier one
    let base: { epoch: ObsEpoch; arrival_ms: number } | undefined;
    for (const b of this.baseEpochs) {
      if (diffSeconds(b.epoch.time, r.epoch.time) > 0.005) break;
      base = b;
    }
    const key = `${r.input}|${r.stream}`;
    const st = this.obsStream(key);
    const s = this.inputs[r.input];
    const basePosition = rtk.basePosition ?? this.inputs[rtk.baseInput]?.arp;
    let solution: Solution;
    if (!basePosition) {
      solution = {
        ...this.sppSolver(key, s?.arp).solve(r.epoch),
        message: "no base position yet (RTCM 1005/1006)",
      };
    } else {
      if (!st.rtk) {
        st.rtk = new RtkSolver(
          {
            source: this.store,
            basePosition,
            // the single-point solver is made again when ionosphere parameters arrive: always ask for the current one
            spp: { solve: (ep: ObsEpoch) => this.sppSolver(key, s?.arp).solve(ep) },
            glonassChannels: this.glonassChannels,
          },
          rtk.options,
        );
      }
      solution = st.rtk.solve(r.epoch, base?.epoch ?? null);
    }
    if (solution.status !== "none") {
      this.stats_.solved++;
      this.latest = solution;
    }
    const lastByteIn_ms = Math.max(r.lastByteIn_ms, base?.arrival_ms ?? 0);
    out.push({ kind: "solution", input: r.input, stream: r.stream, solution, epoch: r.epoch, lastByteIn_ms });
  }
}
