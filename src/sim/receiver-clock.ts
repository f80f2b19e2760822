// The simulated receiver clock: an offset of a few hundred ns, a constant frequency offset (drift) and a
// random walk on top (a TCXO that is neither steered nor perfect), plus a constant per-system bias
// (receiver hardware delay difference between BDS and GPS signals; 0 for GPS, the reference).

import type { Instant } from "../time/instant.js";
import type { Prng } from "./prng.js";

export type SimSystem = "C" | "G";

export interface ReceiverClockTruth {
  /** Epoch tags (GPST, receiver time) the biases below belong to. */
  readonly times: readonly Instant[];
  /** Receiver clock offset (s): receiver time - GPST, at each epoch. */
  readonly bias_s: Float64Array;
  /** Frequency offset (s/s) used for the deterministic part and for the Doppler. */
  readonly drift_sps: number;
  /** Per-system bias (s) added to `bias_s` for that system's pseudoranges and phases. GPS: 0. */
  readonly systemBias_s: Readonly<Record<SimSystem, number>>;
  /** Random-walk intensity (s per sqrt(s)). */
  readonly randomWalk_sprts: number;
}

/** Clock offset (s) that system `sys` sees at epoch index `k`. */
export function systemClock_s(c: ReceiverClockTruth, sys: SimSystem, k: number): number {
  return c.bias_s[k] + c.systemBias_s[sys];
}

export function simulateReceiverClock(
  times: readonly Instant[],
  interval_s: number,
  rng: Prng,
): ReceiverClockTruth {
  const bias0 = rng.between(-300e-9, 300e-9);
  const drift = rng.between(-5e-11, 5e-11);
  const randomWalk = 0.05e-9; // 0.05 ns / sqrt(s): a few ns over an hour
  const isbBds = rng.between(-30e-9, 30e-9);
  const bias = new Float64Array(times.length);
  let walk = 0;
  const step = randomWalk * Math.sqrt(interval_s);
  for (let k = 0; k < times.length; k++) {
    if (k > 0) walk += step * rng.normal();
    bias[k] = bias0 + drift * k * interval_s + walk;
  }
  return {
    times,
    bias_s: bias,
    drift_sps: drift,
    systemBias_s: { C: isbBds, G: 0 },
    randomWalk_sprts: randomWalk,
  };
}
