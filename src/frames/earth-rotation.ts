// Earth rotation during signal travel (Sagnac effect): rotate the satellite position at transmission
// into the ECEF frame at reception.

import { C_mps, WGS84 } from "./ellipsoid.js";
import { type Ecef, ecef } from "./vectors.js";

/** Rotate `svPos` (ECEF at transmission) by omegaE * travel time into the ECEF frame at reception. */
export function rotateForTravelTime(svPos: Ecef, travel_s: number, omegaE_radps = WGS84.omegaE_radps): Ecef {
  const th = omegaE_radps * travel_s;
  const c = Math.cos(th);
  const s = Math.sin(th);
  return ecef(c * svPos[0] + s * svPos[1], -s * svPos[0] + c * svPos[1], svPos[2]);
}

/** Geometric range with the Sagnac correction, as RTKLIB's geodist (m). */
export function sagnacRange(svPos: Ecef, rxPos: Ecef, omegaE_radps = WGS84.omegaE_radps): number {
  const dx = svPos[0] - rxPos[0];
  const dy = svPos[1] - rxPos[1];
  const dz = svPos[2] - rxPos[2];
  return (
    Math.sqrt(dx * dx + dy * dy + dz * dz) +
    (omegaE_radps * (svPos[0] * rxPos[1] - svPos[1] * rxPos[0])) / C_mps
  );
}
