// GLONASS satellite state from the broadcast state vector: numerical integration of the PZ-90 equations of
// motion with J2 and the broadcast lunisolar accelerations held constant (GLONASS ICD 5.1 Appendix A.3.1.2),
// fourth-order Runge-Kutta with steps of at most 60 s. Clock: -tauN + gammaN (t - tb) (ICD 5.1 §4.4; RINEX
// stores -tauN, which is `clockBias_s`).
//
// The ICD's equations are written in the rotating PZ-90 frame, with centrifugal and Coriolis terms:
//   x'' = -GM/r^3 x - 3/2 J2 GM ae^2 / r^5 x (1 - 5 z^2/r^2) + wE^2 x + 2 wE y' + ax   (likewise y with -2 wE x')
//   z'' = -GM/r^3 z - 3/2 J2 GM ae^2 / r^5 z (3 - 5 z^2/r^2) + az

import { type Ecef, ecef } from "../frames/vectors.js";
import { diffSeconds, type Instant, toScale } from "../time/instant.js";
import type { GlonassEphemeris } from "./ephemeris.js";
import { GLONASS_CONSTANTS } from "./system-constants.js";

export interface GlonassState {
  readonly pos: Ecef;
  readonly vel: [number, number, number];
  readonly clockBias_s: number;
  readonly clockDrift_sps: number;
}

/** Largest integration step (s). */
export const GLONASS_MAX_STEP_s = 60;

const GM = GLONASS_CONSTANTS.GM_m3ps2;
const WE = GLONASS_CONSTANTS.omegaE_radps;
const J2_GM_AE2_15 = 1.5 * GLONASS_CONSTANTS.J2 * GLONASS_CONSTANTS.GM_m3ps2 * GLONASS_CONSTANTS.ae_m ** 2;

/** Time derivative of the state s = [x y z vx vy vz] into d; `acc` are the lunisolar accelerations. */
function derivative(s: Float64Array, acc: readonly [number, number, number], d: Float64Array): void {
  const x = s[0];
  const y = s[1];
  const z = s[2];
  const r2 = x * x + y * y + z * z;
  const r = Math.sqrt(r2);
  const r3 = r2 * r;
  const a = J2_GM_AE2_15 / (r2 * r3); // 3/2 J2 GM ae^2 / r^5
  const b = (5 * z * z) / r2;
  const c = -GM / r3 - a * (1 - b);
  d[0] = s[3];
  d[1] = s[4];
  d[2] = s[5];
  d[3] = (c + WE * WE) * x + 2 * WE * s[4] + acc[0];
  d[4] = (c + WE * WE) * y - 2 * WE * s[3] + acc[1];
  d[5] = (c - 2 * a) * z + acc[2];
}

const k1 = new Float64Array(6);
const k2 = new Float64Array(6);
const k3 = new Float64Array(6);
const k4 = new Float64Array(6);
const w = new Float64Array(6);

function rk4Step(s: Float64Array, h: number, acc: readonly [number, number, number]): void {
  derivative(s, acc, k1);
  for (let i = 0; i < 6; i++) w[i] = s[i] + (k1[i] * h) / 2;
  derivative(w, acc, k2);
  for (let i = 0; i < 6; i++) w[i] = s[i] + (k2[i] * h) / 2;
  derivative(w, acc, k3);
  for (let i = 0; i < 6; i++) w[i] = s[i] + k3[i] * h;
  derivative(w, acc, k4);
  for (let i = 0; i < 6; i++) s[i] += ((k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) * h) / 6;
}

/** Integrate the state vector of `eph` by `dt_s` seconds from tb; the result goes to `out` (6 values). */
export function integrateGlonass(eph: GlonassEphemeris, dt_s: number, out: Float64Array): void {
  out[0] = eph.pos_m[0];
  out[1] = eph.pos_m[1];
  out[2] = eph.pos_m[2];
  out[3] = eph.vel_mps[0];
  out[4] = eph.vel_mps[1];
  out[5] = eph.vel_mps[2];
  const step = dt_s < 0 ? -GLONASS_MAX_STEP_s : GLONASS_MAX_STEP_s;
  let left = dt_s;
  while (Math.abs(left) > 1e-9) {
    const h = Math.abs(left) < GLONASS_MAX_STEP_s ? left : step;
    rk4Step(out, h, eph.acc_mps2);
    left -= h;
  }
}

/** State of a GLONASS satellite at `t` (any scale; tb is GPST): PZ-90 position/velocity and clock. */
export function glonassSatelliteState(eph: GlonassEphemeris, t: Instant): GlonassState {
  const dt = diffSeconds(toScale(t, eph.toe.scale), eph.toe);
  const s = new Float64Array(6);
  integrateGlonass(eph, dt, s);
  return {
    pos: ecef(s[0], s[1], s[2]),
    vel: [s[3], s[4], s[5]],
    clockBias_s: eph.clockBias_s + eph.gammaN * dt,
    clockDrift_sps: eph.gammaN,
  };
}
