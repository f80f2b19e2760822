// Closed-loop tests of the single-point solver against the simulator's known truth.

import { describe, expect, it } from "vitest";
import { ecefToEnu } from "../frames/geodetic.js";
import { DEG } from "../frames/vectors.js";
import { EphemerisStore } from "../orbits/ephemeris-store.js";
import type { ObsEpoch } from "../signals/observation.js";
import { simulate } from "../sim/simulate.js";
import { fromCalendar } from "../time/instant.js";
import { SppSolver } from "./spp.js";

const start = fromCalendar("GPST", { year: 2026, month: 3, day: 1, hour: 6, minute: 0, second: 0 });

function run(noise: { code_m: number; phase_cyc: number; doppler_hz: number }, seed = 7) {
  const sim = simulate({
    rx: { lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 10 },
    start,
    duration_s: 1800,
    interval_s: 30,
    systems: ["C", "G"],
    seed,
    noise,
  });
  const store = new EphemerisStore();
  store.addNavigation(sim.nav);
  return { sim, store };
}

const NOISE_FREE = { code_m: 0, phase_cyc: 0, doppler_hz: 0 };

describe("single-point solver, closed loop with the simulator", () => {
  it("noise-free BDS+GPS with the simulator's own models recovers the truth to 1 cm, velocity to 1 cm/s", () => {
    const { sim, store } = run(NOISE_FREE);
    const solver = new SppSolver(
      { source: store, iono: store.iono() },
      { systems: ["C", "G"], smoothingWindow: 0 },
    );
    let worst = 0;
    let worstVel = 0;
    for (const ep of sim.epochs) {
      const s = solver.solve(ep);
      expect(s.status).toBe("single");
      const e = ecefToEnu(s.pos, sim.truth);
      worst = Math.max(worst, Math.hypot(e[0], e[1], e[2]));
      if (s.vel) worstVel = Math.max(worstVel, Math.hypot(...s.vel));
    }
    console.log(
      `noise-free worst 3D error ${(worst * 1000).toFixed(2)} mm, worst speed ${(worstVel * 1000).toFixed(2)} mm/s`,
    );
    expect(worst).toBeLessThan(0.01);
    expect(worstVel).toBeLessThan(0.01);
  });

  it("each BDS satellite's kind comes from its orbit: 3 GEO and 3 IGSO in the nominal BDS-3 constellation", () => {
    const { sim, store } = run(NOISE_FREE);
    const kinds = new Map<string, string>();
    for (const sat of store.sats()) if (sat.startsWith("C")) kinds.set(sat, store.orbitKind(sat));
    const count = (k: string) => [...kinds.values()].filter((v) => v === k).length;
    expect([count("GEO"), count("IGSO"), count("MEO")]).toEqual([3, 3, 24]);
    expect(sim.epochs.length).toBe(60);
  });

  it("ionosphere-free dual-frequency removes the ionosphere exactly (noise-free, 1 cm)", () => {
    const { sim, store } = run(NOISE_FREE);
    const solver = new SppSolver(
      { source: store, iono: [] },
      { systems: ["C", "G"], iono: "iono-free", smoothingWindow: 0 },
    );
    let worst = 0;
    for (const ep of sim.epochs) {
      const s = solver.solve(ep);
      const e = ecefToEnu(s.pos, sim.truth);
      worst = Math.max(worst, Math.hypot(e[0], e[1], e[2]));
    }
    console.log(`ionosphere-free worst 3D error ${(worst * 1000).toFixed(2)} mm`);
    expect(worst).toBeLessThan(0.01);
  });

  it("with 0.3 m code noise the error is metre-level and carrier smoothing reduces it", () => {
    const noisy = { code_m: 0.3, phase_cyc: 0.003, doppler_hz: 0.05 };
    const rms = (smoothingWindow: number) => {
      const { sim, store } = run(noisy, 11);
      const solver = new SppSolver(
        { source: store, iono: store.iono() },
        { systems: ["C", "G"], smoothingWindow, fde: false },
      );
      let s2 = 0;
      for (const ep of sim.epochs) {
        const s = solver.solve(ep);
        const e = ecefToEnu(s.pos, sim.truth);
        s2 += e[0] ** 2 + e[1] ** 2 + e[2] ** 2;
      }
      return Math.sqrt(s2 / sim.epochs.length);
    };
    const raw = rms(0);
    const smoothed = rms(100);
    console.log(`3D RMS raw ${raw.toFixed(3)} m, smoothed ${smoothed.toFixed(3)} m`);
    expect(raw).toBeLessThan(1.5);
    expect(smoothed).toBeLessThan(raw);
  });

  it("a 60 m fault on one satellite is excluded and reported; the solution stays within 0.05 m", () => {
    const { sim, store } = run(NOISE_FREE);
    const solver = new SppSolver(
      { source: store, iono: store.iono() },
      { systems: ["C", "G"], smoothingWindow: 0 },
    );
    const ep = sim.epochs[10];
    const i = ep.sats.indexOf(ep.sats.find((s) => s.startsWith("C")) as string);
    const values = ep.values.slice();
    const k = ep.offsets[i] + ep.codes[i].indexOf("C2I");
    values[k] += 60;
    const faulty: ObsEpoch = { ...ep, values };
    const s = solver.solve(faulty);
    const e = ecefToEnu(s.pos, sim.truth);
    expect(Math.hypot(e[0], e[1], e[2])).toBeLessThan(0.05);
    const r = s.satellites.find((x) => x.sat === ep.sats[i]);
    expect(r?.used).toBe(false);
    expect(r?.reason).toBe("fault-excluded");
    expect(s.message).toContain(ep.sats[i]);
  });

  it("every satellite left out carries a reason; DOP is finite and PDOP^2 = HDOP^2 + VDOP^2", () => {
    const { sim, store } = run(NOISE_FREE);
    const solver = new SppSolver(
      { source: store, iono: store.iono() },
      { systems: ["C"], elevMask_rad: 30 * DEG },
    );
    const s = solver.solve(sim.epochs[0]);
    const left = s.satellites.filter((x) => !x.used);
    expect(left.length).toBeGreaterThan(0);
    for (const x of left) expect(x.reason).toBeTruthy();
    expect(left.some((x) => x.reason === "below-elevation-mask")).toBe(true);
    for (const x of s.satellites.filter((y) => y.used)) expect(x.el_rad).toBeGreaterThanOrEqual(30 * DEG);
    expect(s.dop.pdop ** 2).toBeCloseTo(s.dop.hdop ** 2 + s.dop.vdop ** 2, 9);
    expect(s.dop.gdop).toBeGreaterThan(s.dop.pdop);
  });
});
