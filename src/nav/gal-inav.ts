// Galileo OS SIS ICD Issue 2.0 §4.3 (I/NAV on E1-B and E5b-I): nominal pages are an even part (120 bits:
// even/odd 0, page type, 112 data bits, 6 tail bits) followed by an odd part (even/odd 1, page type, 16 data
// bits, 64 reserved/OSNMA/SAR bits, CRC-24Q, 8 SSP/reserved bits, tail). The CRC (§4.3.3) covers the even
// part's first 114 bits and the odd part's first 82. The two data fields make one 128-bit word, whose type
// (§4.3.5, Tables 39-45) is in its first 6 bits. Word types 1-4 (same IODnav) carry the ephemeris and clock,
// 5 the ionosphere (NeQuick-G a_i0..a_i2, §5.1.6), group delays (§5.1.5), health and GST, 6 GST-UTC, 10
// GST-GPS. Bit positions below are 0-based in the 128-bit word; scales are the ICD's LSBs in SI.
//
// Words as given here (u-blox RXM-SFRBX): 8 words of 32 bits = the even part in bits 0-119 of words 0-3 and
// the odd part in bits 0-119 of words 4-7. A source that delivers the two parts separately may push 4-word
// records; an even part is then kept until the odd part that follows it.

import type { IonoParameters, KeplerEphemeris, TimeOffsetParameters } from "../orbits/ephemeris.js";
import { fromWeekTow, type Instant, resolveWeekRollover } from "../time/instant.js";
import { near, plausibleOrbit } from "./bds-d1d2.js";
import { copyBits, field, fieldRaw, PI_ICD, packWords, readBits, s, u } from "./bit-field.js";
import { crc24qOfBits } from "./crc24q.js";
import type { NavContext, NavProduct, NavWords } from "./nav-data.js";
import { satIdOf } from "./nav-data.js";
import { sisaIndexToMetres } from "./ura-index.js";

const P2 = (n: number): number => 2 ** n;
const SC = PI_ICD;

/** GPS week of GST week 0 (RINEX writes Galileo weeks continuous with GPS). */
const GST_WEEK0 = 1024;

export const INAV_WORD = { type: u([[0, 6]]), iodNav: u([[6, 10]]) } as const;

/** Word type 1: ephemeris (1/4), Table 40. */
export const INAV_WT1 = {
  toe_s: u([[16, 14]], 60),
  m0_rad: s([[30, 32]], P2(-31) * SC),
  e: u([[62, 32]], P2(-33)),
  sqrtA_sqrtm: u([[94, 32]], P2(-19)),
} as const;

/** Word type 2: ephemeris (2/4), Table 41. */
export const INAV_WT2 = {
  omega0_rad: s([[16, 32]], P2(-31) * SC),
  i0_rad: s([[48, 32]], P2(-31) * SC),
  omega_rad: s([[80, 32]], P2(-31) * SC),
  iDot_radps: s([[112, 14]], P2(-43) * SC),
} as const;

/** Word type 3: ephemeris (3/4) and SISA, Table 42. */
export const INAV_WT3 = {
  omegaDot_radps: s([[16, 24]], P2(-43) * SC),
  deltaN_radps: s([[40, 16]], P2(-43) * SC),
  cuc_rad: s([[56, 16]], P2(-29)),
  cus_rad: s([[72, 16]], P2(-29)),
  crc_m: s([[88, 16]], P2(-5)),
  crs_m: s([[104, 16]], P2(-5)),
  /** Signal-in-space accuracy index (E1, E5b), §5.1.12. */
  sisa: u([[120, 8]]),
} as const;

/** Word type 4: SVID, ephemeris (4/4), clock correction, Table 43. */
export const INAV_WT4 = {
  svid: u([[16, 6]]),
  cic_rad: s([[22, 16]], P2(-29)),
  cis_rad: s([[38, 16]], P2(-29)),
  toc_s: u([[54, 14]], 60),
  af0_s: s([[68, 31]], P2(-34)),
  af1_sps: s([[99, 21]], P2(-46)),
  af2_sps2: s([[120, 6]], P2(-59)),
} as const;

/** Word type 5: ionosphere, BGDs, health, GST, Table 44. */
export const INAV_WT5 = {
  /** Effective ionisation level 1st order a_i0 (sfu), LSB 2^-2, unsigned. */
  ai0: u([[6, 11]], P2(-2)),
  /** a_i1 (sfu/degree), LSB 2^-8. */
  ai1: s([[17, 11]], P2(-8)),
  /** a_i2 (sfu/degree^2), LSB 2^-15. */
  ai2: s([[28, 14]], P2(-15)),
  /** Ionospheric disturbance flags for regions 1-5 (first region = most significant). */
  regionFlags: u([[42, 5]]),
  /** Broadcast group delay E1-E5a (s), LSB 2^-32 s. */
  bgdE1E5a_s: s([[47, 10]], P2(-32)),
  /** Broadcast group delay E1-E5b (s), LSB 2^-32 s. */
  bgdE1E5b_s: s([[57, 10]], P2(-32)),
  e5bHs: u([[67, 2]]),
  e1bHs: u([[69, 2]]),
  e5bDvs: u([[71, 1]]),
  e1bDvs: u([[72, 1]]),
  /** GST week number (12 bits). */
  wn: u([[73, 12]]),
  /** GST time of week (s). */
  tow_s: u([[85, 20]]),
} as const;

/** Word type 6: GST-UTC conversion, Table 45. */
export const INAV_WT6 = {
  a0_s: s([[6, 32]], P2(-30)),
  a1_sps: s([[38, 24]], P2(-50)),
  deltaTLs_s: s([[62, 8]]),
  tot_s: u([[70, 8]], 3600),
  wnot: u([[78, 8]]),
  wnLsf: u([[86, 8]]),
  dn: u([[94, 3]]),
  deltaTLsf_s: s([[97, 8]]),
} as const;

/** Word type 10: almanac (SV3, part 2) and GST-GPS conversion (§5.1.9), Table 49. */
export const INAV_WT10 = {
  a0g_s: s([[86, 16]], P2(-35)),
  a1g_sps: s([[102, 12]], P2(-51)),
  t0g_s: u([[114, 8]], 3600),
  /** Reference week modulo 64. */
  wn0g: u([[122, 6]]),
} as const;

interface GalWord {
  readonly buf: Uint8Array;
  readonly signal: string;
}

interface GalSatState {
  words: (GalWord | undefined)[];
  /** Even part waiting for its odd part (4-word sources). */
  even?: Uint8Array;
  lastEph?: string;
  lastIono?: string;
  lastUtc?: string;
  lastGgto?: string;
}

/** RINEX data-source bit of an I/NAV signal: 0 E1-B, 2 E5b-I. */
function sourceBit(signal: string): number {
  return signal.startsWith("E5b") ? 1 << 2 : 1;
}

/** Galileo I/NAV decoder: page pairs in, ephemerides, NeQuick-G, GST-UTC and GST-GPS parameters out. */
export class GalInavDecoder {
  private readonly sats = new Map<number, GalSatState>();

  constructor(private readonly ctx: NavContext) {}

  push(rec: NavWords, out: NavProduct[]): void {
    const sat = satIdOf("E", rec.prn);
    let st = this.sats.get(rec.prn);
    if (!st) {
      st = { words: [] };
      this.sats.set(rec.prn, st);
    }
    let pair: Uint8Array;
    if (rec.words.length >= 8) {
      pair = packWords(rec.words, 32, 8);
    } else if (rec.words.length >= 4) {
      const part = packWords(rec.words, 32, 4);
      if (readBits(part, 0, 1) === 0) {
        st.even = part;
        return;
      }
      if (!st.even) {
        this.ctx.stats.malformed++;
        this.ctx.report(
          "bad-record",
          `${sat} ${rec.signal}: odd page part without its even part`,
          rec.offset,
        );
        return;
      }
      pair = new Uint8Array(32);
      pair.set(st.even.subarray(0, 16), 0);
      pair.set(part.subarray(0, 16), 16);
      st.even = undefined;
    } else {
      this.ctx.stats.malformed++;
      this.ctx.report(
        "bad-record",
        `${sat} ${rec.signal}: ${rec.words.length} words, I/NAV needs 8`,
        rec.offset,
      );
      return;
    }
    if (readBits(pair, 0, 1) !== 0 || readBits(pair, 128, 1) !== 1) {
      this.ctx.stats.malformed++;
      this.ctx.report("bad-record", `${sat} ${rec.signal}: page parts not in even/odd order`, rec.offset);
      return;
    }
    // CRC over even bits 0-113 and odd bits 0-81 (196 bits)
    const crcIn = new Uint8Array(25);
    copyBits(pair, 0, crcIn, 0, 114);
    copyBits(pair, 128, crcIn, 114, 82);
    if (crc24qOfBits(crcIn, 0, 196) !== readBits(pair, 128 + 82, 24)) {
      this.ctx.stats.crcErrors++;
      this.ctx.report("checksum", `${sat} ${rec.signal}: I/NAV page CRC-24Q failed`, rec.offset);
      return;
    }
    if (readBits(pair, 1, 1) === 1 || readBits(pair, 129, 1) === 1) return; // alert page: no word
    const word = new Uint8Array(16);
    copyBits(pair, 2, word, 0, 112);
    copyBits(pair, 130, word, 112, 16);
    const type = field(word, INAV_WORD.type);
    if (type >= 1 && type <= 5) {
      st.words[type] = { buf: word, signal: rec.signal };
      if (type === 5) this.iono(rec, sat, st, word, out);
      this.tryEphemeris(rec, sat, st, out);
    } else if (type === 6) this.utc(rec, sat, st, word, out);
    else if (type === 10) this.ggto(rec, sat, st, word, out);
  }

  /** Full GPS-continuous week of a GST week number. */
  private gstWeek(wn: number): number {
    const ref = this.ctx.gpsWeek;
    return ref === undefined ? wn + GST_WEEK0 : resolveWeekRollover(wn, 12, ref - GST_WEEK0) + GST_WEEK0;
  }

  private tryEphemeris(rec: NavWords, sat: string, st: GalSatState, out: NavProduct[]): void {
    const w = st.words;
    const [w1, w2, w3, w4, w5] = [w[1], w[2], w[3], w[4], w[5]];
    if (!w1 || !w2 || !w3 || !w4 || !w5) return;
    const iod = field(w1.buf, INAV_WORD.iodNav);
    if (field(w2.buf, INAV_WORD.iodNav) !== iod || field(w3.buf, INAV_WORD.iodNav) !== iod) return;
    if (field(w4.buf, INAV_WORD.iodNav) !== iod) return;
    const b1 = w1.buf;
    const b2 = w2.buf;
    const b3 = w3.buf;
    const b4 = w4.buf;
    const b5 = w5.buf;
    const toe_s = field(b1, INAV_WT1.toe_s);
    const toc_s = field(b4, INAV_WT4.toc_s);
    const key = `${iod}|${toe_s}|${toc_s}|${fieldRaw(b1, INAV_WT1.m0_rad)}`;
    if (key === st.lastEph) return;
    st.lastEph = key;
    const svid = field(b4, INAV_WT4.svid);
    const sqrtA = field(b1, INAV_WT1.sqrtA_sqrtm);
    const e = field(b1, INAV_WT1.e);
    if (svid !== rec.prn || !plausibleOrbit(sqrtA, e)) {
      this.ctx.stats.rejected++;
      this.ctx.report(
        "bad-record",
        `${sat} I/NAV: SVID ${svid} or orbit (sqrtA ${sqrtA}) implausible`,
        rec.offset,
      );
      return;
    }
    const week = this.gstWeek(field(b5, INAV_WT5.wn));
    this.ctx.gpsWeek ??= week;
    const ttr: Instant = fromWeekTow("GST", week, field(b5, INAV_WT5.tow_s));
    const health =
      (field(b5, INAV_WT5.e5bHs) << 7) |
      (field(b5, INAV_WT5.e5bDvs) << 6) |
      (field(b5, INAV_WT5.e1bHs) << 1) |
      field(b5, INAV_WT5.e1bDvs);
    const eph: KeplerEphemeris = {
      kind: "kepler",
      sat,
      message: "INAV",
      toc: near(fromWeekTow("GST", week, toc_s), ttr),
      toe: near(fromWeekTow("GST", week, toe_s), ttr),
      ttr,
      af0_s: field(b4, INAV_WT4.af0_s),
      af1_sps: field(b4, INAV_WT4.af1_sps),
      af2_sps2: field(b4, INAV_WT4.af2_sps2),
      sqrtA_sqrtm: sqrtA,
      e,
      i0_rad: field(b2, INAV_WT2.i0_rad),
      omega0_rad: field(b2, INAV_WT2.omega0_rad),
      omega_rad: field(b2, INAV_WT2.omega_rad),
      m0_rad: field(b1, INAV_WT1.m0_rad),
      deltaN_radps: field(b3, INAV_WT3.deltaN_radps),
      iDot_radps: field(b2, INAV_WT2.iDot_radps),
      omegaDot_radps: field(b3, INAV_WT3.omegaDot_radps),
      cuc_rad: field(b3, INAV_WT3.cuc_rad),
      cus_rad: field(b3, INAV_WT3.cus_rad),
      crc_m: field(b3, INAV_WT3.crc_m),
      crs_m: field(b3, INAV_WT3.crs_m),
      cic_rad: field(b4, INAV_WT4.cic_rad),
      cis_rad: field(b4, INAV_WT4.cis_rad),
      aDot_mps: 0,
      deltaNDot_radps2: 0,
      iode: iod,
      iodc: Number.NaN,
      health,
      ura_m: sisaIndexToMetres(field(b3, INAV_WT3.sisa)),
      fitInterval_h: 0,
      groupDelays_s: {
        BGD_E5a_E1: field(b5, INAV_WT5.bgdE1E5a_s),
        BGD_E5b_E1: field(b5, INAV_WT5.bgdE1E5b_s),
      },
      satType: 0,
      // the signal whose page completed the set; bit 9: clock parameters refer to E5b/E1 (I/NAV)
      dataSources: sourceBit(rec.signal) | (1 << 9),
    };
    this.ctx.count("E:INAV");
    out.push({ kind: "ephemeris", ephemeris: eph, signal: rec.signal, offset: rec.offset });
  }

  private iono(rec: NavWords, sat: string, st: GalSatState, b: Uint8Array, out: NavProduct[]): void {
    const ai: [number, number, number] = [
      field(b, INAV_WT5.ai0),
      field(b, INAV_WT5.ai1),
      field(b, INAV_WT5.ai2),
    ];
    const flags = field(b, INAV_WT5.regionFlags);
    const key = `${ai.join(",")}|${flags}`;
    if (key === st.lastIono) return;
    st.lastIono = key;
    const iono: IonoParameters = {
      kind: "nequick-g",
      ai,
      flags,
      time: fromWeekTow("GST", this.gstWeek(field(b, INAV_WT5.wn)), field(b, INAV_WT5.tow_s)),
      sat,
    };
    this.ctx.count("iono:E");
    out.push({ kind: "iono", iono, signal: rec.signal, offset: rec.offset });
  }

  private utc(rec: NavWords, sat: string, st: GalSatState, b: Uint8Array, out: NavProduct[]): void {
    const t = INAV_WT6;
    const a0 = field(b, t.a0_s);
    const a1 = field(b, t.a1_sps);
    const leap = field(b, t.deltaTLs_s);
    const wnot = field(b, t.wnot);
    const tot = field(b, t.tot_s);
    const key = `${a0}|${a1}|${leap}|${wnot}|${tot}`;
    if (key === st.lastUtc) return;
    st.lastUtc = key;
    const ref = this.ctx.gpsWeek;
    const timeOffset: TimeOffsetParameters = {
      code: "GAUT",
      a0_s: a0,
      a1_sps: a1,
      tref: ref === undefined ? undefined : fromWeekTow("GST", resolveWeekRollover(wnot, 8, ref), tot),
    };
    this.ctx.count("utc:GAUT");
    out.push({
      kind: "time-offset",
      timeOffset,
      leapSeconds: leap,
      sat,
      signal: rec.signal,
      offset: rec.offset,
    });
  }

  private ggto(rec: NavWords, sat: string, st: GalSatState, b: Uint8Array, out: NavProduct[]): void {
    const t = INAV_WT10;
    const a0 = field(b, t.a0g_s);
    const a1 = field(b, t.a1g_sps);
    const wn0g = field(b, t.wn0g);
    const t0g = field(b, t.t0g_s);
    const key = `${a0}|${a1}|${wn0g}|${t0g}`;
    if (key === st.lastGgto) return;
    st.lastGgto = key;
    const ref = this.ctx.gpsWeek;
    const timeOffset: TimeOffsetParameters = {
      code: "GAGP",
      a0_s: a0,
      a1_sps: a1,
      tref: ref === undefined ? undefined : fromWeekTow("GST", resolveWeekRollover(wn0g, 6, ref), t0g),
    };
    this.ctx.count("utc:GAGP");
    out.push({ kind: "time-offset", timeOffset, sat, signal: rec.signal, offset: rec.offset });
  }
}
