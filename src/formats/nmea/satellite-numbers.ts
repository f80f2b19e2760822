// Satellite numbers in NMEA 0183 GSA/GSV/GRS/GBS -> SatId. NMEA 0183 v4.11 numbers GPS 1-32, SBAS 33-64
// (PRN - 87) and GLONASS 65-96 (slot + 64); other systems number their satellites from 1 inside their own
// talker or GNSS System ID (Galileo 1-36, BDS 1-63, QZSS 1-10, NavIC 1-14). Receivers before 4.11 used
// extended ranges instead, which gpsd (driver_nmea0183.c, nmeaid_to_prn) collects:
//
//   BDS      1-63 under GB/BD or system id 4 (NMEA 4.11, u-blox, Unicore, Quectel/CASIC $BDGSV)
//            201-263 (SiRF-TriG `$GBGSV,…,201,…`, `$GNGSA,…,201`; Skytraq `$BDGSV,…,214`; Quectel)
//            401-463 (gpsd's own numbering; u-blox "extended" NMEA, Jackson Labs)
//   Galileo  1-36 under GA/system id 3; 301-336 (extended); 101-136 (Quectel quirk, only under GA/id 3)
//   QZSS     1-10 under GQ/system id 5; 193-202 (PRN) there, and 193-200 (J01-J08) under GP, GN or
//            system id 1 (u-blox 4.10), where 201 and up are BDS (gpsd likewise stops QZSS at 199)
//   SBAS     33-64 (NMEA, = PRN - 87) and 120-158 (PRN)
//   GLONASS  65-96 (slot + 64); 1-32 only under GL or system id 2
//
// gpsd stops BDS at 437 (C37); BDS-3 now uses PRNs up to C62, so every BDS range here runs to 63.
// Numbers that fit none of these give null (the caller keeps the raw number).

import type { GnssSystem, SatId } from "../../signals/system.js";

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function bds(n: number): SatId | null {
  if (n >= 1 && n <= 63) return `C${pad2(n)}`;
  if (n >= 201 && n <= 263) return `C${pad2(n - 200)}`;
  if (n >= 401 && n <= 463) return `C${pad2(n - 400)}`;
  return null;
}

function galileo(n: number): SatId | null {
  if (n >= 1 && n <= 36) return `E${pad2(n)}`;
  if (n >= 101 && n <= 136) return `E${pad2(n - 100)}`;
  if (n >= 301 && n <= 336) return `E${pad2(n - 300)}`;
  return null;
}

function glonass(n: number): SatId | null {
  if (n >= 65 && n <= 96) return `R${pad2(n - 64)}`;
  if (n >= 1 && n <= 32) return `R${pad2(n)}`;
  return null;
}

function qzss(n: number): SatId | null {
  if (n >= 1 && n <= 10) return `J${pad2(n)}`;
  if (n >= 193 && n <= 202) return `J${pad2(n - 192)}`;
  return null;
}

/** The NMEA 2.x-4.0 shared number space (GP/GN talkers, system id 1, or no hint). */
function shared(n: number): SatId | null {
  if (n >= 1 && n <= 32) return `G${pad2(n)}`;
  if (n >= 33 && n <= 64) return `S${pad2(n + 87 - 100)}`;
  if (n >= 65 && n <= 96) return `R${pad2(n - 64)}`;
  if (n >= 120 && n <= 158) return `S${pad2(n - 100)}`;
  // 201-202 would be QZSS J09-J10 by PRN, but BDS 201-263 (SiRF) needs them: QZSS stops at 200 (J08) here
  if (n >= 193 && n <= 200) return `J${pad2(n - 192)}`;
  if (n >= 201 && n <= 263) return `C${pad2(n - 200)}`;
  if (n >= 301 && n <= 336) return `E${pad2(n - 300)}`;
  if (n >= 401 && n <= 463) return `C${pad2(n - 400)}`;
  return null;
}

/**
 * SatId of an NMEA satellite number. `system` is the system named by the GNSS System ID field when there is
 * one, else by a single-system talker (GB/BD, GA, GL, GQ, GI); undefined for GN/GP-style shared numbering.
 */
export function nmeaSatId(n: number, system: GnssSystem | undefined): SatId | null {
  if (!Number.isInteger(n) || n <= 0) return null;
  switch (system) {
    case "C":
      return bds(n);
    case "E":
      return galileo(n);
    case "R":
      return glonass(n);
    case "J":
      return qzss(n);
    case "I":
      return n <= 14 ? `I${pad2(n)}` : null;
    default:
      // GPS system id / GP talker still carries SBAS (33-64) and, on u-blox, QZSS (193-202)
      return shared(n);
  }
}
