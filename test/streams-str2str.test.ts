// A real peer on loopback: RTKLIB 2.4.3's str2str (Debian package rtklib).
// 1. str2str as the NTRIP caster (`-out ntripc://`), fed the F9R log over TCP by beidou's tcpserver sink;
//    beidou's NTRIP 1.0 and 2.0 clients receive every RTCM frame intact.
// 2. beidou's caster serving the log to str2str as the NTRIP client (`-in ntrip://`): every CRC-checked
//    frame in equals every frame out, and the bytes are identical.
// 3. str2str as an NTRIP 1.0 server (`-out ntrips://`, SOURCE) pushing into beidou's caster.
// 4. str2str's caster killed (SIGKILL) and restarted mid-stream: beidou's client reconnects, reports the gap.
// str2str's caster listens on every interface (RTKLIB has no bind address option); the port is a free one
// and every str2str is killed when its test ends.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ecefToEnu } from "../src/frames/geodetic.js";
import { ecef } from "../src/frames/vectors.js";
import { defaultFramer } from "../src/streams/engine/default-framer.js";
import { runStream } from "../src/streams/engine/run-stream.js";
import { StreamEngine } from "../src/streams/engine/stream-engine.js";
import { NtripCaster } from "../src/streams/ntrip/ntrip-caster.js";
import { NtripClientSource } from "../src/streams/ntrip/ntrip-client.js";
import type { StreamEvent } from "../src/streams/sources/byte-source.js";
import { type NtripEndpoint, parseEndpoint } from "../src/streams/sources/endpoint.js";
import { FileSource } from "../src/streams/sources/file-source.js";
import { TcpServerSink } from "../src/streams/sources/tcp-server-sink.js";
import { F9R_LOG, freePort, HAVE_F9R, scanRtcmFrames, sleep, waitFor } from "./streams-support.js";

const HAVE_STR2STR = spawnSync("str2str", ["-h"], { stdio: "ignore" }).error === undefined;
if (!HAVE_STR2STR)
  console.log("str2str tests skipped: RTKLIB's str2str is not installed (apt-get install rtklib)");

const LOG = HAVE_F9R ? readFileSync(F9R_LOG) : Buffer.alloc(0);
const LOG_FRAMES = scanRtcmFrames(LOG).map((f) => f.hex);
/** PROVENANCE.md of rtcm3-bds-streams: the 1006 ARP of station 41. */
const ARP = ecef(4472544.6659, 601634.1, 4492545.0279);

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function str2str(args: string[]): ChildProcess {
  const p = spawn("str2str", args, { stdio: ["ignore", "ignore", "pipe"] });
  p.stderr?.on("data", () => {}); // status lines
  cleanups.push(() => {
    if (p.exitCode === null) p.kill("SIGKILL");
  });
  return p;
}

/** Background reader of a beidou source. */
function reader(src: AsyncIterable<Uint8Array> & { close(): void }) {
  const parts: Buffer[] = [];
  let n = 0;
  const done = (async () => {
    try {
      for await (const c of src) {
        parts.push(Buffer.from(c));
        n += c.length;
      }
    } catch {
      // ended by close()
    }
  })();
  return {
    get bytes() {
      return n;
    },
    get buffer() {
      return Buffer.concat(parts);
    },
    async stop() {
      src.close();
      await done;
      return Buffer.concat(parts);
    },
  };
}

/** beidou's tcpserver sink on 127.0.0.1 that str2str's `-in tcpcli://` connects to. */
async function feeder(): Promise<TcpServerSink> {
  const sink = new TcpServerSink("127.0.0.1", 0);
  await sink.start();
  cleanups.push(() => sink.close());
  return sink;
}

async function pump(
  sink: TcpServerSink,
  rate_Bps: number,
  loop = false,
  signal?: AbortSignal,
): Promise<void> {
  for await (const c of new FileSource(F9R_LOG, { rate_Bps, loop, signal })) await sink.write(c);
}

describe.skipIf(!HAVE_STR2STR || !HAVE_F9R)("RTKLIB str2str as a real peer", () => {
  for (const version of [1, 2] as const) {
    it(`str2str caster -> beidou NTRIP ${version}.0 client: every RTCM frame intact`, async () => {
      const feed = await feeder();
      const casterPort = await freePort();
      str2str(["-in", `tcpcli://127.0.0.1:${feed.port}`, "-out", `ntripc://:${casterPort}/F9R`, "-r", "200"]);
      expect(await waitFor(() => feed.clients === 1, 8000)).toBe(true);
      const events: StreamEvent[] = [];
      const client = new NtripClientSource(
        parseEndpoint(`ntrip://127.0.0.1:${casterPort}/F9R?version=${version}`) as NtripEndpoint,
        { backoff: { initial_ms: 100, maxAttempts: 30 }, onEvent: (e) => events.push(e) },
      );
      const r = reader(client);
      expect(await waitFor(() => events.some((e) => e.kind === "connected"), 8000)).toBe(true);
      await sleep(200);
      await pump(feed, 300_000);
      const complete = await waitFor(() => scanRtcmFrames(r.buffer).length >= LOG_FRAMES.length, 8000);
      const got = await r.stop();
      const frames = scanRtcmFrames(got).map((f) => f.hex);
      console.log(
        `str2str caster -> beidou ${version}.0: ${frames.length}/${LOG_FRAMES.length} RTCM frames, ${got.length}/${LOG.length} bytes`,
      );
      expect(complete).toBe(true);
      expect(frames).toEqual(LOG_FRAMES);
      expect(got.equals(LOG)).toBe(true);
      expect(client.lastAnswer).toBe("ICY 200 OK"); // RTKLIB's caster speaks NTRIP 1.0 to both
    });
  }

  it("str2str caster -> beidou NTRIP client -> engine: single-point positions solved live", async () => {
    const feed = await feeder();
    const casterPort = await freePort();
    str2str(["-in", `tcpcli://127.0.0.1:${feed.port}`, "-out", `ntripc://:${casterPort}/F9R`, "-r", "200"]);
    expect(await waitFor(() => feed.clients === 1, 8000)).toBe(true);
    const events: StreamEvent[] = [];
    const client = new NtripClientSource(
      parseEndpoint(`ntrip://127.0.0.1:${casterPort}/F9R`) as NtripEndpoint,
      {
        backoff: { initial_ms: 100, maxAttempts: 30 },
        onEvent: (e) => events.push(e),
      },
    );
    const enu: number[][] = [];
    const engine = new StreamEngine();
    const running = runStream({
      inputs: [client],
      sink: { endpoint: "null", write: async () => {}, close: async () => {} },
      engine,
      format: "nmea",
      maxSolutions: 15,
      onOutput: (o) => enu.push([...ecefToEnu(o.solution.pos, ARP)]),
    });
    expect(await waitFor(() => events.some((e) => e.kind === "connected"), 8000)).toBe(true);
    await sleep(200);
    // the log at 5 times its own pace (its 30 epochs in 6 s), through str2str's caster
    const ac = new AbortController();
    cleanups.push(() => ac.abort());
    const feeding = (async () => {
      for await (const c of new FileSource(F9R_LOG, {
        realtime: true,
        speed: 5,
        framer: defaultFramer,
        signal: ac.signal,
      }))
        await feed.write(c);
    })();
    const timer = setTimeout(() => client.close(), 15_000);
    const summary = await running;
    clearTimeout(timer);
    ac.abort();
    await feeding;
    const worst = Math.max(...enu.map((e) => Math.hypot(e[0], e[1], e[2])));
    console.log(
      `str2str caster -> beidou engine: ${summary.solutions} positions live, worst 3D error vs the 1006 ARP ${worst.toFixed(2)} m; latency p50 ${summary.latency.p50_ms.toFixed(2)} ms, p99 ${summary.latency.p99_ms.toFixed(2)} ms`,
    );
    expect(summary.solutions).toBe(15);
    // RTKLIB's SPP of these data (rtklib-reference/README.md): RMS E/N/U 0.42/2.28/0.73 m
    expect(worst).toBeLessThan(4);
    expect(summary.latency.count).toBe(15);
  });

  it("beidou caster -> str2str NTRIP client: CRC-checked frames in == frames out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "beidou-str2str-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, "out.rtcm3");
    const caster = new NtripCaster({
      host: "127.0.0.1",
      port: 0,
      users: [["rover", "pw"]],
      mounts: [{ name: "F9R", source: () => new FileSource(F9R_LOG, { rate_Bps: 300_000 }) }],
    });
    await caster.start();
    cleanups.push(() => caster.stop());
    const p = str2str(["-in", `ntrip://rover:pw@127.0.0.1:${caster.port}/F9R`, "-out", `file://${out}`]);
    const size = () => statSync(out, { throwIfNoEntry: false })?.size ?? 0;
    const done = await waitFor(() => size() >= LOG.length, 10_000);
    p.kill("SIGINT");
    await new Promise((r) => p.once("exit", r));
    const got = readFileSync(out);
    const frames = scanRtcmFrames(got).map((f) => f.hex);
    console.log(
      `beidou caster -> str2str: ${frames.length}/${LOG_FRAMES.length} RTCM frames, ${got.length}/${LOG.length} bytes`,
    );
    expect(done).toBe(true);
    expect(frames).toEqual(LOG_FRAMES);
    expect(got.subarray(0, LOG.length).equals(LOG)).toBe(true);
  });

  it("str2str NTRIP 1.0 server (SOURCE) -> beidou caster -> beidou client", async () => {
    const feed = await feeder();
    const caster = new NtripCaster({ host: "127.0.0.1", port: 0, sourceUser: ["", "secret"] });
    await caster.start();
    cleanups.push(() => caster.stop());
    str2str([
      "-in",
      `tcpcli://127.0.0.1:${feed.port}`,
      "-out",
      `ntrips://:secret@127.0.0.1:${caster.port}/PUSH`,
      "-r",
      "200",
    ]);
    expect(
      await waitFor(
        () => feed.clients === 1 && caster.stats().some((m) => m.name === "PUSH" && m.feed === "push"),
        8000,
      ),
    ).toBe(true);
    const client = new NtripClientSource(
      parseEndpoint(`ntrip://127.0.0.1:${caster.port}/PUSH`) as NtripEndpoint,
      {
        backoff: false,
      },
    );
    const r = reader(client);
    expect(
      await waitFor(() => caster.stats().find((m) => m.name === "PUSH")?.clients.length === 1, 5000),
    ).toBe(true);
    await pump(feed, 300_000);
    const complete = await waitFor(() => scanRtcmFrames(r.buffer).length >= LOG_FRAMES.length, 8000);
    const got = await r.stop();
    expect(complete).toBe(true);
    expect(scanRtcmFrames(got).map((f) => f.hex)).toEqual(LOG_FRAMES);
    expect(got.equals(LOG)).toBe(true);
  });

  it("str2str caster killed (SIGKILL) and restarted mid-stream: beidou reconnects and reports the gap", async () => {
    const feed = await feeder();
    const ac = new AbortController();
    cleanups.push(() => ac.abort());
    const casterPort = await freePort();
    const args = [
      "-in",
      `tcpcli://127.0.0.1:${feed.port}`,
      "-out",
      `ntripc://:${casterPort}/F9R`,
      "-r",
      "200",
    ];
    let p = str2str(args);
    expect(await waitFor(() => feed.clients === 1, 8000)).toBe(true);
    const pumping = pump(feed, 100_000, true, ac.signal);
    const events: StreamEvent[] = [];
    const client = new NtripClientSource(
      parseEndpoint(`ntrip://127.0.0.1:${casterPort}/F9R`) as NtripEndpoint,
      {
        backoff: { initial_ms: 200, factor: 2, maxAttempts: 30 },
        onEvent: (e) => events.push(e),
      },
    );
    const r = reader(client);
    expect(await waitFor(() => r.bytes > 30_000, 8000)).toBe(true);
    p.kill("SIGKILL");
    await new Promise((res) => p.once("exit", res));
    const killed_ms = Date.now();
    await sleep(500);
    p = str2str(args);
    const before = r.bytes;
    const resumed = await waitFor(() => r.bytes > before + 30_000, 10_000);
    const got = await r.stop();
    ac.abort();
    await pumping;
    expect(resumed).toBe(true);
    const gap = events.find((e) => e.kind === "gap") as Extract<StreamEvent, { kind: "gap" }> | undefined;
    expect(gap).toBeDefined();
    if (!gap) return;
    console.log(
      `str2str restart: gap ${gap.to_ms - gap.from_ms} ms, ${events.filter((e) => e.kind === "retry").length} retries`,
    );
    expect(gap.from_ms).toBeLessThanOrEqual(killed_ms);
    expect(gap.to_ms - gap.from_ms).toBeGreaterThanOrEqual(500);
    expect(gap.bytesLost).toBe("unknown");
    const known = new Set(LOG_FRAMES);
    const frames = scanRtcmFrames(got);
    expect(frames.filter((f) => !known.has(f.hex))).toEqual([]);
    // 60 kB of the mixed log hold about 80 RTCM frames
    expect(frames.length).toBeGreaterThan(40);
  });
});
