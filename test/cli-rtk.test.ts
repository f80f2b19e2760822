// `beidou solve ROVER BASE NAV --mode ...` end to end: the .pos output (Q, ratio, age, standard deviations as
// RTKLIB writes them), the base position from --base-pos in both forms or from --base FILE, DGNSS, fix-and-hold,
// and one clear line for every wrong use.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ecefToEnu, geodeticToEcef } from "../src/frames/geodetic.js";
import { DEG, ecef } from "../src/frames/vectors.js";
import { parsePos } from "../src/streams/sinks/pos.js";
import { DATA, ensureBuilt, nonEmptyLines, runCli, stackFrames } from "./cli-harness.js";
import { HAVE_DATA } from "./support/real-data.js";

const DIR = path.join(DATA, "rtk-static-nagoya-2024-176");
const ROVER = path.join(DIR, "rover.obs");
const BASE = path.join(DIR, "base.obs");
const NAV = path.join(DIR, "base.nav");
const BASE_LLH = "35.134707705,136.977577939,104.853";
const TRUTH = geodeticToEcef({ lat_rad: 35.13469901 * DEG, lon_rad: 136.97757549 * DEG, h_m: 104.8626 });

describe.skipIf(!HAVE_DATA)("beidou solve --mode (Nagoya pair)", () => {
  let tmp = "";
  beforeAll(() => {
    ensureBuilt();
    tmp = mkdtempSync(path.join(tmpdir(), "beidou-cli-rtk-"));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("rtk-kinematic, BDS: every line Q=1 with ratio >= 3, age 0, sub-centimetre sigmas, within 2 cm of the truth", async () => {
    const out = path.join(tmp, "bds.pos");
    const r = await runCli([
      "solve",
      ROVER,
      BASE,
      NAV,
      "--mode",
      "rtk-kinematic",
      "--systems",
      "C",
      "--base-pos",
      BASE_LLH,
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/301 epochs against .*base\.obs: 301 fixed/);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/% pos mode {2}: Kinematic, ambiguity resolution continuous, ratio 3/);
    expect(text).toMatch(/% ref pos {3}: -3817681\.12\d\d 3562839\.43\d\d 3650159\.15\d\d/);
    const recs = parsePos(text);
    expect(recs.length).toBe(301);
    const lines = text.split("\n").filter((l) => l && !l.startsWith("%"));
    for (const [i, rec] of recs.entries()) {
      expect(rec.q).toBe(1);
      const cols = lines[i].trim().split(/\s+/).map(Number);
      // sdx sdy sdz (cols 7-9) in metres, age (13), ratio (14)
      for (const c of [7, 8, 9]) expect(cols[c]).toBeLessThan(0.01);
      expect(cols[13]).toBe(0);
      expect(cols[14]).toBeGreaterThanOrEqual(3);
      const d = ecefToEnu(ecef(rec.x, rec.y, rec.z), TRUTH);
      expect(Math.hypot(d[0], d[1], d[2])).toBeLessThan(0.02);
    }
  }, 60_000);

  it("--base FILE and --base-pos X,Y,Z give the same solution as lat,lon,h", async () => {
    const a = path.join(tmp, "a.pos");
    const b = path.join(tmp, "b.pos");
    const xyz = geodeticToEcef({ lat_rad: 35.134707705 * DEG, lon_rad: 136.977577939 * DEG, h_m: 104.853 });
    const ra = await runCli([
      "solve",
      ROVER,
      BASE,
      NAV,
      "--mode",
      "rtk-kinematic",
      "--systems",
      "G",
      "--base-pos",
      BASE_LLH,
      "--out",
      a,
      "-q",
    ]);
    const rb = await runCli([
      "solve",
      ROVER,
      NAV,
      "--base",
      BASE,
      "--mode",
      "rtk-kinematic",
      "--systems",
      "G",
      "--base-pos",
      xyz.map((v) => v.toFixed(4)).join(","),
      "--out",
      b,
      "-q",
    ]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const pa = parsePos(readFileSync(a, "utf8"));
    const pb = parsePos(readFileSync(b, "utf8"));
    expect(pb.length).toBe(pa.length);
    let worst = 0;
    for (let i = 0; i < pa.length; i++)
      worst = Math.max(worst, Math.hypot(pa[i].x - pb[i].x, pa[i].y - pb[i].y, pa[i].z - pb[i].z));
    expect(worst).toBeLessThan(0.0002);
  }, 60_000);

  it("dgnss writes Q=4 within half a metre horizontally; fix-and-hold stays fixed", async () => {
    const d = path.join(tmp, "dgnss.pos");
    const r = await runCli([
      "solve",
      ROVER,
      BASE,
      NAV,
      "--mode",
      "dgnss",
      "--base-pos",
      BASE_LLH,
      "--out",
      d,
      "-q",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const recs = parsePos(readFileSync(d, "utf8"));
    expect(recs.length).toBe(301);
    let h2 = 0;
    for (const rec of recs) {
      expect(rec.q).toBe(4);
      const e = ecefToEnu(ecef(rec.x, rec.y, rec.z), TRUTH);
      h2 += e[0] ** 2 + e[1] ** 2;
    }
    expect(Math.sqrt(h2 / recs.length)).toBeLessThan(0.5);

    const h = path.join(tmp, "hold.pos");
    const rh = await runCli([
      "solve",
      ROVER,
      BASE,
      NAV,
      "--mode",
      "rtk-kinematic",
      "--ar",
      "fix-and-hold",
      "--systems",
      "C,G",
      "--base-pos",
      BASE_LLH,
      "--out",
      h,
      "-q",
    ]);
    expect(rh.code, rh.stderr).toBe(0);
    const hold = parsePos(readFileSync(h, "utf8"));
    expect(hold.length).toBe(301);
    for (const rec of hold) {
      expect(rec.q).toBe(1);
      const e = ecefToEnu(ecef(rec.x, rec.y, rec.z), TRUTH);
      expect(Math.hypot(e[0], e[1], e[2])).toBeLessThan(0.02);
    }
  }, 60_000);

  it("wrong uses give one clear line, no stack trace", async () => {
    const cases: [string[], RegExp][] = [
      [["solve", ROVER, NAV, "--mode", "rtk-kinematic"], /needs two observation inputs, rover then base/],
      [
        ["solve", ROVER, BASE, NAV, "--mode", "rtk-fast"],
        /--mode: expected single\|rtk-kinematic\|rtk-static\|dgnss/,
      ],
      [
        ["solve", ROVER, BASE, NAV, "--mode", "rtk-static", "--base-pos", "1,2"],
        /--base-pos: expected X,Y,Z or lat,lon,h/,
      ],
      [
        ["solve", ROVER, BASE, NAV, "--mode", "rtk-static", "--ar", "sometimes"],
        /--ar: expected continuous\|instantaneous/,
      ],
      [["solve", ROVER, BASE, NAV, "--base-pos", BASE_LLH], /need --mode rtk-kinematic\|rtk-static\|dgnss/],
      [
        ["solve", ROVER, BASE, NAV, "--mode", "dgnss", "--iono", "klobuchar-gps"],
        /--iono: relative modes take auto\|off\|estimate/,
      ],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(nonEmptyLines(r.stderr).length, r.stderr).toBe(1);
      expect(r.stderr).toMatch(re);
      expect(stackFrames(r.stderr)).toEqual([]);
    }
  }, 60_000);
});

describe("beidou simulate --rtk, then beidou solve --mode rtk-kinematic (no data needed)", () => {
  let tmp = "";
  beforeAll(() => {
    ensureBuilt();
    tmp = mkdtempSync(path.join(tmpdir(), "beidou-sim-rtk-"));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("a rover on a 50 m circle with random slips on both receivers: every fixed epoch within 2 cm of the truth", async () => {
    const sim = await runCli([
      "simulate",
      "--rtk",
      "--out-dir",
      tmp,
      "--duration",
      "300",
      "--interval",
      "1",
      "--start",
      "2024-06-24T04:00:00",
      "--rover",
      "circle:50,5",
      "--slips-per-hour",
      "20",
      "--seed",
      "3",
    ]);
    expect(sim.code, sim.stderr).toBe(0);
    const slips = Number(/(\d+) slip\(s\) applied/.exec(sim.stdout)?.[1]);
    const basePos = /--base-pos (\S+)/.exec(sim.stdout)?.[1] as string;
    expect(slips).toBeGreaterThan(20);
    const out = path.join(tmp, "sim.pos");
    const r = await runCli([
      "solve",
      path.join(tmp, "sim-rover.obs"),
      path.join(tmp, "sim-base.obs"),
      path.join(tmp, "sim.nav"),
      "--mode",
      "rtk-kinematic",
      "--base-pos",
      basePos,
      "--out",
      out,
      "-q",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const truth = JSON.parse(readFileSync(path.join(tmp, "sim.truth.json"), "utf8")) as {
      rover: { ecef_m: [number, number, number] }[];
    };
    const recs = parsePos(readFileSync(out, "utf8"));
    expect(recs.length).toBe(300);
    let fixed = 0;
    let worst = 0;
    recs.forEach((rec, k) => {
      if (rec.q !== 1) return;
      fixed++;
      const [x, y, z] = truth.rover[k].ecef_m;
      worst = Math.max(worst, Math.hypot(rec.x - x, rec.y - y, rec.z - z));
    });
    console.log(
      `simulated RTK with ${slips} slips: ${fixed}/300 fixed, worst fixed error ${(worst * 1000).toFixed(1)} mm`,
    );
    expect(fixed).toBeGreaterThanOrEqual(290);
    expect(worst).toBeLessThan(0.02);
  }, 60_000);

  it("--rover that is not a trajectory gives one clear line", async () => {
    const r = await runCli(["simulate", "--rtk", "--out-dir", tmp, "--rover", "zigzag:1"]);
    expect(r.code).not.toBe(0);
    expect(nonEmptyLines(r.stderr).length).toBe(1);
    expect(r.stderr).toMatch(
      /--rover: expected static:E,N,U \| line:HEADING_DEG,SPEED_MPS \| circle:RADIUS_M,SPEED_MPS/,
    );
  });
});
