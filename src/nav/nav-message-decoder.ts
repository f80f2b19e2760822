// One entry point for navigation-message words from any receiver: records {system, prn, signal, words} in,
// ephemerides, ionospheric and time-offset parameters out as each completes. Dispatch by system and signal:
//   BDS  B1I, B2I, B3I -> D1/D2 (bds-d1d2.ts)      B1C -> B-CNAV1, B2a -> B-CNAV2 (bds-cnav.ts)
//   GPS, QZSS L1 C/A -> LNAV (gps-lnav.ts)          Galileo E1-B, E5b-I -> I/NAV (gal-inav.ts)
// Everything else (GLONASS strings, GPS/QZSS CNAV, Galileo F/NAV and E6, SBAS, NavIC) is counted as
// unsupported. Words that fail their parity, BCH or CRC are counted and dropped; they never reach an
// ephemeris. Full week numbers come from the stream (BDS 13-bit weeks, Galileo GST weeks), else from the
// `referenceTime` option, else from the system clock (GPS 10-bit weeks only).

import { DecodeError, type DecodeIssue } from "../core/errors.js";
import type { UbxSfrbx } from "../formats/ubx/ubx-messages.js";
import type { Ephemeris, IonoParameters, NavigationData, TimeOffsetParameters } from "../orbits/ephemeris.js";
import { type Instant, toScale, toWeekTow } from "../time/instant.js";
import { BdsCnavDecoder } from "./bds-cnav.js";
import { BdsDnavDecoder, type BdsDnavOptions } from "./bds-d1d2.js";
import { GalInavDecoder } from "./gal-inav.js";
import { GpsLnavDecoder } from "./gps-lnav.js";
import { NavContext, type NavDecodeStats, type NavProduct, type NavWords } from "./nav-data.js";
import { navWordsFromUbxSfrbx } from "./ubx-sfrbx-words.js";

export interface NavMessageDecoderOptions {
  /** BDS D1/D2 BCH handling (default "detect": words must arrive corrected, as from u-blox). */
  readonly bdsBch?: BdsDnavOptions["bch"];
  /** BDS D1/D2 words 2-10 arrive interleaved as on air (default false). */
  readonly bdsInterleaved?: boolean;
  /** Any instant near the data, to resolve GPS 10-bit weeks before a full week is seen in the stream. */
  readonly referenceTime?: Instant;
  /** Throw the first issue as a DecodeError instead of collecting it. */
  readonly strict?: boolean;
  readonly maxIssues?: number;
  /** File name for issues. */
  readonly file?: string;
}

const BDS_DNAV_SIGNALS = new Set(["B1I", "B2I", "B3I"]);
const INAV_SIGNALS = new Set(["E1B", "E5bI"]);

export class NavMessageDecoder {
  private readonly ctx: NavContext;
  private readonly dnav: BdsDnavDecoder;
  private readonly cnav: BdsCnavDecoder;
  private readonly lnav: GpsLnavDecoder;
  private readonly inav: GalInavDecoder;
  private readonly strict: boolean;

  constructor(opts: NavMessageDecoderOptions = {}) {
    const ref = opts.referenceTime ? toWeekTow(toScale(opts.referenceTime, "GPST")).week : undefined;
    this.ctx = new NavContext({ maxIssues: opts.maxIssues, file: opts.file, referenceGpsWeek: ref });
    this.dnav = new BdsDnavDecoder(this.ctx, { bch: opts.bdsBch, interleaved: opts.bdsInterleaved });
    this.cnav = new BdsCnavDecoder(this.ctx);
    this.lnav = new GpsLnavDecoder(this.ctx);
    this.inav = new GalInavDecoder(this.ctx);
    this.strict = opts.strict ?? false;
  }

  get stats(): NavDecodeStats {
    return this.ctx.stats;
  }

  /** Problems met (each with the byte offset of its record), at most `maxIssues`. */
  get issues(): readonly DecodeIssue[] {
    return this.ctx.issues;
  }

  /** Decode one record; returns what it completed (usually nothing). */
  push(rec: NavWords): NavProduct[] {
    const out: NavProduct[] = [];
    const nIssues = this.ctx.issues.length;
    this.ctx.stats.records++;
    switch (rec.system) {
      case "C":
        if (BDS_DNAV_SIGNALS.has(rec.signal)) this.dnav.push(rec, out);
        else if (rec.signal === "B1C") this.cnav.pushB1c(rec, out);
        else if (rec.signal === "B2a") this.cnav.pushB2a(rec, out);
        else this.ctx.stats.unsupported++;
        break;
      case "G":
      case "J":
        if (rec.signal === "L1CA") this.lnav.push(rec, out);
        else this.ctx.stats.unsupported++;
        break;
      case "E":
        if (INAV_SIGNALS.has(rec.signal)) this.inav.push(rec, out);
        else this.ctx.stats.unsupported++;
        break;
      default:
        this.ctx.stats.unsupported++;
    }
    if (this.strict && this.ctx.issues.length > nIssues) throw new DecodeError(this.ctx.issues[nIssues]);
    return out;
  }

  /** Decode one u-blox RXM-SFRBX record. */
  pushUbx(rec: UbxSfrbx): NavProduct[] {
    const w = navWordsFromUbxSfrbx(rec);
    if (!w) {
      this.ctx.stats.records++;
      this.ctx.stats.unsupported++;
      return [];
    }
    return this.push(w);
  }
}

/** Gather products into NavigationData (ephemerides in arrival order, the latest leap seconds). */
export function navigationDataFrom(products: Iterable<NavProduct>): NavigationData {
  const ephemerides: Ephemeris[] = [];
  const iono: IonoParameters[] = [];
  const timeOffsets: TimeOffsetParameters[] = [];
  let leapSeconds: number | undefined;
  for (const p of products) {
    if (p.kind === "ephemeris") ephemerides.push(p.ephemeris);
    else if (p.kind === "iono") iono.push(p.iono);
    else {
      timeOffsets.push(p.timeOffset);
      if (p.leapSeconds !== undefined) leapSeconds = p.leapSeconds;
    }
  }
  return { ephemerides, iono, timeOffsets, ...(leapSeconds === undefined ? {} : { leapSeconds }) };
}
