// Faults on loopback: the caster killed and restarted mid-stream (the client reconnects with backoff and
// reports the gap), a client that reads nothing for seconds (the caster's memory for it stays bounded and
// the bytes it misses are counted), a stream cut in the middle of a frame, a peer that never answers, and a
// server that stays silent. Frames are checked with the test's own CRC-24Q scanner.

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BeidouError } from "../src/core/errors.js";
import { Rtcm3Framer } from "../src/formats/rtcm3/framer.js";
import { NtripCaster } from "../src/streams/ntrip/ntrip-caster.js";
import { NtripClientSource } from "../src/streams/ntrip/ntrip-client.js";
import type { StreamEvent } from "../src/streams/sources/byte-source.js";
import { type NtripEndpoint, parseEndpoint } from "../src/streams/sources/endpoint.js";
import { FileSource } from "../src/streams/sources/file-source.js";
import { TcpClientSource } from "../src/streams/sources/tcp-client-source.js";
import { collect, F9R_LOG, freePort, HAVE_F9R, scanRtcmFrames, sleep, waitFor } from "./streams-support.js";

const LOG: Buffer = HAVE_F9R ? readFileSync(F9R_LOG) : randomBytes(150_000);
const LOG_FRAMES = new Set(scanRtcmFrames(LOG).map((f) => f.hex));

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function loopedCaster(port: number, rate_Bps: number, queueCapacity_bytes?: number): NtripCaster {
  return new NtripCaster({
    host: "127.0.0.1",
    port,
    queueCapacity_bytes,
    mounts: [
      {
        name: "F9R",
        source: () => (HAVE_F9R ? new FileSource(F9R_LOG, { rate_Bps, loop: true }) : loopedBuffer(rate_Bps)),
      },
    ],
  });
}

function loopedBuffer(rate_Bps: number) {
  let closed = false;
  return {
    endpoint: "buffer",
    close() {
      closed = true;
    },
    async *[Symbol.asyncIterator]() {
      const step = Math.max(1024, Math.round(rate_Bps / 20));
      for (let i = 0; !closed; i = (i + step) % LOG.length) {
        yield LOG.subarray(i, i + step);
        await sleep(50);
      }
    },
  };
}

/** Background reader of a source: bytes so far, and a stop() that resolves with all of them. */
function reader(src: AsyncIterable<Uint8Array> & { close(): void }) {
  const parts: Buffer[] = [];
  let n = 0;
  let error: unknown;
  const done = (async () => {
    try {
      for await (const c of src) {
        parts.push(Buffer.from(c));
        n += c.length;
      }
    } catch (e) {
      error = e;
    }
  })();
  return {
    get bytes() {
      return n;
    },
    get error() {
      return error;
    },
    async stop() {
      src.close();
      await done;
      return Buffer.concat(parts);
    },
  };
}

describe("caster killed and restarted mid-stream", () => {
  it("the client reconnects with backoff and reports the gap; no damaged frame gets through", async () => {
    const port = await freePort();
    let caster = loopedCaster(port, 100_000);
    await caster.start();
    cleanups.push(() => caster.stop());
    const events: StreamEvent[] = [];
    const client = new NtripClientSource(parseEndpoint(`ntrip://127.0.0.1:${port}/F9R`) as NtripEndpoint, {
      backoff: { initial_ms: 200, factor: 2, maxAttempts: 20 },
      onEvent: (e) => events.push(e),
    });
    const r = reader(client);
    expect(await waitFor(() => r.bytes >= 30_000, 5000)).toBe(true);
    const killed_ms = Date.now();
    await caster.stop(); // every socket dropped at once, as a crash would
    await sleep(700);
    caster = loopedCaster(port, 100_000);
    await caster.start();
    const restarted_ms = Date.now();
    const before = r.bytes;
    expect(await waitFor(() => r.bytes >= before + 30_000, 8000)).toBe(true);
    const got = await r.stop();
    expect(r.error).toBeUndefined();

    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(["connected", "disconnected"]);
    expect(kinds.filter((k) => k === "retry").length).toBeGreaterThanOrEqual(1);
    expect(kinds.filter((k) => k === "connected").length).toBe(2);
    const gaps = events.filter((e) => e.kind === "gap");
    expect(gaps.length).toBe(1);
    const gap = gaps[0] as Extract<StreamEvent, { kind: "gap" }>;
    console.log(
      `caster restart: gap ${gap.to_ms - gap.from_ms} ms (killed ${killed_ms - gap.from_ms} ms after the last byte, back ${gap.to_ms - restarted_ms} ms after the restart); retries: ${events
        .filter((e) => e.kind === "retry")
        .map((e) => (e as { delay_ms: number }).delay_ms)
        .join(", ")} ms`,
    );
    expect(gap.bytesLost).toBe("unknown");
    expect(gap.from_ms).toBeLessThanOrEqual(killed_ms + 50);
    expect(gap.to_ms).toBeGreaterThanOrEqual(restarted_ms);
    expect(gap.to_ms - gap.from_ms).toBeGreaterThanOrEqual(650);
    expect(gap.to_ms - restarted_ms).toBeLessThan(2000);

    if (HAVE_F9R) {
      const frames = scanRtcmFrames(got);
      const foreign = frames.filter((f) => !LOG_FRAMES.has(f.hex));
      expect(foreign).toEqual([]);
      expect(frames.length).toBeGreaterThan(50);
    }
  });
});

describe("a client that reads nothing for a while", () => {
  it("keeps the caster's memory for it bounded, counts what it drops, and serves the others in full", async () => {
    const capacity = 64 * 1024;
    const caster = loopedCaster(0, 2_000_000, capacity);
    await caster.start();
    cleanups.push(() => caster.stop());

    const fast = reader(
      new NtripClientSource(parseEndpoint(`ntrip://127.0.0.1:${caster.port}/F9R`) as NtripEndpoint, {
        backoff: false,
      }),
    );
    cleanups.push(async () => void (await fast.stop()));
    // the stalled client: sends its request, then never reads
    const slow = net.connect(caster.port, "127.0.0.1");
    cleanups.push(() => void slow.destroy());
    await new Promise<void>((r) => slow.once("connect", () => r()));
    slow.write("GET /F9R HTTP/1.0\r\nUser-Agent: NTRIP stalled\r\n\r\n");
    slow.pause();
    const slowPort = slow.localPort;
    const slowStats = () => caster.stats()[0].clients.find((c) => c.remote.endsWith(`:${slowPort}`));
    expect(await waitFor(() => slowStats() !== undefined, 3000)).toBe(true);

    const heap0 = process.memoryUsage().heapUsed;
    let worstHeld = 0;
    const in0 = caster.stats()[0].in_bytes;
    for (let t = 0; t < 60; t++) {
      await sleep(50);
      const s = slowStats();
      if (!s) break;
      worstHeld = Math.max(worstHeld, s.queued_bytes + s.socketBuffered_bytes);
      expect(s.queued_bytes).toBeLessThanOrEqual(capacity);
    }
    const offered = caster.stats()[0].in_bytes - in0;
    const s = slowStats();
    const heapGrowth = process.memoryUsage().heapUsed - heap0;
    console.log(
      `stalled client: ${offered} B offered in 3 s; held for it at worst ${worstHeld} B (queue cap ${capacity} B); dropped ${s?.dropped_bytes} B in ${s?.dropped_chunks} chunks; heap growth ${(heapGrowth / 1e6).toFixed(1)} MB`,
    );
    expect(offered).toBeGreaterThan(3_000_000);
    // queue + Node's socket buffer (16 KiB high-water mark plus the one chunk that crossed it)
    expect(worstHeld).toBeLessThanOrEqual(capacity + 16 * 1024 + 64 * 1024);
    expect(s?.dropped_bytes).toBeGreaterThan(1_000_000);
    // the reading client lost nothing
    const fastStats = caster.stats()[0].clients.find((c) => !c.remote.endsWith(`:${slowPort}`));
    expect(fastStats?.dropped_bytes).toBe(0);
    expect(fast.bytes).toBeGreaterThan(offered * 0.9);

    // once it reads again, it gets data again; what it gets holds no damaged frame
    const slowParts: Buffer[] = [];
    slow.on("data", (d: Buffer) => slowParts.push(d));
    slow.resume();
    const sent0 = s?.sent_bytes ?? 0;
    expect(await waitFor(() => (slowStats()?.sent_bytes ?? 0) > sent0 + 200_000, 5000)).toBe(true);
    if (HAVE_F9R) {
      const frames = scanRtcmFrames(Buffer.concat(slowParts));
      expect(frames.filter((f) => !LOG_FRAMES.has(f.hex))).toEqual([]);
      expect(frames.length).toBeGreaterThan(100);
    }
  });
});

describe("a stream cut in the middle of a frame", () => {
  it.skipIf(!HAVE_F9R)(
    "delivers every byte before the cut; framers keep every whole frame and count one truncated",
    async () => {
      const frames = scanRtcmFrames(LOG);
      const victim = frames[Math.floor(frames.length / 2)];
      const cut = victim.offset + Math.floor(victim.hex.length / 4); // half-way through the frame
      const server = net.createServer((s) => {
        s.end(LOG.subarray(0, cut));
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
      const port = (server.address() as net.AddressInfo).port;
      const events: StreamEvent[] = [];
      const got = await collect(
        new TcpClientSource("127.0.0.1", port, { backoff: false, onEvent: (e) => events.push(e) }),
        {
          timeout_ms: 5000,
        },
      );
      expect(got.equals(LOG.subarray(0, cut))).toBe(true);
      expect(events.map((e) => e.kind)).toEqual(["connected", "disconnected"]);

      const expected = frames.filter((f) => f.offset + f.hex.length / 2 <= cut).map((f) => f.hex);
      const framer = new Rtcm3Framer();
      const out = [...framer.push(got), ...framer.finish()].map((f) => Buffer.from(f.bytes).toString("hex"));
      expect(out).toEqual(expected);
      expect(framer.stats.truncated).toBe(1);
    },
  );
});

describe("peers that fail", () => {
  it("backs off exponentially against a closed port and gives up after the attempts allowed", async () => {
    const port = await freePort(); // nothing listens there
    const events: StreamEvent[] = [];
    const t0 = Date.now();
    const src = new TcpClientSource("127.0.0.1", port, {
      backoff: { initial_ms: 50, factor: 2, maxAttempts: 4 },
      onEvent: (e) => events.push(e),
    });
    const err = await collect(src, { timeout_ms: 5000 }).catch((e) => e);
    expect(err).toBeInstanceOf(BeidouError);
    expect(String(err.message)).toMatch(/gave up after 4 attempts/);
    expect(events.filter((e) => e.kind === "retry").map((e) => (e as { delay_ms: number }).delay_ms)).toEqual(
      [50, 100, 200, 400],
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(750);
  });

  it("reconnects when a caster answers and then stays silent", async () => {
    let accepted = 0;
    const server = net.createServer((s) => {
      accepted++;
      s.on("data", () => s.write("ICY 200 OK\r\n"));
      s.on("error", () => {});
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as net.AddressInfo).port;
    const events: StreamEvent[] = [];
    const src = new NtripClientSource(parseEndpoint(`ntrip://127.0.0.1:${port}/M`) as NtripEndpoint, {
      idleTimeout_ms: 300,
      backoff: { initial_ms: 50, maxAttempts: 2 },
      onEvent: (e) => events.push(e),
    });
    await collect(src, { timeout_ms: 4000 }).catch(() => {});
    expect(accepted).toBe(3);
    const reasons = events
      .filter((e) => e.kind === "disconnected")
      .map((e) => (e as { reason: string }).reason);
    expect(reasons.length).toBe(3);
    for (const r of reasons) expect(r).toMatch(/no data for 0\.3 s/);
  });
});
