// Options of relative (RTK / DGNSS) positioning, with beidou's defaults and the RTKLIB settings of the
// reference runs side by side.

import type { PositioningSystem } from "../../signals/system.js";

/** "rtk-kinematic": rover position new each epoch; "rtk-static": one position; "dgnss": code only. */
export type RtkMode = "rtk-kinematic" | "rtk-static" | "dgnss";

/**
 * Integer ambiguity resolution:
 * - "continuous": ambiguities are carried over epochs and fixed each epoch; the fix is not fed back.
 * - "fix-and-hold": as continuous, and a validated fix constrains the float filter (tight pseudo-observations).
 * - "instantaneous": every epoch on its own (ambiguities re-estimated from that epoch only).
 * - "off": float solution only.
 */
export type ArMode = "continuous" | "fix-and-hold" | "instantaneous" | "off";

/**
 * Ionosphere in the double differences:
 * - "off": neglected (short baselines, where it cancels);
 * - "estimate": one single-difference slant delay per satellite, a random walk whose size grows with the
 *   baseline (medium baselines, tens of km);
 * - "auto": "estimate" when the baseline is longer than `ionoAutoBaseline_m`, else "off".
 */
export type RtkIonoMode = "auto" | "off" | "estimate";

export interface RtkOptions {
  readonly mode: RtkMode;
  readonly ar: ArMode;
  readonly systems: readonly PositioningSystem[];
  readonly iono: RtkIonoMode;
  readonly ionoAutoBaseline_m: number;
  /** A priori sigma of a satellite's single-difference slant delay at 1575.42 MHz, per 10 km of baseline (m). */
  readonly ionoInitSigma_m: number;
  /** Its random walk, per 10 km of baseline (m / sqrt(s)). */
  readonly ionoProcessNoise_m: number;
  /**
   * Carrier frequencies per system, in order: each slot lists RINEX band+attribute codes, best first; a
   * satellite uses the first code both receivers observe. Slots differ by carrier frequency.
   */
  readonly frequencies: Readonly<Record<PositioningSystem, readonly (readonly string[])[]>>;
  /** Use at most this many slots per system (RTKLIB "l1+l2" = 2). */
  readonly maxFrequencies: number;
  readonly elevMask_rad: number;
  /** Phase error model sigma^2 = a^2 + b^2 / sin^2(el), undifferenced, per receiver (m). */
  readonly phaseSigmaA_m: number;
  readonly phaseSigmaB_m: number;
  /** Code sigma / phase sigma (RTKLIB eratio). */
  readonly codePhaseRatio: number;
  /** A priori sigma of a newly initialised single-difference ambiguity (cycles). */
  readonly ambInitSigma_cyc: number;
  /** Random-walk process noise of the ambiguities (cycles / sqrt(s)). */
  readonly ambProcessNoise_cyc: number;
  /** A priori sigma of the kinematic rover position each epoch (m). */
  readonly posInitSigma_m: number;
  /** Ratio test threshold (second-best / best squared norm). */
  readonly ratioThreshold: number;
  /** Fewest ambiguities a fix may hold. */
  readonly minFixAmbiguities: number;
  /** Partial ambiguity resolution: drop low-elevation ambiguities until the ratio test passes. */
  readonly partialAr: boolean;
  /** Fix GLONASS ambiguities too (only sound when inter-channel biases are calibrated). */
  readonly glonassAr: boolean;
  /** Base observations older than this are not used (s). */
  readonly maxAge_s: number;
  /** Prefit phase innovations above this are rejected (m). */
  readonly maxInnovation_m: number;
  /** Post-fit phase residual rejection, in sigmas of the double difference. */
  readonly rejectSigmas: number;
  /** Cycle-slip thresholds: geometry-free jump (m), Melbourne-Wubbena jump (wide-lane cycles), Doppler (cycles). */
  readonly slipGf_m: number;
  readonly slipMw_cyc: number;
  readonly slipDoppler_cyc: number;
  /**
   * An ambiguity not observed for longer than this is dropped, and a phase is compared across gaps up to this
   * long (s); never less than five data intervals.
   */
  readonly maxOutage_s: number;
}

const FREQUENCIES: RtkOptions["frequencies"] = {
  // BDS: B1I, B3I, B2I/B2b (same carrier, 1207.14 MHz), B1C, B2a
  C: [
    ["2I", "2Q", "2X"],
    ["6I", "6Q", "6X"],
    ["7I", "7Q", "7X", "7D", "7P", "7Z"],
    ["1P", "1D", "1X"],
    ["5P", "5D", "5X"],
  ],
  G: [
    ["1C", "1W", "1X", "1L", "1S", "1P"],
    ["2W", "2L", "2X", "2S", "2P", "2C"],
    ["5Q", "5X", "5I"],
  ],
  E: [
    ["1C", "1X", "1B"],
    ["5Q", "5X", "5I"],
    ["7Q", "7X", "7I"],
  ],
  R: [
    ["1C", "1P"],
    ["2C", "2P"],
  ],
  J: [
    ["1C", "1X", "1L", "1S"],
    ["2L", "2X", "2S"],
    ["5Q", "5X", "5I"],
  ],
};

export const DEFAULT_RTK_OPTIONS: RtkOptions = {
  mode: "rtk-kinematic",
  ar: "continuous",
  systems: ["C", "G", "E", "R", "J"],
  iono: "auto",
  ionoAutoBaseline_m: 5000,
  ionoInitSigma_m: 0.1,
  ionoProcessNoise_m: 0.002,
  frequencies: FREQUENCIES,
  maxFrequencies: 5,
  elevMask_rad: (15 * Math.PI) / 180,
  phaseSigmaA_m: 0.003,
  phaseSigmaB_m: 0.003,
  codePhaseRatio: 100,
  ambInitSigma_cyc: 30,
  ambProcessNoise_cyc: 1e-4,
  posInitSigma_m: 30,
  ratioThreshold: 3,
  minFixAmbiguities: 4,
  partialAr: true,
  glonassAr: false,
  maxAge_s: 30,
  maxInnovation_m: 30,
  rejectSigmas: 5,
  // a 1/1-cycle slip on B1I/B3I moves the geometry-free combination by lambda_B3I - lambda_B1I = 4.4 cm
  slipGf_m: 0.03,
  slipMw_cyc: 5,
  slipDoppler_cyc: 10,
  maxOutage_s: 5,
};

/** RTKLIB 2.4.3 rnx2rtkp as in the Nagoya reference configurations: L1+L2, 15 deg, ratio 3, no partial AR. */
export const RTKLIB_RTK_OPTIONS: RtkOptions = {
  ...DEFAULT_RTK_OPTIONS,
  maxFrequencies: 2,
  frequencies: {
    ...FREQUENCIES,
    // RTKLIB 2.4.3 frequency 2 of BDS is B2I (band 7)
    C: [FREQUENCIES.C[0], FREQUENCIES.C[2]],
  },
  partialAr: false,
  iono: "off",
  slipGf_m: 0.05,
  slipDoppler_cyc: 0,
};
