// Satellite group delays per signal: the term b (s) such that a pseudorange on that signal, corrected with
// the broadcast clock, is P - c (dt_sv - b), i.e. the satellite clock for the signal is dt_sv - b.
//   GPS/QZSS: IS-GPS-200 §20.3.3.3.3.2 and §30.3.3.3.1.1 (the clock refers to the L1/L2 P(Y) iono-free
//     combination): L1P(Y) b = TGD; L2P(Y) b = gamma TGD, gamma = (f_L1/f_L2)^2; L1 C/A b = TGD - ISC_L1CA;
//     L2C b = TGD - ISC_L2C; IS-GPS-705 §20.3.3.3.1.2: L5 I5/Q5 b = TGD - ISC_L5I5 / TGD - ISC_L5Q5.
//     An ISC that was not broadcast (LNAV) counts as 0 on L1, and L2C falls back to gamma TGD.
//   BDS D1/D2: BDS-SIS-ICD-B1I-3.0 §5.2.4, equipment group delay differential (the clock refers to
//     B3I): dt_B1I = dt - TGD1, dt_B2I = dt - TGD2, so B1I b = TGD1, B2I b = TGD2, B3I b = 0.
//   BDS B-CNAV1/2: BDS-SIS-ICD-B1C-1.0 §7.6.2 and BDS-SIS-ICD-B2a-1.0 (its group delay differential
//     user algorithm; the clock refers to B3I):
//     dt_B1Cp = dt - TGD_B1Cp, dt_B1Cd = dt - (ISC_B1Cd + TGD_B1Cp); dt_B2ap = dt - TGD_B2ap,
//     dt_B2ad = dt - (ISC_B2ad + TGD_B2ap). A combined data+pilot code (X) gets the data value, as
//     RTKLIB does, or the pilot value when the message carries no ISC (the ISC is sub-nanosecond).
//   BDS B-CNAV3: BDS-SIS-ICD-B2b-1.0 (group delay differential): dt_B2bI = dt - TGD_B2bI.
//   Galileo: OS SIS ICD 2.0 §5.1.5: F/NAV clock refers to E1/E5a, I/NAV to E1/E5b;
//     dt_E1 = dt - BGD, dt_E5x = dt - (f_E1/f_E5x)^2 BGD for the message's own pair. Other Galileo signals
//     are reached through the hardware delays both BGDs imply (e.g. E5a from an I/NAV clock:
//     b = BGD_E5b_E1 + ((f1/f5)^2 - 1) BGD_E5a_E1).
//   GLONASS: 0 (the broadcast clock refers to no combination that needs one here).
// NaN when the needed term is absent (e.g. a B1C code with only a D1 ephemeris): the caller decides.

import type { Ephemeris } from "../orbits/ephemeris.js";
import type { ObsCode } from "../signals/signal.js";

const F_L1 = 1575.42e6;
const F_L2 = 1227.6e6;
const F_L5 = 1176.45e6;
const F_E5B = 1207.14e6;

/** Band digit and attribute letter of an observation code ("C2I" -> ["2","I"]; "2I" also accepted). */
function bandAttr(code: ObsCode): [string, string] {
  if (code.length === 2) return [code[0], code[1]];
  return [code[1] ?? "", code[2] ?? ""];
}

function term(gd: Readonly<Record<string, number>>, key: string): number {
  const v = gd[key];
  return typeof v === "number" ? v : Number.NaN;
}

/** A refinement term that may be missing (then taken as 0). */
function orZero(gd: Readonly<Record<string, number>>, key: string): number {
  const v = gd[key];
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function gpsLike(gd: Readonly<Record<string, number>>, band: string, attr: string): number {
  const tgd = term(gd, "TGD");
  const isc = (key: string): number => {
    const v = gd[key];
    return typeof v === "number" && Number.isFinite(v) ? v : Number.NaN;
  };
  switch (band) {
    case "1": {
      if (attr === "C") {
        const i = isc("ISC_L1CA");
        return Number.isNaN(i) ? tgd : tgd - i;
      }
      if (attr === "S" || attr === "L" || attr === "X") {
        const i = isc(attr === "S" ? "ISC_L1Cd" : "ISC_L1Cp");
        return Number.isNaN(i) ? tgd : tgd - i;
      }
      return tgd; // P, W, Y, M, N: L1 P(Y)
    }
    case "2": {
      if (attr === "S" || attr === "L" || attr === "X") {
        const i = isc("ISC_L2C");
        if (!Number.isNaN(i)) return tgd - i;
      }
      return ((F_L1 * F_L1) / (F_L2 * F_L2)) * tgd;
    }
    case "5": {
      // L5 I5 uses ISC_L5I5; Q5 and the combined X use ISC_L5Q5 (the pilot, which receivers track)
      const i = isc(attr === "I" ? "ISC_L5I5" : "ISC_L5Q5");
      return tgd - i;
    }
    default:
      return Number.NaN;
  }
}

function bds(eph: Ephemeris & { kind: "kepler" }, band: string, attr: string): number {
  const gd = eph.groupDelays_s;
  const d1d2 = eph.message === "D1" || eph.message === "D2";
  switch (band) {
    case "6": // B3I (I/Q/X); B3A (D/P/Z) is not an open signal
      return "IQX".includes(attr) ? 0 : Number.NaN;
    case "2": // B1I
      return "IQX".includes(attr) ? term(gd, "TGD1") : Number.NaN;
    case "7":
      if ("IQX".includes(attr)) return term(gd, "TGD2"); // B2I
      if ("DPZ".includes(attr)) return term(gd, "TGD_B2bI"); // B2b
      return Number.NaN;
    case "1": {
      if (d1d2) return Number.NaN;
      const tgd = term(gd, "TGD_B1Cp");
      if (attr === "P") return tgd;
      if (attr === "D") return tgd + term(gd, "ISC_B1Cd");
      if (attr === "X") return tgd + orZero(gd, "ISC_B1Cd");
      return Number.NaN;
    }
    case "5": {
      if (d1d2) return Number.NaN;
      const tgd = term(gd, "TGD_B2ap");
      if (attr === "P") return tgd;
      if (attr === "D") return tgd + term(gd, "ISC_B2ad");
      if (attr === "X") return tgd + orZero(gd, "ISC_B2ad");
      return Number.NaN;
    }
    default:
      return Number.NaN;
  }
}

function galileo(eph: Ephemeris & { kind: "kepler" }, band: string): number {
  const gd = eph.groupDelays_s;
  const bgdA = term(gd, "BGD_E5a_E1");
  const bgdB = term(gd, "BGD_E5b_E1");
  // Hardware delay of the signal relative to E1, from whichever BGD describes it.
  const ga = (F_L1 * F_L1) / (F_L5 * F_L5);
  const gb = (F_L1 * F_L1) / (F_E5B * F_E5B);
  // b of E1 against the message's clock reference
  const fnav = eph.message === "FNAV";
  const bE1 = fnav ? bgdA : bgdB;
  switch (band) {
    case "1":
      return bE1;
    case "5":
      return fnav ? ga * bgdA : bE1 + (ga - 1) * bgdA;
    case "7":
      return fnav ? bE1 + (gb - 1) * bgdB : gb * bgdB;
    default:
      return Number.NaN;
  }
}

/**
 * Satellite group delay b (s) for `code` (a RINEX 3 observation code such as "C2I") under ephemeris `eph`:
 * the corrected pseudorange is P - c (dt_sv - b) where dt_sv is the broadcast clock. NaN when the
 * ephemeris lacks the needed term or the signal has no defined relation to the broadcast clock.
 */
export function satelliteGroupDelay_s(eph: Ephemeris, code: ObsCode): number {
  if (eph.kind === "glonass") return 0;
  const [band, attr] = bandAttr(code);
  switch (eph.sat[0]) {
    case "G":
    case "J":
      return gpsLike(eph.groupDelays_s, band, attr);
    case "C":
      return bds(eph, band, attr);
    case "E":
      return galileo(eph, band);
    default:
      return Number.NaN;
  }
}
