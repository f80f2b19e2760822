// beidou plot, end to end through the built command: a synthetic .pos whose errors the test chose and
// RTKLIB's Nagoya RTK solution against the surveyed rover give SVGs that are well-formed XML, hold one dot
// per epoch in every panel and print the statistics the test computes itself (within 0.1 mm); beidou's own
// JSON lines (solve --format jsonl) plot with their DOP; PNG output is a PNG of the width asked for; bad
// input is one error line naming the file.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ecefToGeodetic, geodeticToEcef } from "../src/frames/geodetic.js";
import { DEG } from "../src/frames/vectors.js";
import { ensureBuilt, nonEmptyLines, runCli, stackFrames } from "./cli-harness.js";
import { dataPath, HAVE_DATA } from "./support/real-data.js";

type V3 = [number, number, number];

/** Structural XML check: one root, every tag closed in order, attributes quoted, text and values escaped. */
function checkXml(xml: string): void {
  const stack: string[] = [];
  let roots = 0;
  let pos = 0;
  const text = (s: string) => {
    expect(s.includes("<") || s.includes(">"), `raw < or > in text near ${pos}`).toBe(false);
    const amp = s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, "");
    expect(amp.includes("&"), `unescaped & near ${pos}`).toBe(false);
  };
  const tagRe = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  while (pos < xml.length) {
    const lt = xml.indexOf("<", pos);
    if (lt < 0) {
      text(xml.slice(pos));
      break;
    }
    text(xml.slice(pos, lt));
    tagRe.lastIndex = lt;
    const m = tagRe.exec(xml);
    expect(m, `malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`).not.toBeNull();
    if (!m) return;
    const [, close, name, attrs, self] = m;
    for (const a of attrs.matchAll(/([\w:-]+)="([^"]*)"/g)) text(a[2]);
    if (close) {
      expect(stack.pop(), `</${name}> closes the wrong element`).toBe(name);
    } else if (!self) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
    pos = lt + m[0].length;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

function stat(svg: string, id: string): number {
  const m = new RegExp(`id="stat-${id}"[^>]*>([^<]*)<`).exec(svg);
  if (!m) throw new Error(`stat-${id} not in the SVG`);
  return Number.parseFloat(m[1]);
}

/** Dots per panel, counted from the path data. */
function dotsPerPanel(svg: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of svg.matchAll(/<path class="pts" data-panel="(\w+)"[^>]* d="([^"]*)"/g))
    out[m[1]] = (out[m[1]] ?? 0) + (m[2].match(/M/g) ?? []).length;
  return out;
}

/** RMS E/N/U, horizontal RMS and nearest-rank 95% horizontal error of positions about a point, computed plainly. */
function ownStats(pos: readonly V3[], ref: V3) {
  const g = ecefToGeodetic(ref as never);
  const [sp, cp, sl, cl] = [
    Math.sin(g.lat_rad),
    Math.cos(g.lat_rad),
    Math.sin(g.lon_rad),
    Math.cos(g.lon_rad),
  ];
  const enu = pos.map((p) => {
    const d = [p[0] - ref[0], p[1] - ref[1], p[2] - ref[2]];
    return [
      -sl * d[0] + cl * d[1],
      -sp * cl * d[0] - sp * sl * d[1] + cp * d[2],
      cp * cl * d[0] + cp * sl * d[1] + sp * d[2],
    ];
  });
  const n = enu.length;
  const rms = [0, 1, 2].map((k) => Math.sqrt(enu.reduce((s, v) => s + v[k] ** 2, 0) / n));
  const h = enu.map((v) => Math.hypot(v[0], v[1])).sort((a, b) => a - b);
  return { rms, rmsH: Math.hypot(rms[0], rms[1]), h95: h[Math.ceil(0.95 * n) - 1] };
}

function compareStats(svg: string, x: ReturnType<typeof ownStats>, label: string): number {
  const pairs: [string, number][] = [
    ["rms-e", x.rms[0]],
    ["rms-n", x.rms[1]],
    ["rms-u", x.rms[2]],
    ["rms-h", x.rmsH],
    ["h95", x.h95],
  ];
  let worst = 0;
  for (const [id, v] of pairs) {
    const d = Math.abs(stat(svg, id) - v);
    worst = Math.max(worst, d);
    expect(d, `${label} ${id}`).toBeLessThanOrEqual(1e-4);
  }
  console.log(
    `${label}: RMS E/N/U ${x.rms.map((v) => v.toFixed(4)).join("/")} m, 95% H ${x.h95.toFixed(4)} m; worst difference ${(worst * 1000).toFixed(3)} mm`,
  );
  return worst;
}

const DIR = mkdtempSync(path.join(tmpdir(), "beidou-plot-"));
const TRUTH_LLH = [22.3, 114.18, 30.5] as const;
const TRUTH = geodeticToEcef({ lat_rad: TRUTH_LLH[0] * DEG, lon_rad: TRUTH_LLH[1] * DEG, h_m: TRUTH_LLH[2] });
const N = 120;

/** A .pos file with positions a few cm off the truth in ECEF, mixed quality. */
function writeSynthetic(): { file: string; pos: V3[]; fixed: number } {
  const pos: V3[] = [];
  let fixed = 0;
  const lines = ["% synthetic", "%  GPST              x-ecef(m)      y-ecef(m)      z-ecef(m)   Q  ns"];
  for (let i = 0; i < N; i++) {
    const p = [0, 1, 2].map((k) =>
      Number((TRUTH[k] + 0.02 * Math.sin(0.37 * i + k) + 0.004 * k).toFixed(4)),
    ) as V3;
    pos.push(p);
    const q = i < 20 ? 2 : 1;
    if (q === 1) fixed++;
    lines.push(
      `2100 ${(345600 + 5 * i).toFixed(3)} ${p.map((v) => v.toFixed(4)).join(" ")}  ${q}  ${10 + (i % 3)}`,
    );
  }
  const file = path.join(DIR, "synthetic.pos");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return { file, pos, fixed };
}

describe("beidou plot", () => {
  beforeAll(() => ensureBuilt(), 240_000);

  it("synthetic .pos -> SVG: well-formed, one dot per epoch per panel, the test's statistics", async () => {
    const { file, pos, fixed } = writeSynthetic();
    const out = path.join(DIR, "synthetic.svg");
    const r = await runCli([
      "plot",
      file,
      "--truth",
      TRUTH_LLH.join(","),
      "--out",
      out,
      "--title",
      "A & B <test>",
    ]);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, "utf8");
    checkXml(svg);
    expect(svg).toMatch(/^<svg [^>]*width="1200" height="900" viewBox="0 0 1200 900"/);
    expect(svg).toContain("A &amp; B &lt;test&gt;");
    expect(dotsPerPanel(svg)).toEqual({ east: N, north: N, up: N, scatter: N, ns: N });
    expect(stat(svg, "epochs")).toBe(N);
    expect(Math.abs(stat(svg, "fix-rate") - (100 * fixed) / N)).toBeLessThanOrEqual(0.05);
    compareStats(svg, ownStats(pos, [TRUTH[0], TRUTH[1], TRUTH[2]]), "synthetic via CLI");
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // nothing fetched from outside
    expect(r.stderr).toMatch(/synthetic\.pos: 120 epochs, fix 83\.3%/);
  });

  it("PNG output: PNG signature and the width asked for", async () => {
    const { file } = writeSynthetic();
    const out = path.join(DIR, "synthetic.png");
    const r = await runCli(["plot", file, "--out", out, "--width", "800", "-q"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const png = readFileSync(out);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBe(800);
    expect(png.readUInt32BE(20)).toBe(600);
  });

  it("bad input: one error line naming the file, no stack", async () => {
    const empty = path.join(DIR, "empty.pos");
    writeFileSync(empty, "% program   : RTKLIB ver.2.4.3\n%  GPST   x-ecef(m)\n");
    const txt = path.join(DIR, "solution.txt");
    writeFileSync(txt, "1 2 3\n");
    const garbage = path.join(DIR, "garbage.jsonl");
    writeFileSync(garbage, "hello\n[1,2]\n");
    const { file } = writeSynthetic();
    const cases: [string[], RegExp][] = [
      [["plot", path.join(DIR, "missing.pos")], /missing\.pos.*no such file/],
      [["plot", empty], /empty\.pos.*no solution epochs/],
      [["plot", txt], /solution\.txt.*unknown solution file type '\.txt'/],
      [["plot", garbage], /garbage\.jsonl.*no solution epochs to plot \(line 1: not a JSON object\)/],
      [["plot", file, "--out", path.join(DIR, "x.jpg")], /--out: expected FILE\.svg or FILE\.png.*x\.jpg/],
      [["plot", file, "--truth", path.join(DIR, "nowhere.txt")], /nowhere\.txt.*no such file/],
      [["plot", file, "--truth", "1000000,2,3"], /--truth: .1000000,2,3. is neither/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args, { cwd: DIR });
      expect(r.code, args.join(" ")).toBe(1);
      expect(stackFrames(r.stderr)).toEqual([]);
      const lines = nonEmptyLines(r.stderr);
      expect(lines.length, r.stderr).toBe(1);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).toMatch(re);
    }
  });
});

describe.skipIf(!HAVE_DATA)("beidou plot on the Nagoya pair", () => {
  beforeAll(() => ensureBuilt(), 240_000);
  const truthFile = dataPath("rtk-static-nagoya-2024-176/rover_position.txt");
  const [lat, lon, h] = readFileSync(truthFile, "utf8").trim().split(/\s+/).map(Number);
  const t = geodeticToEcef({ lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h });
  const truth: V3 = [t[0], t[1], t[2]];

  it("RTKLIB's RTK solution (rtk_bds.pos) against rover_position.txt, SVG on stdout", async () => {
    const file = dataPath("rtk-static-nagoya-2024-176/rtklib-reference/rtk_bds.pos");
    const r = await runCli(["plot", file, "--truth", truthFile, "--out", "-"]);
    expect(r.code).toBe(0);
    checkXml(r.stdout);
    const pos: V3[] = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => !l.startsWith("%") && l.trim() !== "")
      .map((l) => l.trim().split(/\s+/).slice(2, 5).map(Number) as V3);
    expect(pos.length).toBe(301);
    expect(dotsPerPanel(r.stdout)).toEqual({ east: 301, north: 301, up: 301, scatter: 301, ns: 301 });
    expect(stat(r.stdout, "fix-rate")).toBe(100);
    compareStats(r.stdout, ownStats(pos, truth), "rtk_bds.pos via CLI");
  });

  it("beidou's own JSON lines (solve --format jsonl) plot with their DOP", async () => {
    const jsonl = path.join(DIR, "spp.jsonl");
    const s = await runCli([
      "solve",
      dataPath("rtk-static-nagoya-2024-176/rover.obs"),
      dataPath("rtk-static-nagoya-2024-176/base.nav"),
      "--systems",
      "C",
      "--format",
      "jsonl",
      "--out",
      jsonl,
      "-q",
    ]);
    expect(s.code, s.stderr).toBe(0);
    const recs = nonEmptyLines(readFileSync(jsonl, "utf8"))
      .map((l) => JSON.parse(l))
      .filter((o) => typeof o.x_m === "number" && o.q > 0);
    const out = path.join(DIR, "spp.svg");
    const r = await runCli(["plot", jsonl, "--truth", truth.join(","), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(out, "utf8");
    checkXml(svg);
    expect(dotsPerPanel(svg).east).toBe(recs.length);
    compareStats(
      svg,
      ownStats(
        recs.map((o) => [o.x_m, o.y_m, o.z_m]),
        truth,
      ),
      "beidou solve jsonl via CLI",
    );
    const meanPdop = recs.reduce((a, o) => a + o.pdop, 0) / recs.length;
    expect(Math.abs(stat(svg, "mean-pdop") - meanPdop)).toBeLessThanOrEqual(0.005);
    expect(svg).toMatch(/data-series="PDOP" data-n="\d+"/);
  });
});
