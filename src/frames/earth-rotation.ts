// Earth rotation during signal travel (Sagnac effect): rotate the satellite position at transmission
// into the ECEF frame at reception.

import { WGS84 } from "./ellipsoid.js";
import { type Ecef, ecef } from "./vectors.js";

/** Rotate `svPos` (ECEF at transmission) by omegaE * travel time into the ECEF frame at reception. */
export function rotateForTravelTime(svPos: Ecef, travel_s: number, omegaE_radps = WGS84.omegaE_radps): Ecef {
  const th = omegaE_radps * travel_s;
  const c = Math.cos(th);
  const s = Math.sin(th);
  return ecef(c * svPos[0] + s * svPos[1], -s * svPos[0] + c * svPos[1], svPos[2]);
}
