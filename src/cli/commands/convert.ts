// `beidou convert INPUT... --to rinex --out-dir DIR`: receiver logs (RTCM 3, UBX, mixed) or RINEX to RINEX
// 3.05/4.00 observation + navigation files; `--to rtcm3 --out FILE`: RINEX (or a log) to an RTCM 3 stream
// (MSM4 or MSM7 for every system, 1005/1006 from the station position, 1019/1042/1045/1046 ephemerides).

import { closeSync, createWriteStream, mkdirSync, openSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import type { Command } from "commander";
import { BeidouError, formatIssue } from "../../core/errors.js";
import { writeRinexNav } from "../../formats/rinex/nav-writer.js";
import { RinexObsEpochEncoder, writeRinexObsHeader } from "../../formats/rinex/obs-writer.js";
import type { MsmEncoderState } from "../../formats/rtcm3/msm-encode.js";
import type { MsmSystem } from "../../formats/rtcm3/msm-signals.js";
import type { Ecef } from "../../frames/vectors.js";
import type { Ephemeris, KeplerEphemeris } from "../../orbits/ephemeris.js";
import type { ObsEpoch } from "../../signals/observation.js";
import { loadInputs } from "../../streams/inputs.js";
import { diffSeconds } from "../../time/instant.js";
import { PROGRAM } from "../version.js";
import { parseStart } from "./receiver-options.js";

export interface ConvertCliOptions {
  to?: string;
  outDir?: string;
  out?: string;
  date?: string;
  rinexVersion?: string;
  msm?: string;
  stationId?: string;
  systems?: string;
}

const bad = (m: string) => new BeidouError("bad-argument", m);

/** Stream writes with backpressure. */
function writer(path: string) {
  const s = createWriteStream(path);
  let failed: Error | undefined;
  s.on("error", (e) => {
    failed = e;
  });
  return {
    async write(chunk: string | Uint8Array) {
      if (failed) throw failed;
      if (!s.write(chunk)) await new Promise<void>((r) => s.once("drain", () => r()));
    },
    async close() {
      await new Promise<void>((r) => s.end(() => r()));
      if (failed) throw failed;
    },
  };
}

/** Whole-file output written synchronously (a batch conversion has nothing else to do meanwhile). */
function fileSink(path: string) {
  const fd = openSync(path, "w");
  const put = (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
  };
  return {
    write(chunk: string | Uint8Array) {
      put(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    },
    close() {
      closeSync(fd);
    },
  };
}

/** Bytes of observation records gathered before each write. */
const FLUSH_BYTES = 1 << 20;

/** A station position worth sending as 1005 (the header's approximate position, when it has one). */
function stationPosition(obs: { header: { approxPosition?: Ecef } }): Ecef | undefined {
  const p = obs.header.approxPosition;
  return p && Math.hypot(p[0], p[1], p[2]) > 1e6 ? p : undefined;
}

/** RTCM ephemeris message type of a record, or undefined when RTCM has none beidou encodes. */
function ephemerisType(e: Ephemeris): 1019 | 1042 | 1045 | 1046 | undefined {
  if (e.kind !== "kepler") return undefined;
  if (e.sat[0] === "G" && e.message === "LNAV") return 1019;
  if (e.sat[0] === "C" && (e.message === "D1" || e.message === "D2")) return 1042;
  if (e.sat[0] === "E") return e.message === "FNAV" ? 1045 : 1046;
  return undefined;
}

export async function runConvert(files: string[], o: ConvertCliOptions): Promise<number> {
  const to = o.to ?? "rinex";
  if (to !== "rinex" && to !== "rtcm3") throw bad(`--to: expected rinex|rtcm3, got '${o.to}'`);
  if (files.length === 0) throw bad("no input files");
  const date = o.date ? parseStart(o.date) : undefined;
  // solve.js (and the positioning code it brings) is loaded only for --systems
  const systems = o.systems ? (await import("./solve.js")).parseSystems(o.systems) : undefined;
  const inputs = await loadInputs(files, { date, obs: systems ? { systems } : undefined });
  for (const i of inputs.issues.slice(0, 5)) process.stderr.write(`warning: ${formatIssue(i)}\n`);

  if (to === "rinex") {
    if (!o.outDir) throw bad("--out-dir is required with --to rinex");
    const version = o.rinexVersion === undefined ? 3.05 : Number(o.rinexVersion);
    if (version !== 3.05 && version !== 4)
      throw bad(`--rinex-version: expected 3.05 or 4, got '${o.rinexVersion}'`);
    mkdirSync(o.outDir, { recursive: true });
    for (const obs of inputs.observations) {
      let n = 0;
      const base = basename(obs.path)
        .replace(/\.(gz|log|ubx|rtcm3?|obs|rnx|crx)$/gi, "")
        .replace(/\.(gz|log|ubx|rtcm3?|obs|rnx|crx)$/gi, "");
      const path = join(o.outDir, `${base}.obs`);
      const w = fileSink(path);
      try {
        const h = obs.header;
        w.write(
          writeRinexObsHeader({
            ...h,
            version,
            program: PROGRAM,
            date: new Date(),
            comments: [`converted from ${basename(obs.path)}`],
          }),
        );
        const records = new RinexObsEpochEncoder(FLUSH_BYTES + (1 << 16));
        for await (const ep of obs.epochs) {
          records.encode(ep, h.obsCodes);
          n++;
          if (records.length >= FLUSH_BYTES) {
            w.write(records.bytes());
            records.clear();
          }
        }
        w.write(records.bytes());
      } finally {
        w.close();
      }
      process.stderr.write(`${path}: ${n} epochs (RINEX ${version.toFixed(2)} observation)\n`);
      for (const i of obs.issues.slice(0, 5)) process.stderr.write(`warning: ${formatIssue(i)}\n`);
    }
    if (inputs.navigation.ephemerides.length > 0) {
      const first = inputs.observations[0]?.path ?? inputs.files[0].path;
      const base = basename(first)
        .replace(/\.(gz|log|ubx|rtcm3?|obs|rnx|crx)$/gi, "")
        .replace(/\.(gz|log|ubx|rtcm3?|obs|rnx|crx)$/gi, "");
      const path = join(o.outDir, `${base}.nav`);
      const w = writer(path);
      // streams repeat each ephemeris (RTCM every few seconds, subframes every 30 s): one record each
      const seen = new Set<string>();
      const ephemerides = inputs.navigation.ephemerides.filter((e) => {
        const key =
          e.kind === "kepler"
            ? `${e.sat}|${e.message}|${e.toe.sec}|${e.iode}|${e.af0_s}`
            : `${e.sat}|${e.toe.sec}|${e.pos_m[0]}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      await w.write(
        writeRinexNav({ ...inputs.navigation, ephemerides }, { version, program: PROGRAM, date: new Date() }),
      );
      await w.close();
      process.stderr.write(
        `${path}: ${ephemerides.length} ephemerides (RINEX ${version.toFixed(2)} navigation)\n`,
      );
    }
    if (inputs.observations.length === 0 && inputs.navigation.ephemerides.length === 0) {
      throw new BeidouError(
        "no-observations",
        "nothing to convert: no observations and no ephemerides in the inputs",
      );
    }
    return 0;
  }

  // --to rtcm3
  if (!o.out) throw bad("--out is required with --to rtcm3");
  const msm = o.msm === undefined ? 7 : Number(o.msm);
  if (msm !== 4 && msm !== 7) throw bad(`--msm: expected 4 or 7, got '${o.msm}'`);
  const stationId = o.stationId === undefined ? 0 : Number(o.stationId);
  if (!Number.isInteger(stationId) || stationId < 0 || stationId > 4095)
    throw bad(`--station-id: expected 0-4095, got '${o.stationId}'`);
  const obs = inputs.observations[0];
  if (!obs) throw new BeidouError("no-observations", "no observation file among the inputs");
  // the encoders are loaded only for this direction
  const { encodeRtcm3 } = await import("../../formats/rtcm3/encode.js");
  const { MsmEncoderState } = await import("../../formats/rtcm3/msm-encode.js");
  const w = writer(o.out);
  const states = new Map<MsmSystem, MsmEncoderState>();
  const ephs = inputs.navigation.ephemerides.filter(
    (e): e is KeplerEphemeris => ephemerisType(e) !== undefined,
  );
  const sentEph = new Set<string>();
  let lastArp: ObsEpoch["time"] | undefined;
  let frames = 0;
  let epochs = 0;
  const put = async (list: Uint8Array[]) => {
    for (const f of list) {
      await w.write(f);
      frames++;
    }
  };
  for await (const ep of obs.epochs) {
    // the station position every 30 s, ephemerides as they become valid (each record once)
    const arp = stationPosition(obs);
    if (arp && (!lastArp || diffSeconds(ep.time, lastArp) >= 30)) {
      await put(encodeRtcm3({ kind: "station-arp", type: 1005, stationId, arp }));
      lastArp = ep.time;
    }
    for (const e of ephs) {
      const key = `${e.sat}:${e.toe.sec}:${e.iode}:${e.message}`;
      if (sentEph.has(key) || diffSeconds(ep.time, e.toe) < -7200) continue;
      sentEph.add(key);
      await put(encodeRtcm3({ kind: "ephemeris", type: ephemerisType(e) as 1019, ephemeris: e }));
    }
    const present = [...new Set(ep.sats.map((s) => s[0]))].filter((s): s is MsmSystem =>
      "GRESJCI".includes(s),
    );
    for (let k = 0; k < present.length; k++) {
      const system = present[k];
      let state = states.get(system);
      if (!state) {
        state = new MsmEncoderState();
        states.set(system, state);
      }
      await put(
        encodeRtcm3({
          kind: "msm",
          msm: msm as 4 | 7,
          system,
          epoch: ep,
          stationId,
          moreFollow: k < present.length - 1,
          glonassChannels: obs.header.glonassChannels,
          state,
        }),
      );
    }
    epochs++;
  }
  await w.close();
  process.stderr.write(
    `${o.out}: ${frames} RTCM 3 frames (${epochs} epochs, MSM${msm}, ${sentEph.size} ephemerides)\n`,
  );
  return epochs > 0 ? 0 : 2;
}

export function registerConvert(program: Command): void {
  program
    .command("convert")
    .description("receiver logs (RTCM 3, UBX, mixed) or RINEX to RINEX obs+nav, or RINEX to an RTCM 3 stream")
    .argument("<files...>", "input files (any order, detected by content)")
    .option("--to <format>", "rinex|rtcm3", "rinex")
    .option("--out-dir <dir>", "folder for the RINEX files (--to rinex)")
    .option("--out <file>", "RTCM 3 output file (--to rtcm3)")
    .option("--rinex-version <v>", "3.05 or 4", "3.05")
    .option("--date <YYYY-MM-DD>", "date of RTCM MSM data when the stream carries no ephemeris")
    .option("--msm <n>", "4 or 7 (--to rtcm3)", "7")
    .option("--station-id <n>", "RTCM reference station id (--to rtcm3)", "0")
    .option("--systems <list>", "systems to keep, e.g. C,G")
    .action(async (files: string[], o: ConvertCliOptions) => {
      process.exitCode = await runConvert(files, o);
    });
}
