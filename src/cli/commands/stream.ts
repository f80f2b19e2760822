// `beidou stream --in SOURCE [--in SOURCE2] --out SINK [--format nmea|jsonl|pos|rtcm3]`: decode receiver byte
// streams as they arrive, solve single-point positions as epochs complete, and send them on. The per-epoch
// latency (last byte of the epoch in -> solution out) is reported at the end.

import type { Command } from "commander";
import { BeidouError, formatError } from "../../core/errors.js";
import { ecefToGeodetic } from "../../frames/geodetic.js";
import { SYSTEM_NAMES } from "../../signals/system.js";
import { defaultFramer } from "../../streams/engine/default-framer.js";
import { runStream, type StreamFormat } from "../../streams/engine/run-stream.js";
import { type RtkStreamOptions, StreamEngine } from "../../streams/engine/stream-engine.js";
import { loadInputs } from "../../streams/inputs.js";
import type { StreamEvent } from "../../streams/sources/byte-source.js";
import { describeEvent } from "../../streams/sources/describe-event.js";
import { formatEndpoint, parseEndpoint } from "../../streams/sources/endpoint.js";
import { openSink, openSource } from "../../streams/sources/open-endpoint.js";
import { fromCalendar, type Instant } from "../../time/instant.js";
import { type SolveCliOptions, solverOptions } from "./solve.js";
import { parseBasePosition, type RtkCliOptions, rtkOptions } from "./solve-rtk.js";

export interface StreamCliOptions extends SolveCliOptions, RtkCliOptions {
  in?: string[];
  nav?: string[];
  date?: string;
  rate?: string;
  realtime?: boolean;
  speed?: string;
  maxEpochs?: string;
  duration?: string;
  retries?: string;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

export function parseDate(text: string | undefined): Instant | undefined {
  if (!text) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw bad(`--date: expected YYYY-MM-DD, got '${text}'`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) throw bad(`--date: no such date '${text}'`);
  return fromCalendar("GPST", { year: y, month: mo, day: d, hour: 12, minute: 0, second: 0 });
}

const positive = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) throw bad(`${name}: expected a positive number, got '${text}'`);
  return v;
};

export async function runStreamCommand(o: StreamCliOptions): Promise<number> {
  const format = (o.format ?? "nmea") as StreamFormat;
  if (!["nmea", "jsonl", "pos", "rtcm3"].includes(format))
    throw bad(`--format: expected nmea|jsonl|pos|rtcm3, got '${o.format}'`);
  const coords = o.coords ?? "xyz";
  if (coords !== "xyz" && coords !== "llh") throw bad(`--coords: expected llh|xyz, got '${o.coords}'`);
  const timeFormat = o.timeFormat ?? "tow";
  if (timeFormat !== "tow" && timeFormat !== "cal")
    throw bad(`--time-format: expected cal|tow, got '${o.timeFormat}'`);
  const inputs = o.in ?? [];
  if (inputs.length === 0)
    throw bad("no input: give --in SOURCE (file:PATH, tcp://HOST:PORT, ntrip://..., ...)");
  const relative = o.mode !== undefined && o.mode !== "single";
  const opts = solverOptions(relative ? { ...o, iono: undefined, elevMask: undefined } : o);
  const date = parseDate(o.date);
  const rate_Bps = positive("--rate", o.rate);
  const speed = positive("--speed", o.speed);
  const maxEpochs = positive("--max-epochs", o.maxEpochs);
  const duration_s = positive("--duration", o.duration);
  const retries = o.retries === undefined ? undefined : Number(o.retries);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0))
    throw bad(`--retries: expected a whole number, got '${o.retries}'`);

  const log = (line: string) => {
    if (!o.quiet) process.stderr.write(`${line}\n`);
  };
  const events: StreamEvent[] = [];
  const onEvent = (e: StreamEvent) => {
    events.push(e);
    const text = describeEvent(e);
    if (text) log(text);
  };
  let rtk: RtkStreamOptions | undefined;
  if (o.mode && o.mode !== "single") {
    if (!o.base) throw bad(`--mode ${o.mode}: give the base station's stream with --base SOURCE`);
    const bp = o.basePos ? parseBasePosition(o.basePos) : "header";
    rtk = {
      options: rtkOptions(o),
      baseInput: inputs.length,
      basePosition: bp === "header" ? undefined : bp,
    };
  } else if (o.base || o.basePos || o.ar) {
    throw bad("--base, --base-pos and --ar need --mode rtk-kinematic|rtk-static|dgnss");
  }
  const engine = new StreamEngine({ solver: opts, date, forwardRtcm: format === "rtcm3", rtk });
  if (o.nav?.length) {
    const nav = await loadInputs(o.nav);
    engine.addNavigation(nav.navigation);
    log(`navigation: ${nav.navigation.ephemerides.length} records from ${o.nav.join(", ")}`);
  }
  const ac = new AbortController();
  const endpoints = [...inputs, ...(rtk ? [o.base as string] : [])].map((spec) => parseEndpoint(spec));
  const sources = endpoints.map((e) =>
    openSource(e, {
      onEvent,
      signal: ac.signal,
      framer: defaultFramer,
      rate_Bps,
      realtime: o.realtime,
      speed,
      backoff: retries === undefined ? undefined : { maxAttempts: retries },
      ggaPosition: () => {
        const s = engine.latestSolution();
        if (!s) return undefined;
        const g = ecefToGeodetic(s.pos);
        return [(g.lat_rad * 180) / Math.PI, (g.lon_rad * 180) / Math.PI, g.h_m];
      },
    }),
  );
  const sink = await openSink(o.out ?? "-", { onEvent });
  const stop = () => ac.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const timer = duration_s ? setTimeout(stop, duration_s * 1000) : undefined;
  log(`stream: ${endpoints.map(formatEndpoint).join(" + ")} -> ${o.out ?? "-"} (${format})`);
  try {
    const summary = await runStream({
      inputs: sources,
      sink,
      engine,
      format,
      coords,
      timeFormat,
      maxSolutions: maxEpochs,
      endWith: rtk ? inputs.map((_, k) => k) : undefined,
      events,
      log,
      signal: ac.signal,
      posInfo: {
        mode: rtk ? `${rtk.options.mode}, ambiguity resolution ${rtk.options.ar}` : "Single",
        elevMask_deg: ((rtk ? rtk.options.elevMask_rad : opts.elevMask_rad) * 180) / Math.PI,
        iono: opts.iono,
        tropo: opts.tropo,
        systems: opts.systems.map((s) => SYSTEM_NAMES[s]).join(" "),
      },
    });
    const st = summary.stats;
    log(
      `${st.epochs} epochs, ${summary.solutions} solved; ${st.frames.rtcm3} RTCM 3, ${st.frames.ubx} UBX, ${st.frames.nmea} NMEA frames; ${st.ephemerides} ephemerides; ${st.checksumErrors} checksum errors, ${st.garbageBytes} bytes skipped${summary.gaps ? `; ${summary.gaps} gap(s)` : ""}`,
    );
    if (format === "rtcm3") return st.frames.rtcm3 > 0 || st.epochs > 0 ? 0 : 2;
    return summary.solutions > 0 ? 0 : 2;
  } catch (e) {
    throw e instanceof BeidouError ? e : new BeidouError("io", formatError(e).replace(/^error: /, ""));
  } finally {
    if (timer) clearTimeout(timer);
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    for (const s of sources) s.close();
    await sink.close();
  }
}

const collect = (value: string, prev: string[] | undefined) => [...(prev ?? []), value];

export function registerStream(program: Command): void {
  program
    .command("stream")
    .description(
      "decode receiver streams as they arrive (RTCM 3, UBX, NMEA) and solve positions in real time: single-point, " +
        "or RTK/DGNSS against a base stream (--base SOURCE --mode rtk-kinematic)",
    )
    .option(
      "--in <source>",
      "input, repeatable: file:PATH, tcp://HOST:PORT, tcpserver://:PORT, serial:///dev/ttyX?baud=N, ntrip://user:pass@host:port/MOUNT, -",
      collect,
    )
    .option(
      "--out <sink>",
      "output: file:PATH, tcp://HOST:PORT, tcpserver://:PORT, ntrips://host:port/MOUNT, - (stdout)",
      "-",
    )
    .option(
      "--format <fmt>",
      "nmea|jsonl|pos|rtcm3 (rtcm3: the RTCM 3 frames of the inputs, checked)",
      "nmea",
    )
    .option("--systems <list>", "systems to use, BDS first (C,G,E,R,J)")
    .option("--elev-mask <deg>", "elevation mask (deg; default 10 single, 15 relative)")
    .option("--mode <mode>", "single (default)|rtk-kinematic|rtk-static|dgnss")
    .option(
      "--base <source>",
      "base station stream for relative modes (RTCM 3), e.g. ntrip://host:port/MOUNT",
    )
    .option("--base-pos <pos>", "base position: X,Y,Z | lat,lon,h | rtcm (default: the stream's 1005/1006)")
    .option("--ar <mode>", "ambiguity resolution: continuous (default)|instantaneous|fix-and-hold|off")
    .option("--ratio <r>", "ambiguity ratio-test threshold (default 3)")
    .option("--freqs <n>", "relative modes: use at most n frequencies per system (default: all)")
    .option(
      "--nav <file>",
      "RINEX navigation file, repeatable (besides the ephemerides in the streams)",
      collect,
    )
    .option(
      "--iono <model>",
      "single: broadcast (default)|klobuchar-gps|iono-free|none; relative: auto (default)|off|estimate",
    )
    .option("--tropo <model>", "saastamoinen (default)|niell|none")
    .option("--preset <name>", "default|rtklib")
    .option(
      "--date <yyyy-mm-dd>",
      "date of the data (RTCM MSM carries only the time of week) until an ephemeris arrives",
    )
    .option("--rate <bytes/s>", "replay file inputs at this byte rate")
    .option("--realtime", "replay file inputs at the pace of their epoch times")
    .option("--speed <x>", "speed factor of a --realtime replay", "1")
    .option("--coords <c>", "llh|xyz (pos format)", "xyz")
    .option("--time-format <t>", "cal|tow (pos format)", "tow")
    .option("--max-epochs <n>", "stop after this many solutions")
    .option("--duration <s>", "stop after this many seconds")
    .option("--retries <n>", "reconnect attempts of network inputs (default: without end)")
    .option("-q, --quiet", "no messages on stderr")
    .action(async (o: StreamCliOptions) => {
      process.exitCode = await runStreamCommand(o);
    });
}
