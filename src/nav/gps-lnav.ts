// IS-GPS-200N §20.3.2-§20.3.3 (GPS LNAV subframes 1-5) and §20.3.5 (parity); IS-QZSS-PNT-005 §5.2 (QZSS
// LNAV, same layout). A subframe is 10 words of 30 bits: 24 data bits d1..d24 and 6 parity bits D25..D30
// that also depend on the last two bits D29*, D30* of the previous word (§20.3.5.2, Table 20-XIV).
//
// Words as given here (u-blox RXM-SFRBX): bits 29..6 the source data bits d1..d24 (already complemented back
// when D30* was 1), bits 5..0 the parity bits as sent, bits 31..30 D29* and D30*. Words as sent on air
// convert with lnavWordFromTransmitted().
//
// Bit positions below are 0-based in the 240-bit subframe with the parity bits removed (word k holds bits
// 24(k-1) .. 24k-1), the layout RTKLIB's decode_frame uses; scales are the ICD's LSBs in SI (semicircles ->
// radians).

import type { IonoParameters, KeplerEphemeris, TimeOffsetParameters } from "../orbits/ephemeris.js";
import { fromWeekTow, resolveWeekRollover, SECONDS_PER_WEEK } from "../time/instant.js";
import { near, plausibleOrbit } from "./bds-d1d2.js";
import { field, fieldRaw, PI_ICD, s, u } from "./bit-field.js";
import type { NavContext, NavProduct, NavWords } from "./nav-data.js";
import { satIdOf } from "./nav-data.js";
import { uraIndexToMetres } from "./ura-index.js";

const P2 = (n: number): number => 2 ** n;
const SC = PI_ICD;

/** TLM preamble 10001011 (§20.3.3.1). */
export const LNAV_PREAMBLE = 0x8b;

// Parity equations of Table 20-XIV: the data bits (d1 = bit 23) that enter D25..D30.
const PARITY_BITS: readonly (readonly number[])[] = [
  [1, 2, 3, 5, 6, 10, 11, 12, 13, 14, 17, 18, 20, 23],
  [2, 3, 4, 6, 7, 11, 12, 13, 14, 15, 18, 19, 21, 24],
  [1, 3, 4, 5, 7, 8, 12, 13, 14, 15, 16, 19, 20, 22],
  [2, 4, 5, 6, 8, 9, 13, 14, 15, 16, 17, 20, 21, 23],
  [1, 3, 5, 6, 7, 9, 10, 14, 15, 16, 17, 18, 21, 22, 24],
  [3, 5, 6, 8, 9, 10, 11, 13, 15, 19, 22, 23, 24],
];
const PARITY_MASKS = PARITY_BITS.map((bits) => bits.reduce((m, i) => m | (1 << (24 - i)), 0));
/** Which of D29* (0) or D30* (1) enters D25..D30. */
const PARITY_STAR = [0, 1, 0, 1, 1, 0];

function xorBits(x: number): number {
  let v = x;
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

/** The six parity bits D25..D30 (as a 6-bit number) of 24 source data bits, given D29* and D30*. */
export function lnavParity(data24: number, d29star: number, d30star: number): number {
  let p = 0;
  for (let k = 0; k < 6; k++) {
    const star = PARITY_STAR[k] === 0 ? d29star : d30star;
    p = (p << 1) | (xorBits(data24 & PARITY_MASKS[k]) ^ star);
  }
  return p;
}

/** Whether a word in the u-blox form (D29*, D30* in bits 31..30) passes its parity check. */
export function lnavWordParityOk(word: number): boolean {
  const w = word >>> 0;
  return lnavParity((w >>> 6) & 0xffffff, (w >>> 31) & 1, (w >>> 30) & 1) === (w & 0x3f);
}

/**
 * A word as sent on air (30 bits, data complemented when D30* = 1) and the previous word as sent, in the
 * form checked here: source data bits, parity as sent, D29* and D30* on top.
 */
export function lnavWordFromTransmitted(raw30: number, prevRaw30: number): number {
  const d29 = (prevRaw30 >>> 1) & 1;
  const d30 = prevRaw30 & 1;
  const data = ((raw30 >>> 6) & 0xffffff) ^ (d30 ? 0xffffff : 0);
  return (((d29 << 1) | d30) * 2 ** 30 + data * 64 + (raw30 & 0x3f)) >>> 0;
}

/** HOW and TLM (§20.3.3.1-2). */
export const LNAV_HEAD = {
  preamble: u([[0, 8]]),
  /** TOW count of the next subframe's start (s), LSB 6 s. */
  tow_s: u([[24, 17]], 6),
  subframeId: u([[43, 3]]),
} as const;

/** Subframe 1 (§20.3.3.3, Table 20-I). */
export const LNAV_SF1 = {
  /** Week number modulo 1024. */
  wn: u([[48, 10]]),
  /** URA index (§20.3.3.3.1.3). */
  ura: u([[60, 4]]),
  /** SV health, 6 bits (§20.3.3.3.1.4). */
  health: u([[64, 6]]),
  /** Issue of data, clock: 2 MSBs here, 8 LSBs in word 8. */
  iodc: u([
    [70, 2],
    [168, 8],
  ]),
  /** Estimated group delay differential TGD (s), LSB 2^-31 s. */
  tgd_s: s([[160, 8]], P2(-31)),
  /** Clock data reference time (s of week), LSB 2^4 s. */
  toc_s: u([[176, 16]], 16),
  af2_sps2: s([[192, 8]], P2(-55)),
  af1_sps: s([[200, 16]], P2(-43)),
  af0_s: s([[216, 22]], P2(-31)),
} as const;

/** Subframe 2 (§20.3.3.4, Table 20-III). */
export const LNAV_SF2 = {
  iode: u([[48, 8]]),
  crs_m: s([[56, 16]], P2(-5)),
  deltaN_radps: s([[72, 16]], P2(-43) * SC),
  m0_rad: s([[88, 32]], P2(-31) * SC),
  cuc_rad: s([[120, 16]], P2(-29)),
  e: u([[136, 32]], P2(-33)),
  cus_rad: s([[168, 16]], P2(-29)),
  sqrtA_sqrtm: u([[184, 32]], P2(-19)),
  /** Reference time of ephemeris (s of week), LSB 2^4 s. */
  toe_s: u([[216, 16]], 16),
  /** Fit interval flag (§20.3.4.4): 0 = 4 hours, 1 = more. */
  fitFlag: u([[232, 1]]),
} as const;

/** Subframe 3 (§20.3.3.4, Table 20-III). */
export const LNAV_SF3 = {
  cic_rad: s([[48, 16]], P2(-29)),
  omega0_rad: s([[64, 32]], P2(-31) * SC),
  cis_rad: s([[96, 16]], P2(-29)),
  i0_rad: s([[112, 32]], P2(-31) * SC),
  crc_m: s([[144, 16]], P2(-5)),
  omega_rad: s([[160, 32]], P2(-31) * SC),
  omegaDot_radps: s([[192, 24]], P2(-43) * SC),
  iode: u([[216, 8]]),
  iDot_radps: s([[224, 14]], P2(-43) * SC),
} as const;

/** Subframe 4 page 18 (SV ID 56): Klobuchar and UTC parameters (§20.3.3.5.1.6-7, Table 20-X). */
export const LNAV_SF4 = {
  svId: u([[50, 6]]),
  alpha0: s([[56, 8]], P2(-30)),
  alpha1: s([[64, 8]], P2(-27)),
  alpha2: s([[72, 8]], P2(-24)),
  alpha3: s([[80, 8]], P2(-24)),
  beta0: s([[88, 8]], P2(11)),
  beta1: s([[96, 8]], P2(14)),
  beta2: s([[104, 8]], P2(16)),
  beta3: s([[112, 8]], P2(16)),
  a1_sps: s([[120, 24]], P2(-50)),
  a0_s: s([[144, 32]], P2(-30)),
  /** UTC reference time (s of week), LSB 2^12 s. */
  tot_s: u([[176, 8]], P2(12)),
  /** UTC reference week modulo 256. */
  wnt: u([[184, 8]]),
  deltaTLs_s: s([[192, 8]]),
  wnLsf: u([[200, 8]]),
  dn: u([[208, 8]]),
  deltaTLsf_s: s([[216, 8]]),
} as const;

/** Curve-fit interval (h) from the fit flag and IODC (§20.3.4.4, Table 20-XII). */
export function lnavFitInterval_h(flag: number, iodc: number): number {
  if (flag === 0) return 4;
  if (iodc >= 240 && iodc <= 247) return 8;
  if ((iodc >= 248 && iodc <= 255) || iodc === 496) return 14;
  if ((iodc >= 497 && iodc <= 503) || (iodc >= 1021 && iodc <= 1023)) return 26;
  if (iodc >= 504 && iodc <= 510) return 50;
  if (iodc === 511 || (iodc >= 752 && iodc <= 756)) return 74;
  if (iodc === 757) return 98;
  return 6;
}

interface LnavSatState {
  sf: (Uint8Array | undefined)[];
  lastEph?: string;
  lastIono?: string;
  lastUtc?: string;
}

/** The GPS week of `Date.now()`, the last resort for resolving 10-bit weeks. */
function clockGpsWeek(): number {
  return Math.floor((Date.now() - Date.UTC(1980, 0, 6)) / (SECONDS_PER_WEEK * 1000));
}

/** GPS/QZSS LNAV decoder: subframes in, ephemerides, Klobuchar and GPS-UTC parameters out. */
export class GpsLnavDecoder {
  private readonly sats = new Map<string, LnavSatState>();

  constructor(private readonly ctx: NavContext) {}

  push(rec: NavWords, out: NavProduct[]): void {
    const w = rec.words;
    const sat = satIdOf(rec.system, rec.prn);
    if (w.length < 10) {
      this.ctx.stats.malformed++;
      this.ctx.report("bad-record", `${sat} ${rec.signal}: ${w.length} words, LNAV needs 10`, rec.offset);
      return;
    }
    let bad = 0;
    for (let i = 0; i < 10; i++) if (!lnavWordParityOk(w[i])) bad++;
    if (bad > 0) {
      this.ctx.stats.parityErrors++;
      this.ctx.report("checksum", `${sat} ${rec.signal}: parity failed in ${bad} word(s)`, rec.offset);
      return;
    }
    const buf = new Uint8Array(30);
    for (let i = 0; i < 10; i++) {
      const d = (w[i] >>> 6) & 0xffffff;
      buf[3 * i] = d >>> 16;
      buf[3 * i + 1] = (d >>> 8) & 0xff;
      buf[3 * i + 2] = d & 0xff;
    }
    const id = field(buf, LNAV_HEAD.subframeId);
    if (field(buf, LNAV_HEAD.preamble) !== LNAV_PREAMBLE || id < 1 || id > 5) {
      this.ctx.stats.malformed++;
      this.ctx.report(
        "bad-record",
        `${sat} ${rec.signal}: no LNAV preamble or subframe id ${id}`,
        rec.offset,
      );
      return;
    }
    let st = this.sats.get(sat);
    if (!st) {
      st = { sf: [] };
      this.sats.set(sat, st);
    }
    st.sf[id] = buf;
    if (id <= 3) this.tryEphemeris(rec, sat, st, out);
    else if (id === 4 && field(buf, LNAV_SF4.svId) === 56) this.page18(rec, sat, st, buf, out);
  }

  private referenceWeek(): number {
    return this.ctx.gpsWeek ?? clockGpsWeek();
  }

  private tryEphemeris(rec: NavWords, sat: string, st: LnavSatState, out: NavProduct[]): void {
    const [b1, b2, b3] = [st.sf[1], st.sf[2], st.sf[3]];
    if (!b1 || !b2 || !b3) return;
    const iodc = field(b1, LNAV_SF1.iodc);
    const iode2 = field(b2, LNAV_SF2.iode);
    const iode3 = field(b3, LNAV_SF3.iode);
    // subframes 1-3 of one data set: IODE in 2 and 3 and the 8 LSBs of IODC agree (§20.3.3.4.1)
    if (iode2 !== iode3 || iode2 !== (iodc & 0xff)) return;
    const toc_s = field(b1, LNAV_SF1.toc_s);
    const toe_s = field(b2, LNAV_SF2.toe_s);
    const sqrtA = field(b2, LNAV_SF2.sqrtA_sqrtm);
    const e = field(b2, LNAV_SF2.e);
    const key = `${iodc}|${toe_s}|${toc_s}|${fieldRaw(b2, LNAV_SF2.m0_rad)}|${fieldRaw(b1, LNAV_SF1.af0_s)}`;
    if (key === st.lastEph) return;
    st.lastEph = key;
    if (!plausibleOrbit(sqrtA, e)) {
      this.ctx.stats.rejected++;
      this.ctx.report("bad-record", `${sat} LNAV: implausible orbit (sqrtA ${sqrtA}, e ${e})`, rec.offset);
      return;
    }
    const week = resolveWeekRollover(field(b1, LNAV_SF1.wn), 10, this.referenceWeek());
    const ttr = fromWeekTow("GPST", week, field(b1, LNAV_HEAD.tow_s));
    const fitFlag = field(b2, LNAV_SF2.fitFlag);
    const eph: KeplerEphemeris = {
      kind: "kepler",
      sat,
      message: "LNAV",
      toc: near(fromWeekTow("GPST", week, toc_s), ttr),
      toe: near(fromWeekTow("GPST", week, toe_s), ttr),
      ttr,
      af0_s: field(b1, LNAV_SF1.af0_s),
      af1_sps: field(b1, LNAV_SF1.af1_sps),
      af2_sps2: field(b1, LNAV_SF1.af2_sps2),
      sqrtA_sqrtm: sqrtA,
      e,
      i0_rad: field(b3, LNAV_SF3.i0_rad),
      omega0_rad: field(b3, LNAV_SF3.omega0_rad),
      omega_rad: field(b3, LNAV_SF3.omega_rad),
      m0_rad: field(b2, LNAV_SF2.m0_rad),
      deltaN_radps: field(b2, LNAV_SF2.deltaN_radps),
      iDot_radps: field(b3, LNAV_SF3.iDot_radps),
      omegaDot_radps: field(b3, LNAV_SF3.omegaDot_radps),
      cuc_rad: field(b2, LNAV_SF2.cuc_rad),
      cus_rad: field(b2, LNAV_SF2.cus_rad),
      crc_m: field(b3, LNAV_SF3.crc_m),
      crs_m: field(b2, LNAV_SF2.crs_m),
      cic_rad: field(b3, LNAV_SF3.cic_rad),
      cis_rad: field(b3, LNAV_SF3.cis_rad),
      aDot_mps: 0,
      deltaNDot_radps2: 0,
      iode: iode2,
      iodc,
      health: field(b1, LNAV_SF1.health),
      ura_m: uraIndexToMetres(field(b1, LNAV_SF1.ura)),
      fitInterval_h: rec.system === "J" ? (fitFlag === 0 ? 2 : 0) : lnavFitInterval_h(fitFlag, iodc),
      groupDelays_s: { TGD: field(b1, LNAV_SF1.tgd_s) },
      satType: 0,
      dataSources: 0,
    };
    this.ctx.count(`${rec.system}:LNAV`);
    out.push({ kind: "ephemeris", ephemeris: eph, signal: rec.signal, offset: rec.offset });
  }

  private page18(rec: NavWords, sat: string, st: LnavSatState, b: Uint8Array, out: NavProduct[]): void {
    const t = LNAV_SF4;
    const alpha = [t.alpha0, t.alpha1, t.alpha2, t.alpha3].map((f) => field(b, f)) as [
      number,
      number,
      number,
      number,
    ];
    const beta = [t.beta0, t.beta1, t.beta2, t.beta3].map((f) => field(b, f)) as [
      number,
      number,
      number,
      number,
    ];
    const refWeek = this.referenceWeek();
    const towWeek = fromWeekTow("GPST", refWeek, field(b, LNAV_HEAD.tow_s));
    const ionoKey = `${alpha.join(",")}|${beta.join(",")}`;
    const system = rec.system === "J" ? "J" : "G";
    if (ionoKey !== st.lastIono) {
      st.lastIono = ionoKey;
      const iono: IonoParameters = { kind: "klobuchar", system, alpha, beta, time: towWeek, sat };
      this.ctx.count(`iono:${system}`);
      out.push({ kind: "iono", iono, signal: rec.signal, offset: rec.offset });
    }
    const a0 = field(b, t.a0_s);
    const a1 = field(b, t.a1_sps);
    const wnt = resolveWeekRollover(field(b, t.wnt), 8, refWeek);
    const tot = field(b, t.tot_s);
    const leap = field(b, t.deltaTLs_s);
    const utcKey = `${a0}|${a1}|${wnt}|${tot}|${leap}`;
    if (utcKey === st.lastUtc) return;
    st.lastUtc = utcKey;
    const code = system === "J" ? "QZUT" : "GPUT";
    const timeOffset: TimeOffsetParameters = {
      code,
      a0_s: a0,
      a1_sps: a1,
      tref: fromWeekTow("GPST", wnt, tot),
    };
    this.ctx.count(`utc:${code}`);
    out.push({
      kind: "time-offset",
      timeOffset,
      leapSeconds: leap,
      sat,
      signal: rec.signal,
      offset: rec.offset,
    });
  }
}
