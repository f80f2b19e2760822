// `beidou serve [FILES...] [--in SOURCE ...] [--port N] [--speed X]`: the live dashboard on 127.0.0.1, fed over
// Server-Sent Events by the real engine: with no input the simulator (a receiver in Wuzhen) in real time;
// RINEX/Hatanaka files replayed at --speed; or receiver streams (RTCM 3 / UBX files, TCP, NTRIP, serial).
// Prints `beidou serve: http://127.0.0.1:PORT/` on stdout first; messages go to stderr.

import { existsSync } from "node:fs";
import type { Command } from "commander";
import { BeidouError, formatError } from "../../core/errors.js";
import { ecefToGeodetic, geodeticToEcef } from "../../frames/geodetic.js";
import { DEG, type Ecef, ecef } from "../../frames/vectors.js";
import { CoverageService, DEFAULT_COVERAGE } from "../../serve/coverage-endpoint.js";
import type { LiveFeed } from "../../serve/live-feed.js";
import { LiveHub } from "../../serve/live-hub.js";
import type { LiveHello } from "../../serve/live-protocol.js";
import { LiveServer } from "../../serve/live-server.js";
import { runLiveSession } from "../../serve/live-session.js";
import { ReplayFeed } from "../../serve/replay-feed.js";
import { SimulatorFeed } from "../../serve/simulator-feed.js";
import { StreamFeed } from "../../serve/stream-feed.js";
import type { RtkStreamOptions } from "../../streams/engine/stream-engine.js";
import { loadInputs } from "../../streams/inputs.js";
import { parseEndpoint } from "../../streams/sources/endpoint.js";
import { VERSION } from "../version.js";
import { numberOption } from "./receiver-options.js";
import { type SolveCliOptions, solverOptions } from "./solve.js";
import { parseBasePosition, type RtkCliOptions, rtkOptions } from "./solve-rtk.js";
import { parseDate } from "./stream.js";

export interface ServeCliOptions extends SolveCliOptions, RtkCliOptions {
  in?: string[];
  nav?: string[];
  port?: string;
  speed?: string;
  truth?: string;
  duration?: string;
  lat?: string;
  lon?: string;
  height?: string;
  seed?: string;
  date?: string;
  retries?: string;
  coverage?: string[];
  coverageGrid?: string;
  wait?: boolean;
  webRoot?: string;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

/** `--speed X`: a positive factor, or max|inf = as fast as the page takes. */
export function parseSpeed(text: string | undefined): number {
  if (text === undefined) return 1;
  if (/^(max|inf|infinity)$/i.test(text.trim())) return Number.POSITIVE_INFINITY;
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || v <= 0)
    throw bad(`--speed: expected a positive factor or 'max', got '${text}'`);
  return v;
}

/** `--truth X,Y,Z` (ECEF m) or `lat,lon,h` (deg, deg, m). */
export function parseTruth(text: string | undefined): Ecef | undefined {
  if (text === undefined) return undefined;
  const p = text.split(",").map((s) => Number(s.trim()));
  const ok =
    p.length === 3 && p.every((v) => Number.isFinite(v)) && text.split(",").every((s) => s.trim() !== "");
  if (ok) {
    const r = Math.hypot(p[0], p[1], p[2]);
    if (r > 6.0e6 && r < 4.5e7) return ecef(p[0], p[1], p[2]);
    if (Math.abs(p[0]) <= 90 && Math.abs(p[1]) <= 360 && Math.abs(p[2]) < 1e5)
      return geodeticToEcef({ lat_rad: p[0] * DEG, lon_rad: p[1] * DEG, h_m: p[2] });
  }
  throw bad(`--truth: expected X,Y,Z (ECEF, m) or lat,lon,h (deg, deg, m), got '${text}'`);
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 8088;
  const v = Number(text);
  if (text.trim() === "" || !Number.isInteger(v) || v < 0 || v > 65535)
    throw bad(`--port: expected a port number in [0, 65535] (0 picks a free one), got '${text}'`);
  return v;
}

async function makeFeed(
  files: string[],
  o: ServeCliOptions,
  speed: number,
  truth: Ecef | undefined,
): Promise<LiveFeed> {
  const inputs = o.in ?? [];
  const simOptions = [o.lat, o.lon, o.height, o.seed].some((v) => v !== undefined);
  const relative = o.mode !== undefined && o.mode !== "single";
  if (relative && (files.length > 0 || inputs.length === 0 || !o.base))
    throw bad(`--mode ${o.mode}: give the rover with --in SOURCE and the base stream with --base SOURCE`);
  if (!relative && (o.base || o.basePos || o.ar))
    throw bad("--base, --base-pos and --ar need --mode rtk-kinematic|rtk-static|dgnss");
  if (files.length > 0 && inputs.length > 0)
    throw bad("give either FILES (RINEX) or --in SOURCE (streams), not both");
  if ((files.length > 0 || inputs.length > 0) && simOptions)
    throw bad("--lat, --lon, --height and --seed set up the simulator: they do not apply to FILES or --in");
  if (inputs.length === 0 && files.length === 0) {
    if (truth)
      throw bad("--truth: the simulator knows its truth (set the receiver with --lat/--lon/--height)");
    if (o.nav?.length) throw bad("--nav: the simulator makes its own navigation data");
    const lat = numberOption(o.lat, 30.75, "--lat", -90, 90);
    const lon = numberOption(o.lon, 120.49, "--lon", -180, 360);
    const h = numberOption(o.height, 10, "--height", -500, 100000);
    const wuzhen = o.lat === undefined && o.lon === undefined;
    if (!Number.isFinite(speed))
      throw bad("--speed max: the simulator runs in real time (give a factor, e.g. 10)");
    const solver = solverOptions({ ...o, systems: o.systems ?? "C,G" });
    const systems = (["C", "G"] as const).filter((s) => solver.systems.includes(s));
    if (systems.length === 0) throw bad("--systems: the simulator has BDS (C) and GPS (G) only");
    return new SimulatorFeed({
      rx: { lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h },
      place: wuzhen ? "Wuzhen" : undefined,
      speed,
      seed: numberOption(o.seed, 1, "--seed", 0, 2 ** 31),
      systems,
      solver,
    });
  }
  const opts = solverOptions(relative ? { ...o, iono: undefined, elevMask: undefined } : o);
  if (files.length > 0) {
    return ReplayFeed.open([...files, ...(o.nav ?? [])], { speed, truth, solver: opts });
  }
  let rtk: RtkStreamOptions | undefined;
  if (relative) {
    const bp = o.basePos ? parseBasePosition(o.basePos) : "header";
    rtk = {
      options: rtkOptions(o),
      baseInput: inputs.length,
      basePosition: bp === "header" ? undefined : bp,
    };
  }
  const endpoints = [...inputs, ...(rtk ? [o.base as string] : [])].map((spec) => parseEndpoint(spec));
  const retries = o.retries === undefined ? undefined : Number(o.retries);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0))
    throw bad(`--retries: expected a whole number, got '${o.retries}'`);
  const nav = o.nav?.length ? (await loadInputs(o.nav)).navigation : undefined;
  return new StreamFeed(endpoints, {
    speed,
    truth,
    solver: opts,
    navigation: nav,
    date: parseDate(o.date),
    retries,
    rtk,
  });
}

export async function runServe(files: string[], o: ServeCliOptions): Promise<number> {
  const port = parsePort(o.port);
  const speed = parseSpeed(o.speed);
  const truth = parseTruth(o.truth);
  const duration_s =
    o.duration === undefined ? undefined : numberOption(o.duration, 0, "--duration", 0.001, 1e9);
  const grid_deg =
    o.coverageGrid === undefined
      ? DEFAULT_COVERAGE.grid_deg
      : numberOption(o.coverageGrid, 5, "--coverage-grid", 0.5, 30);
  for (const f of o.coverage ?? [])
    if (!existsSync(f)) throw new BeidouError("io", "--coverage: no such file", { file: f });
  const log = (line: string) => {
    if (!o.quiet) process.stderr.write(`${line}\n`);
  };

  const feed = await makeFeed(files, o, speed, truth);
  for (const w of feed.warnings ?? []) log(w);
  const t = feed.truth ? ecefToGeodetic(feed.truth) : undefined;
  const hello: LiveHello = {
    type: "hello",
    source: feed.description,
    version: VERSION,
    ...(t
      ? {
          truth: {
            lat_deg: Math.round((t.lat_rad / DEG) * 1e9) / 1e9,
            lon_deg: Math.round((t.lon_rad / DEG) * 1e9) / 1e9,
            h_m: Math.round(t.h_m * 1000) / 1000,
          },
        }
      : {}),
    speed: Number.isFinite(speed) ? speed : 1e9,
  };
  const hub = new LiveHub(hello);
  const coverage = new CoverageService({ ...DEFAULT_COVERAGE, nav: o.coverage, grid_deg });
  const server = new LiveServer({
    hub,
    port,
    webRoot: o.webRoot,
    coverage,
    status: () => ({
      source: feed.description,
      speed: Number.isFinite(speed) ? speed : "max",
      version: VERSION,
    }),
  });
  await server.listen();
  process.stdout.write(`beidou serve: ${server.url}\n`);
  log(`serving ${feed.description}; Ctrl-C stops`);

  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const timer = duration_s !== undefined ? setTimeout(stop, duration_s * 1000) : undefined;
  const stopped = new Promise<void>((r) => ac.signal.addEventListener("abort", () => r(), { once: true }));
  const t0 = performance.now();
  let failure: unknown;
  try {
    const summary = await runLiveSession(feed, hub, { signal: ac.signal, log, noWait: o.wait === false });
    if (!ac.signal.aborted)
      log(`source ended: ${summary.epochs} epochs, ${summary.solved} solved; still serving, Ctrl-C stops`);
    await stopped;
  } catch (e) {
    failure = e;
    hub.end({ type: "end", epochs: hub.epochs, solved: hub.solved });
  } finally {
    if (timer) clearTimeout(timer);
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    const st = hub.stats();
    await server.close();
    const secs = (performance.now() - t0) / 1000;
    log(
      `${st.epochs} epochs sent (${st.solved} solved) in ${secs.toFixed(1)} s; ${st.droppedEpochs} dropped for slow pages`,
    );
    const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
    const l = st.latency_ms;
    const w = st.writeLatency_ms;
    if (l.count > 0)
      log(
        `latency (epoch released -> event built), last ${l.count} epochs: p50 ${f(l.p50_ms)} ms, p99 ${f(l.p99_ms)} ms, max ${f(l.max_ms)} ms; ${w.count > 0 ? `-> written to the pages: p50 ${f(w.p50_ms)} ms, p99 ${f(w.p99_ms)} ms, max ${f(w.max_ms)} ms` : "no page was connected"}`,
      );
  }
  if (failure !== undefined) {
    throw failure instanceof BeidouError
      ? failure
      : new BeidouError("io", formatError(failure).replace(/^error: /, ""));
  }
  return 0;
}

const collect = (value: string, prev: string[] | undefined) => [...(prev ?? []), value];

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description(
      "live dashboard on http://127.0.0.1:PORT/: the simulator (no input), RINEX files replayed, or receiver streams (--in)",
    )
    .argument("[files...]", "RINEX/Hatanaka observation + navigation (+ SP3/clock) files to replay")
    .option(
      "--in <source>",
      "receiver stream, repeatable: file:PATH (RTCM 3/UBX), tcp://HOST:PORT, ntrip://user:pass@host:port/MOUNT, serial:///dev/ttyX?baud=N",
      collect,
    )
    .option("--nav <file>", "RINEX navigation file, repeatable (besides the streams' ephemerides)", collect)
    .option("--port <n>", "port on 127.0.0.1 (0 picks a free one)", "8088")
    .option(
      "--speed <x>",
      "replay speed factor (files and the simulator), or max: as fast as the page takes",
      "1",
    )
    .option("--truth <pos>", "known antenna position X,Y,Z or lat,lon,h (ENU errors against it)")
    .option("--duration <s>", "stop after this many seconds")
    .option("--no-wait", "start a file replay at once (default: when the first page connects)")
    .option("--lat <deg>", "simulator: receiver latitude (default 30.75, Wuzhen)")
    .option("--lon <deg>", "simulator: receiver longitude (default 120.49)")
    .option("--height <m>", "simulator: ellipsoidal height (default 10)")
    .option("--seed <n>", "simulator: noise seed (default 1)")
    .option("--systems <list>", "systems to use, BDS first (C,G,E,R,J)")
    .option("--elev-mask <deg>", "elevation mask (deg, default 10)")
    .option(
      "--iono <model>",
      "single: broadcast (default)|klobuchar-gps|iono-free|none; relative: auto (default)|off|estimate",
    )
    .option("--mode <mode>", "single (default)|rtk-kinematic|rtk-static|dgnss (with --in ROVER --base BASE)")
    .option(
      "--base <source>",
      "base station stream for relative modes (RTCM 3), e.g. ntrip://host:port/MOUNT",
    )
    .option("--base-pos <pos>", "base position: X,Y,Z | lat,lon,h | rtcm (default: the stream's 1005/1006)")
    .option("--ar <mode>", "ambiguity resolution: continuous (default)|instantaneous|fix-and-hold|off")
    .option("--tropo <model>", "saastamoinen (default)|niell|none")
    .option("--preset <name>", "default|rtklib")
    .option("--date <yyyy-mm-dd>", "date of RTCM MSM streams until an ephemeris arrives")
    .option("--retries <n>", "reconnect attempts of network inputs (default: without end)")
    .option(
      "--coverage <nav>",
      "coverage page from this navigation file, repeatable (default: the nominal constellations)",
      collect,
    )
    .option("--coverage-grid <deg>", "coverage page grid spacing (default 5)")
    .option("--web-root <dir>", "folder of the built dashboard (default: dist/web)")
    .option("-q, --quiet", "no messages on stderr")
    .action(async (files: string[], o: ServeCliOptions) => {
      process.exitCode = await runServe(files, o);
    });
}
