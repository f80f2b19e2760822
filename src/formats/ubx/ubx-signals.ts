// u-blox GNSS and signal identifiers -> beidou systems, satellites and RINEX 3 codes.
// u-blox F9 HPG 1.13 Interface Description (UBX-22008968) §1.5.2 "GNSS identifiers", §1.5.3 "Satellite
// numbering", §1.5.4 "Signal identifiers"; u-blox X20 HPG 2.00 Interface Description (protocol 50), same
// sections, which adds B3I, the B1C and B2a data/pilot pairs, Galileo E6 and QZSS L1C/B.
// RINEX codes: RINEX 3.05 Tables A2-A10 (RINEX 4.00 for QZSS L1C/B "1E").
//
// gnssId: 0 GPS, 1 SBAS, 2 Galileo, 3 BeiDou, 4 IMES, 5 QZSS, 6 GLONASS, 7 NavIC.
//
// sigId per gnssId (F9 HPG 1.13 / X20 HPG 2.00; cross-checked with pyubx2 ubxtypes_decodes.SIGID and
// RTKLIB 2.4.3 b34 / demo5 ublox.c ubx_sig()):
//
// | gnssId | sigId | signal          | RINEX | | gnssId | sigId | signal        | RINEX |
// |--------|-------|-----------------|-------| |--------|-------|---------------|-------|
// | 3 BDS  | 0     | B1I D1          | 2I    | | 0 GPS  | 0     | L1C/A         | 1C    |
// | 3 BDS  | 1     | B1I D2 (GEO)    | 2I    | | 0 GPS  | 3     | L2 CL         | 2L    |
// | 3 BDS  | 2     | B2I D1          | 7I    | | 0 GPS  | 4     | L2 CM         | 2S    |
// | 3 BDS  | 3     | B2I D2 (GEO)    | 7I    | | 0 GPS  | 6     | L5 I          | 5I    |
// | 3 BDS  | 4     | B3I D1 (X20)    | 6I    | | 0 GPS  | 7     | L5 Q          | 5Q    |
// | 3 BDS  | 5     | B1C pilot       | 1P    | | 2 GAL  | 0     | E1 C          | 1C    |
// | 3 BDS  | 6     | B1C data (X20)  | 1D    | | 2 GAL  | 1     | E1 B          | 1B    |
// | 3 BDS  | 7     | B2a pilot       | 5P    | | 2 GAL  | 3     | E5a I         | 5I    |
// | 3 BDS  | 8     | B2a data (X20)  | 5D    | | 2 GAL  | 4     | E5a Q         | 5Q    |
// | 3 BDS  | 10    | B3I D2 (X20)    | 6I    | | 2 GAL  | 5     | E5b I         | 7I    |
// | 1 SBAS | 0     | L1C/A           | 1C    | | 2 GAL  | 6     | E5b Q         | 7Q    |
// | 6 GLO  | 0     | L1 OF           | 1C    | | 2 GAL  | 8     | E6 B (X20)    | 6B    |
// | 6 GLO  | 2     | L2 OF           | 2C    | | 2 GAL  | 9     | E6 C (X20)    | 6C    |
// | 7 NavIC| 0     | L5 A            | 5A    | | 2 GAL  | 10    | E6 A (X20)    | 6A    |
// | 5 QZSS | 0     | L1C/A           | 1C    | | 5 QZSS | 5     | L2 CL         | 2L    |
// | 5 QZSS | 1     | L1S             | 1Z    | | 5 QZSS | 8     | L5 I          | 5I    |
// | 5 QZSS | 4     | L2 CM           | 2S    | | 5 QZSS | 9     | L5 Q          | 5Q    |
// | 5 QZSS | 12    | L1C/B (X20)     | 1E    | |        |       |               |       |
//
// Evidence for the X20 BDS numbering in ../shared/data/ubx-bds-logs/gpsd_ublox-x20p.log: its NAV-SIG lists
// sigIds 4, 5 and 7 for every BDS satellite, and only sigId 4 is ever tracked on BDS-2 satellites (C06,
// C12, ...), which transmit B1I, B2I and B3I but neither B1C nor B2a; its RXM-SFRBX words come on sigIds
// 4 (D1 frames: B3I), 6 (B-CNAV1: B1C data) and 8 (B-CNAV2: B2a data).
//
// Satellites: BDS svId 1..63 -> C01..C63; GPS 1..32 -> G01..; Galileo 1..36 -> E01..; GLONASS 1..32 ->
// R01.. (255 = slot not yet known: no satellite); QZSS 1..10 -> J01..J10 (PRN 193..202); SBAS 120..158 ->
// S20..S58; NavIC 1..14 -> I01...

import type { ObsCode } from "../../signals/signal.js";
import type { GnssSystem, SatId } from "../../signals/system.js";

/** u-blox gnssId -> RINEX system letter (undefined for IMES and unknown ids). */
export const UBX_GNSS_SYSTEM: readonly (GnssSystem | undefined)[] = [
  "G",
  "S",
  "E",
  "C",
  undefined,
  "J",
  "R",
  "I",
];

export const UBX_GNSS_NAMES: readonly string[] = [
  "GPS",
  "SBAS",
  "Galileo",
  "BeiDou",
  "IMES",
  "QZSS",
  "GLONASS",
  "NavIC",
];

/** One u-blox signal: its RINEX band+attribute and a readable name. */
export interface UbxSignal {
  readonly gnssId: number;
  readonly sigId: number;
  /** RINEX 3 band + attribute, e.g. "2I". */
  readonly bandAttr: string;
  readonly name: string;
  /** BDS D2 (GEO) navigation message on this signal. */
  readonly bdsD2?: boolean;
}

const S = (gnssId: number, sigId: number, bandAttr: string, name: string, bdsD2 = false): UbxSignal => ({
  gnssId,
  sigId,
  bandAttr,
  name,
  ...(bdsD2 ? { bdsD2 } : {}),
});

/** Every signal in the table above. */
export const UBX_SIGNALS: readonly UbxSignal[] = [
  S(3, 0, "2I", "B1I D1"),
  S(3, 1, "2I", "B1I D2", true),
  S(3, 2, "7I", "B2I D1"),
  S(3, 3, "7I", "B2I D2", true),
  S(3, 4, "6I", "B3I D1"),
  S(3, 10, "6I", "B3I D2", true),
  S(3, 5, "1P", "B1C pilot"),
  S(3, 6, "1D", "B1C data"),
  S(3, 7, "5P", "B2a pilot"),
  S(3, 8, "5D", "B2a data"),
  S(0, 0, "1C", "L1C/A"),
  S(0, 3, "2L", "L2 CL"),
  S(0, 4, "2S", "L2 CM"),
  S(0, 6, "5I", "L5 I"),
  S(0, 7, "5Q", "L5 Q"),
  S(2, 0, "1C", "E1 C"),
  S(2, 1, "1B", "E1 B"),
  S(2, 3, "5I", "E5a I"),
  S(2, 4, "5Q", "E5a Q"),
  S(2, 5, "7I", "E5b I"),
  S(2, 6, "7Q", "E5b Q"),
  S(2, 8, "6B", "E6 B"),
  S(2, 9, "6C", "E6 C"),
  S(2, 10, "6A", "E6 A"),
  S(6, 0, "1C", "L1 OF"),
  S(6, 2, "2C", "L2 OF"),
  S(5, 0, "1C", "L1C/A"),
  S(5, 1, "1Z", "L1S"),
  S(5, 4, "2S", "L2 CM"),
  S(5, 5, "2L", "L2 CL"),
  S(5, 8, "5I", "L5 I"),
  S(5, 9, "5Q", "L5 Q"),
  S(5, 12, "1E", "L1C/B"),
  S(1, 0, "1C", "L1C/A"),
  S(7, 0, "5A", "L5 A"),
];

/** Signal table index by gnssId * 16 + sigId; -1 when unknown. */
const SIGNAL_INDEX = new Int16Array(8 * 16).fill(-1);
UBX_SIGNALS.forEach((s, k) => {
  SIGNAL_INDEX[s.gnssId * 16 + s.sigId] = k;
});

/** The u-blox signal for a gnssId/sigId pair, undefined when beidou does not know it. */
export function ubxSignal(gnssId: number, sigId: number): UbxSignal | undefined {
  if (gnssId > 7 || sigId > 15) return undefined;
  const k = SIGNAL_INDEX[gnssId * 16 + sigId];
  return k < 0 ? undefined : UBX_SIGNALS[k];
}

/** Index of a gnssId/sigId pair in UBX_SIGNALS, -1 when unknown (fast path for bulk decoding). */
export function ubxSignalIndex(gnssId: number, sigId: number): number {
  return gnssId > 7 || sigId > 15 ? -1 : SIGNAL_INDEX[gnssId * 16 + sigId];
}

/**
 * The signal of an RXM-RAWX version 0 measurement (protocol < 27, u-blox M8), which has no sigId:
 * every system's first signal (L1C/A, E1, B1I, G1).
 */
export function ubxDefaultSignalIndex(gnssId: number): number {
  return ubxSignalIndex(gnssId, 0);
}

/** RINEX codes C, L, D, S of a signal, e.g. "2I" -> ["C2I", "L2I", "D2I", "S2I"]. */
export function ubxSignalObsCodes(sig: UbxSignal): readonly [ObsCode, ObsCode, ObsCode, ObsCode] {
  return [`C${sig.bandAttr}`, `L${sig.bandAttr}`, `D${sig.bandAttr}`, `S${sig.bandAttr}`];
}

/** Satellite id strings by gnssId * 256 + svId, made once; "" where there is no satellite. */
const SAT_IDS: string[] = new Array(8 * 256).fill("");
{
  const put = (gnssId: number, from: number, to: number, sys: string, prnOffset: number): void => {
    for (let sv = from; sv <= to; sv++)
      SAT_IDS[gnssId * 256 + sv] = `${sys}${String(sv - prnOffset).padStart(2, "0")}`;
  };
  put(0, 1, 32, "G", 0);
  put(1, 120, 158, "S", 100);
  put(2, 1, 36, "E", 0);
  put(3, 1, 63, "C", 0);
  put(5, 1, 10, "J", 0);
  put(6, 1, 32, "R", 0);
  put(7, 1, 14, "I", 0);
}

/** RINEX satellite id for a u-blox gnssId/svId, or null (unknown GLONASS slot 255, IMES, out of range). */
export function ubxSatId(gnssId: number, svId: number): SatId | null {
  if (gnssId > 7 || svId > 255) return null;
  const s = SAT_IDS[gnssId * 256 + svId];
  return s === "" ? null : s;
}
