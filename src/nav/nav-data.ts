// What navigation-message decoding takes in (raw words of one subframe/page/frame as a receiver delivers
// them) and gives out (ephemerides, ionospheric and time-offset parameters as they complete), plus the
// counters and issues every per-system decoder shares.

import type { DecodeIssue, IssueCode } from "../core/errors.js";
import type { IonoParameters, KeplerEphemeris, TimeOffsetParameters } from "../orbits/ephemeris.js";
import type { GnssSystem, SatId } from "../signals/system.js";

/**
 * Raw navigation words of one satellite and signal, as u-blox RXM-SFRBX delivers them (see
 * ubx-sfrbx-words.ts for the packing of each system; Android's GnssNavigationMessage will map here later).
 */
export interface NavWords {
  readonly system: GnssSystem;
  readonly prn: number;
  /** Signal the words were demodulated from: "B1I", "B2I", "B3I", "B1C", "B2a", "L1CA", "E1B", "E5bI", ... */
  readonly signal: string;
  readonly words: Uint32Array;
  /** Byte offset of the record in its stream (for issues). */
  readonly offset?: number;
}

/** Something a navigation message completed. */
export type NavProduct =
  | {
      readonly kind: "ephemeris";
      readonly ephemeris: KeplerEphemeris;
      readonly signal: string;
      readonly offset?: number;
    }
  | {
      readonly kind: "iono";
      readonly iono: IonoParameters;
      readonly signal: string;
      readonly offset?: number;
    }
  | {
      readonly kind: "time-offset";
      readonly timeOffset: TimeOffsetParameters;
      /** Leap seconds (s) broadcast with a UTC offset (delta t_LS), when the message carries them. */
      readonly leapSeconds?: number;
      readonly sat: SatId;
      readonly signal: string;
      readonly offset?: number;
    };

/** Counts of what was decoded and what was thrown away. */
export interface NavDecodeStats {
  /** Word records pushed. */
  records: number;
  /** Records of signals or messages not decoded (GLONASS, GPS CNAV, Galileo F/NAV, ...). */
  unsupported: number;
  /** Records dropped because a word failed its parity (GPS) or BCH check (BDS D1/D2, detect mode). */
  parityErrors: number;
  /** BDS BCH(15,11) codewords corrected (correct mode). */
  bchCorrected: number;
  /** Pages or frames whose CRC-24Q failed (Galileo I/NAV, B-CNAV1, B-CNAV2). */
  crcErrors: number;
  /** Records of the wrong length, preamble, subframe/page/message id or even/odd order. */
  malformed: number;
  /** Complete sets that failed a consistency check (toc != toe, times out of sequence, implausible orbit). */
  rejected: number;
  /** Products emitted, keyed "C:D1", "C:D2", "C:CNV1", "C:CNV2", "G:LNAV", "E:INAV", "iono:C", "utc:BDUT", ... */
  products: Record<string, number>;
}

export const newNavDecodeStats = (): NavDecodeStats => ({
  records: 0,
  unsupported: 0,
  parityErrors: 0,
  bchCorrected: 0,
  crcErrors: 0,
  malformed: 0,
  rejected: 0,
  products: {},
});

/** Shared state of one decoding session: counters, issues, and the GPS week known from full-week messages. */
export class NavContext {
  readonly stats: NavDecodeStats = newNavDecodeStats();
  readonly issues: DecodeIssue[] = [];
  /** Issues kept at most (counting goes on in `stats`). */
  readonly maxIssues: number;
  readonly file?: string;
  /** Latest full GPS week seen (from BDS 13-bit or CNAV weeks), or the one the caller gave. */
  gpsWeek?: number;

  constructor(opts: { maxIssues?: number; file?: string; referenceGpsWeek?: number } = {}) {
    this.maxIssues = opts.maxIssues ?? 200;
    this.file = opts.file;
    this.gpsWeek = opts.referenceGpsWeek;
  }

  report(code: IssueCode, message: string, offset?: number): void {
    if (this.issues.length >= this.maxIssues) return;
    this.issues.push({ code, message, byteOffset: offset, file: this.file });
  }

  count(key: string): void {
    this.stats.products[key] = (this.stats.products[key] ?? 0) + 1;
  }
}

/** "C05" from system and PRN. */
export const satIdOf = (system: GnssSystem, prn: number): SatId => `${system}${String(prn).padStart(2, "0")}`;
