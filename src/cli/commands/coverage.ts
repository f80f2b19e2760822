// `beidou coverage [NAV... | --nominal]`: visible satellites and PDOP over a global grid for BDS alone, GPS
// alone and all systems, from a broadcast navigation file or the nominal constellations; availability
// (share of the time with PDOP under a threshold) and a per-country summary with Natural Earth polygons.
// Outputs by extension: .geojson .csv .svg .png .json (the dashboard's CoverageJson). See src/coverage/.

import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { BeidouError } from "../../core/errors.js";
import { coverageCsv } from "../../coverage/coverage-csv.js";
import { coverageGeoJson } from "../../coverage/coverage-geojson.js";
import { toCoverageJson } from "../../coverage/coverage-json.js";
import { coverageSvg, type MapQuantity } from "../../coverage/coverage-svg.js";
import { type CoverageRun, runCoverage } from "../../coverage/run-coverage.js";
import { isPositioningSystem, type PositioningSystem } from "../../signals/system.js";
import { formatCalendar, fromCalendar, type Instant } from "../../time/instant.js";

export interface CoverageCliOptions {
  nominal?: boolean;
  time?: string;
  span?: string;
  step?: string;
  grid?: string;
  systems?: string;
  elevMask?: string;
  pdop?: string;
  share?: string;
  out?: string[];
  map?: string;
  mapSet?: string;
  countries?: boolean;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

const UNIT_s: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600, d: 86400 };

/** "24h", "5m", "90min", "30s", "1d", "1.5h" or plain seconds. */
export function parseDuration(text: string, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)?\s*$/.exec(text);
  const v = m ? Number(m[1]) * UNIT_s[m[2] ?? "s"] : Number.NaN;
  if (!(v > 0)) throw bad(`${name}: expected a duration like 24h, 5m, 30s or seconds, got '${text}'`);
  return v;
}

function parseNumber(text: string | undefined, dflt: number, name: string, min: number, max: number): number {
  if (text === undefined) return dflt;
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || v < min || v > max)
    throw bad(`${name}: expected a number in [${min}, ${max}], got '${text}'`);
  return v;
}

function parseTime(text: string): Instant {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?$/.exec(text);
  if (!m || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31 || +(m[4] ?? 0) > 23 || +(m[5] ?? 0) > 59)
    throw bad(`--time: expected YYYY-MM-DD[THH:MM[:SS]] (GPST), got '${text}'`);
  return fromCalendar("GPST", {
    year: +m[1],
    month: +m[2],
    day: +m[3],
    hour: +(m[4] ?? 0),
    minute: +(m[5] ?? 0),
    second: +(m[6] ?? 0),
  });
}

function parseSystemList(text: string): PositioningSystem[] {
  const out: PositioningSystem[] = [];
  for (const s of text.split(",").map((x) => x.trim().toUpperCase())) {
    if (!isPositioningSystem(s)) throw bad(`--systems: unknown system '${s}' (use C,G,E,R,J)`);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

type OutKind = "geojson" | "csv" | "svg" | "png" | "json";

function outKind(file: string): OutKind {
  const m = /\.(geojson|csv|svg|png|json)$/i.exec(file);
  if (!m) throw bad(`--out: expected a file ending in .geojson, .csv, .svg, .png or .json, got '${file}'`);
  return m[1].toLowerCase() as OutKind;
}

const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)} %`;
const dur = (s: number) => (s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

export function coverageSummaryText(run: CoverageRun, elapsed_s: number): string {
  const g = run.grid;
  const tr = run.tracks;
  const lines: string[] = [];
  lines.push(`coverage: ${run.source}`);
  lines.push(
    `  ${formatCalendar(run.start, 0)} GPST + ${dur(run.span_s)} every ${dur(run.step_s)} (${tr.epochs.length} epochs), grid ${g.grid_deg} deg (${g.nLat * g.nLon} points), mask ${run.elevMask_deg} deg, PDOP < ${run.pdopThreshold}`,
  );
  const bySys = tr.systems.map((c, k) => {
    let n = 0;
    let pos = 0;
    tr.sats.forEach((_, s) => {
      if (tr.sysIndex[s] !== k) return;
      n++;
      pos += tr.positioned[s];
    });
    return `${c} ${n} (${pct(pos / (n * tr.epochs.length))})`;
  });
  lines.push(`  satellites (share of epochs with a position): ${bySys.join(", ")}`);
  lines.push("");
  const share = `${(run.requiredShare * 100).toFixed(1).replace(/\.0$/, "")} %`;
  const total = run.summary.countries.length;
  const rows = [
    [
      "set",
      "systems",
      "sats",
      "mean visible",
      "min visible",
      "mean PDOP",
      `area >= ${share}`,
      `countries >= ${share}`,
    ],
  ];
  for (const s of run.sets) {
    const gl = run.global.find((x) => x.set === s.name);
    if (!gl) continue;
    rows.push([
      s.name,
      s.systems.join("+"),
      String(s.satellites),
      gl.meanVisible.toFixed(2),
      String(gl.minVisible),
      gl.meanPdop.toFixed(2),
      pct(gl.areaQualifying),
      `${gl.countriesQualifying} / ${total}`,
    ]);
  }
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) lines.push(r.map((x, c) => (c < 2 ? x.padEnd(w[c]) : x.padStart(w[c]))).join("  "));
  lines.push("");
  const bds = run.global.find((x) => x.set === "BDS");
  const period = run.span_s === 86400 ? "the day" : "the time";
  lines.push(
    bds
      ? `countries: BDS alone gives PDOP < ${run.pdopThreshold} for >= ${share} of ${period} in ${bds.countriesQualifying} of ${total} countries`
      : `countries: no BDS satellite in this run (--systems)`,
  );
  lines.push(`  criterion: ${run.summary.criterion}`);
  const t = run.timing_ms;
  lines.push(
    `time: ${elapsed_s.toFixed(2)} s (reading ${(t.load / 1000).toFixed(2)} s, positions ${(t.positions / 1000).toFixed(2)} s, grid ${(t.grid / 1000).toFixed(2)} s, countries ${(t.countries / 1000).toFixed(2)} s)`,
  );
  return `${lines.join("\n")}\n`;
}

export function countryTableText(run: CoverageRun): string {
  const names = run.sets.map((s) => s.name);
  const share = `${(run.requiredShare * 100).toFixed(1).replace(/\.0$/, "")} %`;
  const rows = [["country", "iso", "points", ...names.map((n) => `${n} avail`), `BDS >= ${share}`]];
  for (const c of run.summary.countries)
    rows.push([
      c.name,
      c.iso || "-",
      c.points > 0 ? String(c.points) : "0*",
      ...names.map((n) => pct(c.availability[n], 2)),
      c.qualifies.BDS === undefined ? "-" : c.qualifies.BDS ? "yes" : "no",
    ]);
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const out = rows.map((r) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join("  "));
  out.push("(* no grid point inside: the grid point nearest the centroid of its largest ring stands for it)");
  return `${out.join("\n")}\n`;
}

export async function runCoverageCommand(nav: string[], o: CoverageCliOptions): Promise<number> {
  const started = performance.now();
  if (o.nominal && nav.length > 0) throw bad("give either navigation files or --nominal, not both");
  const outs = (o.out ?? []).map((f) => ({ file: f, kind: outKind(f) }));
  const map = (o.map ?? "availability") as MapQuantity;
  if (map !== "availability" && map !== "visible")
    throw bad(`--map: expected availability|visible, got '${o.map}'`);
  const grid_deg = parseNumber(o.grid, 2, "--grid", 0.1, 30);
  const run = await runCoverage({
    nav,
    start: o.time === undefined ? undefined : parseTime(o.time),
    span_s: parseDuration(o.span ?? "24h", "--span"),
    step_s: parseDuration(o.step ?? "5m", "--step"),
    grid_deg,
    systems: o.systems === undefined ? undefined : parseSystemList(o.systems),
    elevMask_deg: parseNumber(o.elevMask, 5, "--elev-mask", 0, 89),
    pdopThreshold: parseNumber(o.pdop, 6, "--pdop", 1, 1000),
    requiredShare: parseNumber(o.share, 99, "--share", 1, 100) / 100,
  });
  if (o.mapSet !== undefined && !run.sets.some((s) => s.name === o.mapSet))
    throw bad(`--map-set: expected one of ${run.sets.map((s) => s.name).join("|")}, got '${o.mapSet}'`);
  for (const { file, kind } of outs) {
    let body: string | Uint8Array;
    if (kind === "geojson") body = coverageGeoJson(run);
    else if (kind === "csv") body = coverageCsv(run);
    else if (kind === "json") body = `${JSON.stringify(toCoverageJson(run))}\n`;
    else {
      const svg = coverageSvg(run, { quantity: map, set: o.mapSet });
      if (kind === "svg") body = svg;
      else body = (await import("../../report/png.js")).svgToPng(svg);
    }
    try {
      writeFileSync(file, body);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new BeidouError("io", `cannot write (${err.code ?? err.message})`, { file });
    }
    const bytes = typeof body === "string" ? Buffer.byteLength(body) : body.length;
    process.stderr.write(`wrote ${file} (${kind}, ${bytes} bytes)\n`);
  }
  process.stdout.write(coverageSummaryText(run, (performance.now() - started) / 1000));
  if (o.countries) process.stdout.write(`\n${countryTableText(run)}`);
  return 0;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerCoverage(program: Command): void {
  program
    .command("coverage")
    .description(
      "visible satellites, PDOP and availability over a global grid (BDS, GPS, all) from a navigation file or the nominal constellations, with a per-country summary",
    )
    .argument("[nav...]", "broadcast navigation file(s) (RINEX nav, receiver logs with ephemerides)")
    .option(
      "--nominal",
      "the nominal BDS-3 (24 MEO + 3 IGSO + 3 GEO) and GPS (24 slots) constellations (default without files)",
    )
    .option(
      "--time <T>",
      "first epoch, GPST YYYY-MM-DD[THH:MM[:SS]] (default: 00:00 of the navigation data's day; nominal: 2026-01-01)",
    )
    .option("--span <dur>", "length of the run (24h, 90m, 3600s)", "24h")
    .option("--step <dur>", "time between epochs", "5m")
    .option("--grid <deg>", "grid step in latitude and longitude, dividing 180", "2")
    .option("--systems <list>", "systems taken into account (C,G,E,R,J; default all in the source)")
    .option("--elev-mask <deg>", "elevation mask (deg)", "5")
    .option("--pdop <max>", "availability threshold: PDOP under this value", "6")
    .option("--share <pct>", "share of the epochs a country needs to qualify (%)", "99")
    .option("--out <file>", "write .geojson, .csv, .svg, .png or .json (CoverageJson); repeatable", collect)
    .option("--map <quantity>", "what colours the map: availability|visible", "availability")
    .option("--map-set <set>", "which set the map shows: BDS|GPS|all (default BDS)")
    .option("--countries", "print the per-country table")
    .action(async (nav: string[], o: CoverageCliOptions) => {
      process.exitCode = await runCoverageCommand(nav, o);
    });
}
