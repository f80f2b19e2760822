// The real-time engine on the F9R log (RTCM 3 base station stream inside UBX/NMEA, with its own
// ephemerides): positions against the station's 1006 ARP and RTKLIB's SPP of the same data, the same
// solutions whatever the chunking or junk between frames, a stream cut mid-frame, UBX RAWX epochs and SFRBX
// ephemerides against RTKLIB's conversions, and the whole chain live over NTRIP at the data's own pace.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { fc, test as fcTest } from "@fast-check/vitest";
import { afterEach, describe, expect, it } from "vitest";
import { ecef } from "../src/frames/vectors.js";
import type { Solution } from "../src/positioning/solution.js";
import { defaultFramer } from "../src/streams/engine/default-framer.js";
import { percentile } from "../src/streams/engine/latency.js";
import { runStream } from "../src/streams/engine/run-stream.js";
import { type EngineOutput, StreamEngine } from "../src/streams/engine/stream-engine.js";
import { NtripCaster } from "../src/streams/ntrip/ntrip-caster.js";
import { NtripClientSource } from "../src/streams/ntrip/ntrip-client.js";
import type { ByteSink } from "../src/streams/sources/byte-source.js";
import { type NtripEndpoint, parseEndpoint } from "../src/streams/sources/endpoint.js";
import { FileSource } from "../src/streams/sources/file-source.js";
import { formatCalendar, toWeekTow } from "../src/time/instant.js";
import { DATA, F9R_LOG, HAVE_F9R, scanRtcmFrames } from "./streams-support.js";
import { accuracy, differences, rtklibFixes, type Truth } from "./support/real-data.js";

const REF = resolve(DATA, "rtcm3-bds-streams/rtklib-reference");
/** PROVENANCE.md of rtcm3-bds-streams: the 1006 ARP of station 41. */
const ARP: Truth = { kind: "static", pos: ecef(4472544.6659, 601634.1, 4492545.0279) };

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

type SolutionOut = Extract<EngineOutput, { kind: "solution" }>;

function runEngine(chunks: Iterable<Uint8Array>): { outs: SolutionOut[]; engine: StreamEngine } {
  const engine = new StreamEngine();
  const outs: SolutionOut[] = [];
  for (const c of chunks) for (const o of engine.push(0, c, 0)) if (o.kind === "solution") outs.push(o);
  for (const o of engine.finish()) if (o.kind === "solution") outs.push(o);
  return { outs, engine };
}

const fixesOf = (outs: SolutionOut[]) =>
  outs
    .filter((o) => o.solution.status === "single")
    .map((o) => ({ tow_s: toWeekTow(o.solution.time).tow_s, pos: o.solution.pos }));

const key = (s: Solution) => `${formatCalendar(s.epochTime)} ${s.status} ${s.pos.join(",")}`;

describe.skipIf(!HAVE_F9R)("engine on the F9R log (RTCM 3 inside UBX + NMEA)", () => {
  const log = new Uint8Array(HAVE_F9R ? readFileSync(F9R_LOG) : []);
  const whole = HAVE_F9R ? runEngine([log]) : undefined;

  it("solves every epoch once its satellites' ephemerides have arrived, as well as RTKLIB does", () => {
    if (!whole) return;
    const st = whole.engine.stats();
    // PROVENANCE.md: 30 epochs of MSM5 for GPS, GLONASS, Galileo and BDS; 1019/1020/1042/1045/1046 ephemerides
    expect(st.epochs).toBe(30);
    expect(st.frames.rtcm3).toBe(scanRtcmFrames(log).length);
    expect(st.checksumErrors).toBe(0);
    const fixes = fixesOf(whole.outs);
    const ours = accuracy(fixes, ARP);
    // RTKLIB (rnx2rtkp, all systems, post-processed with every ephemeris of the file) on the same epochs
    const rtk = rtklibFixes(resolve(REF, "f9r_spp_multi.pos"));
    const sameEpochs = rtk.filter((r) => fixes.some((f) => Math.round(f.tow_s) === Math.round(r.tow_s)));
    const theirs = accuracy(sameEpochs, ARP);
    const d = differences(fixes, rtk);
    console.log(
      `F9R live engine: ${fixes.length}/30 epochs solved; RMS E/N/U vs 1006 ARP ${ours.rmsE_m.toFixed(2)}/${ours.rmsN_m.toFixed(2)}/${ours.rmsU_m.toFixed(2)} m; RTKLIB on the same epochs ${theirs.rmsE_m.toFixed(2)}/${theirs.rmsN_m.toFixed(2)}/${theirs.rmsU_m.toFixed(2)} m; 3D difference to RTKLIB median ${d[d.length >> 1].toFixed(2)} m, worst ${d[d.length - 1].toFixed(2)} m`,
    );
    // the first epochs come before any ephemerides have been broadcast: a stream cannot solve them
    expect(fixes.length).toBeGreaterThanOrEqual(20);
    const rms3d = (a: typeof ours) => Math.hypot(a.rmsE_m, a.rmsN_m, a.rmsU_m);
    expect(rms3d(ours)).toBeLessThan(rms3d(theirs) * 1.15 + 0.2);
    expect(d[d.length - 1]).toBeLessThan(3);
  });

  fcTest.prop([fc.array(fc.nat({ max: log.length }), { minLength: 1, maxLength: 200 })], { numRuns: 8 })(
    "any chunking gives the same solutions",
    (cuts) => {
      if (!whole) return;
      const pts = [...new Set(cuts)].sort((a, b) => a - b);
      const chunks: Uint8Array[] = [];
      let prev = 0;
      for (const p of pts) {
        chunks.push(log.subarray(prev, p));
        prev = p;
      }
      chunks.push(log.subarray(prev));
      expect(runEngine(chunks).outs.map((o) => key(o.solution))).toEqual(
        whole.outs.map((o) => key(o.solution)),
      );
    },
  );

  fcTest.prop(
    [fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })), { maxLength: 30 })],
    { numRuns: 8 },
  )("junk between frames changes nothing", (junk) => {
    if (!whole) return;
    // frame boundaries: every RTCM frame start (UBX/NMEA boundaries are not needed for the property)
    const starts = scanRtcmFrames(log).map((f) => f.offset);
    const at = new Map<number, Uint8Array[]>();
    for (const [i, bytes] of junk) {
      const o = starts[i % starts.length];
      at.set(o, [...(at.get(o) ?? []), bytes]);
    }
    const parts: Uint8Array[] = [];
    let prev = 0;
    for (const o of [...at.keys()].sort((a, b) => a - b)) {
      parts.push(log.subarray(prev, o), ...(at.get(o) ?? []));
      prev = o;
    }
    parts.push(log.subarray(prev));
    const got = runEngine(parts);
    expect(got.outs.map((o) => key(o.solution))).toEqual(whole.outs.map((o) => key(o.solution)));
  });

  it("--format rtcm3 passes on exactly the CRC-checked RTCM 3 frames, nothing else", async () => {
    const parts: Buffer[] = [];
    const summary = await runStream({
      inputs: [new FileSource(F9R_LOG, { chunk_bytes: 1000 })],
      sink: {
        endpoint: "memory",
        write: async (c) => void parts.push(Buffer.from(c)),
        close: async () => {},
      },
      engine: new StreamEngine({ forwardRtcm: true }),
      format: "rtcm3",
    });
    const out = Buffer.concat(parts);
    const frames = scanRtcmFrames(log);
    expect(out.equals(Buffer.concat(frames.map((f) => Buffer.from(f.hex, "hex"))))).toBe(true);
    expect(summary.stats.frames.rtcm3).toBe(frames.length);
  });

  it("a stream cut mid-frame: no crash, one truncated frame, every epoch before the cut solved as before", () => {
    if (!whole) return;
    const frames = scanRtcmFrames(log);
    const victim = frames.find((f) => f.type === 1125 && f.offset > log.length / 2);
    expect(victim).toBeDefined();
    if (!victim) return;
    const cut = victim.offset + 40;
    const part = runEngine([log.subarray(0, cut)]);
    expect(part.engine.stats().truncated).toBe(1);
    const before = part.outs.filter((o) => o.solution.status === "single").map((o) => key(o.solution));
    expect(before.length).toBeGreaterThan(5);
    // the epoch the cut frame belonged to may still come out (without its BDS message); the others are identical
    const full = whole.outs.map((o) => key(o.solution));
    expect(before.slice(0, -1).every((k) => full.includes(k))).toBe(true);
  });
});

const UBX = resolve(DATA, "ubx-bds-logs");

describe.skipIf(!HAVE_F9R)("engine on u-blox logs", () => {
  it("gives one epoch per RXM-RAWX, as RTKLIB's conversion (ZED-F9T, 299 epochs)", () => {
    const bytes = gunzipSync(readFileSync(resolve(UBX, "navsol_F9T-L2-5min.ubx.gz")));
    const { engine, outs } = runEngine([bytes]);
    const obs = gunzipSync(readFileSync(resolve(UBX, "rtklib-reference/navsol_F9T-L2-5min.obs.gz"))).toString(
      "latin1",
    );
    const rinexEpochs = [...obs.matchAll(/^> (\d{4} \d\d \d\d \d\d \d\d [\d.]+)/gm)].map((m) => m[1]);
    expect(engine.stats().epochs).toBe(rinexEpochs.length);
    // the first and last epoch times agree with RTKLIB's (GPST)
    const t = (o: SolutionOut) => formatCalendar(o.epoch.time, 7).replace(/\//g, " ").replace(/:/g, " ");
    expect(t(outs[0])).toBe(rinexEpochs[0].replace(/\s+/g, " "));
    expect(t(outs[outs.length - 1])).toBe(rinexEpochs[rinexEpochs.length - 1].replace(/\s+/g, " "));
  });

  it("turns RXM-SFRBX subframes into the BDS ephemeris RTKLIB decodes (ZED-F9P, C29)", () => {
    const bytes = readFileSync(resolve(UBX, "gpsd_ublox-zed-f9p-sfrbx.log"));
    const { engine } = runEngine([bytes]);
    const nav = readFileSync(resolve(UBX, "rtklib-reference/gpsd_ublox-zed-f9p-sfrbx.nav"), "latin1");
    const m = /^C29 (\d{4}) (\d\d) (\d\d) (\d\d) (\d\d) (\d\d)/m.exec(nav);
    expect(m).not.toBeNull();
    const recs = engine.store.records("C29");
    expect(recs.length).toBe(1);
    expect(formatCalendar(recs[0].kind === "kepler" ? recs[0].toc : recs[0].toe, 0)).toBe(
      `${m?.[1]}/${m?.[2]}/${m?.[3]} ${m?.[4]}:${m?.[5]}:${m?.[6]}`,
    );
  });
});

describe.skipIf(!HAVE_F9R)("live: beidou caster (real-time replay) -> NTRIP -> engine", () => {
  it("solves as epochs arrive, with the same positions as the batch run, and measures latency", async () => {
    const speed = 6;
    const caster = new NtripCaster({
      host: "127.0.0.1",
      port: 0,
      mounts: [
        {
          name: "F9R",
          source: () => new FileSource(F9R_LOG, { realtime: true, speed, framer: defaultFramer }),
        },
      ],
    });
    await caster.start();
    cleanups.push(() => caster.stop());
    const client = new NtripClientSource(
      parseEndpoint(`ntrip://127.0.0.1:${caster.port}/F9R`) as NtripEndpoint,
      { backoff: false },
    );
    const lines: string[] = [];
    const sink: ByteSink = {
      endpoint: "memory",
      async write(c) {
        lines.push(Buffer.from(c).toString());
      },
      async close() {},
    };
    const arrivals: { tow: number; at: number; latency: number }[] = [];
    const engine = new StreamEngine();
    const summary = await runStream({
      inputs: [client],
      sink,
      engine,
      format: "jsonl",
      onOutput: (o, latency) =>
        arrivals.push({ tow: toWeekTow(o.epoch.time).tow_s, at: o.lastByteIn_ms, latency }),
    });
    const batch = runEngine([readFileSync(F9R_LOG)]).outs.filter((o) => o.solution.status === "single");
    const json = lines
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const sols = json.filter((j) => j.x_m !== undefined);
    expect(sols.length).toBe(batch.length);
    for (let i = 0; i < sols.length; i++) {
      const b = batch[i].solution.pos;
      expect(Math.hypot(sols[i].x_m - b[0], sols[i].y_m - b[1], sols[i].z_m - b[2])).toBeLessThan(1e-3);
      expect(sols[i].latency_ms).toBeGreaterThanOrEqual(0);
    }
    const last = json[json.length - 1];
    expect(last.summary.latency.count).toBe(sols.length);
    // paced at 1/speed of the data's epochs: the wall-clock span follows the epoch span
    const span_s = (arrivals[arrivals.length - 1].at - arrivals[0].at) / 1000;
    const dataSpan_s = (arrivals[arrivals.length - 1].tow - arrivals[0].tow) / speed;
    const lat = Float64Array.from(arrivals, (a) => a.latency).sort();
    console.log(
      `live NTRIP at ${speed}x: ${sols.length} solutions over ${span_s.toFixed(2)} s (data ${dataSpan_s.toFixed(2)} s); latency p50 ${percentile(lat, 0.5).toFixed(2)} ms, p90 ${percentile(lat, 0.9).toFixed(2)} ms, p99 ${percentile(lat, 0.99).toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(2)} ms`,
    );
    expect(Math.abs(span_s - dataSpan_s)).toBeLessThan(0.25 * dataSpan_s + 0.2);
    expect(summary.latency.p99_ms).toBeLessThan(250);
  });
});
