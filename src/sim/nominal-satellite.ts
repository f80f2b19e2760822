// A satellite of a nominal (design) constellation, and the broadcast Keplerian ephemeris that describes it
// at any toe. Inverts the user algorithms of IS-GPS-200 §20.3.3.4.3 Table 20-IV and BDS-SIS-ICD-B1I-3.0
// §5.2.4.12 (including the BDS GEO one: elements in a frame tilted by -5 deg about x, then Rz(OmegaE tk)).
//
// The orbit is a pure Kepler ellipse plus a secular node drift (omegaDot). Every record built from one
// NominalSatellite describes the same orbit: only toe, M0 and Omega0 move, so consecutive records agree
// at any instant to float precision. Harmonic corrections, delta-n and IDOT are zero.

import type { Ellipsoid } from "../frames/ellipsoid.js";
import type { KeplerEphemeris, NavMessage } from "../orbits/ephemeris.js";
import type { SatId } from "../signals/system.js";
import { diffSeconds, type Instant, instant, toScale, toWeekTow } from "../time/instant.js";

/** Orbit class as designed (the orbit code re-derives it from the elements). */
export type DesignOrbit = "GEO" | "IGSO" | "MEO";

export interface NominalClock {
  /** Clock bias (s) at the clock epoch the caller chooses (see `nominalEphemeris`). */
  readonly af0_s: number;
  readonly af1_sps: number;
  readonly af2_sps2: number;
}

export interface NominalSatellite {
  readonly sat: SatId;
  /** Slot name as the design calls it, e.g. "A1" (GPS), "M2-5" (BDS MEO plane 2 slot 5), "GEO-80.0E". */
  readonly slot: string;
  readonly design: DesignOrbit;
  readonly message: NavMessage;
  /** Ellipsoid whose GM and Earth rotation rate the system's ICD uses (CGCS2000 for BDS, WGS84 for GPS). */
  readonly ellipsoid: Ellipsoid;
  /** Epoch of the elements below, in the system's own time scale (BDT for BDS, GPST for GPS). */
  readonly epoch: Instant;
  readonly a_m: number;
  readonly e: number;
  readonly i_rad: number;
  /** Argument of perigee (rad). */
  readonly argPerigee_rad: number;
  /** Earth-fixed longitude of the ascending node at `epoch` (rad). Unused for GEO. */
  readonly nodeLongitude_rad: number;
  /** Mean argument of latitude M + omega at `epoch` (rad). Unused for GEO. */
  readonly meanArgLatitude_rad: number;
  /** Inertial rate of the node (rad/s), the broadcast OMEGA DOT. 0 for GEO. */
  readonly nodeRate_radps: number;
  /** GEO only: the station longitude (rad); the orbit is equatorial and circular. NaN otherwise. */
  readonly geoLongitude_rad: number;
  readonly clock: NominalClock;
  /** Broadcast group delays (s): "TGD1"/"TGD2" for BDS D1/D2, "TGD" for GPS LNAV. */
  readonly groupDelays_s: Readonly<Record<string, number>>;
  readonly ura_m: number;
}

const TWO_PI = 2 * Math.PI;

/** Angle folded into [-pi, pi). */
export function wrapPi(x_rad: number): number {
  const y = x_rad - TWO_PI * Math.floor((x_rad + Math.PI) / TWO_PI);
  return y >= Math.PI ? y - TWO_PI : y;
}

/** Semi-major axis (m) with mean motion equal to the Earth's rotation rate: the geosynchronous radius. */
export function geosynchronousRadius_m(ell: Ellipsoid): number {
  return Math.cbrt(ell.GM_m3ps2 / (ell.omegaE_radps * ell.omegaE_radps));
}

/** Inclination of the BDS GEO reference plane (BDS-SIS-ICD-B1I-3.0 §5.2.4.12: Rx(-5 deg)). */
export const BDS_GEO_FRAME_TILT_rad = (5 * Math.PI) / 180;

export interface NominalEphemerisOptions {
  /** Epoch the satellite's clock polynomial refers to (default: the start of toe's week, system scale). */
  readonly clockEpoch?: Instant;
  /** Issue of data (IODE/AODE), default 0. */
  readonly iode?: number;
  /** IODC/AODC, default = iode. */
  readonly iodc?: number;
  /** Transmission time of the message (default: toe). */
  readonly ttr?: Instant;
  /** Fit interval (h) written with the record (GPS: 4; 0 = none). */
  readonly fitInterval_h?: number;
}

/**
 * The broadcast record (toc = toe) of a nominal satellite at `toe` (any scale; converted to the system's
 * scale, which is that of `sat.epoch`).
 */
export function nominalEphemeris(
  sat: NominalSatellite,
  toeIn: Instant,
  opts: NominalEphemerisOptions = {},
): KeplerEphemeris {
  const scale = sat.epoch.scale;
  const toe = toScale(toeIn, scale);
  const toeSow_s = toWeekTow(toe).tow_s;
  const wE = sat.ellipsoid.omegaE_radps;
  const GM = sat.ellipsoid.GM_m3ps2;

  let i0: number;
  let omega0: number;
  let omega: number;
  let m0: number;
  let omegaDot: number;
  if (sat.design === "GEO") {
    // In the tilted frame the equatorial GEO is a circular orbit of inclination 5 deg with its node at pi
    // (x_GK = -r cos u, y_GK = -r sin u cos 5, z_GK = r sin u sin 5); Rx(-5) takes it back to the equator,
    // at longitude u + pi - OmegaE tk. Mean motion = OmegaE, so u = lambda + pi at toe keeps it fixed.
    i0 = BDS_GEO_FRAME_TILT_rad;
    omega0 = wrapPi(Math.PI + wE * toeSow_s);
    omega = 0;
    m0 = wrapPi(sat.geoLongitude_rad + Math.PI);
    omegaDot = 0;
  } else {
    const n = Math.sqrt(GM / (sat.a_m * sat.a_m * sat.a_m));
    const dt = diffSeconds(toe, sat.epoch);
    // Earth-fixed node at toe; the ICD's Omega_k = Omega0 + (OmegaDot - OmegaE) tk - OmegaE toe.
    const nodeAtToe = sat.nodeLongitude_rad + wrapPi((sat.nodeRate_radps - wE) * dt);
    i0 = sat.i_rad;
    omega0 = wrapPi(nodeAtToe + wE * toeSow_s);
    omega = wrapPi(sat.argPerigee_rad);
    m0 = wrapPi(sat.meanArgLatitude_rad - sat.argPerigee_rad + wrapPi(n * dt));
    omegaDot = sat.nodeRate_radps;
  }

  const clockEpoch = opts.clockEpoch
    ? toScale(opts.clockEpoch, scale)
    : instant(scale, toe.sec - (toeSow_s - toe.frac));
  const tc = diffSeconds(toe, clockEpoch);
  const k = sat.clock;
  const iode = opts.iode ?? 0;
  return {
    kind: "kepler",
    sat: sat.sat,
    message: sat.message,
    toc: toe,
    toe,
    ttr: opts.ttr ? toScale(opts.ttr, scale) : toe,
    af0_s: k.af0_s + k.af1_sps * tc + k.af2_sps2 * tc * tc,
    af1_sps: k.af1_sps + 2 * k.af2_sps2 * tc,
    af2_sps2: k.af2_sps2,
    sqrtA_sqrtm: Math.sqrt(sat.design === "GEO" ? geosynchronousRadius_m(sat.ellipsoid) : sat.a_m),
    e: sat.design === "GEO" ? 0 : sat.e,
    i0_rad: i0,
    omega0_rad: omega0,
    omega_rad: omega,
    m0_rad: m0,
    deltaN_radps: 0,
    iDot_radps: 0,
    omegaDot_radps: omegaDot,
    cuc_rad: 0,
    cus_rad: 0,
    crc_m: 0,
    crs_m: 0,
    cic_rad: 0,
    cis_rad: 0,
    aDot_mps: 0,
    deltaNDot_radps2: 0,
    iode,
    iodc: opts.iodc ?? iode,
    health: 0,
    ura_m: sat.ura_m,
    fitInterval_h: opts.fitInterval_h ?? 0,
    groupDelays_s: { ...sat.groupDelays_s },
    satType: 0,
    dataSources: 0,
  };
}

/**
 * Nodal regression (rad/s) of a circular orbit from the Earth's J2: -3/2 n J2 (Re/a)^2 cos i
 * (Vallado, Fundamentals of Astrodynamics, eq. 9-41). Gives the broadcast OMEGA DOT its realistic size.
 */
export function j2NodeRate_radps(ell: Ellipsoid, a_m: number, i_rad: number, J2 = 1.08263e-3): number {
  const n = Math.sqrt(ell.GM_m3ps2 / (a_m * a_m * a_m));
  const q = ell.a_m / a_m;
  return -1.5 * n * J2 * q * q * Math.cos(i_rad);
}
