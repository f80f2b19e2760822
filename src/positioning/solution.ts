// What a solver returns for one epoch: position, clocks, velocity, DOP, and every satellite's fate.

import type { Ecef } from "../frames/vectors.js";
import type { OrbitKind } from "../orbits/satellite-state.js";
import type { PositioningSystem, SatId } from "../signals/system.js";
import type { Instant } from "../time/instant.js";
import type { Dop } from "./dop.js";
import type { ExclusionReason } from "./measurements.js";

export interface SatelliteResult {
  readonly sat: SatId;
  readonly kind: OrbitKind;
  readonly codes: readonly string[];
  readonly az_rad: number;
  readonly el_rad: number;
  readonly cn0_dbhz: number;
  /** Post-fit pseudorange residual (m); NaN when not used. */
  readonly residual_m: number;
  readonly sigma_m: number;
  readonly iono_m: number;
  readonly tropo_m: number;
  readonly used: boolean;
  readonly reason?: ExclusionReason;
}

/** Solution quality as RTKLIB numbers it in .pos files: 1 fix, 2 float, 4 DGNSS, 5 single, 0 none. */
export type SolutionStatus = "none" | "single" | "dgnss" | "float" | "fixed";

export interface Solution {
  /** Receiver time tag of the epoch. */
  readonly epochTime: Instant;
  /** Epoch time corrected by the estimated receiver clock (GPST), as RTKLIB prints it. */
  readonly time: Instant;
  readonly status: SolutionStatus;
  readonly pos: Ecef;
  /** ECEF position covariance (m^2), row-major 3x3. */
  readonly cov_m2: Float64Array;
  /** Receiver clock bias per system (m). */
  readonly clockBias_m: Partial<Record<PositioningSystem, number>>;
  /** ECEF velocity (m/s) from Doppler, when estimated. */
  readonly vel?: readonly [number, number, number];
  readonly clockDrift_mps?: number;
  readonly dop: Dop;
  readonly nsUsed: number;
  readonly satellites: readonly SatelliteResult[];
  /** Why the epoch has no solution, or what was done to get one (e.g. excluded faults). */
  readonly message?: string;
  /** Relative positioning: age of the base observations (s), rover time minus base time. */
  readonly age_s?: number;
  /** Relative positioning: ambiguity validation ratio (second-best / best squared norm); 0 when not tried. */
  readonly ratio?: number;
}

export const STATUS_Q: Record<SolutionStatus, number> = { none: 0, fixed: 1, float: 2, dgnss: 4, single: 5 };
