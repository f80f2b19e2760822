// `beidou serve`: the built CLI run as a child process (node dist/cli/main.js serve --port 0 ...) and read
// the way a page reads it, with plain HTTP requests: GET /api/live (Server-Sent Events), /api/status,
// /api/coverage. References: the simulator's receiver (Wuzhen 30.75 N 120.49 E, 10 m, the CLI's documented
// default) and its C/N0 model; the ESBC PPP coordinate of PROVENANCE.md; the F9R base station's RTCM 1006
// ARP. The bounded per-client queue, static files and the coverage cache are checked in-process.

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ecefToEnu, geodeticToEcef } from "../src/frames/geodetic.js";
import { DEG, distance, type Ecef } from "../src/frames/vectors.js";
import { CoverageService } from "../src/serve/coverage-endpoint.js";
import { LiveHub } from "../src/serve/live-hub.js";
import type { CoverageJson, LiveEnd, LiveEpoch, LiveEvent, LiveHello } from "../src/serve/live-protocol.js";
import { LiveServer } from "../src/serve/live-server.js";
import { cn0_dbhz } from "../src/sim/simulate.js";
import { CLI, ensureBuilt, REPO, runCli, stackFrames } from "./cli-harness.js";
import { freePort } from "./streams-support.js";
import { nagoyaToRtcm } from "./support/nagoya-rtcm.js";
import { dataPath, esbcTruth, f9rTruth, HAVE_DATA } from "./support/real-data.js";

const WUZHEN: Ecef = geodeticToEcef({ lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 10 });
const ESBC_OBS = dataPath("esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz");
const ESBC_NAV = dataPath("esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
const F9R = dataPath("rtcm3-bds-streams/gpsd_ublox-zed-f9r.log");
const HAVE_ESBC = HAVE_DATA && existsSync(ESBC_OBS) && existsSync(ESBC_NAV);
const HAVE_F9R = HAVE_DATA && existsSync(F9R);
if (!HAVE_ESBC) console.log("serve: ESBC replay test skipped (../shared/data/esbc-2020-177-station absent)");
if (!HAVE_F9R) console.log("serve: RTCM 3 stream test skipped (../shared/data/rtcm3-bds-streams absent)");

// ---- helpers -----------------------------------------------------------------------------------------

interface Served {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** SIGTERM, then the exit code (null when killed for not stopping within 5 s). */
  stop(): Promise<number | null>;
}

/** Starts `beidou serve --port 0 ...args`; resolves once the URL line is on stdout. */
function serve(args: readonly string[]): Promise<Served> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], { cwd: REPO });
    let out = "";
    let err = "";
    let exited: number | null | undefined;
    const exit = new Promise<number | null>((r) =>
      proc.on("exit", (code) => {
        exited = code;
        r(code);
      }),
    );
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in 30 s: ${err}`)), 30000);
    proc.stderr.on("data", (d) => {
      err += d;
    });
    proc.stdout.on("data", (d) => {
      out += d;
      const m = /^beidou serve: http:\/\/127\.0\.0\.1:(\d+)\/\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          proc,
          port: Number(m[1]),
          stdout: () => out,
          stderr: () => err,
          stop: async () => {
            if (exited !== undefined) return exited;
            proc.kill("SIGTERM");
            const killer = setTimeout(() => proc.kill("SIGKILL"), 5000);
            const code = await exit;
            clearTimeout(killer);
            return code;
          },
        });
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      if (!/beidou serve: /.test(out))
        reject(new Error(`serve exited (${code}) before printing its URL: ${err}`));
    });
  });
}

interface Received {
  readonly events: LiveEvent[];
  /** performance.now() at the arrival of each event. */
  readonly at_ms: number[];
  readonly comments: string[];
  readonly bytes: number;
  readonly status: number;
  readonly contentType: string;
}

/** Reads GET /api/live until `done(events)` or the timeout; then closes the request. */
function readLive(
  port: number,
  done: (events: LiveEvent[]) => boolean,
  timeout_ms: number,
): Promise<Received> {
  return new Promise((resolve, reject) => {
    const events: LiveEvent[] = [];
    const at_ms: number[] = [];
    const comments: string[] = [];
    let bytes = 0;
    let buf = "";
    const req = http.get({ host: "127.0.0.1", port, path: "/api/live" }, (res) => {
      res.setEncoding("utf8");
      const finish = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({
          events,
          at_ms,
          comments,
          bytes,
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"]),
        });
      };
      const timer = setTimeout(finish, timeout_ms);
      res.on("data", (chunk: string) => {
        bytes += chunk.length;
        buf += chunk;
        let k = buf.indexOf("\n\n");
        while (k >= 0) {
          const block = buf.slice(0, k);
          buf = buf.slice(k + 2);
          for (const line of block.split("\n")) {
            if (line.startsWith("data: ")) {
              events.push(JSON.parse(line.slice(6)) as LiveEvent);
              at_ms.push(performance.now());
            } else if (line.startsWith(":")) comments.push(line);
          }
          k = buf.indexOf("\n\n");
        }
        if (done(events)) finish();
      });
      res.on("end", finish);
    });
    req.on("error", reject);
  });
}

function getJson(
  port: number,
  p: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; type: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: p, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => {
          text += d;
        });
        res.on("end", () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) });
        });
      })
      .on("error", reject);
  });
}

const epochsOf = (evs: readonly LiveEvent[]) => evs.filter((e): e is LiveEpoch => e.type === "epoch");
const positionOf = (e: LiveEpoch): Ecef =>
  geodeticToEcef({
    lat_rad: (e.lat_deg as number) * DEG,
    lon_rad: (e.lon_deg as number) * DEG,
    h_m: e.h_m as number,
  });

/** The 1-based address of a local TCP connection attempt: "refused" or "connected". */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(2000, () => {
      s.destroy();
      resolve("timeout");
    });
    s.on("connect", () => {
      s.destroy();
      resolve("connected");
    });
    s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
  });
}

beforeAll(() => ensureBuilt(), 180_000);

// ---- the simulator ---------------------------------------------------------------------------------------

describe("beidou serve (simulator, --speed 10)", () => {
  let served: Served;
  let live: Received;
  beforeAll(async () => {
    served = await serve(["--speed", "10", "--duration", "60"]);
    live = await readLive(served.port, (evs) => epochsOf(evs).length >= 40, 15000);
  }, 60_000);
  afterAll(async () => {
    await served?.stop();
  });

  it("prints the URL first on stdout and sends hello first, with the Wuzhen truth", () => {
    expect(served.stdout()).toMatch(/^beidou serve: http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(live.status).toBe(200);
    expect(live.contentType).toMatch(/^text\/event-stream/);
    const hello = live.events[0] as LiveHello;
    expect(hello.type).toBe("hello");
    expect(hello.speed).toBe(10);
    expect(hello.source).toMatch(/simulator.*Wuzhen/);
    expect(hello.truth).toBeDefined();
    const t = hello.truth as NonNullable<LiveHello["truth"]>;
    const truth = geodeticToEcef({ lat_rad: t.lat_deg * DEG, lon_rad: t.lon_deg * DEG, h_m: t.h_m });
    expect(distance(truth, WUZHEN)).toBeLessThan(0.001);
    expect(live.events.slice(1).every((e) => e.type === "epoch")).toBe(true);
  });

  it("epochs advance 1 s each at 10 per second, within 3 m of the truth", () => {
    const eps = epochsOf(live.events);
    expect(eps.length).toBeGreaterThanOrEqual(40);
    let worst = 0;
    let worstEnu = 0;
    for (let i = 0; i < eps.length; i++) {
      const e = eps[i];
      if (i > 0) {
        expect(e.seq).toBe(eps[i - 1].seq + 1);
        const dt = e.week * 604800 + e.tow_s - (eps[i - 1].week * 604800 + eps[i - 1].tow_s);
        expect(dt).toBeCloseTo(1, 6);
      }
      expect(e.status).toBe("single");
      const d = distance(positionOf(e), WUZHEN);
      worst = Math.max(worst, d);
      // enu_m is against the truth: its length is the same distance (lat/lon/h rounded to 1e-9 deg, 1 mm)
      expect(e.ref).toBe("truth");
      const enu = e.enu_m as readonly number[];
      worstEnu = Math.max(worstEnu, Math.abs(Math.hypot(...enu) - d));
      const mine = ecefToEnu(positionOf(e), WUZHEN);
      expect(Math.abs(mine[2] - enu[2])).toBeLessThan(0.01);
      expect(e.nsUsed).toBeGreaterThanOrEqual(8);
      expect(e.dop.pdop as number).toBeGreaterThan(0.5);
      expect(e.dop.pdop as number).toBeLessThan(4);
      expect(e.integrity.chiSquare).toBe("pass");
      expect(e.integrity.excluded).toEqual([]);
    }
    // pace: the last epochs arrived live (the first may be the server's recent history)
    const k0 = eps.length - 30;
    const first = live.events.indexOf(eps[k0]);
    const last = live.events.indexOf(eps[eps.length - 1]);
    const rate = (eps.length - 1 - k0) / ((live.at_ms[last] - live.at_ms[first]) / 1000);
    const lat = eps.map((e) => e.latency_ms).sort((a, b) => a - b);
    console.log(
      `serve simulator: ${eps.length} epochs, ${rate.toFixed(2)} epochs/s at --speed 10; worst 3D error ${worst.toFixed(2)} m; |enu| vs distance ${worstEnu.toFixed(4)} m; latency p50 ${lat[lat.length >> 1].toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(2)} ms`,
    );
    expect(worst).toBeLessThan(3);
    expect(worstEnu).toBeLessThan(0.01);
    expect(rate).toBeGreaterThan(8.5);
    expect(rate).toBeLessThan(11.5);
    expect(lat[lat.length - 1]).toBeLessThan(250);
  });

  it("satellites: az/el in range, BDS GEO/IGSO/MEO and GPS, C/N0 per signal as the simulator's model gives it", () => {
    const eps = epochsOf(live.events);
    const kinds = new Set<string>();
    const systems = new Set<string>();
    let worstCn0 = 0;
    let signals = 0;
    for (const e of eps) {
      for (const s of e.satellites) {
        expect(s.az_deg).toBeGreaterThanOrEqual(0);
        expect(s.az_deg).toBeLessThan(360);
        expect(s.el_deg).toBeGreaterThanOrEqual(-90);
        expect(s.el_deg).toBeLessThanOrEqual(90);
        systems.add(s.sys);
        if (s.sys === "C") kinds.add(s.kind);
        if (s.used) {
          expect(s.el_deg).toBeGreaterThanOrEqual(10 - 0.01); // the solver's default mask
          expect(Math.abs(s.residual_m as number)).toBeLessThan(3);
        } else {
          expect(s.residual_m).toBeNull();
          expect(s.reason).toBe("below-elevation-mask");
          expect(s.el_deg).toBeLessThan(10.01);
          expect(s.el_deg).toBeGreaterThan(5 - 0.05); // the simulator's own mask
        }
        expect(s.signals.length).toBeGreaterThan(0);
        for (const sig of s.signals) {
          const model = cn0_dbhz(s.sys as "C" | "G", sig.code[0], s.el_deg * DEG);
          worstCn0 = Math.max(worstCn0, Math.abs(sig.cn0_dbhz - model));
          signals++;
        }
      }
    }
    console.log(
      `serve simulator: ${signals} C/N0 values, worst difference from the model ${worstCn0.toFixed(3)} dB-Hz`,
    );
    expect([...kinds].sort()).toEqual(["GEO", "IGSO", "MEO"]);
    expect(systems.has("G")).toBe(true);
    // RINEX S values carry 3 decimals, the event 1; the elevation the solver sees differs by < 0.01 deg
    expect(worstCn0).toBeLessThan(0.06);
  });

  it("GET /api/status: source, epochs, clients", async () => {
    const hold = readLive(served.port, () => false, 1500);
    await new Promise((r) => setTimeout(r, 500));
    const st = await getJson(served.port, "/api/status");
    await hold;
    expect(st.status).toBe(200);
    expect(st.type).toMatch(/^application\/json/);
    const body = st.body as { source: string; epochs: number; clients: number; state: string; speed: number };
    expect(body.source).toMatch(/simulator/);
    expect(body.epochs).toBeGreaterThanOrEqual(40);
    expect(body.clients).toBe(1);
    expect(body.state).toBe("running");
    expect(body.speed).toBe(10);
  });

  it("GET /api/coverage: the nominal constellations on a 5 deg grid, 24 h every 10 min", async () => {
    const t0 = performance.now();
    const r = await getJson(served.port, "/api/coverage");
    const ms = performance.now() - t0;
    expect(r.status).toBe(200);
    const c = r.body as CoverageJson;
    console.log(
      `serve: /api/coverage (first request, computed in a worker) ${ms.toFixed(0)} ms, ${c.lats_deg.length}x${c.lons_deg.length} points`,
    );
    expect(c.grid_deg).toBe(5);
    expect(c.span_s).toBe(86400);
    expect(c.step_s).toBe(600);
    expect(c.lats_deg.length).toBe(36);
    expect(c.lons_deg.length).toBe(72);
    expect(c.sets.map((s) => s.name)).toContain("BDS");
    const again = await getJson(served.port, "/api/coverage");
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(c));
  });

  it("listens on 127.0.0.1 only and refuses other Host names", async () => {
    expect(await tryConnect("127.0.0.1", served.port)).toBe("connected");
    expect(await tryConnect("::1", served.port)).not.toBe("connected");
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === "IPv4" && !a.internal)
      .map((a) => (a as { address: string }).address);
    for (const addr of others) expect(await tryConnect(addr, served.port)).not.toBe("connected");
    const r = await getJson(served.port, "/api/status", { Host: "attacker.example:80" });
    expect(r.status).toBe(403);
    console.log(
      `serve: refused on ::1 and ${others.length} other interface(s): ${others.join(", ") || "none"}`,
    );
  });

  it("stops on SIGTERM with exit code 0 and no stack trace", async () => {
    const code = await served.stop();
    expect(code).toBe(0);
    expect(stackFrames(served.stderr())).toEqual([]);
    expect(served.stderr()).toMatch(/epochs sent/);
  });
});

// ---- ESBC replay --------------------------------------------------------------------------------------

describe.skipIf(!HAVE_ESBC)("beidou serve ESBC files --speed max", () => {
  it("replays the 24 h at >= 10 epochs/s within 10 m of the PPP coordinate, then `end`", async () => {
    const truth = esbcTruth();
    if (truth.kind !== "static") throw new Error("ESBC truth is a point");
    const xyz = truth.pos.map((v) => v.toFixed(4)).join(",");
    const served = await serve([ESBC_OBS, ESBC_NAV, "--speed", "max", "--truth", xyz]);
    try {
      const t0 = performance.now();
      const live = await readLive(served.port, (evs) => evs.some((e) => e.type === "end"), 120_000);
      const eps = epochsOf(live.events);
      const end = live.events.find((e) => e.type === "end") as LiveEnd;
      expect(end).toBeDefined();
      expect(end.epochs).toBe(2880);
      expect(eps.length).toBe(2880);
      expect(eps.map((e) => e.seq)).toEqual([...Array(2880).keys()]); // a page that keeps up loses nothing
      const firstAt = live.at_ms[live.events.indexOf(eps[0])];
      const endAt = live.at_ms[live.events.indexOf(end)];
      const rate = eps.length / ((endAt - firstAt) / 1000);
      let worst = 0;
      let solved = 0;
      const kinds = new Set<string>();
      for (const e of eps) {
        for (const s of e.satellites) if (s.sys === "C") kinds.add(s.kind);
        if (e.status === "none") continue;
        solved++;
        worst = Math.max(worst, distance(positionOf(e), truth.pos));
      }
      const lat = eps.map((e) => e.latency_ms).sort((a, b) => a - b);
      console.log(
        `serve ESBC: 2880 epochs in ${((endAt - firstAt) / 1000).toFixed(2)} s = ${rate.toFixed(0)} epochs/s (${(live.bytes / 1e6).toFixed(1)} MB of events; ${((performance.now() - t0) / 1000).toFixed(1)} s with start-up); ${solved} solved, worst 3D ${worst.toFixed(2)} m from PPP; latency p50 ${lat[1440].toFixed(2)} ms, p99 ${lat[2851].toFixed(2)} ms, max ${lat[2879].toFixed(2)} ms`,
      );
      expect(rate).toBeGreaterThanOrEqual(10);
      expect(solved).toBeGreaterThan(2850);
      expect(worst).toBeLessThan(10);
      expect(kinds.has("IGSO") && kinds.has("MEO")).toBe(true);
      const hello = live.events[0] as LiveHello;
      expect(hello.source).toMatch(/ESBC00DNK/);
      expect(eps[0].ref).toBe("truth");
      const st = await getJson(served.port, "/api/status");
      expect((st.body as { state: string }).state).toBe("ended");
    } finally {
      expect(await served.stop()).toBe(0);
    }
  }, 180_000);
});

// ---- an RTCM 3 stream through the real-time engine ------------------------------------------------------

describe.skipIf(!HAVE_F9R)("beidou serve --in file:F9R.log (RTCM 3, x10)", () => {
  it("solves the base station's stream within 10 m of its 1006 ARP, then `end`", async () => {
    const truth = f9rTruth();
    if (truth.kind !== "static") throw new Error("F9R truth is a point");
    const served = await serve(["--in", `file:${F9R}`, "--speed", "10", "--truth", truth.pos.join(",")]);
    try {
      const live = await readLive(served.port, (evs) => evs.some((e) => e.type === "end"), 30_000);
      const eps = epochsOf(live.events);
      const end = live.events.find((e) => e.type === "end") as LiveEnd;
      expect((live.events[0] as LiveHello).source).toMatch(/^file:.*gpsd_ublox-zed-f9r\.log \(x10\)$/);
      expect(end?.epochs).toBe(30);
      const fixes = eps.filter((e) => e.status !== "none");
      const worst = Math.max(...fixes.map((e) => distance(positionOf(e), truth.pos)));
      const span_s =
        (live.at_ms[live.events.indexOf(eps[eps.length - 1])] - live.at_ms[live.events.indexOf(eps[0])]) /
        1000;
      console.log(
        `serve F9R RTCM 3: ${fixes.length}/${eps.length} solved, worst 3D ${worst.toFixed(2)} m from the ARP; 29 s of data in ${span_s.toFixed(2)} s at x10`,
      );
      expect(fixes.length).toBeGreaterThanOrEqual(15);
      expect(worst).toBeLessThan(10);
      expect(span_s).toBeGreaterThan(2.3);
      expect(span_s).toBeLessThan(4.5);
      for (const e of fixes) expect(e.satellites.some((s) => s.sys === "C" && s.used)).toBe(true);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  }, 60_000);
});

const NAGOYA = dataPath("rtk-static-nagoya-2024-176");
const HAVE_NAGOYA = HAVE_DATA && existsSync(path.join(NAGOYA, "rover.obs"));

describe.skipIf(!HAVE_NAGOYA)(
  "beidou serve --mode rtk-kinematic (rover file + base from beidou caster)",
  () => {
    it("sends fixed epochs with the RTK ratio, within 2 cm of the surveyed rover", async () => {
      const tmp = mkdtempSync(path.join(tmpdir(), "beidou-serve-rtk-"));
      const nav = path.join(NAGOYA, "base.nav");
      await nagoyaToRtcm(tmp);
      const casterPort = await freePort();
      const caster = spawn(process.execPath, [
        CLI,
        "caster",
        "--host",
        "127.0.0.1",
        "--port",
        String(casterPort),
        "--mount",
        `BASE=file:${path.join(tmp, "base.rtcm3")},realtime,speed=10`,
        "--duration",
        "60",
        "-q",
      ]);
      await new Promise((r) => setTimeout(r, 400));
      const served = await serve([
        "--in",
        `file:${path.join(tmp, "rover.rtcm3")}`,
        "--speed",
        "10",
        "--base",
        `ntrip://127.0.0.1:${casterPort}/BASE`,
        "--mode",
        "rtk-kinematic",
        "--base-pos",
        "35.134707705,136.977577939,104.853",
        "--truth",
        "35.13469901,136.97757549,104.8626",
        "--nav",
        nav,
        "--retries",
        "3",
      ]);
      try {
        const live = await readLive(served.port, (evs) => epochsOf(evs).length >= 40, 40_000);
        const eps = epochsOf(live.events);
        const fixed = eps.filter((e) => e.status === "fixed");
        const worst = Math.max(...fixed.map((e) => Math.hypot(...(e.enu_m as [number, number, number]))));
        console.log(
          `serve RTK (Nagoya, x10): ${fixed.length}/${eps.length} fixed, worst ${(worst * 1000).toFixed(1)} mm from the truth, ratio ${Math.min(...fixed.map((e) => e.integrity.ratio ?? 0)).toFixed(1)}-${Math.max(...fixed.map((e) => e.integrity.ratio ?? 0)).toFixed(1)}`,
        );
        expect(eps.length).toBeGreaterThanOrEqual(40);
        expect(fixed.length).toBe(eps.length);
        expect(worst).toBeLessThan(0.02);
        for (const e of fixed) expect(e.integrity.ratio).toBeGreaterThanOrEqual(3);
      } finally {
        expect(await served.stop()).toBe(0);
        caster.kill();
        rmSync(tmp, { recursive: true, force: true });
      }
    }, 90_000);
  },
);

// ---- bad arguments -------------------------------------------------------------------------------------

describe("beidou serve: bad arguments give one line", () => {
  it.each([
    [["--port", "abc"], /--port/],
    [["--port", "70000"], /--port/],
    [["--speed", "0"], /--speed/],
    [["--truth", "1,2"], /--truth/],
    [["--in", "file:x.log", "y.rnx"], /FILES .* or --in/],
    [["--lat", "95"], /--lat/],
    [["--speed", "max"], /simulator runs in real time/],
    [["no-such-file.rnx"], /no-such-file\.rnx/],
    [["--coverage", "no-such-nav.rnx"], /no-such-nav\.rnx: --coverage: no such file/],
    [["--in", "ntrip://"], /ntrip:\/\//],
  ])("serve %j", async (args, message) => {
    const r = await runCli(["serve", "--port", "0", ...(args as string[])]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(message as RegExp);
    expect(stackFrames(r.stderr)).toEqual([]);
  });
});

// ---- in-process: the bounded queue, static files, coverage cache -----------------------------------------

const hello: LiveHello = { type: "hello", source: "test", version: "0", speed: 1 };

function fakeEpoch(seq: number, pad: string): LiveEpoch {
  return {
    type: "epoch",
    seq,
    time: "2026/01/01 00:00:00.000",
    week: 2400,
    tow_s: seq,
    status: "single",
    lat_deg: 30,
    lon_deg: 120,
    h_m: 10,
    enu_m: [0, 0, 0],
    ref: "mean",
    nsUsed: 10,
    dop: { gdop: 2, pdop: 1.5, hdop: 1, vdop: 1.2 },
    satellites: [],
    integrity: { chiSquare: "pass", excluded: [], message: pad },
    latency_ms: 0,
  };
}

describe("live hub: a page that never reads", () => {
  it("holds a bounded queue, drops old epochs and says how many; a reading page gets everything", async () => {
    const hub = new LiveHub(hello, { heartbeat_ms: 0 });
    const server = new LiveServer({ hub, port: 0, webRoot: path.join(tmpdir(), "beidou-no-web") });
    const port = await server.listen();
    try {
      // the stuck page: sends its request, then never reads
      const stuck = net.connect({ host: "127.0.0.1", port });
      await new Promise<void>((r) => stuck.on("connect", () => r()));
      stuck.write(`GET /api/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      stuck.pause();
      // a page that reads
      const reading = readLive(port, (evs) => evs.some((e) => e.type === "end"), 60_000);
      while (hub.clientCount < 2) await new Promise((r) => setTimeout(r, 10));

      const N = 3000;
      const pad = "x".repeat(30_000);
      let published = 0;
      let worstHeld = 0;
      for (let i = 0; i < N; i++) {
        const ev = fakeEpoch(i, pad);
        hub.publish(ev, performance.now());
        published += 30_000;
        if (i % 20 === 19) {
          // the reading page keeps up: let it take what it was sent before publishing more
          const isStuck = (d: { remote: string }) => d.remote.endsWith(`:${stuck.localPort}`);
          for (let k = 0; k < 2000; k++) {
            const r = hub.stats().clientDetails.find((d) => !isStuck(d));
            if (!r || (r.queued === 0 && r.socketBuffered === 0)) break;
            await new Promise((r) => setImmediate(r));
          }
          const c = hub.stats().clientDetails.find(isStuck);
          if (c) worstHeld = Math.max(worstHeld, c.queuedBytes + c.socketBuffered);
        }
      }
      hub.end({ type: "end", epochs: N, solved: N });
      const got = await reading;
      expect(epochsOf(got.events).map((e) => e.seq)).toEqual([...Array(N).keys()]);
      expect(got.comments.filter((c) => c.startsWith(": dropped"))).toEqual([]);

      const st = hub.stats();
      const slow = st.clientDetails.find((d) => d.dropped > 0);
      expect(slow).toBeDefined();
      const s = slow as NonNullable<typeof slow>;
      expect(s.queued).toBeLessThanOrEqual(64);
      expect(s.queuedBytes).toBeLessThanOrEqual(4 * 1024 * 1024 + 31_000);
      expect(worstHeld).toBeLessThanOrEqual(4 * 1024 * 1024 + 128 * 1024);

      // the stuck page starts reading: it gets what was held (kernel buffers + the queue) and a `dropped` line
      let text = "";
      stuck.setEncoding("utf8");
      stuck.on("data", (d: string) => {
        text += d;
      });
      stuck.resume();
      const deadline = Date.now() + 20000;
      while (!text.includes('"type":"end"') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      stuck.destroy();
      const dropped = [...text.matchAll(/^: dropped (\d+) epochs/gm)].reduce((a, m) => a + Number(m[1]), 0);
      const seqs = [...text.matchAll(/"seq":(\d+)/g)].map((m) => Number(m[1]));
      console.log(
        `live hub: ${(published / 1e6).toFixed(0)} MB published; the stuck page was held ${(worstHeld / 1e6).toFixed(2)} MB at most in the server, received ${(text.length / 1e6).toFixed(1)} MB after resuming (${seqs.length} epochs, ${dropped} reported dropped, ${s.dropped} counted)`,
      );
      expect(text).toContain('"type":"end"');
      expect(dropped).toBe(s.dropped);
      expect(seqs.length + dropped).toBe(N);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
      expect(seqs[seqs.length - 1]).toBe(N - 1);
      // everything it got was held somewhere (socket buffers, queue): a small part of what was published
      expect(text.length).toBeLessThan(published / 3);
    } finally {
      await server.close();
    }
  }, 90_000);
});

describe("live server: static files and endpoints", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "beidou-web-"));
    mkdirSync(path.join(dir, "web", "assets"), { recursive: true });
    writeFileSync(path.join(dir, "web", "index.html"), "<!doctype html><title>dash</title>");
    writeFileSync(path.join(dir, "web", "coverage.html"), "<!doctype html><title>coverage</title>");
    writeFileSync(path.join(dir, "web", "assets", "app-1234.js"), "console.log(1)");
    writeFileSync(path.join(dir, "web", "assets", "style-1234.css"), "body{}");
    writeFileSync(path.join(dir, "secret.txt"), "secret");
    mkdirSync(path.join(dir, "empty"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves the build with content types; no escape from its folder; API errors are JSON", async () => {
    const hub = new LiveHub(hello, { heartbeat_ms: 0 });
    let calls = 0;
    const coverage = new CoverageService({ grid_deg: 10, span_s: 3600, step_s: 600 }, async (req) => {
      calls++;
      return { source: "fake", grid_deg: req.grid_deg } as unknown as CoverageJson;
    });
    const server = new LiveServer({ hub, port: 0, webRoot: path.join(dir, "web"), coverage });
    const port = await server.listen();
    try {
      const index = await getJson(port, "/");
      expect(index.status).toBe(200);
      expect(index.type).toBe("text/html; charset=utf-8");
      expect(index.body).toContain("<title>dash</title>");
      expect((await getJson(port, "/assets/app-1234.js")).type).toBe("text/javascript; charset=utf-8");
      expect((await getJson(port, "/assets/style-1234.css")).type).toBe("text/css; charset=utf-8");
      expect((await getJson(port, "/coverage")).body).toContain("<title>coverage</title>");
      expect((await getJson(port, "/some/route")).body).toContain("<title>dash</title>");
      expect((await getJson(port, "/../secret.txt")).status).toBe(404);
      expect((await getJson(port, "/%2e%2e/secret.txt")).status).toBe(404);
      expect((await getJson(port, "/assets/none.js")).status).toBe(404);
      const api = await getJson(port, "/api/nothing");
      expect(api.status).toBe(404);
      expect(api.type).toMatch(/^application\/json/);
      const c1 = await getJson(port, "/api/coverage");
      const c2 = await getJson(port, "/api/coverage");
      expect(c1.status).toBe(200);
      expect(c1.body).toEqual({ source: "fake", grid_deg: 10 });
      expect(c2.body).toEqual(c1.body);
      expect(calls).toBe(1);
      const post = await new Promise<number>((resolve) => {
        const req = http.request({ host: "127.0.0.1", port, path: "/api/status", method: "POST" }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.end();
      });
      expect(post).toBe(405);
    } finally {
      await server.close();
    }
  });

  it("without a build, the page says how to make one; a failed coverage run is a JSON 500", async () => {
    const hub = new LiveHub(hello, { heartbeat_ms: 0 });
    const coverage = new CoverageService({ grid_deg: 10, span_s: 3600, step_s: 600 }, async () => {
      throw new Error("no orbits");
    });
    const server = new LiveServer({ hub, port: 0, webRoot: path.join(dir, "empty"), coverage });
    const port = await server.listen();
    try {
      const r = await getJson(port, "/");
      expect(r.status).toBe(200);
      expect(r.body).toContain("dashboard not built: run <code>npm run build</code>");
      const c = await getJson(port, "/api/coverage");
      expect(c.status).toBe(500);
      expect((c.body as { error: string }).error).toMatch(/no orbits/);
    } finally {
      await server.close();
    }
  });
});
