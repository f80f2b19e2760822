// NMEA 0183 v4.11 talker identifiers for GNSS receivers and the NMEA 4.10/4.11 "GNSS System ID" field
// (GSA field 18, GSV after the satellite blocks is the signal id, GNS/GRS/GBS): 1 GPS, 2 GLONASS,
// 3 Galileo, 4 BDS, 5 QZSS, 6 NavIC. BeiDou has two talkers: `GB` (NMEA 4.10+) and `BD` (the Chinese
// standard "Technical Specification of Communication Protocol for BDS Compatible Positioning Module",
// used by SiRF-TriG, Quectel/CASIC); both mean BDS. `GN` is a combined (multi-system) solution.

import type { GnssSystem } from "../../signals/system.js";

/** System of a talker id; undefined for GN (combined) and for talkers that are not a single GNSS. */
export function talkerSystem(talker: string): GnssSystem | undefined {
  switch (talker) {
    case "GB":
    case "BD":
      return "C";
    case "GP":
      return "G";
    case "GA":
      return "E";
    case "GL":
      return "R";
    case "GQ":
    case "QZ": // pre-4.11 QZSS talker seen on some receivers
      return "J";
    case "GI":
      return "I";
    default:
      return undefined;
  }
}

/** NMEA 4.10/4.11 GNSS System ID -> system (1..6); undefined for anything else. */
export function systemOfSystemId(id: number): GnssSystem | undefined {
  switch (id) {
    case 1:
      return "G";
    case 2:
      return "R";
    case 3:
      return "E";
    case 4:
      return "C";
    case 5:
      return "J";
    case 6:
      return "I";
    default:
      return undefined;
  }
}

/** System -> NMEA 4.11 GNSS System ID (SBAS has none: it is reported under GPS, id 1). */
export function systemIdOf(sys: GnssSystem): number {
  switch (sys) {
    case "G":
    case "S":
      return 1;
    case "R":
      return 2;
    case "E":
      return 3;
    case "C":
      return 4;
    case "J":
      return 5;
    case "I":
      return 6;
  }
}
