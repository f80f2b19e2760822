// GLONASS numerical integration against the broadcast data itself: two consecutive real R03 records
// (ESBC 2020-177, 30 min apart) integrated towards each other must meet at the midpoint within metres
// (each record is an independent fit by the control segment). Values copied from
// ../shared/data/esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz.

import { describe, expect, it } from "vitest";
import { addSeconds, fromCalendar } from "../time/instant.js";
import type { GlonassEphemeris } from "./ephemeris.js";
import { GLONASS_MAX_STEP_s, glonassSatelliteState, integrateGlonass } from "./glonass.js";
import { orbitKindOf } from "./orbit-kind.js";

function record(
  hour: number,
  minute: number,
  tauN: number,
  gamma: number,
  x: [number, number, number],
  v: [number, number, number],
  a: [number, number, number],
): GlonassEphemeris {
  // RINEX epoch is UTC; 18 leap seconds in 2020 -> GPST = UTC + 18 s
  const toe = addSeconds(
    fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour, minute, second: 0 }),
    18,
  );
  return {
    kind: "glonass",
    sat: "R03",
    message: "FDMA",
    toe,
    pos_m: [x[0] * 1e3, x[1] * 1e3, x[2] * 1e3],
    vel_mps: [v[0] * 1e3, v[1] * 1e3, v[2] * 1e3],
    acc_mps2: [a[0] * 1e3, a[1] * 1e3, a[2] * 1e3],
    clockBias_s: tauN,
    gammaN: gamma,
    frequencyChannel: 5,
    health: 0,
    ageDays: 0,
  };
}

const A = record(
  0,
  45,
  1.738406717777e-5,
  9.094947017729e-13,
  [-8.522067382812e3, -1.797220703125e4, 1.604438134766e4],
  [1.543807029724, 1.551341056824, 2.56067276001],
  [-4.656612873077e-9, -9.313225746155e-10, 0],
);
const B = record(
  1,
  15,
  1.73868611455e-5,
  9.094947017729e-13,
  [-5.141366699219e3, -1.508597216797e4, 1.997757763672e4],
  [2.196258544922, 1.610811233521, 1.781365394592],
  [-3.725290298462e-9, 0, -9.313225746155e-10],
);

describe("GLONASS RK4 integration (ICD 5.1 A.3.1.2)", () => {
  it("classifies R03 as MEO from its state vector", () => {
    expect(orbitKindOf(A)).toBe("MEO");
  });

  it("records 30 min apart meet at the midpoint within 5 m and 5 mm/s", () => {
    const mid = addSeconds(A.toe, 900);
    const fa = glonassSatelliteState(A, mid);
    const fb = glonassSatelliteState(B, mid);
    const dPos = Math.hypot(fa.pos[0] - fb.pos[0], fa.pos[1] - fb.pos[1], fa.pos[2] - fb.pos[2]);
    const dVel = Math.hypot(fa.vel[0] - fb.vel[0], fa.vel[1] - fb.vel[1], fa.vel[2] - fb.vel[2]);
    console.log(`GLONASS R03 midpoint: |dpos| ${dPos.toFixed(3)} m, |dvel| ${(dVel * 1000).toFixed(3)} mm/s`);
    expect(dPos).toBeLessThan(5);
    expect(dVel).toBeLessThan(5e-3);
  });

  it("integrating A forward 30 min reaches B's state within 10 m", () => {
    const s = glonassSatelliteState(A, B.toe);
    const d = Math.hypot(s.pos[0] - B.pos_m[0], s.pos[1] - B.pos_m[1], s.pos[2] - B.pos_m[2]);
    console.log(`GLONASS R03 forward 30 min: |dpos| ${d.toFixed(3)} m`);
    expect(d).toBeLessThan(10);
  });

  it("step size below 60 s changes the result by < 1 mm over 15 min (RK4 converged)", () => {
    const coarse = new Float64Array(6);
    integrateGlonass(A, 900, coarse);
    // the same 900 s as 30 steps of 30 s: integrate in 30 s pieces by chaining records
    let rec: GlonassEphemeris = A;
    const fine = new Float64Array(6);
    for (let i = 0; i < 30; i++) {
      integrateGlonass(rec, 30, fine);
      rec = { ...rec, pos_m: [fine[0], fine[1], fine[2]], vel_mps: [fine[3], fine[4], fine[5]] };
    }
    expect(GLONASS_MAX_STEP_s).toBeLessThanOrEqual(60);
    expect(Math.hypot(coarse[0] - fine[0], coarse[1] - fine[1], coarse[2] - fine[2])).toBeLessThan(1e-3);
  });

  it("clock is -tauN + gammaN (t - tb), drift gammaN", () => {
    const s = glonassSatelliteState(A, addSeconds(A.toe, 600));
    expect(s.clockBias_s).toBeCloseTo(A.clockBias_s + A.gammaN * 600, 18);
    expect(s.clockDrift_sps).toBe(A.gammaN);
  });

  it("integrating back to tb returns the record's state", () => {
    const s = glonassSatelliteState(A, A.toe);
    expect([...s.pos]).toEqual([...A.pos_m]);
  });
});
