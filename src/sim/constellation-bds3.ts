// The nominal BDS-3 constellation of the published orbit design: China Satellite Navigation Office,
// "Development of the BeiDou Navigation Satellite System (Version 4.0)" (2019) §2.2, and
// BDS-SIS-ICD-B1I-3.0 §3: 24 MEO in a Walker 24/3/1 at 21528 km altitude and 55 deg inclination;
// 3 IGSO at 35786 km altitude, 55 deg, ground tracks crossing the equator at 118 deg E; 3 GEO at
// 80, 110.5 and 140 deg E. Orbits are pure Kepler ellipses (the simulator's truth is the broadcast orbit).
//
// Choices made here (not part of the design, documented so nobody mistakes them for real assignments):
// - Reference epoch: BDT week 0 start (2006-01-01 00:00:00 BDT). MEO plane 1 has its ascending node at
//   0 deg E at that epoch, planes 2 and 3 at +120 and +240 deg; slot k of plane p (k, p from 0) has mean
//   argument of latitude 45 k + 15 p deg (Walker phasing F = 1: 360 F / 24 = 15 deg between planes).
// - PRNs: the 24 MEO get C19-C30, C32-C37, C41-C46 (the BDS-3 MEO PRN set), in plane/slot order
//   (plane 1: C19-C26, plane 2: C27-C30 + C32-C35, plane 3: C36-C37 + C41-C46), not the real per-plane
//   assignment. IGSO: C38-C40 with nodes 120 deg apart, phased to share one figure-eight ground track.
//   GEO: C59 at 80 E, C60 at 110.5 E, C61 at 140 E.
// - Geosynchronous semi-major axis is (GM/OmegaE^2)^(1/3) = 42164.17 km (altitude 35786.0 km) so that the
//   mean motion equals the Earth's rotation exactly and GEO/IGSO tracks do not drift.
// - MEO node drift: J2 regression (about -6.6e-9 rad/s, as real broadcast OMEGA DOT); IGSO and GEO: 0
//   (station-kept). Small eccentricities (MEO 0.0003-0.003, IGSO 0.001-0.003, GEO 0), clocks and TGDs come
//   from a fixed-seed generator: realistic sizes, no real satellite's values.

import { CGCS2000 } from "../frames/ellipsoid.js";
import { DEG } from "../frames/vectors.js";
import type { KeplerEphemeris } from "../orbits/ephemeris.js";
import { fromWeekTow, type Instant } from "../time/instant.js";
import {
  geosynchronousRadius_m,
  j2NodeRate_radps,
  type NominalEphemerisOptions,
  type NominalSatellite,
  nominalEphemeris,
} from "./nominal-satellite.js";
import { Prng } from "./prng.js";

/** Design numbers (BDS official white paper / ICD §3). */
export const BDS3_DESIGN = {
  meoAltitude_m: 21_528_000,
  meoInclination_deg: 55,
  walker: { total: 24, planes: 3, phasing: 1 },
  igsoInclination_deg: 55,
  igsoEquatorCrossing_degE: 118,
  geoLongitudes_degE: [80, 110.5, 140] as const,
} as const;

export const BDS3_MEO_PRNS: readonly number[] = [
  19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
];
export const BDS3_IGSO_PRNS: readonly number[] = [38, 39, 40];
export const BDS3_GEO_PRNS: readonly number[] = [59, 60, 61];

/** Epoch of the nominal elements: the start of BDT week 0. */
export const BDS3_NOMINAL_EPOCH: Instant = fromWeekTow("BDT", 0, 0);

const sid = (prn: number) => `C${String(prn).padStart(2, "0")}`;

let cache: readonly NominalSatellite[] | undefined;

/** The 30 satellites of the nominal BDS-3 constellation: 24 MEO, 3 IGSO, 3 GEO (in that order). */
export function bds3Constellation(): readonly NominalSatellite[] {
  if (cache) return cache;
  const rng = new Prng(0xbd53);
  const out: NominalSatellite[] = [];
  const clockAndDelays = () => ({
    clock: { af0_s: rng.between(-6e-4, 6e-4), af1_sps: rng.between(-8e-11, 8e-11), af2_sps2: 0 },
    groupDelays_s: { TGD1: rng.between(-6e-9, 6e-9), TGD2: rng.between(-6e-9, 6e-9) },
  });

  const aMeo = CGCS2000.a_m + BDS3_DESIGN.meoAltitude_m;
  const iMeo = BDS3_DESIGN.meoInclination_deg * DEG;
  const { total, planes, phasing } = BDS3_DESIGN.walker;
  const perPlane = total / planes;
  for (let p = 0; p < planes; p++) {
    for (let k = 0; k < perPlane; k++) {
      const prn = BDS3_MEO_PRNS[p * perPlane + k];
      out.push({
        sat: sid(prn),
        slot: `M${p + 1}-${k + 1}`,
        design: "MEO",
        message: "D1",
        ellipsoid: CGCS2000,
        epoch: BDS3_NOMINAL_EPOCH,
        a_m: aMeo,
        e: rng.between(0.0003, 0.003),
        i_rad: iMeo,
        argPerigee_rad: rng.between(-Math.PI, Math.PI),
        nodeLongitude_rad: ((360 / planes) * p * Math.PI) / 180,
        meanArgLatitude_rad: (((360 / perPlane) * k + ((360 * phasing) / total) * p) * Math.PI) / 180,
        nodeRate_radps: j2NodeRate_radps(CGCS2000, aMeo, iMeo),
        geoLongitude_rad: Number.NaN,
        ...clockAndDelays(),
        ura_m: 2,
      });
    }
  }

  const aGeo = geosynchronousRadius_m(CGCS2000);
  const cross = BDS3_DESIGN.igsoEquatorCrossing_degE * DEG;
  BDS3_IGSO_PRNS.forEach((prn, j) => {
    // Node longitude L_j and mean argument of latitude u_j with L_j + u_j = crossing longitude: the
    // satellite reaches its node (u = 0) after -u_j / OmegaE, when the node has moved west to L_j + u_j.
    const node = cross + j * 120 * DEG;
    out.push({
      sat: sid(prn),
      slot: `I${j + 1}`,
      design: "IGSO",
      message: "D1",
      ellipsoid: CGCS2000,
      epoch: BDS3_NOMINAL_EPOCH,
      a_m: aGeo,
      e: rng.between(0.001, 0.003),
      i_rad: BDS3_DESIGN.igsoInclination_deg * DEG,
      argPerigee_rad: rng.between(-Math.PI, Math.PI),
      nodeLongitude_rad: node,
      meanArgLatitude_rad: cross - node,
      nodeRate_radps: 0,
      geoLongitude_rad: Number.NaN,
      ...clockAndDelays(),
      ura_m: 2,
    });
  });

  BDS3_GEO_PRNS.forEach((prn, j) => {
    const lon = BDS3_DESIGN.geoLongitudes_degE[j];
    out.push({
      sat: sid(prn),
      slot: `GEO-${lon.toFixed(1)}E`,
      design: "GEO",
      message: "D2",
      ellipsoid: CGCS2000,
      epoch: BDS3_NOMINAL_EPOCH,
      a_m: aGeo,
      e: 0,
      i_rad: 0,
      argPerigee_rad: 0,
      nodeLongitude_rad: Number.NaN,
      meanArgLatitude_rad: Number.NaN,
      nodeRate_radps: 0,
      geoLongitude_rad: lon * DEG,
      ...clockAndDelays(),
      ura_m: 2,
    });
  });
  cache = out;
  return out;
}

/**
 * Broadcast records of the whole nominal BDS-3 constellation at `toe` (any scale; stored in BDT).
 * `opts.clockEpoch` is the instant the nominal clock polynomials refer to (default: start of toe's week).
 */
export function bds3Ephemerides(toe: Instant, opts: NominalEphemerisOptions = {}): KeplerEphemeris[] {
  return bds3Constellation().map((s) => nominalEphemeris(s, toe, opts));
}
