// The one interface through which positioning sees satellites: position, velocity and clock at a
// transmission time, from broadcast ephemerides or precise products alike.

import type { Ecef } from "../frames/vectors.js";
import type { SatId } from "../signals/system.js";
import type { Instant } from "../time/instant.js";
import type { Ephemeris } from "./ephemeris.js";

/** Orbit class of a satellite, decided from its orbit (inclination, radius), never from its PRN. */
export type OrbitKind = "GEO" | "IGSO" | "MEO" | "LEO" | "unknown";

export interface SatelliteState {
  readonly sat: SatId;
  /** ECEF position (m) at the transmission time, in the frame of that instant (no Sagnac rotation applied). */
  readonly pos: Ecef;
  /** ECEF velocity (m/s). */
  readonly vel: readonly [number, number, number];
  /** Satellite clock bias (s) including the relativistic correction, excluding group delays. */
  readonly clockBias_s: number;
  /** Satellite clock drift (s/s). */
  readonly clockDrift_sps: number;
  /** 0 = healthy. */
  readonly health: number;
  /** Broadcast URA (m), NaN if unknown. */
  readonly ura_m: number;
  readonly kind: OrbitKind;
  /** The broadcast ephemeris behind this state (for group delays), when one was used. */
  readonly ephemeris?: Ephemeris;
  readonly source: "broadcast" | "precise";
}

/** Why no state could be given. */
export type NoStateReason =
  | "no-ephemeris"
  | "unhealthy"
  | "outside-fit"
  | "no-precise-orbit"
  | "no-precise-clock";

export interface SatelliteSource {
  /**
   * State of `sat` at transmission time `t` (any scale; converted internally to the system's scale).
   * Returns the reason instead when none can be given.
   */
  state(sat: SatId, t: Instant): SatelliteState | NoStateReason;
}
