// `beidou coverage` as the built command: the nominal constellations with every output format (GeoJSON,
// CSV, SVG, PNG, CoverageJson) parsed and checked against each other, the ESBC broadcast navigation file
// with its visible counts checked against a direct computation written here (EphemerisStore.state +
// azimuthElevation), the per-country numbers printed, and wrong uses answered with one line.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { azimuthElevation, geodeticToEcef } from "../src/frames/geodetic.js";
import { DEG } from "../src/frames/vectors.js";
import { EphemerisStore } from "../src/orbits/ephemeris-store.js";
import { loadInputs } from "../src/streams/inputs.js";
import { addSeconds, fromCalendar } from "../src/time/instant.js";
import { DATA, ensureBuilt, nonEmptyLines, runCli, stackFrames } from "./cli-harness.js";

const NAV = path.join(DATA, "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
const OBS = path.join(DATA, "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz");
if (!existsSync(NAV)) console.log(`cli-coverage: ${NAV} absent, ESBC run skipped`);

// biome-ignore lint/suspicious/noExplicitAny: JSON from the command under test
type Json = any;

const PLACES = [
  { name: "Wuzhen", lat: 30.75, lon: 120.49 },
  { name: "Nairobi", lat: -1.29, lon: 36.82 },
  { name: "Sao Paulo", lat: -23.55, lon: -46.63 },
  { name: "Ny-Alesund", lat: 78.92, lon: 11.93 },
];

/** Index of the 2 deg cell holding (lat, lon): rows from 90 N down, columns from 180 W east. */
const cell2 = (lat: number, lon: number) => Math.floor((90 - lat) / 2) * 180 + Math.floor((lon + 180) / 2);

/** Minimal CSV line split with RFC 4180 quotes. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Tags balance (every element closed in order), the one XML property a bad writer breaks. */
function tagsBalance(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (m[3] === "/") continue;
    if (m[1] === "/") {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0;
}

function summaryRows(
  stdout: string,
): Record<string, { sats: number; meanVisible: number; countries: number }> {
  const out: Record<string, { sats: number; meanVisible: number; countries: number }> = {};
  for (const m of stdout.matchAll(
    /^(BDS|GPS|all)\s+\S+\s+(\d+)\s+([\d.]+)\s+\d+\s+[\d.]+\s+[\d.]+ %\s+(\d+) \/ 177$/gm,
  ))
    out[m[1]] = { sats: +m[2], meanVisible: +m[3], countries: +m[4] };
  return out;
}

describe("beidou coverage --nominal (2 deg, 24 h, 5 min) with every output", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "beidou-coverage-"));
  const f = (ext: string) => path.join(dir, `nominal.${ext}`);
  let stdout = "";
  let stderr = "";
  let wall_s = 0;
  beforeAll(async () => {
    ensureBuilt();
    const t0 = performance.now();
    const r = await runCli([
      "coverage",
      "--nominal",
      ...["geojson", "csv", "svg", "png", "json"].flatMap((e) => ["--out", f(e)]),
      "--countries",
    ]);
    wall_s = (performance.now() - t0) / 1000;
    stdout = r.stdout;
    stderr = r.stderr;
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the summary per set and the country count (whole process in seconds)", () => {
    const rows = summaryRows(stdout);
    console.log(`${stdout.split("\n").slice(0, 12).join("\n")}\nwhole process ${wall_s.toFixed(1)} s`);
    expect(rows.BDS.sats).toBe(30);
    expect(rows.GPS.sats).toBe(24);
    expect(rows.all.sats).toBe(54);
    expect(rows.all.meanVisible).toBeCloseTo(rows.BDS.meanVisible + rows.GPS.meanVisible, 1);
    const m = /BDS alone gives PDOP < 6 for >= 99 % of the day in (\d+) of 177 countries/.exec(stdout);
    expect(m).not.toBeNull();
    console.log(`nominal: BDS alone qualifies in ${m?.[1]} of 177 countries`);
    // the table's "yes" lines are the same count
    const yes = stdout.split("\n").filter((l) => /\s(yes)$/.test(l)).length;
    expect(yes).toBe(Number(m?.[1]));
    expect(wall_s).toBeLessThan(60);
    for (const ext of ["geojson", "csv", "svg", "png", "json"]) expect(stderr).toContain(`wrote ${f(ext)}`);
  });

  it("GeoJSON: a FeatureCollection of 16200 closed counter-clockwise cells with the statistics", () => {
    const gj = JSON.parse(readFileSync(f("geojson"), "utf8"));
    expect(gj.type).toBe("FeatureCollection");
    expect(gj.features).toHaveLength(16200);
    // plain checks per feature, one assertion on the list of failures (16200 x 10 expect calls are slow)
    const bad: string[] = [];
    gj.features.forEach((ft: Json, k: number) => {
      const ring: number[][] = ft.geometry?.coordinates?.[0] ?? [];
      let area2 = 0;
      for (let q = 1; q < ring.length; q++)
        area2 += ring[q - 1][0] * ring[q][1] - ring[q][0] * ring[q - 1][1];
      const p = ft.properties;
      const ok =
        ft.type === "Feature" &&
        ft.geometry.type === "Polygon" &&
        ring.length === 5 &&
        ring[4][0] === ring[0][0] &&
        ring[4][1] === ring[0][1] &&
        Math.abs(area2 - 8) < 1e-6 && // 2 x 2 deg, counter-clockwise (RFC 7946 3.1.6)
        Math.abs(p.lon_deg - (ring[0][0] + ring[1][0]) / 2) < 1e-6 &&
        Math.abs(p.lat_deg - (ring[1][1] + ring[2][1]) / 2) < 1e-6 &&
        ["BDS", "GPS", "all"].every(
          (s) =>
            p[`${s}_availability`] >= 0 &&
            p[`${s}_availability`] <= 1 &&
            p[`${s}_min_visible`] <= p[`${s}_mean_visible`] + 1e-9 &&
            (p[`${s}_mean_pdop`] === null || p[`${s}_mean_pdop`] > 0),
        );
      if (!ok) bad.push(`feature ${k}: ${JSON.stringify(ft).slice(0, 200)}`);
    });
    expect(bad.slice(0, 3)).toEqual([]);
    expect(gj.beidou_coverage.countries).toHaveLength(177);
    expect(gj.features[cell2(48.86, 2.35)].properties.country).toBe("France");
  });

  it("CSV: header, 16200 rows, the same numbers as the GeoJSON", () => {
    const lines = nonEmptyLines(readFileSync(f("csv"), "utf8"));
    const head = lines[0].split(",");
    expect(head).toEqual([
      "lat_deg",
      "lon_deg",
      ...["BDS", "GPS", "all"].flatMap((s) => [
        `${s}_mean_visible`,
        `${s}_min_visible`,
        `${s}_mean_pdop`,
        `${s}_availability`,
      ]),
      "country",
    ]);
    expect(lines).toHaveLength(16201);
    const gj = JSON.parse(readFileSync(f("geojson"), "utf8"));
    for (const pl of PLACES) {
      const k = cell2(pl.lat, pl.lon);
      const row = splitCsv(lines[1 + k]);
      expect(row).toHaveLength(head.length);
      const props = gj.features[k].properties;
      expect(+row[0]).toBe(props.lat_deg);
      expect(+row[1]).toBe(props.lon_deg);
      for (let c = 2; c < head.length - 1; c++) expect(+row[c], head[c]).toBeCloseTo(props[head[c]], 3);
      expect(row[head.length - 1] || null).toBe(props.country);
    }
  });

  it("SVG well-formed (balanced tags, resvg parses it) with the parameters in the title; PNG of its size", () => {
    const svg = readFileSync(f("svg"), "utf8");
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(tagsBalance(svg)).toBe(true);
    expect(svg).toContain("grid 2 deg");
    expect(svg).toContain("mask 5 deg");
    const w = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const h = Number(/height="(\d+)"/.exec(svg)?.[1]);
    const r = new Resvg(svg);
    expect([r.width, r.height]).toEqual([w, h]);
    const png = readFileSync(f("png"));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([w, h]);
    expect(png.length).toBeGreaterThan(20_000);
  });

  it("JSON is the dashboard's CoverageJson, consistent with the CSV", () => {
    const j = JSON.parse(readFileSync(f("json"), "utf8"));
    expect(j.grid_deg).toBe(2);
    expect(j.span_s).toBe(86400);
    expect(j.step_s).toBe(300);
    expect(j.lats_deg).toHaveLength(90);
    expect(j.lats_deg[0]).toBe(89);
    expect(j.lons_deg[0]).toBe(-179);
    expect(j.sets.map((s: Json) => s.name)).toEqual(["BDS", "GPS", "all"]);
    for (const s of j.sets)
      for (const k of ["meanVisible", "minVisible", "meanPdop", "availability"])
        expect(s[k]).toHaveLength(16200);
    expect(j.countries).toHaveLength(177);
    expect(j.summary.countries).toBe(177);
    expect(j.summary.bdsQualifying).toBe(j.countries.filter((c: Json) => c.bdsQualifies).length);
    expect(j.summary.criterion).toMatch(/worst grid point/);
    const lines = nonEmptyLines(readFileSync(f("csv"), "utf8"));
    const k = cell2(30.75, 120.49);
    expect(+splitCsv(lines[1 + k])[2]).toBeCloseTo(j.sets[0].meanVisible[k], 3);
  });
});

describe.skipIf(!existsSync(NAV))("beidou coverage NAV (ESBC broadcast navigation, 2020-06-25)", () => {
  let stdout = "";
  let j: Json;
  const dir = mkdtempSync(path.join(tmpdir(), "beidou-coverage-"));
  beforeAll(async () => {
    ensureBuilt();
    const t0 = performance.now();
    const r = await runCli(["coverage", NAV, "--out", path.join(dir, "esbc.json"), "--countries"]);
    const wall_s = (performance.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(0);
    stdout = r.stdout;
    j = JSON.parse(readFileSync(path.join(dir, "esbc.json"), "utf8"));
    console.log(`${stdout.split("\n").slice(0, 12).join("\n")}\nwhole process ${wall_s.toFixed(1)} s`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("covers the file's day with every system and prints the per-country numbers", () => {
    expect(stdout).toMatch(/^ {2}2020\/06\/25 00:00:00 GPST \+ 24 h every 5 min \(288 epochs\)/m);
    expect(stdout).toMatch(
      /satellites \(share of epochs with a position\): C \d+ .*G \d+ .*E \d+ .*R \d+ .*J \d+/,
    );
    const m = /BDS alone gives PDOP < 6 for >= 99 % of the day in (\d+) of 177 countries/.exec(stdout);
    expect(m).not.toBeNull();
    console.log(`ESBC broadcast navigation 2020-06-25: BDS alone qualifies in ${m?.[1]} of 177 countries`);
    expect(j.summary.bdsQualifying).toBe(Number(m?.[1]));
    const table = stdout.split("\n").filter((l) => /\s(yes|no)$/.test(l));
    expect(table).toHaveLength(177);
    expect(table.filter((l) => l.endsWith("yes"))).toHaveLength(Number(m?.[1]));
  });

  it("BDS visible counts at Wuzhen, Nairobi, Sao Paulo, Ny-Alesund equal a direct computation (mean and min over 288 epochs)", async () => {
    const inputs = await loadInputs([NAV]);
    const store = new EphemerisStore({ maxDtoe_s: { C: 43200 } }); // the 12 h window coverage documents
    store.addNavigation(inputs.navigation);
    const sats = store.sats().filter((s) => s.startsWith("C"));
    const t0 = fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 0 });
    const bds = j.sets[0];
    expect(bds.name).toBe("BDS");
    for (const pl of PLACES) {
      const k = cell2(pl.lat, pl.lon);
      const geo = {
        lat_rad: j.lats_deg[Math.floor(k / 180)] * DEG,
        lon_rad: j.lons_deg[k % 180] * DEG,
        h_m: 0,
      };
      const rx = geodeticToEcef(geo);
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      for (let e = 0; e < 288; e++) {
        const t = addSeconds(t0, e * 300);
        let n = 0;
        for (const sat of sats) {
          const st = store.state(sat, t);
          if (typeof st !== "string" && azimuthElevation(geo, rx, st.pos).el_rad >= 5 * DEG) n++;
        }
        sum += n;
        min = Math.min(min, n);
      }
      console.log(
        `${pl.name}: BDS mean visible ${(sum / 288).toFixed(3)} (grid ${bds.meanVisible[k]}), min ${min} (grid ${bds.minVisible[k]}), availability ${bds.availability[k]}`,
      );
      expect(bds.meanVisible[k]).toBeCloseTo(sum / 288, 3);
      expect(bds.minVisible[k]).toBe(min);
    }
  });
});

describe("beidou coverage: wrong uses give one line", () => {
  beforeAll(() => ensureBuilt());
  const cases: [string[], RegExp][] = [
    [["--grid", "7"], /^error: --grid: expected a step \(deg\) that divides 180, got 7$/],
    [["--grid", "abc"], /^error: --grid: expected a number/],
    [["--span", "a day"], /^error: --span: expected a duration like 24h/],
    [["--step", "0"], /^error: --step: expected a duration/],
    [["--span", "1h", "--step", "2h"], /^error: --span \(3600 s\) must be at least one --step \(7200 s\)$/],
    [
      ["--out", "map.txt"],
      /^error: --out: expected a file ending in \.geojson, \.csv, \.svg, \.png or \.json/,
    ],
    [["--systems", "X"], /^error: --systems: unknown system 'X'/],
    [
      ["--nominal", "--systems", "E"],
      /^error: --systems: the nominal constellations are BDS-3 \(C\) and GPS \(G\)/,
    ],
    [["--elev-mask", "95"], /^error: --elev-mask: expected a number in \[0, 89\]/],
    [["--time", "2020-13-01"], /^error: --time: expected YYYY-MM-DD/],
    [["--map", "pdop"], /^error: --map: expected availability\|visible/],
    [["/nonexistent/brdc.rnx"], /^error: \/nonexistent\/brdc\.rnx: no such file$/],
    [["--nominal", "/nonexistent/brdc.rnx"], /^error: give either navigation files or --nominal, not both$/],
  ];
  for (const [args, re] of cases)
    it(`coverage ${args.join(" ")}`, async () => {
      const r = await runCli(["coverage", ...args]);
      expect(r.code).toBe(1);
      expect(nonEmptyLines(r.stderr)).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(re);
      expect(stackFrames(r.stderr)).toEqual([]);
      expect(r.stdout).toBe("");
    });

  it.skipIf(!existsSync(OBS))("an observation file is refused before it is read", async () => {
    const r = await runCli(["coverage", OBS]);
    expect(r.code).toBe(1);
    expect(nonEmptyLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^error: .*MO\.crx\.gz: not a navigation file .*`beidou coverage` takes broadcast ephemerides/,
    );
  });

  it.skipIf(!existsSync(NAV))("a --time far from the navigation data says so", async () => {
    const r = await runCli([
      "coverage",
      NAV,
      "--time",
      "2024-01-01",
      "--span",
      "1h",
      "--step",
      "30m",
      "--grid",
      "10",
    ]);
    expect(r.code).toBe(1);
    expect(nonEmptyLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: no satellite position in the span/);
  });
});
