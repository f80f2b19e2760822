// Satellite position, velocity and clock from a Keplerian broadcast ephemeris (GPS, QZSS, Galileo, BDS).
// IS-GPS-200 §20.3.3.4.3 Table 20-IV (LNAV) and §30.3.3.1.3 Table 30-II (CNAV: A-dot, delta-n-dot);
// BDS-SIS-ICD-B1I-3.0 §5.2.4.12 (MEO/IGSO, and the GEO transformation: Rx(-5 deg) then Rz(OmegaE tk));
// BDS-SIS-ICD-B1C-1.0 §7.7 (B-CNAV); Galileo OS SIS ICD §5.1.1; clock: IS-GPS-200 §20.3.3.3.3.1,
// BDS-SIS-ICD-B1I-3.0 §5.2.4.10 (af0, af1, af2 and the relativistic term F e sqrt(A) sin E).
//
// Velocity is analytic (the time derivative of every step below, harmonic corrections included).
// Clock bias includes the relativistic term and excludes group delays (TGD/BGD/ISC).

import { type Ecef, ecef } from "../frames/vectors.js";
import { satSystem } from "../signals/system.js";
import { diffSeconds, type Instant, toScale, toWeekTow, wrapWeekSeconds } from "../time/instant.js";
import type { KeplerEphemeris } from "./ephemeris.js";
import { orbitKindOf } from "./orbit-kind.js";
import type { OrbitKind } from "./satellite-state.js";
import { keplerConstantsOf } from "./system-constants.js";

export interface KeplerState {
  readonly pos: Ecef;
  readonly vel: [number, number, number];
  /** Clock bias (s): polynomial plus relativistic term, no group delay. */
  readonly clockBias_s: number;
  readonly clockDrift_sps: number;
}

const KEPLER_TOLERANCE_rad = 1e-13;
const KEPLER_MAX_ITERATIONS = 30;
/** The BDS GEO inclined reference plane: -5 deg about x (BDS-SIS-ICD-B1I-3.0 §5.2.4.12). */
const COS_M5 = Math.cos((-5 * Math.PI) / 180);
const SIN_M5 = Math.sin((-5 * Math.PI) / 180);

/** Time of ephemeris as seconds of the system's own week (BDT week for BDS), cached per record. */
const toeTowCache = new WeakMap<KeplerEphemeris, number>();

function toeTow(eph: KeplerEphemeris): number {
  let v = toeTowCache.get(eph);
  if (v === undefined) {
    v = toWeekTow(toScale(eph.toe, keplerConstantsOf(satSystem(eph.sat)).scale)).tow_s;
    toeTowCache.set(eph, v);
  }
  return v;
}

/**
 * Bulk kernel: state of `eph` at `tk_s` seconds after toe and `tc_s` seconds after toc (both in the
 * system's scale), written to `out` as [x, y, z, vx, vy, vz, clockBias_s, clockDrift_sps].
 * `geo` selects the BDS GEO transformation. Returns false (and NaNs) if Kepler's equation does not converge.
 */
export function keplerStateInto(
  eph: KeplerEphemeris,
  tk_s: number,
  tc_s: number,
  geo: boolean,
  out: Float64Array,
): boolean {
  const c = keplerConstantsOf(satSystem(eph.sat));
  const GM = c.GM_m3ps2;
  const wE = c.omegaE_radps;
  const tk = tk_s;
  const e = eph.e;

  const A0 = eph.sqrtA_sqrtm * eph.sqrtA_sqrtm;
  if (!(A0 > 0)) {
    out.fill(Number.NaN);
    return false;
  }
  const A = A0 + eph.aDot_mps * tk;
  const n0 = Math.sqrt(GM / (A0 * A0 * A0));
  // CNAV: n_A = n0 + dn0 + dn0dot tk / 2; M = M0 + n_A tk, so dM/dt = n0 + dn0 + dn0dot tk.
  const n = n0 + eph.deltaN_radps + 0.5 * eph.deltaNDot_radps2 * tk;
  const Mdot = n0 + eph.deltaN_radps + eph.deltaNDot_radps2 * tk;
  const M = eph.m0_rad + n * tk;

  let E = M;
  let converged = false;
  for (let k = 0; k < KEPLER_MAX_ITERATIONS; k++) {
    const dE = (E - e * Math.sin(E) - M) / (1 - e * Math.cos(E));
    E -= dE;
    if (Math.abs(dE) <= KEPLER_TOLERANCE_rad) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    out.fill(Number.NaN);
    return false;
  }
  const sinE = Math.sin(E);
  const cosE = Math.cos(E);
  const oneMinusECosE = 1 - e * cosE;
  const sq1e2 = Math.sqrt(1 - e * e);
  const Edot = Mdot / oneMinusECosE;
  const nu = Math.atan2(sq1e2 * sinE, cosE - e);
  const nuDot = (Edot * sq1e2) / oneMinusECosE;

  const phi = nu + eph.omega_rad;
  const s2 = Math.sin(2 * phi);
  const c2 = Math.cos(2 * phi);
  const u = phi + eph.cus_rad * s2 + eph.cuc_rad * c2;
  const r = A * oneMinusECosE + eph.crs_m * s2 + eph.crc_m * c2;
  const inc = eph.i0_rad + eph.iDot_radps * tk + eph.cis_rad * s2 + eph.cic_rad * c2;
  const uDot = nuDot * (1 + 2 * (eph.cus_rad * c2 - eph.cuc_rad * s2));
  const rDot =
    A * e * sinE * Edot + eph.aDot_mps * oneMinusECosE + 2 * nuDot * (eph.crs_m * c2 - eph.crc_m * s2);
  const iDot = eph.iDot_radps + 2 * nuDot * (eph.cis_rad * c2 - eph.cic_rad * s2);

  const cu = Math.cos(u);
  const su = Math.sin(u);
  const xp = r * cu;
  const yp = r * su;
  const xpDot = rDot * cu - r * uDot * su;
  const ypDot = rDot * su + r * uDot * cu;

  // Node: the ECEF longitude of the node for MEO/IGSO; for BDS GEO the node in the inertial-like frame.
  const tow = toeTow(eph);
  const OmDot = geo ? eph.omegaDot_radps : eph.omegaDot_radps - wE;
  const Om = eph.omega0_rad + OmDot * tk - wE * tow;
  const cO = Math.cos(Om);
  const sO = Math.sin(Om);
  const ci = Math.cos(inc);
  const si = Math.sin(inc);

  const x = xp * cO - yp * ci * sO;
  const y = xp * sO + yp * ci * cO;
  const z = yp * si;
  const vx = xpDot * cO - ypDot * ci * sO + yp * si * iDot * sO - OmDot * y;
  const vy = xpDot * sO + ypDot * ci * cO - yp * si * iDot * cO + OmDot * x;
  const vz = ypDot * si + yp * ci * iDot;

  if (geo) {
    // Rx(-5 deg): into the BDCS-aligned but Earth-rotation-free frame.
    const qx = x;
    const qy = y * COS_M5 + z * SIN_M5;
    const qz = -y * SIN_M5 + z * COS_M5;
    const qvx = vx;
    const qvy = vy * COS_M5 + vz * SIN_M5;
    const qvz = -vy * SIN_M5 + vz * COS_M5;
    // Rz(OmegaE tk): into ECEF.
    const th = wE * tk;
    const ct = Math.cos(th);
    const st = Math.sin(th);
    out[0] = qx * ct + qy * st;
    out[1] = -qx * st + qy * ct;
    out[2] = qz;
    out[3] = qvx * ct + qvy * st + wE * (-qx * st + qy * ct);
    out[4] = -qvx * st + qvy * ct - wE * (qx * ct + qy * st);
    out[5] = qvz;
  } else {
    out[0] = x;
    out[1] = y;
    out[2] = z;
    out[3] = vx;
    out[4] = vy;
    out[5] = vz;
  }

  const relK = c.F_spsqrtm * e * eph.sqrtA_sqrtm;
  out[6] = eph.af0_s + eph.af1_sps * tc_s + eph.af2_sps2 * tc_s * tc_s + relK * sinE;
  out[7] = eph.af1_sps + 2 * eph.af2_sps2 * tc_s + relK * cosE * Edot;
  return true;
}

/** Whether the BDS GEO transformation applies: a BDS orbit classified GEO (from the orbit, never the PRN). */
export function usesBdsGeoTransform(eph: KeplerEphemeris, kind?: OrbitKind): boolean {
  if (satSystem(eph.sat) !== "C") return false;
  return (kind ?? orbitKindOf(eph)) === "GEO";
}

/**
 * Position (ECEF of the transmission instant, no Sagnac rotation), velocity, clock bias and drift of the
 * satellite of `eph` at `t` (any scale; converted to the ephemeris' own scale). `kind` skips re-classifying
 * the orbit when the caller already knows it. NaNs when the orbit cannot be computed.
 */
export function keplerSatelliteState(eph: KeplerEphemeris, t: Instant, kind?: OrbitKind): KeplerState {
  const scale = keplerConstantsOf(satSystem(eph.sat)).scale;
  const ts = toScale(t, scale);
  const tk = wrapWeekSeconds(diffSeconds(ts, eph.toe));
  const tc = wrapWeekSeconds(diffSeconds(ts, eph.toc));
  const out = new Float64Array(8);
  keplerStateInto(eph, tk, tc, usesBdsGeoTransform(eph, kind), out);
  return {
    pos: ecef(out[0], out[1], out[2]),
    vel: [out[3], out[4], out[5]],
    clockBias_s: out[6],
    clockDrift_sps: out[7],
  };
}
