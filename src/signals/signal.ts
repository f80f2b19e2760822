// Signals, RINEX 3/4 observation codes and carrier frequencies.
// RINEX 3.05 §5.1 and Table A2-A10; RINEX 4.00 Table 4; BDS-SIS-ICD-B1I-3.0 §3, B1C-1.0, B2a-1.0, B2b-1.0.

import type { GnssSystem, SatId } from "./system.js";

/** A RINEX 3 observation code: type letter (C pseudorange, L phase, D Doppler, S C/N0, X channel) + band + attribute, e.g. "C2I". */
export type ObsCode = string;

const MHz = 1e6;

/** Carrier frequency (Hz) of a system's band digit, for every system but GLONASS FDMA (see glonassFrequency_Hz). */
const BAND_FREQ_HZ: Partial<Record<GnssSystem, Record<string, number>>> = {
  C: {
    "1": 1575.42 * MHz, // B1C (and B1A)
    "2": 1561.098 * MHz, // B1I
    "5": 1176.45 * MHz, // B2a
    "7": 1207.14 * MHz, // B2I, B2b
    "8": 1191.795 * MHz, // B2a+B2b (ACE-BOC)
    "6": 1268.52 * MHz, // B3I (and B3A)
  },
  G: { "1": 1575.42 * MHz, "2": 1227.6 * MHz, "5": 1176.45 * MHz },
  E: { "1": 1575.42 * MHz, "5": 1176.45 * MHz, "7": 1207.14 * MHz, "8": 1191.795 * MHz, "6": 1278.75 * MHz },
  J: { "1": 1575.42 * MHz, "2": 1227.6 * MHz, "5": 1176.45 * MHz, "6": 1278.75 * MHz },
  S: { "1": 1575.42 * MHz, "5": 1176.45 * MHz },
  I: { "5": 1176.45 * MHz, "9": 2492.028 * MHz, "1": 1575.42 * MHz },
  R: { "3": 1202.025 * MHz, "4": 1600.995 * MHz, "6": 1248.06 * MHz },
};

/** GLONASS FDMA carrier (Hz) for band 1 or 2 and frequency channel k (-7..+6). ICD 5.1 §3.3.1.4. */
export function glonassFrequency_Hz(band: "1" | "2", k: number): number {
  return band === "1" ? 1602 * MHz + k * 0.5625 * MHz : 1246 * MHz + k * 0.4375 * MHz;
}

/**
 * Carrier frequency (Hz) of an observation code for a satellite; NaN if unknown (GLONASS FDMA needs `glonassK`).
 */
export function carrierFrequency_Hz(sys: GnssSystem, code: ObsCode, glonassK?: number): number {
  const band = code[1];
  if (sys === "R" && (band === "1" || band === "2")) {
    return glonassK === undefined ? Number.NaN : glonassFrequency_Hz(band, glonassK);
  }
  return BAND_FREQ_HZ[sys]?.[band] ?? Number.NaN;
}

/** Human signal name for a system's band+attribute, e.g. ("C","2I") -> "B1I", ("C","1P") -> "B1C". */
export function signalName(sys: GnssSystem, bandAttr: string): string {
  const b = bandAttr[0];
  const a = bandAttr[1] ?? "";
  switch (sys) {
    case "C":
      if (b === "2") return "B1I";
      if (b === "1") return "DPX".includes(a) ? "B1C" : "B1A";
      if (b === "5") return "B2a";
      if (b === "7") return "DPZ".includes(a) ? "B2b" : "B2I";
      if (b === "8") return "B2ab";
      if (b === "6") return "DPZ".includes(a) ? "B3A" : "B3I";
      break;
    case "G":
      return b === "1"
        ? a === "C"
          ? "L1C/A"
          : a === "W" || a === "P"
            ? "L1P"
            : "L1C"
        : b === "2"
          ? a === "C" || a === "W" || a === "P"
            ? "L2P"
            : "L2C"
          : `L${b}`;
    case "E":
      return { "1": "E1", "5": "E5a", "7": "E5b", "8": "E5", "6": "E6" }[b] ?? `E${b}`;
    case "R":
      if (b === "1" || b === "2") return `G${b}${a === "P" ? " P" : " C/A"}`;
      return { "3": "G3", "4": "G1a", "6": "G2a" }[b] ?? `G${b}`;
    case "J":
      return b === "1" ? (a === "C" ? "L1C/A" : "L1C") : `L${b}`;
    default:
      break;
  }
  return `${sys}${bandAttr}`;
}

/**
 * The RINEX 3.03+ code for an observation written by an older file: RINEX 3.02 wrote BDS B1I as band 1
 * (C1I/L1I/D1I/S1I), later versions as band 2. Other codes pass through.
 */
export function normaliseObsCode(sys: GnssSystem, code: ObsCode, rinexVersion: number): ObsCode {
  if (sys === "C" && rinexVersion < 3.03 && code[1] === "1" && "IQX".includes(code[2] ?? "")) {
    return `${code[0]}2${code[2]}`;
  }
  return code;
}

/**
 * RINEX 2 observation type ("C1", "P2", "L1", "S5", ...) to the RINEX 3 code for a system, following
 * RINEX 3.05 Table A... conventions (C1 -> C1C, P1 -> C1W for GPS / C1P for GLONASS, C2 -> C2C|C2X, ...).
 */
export function rinex2ToRinex3(sys: GnssSystem, type2: string): ObsCode | null {
  const t = type2[0];
  const band = type2[1];
  if (!"CPLDS".includes(t) || !band) return null;
  const kind = t === "P" ? "C" : t;
  let attr: string;
  switch (sys) {
    case "G":
      attr =
        band === "1"
          ? t === "P"
            ? "W"
            : "C"
          : band === "2"
            ? t === "C"
              ? "X"
              : "W"
            : band === "5"
              ? "X"
              : "C";
      if ((t === "L" || t === "D" || t === "S") && band === "1") attr = "C";
      if ((t === "L" || t === "D" || t === "S") && band === "2") attr = "W";
      break;
    case "R":
      attr = t === "P" ? "P" : "C";
      if ((t === "L" || t === "D" || t === "S") && band !== "3") attr = "C";
      break;
    case "E":
      attr = band === "1" ? "X" : band === "5" || band === "7" || band === "8" ? "X" : "X";
      break;
    case "C":
      // RINEX 2.11 "C2"/"L2" for BDS means B1I (band 2 in the RINEX 3.03 convention); band 7 B2I; band 6 B3I.
      attr = "I";
      break;
    case "J":
      attr = band === "1" ? "C" : "X";
      break;
    case "S":
      attr = band === "1" ? "C" : "X";
      break;
    default:
      attr = "X";
  }
  return `${kind}${band}${attr}`;
}

export type { SatId };
