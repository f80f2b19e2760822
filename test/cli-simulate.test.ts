// `beidou simulate` then `beidou solve` on what it wrote (default solver options), both run as the built
// command: the solutions must land within 1 m horizontally of the truth JSON the simulator wrote. The
// horizontal error is computed here from latitude/longitude differences with the WGS84 radii of curvature.

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, nonEmptyLines, runCli, stackFrames } from "./cli-harness.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON from the command under test
type Json = any;

const A_m = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);

/** Horizontal distance (m) between two nearby geodetic points (deg), meridian and prime-vertical radii. */
function horizontal_m(lat1_deg: number, lon1_deg: number, lat2_deg: number, lon2_deg: number): number {
  const lat = (lat1_deg * Math.PI) / 180;
  const w = Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  const M = (A_m * (1 - E2)) / w ** 3;
  const N = A_m / w;
  let dlon = lon2_deg - lon1_deg;
  if (dlon > 180) dlon -= 360;
  if (dlon < -180) dlon += 360;
  const dn = ((lat2_deg - lat1_deg) * Math.PI * M) / 180;
  const de = ((dlon * Math.PI) / 180) * N * Math.cos(lat);
  return Math.hypot(dn, de);
}

async function simulateAndSolve(
  args: string[],
): Promise<{ truth: Json; sols: Json[]; stdout: string; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "beidou-sim-"));
  const sim = await runCli(["simulate", "--out-dir", dir, ...args]);
  expect(sim.stderr).toBe("");
  expect(sim.code).toBe(0);
  const obs = path.join(dir, "sim.obs");
  const nav = path.join(dir, "sim.nav");
  const truthFile = path.join(dir, "sim.truth.json");
  for (const f of [obs, nav, truthFile]) {
    expect(existsSync(f), f).toBe(true);
    expect(sim.stdout).toContain(f);
  }
  const truth = JSON.parse(readFileSync(truthFile, "utf8"));
  const solved = await runCli(["solve", "--format", "jsonl", obs, nav]);
  expect(stackFrames(solved.stderr)).toEqual([]);
  expect(solved.code).toBe(0);
  const sols = nonEmptyLines(solved.stdout).map((l) => JSON.parse(l));
  return { truth, sols, stdout: sim.stdout, dir };
}

function worstHorizontal(truth: Json, sols: Json[]): number {
  let worst = 0;
  for (const s of sols)
    worst = Math.max(
      worst,
      horizontal_m(truth.geodetic.lat_deg, truth.geodetic.lon_deg, s.lat_deg, s.lon_deg),
    );
  return worst;
}

function rmsHorizontal(truth: Json, sols: Json[]): number {
  let s2 = 0;
  for (const s of sols)
    s2 += horizontal_m(truth.geodetic.lat_deg, truth.geodetic.lon_deg, s.lat_deg, s.lon_deg) ** 2;
  return Math.sqrt(s2 / sols.length);
}

describe("beidou simulate | beidou solve", () => {
  beforeAll(() => ensureBuilt());

  it("defaults (Wuzhen, BDS-3 + GPS, 1 h at 30 s): every epoch solved within 1 m horizontal of the truth", async () => {
    const { truth, sols, stdout } = await simulateAndSolve([]);
    expect(truth.epochs).toBe(120);
    expect(truth.systems).toEqual(["C", "G"]);
    expect(Math.abs(truth.geodetic.lat_deg - 30.75)).toBeLessThan(1e-9);
    expect(Math.abs(truth.geodetic.lon_deg - 120.49)).toBeLessThan(1e-9);
    expect(stdout).toMatch(/true position: 30\.750000000 120\.490000000 10\.0000 m/);
    expect(sols).toHaveLength(120);
    expect(sols.every((s) => s.status === "single")).toBe(true);
    expect(sols[0].time_gpst).toBe("2026/01/01 00:00:00.000");
    const worst = worstHorizontal(truth, sols);
    console.log(`simulate defaults: ${sols.length} epochs, worst horizontal error ${worst.toFixed(3)} m`);
    expect(worst).toBeLessThan(1);
  });

  it("BDS only, southern hemisphere, 10 s interval: within 1 m horizontal, only BDS satellites used", async () => {
    const { truth, sols } = await simulateAndSolve([
      "--systems",
      "C",
      "--lat",
      "-33.9",
      "--lon",
      "18.4",
      "--height",
      "50",
      "--start",
      "2025-06-15T12:00:00",
      "--duration",
      "1200",
      "--interval",
      "10",
      "--seed",
      "7",
    ]);
    expect(truth.systems).toEqual(["C"]);
    expect(sols).toHaveLength(120);
    for (const s of sols)
      expect(s.satellites.filter((x: Json) => x.used).every((x: Json) => x.sat[0] === "C")).toBe(true);
    const worst = worstHorizontal(truth, sols);
    const rms = rmsHorizontal(truth, sols);
    console.log(
      `simulate BDS-only Cape Town: ${sols.length} epochs, horizontal RMS ${rms.toFixed(3)} m, worst ${worst.toFixed(3)} m`,
    );
    // 0.3 m simulated code noise; the first epochs are unsmoothed ionosphere-free code (noise x3)
    expect(rms).toBeLessThan(1);
    expect(worst).toBeLessThan(3);
  });

  it("bad options: one error line, exit 1, no stack trace", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "beidou-sim-bad-"));
    for (const [args, what] of [
      [["--systems", "C,E"], /^error: --systems/],
      [["--start", "2026-13"], /^error: --start/],
      [["--interval", "0"], /^error: --interval/],
      [["--lat", "north"], /^error: --lat/],
      [["--no-out-dir"], /^error: --out-dir is required/],
    ] as const) {
      const r = await runCli([
        "simulate",
        ...(args[0] === "--no-out-dir" ? [] : ["--out-dir", dir, ...args]),
      ]);
      expect(r.code).toBe(1);
      expect(nonEmptyLines(r.stderr)).toEqual([expect.stringMatching(what)]);
      expect(stackFrames(r.stderr)).toEqual([]);
    }
  });
});
