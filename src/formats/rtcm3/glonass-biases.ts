// GLONASS L1 and L2 code-phase biases, RTCM 10403.3 §3.5.13 message 1230 (Table 3.5-116): DF421 alignment
// indicator, DF422 FDMA signal mask (MSB first: L1 C/A, L1 P, L2 C/A, L2 P), then one DF423-DF426 bias
// (16-bit signed, 0.02 m) per signal in the mask.

import { getBitsS, getBitsU } from "./bit-fields.js";

export interface GlonassBiasesMessage {
  readonly kind: "glonass-biases";
  readonly type: 1230;
  readonly stationId: number;
  /** DF421: 0 = observations are not aligned (biases not applied), 1 = aligned. */
  readonly aligned: boolean;
  /** Code-phase bias (m) keyed by RINEX code: "C1C", "C1P", "C2C", "C2P"; only signals in the mask. */
  readonly biases_m: Readonly<Record<string, number>>;
}

const SIGNALS = ["C1C", "C1P", "C2C", "C2P"] as const;

export function decodeGlonassBiases(buf: Uint8Array, lenBytes: number): GlonassBiasesMessage | string {
  const endBit = 24 + lenBytes * 8;
  if (36 + 20 > endBit) return "message shorter than the 1230 header";
  const stationId = getBitsU(buf, 36, 12);
  const aligned = getBitsU(buf, 48, 1) === 1;
  const mask = getBitsU(buf, 52, 4);
  let i = 56;
  const biases_m: Record<string, number> = {};
  for (let k = 0; k < 4; k++) {
    if (!((mask >> (3 - k)) & 1)) continue;
    if (i + 16 > endBit) return "message shorter than its bias mask";
    biases_m[SIGNALS[k]] = getBitsS(buf, i, 16) * 0.02;
    i += 16;
  }
  return { kind: "glonass-biases", type: 1230, stationId, aligned, biases_m };
}
