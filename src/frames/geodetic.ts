// ECEF <-> geodetic, ENU and azimuth/elevation. Formulas: Heiskanen & Moritz; iteration as in RTKLIB's ecef2pos.

import { type Ellipsoid, WGS84 } from "./ellipsoid.js";
import { type Ecef, type Enu, ecef, enu, type Geodetic } from "./vectors.js";

export function geodeticToEcef(p: Geodetic, ell: Ellipsoid = WGS84): Ecef {
  const e2 = ell.f * (2 - ell.f);
  const sl = Math.sin(p.lat_rad);
  const cl = Math.cos(p.lat_rad);
  const n = ell.a_m / Math.sqrt(1 - e2 * sl * sl);
  return ecef(
    (n + p.h_m) * cl * Math.cos(p.lon_rad),
    (n + p.h_m) * cl * Math.sin(p.lon_rad),
    (n * (1 - e2) + p.h_m) * sl,
  );
}

export function ecefToGeodetic(r: Ecef, ell: Ellipsoid = WGS84): Geodetic {
  const e2 = ell.f * (2 - ell.f);
  const r2 = r[0] * r[0] + r[1] * r[1];
  let z = r[2];
  let zk = 0;
  let v = ell.a_m;
  for (let i = 0; i < 20 && Math.abs(z - zk) >= 1e-4; i++) {
    zk = z;
    const sinp = z / Math.sqrt(r2 + z * z);
    v = ell.a_m / Math.sqrt(1 - e2 * sinp * sinp);
    z = r[2] + v * e2 * sinp;
  }
  const lat = r2 > 1e-12 ? Math.atan(z / Math.sqrt(r2)) : r[2] > 0 ? Math.PI / 2 : -Math.PI / 2;
  const lon = r2 > 1e-12 ? Math.atan2(r[1], r[0]) : 0;
  return { lat_rad: lat, lon_rad: lon, h_m: Math.sqrt(r2 + z * z) - v };
}

/** Rotation ECEF -> ENU at a geodetic origin, as a row-major 3x3. */
export function enuRotation(origin: Geodetic): Float64Array {
  const sp = Math.sin(origin.lat_rad);
  const cp = Math.cos(origin.lat_rad);
  const sl = Math.sin(origin.lon_rad);
  const cl = Math.cos(origin.lon_rad);
  return Float64Array.of(-sl, cl, 0, -sp * cl, -sp * sl, cp, cp * cl, cp * sl, sp);
}

/** A vector difference (m) expressed in ENU at `origin`. */
export function ecefDeltaToEnu(d: readonly [number, number, number], origin: Geodetic): Enu {
  const m = enuRotation(origin);
  return enu(
    m[0] * d[0] + m[1] * d[1] + m[2] * d[2],
    m[3] * d[0] + m[4] * d[1] + m[5] * d[2],
    m[6] * d[0] + m[7] * d[1] + m[8] * d[2],
  );
}

/** Position `p` relative to `ref`, in ENU at `ref`. */
export function ecefToEnu(p: Ecef, ref: Ecef, ell: Ellipsoid = WGS84): Enu {
  return ecefDeltaToEnu([p[0] - ref[0], p[1] - ref[1], p[2] - ref[2]], ecefToGeodetic(ref, ell));
}

export interface AzEl {
  az_rad: number;
  el_rad: number;
}

/** Azimuth (from north, clockwise) and elevation of a satellite seen from a receiver. */
export function azimuthElevation(rx: Geodetic, rxPos: Ecef, svPos: Ecef): AzEl {
  return azimuthElevationWith(enuRotation(rx), rxPos, svPos);
}

/** The same with the receiver's ECEF -> ENU rotation computed once (hot loops over satellites). */
export function azimuthElevationWith(rot: Float64Array, rxPos: Ecef, svPos: Ecef): AzEl {
  const dx = svPos[0] - rxPos[0];
  const dy = svPos[1] - rxPos[1];
  const dz = svPos[2] - rxPos[2];
  const e = rot[0] * dx + rot[1] * dy + rot[2] * dz;
  const n = rot[3] * dx + rot[4] * dy + rot[5] * dz;
  const u = rot[6] * dx + rot[7] * dy + rot[8] * dz;
  let az = Math.atan2(e, n);
  if (az < 0) az += 2 * Math.PI;
  return { az_rad: az, el_rad: Math.atan2(u, Math.sqrt(e * e + n * n)) };
}
