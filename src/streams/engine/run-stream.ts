// The real-time loop: read every input concurrently, push each chunk into the engine with its arrival
// time, write each solution to the sink in the chosen format, and measure the latency from the last
// byte of an epoch in to its solution handed to the sink.

import { encodeRtcm3 } from "../../formats/rtcm3/encode.js";
import { MsmEncoderState } from "../../formats/rtcm3/msm-encode.js";
import type { MsmSystem } from "../../formats/rtcm3/msm-signals.js";
import type { Ecef } from "../../frames/vectors.js";
import { SYSTEM_NAMES } from "../../signals/system.js";
import { diffSeconds, type Instant } from "../../time/instant.js";
import { nmeaSentences } from "../sinks/nmea.js";
import { type CoordsFormat, type PosHeaderInfo, posHeader, posLine, type TimeFormat } from "../sinks/pos.js";
import { jsonLine } from "../sinks/table.js";
import type { ByteSink, ByteSource, StreamEvent } from "../sources/byte-source.js";
import { formatLatency, LatencyRecorder, type LatencySummary } from "./latency.js";
import type { EngineOutput, EngineStats, StreamEngine } from "./stream-engine.js";

export type StreamFormat = "nmea" | "jsonl" | "pos" | "rtcm3";

export interface RunStreamOptions {
  readonly inputs: readonly ByteSource[];
  readonly sink: ByteSink;
  readonly engine: StreamEngine;
  readonly format: StreamFormat;
  readonly coords?: CoordsFormat;
  readonly timeFormat?: TimeFormat;
  /** Write epochs without a solution too (jsonl only). */
  readonly includeUnsolved?: boolean;
  /** Stop after this many solved epochs. */
  readonly maxSolutions?: number;
  /** Called with every solution output as it is written (tests, dashboards). */
  readonly onOutput?: (o: Extract<EngineOutput, { kind: "solution" }>, latency_ms: number) => void;
  /** Messages for people (stderr). */
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Connection events pushed here by the sources' listeners; drained and written (jsonl) as they come. */
  readonly events?: StreamEvent[];
  /** Fields of the .pos header. */
  readonly posInfo?: Partial<PosHeaderInfo>;
  /** Stop every input once these have ended (rover files replayed against an endless base stream). */
  readonly endWith?: readonly number[];
}

export interface StreamSummary {
  readonly latency: LatencySummary;
  readonly stats: EngineStats;
  readonly solutions: number;
  readonly gaps: number;
  readonly stations: (Ecef | undefined)[];
  readonly elapsed_ms: number;
}

const enc = new TextEncoder();

/** One JSON line for a connection event (gap, reconnect), for the jsonl output. */
export function eventLine(e: StreamEvent): string {
  const { kind, ...rest } = e;
  return `${JSON.stringify({ event: kind, ...rest })}\n`;
}

export async function runStream(o: RunStreamOptions): Promise<StreamSummary> {
  const t0 = performance.now();
  const latency = new LatencyRecorder();
  const log = o.log ?? (() => {});
  let solutions = 0;
  let gaps = 0;
  let stopped = false;
  const stopAll = () => {
    stopped = true;
    for (const s of o.inputs) s.close();
  };
  o.signal?.addEventListener("abort", stopAll, { once: true });
  const coords = o.coords ?? "xyz";
  const timeFormat = o.timeFormat ?? "tow";

  if (o.format === "pos") {
    await o.sink.write(
      enc.encode(
        posHeader(
          {
            program: "beidou stream",
            inputs: o.inputs.map((s) => s.endpoint),
            mode: "Single",
            elevMask_deg: 10,
            iono: "broadcast",
            tropo: "saastamoinen",
            ephemeris: "Broadcast (from the stream)",
            systems: Object.values(SYSTEM_NAMES).slice(0, 5).join(" "),
            ...o.posInfo,
          },
          coords,
          timeFormat,
        ),
      ),
    );
  }

  const drainEvents = async () => {
    const ev = o.events;
    while (ev && ev.length > 0) {
      const e = ev.shift() as StreamEvent;
      if (e.kind === "gap") {
        gaps++;
        log(
          `gap on ${e.endpoint}: no data from ${new Date(e.from_ms).toISOString()} to ${new Date(e.to_ms).toISOString()} (${((e.to_ms - e.from_ms) / 1000).toFixed(1)} s, bytes lost unknown)`,
        );
      }
      if (o.format === "jsonl") await o.sink.write(enc.encode(eventLine(e)));
    }
  };

  // --format rtcm3: RTCM inputs are forwarded frame by frame; other observations (UBX RAWX) are encoded here as
  // MSM7 with a 1005 from the solution every 30 s, so that beidou can serve a u-blox receiver as a base
  const msmStates = new Map<MsmSystem, MsmEncoderState>();
  let lastArp: Instant | undefined;
  const encodeEpoch = async (out: Extract<EngineOutput, { kind: "solution" }>) => {
    const ep = out.epoch;
    const s = out.solution;
    if (s.status !== "none" && (!lastArp || diffSeconds(ep.time, lastArp) >= 30)) {
      for (const f of encodeRtcm3({ kind: "station-arp", type: 1005, stationId: 0, arp: s.pos }))
        await o.sink.write(f);
      lastArp = ep.time;
    }
    const systems = [...new Set(ep.sats.map((x) => x[0]))].filter((x): x is MsmSystem =>
      "GRESJCI".includes(x),
    );
    for (let k = 0; k < systems.length; k++) {
      let state = msmStates.get(systems[k]);
      if (!state) {
        state = new MsmEncoderState();
        msmStates.set(systems[k], state);
      }
      const frames = encodeRtcm3({
        kind: "msm",
        msm: 7,
        system: systems[k],
        epoch: ep,
        stationId: 0,
        moreFollow: k < systems.length - 1,
        state,
      });
      for (const f of frames) await o.sink.write(f);
    }
  };

  const emit = async (outs: EngineOutput[]) => {
    await drainEvents();
    for (const out of outs) {
      if (stopped && o.maxSolutions !== undefined && solutions >= o.maxSolutions) return;
      if (out.kind === "rtcm3") {
        if (o.format === "rtcm3") await o.sink.write(out.frame.bytes);
        continue;
      }
      if (out.kind === "station") continue;
      const s = out.solution;
      const solved = s.status !== "none";
      if (o.format === "rtcm3" && !out.stream.startsWith("rtcm3")) await encodeEpoch(out);
      let text = "";
      if (o.format === "pos") text = solved ? posLine(s, coords, timeFormat) : "";
      else if (o.format === "nmea") text = solved ? nmeaSentences(s) : "";
      else if (o.format === "jsonl" && (solved || o.includeUnsolved)) text = jsonLine(s);
      if (solved) solutions++;
      if (text.length === 0 && o.format !== "rtcm3") continue;
      if (o.format === "jsonl") {
        // latency of this epoch up to the moment the line is built; the write that follows is measured below
        const pre = performance.now() - out.lastByteIn_ms;
        text = `{"input":${out.input},"stream":${JSON.stringify(out.stream)},"latency_ms":${pre.toFixed(3)},${text.slice(1)}`;
      }
      if (text.length > 0) await o.sink.write(enc.encode(text));
      const lat = performance.now() - out.lastByteIn_ms;
      if (solved) latency.record(lat);
      o.onOutput?.(out, lat);
      if (o.maxSolutions !== undefined && solutions >= o.maxSolutions) stopAll();
    }
  };

  const failures: unknown[] = [];
  const ended = new Set<number>();
  await Promise.all(
    o.inputs.map(async (src, i) => {
      try {
        for await (const chunk of src) {
          const arrival = performance.now();
          await emit(o.engine.push(i, chunk, arrival));
          if (stopped) break;
        }
      } catch (e) {
        if (!stopped) failures.push(e);
      }
      await emit(o.engine.finish(i));
      if (o.endWith?.includes(i)) {
        ended.add(i);
        if (o.endWith.every((k) => ended.has(k)) && !stopped) stopAll();
      }
    }),
  );
  await drainEvents();
  const summary: StreamSummary = {
    latency: latency.summary(),
    stats: o.engine.stats(),
    solutions,
    gaps,
    stations: o.engine.stationPositions(),
    elapsed_ms: performance.now() - t0,
  };
  if (o.format === "jsonl") {
    await o.sink.write(
      enc.encode(
        `${JSON.stringify({ summary: { latency: summary.latency, ...summary.stats, solutions } })}\n`,
      ),
    );
  }
  log(formatLatency(summary.latency));
  if (failures.length > 0) throw failures[0];
  return summary;
}
