// RTK on the Nagoya static pair (two Septentrio mosaic-X5, 0.99 m baseline, 301 epochs at 1 Hz): kinematic
// mode, continuous ambiguity resolution, against the author's surveyed rover position and RTKLIB 2.4.3's
// solutions (rtklib-reference/rtk_*.pos). Instantaneous (single-epoch) fixing is compared with rnx2rtkp
// run live with pos2-armode=instantaneous when RTKLIB is installed.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ecefToEnu } from "../src/frames/geodetic.js";
import type { Ecef } from "../src/frames/vectors.js";
import { EphemerisStore } from "../src/orbits/ephemeris-store.js";
import { DEFAULT_SPP_OPTIONS } from "../src/positioning/options.js";
import { pairEpochs } from "../src/positioning/rtk/pair-epochs.js";
import { type RtkSolution, RtkSolver } from "../src/positioning/rtk/rtk.js";
import {
  type ArMode,
  DEFAULT_RTK_OPTIONS,
  RTKLIB_RTK_OPTIONS,
  type RtkOptions,
} from "../src/positioning/rtk/rtk-options.js";
import { SppSolver } from "../src/positioning/spp.js";
import type { PositioningSystem } from "../src/signals/system.js";
import { loadInputs } from "../src/streams/inputs.js";
import { parsePos } from "../src/streams/sinks/pos.js";
import { toWeekTow } from "../src/time/instant.js";
import { dataPath, HAVE_DATA, nagoyaTruth } from "./support/real-data.js";

const DIR = "rtk-static-nagoya-2024-176";
const HAVE_RTKLIB = spawnSync("rnx2rtkp", ["-?"], { stdio: "ignore" }).error === undefined;

export async function solveNagoya(
  systems: readonly PositioningSystem[],
  opts: Partial<RtkOptions> = {},
  preset: RtkOptions = DEFAULT_RTK_OPTIONS,
) {
  const files = ["rover.obs", "base.obs", "base.nav"].map((f) => dataPath(DIR, f));
  const inputs = await loadInputs(files, { obs: { systems } });
  const store = new EphemerisStore();
  store.addNavigation(inputs.navigation);
  const [rover, base] = inputs.observations;
  const basePos = (nagoyaTruth("base") as { pos: Ecef }).pos;
  const spp = new SppSolver(
    { source: store, iono: store.iono(), approxPosition: rover.header.approxPosition },
    { ...DEFAULT_SPP_OPTIONS, systems },
  );
  const solver = new RtkSolver(
    { source: store, basePosition: basePos, spp, glonassChannels: rover.header.glonassChannels },
    { ...preset, systems, ...opts },
  );
  const out: RtkSolution[] = [];
  for await (const { rover: r, base: b } of pairEpochs(rover.epochs, base.epochs))
    out.push(solver.solve(r, b));
  return out;
}

/** Horizontal and vertical RMS (m) of positions against a point. */
function rms(points: readonly Ecef[], truth: Ecef) {
  let h = 0;
  let v = 0;
  for (const p of points) {
    const d = ecefToEnu(p, truth);
    h += d[0] ** 2 + d[1] ** 2;
    v += d[2] ** 2;
  }
  return { h: Math.sqrt(h / points.length), v: Math.sqrt(v / points.length) };
}

function rtklibFixRate(conf: string, armode: ArMode | null): { fixed: number; epochs: number } {
  const dir = mkdtempSync(path.join(tmpdir(), "beidou-rtklib-"));
  let text = readFileSync(dataPath(DIR, "rtklib-reference", conf), "utf8");
  if (armode) text = text.replace(/^pos2-armode\s*=.*$/m, `pos2-armode        =${armode}`);
  writeFileSync(path.join(dir, conf), text);
  const out = path.join(dir, "out.pos");
  const r = spawnSync(
    "rnx2rtkp",
    [
      "-k",
      path.join(dir, conf),
      "-o",
      out,
      ...["rover.obs", "base.obs", "base.nav"].map((f) => dataPath(DIR, f)),
    ],
    { stdio: "ignore" },
  );
  if (r.status !== 0) throw new Error(`rnx2rtkp failed (${r.status})`);
  const recs = parsePos(readFileSync(out, "utf8"));
  return { fixed: recs.filter((x) => x.q === 1).length, epochs: recs.length };
}

const SETS: { name: string; systems: PositioningSystem[]; ref: string }[] = [
  { name: "BDS", systems: ["C"], ref: "rtk_bds" },
  { name: "GPS", systems: ["G"], ref: "rtk_gps" },
  { name: "all systems", systems: ["C", "G", "E", "R", "J"], ref: "rtk_multi" },
];

describe.skipIf(!HAVE_DATA)("RTK kinematic on the Nagoya pair vs truth and RTKLIB", () => {
  const truth = (nagoyaTruth("rover") as { pos: Ecef }).pos;
  for (const set of SETS) {
    it(`${set.name}: every epoch fixed from the first, H <= 5 mm and V <= 10 mm RMS`, async () => {
      const sols = await solveNagoya(set.systems);
      const fixed = sols.filter((s) => s.status === "fixed");
      const ours = rms(
        fixed.map((s) => s.pos),
        truth,
      );
      const ref = parsePos(readFileSync(dataPath(DIR, "rtklib-reference", `${set.ref}.pos`), "utf8"));
      const theirs = rms(
        ref.filter((r) => r.q === 1).map((r) => [r.x, r.y, r.z] as unknown as Ecef),
        truth,
      );
      console.log(
        `Nagoya RTK ${set.name}: beidou ${fixed.length}/${sols.length} fixed, H ${(ours.h * 1000).toFixed(1)} mm V ${(ours.v * 1000).toFixed(1)} mm, ` +
          `min ratio ${Math.min(...fixed.map((s) => s.ratio ?? 0)).toFixed(1)}; RTKLIB ${ref.filter((r) => r.q === 1).length}/${ref.length} fixed, ` +
          `H ${(theirs.h * 1000).toFixed(1)} mm V ${(theirs.v * 1000).toFixed(1)} mm`,
      );
      expect(sols.length).toBe(301);
      expect(sols[0].status).toBe("fixed");
      expect(fixed.length).toBe(301);
      expect(ours.h).toBeLessThanOrEqual(0.005);
      expect(ours.v).toBeLessThanOrEqual(0.01);
      // every fixed epoch within 2 cm of the truth (no wrong fix)
      for (const s of fixed) {
        const d = ecefToEnu(s.pos, truth);
        expect(Math.hypot(d[0], d[1], d[2])).toBeLessThan(0.02);
      }
    });
  }

  it("with RTKLIB's settings (L1+L2, no partial fixing) the fixed positions follow rnx2rtkp's epoch by epoch", async () => {
    const lines: string[] = [];
    for (const [set, tol] of [
      [SETS[0], 0.003],
      [SETS[1], 0.003],
      [SETS[2], 0.003],
    ] as const) {
      const sols = await solveNagoya(set.systems, {}, RTKLIB_RTK_OPTIONS);
      const ref = parsePos(readFileSync(dataPath(DIR, "rtklib-reference", `${set.ref}.pos`), "utf8"));
      const byTow = new Map(ref.map((r) => [Math.round((r.tow_s as number) * 10), r]));
      const diffs: number[] = [];
      for (const s of sols) {
        const tow = Math.round(toWeekTow(s.time).tow_s * 10);
        const r = byTow.get(tow);
        if (r?.q !== 1 || s.status !== "fixed") continue;
        diffs.push(Math.hypot(s.pos[0] - r.x, s.pos[1] - r.y, s.pos[2] - r.z));
      }
      diffs.sort((a, b) => a - b);
      const median = diffs[diffs.length >> 1];
      lines.push(
        `${set.name}: ${diffs.length} common fixed epochs, median ${(median * 1000).toFixed(2)} mm, max ${(diffs[diffs.length - 1] * 1000).toFixed(2)} mm`,
      );
      expect(diffs.length).toBe(301);
      expect(median).toBeLessThan(tol);
    }
    console.log(`Nagoya RTK, beidou with RTKLIB's settings vs rtk_*.pos:\n  ${lines.join("\n  ")}`);
  }, 60_000);

  it("instantaneous AR: fix rate per system set beside RTKLIB's", async () => {
    const lines: string[] = [];
    for (const set of SETS) {
      const sols = await solveNagoya(set.systems, { ar: "instantaneous" });
      const fixed = sols.filter((s) => s.status === "fixed");
      const wrong = fixed.filter((s) => {
        const d = ecefToEnu(s.pos, truth);
        return Math.hypot(d[0], d[1], d[2]) > 0.05;
      });
      let theirs = "RTKLIB not installed";
      if (HAVE_RTKLIB) {
        const r = rtklibFixRate(`${set.ref}.conf`, "instantaneous");
        theirs = `RTKLIB ${r.fixed}/${r.epochs} (${((100 * r.fixed) / r.epochs).toFixed(1)}%)`;
        expect(fixed.length / sols.length).toBeGreaterThanOrEqual(r.fixed / r.epochs - 1e-9);
      }
      lines.push(
        `${set.name}: beidou ${fixed.length}/${sols.length} (${((100 * fixed.length) / sols.length).toFixed(1)}%), ${wrong.length} wrong; ${theirs}`,
      );
      expect(wrong.length).toBe(0);
      expect(fixed.length / sols.length).toBeGreaterThan(0.95);
    }
    console.log(`Nagoya instantaneous AR fix rate:\n  ${lines.join("\n  ")}`);
  }, 60_000);

  it("DGNSS (code double differences) removes the single-point ionosphere bias", async () => {
    const sols = await solveNagoya(["C", "G", "E", "J"], { mode: "dgnss" });
    const ok = sols.filter((s) => s.status === "dgnss");
    const r = rms(
      ok.map((s) => s.pos),
      truth,
    );
    console.log(`Nagoya DGNSS: ${ok.length}/${sols.length}, H ${r.h.toFixed(3)} m V ${r.v.toFixed(3)} m`);
    expect(ok.length).toBe(301);
    // single-point positioning on this day has a ~3 m north bias (RTKLIB: 2.6 m horizontal RMS, all systems)
    expect(r.h).toBeLessThan(0.5);
    expect(r.v).toBeLessThan(1.0);
  });

  it("static mode converges to the surveyed rover within 5 mm", async () => {
    const sols = await solveNagoya(["C", "G"], { mode: "rtk-static" });
    const last = sols[sols.length - 1];
    const d = ecefToEnu(last.pos, truth);
    console.log(
      `Nagoya static BDS+GPS: last epoch ${last.status}, dE ${(d[0] * 1000).toFixed(1)} dN ${(d[1] * 1000).toFixed(1)} dU ${(d[2] * 1000).toFixed(1)} mm`,
    );
    expect(last.status).toBe("fixed");
    expect(Math.hypot(d[0], d[1])).toBeLessThan(0.005);
    expect(Math.abs(d[2])).toBeLessThan(0.01);
  });
});
