#!/usr/bin/env node
// beidou convert vs RTKLIB convbin on the same receiver logs, whole process, alternated in one run.
// Each log as it is (small: process start dominates) and repeated to about 20 MB (decoding dominates).
// Writes its section of bench/RESULTS.md. Run: npm run build && node bench/convert-vs-convbin.mjs

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DATA = path.resolve(REPO, "../shared/data");
const CLI = path.join(REPO, "dist/cli/main.js");
const REPS = 5;

if (!existsSync(DATA) || spawnSync("convbin", ["-?"]).error) {
  console.log("SKIPPED - convert-vs-convbin needs ../shared/data and RTKLIB's convbin (apt-get install rtklib)");
  process.exit(0);
}
if (!existsSync(CLI)) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "inherit" });

const logs = [
  { name: "u-blox F9P (UBX RAWX)", file: "ubx-bds-logs/gpsd_ublox-zed-f9p_hpg1.11.log", fmt: "ubx", date: null },
  { name: "gpsd F9R (RTCM 3 + UBX + NMEA)", file: "rtcm3-bds-streams/gpsd_ublox-zed-f9r.log", fmt: "rtcm3", date: "2025/04/11 23:00:00" },
];

const tmp = mkdtempSync(path.join(tmpdir(), "beidou-convbench-"));
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
function time(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "ignore"] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
  return (performance.now() - t0) / 1000;
}

const rows = [];
for (const log of logs) {
  const src = path.join(DATA, log.file);
  const bytes = readFileSync(src);
  const big = path.join(tmp, `${path.basename(src)}.x`);
  const copies = Math.max(1, Math.round(20e6 / bytes.length));
  writeFileSync(big, Buffer.concat(Array.from({ length: copies }, () => bytes)));
  for (const [label, input] of [["as is", src], [`x${copies}`, big]]) {
    const cv = ["-r", log.fmt, ...(log.date ? ["-tr", log.date] : []), "-v", "3.04", "-od", "-os", "-o", path.join(tmp, "c.obs"), "-n", path.join(tmp, "c.nav"), input];
    const bd = [CLI, "convert", input, "--out-dir", path.join(tmp, "b"), ...(log.date ? ["--date", log.date.slice(0, 10).replaceAll("/", "-")] : [])];
    const tc = [];
    const tb = [];
    time("convbin", cv);
    time("node", bd);
    for (let i = 0; i < REPS; i++) {
      tc.push(time("convbin", cv));
      tb.push(time("node", bd));
    }
    const mb = statSync(input).size / 1e6;
    rows.push({ log: log.name, label, mb, convbin: median(tc), beidou: median(tb) });
    console.log(`${log.name} ${label}: ${mb.toFixed(1)} MB, convbin ${median(tc).toFixed(2)} s, beidou ${median(tb).toFixed(2)} s, ratio ${(median(tb) / median(tc)).toFixed(2)}`);
  }
}
rmSync(tmp, { recursive: true, force: true });

const table = [
  "<!-- convert-vs-convbin:begin -->",
  "## Receiver log conversion: beidou convert vs RTKLIB convbin (whole process, RINEX obs + nav out)",
  "",
  `Command: \`npm run build && node bench/convert-vs-convbin.mjs\`. Date: ${new Date().toISOString().slice(0, 10)}. ${REPS} alternated repetitions after one warm-up pair; medians; ratio = beidou / convbin.`,
  "Logs repeated (x N) to about 20 MB so that decoding, not process start, is measured (repeated time tags are fine for both).",
  "",
  "| log | input | MB | convbin (s) | beidou (s) | beidou/convbin |",
  "|---|---|---:|---:|---:|---:|",
  ...rows.map((r) => `| ${r.log} | ${r.label} | ${r.mb.toFixed(1)} | ${r.convbin.toFixed(2)} | ${r.beidou.toFixed(2)} | **${(r.beidou / r.convbin).toFixed(2)}** |`),
  "<!-- convert-vs-convbin:end -->",
].join("\n");
const resultsPath = path.join(REPO, "bench/RESULTS.md");
let results = existsSync(resultsPath) ? readFileSync(resultsPath, "utf8") : "# Benchmark results\n";
const re = /<!-- convert-vs-convbin:begin -->[\s\S]*<!-- convert-vs-convbin:end -->/;
results = re.test(results) ? results.replace(re, table) : `${results.trimEnd()}\n\n${table}\n`;
writeFileSync(resultsPath, results);
