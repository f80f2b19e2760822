// MSM systems, satellite ids and signal ids -> RINEX 3 band+attribute, RTCM 10403.3 §3.5.12.6
// Tables 3.5-91 (GPS), 3.5-96 (GLONASS), 3.5-99 (Galileo), 3.5-102 (SBAS), 3.5-105 (QZSS),
// 3.5-108 (BDS, with the BDS-3 rows of the later amendment: B2a 22-24, B2b 25, B1C 30-32) and 3.5-108.3
// (NavIC). Cross-checked with RTKLIB demo5 rtcm3.c (msm_sig_*) and pyrtcm rtcmtables.py; RTKLIB 2.4.3
// still carries the pre-amendment BDS table and drops the BDS-3 ids.

import type { GnssSystem, SatId } from "../../signals/system.js";

/** Systems carried by MSM, with the message number base (MSMn is base + n). */
export const MSM_BASE: Readonly<Record<MsmSystem, number>> = {
  G: 1070,
  R: 1080,
  E: 1090,
  S: 1100,
  J: 1110,
  C: 1120,
  I: 1130,
};

export type MsmSystem = Extract<GnssSystem, "G" | "R" | "E" | "S" | "J" | "C" | "I">;

const SYSTEM_BY_BASE: ReadonlyMap<number, MsmSystem> = new Map(
  (Object.entries(MSM_BASE) as [MsmSystem, number][]).map(([s, b]) => [b, s]),
);

/** System and MSM number (1-7) of a message number, or undefined when it is not an MSM. */
export function msmKind(type: number): { system: MsmSystem; msm: number } | undefined {
  const msm = type % 10;
  const system = SYSTEM_BY_BASE.get(type - msm);
  if (!system || msm < 1 || msm > 7) return undefined;
  return { system, msm };
}

type SignalTable = readonly (string | null)[];

/** Build a 33-entry table indexed by signal id 1..32 from {id: "band+attribute"}. */
function table(entries: Record<number, string>): SignalTable {
  const t: (string | null)[] = new Array(33).fill(null);
  for (const [id, code] of Object.entries(entries)) t[Number(id)] = code;
  return t;
}

const SIGNALS: Readonly<Record<MsmSystem, SignalTable>> = {
  // Table 3.5-91
  G: table({
    2: "1C",
    3: "1P",
    4: "1W",
    8: "2C",
    9: "2P",
    10: "2W",
    15: "2S",
    16: "2L",
    17: "2X",
    22: "5I",
    23: "5Q",
    24: "5X",
    30: "1S",
    31: "1L",
    32: "1X",
  }),
  // Table 3.5-96
  R: table({ 2: "1C", 3: "1P", 8: "2C", 9: "2P" }),
  // Table 3.5-99
  E: table({
    2: "1C",
    3: "1A",
    4: "1B",
    5: "1X",
    6: "1Z",
    8: "6C",
    9: "6A",
    10: "6B",
    11: "6X",
    12: "6Z",
    14: "7I",
    15: "7Q",
    16: "7X",
    18: "8I",
    19: "8Q",
    20: "8X",
    22: "5I",
    23: "5Q",
    24: "5X",
  }),
  // Table 3.5-102
  S: table({ 2: "1C", 22: "5I", 23: "5Q", 24: "5X" }),
  // Table 3.5-105
  J: table({
    2: "1C",
    9: "6S",
    10: "6L",
    11: "6X",
    15: "2S",
    16: "2L",
    17: "2X",
    22: "5I",
    23: "5Q",
    24: "5X",
    30: "1S",
    31: "1L",
    32: "1X",
  }),
  // Table 3.5-108 and the BDS-3 amendment: B1I 2-4, B3I 8-10, B2I 14-16, B2a 22-24, B2b 25, B1C 30-32
  C: table({
    2: "2I",
    3: "2Q",
    4: "2X",
    8: "6I",
    9: "6Q",
    10: "6X",
    14: "7I",
    15: "7Q",
    16: "7X",
    22: "5D",
    23: "5P",
    24: "5X",
    25: "7D",
    30: "1D",
    31: "1P",
    32: "1X",
  }),
  // Table 3.5-108.3
  I: table({ 22: "5A" }),
};

/** RINEX 3 band+attribute ("2I", "1P", ...) of an MSM signal id (1..32), or null when reserved. */
export function msmSignalCode(sys: MsmSystem, signalId: number): string | null {
  return SIGNALS[sys][signalId] ?? null;
}

const ID_BY_CODE: Readonly<Record<MsmSystem, ReadonlyMap<string, number>>> = Object.fromEntries(
  (Object.keys(SIGNALS) as MsmSystem[]).map((s) => [
    s,
    new Map(SIGNALS[s].flatMap((code, id) => (code === null ? [] : [[code, id] as [string, number]]))),
  ]),
) as unknown as Record<MsmSystem, ReadonlyMap<string, number>>;

/** MSM signal id of a RINEX band+attribute for a system, or undefined when MSM cannot carry it. */
export function msmSignalId(sys: MsmSystem, bandAttr: string): number | undefined {
  return ID_BY_CODE[sys].get(bandAttr);
}

/** Every band+attribute a system's MSM can carry, in signal-id order. */
export function msmSignalCodes(sys: MsmSystem): readonly string[] {
  return SIGNALS[sys].filter((c): c is string => c !== null);
}

/** PRN offset of satellite-mask bit 1: QZSS 193 (J01), SBAS 120 (S20); 1 for the others. */
const SAT_IDS: Readonly<Record<MsmSystem, readonly (SatId | null)[]>> = (() => {
  const out = {} as Record<MsmSystem, (SatId | null)[]>;
  for (const s of Object.keys(MSM_BASE) as MsmSystem[]) {
    const ids: (SatId | null)[] = [null];
    for (let j = 1; j <= 64; j++) {
      // RINEX numbers: QZSS J01 = PRN 193 = mask bit 1; SBAS S20 = PRN 120 = mask bit 1
      const n = s === "S" ? j + 19 : j;
      ids.push(n <= 99 ? `${s}${String(n).padStart(2, "0")}` : null);
    }
    out[s] = ids;
  }
  return out;
})();

/** Satellite of satellite-mask bit `j` (1..64), or null when it has no RINEX number. */
export function msmSatId(sys: MsmSystem, j: number): SatId | null {
  return SAT_IDS[sys][j] ?? null;
}

/** Satellite-mask bit (1..64) of a satellite, or undefined when MSM cannot carry it. */
export function msmSatBit(sat: SatId): number | undefined {
  const sys = sat[0] as MsmSystem;
  if (!(sys in MSM_BASE)) return undefined;
  const n = Number(sat.slice(1));
  const j = sys === "S" ? n - 19 : n;
  return j >= 1 && j <= 64 ? j : undefined;
}

export function isMsmSystem(s: string): s is MsmSystem {
  return s in MSM_BASE;
}
