// Precise orbit and clock products as tables (what the SP3 and RINEX clock readers produce).

import type { SatId } from "../signals/system.js";
import type { Instant } from "../time/instant.js";

/** An SP3 file: satellite positions (and clocks) at regular epochs. */
export interface PreciseOrbitTable {
  readonly version: "c" | "d" | "a" | "b";
  readonly agency: string;
  /** e.g. "IGS14", "IGb14". */
  readonly coordinateSystem: string;
  readonly timeSystem: "GPST" | "BDT" | "GST" | "UTC" | "TAI" | "GLONASST";
  /** Epochs converted to GPST. */
  readonly epochs: readonly Instant[];
  readonly sats: readonly SatId[];
  /** Position (m), ECEF in the product's frame: index (epoch * sats.length + sat) * 3; NaN when missing. */
  readonly pos_m: Float64Array;
  /** Clock bias (s): index epoch * sats.length + sat; NaN when missing (999999.999999 in the file). */
  readonly clock_s: Float64Array;
}

/** A RINEX clock file's satellite clocks ("AS" records). */
export interface PreciseClockTable {
  readonly version: number;
  /** Epochs converted to GPST. */
  readonly epochs: readonly Instant[];
  readonly sats: readonly SatId[];
  /** Clock bias (s): index epoch * sats.length + sat; NaN when missing. */
  readonly clock_s: Float64Array;
}
