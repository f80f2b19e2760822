// NMEA 0183 v4.11 Signal ID (the field after the satellite blocks of GSV, and in GRS/GBS), per GNSS System
// ID. Sources: the NMEA 4.11 table as reproduced by u-blox (F9 interface descriptions, "NMEA signal
// identifiers") and pynmeagps (nmeatypes_decodes.py, SIGNALID), gpsd driver_nmea0183.c (processGSV
// comment); checked against the logs in ../shared/data/nmea-bds-logs: Unicore UM98x sends BDS 1 (B1I, all
// satellites), 8 (B3I, all satellites) and B (B2I, BDS-2 satellites only), UM621 BDS 1 and 5 (B2a,
// BDS-3 only), u-blox F9R BDS 1 and B; u-blox NEO-M9N (single band) Galileo 7 (E1), F9R Galileo 2
// (E5b), UM621 Galileo 1 (E5a) and GPS 8 (L5). `confirmed: true` marks these pairings (the satellites that
// carry each id fit the signal); the others come from the table alone.
//
// BDS ambiguity: receivers in NMEA 4.10 mode (u-blox "NMEA 4.10", gpsd's comment "3 = BeiDou B2I") send
// B2I as 3, which NMEA 4.11 gives to B1C. Pass `nmeaVersion: "4.10"` to read 3 as B2I.
// Signal 0 means "all signals" (u-blox lists satellites in view but not tracked under 0).

import type { GnssSystem } from "../../signals/system.js";

export interface NmeaSignal {
  /** Signal name as the system's ICD writes it, e.g. "B1I", "B2a", "L1 C/A", "E5b". */
  readonly name: string;
  /** RINEX 3 band + attribute of the closest observation code, e.g. "2I"; "" when there is none. */
  readonly rinex: string;
  /** Seen in a real receiver log here (see file header), rather than only in the table. */
  readonly confirmed: boolean;
}

const s = (name: string, rinex: string, confirmed = false): NmeaSignal => ({ name, rinex, confirmed });

/** NMEA 4.11 signal tables (index = signal id, 0x0..0xF). */
const TABLE: Partial<Record<GnssSystem, Record<number, NmeaSignal>>> = {
  C: {
    1: s("B1I", "2I", true),
    2: s("B1Q", "2Q"),
    3: s("B1C", "1X"),
    4: s("B1A", "1A"),
    5: s("B2a", "5X", true),
    6: s("B2b", "7D"),
    7: s("B2a+b", "8X"),
    8: s("B3I", "6I", true),
    9: s("B3Q", "6Q"),
    10: s("B3A", "6A"),
    11: s("B2I", "7I", true),
    12: s("B2Q", "7Q"),
  },
  G: {
    1: s("L1 C/A", "1C", true),
    2: s("L1 P(Y)", "1W"),
    3: s("L1 M", "1M"),
    4: s("L2 P(Y)", "2W"),
    5: s("L2C-M", "2S"),
    6: s("L2C-L", "2L"),
    7: s("L5-I", "5I"),
    8: s("L5-Q", "5Q", true),
  },
  R: {
    1: s("G1 C/A", "1C", true),
    2: s("G1 P", "1P"),
    3: s("G2 C/A", "2C"),
    4: s("G2 P", "2P"),
  },
  E: {
    1: s("E5a", "5X", true),
    2: s("E5b", "7X", true),
    3: s("E5 AltBOC", "8X"),
    4: s("E6-A", "6A"),
    5: s("E6-BC", "6X"),
    6: s("E1-A", "1A"),
    7: s("E1-BC", "1X", true),
  },
  J: {
    1: s("L1 C/A", "1C", true),
    2: s("L1C(D)", "1S"),
    3: s("L1C(P)", "1L"),
    4: s("L1S", "1Z"),
    5: s("L2C-M", "2S"),
    6: s("L2C-L", "2L"),
    7: s("L5-I", "5I"),
    8: s("L5-Q", "5Q"),
    9: s("L6D", "6S"),
    10: s("L6E", "6E"),
  },
  I: {
    1: s("L5-SPS", "5A"),
    2: s("S-SPS", "9A"),
    3: s("L5-RS", "5B"),
    4: s("S-RS", "9B"),
    5: s("L1-SPS", "1D"),
  },
};

const B2I_410 = s("B2I", "7I");

/** NMEA signal table version: "4.11" (default) or "4.10" (BDS signal 3 read as B2I). */
export type NmeaSignalTable = "4.11" | "4.10";

/** The signal an NMEA signal id names for a system; undefined for 0 (all signals) and unknown ids. */
export function nmeaSignal(
  system: GnssSystem | undefined,
  signalId: number,
  table: NmeaSignalTable = "4.11",
): NmeaSignal | undefined {
  if (system === undefined) return undefined;
  if (table === "4.10" && system === "C" && signalId === 3) return B2I_410;
  return TABLE[system === "S" ? "G" : system]?.[signalId];
}
