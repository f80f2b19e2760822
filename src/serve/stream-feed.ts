// The feed of `beidou serve --in SOURCE ...`: receiver byte streams (RTCM 3, UBX) from files, TCP, NTRIP or
// serial ports through the real-time engine (streams/engine/stream-engine.ts), as `beidou stream` runs them.
// Files are replayed at the pace of their epoch times times `speed` (or as fast as the page takes with an
// infinite speed); live sources come as they come. The latency clock of an epoch starts at the arrival of
// its last byte, as the engine measures it.

import { BeidouError, formatError } from "../core/errors.js";
import { ecefToGeodetic } from "../frames/geodetic.js";
import type { Ecef } from "../frames/vectors.js";
import type { NavigationData } from "../orbits/ephemeris.js";
import type { SppOptions } from "../positioning/options.js";
import { defaultFramer } from "../streams/engine/default-framer.js";
import { type RtkStreamOptions, StreamEngine } from "../streams/engine/stream-engine.js";
import type { ByteSource } from "../streams/sources/byte-source.js";
import { describeEvent } from "../streams/sources/describe-event.js";
import { type Endpoint, formatEndpoint } from "../streams/sources/endpoint.js";
import { openSource } from "../streams/sources/open-endpoint.js";
import type { Instant } from "../time/instant.js";
import type { LiveItem } from "./live-epoch.js";
import type { FeedContext, FeedSummary, LiveFeed } from "./live-feed.js";

export interface StreamFeedOptions {
  readonly speed: number;
  readonly truth?: Ecef;
  readonly solver: SppOptions;
  /** Navigation files besides the ephemerides in the streams. */
  readonly navigation?: NavigationData;
  /** Date of RTCM MSM data until an ephemeris arrives. */
  readonly date?: Instant;
  /** Reconnect attempts of network inputs (default: without end). */
  readonly retries?: number;
  /** Relative positioning: the last endpoint is the base station (see StreamEngineOptions.rtk). */
  readonly rtk?: RtkStreamOptions;
}

export class StreamFeed implements LiveFeed {
  readonly description: string;
  readonly truth?: Ecef;
  readonly speed: number;
  readonly waitForClient: boolean;
  readonly chiSquareTest: boolean;

  constructor(
    private readonly endpoints: readonly Endpoint[],
    private readonly options: StreamFeedOptions,
  ) {
    if (endpoints.length === 0) throw new BeidouError("bad-argument", "no input stream");
    this.truth = options.truth;
    this.speed = options.speed;
    this.chiSquareTest = options.solver.chiSquareTest;
    this.waitForClient = endpoints.every((e) => e.kind === "file");
    const pace = this.waitForClient
      ? Number.isFinite(options.speed)
        ? ` (x${options.speed})`
        : " (as fast as the page takes)"
      : "";
    this.description = `${endpoints.map(formatEndpoint).join(" + ")}${pace}`;
  }

  async *items(ctx: FeedContext): AsyncGenerator<LiveItem, FeedSummary> {
    const o = this.options;
    const engine = new StreamEngine({ solver: o.solver, date: o.date, rtk: o.rtk });
    if (o.navigation) engine.addNavigation(o.navigation);
    const ac = new AbortController();
    const stop = () => ac.abort();
    ctx.signal.addEventListener("abort", stop, { once: true });
    const paced = Number.isFinite(o.speed);
    const sources: ByteSource[] = this.endpoints.map((e) =>
      openSource(e, {
        signal: ac.signal,
        onEvent: (ev) => {
          const text = describeEvent(ev, { gaps: true });
          if (text) ctx.log?.(text);
        },
        framer: defaultFramer,
        realtime: e.kind === "file" && paced && !e.rate_Bps && !e.realtime ? true : undefined,
        speed: e.kind === "file" && paced && !e.speed ? o.speed : undefined,
        backoff: o.retries === undefined ? undefined : { maxAttempts: o.retries },
        ggaPosition: () => {
          const s = engine.latestSolution();
          if (!s) return undefined;
          const g = ecefToGeodetic(s.pos);
          return [(g.lat_rad * 180) / Math.PI, (g.lon_rad * 180) / Math.PI, g.h_m];
        },
      }),
    );

    // the inputs are read concurrently; their epochs meet in one bounded queue (a full queue stops reading)
    const queue: LiveItem[] = [];
    let wake: (() => void) | undefined;
    const roomWaiters: (() => void)[] = [];
    const freeRoom = () => {
      for (const r of roomWaiters.splice(0)) r();
    };
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    ac.signal.addEventListener(
      "abort",
      () => {
        notify();
        freeRoom();
      },
      { once: true },
    );
    const CAPACITY = 64;
    let running = sources.length;
    const failures: unknown[] = [];
    const take = async (outs: ReturnType<StreamEngine["push"]>) => {
      for (const out of outs) {
        if (out.kind !== "solution") continue;
        while (queue.length >= CAPACITY && !ac.signal.aborted)
          await new Promise<void>((r) => roomWaiters.push(r));
        queue.push({
          solution: out.solution,
          epoch: out.epoch,
          released_ms: out.lastByteIn_ms,
          source: engine.store,
        });
        notify();
      }
    };
    const readers = sources.map(async (src, i) => {
      try {
        for await (const chunk of src) {
          await take(engine.push(i, chunk, performance.now()));
          if (ac.signal.aborted) break;
        }
        await take(engine.finish(i));
      } catch (e) {
        if (!ac.signal.aborted) failures.push(e);
      } finally {
        running--;
        notify();
      }
    });

    let epochs = 0;
    let solved = 0;
    try {
      while (!ac.signal.aborted) {
        if (queue.length === 0) {
          if (running === 0) break;
          await new Promise<void>((r) => (wake = r));
          continue;
        }
        if (!paced && ctx.gate) await ctx.gate();
        const item = queue.shift() as LiveItem;
        freeRoom();
        epochs++;
        if (item.solution.status !== "none") solved++;
        yield item;
      }
    } finally {
      ctx.signal.removeEventListener("abort", stop);
      ac.abort();
      for (const s of sources) s.close();
      await Promise.allSettled(readers);
    }
    if (failures.length > 0) {
      const e = failures[0];
      throw e instanceof BeidouError ? e : new BeidouError("io", formatError(e).replace(/^error: /, ""));
    }
    const st = engine.stats();
    ctx.log?.(
      `${st.epochs} epochs, ${st.solved} solved; ${st.frames.rtcm3} RTCM 3, ${st.frames.ubx} UBX frames; ${st.ephemerides} ephemerides; ${st.checksumErrors} checksum errors`,
    );
    return { epochs, solved };
  }
}
