#!/usr/bin/env node
// beidou convert vs RTKLIB convbin on the same receiver logs, whole process, alternated in one run.
// Each log as it is (small: process start dominates), and repeated to about 20 MB (decoding dominates) in two
// ways: copies as they are (the same time tags again and again: convbin drops every epoch that does not
// advance its time, so it writes the first copy's epochs only while beidou writes them all), and copies whose
// observation time tags advance by the log's span each time (UBX RXM-RAWX rcvTow/week, RTCM MSM epoch
// fields, checksums redone), so that both programs decode and write every epoch: the fair comparison.
// Writes its section of bench/RESULTS.md.
//   npm run build && node bench/convert-vs-convbin.mjs [--reps N] [--no-write] [--inputs-only DIR]
// --inputs-only DIR writes the repeated inputs to DIR (for profiling) and times nothing.
// BEIDOU_CLI=path/to/main.js times another build (e.g. an older one) instead of dist/cli/main.js.

import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DATA = path.resolve(REPO, "../shared/data");
const CLI = process.env.BEIDOU_CLI ?? path.join(REPO, "dist/cli/main.js");
const args = process.argv.slice(2);
const REPS = args.includes("--reps") ? Number(args[args.indexOf("--reps") + 1]) : 5;
const WRITE = !args.includes("--no-write");
const INPUTS_ONLY = args.includes("--inputs-only") ? args[args.indexOf("--inputs-only") + 1] : undefined;

if (!existsSync(DATA) || spawnSync("convbin", ["-?"]).error) {
  console.log(
    "SKIPPED - convert-vs-convbin needs ../shared/data and RTKLIB's convbin (apt-get install rtklib)",
  );
  process.exit(0);
}
if (!existsSync(path.join(REPO, "dist/cli/main.js")))
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "inherit" });
const { MixedStreamSplitter } = await import(path.join(REPO, "dist/formats/mixed/splitter.js"));
const { crc24q } = await import(path.join(REPO, "dist/core/crc24q.js"));

const logs = [
  {
    name: "u-blox F9P (UBX RAWX)",
    file: "ubx-bds-logs/gpsd_ublox-zed-f9p_hpg1.11.log",
    fmt: "ubx",
    date: null,
  },
  {
    name: "gpsd F9R (RTCM 3 + UBX + NMEA)",
    file: "rtcm3-bds-streams/gpsd_ublox-zed-f9r.log",
    fmt: "rtcm3",
    date: "2025/04/11 23:00:00",
  },
];

// --- time tags of observation messages (the bytes of a copy, patched in place) ---

const WEEK_S = 604800;
const WEEK_MS = WEEK_S * 1000;
const DAY_MS = 86400000;

function getBits(b, pos, len) {
  let v = 0;
  for (let k = 0; k < len; k++) v = v * 2 + ((b[(pos + k) >> 3] >> (7 - ((pos + k) & 7))) & 1);
  return v;
}
function setBits(b, pos, len, v) {
  for (let k = len - 1; k >= 0; k--, v = Math.floor(v / 2)) {
    const p = pos + k;
    if (v % 2) b[p >> 3] |= 0x80 >> (p & 7);
    else b[p >> 3] &= ~(0x80 >> (p & 7));
  }
}
/** MSM system letter of an RTCM message number (MSM1-7), or undefined. */
function msmSystem(type) {
  const base = { 1070: "G", 1080: "R", 1090: "E", 1100: "S", 1110: "J", 1120: "C", 1130: "I" }[
    type - (type % 10)
  ];
  return base && type % 10 >= 1 && type % 10 <= 7 ? base : undefined;
}

/** Observation messages of a log: RXM-RAWX and MSM frames with their offsets. */
function observationFrames(bytes) {
  const sp = new MixedStreamSplitter();
  const frames = [...sp.push(bytes), ...sp.finish()];
  const out = [];
  for (const f of frames) {
    if (f.protocol === "ubx" && f.bytes[2] === 0x02 && f.bytes[3] === 0x15 && f.bytes.length >= 8 + 16)
      out.push({ kind: "rawx", offset: f.offset, length: f.bytes.length });
    else if (f.protocol === "rtcm3" && f.bytes.length >= 6 + 8) {
      const sys = msmSystem(getBits(f.bytes, 24, 12));
      if (sys) out.push({ kind: "msm", sys, offset: f.offset, length: f.bytes.length });
    }
  }
  return out;
}

/** Span of the log's observation times (s), rounded up to whole seconds, plus one interval of 1 s. */
function spanSeconds(bytes, frames) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const t = [];
  for (const f of frames) {
    if (f.kind === "rawx")
      t.push(dv.getUint16(f.offset + 6 + 8, true) * WEEK_S + dv.getFloat64(f.offset + 6, true));
    else if (f.sys !== "R")
      t.push(getBits(bytes.subarray(f.offset), 48, 30) / 1000 + (f.sys === "C" ? 14 : 0));
  }
  return Math.ceil(Math.max(...t) - Math.min(...t)) + 1;
}

/** Shifts the observation time tags of one copy (in place) by shift_s and redoes the checksums. */
function shiftCopy(copy, frames, shift_s) {
  const dv = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  for (const f of frames) {
    const b = copy.subarray(f.offset, f.offset + f.length);
    if (f.kind === "rawx") {
      let tow = dv.getFloat64(f.offset + 6, true) + shift_s;
      let week = dv.getUint16(f.offset + 6 + 8, true);
      while (tow >= WEEK_S) {
        tow -= WEEK_S;
        week++;
      }
      dv.setFloat64(f.offset + 6, tow, true);
      dv.setUint16(f.offset + 6 + 8, week, true);
      let a = 0;
      let c = 0;
      for (let i = 2; i < f.length - 2; i++) {
        a = (a + b[i]) & 0xff;
        c = (c + a) & 0xff;
      }
      b[f.length - 2] = a;
      b[f.length - 1] = c;
    } else {
      if (f.sys === "R") {
        let dow = getBits(b, 48, 3);
        let tod = getBits(b, 51, 27) + shift_s * 1000;
        while (tod >= DAY_MS) {
          tod -= DAY_MS;
          if (dow !== 7) dow = (dow + 1) % 7;
        }
        setBits(b, 48, 3, dow);
        setBits(b, 51, 27, tod);
      } else {
        setBits(b, 48, 30, (getBits(b, 48, 30) + shift_s * 1000) % WEEK_MS);
      }
      const crc = crc24q(b, 0, f.length - 3);
      b[f.length - 3] = crc >>> 16;
      b[f.length - 2] = (crc >>> 8) & 0xff;
      b[f.length - 1] = crc & 0xff;
    }
  }
}

// --- timing ---

if (INPUTS_ONLY) mkdirSync(INPUTS_ONLY, { recursive: true });
const tmp = INPUTS_ONLY ?? mkdtempSync(path.join(tmpdir(), "beidou-convbench-"));
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
function time(cmd, argv) {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { stdio: ["ignore", "ignore", "ignore"] });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} exited ${r.status}`);
  return (performance.now() - t0) / 1000;
}
/** The rtklib package version (Debian), which convbin's usage text does not show. */
function convbinVersion() {
  const r = spawnSync("dpkg-query", ["-W", "rtklib"], { encoding: "utf8" });
  return (r.stdout ?? "").split("\t")[1]?.trim() || "unknown (not a Debian package)";
}

/** Epoch records in a RINEX observation file. */
function epochsIn(file) {
  const text = readFileSync(file, "latin1");
  let n = 0;
  for (let i = text.indexOf("\n>"); i >= 0; i = text.indexOf("\n>", i + 1)) n++;
  return n;
}

const rows = [];
for (const log of logs) {
  const src = path.join(DATA, log.file);
  const bytes = readFileSync(src);
  const copies = Math.max(1, Math.round(20e6 / bytes.length));
  const same = path.join(tmp, `${path.basename(src)}.x`);
  writeFileSync(same, Buffer.concat(Array.from({ length: copies }, () => bytes)));
  const frames = observationFrames(bytes);
  const span_s = spanSeconds(bytes, frames);
  const shifted = path.join(tmp, `${path.basename(src)}.t`);
  writeFileSync(
    shifted,
    Buffer.concat(
      Array.from({ length: copies }, (_, k) => {
        const copy = Buffer.from(bytes);
        shiftCopy(copy, frames, k * span_s);
        return copy;
      }),
    ),
  );
  if (INPUTS_ONLY) continue;
  const inputs = [
    ["as is", src],
    [`x${copies}, same time tags`, same],
    [`x${copies}, time tags advanced ${span_s} s a copy`, shifted],
  ];
  for (const [label, input] of inputs) {
    const cObs = path.join(tmp, "c.obs");
    const bDir = path.join(tmp, `b-${rows.length}`);
    const cv = [
      "-r",
      log.fmt,
      ...(log.date ? ["-tr", log.date] : []),
      "-v",
      "3.04",
      "-od",
      "-os",
      "-o",
      cObs,
      "-n",
      path.join(tmp, "c.nav"),
      input,
    ];
    const bd = [
      CLI,
      "convert",
      input,
      "--out-dir",
      bDir,
      ...(log.date ? ["--date", log.date.slice(0, 10).replaceAll("/", "-")] : []),
    ];
    const tc = [];
    const tb = [];
    time("convbin", cv);
    time("node", bd);
    for (let i = 0; i < REPS; i++) {
      tc.push(time("convbin", cv));
      tb.push(time("node", bd));
    }
    const bObs = readdirSync(bDir).find((f) => f.endsWith(".obs"));
    const epochs = `${epochsIn(cObs)} / ${bObs ? epochsIn(path.join(bDir, bObs)) : 0}`;
    const mb = statSync(input).size / 1e6;
    rows.push({ log: log.name, label, mb, epochs, convbin: median(tc), beidou: median(tb) });
    console.log(
      `${log.name} ${label}: ${mb.toFixed(1)} MB, epochs written convbin/beidou ${epochs}, convbin ${median(tc).toFixed(2)} s, beidou ${median(tb).toFixed(2)} s, ratio ${(median(tb) / median(tc)).toFixed(2)}`,
    );
  }
}
if (INPUTS_ONLY) process.exit(0);
rmSync(tmp, { recursive: true, force: true });

const table = [
  "<!-- convert-vs-convbin:begin -->",
  "## Receiver log conversion: beidou convert vs RTKLIB convbin (whole process, RINEX obs + nav out)",
  "",
  `Command: \`npm run build && node bench/convert-vs-convbin.mjs\`. Date: ${new Date().toISOString().slice(0, 10)}. ${REPS} alternated repetitions after one warm-up pair; medians; ratio = beidou / convbin.`,
  `Machine: ${cpus().length} CPU(s), ${cpus()[0]?.model?.trim() ?? "?"}; Node ${process.version}; RTKLIB convbin ${convbinVersion()}.`,
  "Logs repeated (x N) to about 20 MB so that decoding, not process start, is measured. With the same time tags in every",
  "copy convbin writes only the epochs that advance its time (the first copy's), beidou all of them; with the time tags of",
  "each copy advanced by the log's span (RXM-RAWX rcvTow/week, MSM epoch fields, checksums redone) both write every epoch.",
  "",
  "| log | input | MB | epochs written convbin / beidou | convbin (s) | beidou (s) | beidou/convbin |",
  "|---|---|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.log} | ${r.label} | ${r.mb.toFixed(1)} | ${r.epochs} | ${r.convbin.toFixed(2)} | ${r.beidou.toFixed(2)} | **${(r.beidou / r.convbin).toFixed(2)}** |`,
  ),
  "<!-- convert-vs-convbin:end -->",
].join("\n");
if (WRITE) {
  const resultsPath = path.join(REPO, "bench/RESULTS.md");
  let results = existsSync(resultsPath) ? readFileSync(resultsPath, "utf8") : "# Benchmark results\n";
  const re = /<!-- convert-vs-convbin:begin -->[\s\S]*<!-- convert-vs-convbin:end -->/;
  results = re.test(results) ? results.replace(re, table) : `${results.trimEnd()}\n\n${table}\n`;
  writeFileSync(resultsPath, results);
}
