// Closed-loop tests of the RTK solver against the base + rover simulator (issue 4 item 6, and "What it must
// show": simulated kinematic runs with injected cycle slips, no wrong fix accepted, the fix recovers after a
// slip within a stated number of epochs).
//
// The truth is the simulator's rover antenna position at each epoch's true reception instant
// (RtkPairResult.roverTruth), which the solver never sees. A wrong fix is a fixed epoch more than 5 cm from
// that truth (issue 4). "Recovery" after an event at epoch k is the number of epochs from k to the first
// epoch at or after k that is fixed and right: 0 means the event's own epoch is fixed.
//
// The simulated receivers track three bands (BDS B1I/B3I/B2I, GPS L1/L2/L5), Doppler on the first only; see
// src/sim/rtk-pair.ts for the model. Which slips each receiver-level test can see follows from the carrier
// wavelengths (frequencies from BDS-SIS-ICD-B1I-3.0, BDS-SIS-ICD-B3I-1.0, IS-GPS-200 §3.3.1.1, IS-GPS-705).
// Every test prints its worst case (largest error of a fixed epoch, fix rate, recovery epochs).

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ecefToEnu } from "../src/frames/geodetic.js";
import { DEG, type Ecef, ecef, enu } from "../src/frames/vectors.js";
import { EphemerisStore } from "../src/orbits/ephemeris-store.js";
import { DEFAULT_SPP_OPTIONS } from "../src/positioning/options.js";
import { pairEpochs } from "../src/positioning/rtk/pair-epochs.js";
import { type RtkSolution, RtkSolver } from "../src/positioning/rtk/rtk.js";
import { DEFAULT_RTK_OPTIONS, type RtkOptions } from "../src/positioning/rtk/rtk-options.js";
import { SppSolver } from "../src/positioning/spp.js";
import type { PositioningSystem, SatId } from "../src/signals/system.js";
import { bds3Constellation } from "../src/sim/constellation-bds3.js";
import { gpsConstellation } from "../src/sim/constellation-gps.js";
import {
  type GapSpec,
  type RoverTrajectory,
  type RtkPairOptions,
  type RtkPairResult,
  type RtkReceiver,
  type SlipSpec,
  simulateRtkPair,
} from "../src/sim/rtk-pair.js";
import { writeRtkPair } from "../src/sim/write-rtk-pair.js";
import { parsePos } from "../src/streams/sinks/pos.js";
import { fromCalendar } from "../src/time/instant.js";
import { CLI, ensureBuilt, runCli } from "./cli-harness.js";

/** A fixed epoch farther than this from the truth is a wrong fix (issue 4). */
const WRONG_FIX_m = 0.05;
/** Recovery after a single-satellite slip: the slip's own epoch is fixed (the other satellites hold the fix). */
const K_SLIP = 0;
/** Recovery after every satellite restarts at once (full outage, slip on all), nominal three-band data. */
const K_ALL = 1;
/** The same on the hard case (BDS only, one frequency, 1 m code and 0.01 cycle phase noise). */
const K_ALL_HARD = 8;

const WUZHEN = { lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 20 };
const START = fromCalendar("GPST", { year: 2024, month: 9, day: 20, hour: 3, minute: 0, second: 0 });
const CIRCLE: RoverTrajectory = { kind: "circle", centre: enu(500, 300, 2), radius_m: 100, speed_mps: 8 };
const CIRCLE_WIDE: RoverTrajectory = {
  kind: "circle",
  centre: enu(-800, 600, 5),
  radius_m: 200,
  speed_mps: -10,
  startAzimuth_deg: 135,
};
const LINE: RoverTrajectory = {
  kind: "line",
  start: enu(-1500, -1000, 0),
  heading_deg: 60,
  speed_mps: 7,
  climb_mps: 0.05,
};
/** BDS only, one frequency, noisy: the fix takes a few epochs to come (instantaneous AR rarely fixes). */
const HARD_NOISE = { code_m: 1, phase_cyc: 0.01, doppler_hz: 0.1 };
const HARD_OPTIONS: Partial<RtkOptions> = { maxFrequencies: 1 };

function simulate(over: Partial<RtkPairOptions>): RtkPairResult {
  return simulateRtkPair({
    base: WUZHEN,
    rover: CIRCLE,
    start: START,
    duration_s: 600,
    interval_s: 1,
    systems: ["C", "G"],
    seed: 1,
    ...over,
  });
}

/** The solver wired as the CLI wires it: broadcast store, single-point first guess, base at its true position. */
async function solve(sim: RtkPairResult, opts: Partial<RtkOptions> = {}): Promise<RtkSolution[]> {
  const store = new EphemerisStore();
  store.addNavigation(sim.nav);
  const systems = sim.options.systems as readonly PositioningSystem[];
  const spp = new SppSolver(
    { source: store, iono: store.iono(), approxPosition: sim.rover.header.approxPosition },
    { ...DEFAULT_SPP_OPTIONS, systems },
  );
  const solver = new RtkSolver(
    { source: store, basePosition: sim.baseTruth, spp },
    { ...DEFAULT_RTK_OPTIONS, systems, ...opts },
  );
  const out: RtkSolution[] = [];
  for await (const { rover, base } of pairEpochs(sim.rover.epochs, sim.base.epochs))
    out.push(solver.solve(rover, base));
  return out;
}

interface Run {
  readonly sim: RtkPairResult;
  readonly sols: RtkSolution[];
  /** 3-D error of each epoch's position against the truth (m) */
  readonly err_m: Float64Array;
  readonly fixed: number;
  /** epochs of wrong fixes */
  readonly wrong: number[];
  /** worst 3-D error of a fixed epoch (m) */
  readonly worstFixed_m: number;
}

async function run(sim: RtkPairResult, opts: Partial<RtkOptions> = {}): Promise<Run> {
  const sols = await solve(sim, opts);
  expect(sols.length).toBe(sim.roverTruth.length);
  const err_m = new Float64Array(sols.length);
  let fixed = 0;
  let worstFixed_m = 0;
  const wrong: number[] = [];
  sols.forEach((s, k) => {
    const d = ecefToEnu(s.pos, sim.roverTruth[k]);
    err_m[k] = Math.hypot(d[0], d[1], d[2]);
    if (s.status !== "fixed") return;
    fixed++;
    worstFixed_m = Math.max(worstFixed_m, err_m[k]);
    if (err_m[k] > WRONG_FIX_m) wrong.push(k);
  });
  return { sim, sols, err_m, fixed, wrong, worstFixed_m };
}

/** Epochs from k to the first right fix at or after k (Infinity if none). */
function recovery(r: Run, k: number): number {
  for (let j = k; j < r.sols.length; j++)
    if (r.sols[j].status === "fixed" && r.err_m[j] <= WRONG_FIX_m) return j - k;
  return Number.POSITIVE_INFINITY;
}

const mm = (m: number) => `${(m * 1000).toFixed(1)} mm`;
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

/** What the solver did at a wrong fix, for the failure message. */
function describeEpoch(r: Run, k: number): string {
  const s = r.sols[k];
  const applied = r.sim.slips
    .filter((a) => a.epoch === k)
    .map((a) => `${a.receiver} ${a.sat}/${a.band} ${a.cycles}${a.flagged ? " LLI" : ""}`);
  return (
    `epoch ${k}: ${mm(r.err_m[k])} off, ${s.nFixed}/${s.nAmbiguities} fixed, ratio ${s.ratio?.toFixed(1)}, ` +
    `solver slips [${s.slips.join("; ")}], injected [${applied.join("; ")}]`
  );
}

/** Slot of the solver's frequency plan that a RINEX band of a system falls in (DEFAULT_RTK_OPTIONS). */
function slotOf(sat: SatId, band: string): number {
  const sys = sat[0] as PositioningSystem;
  return DEFAULT_RTK_OPTIONS.frequencies[sys].findIndex((codes) => codes.some((c) => c[0] === band));
}

const inPairs = (s: RtkSolution, sat: SatId) => s.satellites.some((x) => x.sat === sat);

/** The solver's reference satellite of a system at epoch k of a clean run: the highest in its pairs. */
function highest(sols: RtkSolution[], k: number, sys: string): { sat: SatId; el_deg: number }[] {
  return sols[k].satellites
    .filter((x) => x.sat[0] === sys && x.used)
    .sort((a, b) => b.el_rad - a.el_rad)
    .map((x) => ({ sat: x.sat, el_deg: x.el_rad / DEG }));
}

describe("RTK on a moving rover (simulated, 600 epochs at 1 Hz): no wrong fix, fix rate", () => {
  const cases: { name: string; rover: RoverTrajectory; seeds: number[] }[] = [
    { name: "circle r=100 m at 8 m/s", rover: CIRCLE, seeds: [1, 2, 3] },
    { name: "circle r=200 m at 10 m/s", rover: CIRCLE_WIDE, seeds: [4] },
    { name: "line at 7 m/s, 0.05 m/s climb", rover: LINE, seeds: [5, 6] },
  ];
  for (const systems of [["C", "G"], ["C"]] as const) {
    const sysName = systems.length === 2 ? "BDS+GPS" : "BDS";
    it(`${sysName}, continuous AR: every fixed epoch within 5 cm, >= 99% fixed, first fix at epoch 0`, async () => {
      const lines: string[] = [];
      let worst = 0;
      let minRate = 1;
      for (const c of cases)
        for (const seed of c.seeds) {
          const r = await run(simulate({ rover: c.rover, systems, seed }));
          const first = r.sols.findIndex((s) => s.status === "fixed");
          worst = Math.max(worst, r.worstFixed_m);
          minRate = Math.min(minRate, r.fixed / r.sols.length);
          lines.push(
            `${c.name} seed ${seed}: ${r.fixed}/${r.sols.length} fixed, first at ${first}, worst fixed ${mm(r.worstFixed_m)}`,
          );
          expect(r.wrong.map((k) => describeEpoch(r, k))).toEqual([]);
          expect(r.fixed / r.sols.length).toBeGreaterThanOrEqual(0.99);
          expect(first).toBe(0);
        }
      console.log(
        `RTK sim ${sysName} moving rover: worst fixed error ${mm(worst)}, lowest fix rate ${pct(minRate, 1)}\n  ${lines.join("\n  ")}`,
      );
    });
  }

  it("hard case (BDS only, one frequency, code 1 m, phase 0.01 cycle): no wrong fix, >= 95% fixed", async () => {
    const lines: string[] = [];
    for (const seed of [3, 8]) {
      const r = await run(simulate({ systems: ["C"], seed, noise: HARD_NOISE }), HARD_OPTIONS);
      const first = r.sols.findIndex((s) => s.status === "fixed");
      lines.push(
        `seed ${seed}: ${r.fixed}/${r.sols.length} fixed (${pct(r.fixed, r.sols.length)}), first at ${first}, worst fixed ${mm(r.worstFixed_m)}`,
      );
      expect(r.wrong.map((k) => describeEpoch(r, k))).toEqual([]);
      expect(r.fixed / r.sols.length).toBeGreaterThanOrEqual(0.95);
    }
    console.log(`RTK sim hard case, continuous AR:\n  ${lines.join("\n  ")}`);
  });
});

describe("RTK with injected cycle slips (simulated, BDS+GPS, circle)", () => {
  // One run per (system of the slipped satellite, receiver, reference or not, flagged or not), each with nine
  // slips 25 s apart: one band (the first, which also has Doppler), another band (no Doppler), all bands;
  // 1, 5 and 100 cycles.
  const DURATION_s = 260;
  const common = { duration_s: DURATION_s, seed: 7 } as const;
  let clean: RtkSolution[] | null = null;
  const cleanRun = async () => {
    clean ??= await solve(simulate(common));
    return clean;
  };
  const BANDS: Record<string, (string | undefined)[]> = {
    C: ["2", "6", undefined],
    G: ["1", "2", undefined],
  };
  const ALL_SLOTS = [0, 1, 2];

  for (const sys of ["C", "G"] as const)
    for (const receiver of ["rover", "base"] as const)
      for (const target of ["non-reference", "reference"] as const)
        for (const flagged of [true, false]) {
          const name =
            `${sys === "C" ? "BDS" : "GPS"} ${target} satellite, ${receiver}, ${flagged ? "LLI-flagged" : "unflagged"}: ` +
            `no wrong fix, fixed again within K=${K_SLIP} epochs, slip reported on every slipped frequency`;
          it(name, async () => {
            const cs = await cleanRun();
            const slips: SlipSpec[] = [];
            const chosen: string[] = [];
            let t = 30;
            for (const band of BANDS[sys])
              for (const cycles of [1, 5, 100]) {
                const order = highest(cs, t - 1, sys);
                const pick = target === "reference" ? order[0] : order[Math.floor(order.length / 2)];
                chosen.push(`${pick.sat}@${t} (${pick.el_deg.toFixed(0)} deg)`);
                slips.push({ sat: pick.sat, band, time_s: t, cycles, receiver, flagged });
                t += 25;
              }
            const r = await run(simulate({ ...common, slips }));
            expect(r.sim.slipsSkipped).toEqual([]);
            const problems: string[] = r.wrong.map((k) => `wrong fix: ${describeEpoch(r, k)}`);
            let maxRec = 0;
            let byDetector = 0;
            let byOutlier = 0;
            for (const sl of slips) {
              const k = sl.time_s;
              const rec = recovery(r, k);
              maxRec = Math.max(maxRec, rec);
              if (rec > K_SLIP)
                problems.push(
                  `${sl.sat} band ${sl.band ?? "all"} ${sl.cycles} cyc: fixed again after ${rec} epochs`,
                );
              // the solver must name every slipped slot at the slip epoch: as a slip of that receiver (LLI,
              // geometry-free, Melbourne-Wubbena, Doppler), or else as an outlier of the filter
              const names = r.sols[k].slips;
              const slots = sl.band === undefined ? ALL_SLOTS : [slotOf(sl.sat, sl.band)];
              for (const f of slots) {
                if (names.includes(`${receiver} ${sl.sat}:${f}`)) byDetector++;
                else if (names.some((x) => x.startsWith(`outlier ${sl.sat}:${f}`))) byOutlier++;
                else
                  problems.push(
                    `${sl.sat} band ${sl.band ?? "all"} ${sl.cycles} cyc: slot ${f} not reported (solver: [${names.join("; ")}])`,
                  );
              }
            }
            console.log(
              `RTK sim slips, ${name.split(":")[0]}: slipped ${chosen.join(", ")}; worst fixed ${mm(r.worstFixed_m)}, ` +
                `max recovery ${maxRec} epochs, ${r.fixed}/${r.sols.length} fixed; slipped slots named by the detector ` +
                `${byDetector}, by the outlier test ${byOutlier}; ${problems.length} problems`,
            );
            expect(problems).toEqual([]);
          });
        }

  it(`two frequencies, slips that no receiver-level test sees (same metres on both bands), on one or two satellites: no wrong fix, fixed again within K=${K_SLIP}`, async () => {
    // Solved on two frequencies (BDS B1I+B3I, GPS L1+L2), unflagged, on both bands of one satellite:
    //   BDS +5/+4 cycles = 0.960/0.945 m: geometry-free jump 14.9 mm, wide-lane jump 1 cycle, 5 cycles on the
    //   Doppler band; GPS +9/+7 cycles = 1.713/1.709 m: geometry-free 3.2 mm, wide lane 2 cycles, 9 cycles on
    //   the Doppler band. Below the default thresholds (geometry-free 3 cm, wide lane 5 cycles, Doppler 10
    //   cycles): only the filter's residuals can tell.
    const cs = await cleanRun();
    const lines: string[] = [];
    const problems: string[] = [];
    for (const sys of ["C", "G"] as const)
      for (const target of ["reference", "non-reference", "two non-reference"] as const)
        for (const receiver of ["rover", "base"] as RtkReceiver[]) {
          const order = highest(cs, 99, sys);
          const mid = order[Math.floor(order.length / 2)].sat;
          const sats =
            target === "reference"
              ? [order[0].sat]
              : target === "non-reference"
                ? [mid]
                : [order[1].sat, mid];
          const sat = sats.join("+");
          const sizes: Record<string, number> = sys === "C" ? { "2": 5, "6": 4 } : { "1": 9, "2": 7 };
          const slips = sats.flatMap((s) =>
            Object.entries(sizes).map(([band, cycles]) => ({
              sat: s,
              band,
              cycles,
              time_s: 100,
              receiver,
              flagged: false,
            })),
          );
          const r = await run(simulate({ ...common, duration_s: 130, slips }), { maxFrequencies: 2 });
          for (const k of r.wrong)
            problems.push(`${sat} (${target}, ${receiver}) wrong fix: ${describeEpoch(r, k)}`);
          const rec = recovery(r, 100);
          if (rec > K_SLIP) problems.push(`${sat} (${target}, ${receiver}): fixed again after ${rec} epochs`);
          lines.push(
            `${sat} ${target} ${receiver}: worst fixed ${mm(r.worstFixed_m)}, recovery ${rec}, solver [${r.sols[100].slips.join("; ")}]`,
          );
        }
    console.log(`RTK sim slips no receiver-level test sees:\n  ${lines.join("\n  ")}`);
    expect(problems).toEqual([]);
  });

  for (const systems of [["C", "G"], ["C"]] as const) {
    const sysName = systems.length === 2 ? "BDS+GPS" : "BDS";
    it(`${sysName}, random slips on both receivers at high rates: no wrong fix, fixed again within K=${K_SLIP}, unflagged slips reported`, async () => {
      const configs = [
        { perSatHour: 60, maxCycles: 10, flaggedProbability: 0.5, seed: 1 },
        { perSatHour: 120, maxCycles: 100, flaggedProbability: 0.5, seed: 2 },
        { perSatHour: 30, maxCycles: 1, flaggedProbability: 0, seed: 3 },
      ];
      const lines: string[] = [];
      const problems: string[] = [];
      for (const c of configs) {
        const r = await run(
          simulate({
            systems,
            seed: c.seed,
            duration_s: 600,
            randomSlips: { ...c, receivers: ["rover", "base"] },
          }),
        );
        for (const k of r.wrong) problems.push(`wrong fix: ${describeEpoch(r, k)}`);
        let maxRec = 0;
        let unflagged = 0;
        let detected = 0;
        let outlier = 0;
        const missed: string[] = [];
        for (const a of r.sim.slips) {
          const k = a.epoch;
          maxRec = Math.max(maxRec, recovery(r, k));
          // unflagged slips on satellites the solver carries (in its pairs at k - 1 and k)
          if (a.flagged || k === 0 || !inPairs(r.sols[k], a.sat) || !inPairs(r.sols[k - 1], a.sat)) continue;
          unflagged++;
          const f = slotOf(a.sat, a.band);
          const names = r.sols[k].slips;
          if (names.includes(`rover ${a.sat}:${f}`) || names.includes(`base ${a.sat}:${f}`)) detected++;
          else if (names.includes(`outlier ${a.sat}:${f}`)) outlier++;
          else missed.push(`${a.receiver} ${a.sat}/${a.band} ${a.cycles} at ${k}`);
        }
        if (maxRec > K_SLIP) problems.push(`${JSON.stringify(c)}: fixed again after ${maxRec} epochs`);
        lines.push(
          `${c.perSatHour}/sat/h, <= ${c.maxCycles} cyc, ${c.flaggedProbability * 100}% flagged: ${r.sim.slips.length} slips, ` +
            `${r.fixed}/${r.sols.length} fixed, worst fixed ${mm(r.worstFixed_m)}, max recovery ${maxRec}; unflagged on used ` +
            `satellites ${unflagged}: detector ${detected}, outlier test ${outlier}, missed ${missed.length} ${missed.slice(0, 4).join(", ")}`,
        );
        // every unflagged slip >= 1 cycle on these triple-frequency satellites is named by the detector or the
        // outlier test
        for (const m of missed) problems.push(`unreported slip: ${m}`);
      }
      console.log(`RTK sim random slips ${sysName}:\n  ${lines.join("\n  ")}`);
      expect(problems).toEqual([]);
    });
  }
});

describe("RTK through data gaps and outages (simulated)", () => {
  const ALL: SatId[] = [...bds3Constellation(), ...gpsConstellation()].map((n) => n.sat);
  const outage = (from_s: number, to_s: number, receiver: RtkReceiver): GapSpec[] =>
    ALL.map((sat) => ({ sat, from_s, to_s, receiver }));

  it(`one satellite missing 3 s and 30 s on either receiver: no wrong fix, fixed throughout; all satellites missing 60 s on the rover and 20 s on the base: no solution inside, fixed again within K=${K_ALL}`, async () => {
    const clean = await solve(simulate({ duration_s: 400, seed: 9 }));
    const [a, b] = highest(clean, 49, "C");
    const g = highest(clean, 149, "G")[0];
    const gaps: GapSpec[] = [
      { sat: a.sat, from_s: 50, to_s: 53, receiver: "rover" },
      { sat: b.sat, from_s: 90, to_s: 120, receiver: "base" },
      { sat: g.sat, from_s: 150, to_s: 180, receiver: "rover" },
      ...outage(200, 260, "rover"),
      ...outage(320, 340, "base"),
    ];
    const r = await run(simulate({ duration_s: 400, seed: 9, gaps }));
    const problems = r.wrong.map((k) => `wrong fix: ${describeEpoch(r, k)}`);
    const notFixed = r.sols.map((s, k) => (s.status === "fixed" ? -1 : k)).filter((k) => k >= 0);
    // outside the outages every epoch is fixed
    const outside = notFixed.filter((k) => !(k >= 200 && k < 260) && !(k >= 320 && k < 340));
    const recRover = recovery(r, 260);
    const recBase = recovery(r, 340);
    const inside = r.sols.filter(
      (s, k) => ((k >= 200 && k < 260) || (k >= 320 && k < 340)) && s.status === "fixed",
    );
    console.log(
      `RTK sim gaps: ${a.sat} 3 s rover, ${b.sat} 30 s base, ${g.sat} 30 s rover, all 60 s rover, all 20 s base: ` +
        `${r.fixed}/${r.sols.length} fixed, worst fixed ${mm(r.worstFixed_m)}, unfixed outside outages [${outside.join(",")}], ` +
        `recovery after rover outage ${recRover}, after base outage ${recBase}`,
    );
    expect(problems).toEqual([]);
    expect(outside).toEqual([]);
    expect(inside.length).toBe(0);
    expect(recRover).toBeLessThanOrEqual(K_ALL);
    expect(recBase).toBeLessThanOrEqual(K_ALL);
  });

  it(`hard case: all satellites missing 60 s on the rover, then LLI slips on every satellite of both receivers: no wrong fix, fixed again within K=${K_ALL_HARD}`, async () => {
    const clean = await solve(
      simulate({ systems: ["C"], seed: 3, noise: HARD_NOISE, duration_s: 420 }),
      HARD_OPTIONS,
    );
    const sats = clean[299].satellites.map((s) => s.sat);
    const slips: SlipSpec[] = sats.flatMap((sat, i) => [
      { sat, time_s: 300, cycles: 1 + i, receiver: "rover" as const },
      { sat, time_s: 300, cycles: -2 - i, receiver: "base" as const },
    ]);
    const r = await run(
      simulate({
        systems: ["C"],
        seed: 3,
        noise: HARD_NOISE,
        duration_s: 420,
        gaps: outage(150, 210, "rover").filter((x) => x.sat[0] === "C"),
        slips,
      }),
      HARD_OPTIONS,
    );
    const problems = r.wrong.map((k) => `wrong fix: ${describeEpoch(r, k)}`);
    const recOutage = recovery(r, 210);
    const recSlips = recovery(r, 300);
    const first = recovery(r, 0);
    console.log(
      `RTK sim hard case: ${r.fixed}/${r.sols.length} fixed, worst fixed ${mm(r.worstFixed_m)}, first fix ${first}, ` +
        `recovery after the 60 s outage ${recOutage}, after slips on all ${sats.length} satellites ${recSlips} epochs`,
    );
    expect(problems).toEqual([]);
    expect(recOutage).toBeLessThanOrEqual(K_ALL_HARD);
    expect(recSlips).toBeLessThanOrEqual(K_ALL_HARD);
    expect(first).toBeLessThanOrEqual(K_ALL_HARD);
  });
});

describe("RTK instantaneous (single-epoch) AR on simulated runs", () => {
  it("nominal three-band data, BDS+GPS and BDS, with random slips: no wrong fix, >= 99% fixed", async () => {
    const lines: string[] = [];
    for (const systems of [["C", "G"], ["C"]] as const) {
      const r = await run(
        simulate({
          systems,
          seed: 11,
          rover: LINE,
          randomSlips: { perSatHour: 60, receivers: ["rover", "base"], flaggedProbability: 0.5 },
        }),
        { ar: "instantaneous" },
      );
      lines.push(
        `${systems.join("+")}: ${r.fixed}/${r.sols.length} fixed, worst fixed ${mm(r.worstFixed_m)}`,
      );
      expect(r.wrong.map((k) => describeEpoch(r, k))).toEqual([]);
      expect(r.fixed / r.sols.length).toBeGreaterThanOrEqual(0.99);
    }
    console.log(`RTK sim instantaneous AR:\n  ${lines.join("\n  ")}`);
  });

  it("hard case (BDS only, one frequency, noisy): no wrong fix; fix rate reported beside continuous AR", async () => {
    const sim = simulate({ systems: ["C"], seed: 3, noise: HARD_NOISE, duration_s: 300 });
    const inst = await run(sim, { ...HARD_OPTIONS, ar: "instantaneous" });
    const cont = await run(sim, HARD_OPTIONS);
    console.log(
      `RTK sim hard case instantaneous AR: ${inst.fixed}/${inst.sols.length} fixed (${pct(inst.fixed, inst.sols.length)}), ` +
        `worst fixed ${mm(inst.worstFixed_m)}; continuous ${cont.fixed}/${cont.sols.length}`,
    );
    expect(inst.wrong.map((k) => describeEpoch(inst, k))).toEqual([]);
    expect(inst.fixed / inst.sols.length).toBeGreaterThanOrEqual(0.05);
  });
});

describe("beidou solve --mode rtk-kinematic on simulated RINEX files", () => {
  it("the .pos file: Q=1 epochs within 5 cm of the truth file, >= 99% Q=1", async () => {
    ensureBuilt();
    expect(existsSync(CLI)).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), "beidou-rtk-sim-"));
    try {
      const sim = simulate({
        duration_s: 300,
        seed: 12,
        randomSlips: { perSatHour: 30, receivers: ["rover", "base"], flaggedProbability: 0.5 },
      });
      const p = writeRtkPair(sim, dir, "sim");
      const out = path.join(dir, "sim.pos");
      const res = await runCli([
        "solve",
        p.roverPath,
        p.basePath,
        p.navPath,
        "--mode",
        "rtk-kinematic",
        "--base-pos",
        "header",
        "--time-format",
        "cal",
        "--out",
        out,
        "-q",
      ]);
      expect(res.stderr).not.toMatch(/^\s+at /m);
      expect(res.code).toBe(0);
      const truth = JSON.parse(readFileSync(p.truthPath, "utf8")) as {
        rover: { gpst: string; ecef_m: [number, number, number] }[];
      };
      const byTime = new Map(truth.rover.map((t) => [t.gpst, t.ecef_m]));
      const recs = parsePos(readFileSync(out, "utf8"));
      let q1 = 0;
      let worst = 0;
      const wrong: string[] = [];
      for (const rec of recs) {
        const t = byTime.get(rec.calendar ?? "");
        expect(t, `no truth for ${rec.calendar}`).toBeDefined();
        if (rec.q !== 1 || !t) continue;
        q1++;
        const d = ecefToEnu(ecef(rec.x, rec.y, rec.z), ecef(t[0], t[1], t[2]) as Ecef);
        const e = Math.hypot(d[0], d[1], d[2]);
        worst = Math.max(worst, e);
        if (e > WRONG_FIX_m) wrong.push(`${rec.calendar} ${mm(e)}`);
      }
      console.log(`RTK sim CLI: ${recs.length} lines, ${q1} Q=1, worst Q=1 error ${mm(worst)}`);
      expect(recs.length).toBe(truth.rover.length);
      expect(wrong).toEqual([]);
      expect(q1 / recs.length).toBeGreaterThanOrEqual(0.99);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
