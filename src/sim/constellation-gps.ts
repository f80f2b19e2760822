// The nominal 24-slot GPS constellation: GPS SPS Performance Standard (4th ed. 2008, §3.1, Table 3.1-1;
// same table as Table 3-1 of the 2001 edition): 6 planes A-F at 55 deg, semi-major axis 26559.7 km,
// slot RAANs and arguments of latitude at the epoch 0000Z 1 July 1993, Greenwich hour angle
// 18h 36m 14.4s (FK5/J2000). The Earth-fixed node longitude at the epoch is RAAN - GHA.
//
// Choices made here (documented, not part of the standard):
// - PRNs G01-G24 in slot order A1..A4, B1..B4, ..., F1..F4 (not the real PRN-to-slot assignment).
// - Node drift: J2 regression (about -7.8e-9 rad/s, as real broadcast OMEGA DOT), applied from 1993 on,
//   so all six planes keep their relative geometry while drifting together.
// - Eccentricity 0.001-0.015 (the standard allows 0.00-0.02), argument of perigee, clock (af0, af1) and
//   TGD from a fixed-seed generator: realistic sizes, no real satellite's values.

import { WGS84 } from "../frames/ellipsoid.js";
import { DEG } from "../frames/vectors.js";
import type { KeplerEphemeris } from "../orbits/ephemeris.js";
import { fromCalendar, type Instant, toScale } from "../time/instant.js";
import {
  j2NodeRate_radps,
  type NominalEphemerisOptions,
  type NominalSatellite,
  nominalEphemeris,
} from "./nominal-satellite.js";
import { Prng } from "./prng.js";

export const GPS_DESIGN = {
  semiMajorAxis_m: 26_559_700,
  inclination_deg: 55,
  /** Greenwich hour angle at the epoch: 18h 36m 14.4s. */
  greenwichHourAngle_deg: (18 + 36 / 60 + 14.4 / 3600) * 15,
} as const;

/** Slot table of the SPS PS: [slot, RAAN (deg), argument of latitude (deg)] at the epoch. */
export const GPS_SLOTS: ReadonlyArray<readonly [string, number, number]> = [
  ["A1", 272.847, 268.126],
  ["A2", 272.847, 161.786],
  ["A3", 272.847, 11.676],
  ["A4", 272.847, 41.806],
  ["B1", 332.847, 80.956],
  ["B2", 332.847, 173.336],
  ["B3", 332.847, 309.976],
  ["B4", 332.847, 204.376],
  ["C1", 32.847, 111.876],
  ["C2", 32.847, 11.796],
  ["C3", 32.847, 339.666],
  ["C4", 32.847, 241.556],
  ["D1", 92.847, 135.226],
  ["D2", 92.847, 265.446],
  ["D3", 92.847, 35.156],
  ["D4", 92.847, 167.356],
  ["E1", 152.847, 197.046],
  ["E2", 152.847, 302.596],
  ["E3", 152.847, 66.066],
  ["E4", 152.847, 333.686],
  ["F1", 212.847, 238.886],
  ["F2", 212.847, 345.226],
  ["F3", 212.847, 105.206],
  ["F4", 212.847, 135.346],
];

/** The SPS PS epoch, 1993-07-01 00:00:00 UTC, as GPST. */
export const GPS_NOMINAL_EPOCH: Instant = toScale(
  fromCalendar("UTC", { year: 1993, month: 7, day: 1, hour: 0, minute: 0, second: 0 }),
  "GPST",
);

let cache: readonly NominalSatellite[] | undefined;

/** The 24 satellites of the nominal GPS constellation, in slot order. */
export function gpsConstellation(): readonly NominalSatellite[] {
  if (cache) return cache;
  const rng = new Prng(0x6e5);
  const a = GPS_DESIGN.semiMajorAxis_m;
  const inc = GPS_DESIGN.inclination_deg * DEG;
  const rate = j2NodeRate_radps(WGS84, a, inc);
  cache = GPS_SLOTS.map(([slot, raan, argLat], k) => ({
    sat: `G${String(k + 1).padStart(2, "0")}`,
    slot,
    design: "MEO" as const,
    message: "LNAV" as const,
    ellipsoid: WGS84,
    epoch: GPS_NOMINAL_EPOCH,
    a_m: a,
    e: rng.between(0.001, 0.015),
    i_rad: inc,
    argPerigee_rad: rng.between(-Math.PI, Math.PI),
    nodeLongitude_rad: (raan - GPS_DESIGN.greenwichHourAngle_deg) * DEG,
    meanArgLatitude_rad: argLat * DEG,
    nodeRate_radps: rate,
    geoLongitude_rad: Number.NaN,
    clock: { af0_s: rng.between(-5e-4, 5e-4), af1_sps: rng.between(-2e-11, 2e-11), af2_sps2: 0 },
    groupDelays_s: { TGD: rng.between(-8e-9, 8e-9) },
    ura_m: 2,
  }));
  return cache;
}

/** Broadcast LNAV records of the nominal GPS constellation at `toe` (any scale; stored in GPST). */
export function gpsEphemerides(toe: Instant, opts: NominalEphemerisOptions = {}): KeplerEphemeris[] {
  return gpsConstellation().map((s) => nominalEphemeris(s, toe, { fitInterval_h: 4, ...opts }));
}
