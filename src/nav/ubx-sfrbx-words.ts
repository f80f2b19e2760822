// u-blox UBX-RXM-SFRBX records -> NavWords: u-blox F9 HPG 1.13 / X20 HPG 2.00 Interface Description §3.11
// "Broadcast navigation data", with the word packing each system decoder expects (checked on the logs in
// ../shared/data/ubx-bds-logs, and as RTKLIB demo5 ublox.c reads them):
//   BDS D1/D2: 10 words, 30 bits right-aligned, BCH-decoded and de-interleaved (ICD order, parity kept).
//   BDS B-CNAV1 (B1C data): 3 words = subframe 1 as its 72 BCH symbols; 19 words = subframe 2 (600 bits,
//     CRC included, then 8 further bits); 9 words = subframe 3 (264 bits, then 24 further bits).
//   BDS B-CNAV2 (B2a data): 9 words = the 288-bit message (PRN .. CRC), preamble and LDPC removed.
//   GPS/QZSS LNAV: 10 words, bits 29..6 data (polarity already removed), 5..0 parity as sent, and bits
//     31..30 the last two bits D29*, D30* of the previous word that the parity needs.
//   Galileo I/NAV (E1-B, E5b-I): 8 words = even page part (bits 0-119 of words 0-3) and odd page part
//     (bits 0-119 of words 4-7) of one page pair, tail bits included.

import { UbxFramer } from "../formats/ubx/ubx-framer.js";
import { decodeUbx, type UbxSfrbx } from "../formats/ubx/ubx-messages.js";
import { UBX_GNSS_SYSTEM, ubxSignal } from "../formats/ubx/ubx-signals.js";
import type { GnssSystem } from "../signals/system.js";
import type { NavWords } from "./nav-data.js";

/** beidou's name of a signal from its RINEX band+attribute, e.g. ("C","6I") -> "B3I", ("E","7I") -> "E5bI". */
export function navSignalName(system: GnssSystem, bandAttr: string): string {
  const band = bandAttr[0];
  const attr = bandAttr[1] ?? "";
  switch (system) {
    case "C":
      return (
        ({ "2": "B1I", "7": "B2I", "6": "B3I", "1": "B1C", "5": "B2a" } as Record<string, string>)[band] ??
        `C${bandAttr}`
      );
    case "G":
    case "J":
      if (bandAttr === "1C") return "L1CA";
      if (band === "2") return attr === "S" ? "L2CM" : "L2CL";
      if (band === "5") return `L5${attr}`;
      if (bandAttr === "1Z") return "L1S";
      return `L${bandAttr}`;
    case "E":
      if (band === "1") return `E1${attr}`;
      if (band === "5") return `E5a${attr}`;
      if (band === "7") return `E5b${attr}`;
      if (band === "6") return `E6${attr}`;
      return `E${bandAttr}`;
    case "R":
      return `G${band}`;
    default:
      return `${system}${bandAttr}`;
  }
}

/** The words of an RXM-SFRBX record with their system, PRN and signal; null for unknown systems/signals. */
export function navWordsFromUbxSfrbx(rec: UbxSfrbx): NavWords | null {
  const system = UBX_GNSS_SYSTEM[rec.gnssId];
  if (!system) return null;
  // version-1 messages (M8) carry no sigId: 0 = each system's first signal
  const sig = ubxSignal(rec.gnssId, rec.sigId);
  if (!sig) return null;
  let prn = rec.svId;
  if (system === "J" && prn >= 193) prn -= 192;
  return { system, prn, signal: navSignalName(system, sig.bandAttr), words: rec.words, offset: rec.offset };
}

/** Every RXM-SFRBX record of a UBX byte stream (other messages and garbage skipped), as NavWords. */
export function navWordsFromUbxBytes(bytes: Uint8Array): NavWords[] {
  const framer = new UbxFramer();
  const out: NavWords[] = [];
  for (const frame of [...framer.push(bytes), ...framer.finish()]) {
    const msg = decodeUbx(frame);
    if (msg.kind !== "RXM-SFRBX") continue;
    const w = navWordsFromUbxSfrbx(msg);
    if (w) out.push(w);
  }
  return out;
}
