// Rover trajectories for the RTK simulator: the antenna's offset from the base, in the base's local
// East-North-Up frame (the tangent plane at the base, so "up" is the base's up everywhere), as a function
// of time t_s (seconds of GPST since the first epoch), with its velocity.
//
//   static:   offset(t) = offset
//   line:     offset(t) = start + speed t (sin h, cos h, 0) + (0, 0, climb t)      h: heading from north
//   circle:   offset(t) = centre + R (sin a, cos a, 0), a = a0 + speed t / R        a: azimuth from north,
//             increasing (clockwise seen from above) for speed > 0, decreasing for speed < 0
//   function: offset(t) from the caller; velocity from the caller's `velocityAt`, or by a central
//             difference over +-1 ms when absent
//
// The simulator turns an offset into ECEF as x = x_base + R^T [e n u], R the ECEF -> ENU rotation at the base.

import { DEG, type Enu } from "../frames/vectors.js";

export type RoverTrajectory =
  | { readonly kind: "static"; readonly offset: Enu }
  | {
      readonly kind: "line";
      /** Offset at t = 0. */
      readonly start: Enu;
      /** Heading, azimuth from north, clockwise (deg). */
      readonly heading_deg: number;
      /** Horizontal speed (m/s). */
      readonly speed_mps: number;
      /** Vertical speed (m/s), default 0. */
      readonly climb_mps?: number;
    }
  | {
      readonly kind: "circle";
      readonly centre: Enu;
      readonly radius_m: number;
      /** Speed along the circle (m/s); > 0 clockwise seen from above, < 0 anticlockwise. */
      readonly speed_mps: number;
      /** Azimuth (from north, clockwise) of the rover seen from the centre at t = 0 (deg), default 0. */
      readonly startAzimuth_deg?: number;
    }
  | {
      readonly kind: "function";
      readonly offsetAt: (t_s: number) => Enu;
      /** ENU velocity (m/s); by central difference over +-1 ms when absent. */
      readonly velocityAt?: (t_s: number) => readonly [number, number, number];
    };

/** Half-width (s) of the central difference used for a function trajectory without `velocityAt`. */
const DIFF_STEP_s = 1e-3;

/**
 * Offset (m) and velocity (m/s), both ENU at the base, of the rover at t_s, written to `out` as
 * [e, n, u, ve, vn, vu] (no allocation for the built-in kinds).
 */
export function trajectoryStateInto(tr: RoverTrajectory, t_s: number, out: Float64Array): void {
  switch (tr.kind) {
    case "static":
      out[0] = tr.offset[0];
      out[1] = tr.offset[1];
      out[2] = tr.offset[2];
      out[3] = 0;
      out[4] = 0;
      out[5] = 0;
      return;
    case "line": {
      const h = tr.heading_deg * DEG;
      const ve = tr.speed_mps * Math.sin(h);
      const vn = tr.speed_mps * Math.cos(h);
      const vu = tr.climb_mps ?? 0;
      out[0] = tr.start[0] + ve * t_s;
      out[1] = tr.start[1] + vn * t_s;
      out[2] = tr.start[2] + vu * t_s;
      out[3] = ve;
      out[4] = vn;
      out[5] = vu;
      return;
    }
    case "circle": {
      const a = (tr.startAzimuth_deg ?? 0) * DEG + (tr.speed_mps * t_s) / tr.radius_m;
      const s = Math.sin(a);
      const c = Math.cos(a);
      out[0] = tr.centre[0] + tr.radius_m * s;
      out[1] = tr.centre[1] + tr.radius_m * c;
      out[2] = tr.centre[2];
      out[3] = tr.speed_mps * c;
      out[4] = -tr.speed_mps * s;
      out[5] = 0;
      return;
    }
    case "function": {
      const p = tr.offsetAt(t_s);
      out[0] = p[0];
      out[1] = p[1];
      out[2] = p[2];
      if (tr.velocityAt) {
        const v = tr.velocityAt(t_s);
        out[3] = v[0];
        out[4] = v[1];
        out[5] = v[2];
      } else {
        const a = tr.offsetAt(t_s + DIFF_STEP_s);
        const b = tr.offsetAt(t_s - DIFF_STEP_s);
        for (let i = 0; i < 3; i++) out[3 + i] = (a[i] - b[i]) / (2 * DIFF_STEP_s);
      }
      return;
    }
  }
}
