// beidou's NTRIP caster and client against each other on loopback (127.0.0.1, ports picked by the OS):
// NTRIP 1.0 and 2.0 clients get the served log byte for byte, the sourcetable lists the mountpoints,
// credentials and unknown mountpoints end the client at once, NTRIP servers can push (SOURCE and POST),
// GGA sentences go up at the asked interval, and the TCP source/sink pair moves a log intact.

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { NtripCaster } from "../src/streams/ntrip/ntrip-caster.js";
import { fetchSourcetable, NtripClientSource } from "../src/streams/ntrip/ntrip-client.js";
import { ntripServerSink } from "../src/streams/ntrip/ntrip-server-sink.js";
import type { StreamEvent } from "../src/streams/sources/byte-source.js";
import { type NtripEndpoint, parseEndpoint } from "../src/streams/sources/endpoint.js";
import { FileSource } from "../src/streams/sources/file-source.js";
import { TcpClientSink } from "../src/streams/sources/tcp-client-sink.js";
import { TcpClientSource } from "../src/streams/sources/tcp-client-source.js";
import { TcpServerSink } from "../src/streams/sources/tcp-server-sink.js";
import { TcpServerSource } from "../src/streams/sources/tcp-server-source.js";
import { collect, F9R_LOG, HAVE_F9R, sleep, waitFor } from "./streams-support.js";

/** The F9R log when the shared data are there, else 150 kB of random bytes (the transport does not care). */
const LOG_PATH = HAVE_F9R ? F9R_LOG : undefined;
const LOG: Buffer = LOG_PATH ? readFileSync(LOG_PATH) : randomBytes(150_000);

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function startCaster(
  opts: Partial<ConstructorParameters<typeof NtripCaster>[0]> = {},
): Promise<NtripCaster> {
  const caster = new NtripCaster({
    host: "127.0.0.1",
    port: 0,
    mounts: [
      {
        name: "F9R",
        source: () =>
          LOG_PATH ? new FileSource(LOG_PATH, { rate_Bps: 400_000 }) : bufferSource(LOG, 400_000),
        str: { formatDetails: "1042(1),1125(1)", lat_deg: 45.07, lon_deg: 7.66 },
      },
    ],
    ...opts,
  });
  await caster.start();
  cleanups.push(() => caster.stop());
  return caster;
}

/** A byte source over a buffer at a rate (for when the log is absent). */
function bufferSource(buf: Buffer, rate_Bps: number) {
  let closed = false;
  return {
    endpoint: "buffer",
    close() {
      closed = true;
    },
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < buf.length && !closed; i += 8192) {
        yield buf.subarray(i, i + 8192);
        await sleep((8192 / rate_Bps) * 1000);
      }
    },
  };
}

const ntrip = (port: number, mount: string, extra = ""): NtripEndpoint =>
  parseEndpoint(`ntrip://127.0.0.1:${port}/${mount}${extra}`) as NtripEndpoint;

describe("beidou caster <-> beidou client", () => {
  for (const version of [1, 2] as const) {
    it(`NTRIP ${version}.0 client receives the log byte for byte`, async () => {
      const caster = await startCaster();
      const events: StreamEvent[] = [];
      const client = new NtripClientSource(ntrip(caster.port, "F9R", `?version=${version}`), {
        backoff: false,
        onEvent: (e) => events.push(e),
      });
      const got = await collect(client, { timeout_ms: 8000 });
      expect(got.length).toBe(LOG.length);
      expect(got.equals(LOG)).toBe(true);
      expect(client.lastAnswer).toBe(version === 1 ? "ICY 200 OK" : "HTTP/1.1 200 OK");
      expect(events.map((e) => e.kind)).toEqual(["connected", "disconnected"]);
    });
  }

  it("serves its sourcetable to NTRIP 1.0 and 2.0 requests", async () => {
    const caster = await startCaster();
    for (const version of [1, 2] as const) {
      const t = await fetchSourcetable({ ...ntrip(caster.port, ""), version });
      expect(t.complete).toBe(true);
      expect(t.streams.map((s) => s.mount)).toEqual(["F9R"]);
      expect(t.streams[0]).toMatchObject({ formatDetails: "1042(1),1125(1)", lat_deg: 45.07, lon_deg: 7.66 });
      expect(t.casters[0].port).toBe(caster.port);
    }
  });

  it("ends the client at once on a wrong password or an unknown mountpoint (no retries)", async () => {
    const caster = await startCaster({ users: [["alice", "secret"]] });
    const retries: StreamEvent[] = [];
    const opts = {
      backoff: { initial_ms: 50, maxAttempts: 5 },
      onEvent: (e: StreamEvent) => retries.push(e),
    };
    const ok = new NtripClientSource(
      parseEndpoint(`ntrip://alice:secret@127.0.0.1:${caster.port}/F9R`) as NtripEndpoint,
      opts,
    );
    expect((await collect(ok, { max: 1000, timeout_ms: 5000 })).length).toBeGreaterThanOrEqual(1000);
    for (const [spec, why] of [
      [`ntrip://alice:wrong@127.0.0.1:${caster.port}/F9R`, /401/],
      [`ntrip://127.0.0.1:${caster.port}/F9R`, /401/],
      [
        `ntrip://alice:secret@127.0.0.1:${caster.port}/NOPE?version=1`,
        /no such mountpoint \(the caster sent its sourcetable\)/,
      ],
      [`ntrip://alice:secret@127.0.0.1:${caster.port}/NOPE?version=2`, /no such mountpoint \(404\)/],
    ] as const) {
      const c = new NtripClientSource(parseEndpoint(spec) as NtripEndpoint, opts);
      const t0 = Date.now();
      await expect(collect(c, { timeout_ms: 5000 })).rejects.toThrow(why);
      expect(Date.now() - t0).toBeLessThan(1000);
    }
    expect(retries.filter((e) => e.kind === "retry")).toEqual([]);
  });

  for (const version of [1, 2] as const) {
    it(`takes a stream pushed by an NTRIP ${version}.0 server and passes it on intact`, async () => {
      const caster = await startCaster({ sourceUser: ["src", "pw"] });
      const client = new NtripClientSource(ntrip(caster.port, "PUSHED"), {
        backoff: { initial_ms: 100, maxAttempts: 50 },
      });
      const push = ntripServerSink(
        parseEndpoint(`ntrips://src:pw@127.0.0.1:${caster.port}/PUSHED?version=${version}`) as NtripEndpoint,
      );
      cleanups.push(() => push.close());
      expect(await push.connected(5000)).toBe(true);
      const receiving = collect(client, { max: LOG.length, timeout_ms: 10_000 });
      // the client may only join once the mountpoint exists: wait until it is listening
      expect(
        await waitFor(
          () => (caster.stats().find((m) => m.name === "PUSHED")?.clients.length ?? 0) === 1,
          5000,
        ),
      ).toBe(true);
      for (let i = 0; i < LOG.length; i += 4000) await push.write(LOG.subarray(i, i + 4000));
      const got = await receiving;
      expect(got.equals(LOG)).toBe(true);
      expect(caster.stats().find((m) => m.name === "PUSHED")?.in_bytes).toBe(LOG.length);
    });
  }

  it("refuses a push with a bad password and a second server on a busy mountpoint", async () => {
    const caster = await startCaster({ sourceUser: ["src", "pw"] });
    const answer = (req: string) =>
      new Promise<string>((resolve) => {
        const s = net.connect(caster.port, "127.0.0.1", () => s.write(req));
        let text = "";
        s.on("data", (d) => {
          text += d.toString("latin1");
        });
        s.on("close", () => resolve(text));
        setTimeout(() => s.destroy(), 1500);
      });
    expect(await answer("SOURCE bad /X\r\nSource-Agent: t\r\n\r\n")).toMatch(/^ERROR - Bad Password/);
    expect(await answer("SOURCE pw /F9R\r\nSource-Agent: t\r\n\r\n")).toMatch(/^ERROR - Mount Point Taken/);
    expect(
      await answer("POST /F9R HTTP/1.1\r\nNtrip-Version: Ntrip/2.0\r\nAuthorization: Basic c3JjOnB3\r\n\r\n"),
    ).toMatch(/^HTTP\/1.1 409/);
  });
});

describe("GGA upload", () => {
  it("sends a GGA at connect and every interval, in both protocol versions", async () => {
    for (const version of [1, 2] as const) {
      const received: string[] = [];
      const server = net.createServer((s) => {
        s.on("data", (d) => {
          received.push(d.toString("latin1"));
          if (received.length === 1) s.write("ICY 200 OK\r\n");
          s.write(Buffer.alloc(10, 0x41));
        });
        s.on("error", () => {});
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      const port = (server.address() as net.AddressInfo).port;
      const client = new NtripClientSource(
        ntrip(port, "VRS", `?version=${version}&gga=1&pos=45.0659,7.6591,300`),
        { backoff: false },
      );
      const t0 = Date.now();
      await collect(client, { timeout_ms: 2600 });
      server.close();
      const all = received.join("");
      const ggas = [...all.matchAll(/\$GPGGA,[^\r]*\r\n/g)].map((m) => m[0]);
      // at connect, then after 1 s and 2 s (the request itself may carry one in Ntrip-GGA for 2.0)
      const standalone = ggas.filter((g) => !all.includes(`Ntrip-GGA: ${g.trim()}`));
      expect(standalone.length).toBeGreaterThanOrEqual(2);
      expect(standalone.length).toBeLessThanOrEqual(4);
      expect(Date.now() - t0).toBeGreaterThan(2000);
      expect(ggas[0]).toMatch(/^\$GPGGA,\d{6}\.\d\d,4503\.954000,N,00739\.546000,E,1,/);
      if (version === 2)
        expect(all).toMatch(
          /^GET \/VRS HTTP\/1\.1\r\n[\s\S]*Ntrip-Version: Ntrip\/2\.0\r\n[\s\S]*Ntrip-GGA: \$GPGGA/,
        );
      else expect(all).toMatch(/^GET \/VRS HTTP\/1\.0\r\n/);
    }
  });
});

describe("TCP sink and source", () => {
  it("a tcpserver sink fans a log out to two TCP clients byte for byte", async () => {
    const sink = new TcpServerSink("127.0.0.1", 0);
    await sink.start();
    cleanups.push(() => sink.close());
    const a = new TcpClientSource("127.0.0.1", sink.port, { backoff: false });
    const b = new TcpClientSource("127.0.0.1", sink.port, { backoff: false });
    const ra = collect(a, { max: LOG.length, timeout_ms: 8000 });
    const rb = collect(b, { max: LOG.length, timeout_ms: 8000 });
    expect(await waitFor(() => sink.clients === 2, 3000)).toBe(true);
    for (let i = 0; i < LOG.length; i += 1500) await sink.write(LOG.subarray(i, i + 1500));
    const [ga, gb] = await Promise.all([ra, rb]);
    expect(ga.equals(LOG)).toBe(true);
    expect(gb.equals(LOG)).toBe(true);
    expect(sink.totalDropped_bytes()).toBe(0);
  });

  it("a file source paced at a byte rate takes the time the rate says", async () => {
    if (!LOG_PATH) return;
    const rate = 300_000;
    const t0 = performance.now();
    const got = await collect(new FileSource(LOG_PATH, { rate_Bps: rate }), { timeout_ms: 5000 });
    const dt_s = (performance.now() - t0) / 1000;
    const expected_s = LOG.length / rate;
    console.log(
      `rate replay: ${LOG.length} B at ${rate} B/s took ${dt_s.toFixed(3)} s (expected ${expected_s.toFixed(3)} s)`,
    );
    expect(got.equals(LOG)).toBe(true);
    // the last 50 ms slice goes out at (bytes - slice) / rate
    expect(dt_s).toBeGreaterThan(expected_s - 0.06);
    expect(dt_s).toBeLessThan(expected_s + 0.5);
  });

  it("a tcpserver source takes what several clients send, and ends when the last one leaves", async () => {
    const src = new TcpServerSource("127.0.0.1", 0, { endWhenIdle: true });
    const port = await src.start();
    const receiving = collect(src, { timeout_ms: 8000 });
    const half = Math.floor(LOG.length / 2);
    const send = (part: Buffer) =>
      new Promise<void>((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => s.end(part));
        s.on("close", () => resolve());
      });
    await Promise.all([send(LOG.subarray(0, half)), send(LOG.subarray(half))]);
    const got = await receiving;
    expect(src.accepted).toBe(2);
    expect(got.length).toBe(LOG.length);
    // the two clients' bytes arrive whole, each in order (interleaved by chunk)
    const a = LOG.subarray(0, half);
    expect(got.includes(a.subarray(0, 1000))).toBe(true);
    expect(got.includes(LOG.subarray(half, half + 1000))).toBe(true);
  });

  it("a tcp client sink reconnects to a restarted server; what does not fit its queue meanwhile is dropped and counted", async () => {
    const received: Buffer[] = [];
    const sockets = new Set<net.Socket>();
    const listen = (port = 0) =>
      new Promise<net.Server>((resolve) => {
        const server = net.createServer((s) => {
          sockets.add(s);
          s.on("data", (d) => received.push(d));
          s.on("error", () => {});
        });
        server.listen(port, "127.0.0.1", () => resolve(server));
      });
    let server = await listen();
    const port = (server.address() as net.AddressInfo).port;
    const sink = new TcpClientSink("127.0.0.1", port, {
      queueCapacity_bytes: 10_000,
      backoff: { initial_ms: 100, maxAttempts: 100 },
    });
    cleanups.push(() => sink.close());
    expect(await sink.connected(3000)).toBe(true);
    await sink.write(Buffer.from("first"));
    expect(await waitFor(() => Buffer.concat(received).toString() === "first", 3000)).toBe(true);
    // the server goes away
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    expect(await waitFor(() => !sink.isConnected, 3000)).toBe(true);
    received.length = 0;
    // 5 x 4000 bytes while it is down: two chunks fit the 10 000-byte queue, three are dropped
    for (let i = 0; i < 5; i++) await sink.write(Buffer.alloc(4000, 0x61 + i));
    expect(sink.dropped_bytes).toBe(12_000);
    server = await listen(port);
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    expect(await waitFor(() => Buffer.concat(received).length === 8000, 5000)).toBe(true);
    expect(
      Buffer.concat(received).equals(Buffer.concat([Buffer.alloc(4000, 0x61), Buffer.alloc(4000, 0x62)])),
    ).toBe(true);
    for (const s of sockets) s.destroy();
  });
});
