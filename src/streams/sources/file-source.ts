// `file:PATH`: a log read as fast as possible, at a fixed byte rate, or at the pace of the epoch times in it
// (RTCM 3 MSM and u-blox times: the bytes up to the end of a timed frame are released when the wall clock,
// started at the first timed frame, reaches that frame's time divided by `speed`).

import { createReadStream } from "node:fs";
import { BeidouError } from "../../core/errors.js";
import type { Framer } from "../../formats/framing.js";
import { sleep } from "./backoff.js";
import type { ByteSource, SourceOptions } from "./byte-source.js";
import { frameTimeOfWeek_s } from "./frame-time.js";

export interface FileSourceOptions extends SourceOptions {
  /** Bytes per second; undefined = as fast as possible. */
  readonly rate_Bps?: number;
  /** Pace by the epoch times in the data; needs `framer`. */
  readonly realtime?: boolean;
  /** Replay speed factor for `realtime` (2 = twice as fast). */
  readonly speed?: number;
  /** Makes the frames whose times pace a realtime replay (a MixedStreamSplitter). */
  readonly framer?: () => Framer;
  /** Longest pause (s) between two timed frames in a realtime replay (data gaps in the log). */
  readonly maxPause_s?: number;
  /** Start again at the end. */
  readonly loop?: boolean;
  /** Read size (bytes). */
  readonly chunk_bytes?: number;
}

const WEEK_s = 604800;

export class FileSource implements ByteSource {
  readonly endpoint: string;
  private readonly abort = new AbortController();
  /** Bytes delivered so far (over all loops). */
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly options: FileSourceOptions = {},
  ) {
    this.endpoint = `file:${path}`;
    if (options.realtime && !options.framer)
      throw new BeidouError("bad-argument", `${path}: a real-time replay needs a framer for the epoch times`);
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  close(): void {
    this.abort.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const o = this.options;
    const signal = this.abort.signal;
    do {
      const raw = this.readOnce(signal);
      const paced = o.realtime
        ? paceByFrameTimes(raw, (o.framer as () => Framer)(), o.speed ?? 1, o.maxPause_s ?? 10, signal)
        : o.rate_Bps
          ? paceByRate(raw, o.rate_Bps, signal)
          : raw;
      for await (const c of paced) {
        if (signal.aborted) return;
        this.bytes += c.length;
        yield c;
      }
      o.onEvent?.({ kind: "end", endpoint: this.endpoint, at_ms: Date.now(), bytes: this.bytes });
    } while (o.loop && !signal.aborted);
  }

  private async *readOnce(signal: AbortSignal): AsyncGenerator<Uint8Array> {
    const stream = createReadStream(this.path, { highWaterMark: this.options.chunk_bytes ?? 64 * 1024 });
    try {
      for await (const c of stream) {
        if (signal.aborted) return;
        yield c as Uint8Array;
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === "ENOENT") throw new BeidouError("io", `${this.path}: no such file`);
      if (err.code === "EISDIR") throw new BeidouError("io", `${this.path}: is a directory`);
      throw new BeidouError("io", `${this.path}: ${err.message}`);
    } finally {
      stream.destroy();
    }
  }
}

/** Release bytes at `rate_Bps`, in slices of about 50 ms. */
export async function* paceByRate(
  chunks: AsyncIterable<Uint8Array>,
  rate_Bps: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const slice = Math.max(1, Math.round(rate_Bps / 20));
  const start = performance.now();
  let sent = 0;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += slice) {
      const part = chunk.subarray(i, Math.min(chunk.length, i + slice));
      const due_ms = start + (sent / rate_Bps) * 1000;
      const wait = due_ms - performance.now();
      if (wait > 1) await sleep(wait, signal);
      if (signal?.aborted) return;
      sent += part.length;
      yield part;
    }
  }
}

/**
 * Release bytes at the pace of the frame times: everything up to the end of a timed frame is released at
 * start + (t - t0) / speed. Times that go back (another message's clock) release at once; a jump forward
 * of more than `maxPause_s` is shortened to it.
 */
export async function* paceByFrameTimes(
  chunks: AsyncIterable<Uint8Array>,
  framer: Framer,
  speed: number,
  maxPause_s: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let streamOffset = 0;
  let t0: number | undefined;
  let start_ms = 0;
  let latest = Number.NEGATIVE_INFINITY;
  let weekShift = 0;
  let lastRaw: number | undefined;
  // bytes after the last timed frame of a chunk belong to a later epoch: held until its release
  const held: Uint8Array[] = [];
  for await (const chunk of chunks) {
    let cursor = 0;
    for (const f of framer.push(chunk)) {
      const raw = frameTimeOfWeek_s(f);
      if (raw === undefined || !Number.isFinite(raw)) continue;
      if (lastRaw !== undefined && raw < lastRaw - WEEK_s / 2) weekShift += WEEK_s;
      lastRaw = raw;
      const t = raw + weekShift;
      if (t0 === undefined) {
        t0 = t;
        start_ms = performance.now();
        latest = t;
      } else if (t > latest) {
        if (t - latest > maxPause_s) t0 += t - latest - maxPause_s;
        latest = t;
      }
      const end = f.offset + f.bytes.length - streamOffset;
      const wait = start_ms + ((latest - t0) / speed) * 1000 - performance.now();
      if (wait > 1) await sleep(wait, signal);
      if (signal?.aborted) return;
      while (held.length > 0) yield held.shift() as Uint8Array;
      if (end > cursor) {
        yield chunk.subarray(cursor, end);
        cursor = end;
      }
    }
    if (cursor < chunk.length) {
      if (t0 === undefined) yield chunk.subarray(cursor);
      else held.push(chunk.subarray(cursor));
    }
    streamOffset += chunk.length;
  }
  framer.finish();
  while (held.length > 0) yield held.shift() as Uint8Array;
}
