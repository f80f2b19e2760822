// BDS-SIS-ICD-B1I-3.0 §5.2 (D1 navigation message, MEO/IGSO: 5 subframes of 300 bits, 6 s each) and §5.3
// (D2, GEO: subframe 1 in 10 pages at 500 bit/s, 0.6 s per subframe); BDS-SIS-ICD-B3I-1.0 carries the same
// D1/D2 messages on B3I. Error control §5.1.3 in bch15.ts.
//
// Bit positions are 0-based offsets in the 300-bit subframe with the parity bits counted, i.e. the ICD's
// figure numbering minus one (word k spans bits 30(k-1) .. 30k-1; words 2-10 list info 1, info 2, then the
// 8 parity bits). Scales are the ICD's LSBs in SI; angles in semicircles become radians here.
//
// D1 or D2 is decided from the message itself, never from the PRN: D1 subframes are 6 s apart and a frame
// starts on a 30 s boundary of the week, so a D1 subframe k always has SOW mod 30 = 6 (k-1); D2 frames are
// 3 s long and subframe 1 pages follow each other at SOW + 3. A subframe off the D1 grid can only be D2, and
// each message kind is assembled only from subframes whose SOWs chain the way that kind's timing demands:
// D1 subframes 1-3 at SOW, SOW+6, SOW+12; D2 subframe 1 pages 1..10 at SOW, SOW+3, ..., SOW+27.

import type { IonoParameters, KeplerEphemeris, TimeOffsetParameters } from "../orbits/ephemeris.js";
import { BDT_WEEK0_IN_GPS_WEEKS, fromWeekTow, type Instant, SECONDS_PER_WEEK } from "../time/instant.js";
import { bdsWordBadBlocks, correctBdsWord, deinterleaveBdsWord } from "./bch15.js";
import { type BitField, field, fieldRaw, fieldWidth, PI_ICD, packWords, s, u } from "./bit-field.js";
import { type NavContext, type NavProduct, type NavWords, satIdOf } from "./nav-data.js";
import { uraIndexToMetres } from "./ura-index.js";

const P2 = (n: number): number => 2 ** n;
const SC = PI_ICD; // semicircles -> radians

/** Preamble 11100010010 (BDS-SIS-ICD-B1I-3.0 §5.2.3). */
export const BDS_DNAV_PREAMBLE = 0x712;

/** Fields every D1/D2 subframe opens with (word 1 and the SOW LSBs of word 2). */
// biome-ignore format: bit tables kept one field per line, as the ICD lists them
export const DNAV_HEAD = {
  /** Preamble, 11 bits. */
  pre: u([[0, 11]]),
  /** Subframe identification 1..5. */
  fraId: u([[15, 3]]),
  /** Seconds of week (s), 20 bits: 8 MSBs in word 1, 12 LSBs in word 2. */
  sow_s: u([[18, 8], [30, 12]]),
} as const;

/** D1 subframe 1 (BDS-SIS-ICD-B1I-3.0 §5.2.3 Figure 5-6, parameters §5.2.4.2-§5.2.4.10). */
// biome-ignore format: bit tables kept one field per line, as the ICD lists them
export const D1_SF1 = {
  /** Autonomous satellite health flag SatH1 (0 healthy), §5.2.4.4. */
  satH1: u([[42, 1]]),
  /** Age of data, clock, §5.2.4.6. */
  aodc: u([[43, 5]]),
  /** User range accuracy index URAI, §5.2.4.5. */
  urai: u([[48, 4]]),
  /** BDT week number, 13 bits, §5.2.4.3. */
  wn: u([[60, 13]]),
  /** Time of clock (s of BDT week), LSB 2^3 s, §5.2.4.10. */
  toc_s: u([[73, 9], [90, 8]], 8),
  /** Equipment group delay B1I (s), LSB 0.1 ns, §5.2.4.8. */
  tgd1_s: s([[98, 10]], 1e-10),
  /** Equipment group delay B2I (s), LSB 0.1 ns, §5.2.4.8. */
  tgd2_s: s([[108, 4], [120, 6]], 1e-10),
  /** Klobuchar alpha0 (s), LSB 2^-30 s, §5.2.4.7. */
  alpha0: s([[126, 8]], P2(-30)),
  /** alpha1 (s/semicircle), LSB 2^-27. */
  alpha1: s([[134, 8]], P2(-27)),
  /** alpha2 (s/semicircle^2), LSB 2^-24. */
  alpha2: s([[150, 8]], P2(-24)),
  /** alpha3 (s/semicircle^3), LSB 2^-24. */
  alpha3: s([[158, 8]], P2(-24)),
  /** beta0 (s), LSB 2^11 s. */
  beta0: s([[166, 6], [180, 2]], P2(11)),
  /** beta1 (s/semicircle), LSB 2^14. */
  beta1: s([[182, 8]], P2(14)),
  /** beta2 (s/semicircle^2), LSB 2^16. */
  beta2: s([[190, 8]], P2(16)),
  /** beta3 (s/semicircle^3), LSB 2^16. */
  beta3: s([[198, 4], [210, 4]], P2(16)),
  /** Clock drift rate a2 (s/s^2), LSB 2^-66, §5.2.4.9. */
  a2_sps2: s([[214, 11]], P2(-66)),
  /** Clock bias a0 (s), LSB 2^-33. */
  a0_s: s([[225, 7], [240, 17]], P2(-33)),
  /** Clock drift a1 (s/s), LSB 2^-50. */
  a1_sps: s([[257, 5], [270, 17]], P2(-50)),
  /** Age of data, ephemeris, §5.2.4.11. */
  aode: u([[287, 5]]),
} as const;

/** D1 subframe 2 (Figure 5-7, §5.2.4.11). */
// biome-ignore format: bit tables kept one field per line, as the ICD lists them
export const D1_SF2 = {
  /** Mean motion difference (rad/s), LSB 2^-43 semicircle/s. */
  deltaN_radps: s([[42, 10], [60, 6]], P2(-43) * SC),
  /** Cuc (rad), LSB 2^-31. */
  cuc_rad: s([[66, 16], [90, 2]], P2(-31)),
  /** Mean anomaly at toe (rad), LSB 2^-31 semicircle. */
  m0_rad: s([[92, 20], [120, 12]], P2(-31) * SC),
  /** Eccentricity, LSB 2^-33. */
  e: u([[132, 10], [150, 22]], P2(-33)),
  /** Cus (rad), LSB 2^-31. */
  cus_rad: s([[180, 18]], P2(-31)),
  /** Crc (m), LSB 2^-6 m. */
  crc_m: s([[198, 4], [210, 14]], P2(-6)),
  /** Crs (m), LSB 2^-6 m. */
  crs_m: s([[224, 8], [240, 10]], P2(-6)),
  /** Square root of the semi-major axis (m^0.5), LSB 2^-19. */
  sqrtA_sqrtm: u([[250, 12], [270, 20]], P2(-19)),
  /** toe, 2 MSBs of the 17-bit field (LSB of the whole field 2^3 s). */
  toeMsb: u([[290, 2]]),
} as const;

/** D1 subframe 3 (Figure 5-8, §5.2.4.11). */
// biome-ignore format: bit tables kept one field per line, as the ICD lists them
export const D1_SF3 = {
  /** toe, 15 LSBs. */
  toeLsb: u([[42, 10], [60, 5]]),
  /** Inclination at toe (rad), LSB 2^-31 semicircle. */
  i0_rad: s([[65, 17], [90, 15]], P2(-31) * SC),
  /** Cic (rad), LSB 2^-31. */
  cic_rad: s([[105, 7], [120, 11]], P2(-31)),
  /** Rate of right ascension (rad/s), LSB 2^-43 semicircle/s. */
  omegaDot_radps: s([[131, 11], [150, 13]], P2(-43) * SC),
  /** Cis (rad), LSB 2^-31. */
  cis_rad: s([[163, 9], [180, 9]], P2(-31)),
  /** Rate of inclination (rad/s), LSB 2^-43 semicircle/s. */
  iDot_radps: s([[189, 13], [210, 1]], P2(-43) * SC),
  /** Longitude of ascending node at the weekly epoch (rad), LSB 2^-31 semicircle. */
  omega0_rad: s([[211, 21], [240, 11]], P2(-31) * SC),
  /** Argument of perigee (rad), LSB 2^-31 semicircle. */
  omega_rad: s([[251, 11], [270, 21]], P2(-31) * SC),
} as const;

/** D1 subframe 5 page number (Figure 5-9..5-13) and page 10, BDT-UTC (§5.2.4.18, Figure 5-13). */
export const D1_SF5 = {
  pnum: u([[43, 7]]),
} as const;

/** BDT-UTC parameters: D1 subframe 5 page 10 and D2 subframe 5 page 102 share this layout (§5.2.4.18, §5.3.3.8). */
// biome-ignore format: bit tables kept one field per line, as the ICD lists them
export const DNAV_UTC = {
  /** Leap seconds before the new leap second (s). */
  deltaTLs_s: s([[50, 2], [60, 6]]),
  /** Leap seconds after the new leap second (s). */
  deltaTLsf_s: s([[66, 8]]),
  /** Week of the new leap second (8 LSBs of the BDT week). */
  wnLsf: u([[74, 8]]),
  /** BDT-UTC bias (s), LSB 2^-30. */
  a0Utc_s: s([[90, 22], [120, 10]], P2(-30)),
  /** BDT-UTC drift (s/s), LSB 2^-50. */
  a1Utc_sps: s([[130, 12], [150, 12]], P2(-50)),
  /** Day of week of the new leap second. */
  dn: u([[162, 8]]),
} as const;

/** D2 subframe 1 page number (4 bits) and subframe 5 page number (7 bits), §5.3.2. */
export const D2_PNUM = { sf1: u([[42, 4]]), sf5: u([[43, 7]]) } as const;

/**
 * D2 subframe 1 pages 1-10 (BDS-SIS-ICD-B1I-3.0 §5.3.2 Figures 5-16..5-25). Parameters split over two pages
 * are given as `..Msb` (signed, the leading part) and `..Lsb` (unsigned) and joined by their widths.
 */
// biome-ignore format: bit tables kept one field per line, as the ICD lists them
export const D2_SF1 = {
  p1: {
    satH1: u([[46, 1]]),
    aodc: u([[47, 5]]),
    urai: u([[60, 4]]),
    wn: u([[64, 13]]),
    toc_s: u([[77, 5], [90, 12]], 8),
    tgd1_s: s([[102, 10]], 1e-10),
    tgd2_s: s([[120, 10]], 1e-10),
  },
  p2: {
    alpha0: s([[46, 6], [60, 2]], P2(-30)),
    alpha1: s([[62, 8]], P2(-27)),
    alpha2: s([[70, 8]], P2(-24)),
    alpha3: s([[78, 4], [90, 4]], P2(-24)),
    beta0: s([[94, 8]], P2(11)),
    beta1: s([[102, 8]], P2(14)),
    beta2: s([[110, 2], [120, 6]], P2(16)),
    beta3: s([[126, 8]], P2(16)),
  },
  p3: {
    a0_s: s([[100, 12], [120, 12]], P2(-33)),
    /** a1, 4 MSBs of 22 (LSB of the whole field 2^-50 s/s). */
    a1Msb: s([[132, 4]]),
  },
  p4: {
    a1Lsb: u([[46, 6], [60, 12]]),
    a2_sps2: s([[72, 10], [90, 1]], P2(-66)),
    aode: u([[91, 5]]),
    deltaN_radps: s([[96, 16]], P2(-43) * SC),
    /** Cuc, 14 MSBs of 18 (LSB 2^-31 rad). */
    cucMsb: s([[120, 14]]),
  },
  p5: {
    cucLsb: u([[46, 4]]),
    m0_rad: s([[50, 2], [60, 22], [90, 8]], P2(-31) * SC),
    cus_rad: s([[98, 14], [120, 4]], P2(-31)),
    /** e, 10 MSBs of 32 (unsigned, LSB 2^-33). */
    eMsb: u([[124, 10]]),
  },
  p6: {
    eLsb: u([[46, 6], [60, 16]]),
    sqrtA_sqrtm: u([[76, 6], [90, 22], [120, 4]], P2(-19)),
    /** Cic, 10 MSBs of 18 (LSB 2^-31 rad). */
    cicMsb: s([[124, 10]]),
  },
  p7: {
    cicLsb: u([[46, 6], [60, 2]]),
    cis_rad: s([[62, 18]], P2(-31)),
    toe_s: u([[80, 2], [90, 15]], 8),
    /** i0, 21 MSBs of 32 (LSB 2^-31 semicircle). */
    i0Msb: s([[105, 7], [120, 14]]),
  },
  p8: {
    i0Lsb: u([[46, 6], [60, 5]]),
    crc_m: s([[65, 17], [90, 1]], P2(-6)),
    crs_m: s([[91, 18]], P2(-6)),
    /** OmegaDot, 19 MSBs of 24 (LSB 2^-43 semicircle/s). */
    omegaDotMsb: s([[109, 3], [120, 16]]),
  },
  p9: {
    omegaDotLsb: u([[46, 5]]),
    omega0_rad: s([[51, 1], [60, 22], [90, 9]], P2(-31) * SC),
    /** omega, 27 MSBs of 32 (LSB 2^-31 semicircle). */
    omegaMsb: s([[99, 13], [120, 14]]),
  },
  p10: {
    omegaLsb: u([[46, 5]]),
    iDot_radps: s([[51, 1], [60, 13]], P2(-43) * SC),
  },
} as const;

/** Leading (signed) and trailing (unsigned) parts of a parameter split across pages, joined. */
function joinSplit(buf1: Uint8Array, msb: BitField, buf2: Uint8Array, lsb: BitField, scale: number): number {
  return (fieldRaw(buf1, msb) * 2 ** fieldWidth(lsb) + fieldRaw(buf2, lsb)) * scale;
}

/** A subframe that passed its checks, as 300 bits (38 bytes) in ICD order. */
interface Subframe {
  readonly buf: Uint8Array;
  readonly sow: number;
  readonly offset?: number;
}

interface BdsSatState {
  /** D1 subframes 1..5 by FraID. */
  d1: (Subframe | undefined)[];
  /** D2 subframe 1 pages 1..10. */
  d2: (Subframe | undefined)[];
  /** Whether a subframe off the D1 time grid was seen (only D2 explains that). */
  d2Seen: boolean;
  lastEph?: string;
  lastIono?: string;
  lastUtc?: string;
  /** Latest BDT week from subframe 1 (for the UTC page). */
  week?: number;
}

export interface BdsDnavOptions {
  /**
   * "detect" (default): a word whose BCH syndrome is not zero makes the subframe unusable — right for
   * u-blox, which delivers words it has already corrected, so a remaining error means damage.
   * "correct": one error per codeword is corrected (raw demodulated words); two errors in one codeword are
   * then miscorrected, which the ICD's code cannot prevent.
   */
  readonly bch?: "detect" | "correct";
  /** Words 2-10 arrive interleaved as sent on air (default false: ICD order, as u-blox gives them). */
  readonly interleaved?: boolean;
}

/** The 300-bit subframe in ICD order after the BCH check; null (counted) when unusable. */
export function bdsSubframeBits(
  rec: NavWords,
  ctx: NavContext,
  opts: BdsDnavOptions = {},
): Uint8Array | null {
  const w = rec.words;
  if (w.length < 10) {
    ctx.stats.malformed++;
    ctx.report(
      "bad-record",
      `${satIdOf(rec.system, rec.prn)} ${rec.signal}: ${w.length} words, D1/D2 needs 10`,
      rec.offset,
    );
    return null;
  }
  const words = new Uint32Array(10);
  let bad = 0;
  for (let i = 0; i < 10; i++) {
    let x = w[i] & 0x3fffffff;
    if (opts.interleaved && i > 0) x = deinterleaveBdsWord(x);
    const nBad = bdsWordBadBlocks(x, i === 0);
    if (nBad > 0) {
      if (opts.bch === "correct") {
        x = correctBdsWord(x, i === 0);
        ctx.stats.bchCorrected += nBad;
      } else {
        bad += nBad;
      }
    }
    words[i] = x;
  }
  if (bad > 0) {
    ctx.stats.parityErrors++;
    ctx.report(
      "checksum",
      `${satIdOf(rec.system, rec.prn)} ${rec.signal}: BCH(15,11) check failed in ${bad} codeword(s)`,
      rec.offset,
    );
    return null;
  }
  const buf = packWords(words, 30);
  if (field(buf, DNAV_HEAD.pre) !== BDS_DNAV_PREAMBLE) {
    ctx.stats.malformed++;
    ctx.report("bad-record", `${satIdOf(rec.system, rec.prn)} ${rec.signal}: no D1/D2 preamble`, rec.offset);
    return null;
  }
  return buf;
}

/** BDS D1/D2 decoder: subframes in, ephemerides, Klobuchar parameters and BDT-UTC out as they complete. */
export class BdsDnavDecoder {
  private readonly sats = new Map<number, BdsSatState>();

  constructor(
    private readonly ctx: NavContext,
    private readonly opts: BdsDnavOptions = {},
  ) {}

  push(rec: NavWords, out: NavProduct[]): void {
    const buf = bdsSubframeBits(rec, this.ctx, this.opts);
    if (!buf) return;
    const fraId = field(buf, DNAV_HEAD.fraId);
    const sow = field(buf, DNAV_HEAD.sow_s);
    if (fraId < 1 || fraId > 5 || sow >= SECONDS_PER_WEEK) {
      this.ctx.stats.malformed++;
      this.ctx.report(
        "bad-record",
        `${satIdOf("C", rec.prn)} ${rec.signal}: subframe id ${fraId}, SOW ${sow} out of range`,
        rec.offset,
      );
      return;
    }
    let st = this.sats.get(rec.prn);
    if (!st) {
      st = { d1: [], d2: [], d2Seen: false };
      this.sats.set(rec.prn, st);
    }
    const sub: Subframe = { buf, sow, offset: rec.offset };
    const onD1Grid = sow % 30 === 6 * (fraId - 1);
    if (!onD1Grid) st.d2Seen = true;

    if (fraId === 1) {
      const page = field(buf, D2_PNUM.sf1);
      if (page >= 1 && page <= 10 && sow % 3 === 0) {
        st.d2[page] = sub;
        if (page === 2) this.d2Iono(rec, st, out);
        this.tryD2(rec, st, out);
      }
      if (onD1Grid) {
        st.d1[1] = sub;
        this.d1Iono(rec, st, out);
        this.tryD1(rec, st, out);
      }
    } else if (fraId === 2 || fraId === 3) {
      if (onD1Grid) {
        st.d1[fraId] = sub;
        this.tryD1(rec, st, out);
      }
    } else if (fraId === 5) {
      const pnum = field(buf, D1_SF5.pnum);
      if (onD1Grid && pnum === 10 && !st.d2Seen) this.utc(rec, st, sub, "D1", out);
      else if (pnum === 102) this.utc(rec, st, sub, "D2", out);
    }
  }

  private tryD1(rec: NavWords, st: BdsSatState, out: NavProduct[]): void {
    const [sf1, sf2, sf3] = [st.d1[1], st.d1[2], st.d1[3]];
    if (!sf1 || !sf2 || !sf3) return;
    if (sf2.sow !== sf1.sow + 6 || sf3.sow !== sf1.sow + 12) return;
    const b1 = sf1.buf;
    const b2 = sf2.buf;
    const b3 = sf3.buf;
    const week = field(b1, D1_SF1.wn);
    st.week = week;
    const toc_s = field(b1, D1_SF1.toc_s);
    const toe_s = (field(b2, D1_SF2.toeMsb) * 2 ** 15 + field(b3, D1_SF3.toeLsb)) * 8;
    const sqrtA = field(b2, D1_SF2.sqrtA_sqrtm);
    const e = field(b2, D1_SF2.e);
    const key = `D1|${toe_s}|${toc_s}|${field(b1, D1_SF1.aode)}|${field(b1, D1_SF1.aodc)}|${sqrtA}|${fieldRaw(b2, D1_SF2.m0_rad)}`;
    if (key === st.lastEph) return;
    if (toc_s !== toe_s || !plausibleOrbit(sqrtA, e)) {
      this.ctx.stats.rejected++;
      this.ctx.report(
        "bad-record",
        `${satIdOf("C", rec.prn)} D1: subframes 1-3 inconsistent (toc ${toc_s} s, toe ${toe_s} s, sqrtA ${sqrtA})`,
        rec.offset,
      );
      st.lastEph = key;
      return;
    }
    st.lastEph = key;
    const ttr = fromWeekTow("BDT", week, sf1.sow);
    this.noteWeek(week);
    const eph: KeplerEphemeris = {
      kind: "kepler",
      sat: satIdOf("C", rec.prn),
      message: "D1",
      toc: near(fromWeekTow("BDT", week, toc_s), ttr),
      toe: near(fromWeekTow("BDT", week, toe_s), ttr),
      ttr,
      af0_s: field(b1, D1_SF1.a0_s),
      af1_sps: field(b1, D1_SF1.a1_sps),
      af2_sps2: field(b1, D1_SF1.a2_sps2),
      sqrtA_sqrtm: sqrtA,
      e,
      i0_rad: field(b3, D1_SF3.i0_rad),
      omega0_rad: field(b3, D1_SF3.omega0_rad),
      omega_rad: field(b3, D1_SF3.omega_rad),
      m0_rad: field(b2, D1_SF2.m0_rad),
      deltaN_radps: field(b2, D1_SF2.deltaN_radps),
      iDot_radps: field(b3, D1_SF3.iDot_radps),
      omegaDot_radps: field(b3, D1_SF3.omegaDot_radps),
      cuc_rad: field(b2, D1_SF2.cuc_rad),
      cus_rad: field(b2, D1_SF2.cus_rad),
      crc_m: field(b2, D1_SF2.crc_m),
      crs_m: field(b2, D1_SF2.crs_m),
      cic_rad: field(b3, D1_SF3.cic_rad),
      cis_rad: field(b3, D1_SF3.cis_rad),
      aDot_mps: 0,
      deltaNDot_radps2: 0,
      iode: field(b1, D1_SF1.aode),
      iodc: field(b1, D1_SF1.aodc),
      health: field(b1, D1_SF1.satH1),
      ura_m: uraIndexToMetres(field(b1, D1_SF1.urai)),
      fitInterval_h: 0,
      groupDelays_s: { TGD1: field(b1, D1_SF1.tgd1_s), TGD2: field(b1, D1_SF1.tgd2_s) },
      satType: 0,
      dataSources: 0,
    };
    this.ctx.count("C:D1");
    out.push({ kind: "ephemeris", ephemeris: eph, signal: rec.signal, offset: rec.offset });
  }

  private tryD2(rec: NavWords, st: BdsSatState, out: NavProduct[]): void {
    const p = st.d2;
    const p1 = p[1];
    if (!p1) return;
    for (const k of [3, 4, 5, 6, 7, 8, 9, 10]) {
      const pk = p[k];
      if (!pk || pk.sow !== p1.sow + 3 * (k - 1)) return;
    }
    const b = (k: number): Uint8Array => (p[k] as Subframe).buf;
    const t = D2_SF1;
    const week = field(b(1), t.p1.wn);
    const toc_s = field(b(1), t.p1.toc_s);
    const toe_s = field(b(7), t.p7.toe_s);
    const sqrtA = field(b(6), t.p6.sqrtA_sqrtm);
    const e = joinSplit(b(5), t.p5.eMsb, b(6), t.p6.eLsb, P2(-33));
    const aode = field(b(4), t.p4.aode);
    const aodc = field(b(1), t.p1.aodc);
    const key = `D2|${toe_s}|${toc_s}|${aode}|${aodc}|${sqrtA}|${fieldRaw(b(5), t.p5.m0_rad)}`;
    if (key === st.lastEph) return;
    st.lastEph = key;
    if (toc_s !== toe_s || !plausibleOrbit(sqrtA, e)) {
      this.ctx.stats.rejected++;
      this.ctx.report(
        "bad-record",
        `${satIdOf("C", rec.prn)} D2: pages 1-10 inconsistent (toc ${toc_s} s, toe ${toe_s} s, sqrtA ${sqrtA})`,
        rec.offset,
      );
      return;
    }
    const ttr = fromWeekTow("BDT", week, p1.sow);
    this.noteWeek(week);
    const eph: KeplerEphemeris = {
      kind: "kepler",
      sat: satIdOf("C", rec.prn),
      message: "D2",
      toc: near(fromWeekTow("BDT", week, toc_s), ttr),
      toe: near(fromWeekTow("BDT", week, toe_s), ttr),
      ttr,
      af0_s: field(b(3), t.p3.a0_s),
      af1_sps: joinSplit(b(3), t.p3.a1Msb, b(4), t.p4.a1Lsb, P2(-50)),
      af2_sps2: field(b(4), t.p4.a2_sps2),
      sqrtA_sqrtm: sqrtA,
      e,
      i0_rad: joinSplit(b(7), t.p7.i0Msb, b(8), t.p8.i0Lsb, P2(-31) * SC),
      omega0_rad: field(b(9), t.p9.omega0_rad),
      omega_rad: joinSplit(b(9), t.p9.omegaMsb, b(10), t.p10.omegaLsb, P2(-31) * SC),
      m0_rad: field(b(5), t.p5.m0_rad),
      deltaN_radps: field(b(4), t.p4.deltaN_radps),
      iDot_radps: field(b(10), t.p10.iDot_radps),
      omegaDot_radps: joinSplit(b(8), t.p8.omegaDotMsb, b(9), t.p9.omegaDotLsb, P2(-43) * SC),
      cuc_rad: joinSplit(b(4), t.p4.cucMsb, b(5), t.p5.cucLsb, P2(-31)),
      cus_rad: field(b(5), t.p5.cus_rad),
      crc_m: field(b(8), t.p8.crc_m),
      crs_m: field(b(8), t.p8.crs_m),
      cic_rad: joinSplit(b(6), t.p6.cicMsb, b(7), t.p7.cicLsb, P2(-31)),
      cis_rad: field(b(7), t.p7.cis_rad),
      aDot_mps: 0,
      deltaNDot_radps2: 0,
      iode: aode,
      iodc: aodc,
      health: field(b(1), t.p1.satH1),
      ura_m: uraIndexToMetres(field(b(1), t.p1.urai)),
      fitInterval_h: 0,
      groupDelays_s: { TGD1: field(b(1), t.p1.tgd1_s), TGD2: field(b(1), t.p1.tgd2_s) },
      satType: 0,
      dataSources: 0,
    };
    this.ctx.count("C:D2");
    out.push({ kind: "ephemeris", ephemeris: eph, signal: rec.signal, offset: rec.offset });
  }

  private d1Iono(rec: NavWords, st: BdsSatState, out: NavProduct[]): void {
    const b = (st.d1[1] as Subframe).buf;
    const t = D1_SF1;
    st.week = field(b, t.wn);
    this.emitIono(
      rec,
      st,
      b,
      [t.alpha0, t.alpha1, t.alpha2, t.alpha3],
      [t.beta0, t.beta1, t.beta2, t.beta3],
      st.week,
      (st.d1[1] as Subframe).sow,
      out,
    );
  }

  private d2Iono(rec: NavWords, st: BdsSatState, out: NavProduct[]): void {
    const page2 = st.d2[2] as Subframe;
    const page1 = st.d2[1];
    // the week comes from page 1 of the same frame sequence (3 s before)
    const week = page1 && page1.sow === page2.sow - 3 ? field(page1.buf, D2_SF1.p1.wn) : st.week;
    if (page1 && page1.sow === page2.sow - 3) st.week = week;
    const t = D2_SF1.p2;
    this.emitIono(
      rec,
      st,
      page2.buf,
      [t.alpha0, t.alpha1, t.alpha2, t.alpha3],
      [t.beta0, t.beta1, t.beta2, t.beta3],
      week,
      page2.sow,
      out,
    );
  }

  private emitIono(
    rec: NavWords,
    st: BdsSatState,
    buf: Uint8Array,
    af: readonly BitField[],
    bf: readonly BitField[],
    week: number | undefined,
    sow: number,
    out: NavProduct[],
  ): void {
    const alpha = af.map((f) => field(buf, f)) as [number, number, number, number];
    const beta = bf.map((f) => field(buf, f)) as [number, number, number, number];
    const key = `${alpha.join(",")}|${beta.join(",")}`;
    if (key === st.lastIono) return;
    st.lastIono = key;
    const iono: IonoParameters = {
      kind: "klobuchar",
      system: "C",
      alpha,
      beta,
      time: week === undefined ? undefined : fromWeekTow("BDT", week, sow),
      sat: satIdOf("C", rec.prn),
    };
    this.ctx.count("iono:C");
    out.push({ kind: "iono", iono, signal: rec.signal, offset: rec.offset });
  }

  private utc(rec: NavWords, st: BdsSatState, sub: Subframe, kind: "D1" | "D2", out: NavProduct[]): void {
    const b = sub.buf;
    const t = DNAV_UTC;
    const a0 = field(b, t.a0Utc_s);
    const a1 = field(b, t.a1Utc_sps);
    const leap = field(b, t.deltaTLs_s);
    const key = `${a0}|${a1}|${leap}|${field(b, t.deltaTLsf_s)}|${field(b, t.wnLsf)}|${field(b, t.dn)}`;
    if (key === st.lastUtc) return;
    st.lastUtc = key;
    // BDT-UTC = dtLS + A0 + A1 tE, tE counted from the start of the BDT week (§5.2.4.18): the reference
    // instant is the week start, known once a subframe 1 (D1) or page 1 (D2) gave the week.
    const week =
      st.week ?? (this.ctx.gpsWeek === undefined ? undefined : this.ctx.gpsWeek - BDT_WEEK0_IN_GPS_WEEKS);
    const timeOffset: TimeOffsetParameters = {
      code: "BDUT",
      a0_s: a0,
      a1_sps: a1,
      tref: week === undefined ? undefined : fromWeekTow("BDT", week, 0),
    };
    this.ctx.count(`utc:BDUT:${kind}`);
    out.push({
      kind: "time-offset",
      timeOffset,
      leapSeconds: leap,
      sat: satIdOf("C", rec.prn),
      signal: rec.signal,
      offset: rec.offset,
    });
  }

  private noteWeek(bdtWeek: number): void {
    this.ctx.gpsWeek = bdtWeek + BDT_WEEK0_IN_GPS_WEEKS;
  }
}

/** Broadcast orbits of any GNSS: 1000 < sqrt(A) < 10000 m^0.5 (a from 1000 to 100000 km) and e < 0.5. */
export function plausibleOrbit(sqrtA: number, e: number): boolean {
  return sqrtA > 1000 && sqrtA < 10000 && e >= 0 && e < 0.5;
}

/** `t` moved by whole weeks to lie within half a week of `ref`. */
export function near(t: Instant, ref: Instant): Instant {
  const d = t.sec - ref.sec;
  if (d > SECONDS_PER_WEEK / 2) return { ...t, sec: t.sec - SECONDS_PER_WEEK };
  if (d < -SECONDS_PER_WEEK / 2) return { ...t, sec: t.sec + SECONDS_PER_WEEK };
  return t;
}
