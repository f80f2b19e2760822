// Orbit class (GEO / IGSO / MEO / LEO) decided from the orbit itself: semi-major axis and inclination.
// No PRN tables: new BDS GEOs (C59-C63) and QZSS GEO/QZO classify themselves.
// Geosynchronous radius 42164 km; BDS MEO 27906 km; GPS 26560 km; Galileo 29600 km; GLONASS 25510 km.
// BDS GEO elements are given in a frame tilted by 5 deg (BDS-SIS-ICD-B1I-3.0 §5.2.4.12), so a GEO's
// broadcast i0 lies within about 0-10 deg; IGSO/QZO orbits are inclined 40-60 deg. The cut is 20 deg.

import type { Ecef } from "../frames/vectors.js";
import type { Ephemeris } from "./ephemeris.js";
import type { OrbitKind } from "./satellite-state.js";
import { GLONASS_CONSTANTS } from "./system-constants.js";

const GEOSYNC_MIN_m = 38_000_000;
const GEOSYNC_MAX_m = 46_000_000;
const MEO_MIN_m = 15_000_000;
const LEO_MIN_m = 6_500_000;
const GEO_MAX_INCLINATION_rad = (20 * Math.PI) / 180;

/** Orbit class from semi-major axis (m) and inclination (rad). */
export function orbitKindFromElements(a_m: number, incl_rad: number): OrbitKind {
  if (!Number.isFinite(a_m) || !Number.isFinite(incl_rad)) return "unknown";
  if (a_m >= GEOSYNC_MIN_m && a_m <= GEOSYNC_MAX_m) {
    return Math.abs(incl_rad) < GEO_MAX_INCLINATION_rad ? "GEO" : "IGSO";
  }
  if (a_m >= MEO_MIN_m && a_m < GEOSYNC_MIN_m) return "MEO";
  if (a_m >= LEO_MIN_m && a_m < MEO_MIN_m) return "LEO";
  return "unknown";
}

/**
 * Orbit class from an Earth-fixed state vector (m, m/s): the velocity is made inertial (v + w x r),
 * then vis-viva gives a and the angular momentum the inclination.
 */
export function orbitKindFromState(
  pos: Ecef | readonly [number, number, number],
  vel: readonly [number, number, number],
  GM_m3ps2: number,
  omegaE_radps: number,
): OrbitKind {
  const [x, y, z] = pos;
  const vx = vel[0] - omegaE_radps * y;
  const vy = vel[1] + omegaE_radps * x;
  const vz = vel[2];
  const r = Math.hypot(x, y, z);
  const v2 = vx * vx + vy * vy + vz * vz;
  const a = 1 / (2 / r - v2 / GM_m3ps2);
  const hx = y * vz - z * vy;
  const hy = z * vx - x * vz;
  const hz = x * vy - y * vx;
  const incl = Math.acos(hz / Math.hypot(hx, hy, hz));
  return orbitKindFromElements(a, incl);
}

/** Orbit class of the satellite an ephemeris describes (GEO / IGSO / MEO), from its orbit only. */
export function orbitKindOf(eph: Ephemeris): OrbitKind {
  if (eph.kind === "kepler") {
    return orbitKindFromElements(eph.sqrtA_sqrtm * eph.sqrtA_sqrtm, eph.i0_rad);
  }
  return orbitKindFromState(
    eph.pos_m,
    eph.vel_mps,
    GLONASS_CONSTANTS.GM_m3ps2,
    GLONASS_CONSTANTS.omegaE_radps,
  );
}
