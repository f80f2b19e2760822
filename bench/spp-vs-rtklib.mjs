#!/usr/bin/env node
// `npm run bench`: beidou's `solve` against RTKLIB 2.4.3 rnx2rtkp (single mode) on a real 24 h station day
// (ESBC00DNK 2020-177, ../shared/data). Whole-process wall time (ratios beidou/RTKLIB, runs alternated
// ABAB...), peak memory 24 h vs 1 h, and the agreement of the two programs' positions. Writes its own
// section of bench/RESULTS.md (between the spp-vs-rtklib markers) and prints the same tables.
//
// Options (after `npm run bench --`): --reps N (default 7, at least 3), --build (rebuild dist/ first; otherwise
// only when missing), --profile (always CPU-profile beidou; automatic when it is slower than RTKLIB or a run
// fails), --strict (exit 1 when a goal is missed), --keep (keep the temp folder). Skips, exit 0, when the
// data or rnx2rtkp are absent.

import { spawnSync } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
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
import { join, relative, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const DATA = resolve(ROOT, "../shared/data/esbc-2020-177-station");
const REF = join(DATA, "rtklib-reference");
const CRX = join(DATA, "ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz");
const NAV_GZ = join(DATA, "ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
const CONF_MULTI = join(REF, "spp_multi.conf");
const CONF_BDS = join(REF, "spp_bds.conf");
const REF_MULTI_POS = join(REF, "spp_multi.pos");
const RESULTS = join(ROOT, "bench", "RESULTS.md");
const CLI = join(ROOT, "dist", "cli", "main.js");
const BEGIN = "<!-- spp-vs-rtklib:begin -->";
const END = "<!-- spp-vs-rtklib:end -->";
const ONE_HOUR_EPOCHS = 120;

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const repsArg = argv.indexOf("--reps");
const REPS = Math.max(3, repsArg >= 0 ? Number(argv[repsArg + 1]) || 7 : 7);

function skip(why) {
  console.log(`spp-vs-rtklib: SKIPPED - ${why}`);
  process.exit(0);
}

// ---------------------------------------------------------------- preconditions

for (const f of [CRX, NAV_GZ, CONF_MULTI, CONF_BDS]) {
  if (!existsSync(f)) skip(`${relative(ROOT, f)} not found (the shared data set ../shared/data is absent)`);
}
const probe = spawnSync("rnx2rtkp", ["-?"], { stdio: "ignore" });
if (probe.error) skip("rnx2rtkp (RTKLIB) is not on the PATH");
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
if (!TIME) console.log("note: /usr/bin/time not found; peak memory (max RSS) will not be measured");

if (!existsSync(CLI) || flag("--build")) {
  console.log(
    `${existsSync(CLI) ? "rebuilding" : "dist/ missing: building"} with \`npx tsc -p tsconfig.build.json\` ...`,
  );
  const b = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  if (b.status !== 0 || !existsSync(CLI)) {
    console.error("spp-vs-rtklib: build failed; cannot benchmark");
    process.exit(1);
  }
} else {
  const newest = newestMtime(join(ROOT, "src"));
  if (newest > statSync(CLI).mtimeMs)
    console.log(
      "note: src/ has changes newer than dist/cli/main.js: `npm run build` (or --build) to bench them",
    );
}

function newestMtime(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestMtime(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const { CrxDecoder } = await import("../dist/formats/crx/crx-decoder.js");
const { readFileLines } = await import("../dist/formats/text/file-lines.js");

// ---------------------------------------------------------------- inputs in a temp folder

const TMP = mkdtempSync(join(tmpdir(), "beidou-bench-"));
const OBS = join(TMP, "ESBC00DNK_R_20201770000_01D_30S_MO.rnx");
const OBS_1H = join(TMP, "ESBC00DNK_1h.rnx");
const NAV = join(TMP, "ESBC00DNK_R_20201770000_01D_MN.rnx");
const started = Date.now();

/** Plain RINEX from the .crx.gz with beidou's own decoder; also the 1 h file (header + first 120 epochs). */
async function decompress() {
  const dec = new CrxDecoder({ file: CRX });
  const full = createWriteStream(OBS);
  const hour = createWriteStream(OBS_1H);
  let inHeader = true;
  let epochs = 0;
  let fullBuf = "";
  let hourBuf = "";
  const write = async (stream, text) => {
    if (!stream.write(text)) await new Promise((r) => stream.once("drain", r));
  };
  const take = (lines) => {
    for (const line of lines) {
      if (inHeader) {
        if (line.slice(60, 73) === "END OF HEADER") inHeader = false;
      } else if (line.charCodeAt(0) === 62 /* > */) epochs++;
      fullBuf += `${line}\n`;
      if (epochs <= ONE_HOUR_EPOCHS) hourBuf += `${line}\n`;
    }
  };
  for await (const batch of readFileLines(CRX)) {
    for (const line of batch) take(dec.push(line));
    if (fullBuf.length > 1 << 20) {
      await write(full, fullBuf);
      fullBuf = "";
    }
    if (hourBuf.length > 0) {
      await write(hour, hourBuf);
      hourBuf = "";
    }
  }
  take(dec.finish());
  await write(full, fullBuf);
  await write(hour, hourBuf);
  await Promise.all([new Promise((r) => full.end(r)), new Promise((r) => hour.end(r))]);
  await pipeline(createReadStream(NAV_GZ), createGunzip(), createWriteStream(NAV));
  return { epochs, issues: dec.issues.length };
}

// ---------------------------------------------------------------- runs

const pos = (name) => join(TMP, `${name}.pos`);
const ALL = "C,G,E,R,J";
const solve = (name, inputs, extra) => ({
  prog: "beidou",
  cmd: process.execPath,
  args: [CLI, "solve", ...inputs, ...extra, "--out", pos(name)],
  out: pos(name),
});
const rtk = (name, conf, obs) => ({
  prog: "rnx2rtkp",
  cmd: "rnx2rtkp",
  args: ["-k", conf, "-o", pos(name), obs, NAV],
  out: pos(name),
});

const CASES = {
  R_multi: rtk("rtk_multi", CONF_MULTI, OBS),
  B_multi: solve("bd_multi", [OBS, NAV], ["--preset", "rtklib", "--systems", ALL]),
  R_bds: rtk("rtk_bds", CONF_BDS, OBS),
  B_bds: solve("bd_bds", [OBS, NAV], ["--preset", "rtklib", "--systems", "C"]),
  B_crx: solve("bd_crx", [CRX, NAV_GZ], ["--preset", "rtklib", "--systems", ALL]),
  B_default: solve("bd_default", [CRX, NAV_GZ], []),
  R_1h: rtk("rtk_1h", CONF_MULTI, OBS_1H),
  B_1h: solve("bd_1h", [OBS_1H, NAV], ["--preset", "rtklib", "--systems", ALL]),
};
/** Each rep runs these pairs in this order: RTKLIB, then beidou (ABAB...). */
const PAIRS = [
  ["R_multi", "B_multi"],
  ["R_bds", "B_bds"],
  ["R_multi", "B_crx"],
  ["R_multi", "B_default"],
  ["R_1h", "B_1h"],
];

const samples = Object.fromEntries(Object.keys(CASES).map((k) => [k, { wall_s: [], rss_kB: [] }]));
const paired = Object.fromEntries(PAIRS.map(([, b]) => [b, []]));
const failures = [];

/** One whole-process run: wall seconds (monotonic clock around the child) and peak RSS (kB, from time(1)). */
function runOnce(key) {
  const c = CASES[key];
  const rssFile = join(TMP, "rss.txt");
  const [cmd, args] = TIME ? [TIME, ["-f", "%M", "-o", rssFile, c.cmd, ...c.args]] : [c.cmd, c.args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: TMP,
    stdio: ["ignore", "ignore", c.prog === "beidou" ? "pipe" : "ignore"],
    maxBuffer: 1 << 24,
  });
  const wall_s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 || r.error) {
    const why = r.error ? r.error.message : `exit ${r.status}${r.signal ? ` (${r.signal})` : ""}`;
    const tail = r.stderr ? r.stderr.toString().trim().split("\n").slice(-3).join(" | ") : "";
    failures.push(`${key}: ${why}${tail ? `: ${tail}` : ""}`);
    return null;
  }
  let rss_kB = Number.NaN;
  if (TIME) {
    const lines = readFileSync(rssFile, "utf8").trim().split("\n");
    rss_kB = Number(lines[lines.length - 1]);
  }
  return { wall_s, rss_kB };
}

function record(key, r) {
  if (!r) return;
  samples[key].wall_s.push(r.wall_s);
  samples[key].rss_kB.push(r.rss_kB);
}

// ---------------------------------------------------------------- statistics and outputs

function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
}

/** .pos (xyz, GPS week + TOW) -> Map "week tow" -> [x, y, z] (m). */
function readPos(file) {
  const out = new Map();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("%") || line.trim() === "") continue;
    const f = line.trim().split(/\s+/);
    const xyz = [Number(f[2]), Number(f[3]), Number(f[4])];
    if (xyz.every(Number.isFinite)) out.set(`${f[0]} ${Number(f[1]).toFixed(1)}`, xyz);
  }
  return out;
}

function compare(fileA, fileB) {
  const a = readPos(fileA);
  const b = readPos(fileB);
  const d_m = [];
  for (const [k, p] of a) {
    const q = b.get(k);
    if (q) d_m.push(Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
  }
  d_m.sort((x, y) => x - y);
  return {
    nA: a.size,
    nB: b.size,
    matched: d_m.length,
    median_m: quantile(d_m, 0.5),
    p95_m: quantile(d_m, 0.95),
    max_m: d_m[d_m.length - 1] ?? Number.NaN,
  };
}

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const mb = (kB) => (Number.isFinite(kB) ? (kB / 1024).toFixed(0) : "n/a");
const verdict = (ok) => (ok ? "PASS" : "**MISS**");

/** Self time per function from a V8 .cpuprofile, top n. */
function hotSpots(file, n) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((nd) => [nd.id, nd]));
  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const nd = byId.get(prof.samples[i]);
    const dt_ms = (prof.timeDeltas[i + 1] ?? 0) / 1000;
    const cf = nd.callFrame;
    const url = cf.url ? cf.url.replace(/^file:\/\//, "") : "";
    const where = url ? `${url.startsWith(ROOT) ? relative(ROOT, url) : url}:${cf.lineNumber + 1}` : "";
    const key = `${cf.functionName || "(anonymous)"}\t${where}`;
    self.set(key, (self.get(key) ?? 0) + dt_ms);
  }
  const total_ms = [...self.values()].reduce((s, x) => s + x, 0);
  const top = [...self]
    .filter(([k]) => !k.startsWith("(idle)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
  return {
    total_ms,
    top: top.map(([k, ms]) => ({ fn: k.split("\t")[0], where: k.split("\t")[1], self_ms: ms })),
  };
}

function profileBeidou(key) {
  const dir = join(TMP, "prof");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, ...CASES[key].args], {
    cwd: TMP,
    stdio: "ignore",
  });
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  return files.length ? hotSpots(join(dir, files[0]), 10) : null;
}

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "";
}

// ---------------------------------------------------------------- main

let exitCode = 0;
try {
  console.log(`spp-vs-rtklib: decompressing ${relative(ROOT, CRX)} with beidou's CrxDecoder into ${TMP} ...`);
  const dec = await decompress();
  if (dec.epochs !== 2880 || dec.issues > 0) {
    console.log(
      `warning: decompressed ${dec.epochs} epochs with ${dec.issues} decoder issue(s) (expected 2880, 0)`,
    );
  }
  console.log(
    `spp-vs-rtklib: ${REPS} repetitions of ${PAIRS.map((p) => p.join(">")).join(", ")} (after one warm-up pair) ...`,
  );
  runOnce("R_multi");
  runOnce("B_multi");
  for (let rep = 0; rep < REPS; rep++) {
    for (const [a, b] of PAIRS) {
      const ra = runOnce(a);
      const rb = runOnce(b);
      record(a, ra);
      record(b, rb);
      if (ra && rb) paired[b].push(rb.wall_s / ra.wall_s);
    }
    process.stdout.write(`  rep ${rep + 1}/${REPS} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }

  const med = (k) => median(samples[k].wall_s);
  const rss = (k) => median(samples[k].rss_kB);
  const ratio = (b, a) => med(b) / med(a);
  const spread = (b) => {
    const v = [...paired[b]].sort((x, y) => x - y);
    return v.length ? `${f2(v[0])}-${f2(v[v.length - 1])}` : "n/a";
  };
  const speedGoal = (r) => `${verdict(r <= 1.0)}${r <= 0.5 ? " (aim 0.5 met)" : ""}`;

  const rows = [
    [
      "1a. 24 h, C+G+E+R+J, plain RINEX obs+nav, `--preset rtklib` vs spp_multi.conf",
      "R_multi",
      "B_multi",
      true,
    ],
    [
      "1b. 24 h, BDS only, plain RINEX, `--preset rtklib --systems C` vs spp_bds.conf",
      "R_bds",
      "B_bds",
      true,
    ],
    [
      "2. 24 h, C+G+E+R+J, beidou reads .crx.gz + .rnx.gz itself, `--preset rtklib` (RTKLIB: plain files)",
      "R_multi",
      "B_crx",
      true,
    ],
    [
      "3. 24 h, beidou default settings (all systems) on .crx.gz + .rnx.gz (RTKLIB: spp_multi.conf, plain)",
      "R_multi",
      "B_default",
      true,
    ],
    ["(info) 1 h (120 epochs), C+G+E+R+J, plain, `--preset rtklib` vs spp_multi.conf", "R_1h", "B_1h", false],
  ];
  const speedLines = [
    "| run | rnx2rtkp median (s) | beidou median (s) | beidou/RTKLIB | paired ratios (min-max) | goal <= 1.0 |",
    "|---|---:|---:|---:|---:|---|",
  ];
  const ratios = {};
  let worst = { key: "B_multi", label: rows[0][0], r: -1 };
  for (const [label, a, b, goal] of rows) {
    const r = ratio(b, a);
    ratios[b] = r;
    if (goal && r > worst.r) worst = { key: b, label, r };
    speedLines.push(
      `| ${label} | ${f2(med(a))} | ${f2(med(b))} | **${f3(r)}** | ${spread(b)} | ${goal ? speedGoal(r) : "-"} |`,
    );
  }

  const memRatio = rss("B_multi") / rss("B_1h");
  const memLines = [
    "| input (plain RINEX, all systems, `--preset rtklib`) | rnx2rtkp max RSS (MB) | beidou max RSS (MB) |",
    "|---|---:|---:|",
    `| 1 h (header + first ${ONE_HOUR_EPOCHS} epochs) | ${mb(rss("R_1h"))} | ${mb(rss("B_1h"))} |`,
    `| 24 h (2880 epochs) | ${mb(rss("R_multi"))} | ${mb(rss("B_multi"))} |`,
    `| beidou 24 h / 1 h | | **${f2(memRatio)}** (goal <= 2: ${verdict(memRatio <= 2)}) |`,
    `| beidou 24 h from .crx.gz, preset / default settings | | ${mb(rss("B_crx"))} / ${mb(rss("B_default"))} |`,
  ];

  const cmpMulti = compare(pos("bd_multi"), pos("rtk_multi"));
  const cmpBds = compare(pos("bd_bds"), pos("rtk_bds"));
  const cmpCrx = compare(pos("bd_crx"), pos("bd_multi"));
  const cmpDef = compare(pos("bd_default"), pos("rtk_multi"));
  const cmpRef = compare(pos("rtk_multi"), REF_MULTI_POS);
  const agreeLine = (label, c) =>
    `| ${label} | ${c.matched} / ${c.nA} / ${c.nB} | **${f3(c.median_m)}** | ${f3(c.p95_m)} | ${f3(c.max_m)} |`;
  const agreeLines = [
    "| comparison (same epochs) | epochs matched / A / B | median 3D (m) | 95 % 3D (m) | max 3D (m) |",
    "|---|---:|---:|---:|---:|",
    agreeLine("A beidou `--preset rtklib` C+G+E+R+J vs B rnx2rtkp spp_multi.conf", cmpMulti),
    agreeLine("A beidou `--preset rtklib --systems C` vs B rnx2rtkp spp_bds.conf", cmpBds),
    agreeLine("A beidou default settings vs B rnx2rtkp spp_multi.conf (different models: info)", cmpDef),
    agreeLine("A beidou from .crx.gz vs B beidou from plain RINEX (same settings)", cmpCrx),
    agreeLine("A rnx2rtkp on beidou-decompressed RINEX vs B rtklib-reference/spp_multi.pos", cmpRef),
  ];

  let hot = null;
  if (failures.length > 0 || worst.r > 1.0 || flag("--profile")) {
    console.log(
      `spp-vs-rtklib: profiling beidou on the case with the highest ratio (${worst.key}) with --cpu-prof ...`,
    );
    hot = profileBeidou(worst.key);
  }

  const rtkVersion = sh("dpkg-query", ["-W", "rtklib"]).split("\t")[1] || "unknown (not a Debian package)";
  const gitRev = sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]);
  const dirty = sh("git", ["-C", ROOT, "status", "--porcelain", "--", "src"])
    ? " + uncommitted src changes"
    : "";
  const cpu = cpus();
  const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const section = [
    BEGIN,
    "## Single-point positioning: beidou vs RTKLIB rnx2rtkp (ESBC00DNK, 2020-06-25, 24 h, 30 s)",
    "",
    `Command: \`npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}\` (bench/spp-vs-rtklib.mjs). Date: ${date}. beidou ${gitRev}${dirty} (dist/ build).`,
    `Machine: ${cpu.length} CPU(s) (nproc), ${cpu[0]?.model?.trim() ?? "?"}; Node ${process.version}; RTKLIB rnx2rtkp ${rtkVersion}.`,
    "",
    `Whole-process wall time, ${REPS} repetitions per program, alternated (RTKLIB, beidou, RTKLIB, beidou, ...) after`,
    "one warm-up pair; medians, ratio = median(beidou) / median(rnx2rtkp). rnx2rtkp always reads plain RINEX (it cannot",
    "read Hatanaka); the plain observation file was made from the .crx.gz by beidou's own CRX decoder and the",
    "navigation file gunzipped, both in a temp folder. rnx2rtkp's per-epoch progress output goes to /dev/null.",
    "",
    ...speedLines,
    "",
    `Peak memory (max RSS from /usr/bin/time, median of ${REPS}). The 1 h file is the 24 h file's header plus its first`,
    `${ONE_HOUR_EPOCHS} epochs (header TIME OF LAST OBS left as is).`,
    "",
    ...memLines,
    "",
    "Agreement of the positions (.pos, ECEF xyz, matched by GPS week + time of week):",
    "",
    ...agreeLines,
  ];
  if (hot) {
    section.push(
      "",
      `CPU profile of beidou on the case with the highest ratio, ${worst.label.split(".")[0]} (\`node --cpu-prof\`, sampled total ${hot.total_ms.toFixed(0)} ms), top 10 self time:`,
      "",
      "| function | where | self (ms) |",
      "|---|---|---:|",
      ...hot.top.map(
        (h) => `| ${h.fn.replace(/\|/g, "\\|")} | ${h.where || "(native)"} | ${h.self_ms.toFixed(0)} |`,
      ),
    );
  }
  if (failures.length > 0) section.push("", "Failed runs:", "", ...failures.map((f) => `- ${f}`));
  section.push(END);
  const text = section.join("\n");

  let doc = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "# Benchmark results\n\n";
  const i = doc.indexOf(BEGIN);
  const j = doc.indexOf(END);
  if (i >= 0 && j > i) doc = doc.slice(0, i) + text + doc.slice(j + END.length);
  else doc = `${doc.trimEnd()}\n\n${text}\n`;
  writeFileSync(RESULTS, doc);

  console.log(`\n${text.split("\n").slice(1, -1).join("\n")}\n`);
  console.log(
    `spp-vs-rtklib: wrote ${relative(ROOT, RESULTS)} in ${((Date.now() - started) / 1000).toFixed(0)} s total`,
  );

  const missed =
    [ratios.B_multi, ratios.B_bds, ratios.B_crx, ratios.B_default].some((r) => !(r <= 1.0)) ||
    !(memRatio <= 2);
  if (failures.length > 0) {
    console.error(`spp-vs-rtklib: ${failures.length} run(s) failed:\n  ${failures.join("\n  ")}`);
    exitCode = 1;
  } else if (missed && flag("--strict")) exitCode = 1;
} finally {
  if (flag("--keep")) console.log(`kept ${TMP}`);
  else rmSync(TMP, { recursive: true, force: true });
}
process.exitCode = exitCode;
