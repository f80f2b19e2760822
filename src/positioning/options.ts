// Options of the single-point solver, with beidou's defaults and RTKLIB's, side by side.

import type { PositioningSystem } from "../signals/system.js";

/**
 * Ionosphere handling.
 * - "broadcast": each system's own broadcast model on single-frequency code: BDGIM where a RINEX 4 file carries
 *   it, else BDS Klobuchar (BDSA/BDSB) for BDS, GPS Klobuchar for the others (and for BDS when no BDS
 *   parameters were broadcast).
 * - "klobuchar-gps": GPS Klobuchar parameters for every system, as RTKLIB does.
 * - "iono-free": dual-frequency ionosphere-free code (satellites without two frequencies are dropped).
 * - "none".
 */
export type IonoMode = "broadcast" | "klobuchar-gps" | "iono-free" | "none";
export type TropoMode = "niell" | "saastamoinen" | "none";
/** "beidou": proper elevation weighting with model errors; "rtklib": RTKLIB 2.4.3 varerr() exactly. */
export type WeightMode = "beidou" | "rtklib";

export interface SppOptions {
  readonly systems: readonly PositioningSystem[];
  /** Preferred signals (band + attribute, e.g. "2I") per system for the first frequency, best first. */
  readonly signals: Readonly<Record<PositioningSystem, readonly string[]>>;
  /** Second-frequency signals per system for ionosphere-free combinations, best first. */
  readonly secondSignals: Readonly<Record<PositioningSystem, readonly string[]>>;
  readonly elevMask_rad: number;
  readonly iono: IonoMode;
  readonly tropo: TropoMode;
  /**
   * With "broadcast": satellites observed on two frequencies switch to the ionosphere-free combination when the
   * broadcast model's vertical delay (at their pierce point, on their first signal) exceeds this (m), i.e. where
   * the model's error (about half the delay) outweighs the combination's noise and bias. Infinity disables.
   */
  readonly ionoFreeAbove_m: number;
  readonly weights: WeightMode;
  /** Estimate a receiver clock for BDS-3 apart from BDS-2 (an inter-generation code bias). */
  readonly separateBds3Clock: boolean;
  /** Prior sigma (m) of the BDS-3 minus BDS-2 receiver clock difference; 0 leaves it free. */
  readonly bds3ClockPrior_m: number;
  /** Reject solutions whose weighted residuals fail the chi-square test (as RTKLIB valsol). */
  readonly chiSquareTest: boolean;
  /** Exclude faulty satellites (one at a time) while the chi-square test fails, instead of rejecting the epoch. */
  readonly fde: boolean;
  readonly maxExclusions: number;
  /** False-alarm probability of the chi-square test a solution must pass after exclusions. */
  readonly fdeAlpha: number;
  /** Redundancy (observations minus unknowns) a solution must keep after exclusions. */
  readonly fdeMinRedundancy: number;
  readonly maxGdop: number;
  /**
   * Carrier smoothing (Hatch filter) of the code: at most this many epochs for ionosphere-free pairs (no
   * divergence), and over at most `smoothingSingle_s` for single-frequency code (the code-carrier divergence
   * grows as twice the ionospheric rate). 0 disables.
   */
  readonly smoothingWindow: number;
  readonly smoothingSingle_s: number;
  /** Estimate velocity from Doppler. */
  readonly velocity: boolean;
  /** Use broadcast URA in the weights. */
  readonly useUra: boolean;
}

const BDS_FIRST_SIGNALS: SppOptions["signals"] = {
  C: ["2I", "2Q", "2X", "1P", "1D", "1X", "6I", "6Q", "6X", "5P", "5D", "5X", "7I", "7Q", "7X", "7D", "7Z"],
  G: ["1C", "1W", "1P", "1X", "1L", "1S", "2W", "2L", "2X", "5Q", "5X"],
  E: ["1C", "1X", "1B", "5Q", "5X", "7Q", "7X"],
  R: ["1C", "1P", "2C", "2P"],
  J: ["1C", "1X", "1L", "1S", "2L", "2X", "5Q", "5X"],
};

const SECOND_SIGNALS: SppOptions["secondSignals"] = {
  // BDS: B3I first (the D1/D2 clock reference, so B1I+B3I needs only TGD1), then B2I, then B2a.
  C: ["6I", "6Q", "6X", "7I", "7Q", "7X", "5P", "5D", "5X"],
  G: ["2W", "2P", "2L", "2X", "2S", "5Q", "5X"],
  E: ["5Q", "5X", "5I", "7Q", "7X"],
  R: ["2C", "2P"],
  J: ["2L", "2X", "2S", "5Q", "5X"],
};

export const DEFAULT_SPP_OPTIONS: SppOptions = {
  systems: ["C", "G", "E", "R", "J"],
  signals: BDS_FIRST_SIGNALS,
  secondSignals: SECOND_SIGNALS,
  elevMask_rad: (10 * Math.PI) / 180,
  iono: "broadcast",
  tropo: "saastamoinen",
  ionoFreeAbove_m: 2.5,
  weights: "beidou",
  separateBds3Clock: true,
  bds3ClockPrior_m: 1,
  chiSquareTest: true,
  fde: true,
  maxExclusions: 1,
  fdeAlpha: 0.2,
  fdeMinRedundancy: 3,
  maxGdop: 30,
  smoothingWindow: 300,
  smoothingSingle_s: 100,
  velocity: true,
  useUra: true,
};

/** RTKLIB 2.4.3 rnx2rtkp single mode as configured in the reference .conf files (l1, brdc, saas, 10 deg). */
export const RTKLIB_SPP_OPTIONS: SppOptions = {
  ...DEFAULT_SPP_OPTIONS,
  signals: {
    C: ["2I", "2Q", "2X"],
    G: ["1C", "1P", "1Y", "1W", "1M", "1N", "1S", "1L"],
    E: ["1C", "1A", "1B", "1X", "1Z"],
    R: ["1C", "1P"],
    J: ["1C", "1L", "1S", "1X", "1Z"],
  },
  iono: "klobuchar-gps",
  tropo: "saastamoinen",
  weights: "rtklib",
  separateBds3Clock: false,
  chiSquareTest: true,
  fde: false,
  smoothingWindow: 0,
  useUra: true,
};
