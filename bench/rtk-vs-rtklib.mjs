#!/usr/bin/env node
// `node bench/rtk-vs-rtklib.mjs`: beidou's RTK (`solve --mode rtk-kinematic`) against RTKLIB 2.4.3 rnx2rtkp in
// kinematic mode on the Nagoya static pair (../shared/data/rtk-static-nagoya-2024-176, 301 epochs at 1 Hz),
// BDS-only, GPS-only and all systems, with RTKLIB's reference configurations (rtklib-reference/rtk_*.conf).
// Whole-process wall time, runs alternated (RTKLIB, beidou defaults, beidou --preset rtklib, ...), median of
// --reps N (default 5); epochs per second and the ratio beidou / RTKLIB (time; below 1 = beidou faster). Also the
// fix rate and RMS error of each run against the surveyed rover position. Writes its section of bench/RESULTS.md
// (between the rtk-vs-rtklib markers). Skips, exit 0, when the data or rnx2rtkp are absent.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeResultsSection } from "./results-section.mjs";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const DIR = resolve(ROOT, "../shared/data/rtk-static-nagoya-2024-176");
const REF = join(DIR, "rtklib-reference");
const CLI = join(ROOT, "dist", "cli", "main.js");
const RESULTS = join(ROOT, "bench", "RESULTS.md");
const BEGIN = "<!-- rtk-vs-rtklib:begin -->";
const END = "<!-- rtk-vs-rtklib:end -->";
const BASE_LLH = "35.134707705,136.977577939,104.853";
const argv = process.argv.slice(2);
const repsArg = argv.indexOf("--reps");
const REPS = Math.max(3, repsArg >= 0 ? Number(argv[repsArg + 1]) || 5 : 5);

function skip(why) {
  console.log(`rtk-vs-rtklib: SKIPPED - ${why}`);
  process.exit(0);
}
if (!existsSync(join(DIR, "rover.obs")))
  skip(`${DIR} not found (the shared data set ../shared/data is absent)`);
if (spawnSync("rnx2rtkp", ["-?"], { stdio: "ignore" }).error)
  skip("rnx2rtkp not installed (apt-get install rtklib)");
if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });

// truth: rover_position.txt (lat lon h) -> ECEF (WGS84)
const [lat, lon, h] = readFileSync(join(DIR, "rover_position.txt"), "utf8").trim().split(/\s+/).map(Number);
const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const phi = (lat * Math.PI) / 180;
const lam = (lon * Math.PI) / 180;
const N = A / Math.sqrt(1 - E2 * Math.sin(phi) ** 2);
const truth = [
  (N + h) * Math.cos(phi) * Math.cos(lam),
  (N + h) * Math.cos(phi) * Math.sin(lam),
  (N * (1 - E2) + h) * Math.sin(phi),
];

function evaluate(posFile) {
  const rows = readFileSync(posFile, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("%"))
    .map((l) => l.trim().split(/\s+/).map(Number));
  const [sp, cp, sl, cl] = [Math.sin(phi), Math.cos(phi), Math.sin(lam), Math.cos(lam)];
  let fixed = 0;
  let hh = 0;
  let vv = 0;
  for (const r of rows) {
    if (r[5] !== 1) continue;
    fixed++;
    const d = [r[2] - truth[0], r[3] - truth[1], r[4] - truth[2]];
    const e = -sl * d[0] + cl * d[1];
    const n = -sp * cl * d[0] - sp * sl * d[1] + cp * d[2];
    const u = cp * cl * d[0] + cp * sl * d[1] + sp * d[2];
    hh += e * e + n * n;
    vv += u * u;
  }
  return {
    epochs: rows.length,
    fixed,
    h_mm: Math.sqrt(hh / fixed) * 1000,
    v_mm: Math.sqrt(vv / fixed) * 1000,
  };
}

function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 << 20 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${String(r.stderr).slice(-400)}`);
  return s;
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const tmp = mkdtempSync(join(tmpdir(), "beidou-rtk-bench-"));
const inputs = ["rover.obs", "base.obs", "base.nav"].map((f) => join(DIR, f));
const sets = [
  { name: "BDS", systems: "C", conf: "rtk_bds.conf" },
  { name: "GPS", systems: "G", conf: "rtk_gps.conf" },
  { name: "all systems", systems: "C,G,E,R,J", conf: "rtk_multi.conf" },
];
const rows = [];
try {
  for (const set of sets) {
    const runs = {
      rtklib: { times: [], out: join(tmp, `rtklib-${set.systems}.pos`) },
      beidou: { times: [], out: join(tmp, `beidou-${set.systems}.pos`) },
      preset: { times: [], out: join(tmp, `preset-${set.systems}.pos`) },
    };
    const argsFor = (out, extra) => [
      CLI,
      "solve",
      ...inputs,
      "--mode",
      "rtk-kinematic",
      "--systems",
      set.systems,
      "--base-pos",
      BASE_LLH,
      "--out",
      out,
      "-q",
      ...extra,
    ];
    for (let rep = 0; rep <= REPS; rep++) {
      const t1 = timed("rnx2rtkp", ["-k", join(REF, set.conf), "-o", runs.rtklib.out, ...inputs]);
      const t2 = timed(process.execPath, argsFor(runs.beidou.out, []));
      const t3 = timed(process.execPath, argsFor(runs.preset.out, ["--preset", "rtklib"]));
      if (rep === 0) continue; // warm-up
      runs.rtklib.times.push(t1);
      runs.beidou.times.push(t2);
      runs.preset.times.push(t3);
    }
    const r = {};
    for (const [k, v] of Object.entries(runs)) r[k] = { t: median(v.times), ...evaluate(v.out) };
    // instantaneous (single-epoch) ambiguity resolution, fix rate only (not timed)
    const instConf = join(tmp, `inst-${set.conf}`);
    writeFileSync(
      instConf,
      readFileSync(join(REF, set.conf), "utf8").replace(
        /^pos2-armode\s*=.*$/m,
        "pos2-armode        =instantaneous",
      ),
    );
    const instRtklib = join(tmp, `inst-rtklib-${set.systems}.pos`);
    const instBeidou = join(tmp, `inst-beidou-${set.systems}.pos`);
    timed("rnx2rtkp", ["-k", instConf, "-o", instRtklib, ...inputs]);
    timed(process.execPath, argsFor(instBeidou, ["--ar", "instantaneous"]));
    r.instRtklib = evaluate(instRtklib);
    r.instBeidou = evaluate(instBeidou);
    rows.push({ set, r });
    console.log(
      `${set.name}: RTKLIB ${r.rtklib.t.toFixed(2)} s, beidou ${r.beidou.t.toFixed(2)} s (${(r.beidou.t / r.rtklib.t).toFixed(2)}x), ` +
        `beidou --preset rtklib ${r.preset.t.toFixed(2)} s (${(r.preset.t / r.rtklib.t).toFixed(2)}x)`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const date = new Date().toISOString().slice(0, 10);
const fmt = (x) => `${x.fixed}/${x.epochs} fixed, H ${x.h_mm.toFixed(1)} / V ${x.v_mm.toFixed(1)} mm`;
const lines = [
  BEGIN,
  "## RTK kinematic: beidou vs RTKLIB rnx2rtkp (Nagoya pair, 301 epochs, whole process)",
  "",
  `Command: \`npm run build && node bench/rtk-vs-rtklib.mjs\`. Date: ${date}. Median of ${REPS} alternated runs after a warm-up;`,
  "ratio = beidou time / RTKLIB time (below 1: beidou faster); epochs/s = 301 / wall time. RTKLIB runs its reference",
  "configuration (L1+L2: BDS B1I+B2I, GPS L1+L2; ratio 3; GLONASS float). beidou defaults use every frequency both",
  "receivers track (BDS B1I+B3I+B2I) and partial fixing; `--preset rtklib` uses RTKLIB's frequencies and no partial fixing.",
  "Accuracy: fixed epochs and RMS against the surveyed rover position.",
  "",
  "| systems | RTKLIB s (epochs/s) | beidou s (epochs/s) | ratio | beidou --preset rtklib s | ratio | RTKLIB result | beidou result |",
  "|---|---:|---:|---:|---:|---:|---|---|",
];
for (const { set, r } of rows) {
  const eps = (t) => (301 / t).toFixed(0);
  lines.push(
    `| ${set.name} | ${r.rtklib.t.toFixed(2)} (${eps(r.rtklib.t)}) | ${r.beidou.t.toFixed(2)} (${eps(r.beidou.t)}) | **${(r.beidou.t / r.rtklib.t).toFixed(2)}** | ${r.preset.t.toFixed(2)} | **${(r.preset.t / r.rtklib.t).toFixed(2)}** | ${fmt(r.rtklib)} | ${fmt(r.beidou)} |`,
  );
}
lines.push(
  "",
  "Instantaneous (single-epoch) ambiguity resolution, same runs with `--ar instantaneous` / `pos2-armode=instantaneous`:",
  "",
  "| systems | RTKLIB | beidou |",
  "|---|---|---|",
);
for (const { set, r } of rows) lines.push(`| ${set.name} | ${fmt(r.instRtklib)} | ${fmt(r.instBeidou)} |`);
lines.push(END);
const section = lines.join("\n");
console.log(section);
writeResultsSection(RESULTS, BEGIN, END, section);
