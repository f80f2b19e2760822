// BDS-SIS-ICD-B1C-1.0 §6.2 (B-CNAV1 frame: subframe 1 = PRN and SOH as BCH(21,6) and BCH(51,8) codewords,
// subframe 2 = 600 bits, subframe 3 = 264 bits, both ending in CRC-24Q) and §7 (parameters);
// BDS-SIS-ICD-B2a-1.0 §6.2 (B-CNAV2: 288-bit messages PRN | MesType | SOW | data | CRC-24Q, types 10, 11,
// 30-34, 40) and §7. LDPC decoding and block de-interleaving happen in the receiver; what is decoded here are
// the information bits u-blox delivers (ubx-sfrbx-words.ts), CRC checked.
//
// Bit positions are 0-based from the first bit of the subframe/message; scales are the ICDs' LSBs in SI
// (semicircles -> radians). The orbit is broadcast as delta-A from a reference axis chosen by the satellite
// type (§7.7: A_ref = 27906100 m for MEO, 42162200 m for IGSO and GEO); sqrt(A0) = sqrt(A_ref + delta-A)
// is what KeplerEphemeris and RINEX 4 carry, next to A-dot and delta-n0-dot.

import type { IonoParameters, KeplerEphemeris, TimeOffsetParameters } from "../orbits/ephemeris.js";
import { CNAV_A_REF_m } from "../orbits/system-constants.js";
import { BDT_WEEK0_IN_GPS_WEEKS, fromWeekTow, type Instant, resolveWeekRollover } from "../time/instant.js";
import { near, plausibleOrbit } from "./bds-d1d2.js";
import { type BitField, field, fieldRaw, PI_ICD, packWords, readBits, s, u } from "./bit-field.js";
import { crc24qMatches } from "./crc24q.js";
import type { NavContext, NavProduct, NavWords } from "./nav-data.js";
import { satIdOf } from "./nav-data.js";

const P2 = (n: number): number => 2 ** n;
const SC = PI_ICD;

/** Ephemeris I (203 bits) at offset `o`: B1C subframe 2 / B2a message type 10 (§7.7, Table 7-4). */
const ephemeris1 = (o: number) =>
  ({
    /** Ephemeris reference time (s of BDT week), LSB 300 s. */
    toe_s: u([[o, 11]], 300),
    /** Satellite orbit type: 1 GEO, 2 IGSO, 3 MEO (§7.7). */
    satType: u([[o + 11, 2]]),
    /** Semi-major axis difference from A_ref (m), LSB 2^-9 m. */
    deltaA_m: s([[o + 13, 26]], P2(-9)),
    /** Change rate of the semi-major axis (m/s), LSB 2^-21 m/s. */
    aDot_mps: s([[o + 39, 25]], P2(-21)),
    /** Mean motion difference (rad/s), LSB 2^-44 semicircle/s. */
    deltaN_radps: s([[o + 64, 17]], P2(-44) * SC),
    /** Rate of the mean motion difference (rad/s^2), LSB 2^-57 semicircle/s^2. */
    deltaNDot_radps2: s([[o + 81, 23]], P2(-57) * SC),
    m0_rad: s([[o + 104, 33]], P2(-32) * SC),
    e: u([[o + 137, 33]], P2(-34)),
    omega_rad: s([[o + 170, 33]], P2(-32) * SC),
  }) as const;

/** Ephemeris II (222 bits) at offset `o`: B1C subframe 2 / B2a message type 11 (§7.7, Table 7-4). */
const ephemeris2 = (o: number) =>
  ({
    omega0_rad: s([[o, 33]], P2(-32) * SC),
    i0_rad: s([[o + 33, 33]], P2(-32) * SC),
    omegaDot_radps: s([[o + 66, 19]], P2(-44) * SC),
    iDot_radps: s([[o + 85, 15]], P2(-44) * SC),
    cis_rad: s([[o + 100, 16]], P2(-30)),
    cic_rad: s([[o + 116, 16]], P2(-30)),
    crs_m: s([[o + 132, 24]], P2(-8)),
    crc_m: s([[o + 156, 24]], P2(-8)),
    cus_rad: s([[o + 180, 21]], P2(-30)),
    cuc_rad: s([[o + 201, 21]], P2(-30)),
  }) as const;

/** Clock correction parameters (69 bits) at offset `o` (§7.5, Table 7-2). */
const clock = (o: number) =>
  ({
    toc_s: u([[o, 11]], 300),
    a0_s: s([[o + 11, 25]], P2(-34)),
    a1_sps: s([[o + 36, 22]], P2(-50)),
    a2_sps2: s([[o + 58, 11]], P2(-66)),
  }) as const;

/** BDGIM parameters (74 bits) at offset `o` (§7.8, Table 7-15): alpha1..alpha9 (TECu), LSB 2^-3 TECu. */
const bdgim = (o: number): readonly BitField[] => [
  u([[o, 10]], P2(-3)), // alpha1, 0..64 TECu
  s([[o + 10, 8]], P2(-3)),
  u([[o + 18, 8]], P2(-3)), // alpha3, 0..32
  u([[o + 26, 8]], P2(-3)), // alpha4, 0..32
  u([[o + 34, 8]], -P2(-3)), // alpha5, -32..0: the magnitude is broadcast
  s([[o + 42, 8]], P2(-3)),
  s([[o + 50, 8]], P2(-3)),
  s([[o + 58, 8]], P2(-3)),
  s([[o + 66, 8]], P2(-3)),
];

/** BDT-UTC parameters (97 bits) at offset `o` (§7.10, Table 7-17). */
const bdtUtc = (o: number) =>
  ({
    a0Utc_s: s([[o, 16]], P2(-35)),
    a1Utc_sps: s([[o + 16, 13]], P2(-51)),
    a2Utc_sps2: s([[o + 29, 7]], P2(-68)),
    deltaTLs_s: s([[o + 36, 8]]),
    tot_s: u([[o + 44, 16]], 16),
    wnot: u([[o + 60, 13]]),
    wnLsf: u([[o + 73, 13]]),
    dn: u([[o + 86, 3]]),
    deltaTLsf_s: s([[o + 89, 8]]),
  }) as const;

/** B-CNAV1 subframe 2 (BDS-SIS-ICD-B1C-1.0 §6.2.3, Figure 6-9). */
export const CNV1_SF2 = {
  wn: u([[0, 13]]),
  /** Hour of week. */
  how_h: u([[13, 8]]),
  iodc: u([[21, 10]]),
  iode: u([[31, 8]]),
  eph1: ephemeris1(39),
  eph2: ephemeris2(242),
  clock: clock(464),
  /** Group delay differential of the B2a pilot (s), LSB 2^-34 s (§7.6). */
  tgdB2ap_s: s([[533, 12]], P2(-34)),
  /** Inter-signal correction of the B1C data component (s), LSB 2^-34 s. */
  iscB1Cd_s: s([[545, 12]], P2(-34)),
  /** Group delay differential of the B1C pilot (s), LSB 2^-34 s. */
  tgdB1Cp_s: s([[557, 12]], P2(-34)),
} as const;

/** B-CNAV1 subframe 3 (§6.2.3, Figures 6-10..6-13): page type, health and integrity, page 1 contents. */
export const CNV1_SF3 = {
  pageType: u([[0, 6]]),
  /** Satellite health status (0 healthy). */
  hs: u([[6, 2]]),
  page1: { bdgim: bdgim(42), utc: bdtUtc(116) },
} as const;

/** B-CNAV2 messages (BDS-SIS-ICD-B2a-1.0 §6.2.3, Figures 6-4..6-11). */
export const CNV2_MSG = {
  prn: u([[0, 6]]),
  type: u([[6, 6]]),
  /** Seconds of week (s), LSB 3 s. */
  sow_s: u([[12, 18]], 3),
  t10: { wn: u([[30, 13]]), iode: u([[53, 8]]), eph1: ephemeris1(61) },
  t11: { hs: u([[30, 2]]), eph2: ephemeris2(42) },
  /** Types 30, 31, 32: clock at 42 and IODC at 111; 30 also group delays, BDGIM and TGD_B1Cp. */
  t30: {
    hs: u([[30, 2]]),
    clock: clock(42),
    iodc: u([[111, 10]]),
    tgdB2ap_s: s([[121, 12]], P2(-34)),
    iscB2ad_s: s([[133, 12]], P2(-34)),
    bdgim: bdgim(145),
    tgdB1Cp_s: s([[219, 12]], P2(-34)),
  },
  t33: { clock: clock(42), iodc: u([[217, 10]]) },
  t34: { clock: clock(64), iodc: u([[133, 10]]), utc: bdtUtc(143) },
} as const;

// ---- B-CNAV1 subframe 1: BCH(21,6) PRN and BCH(51,8) SOH (§6.2.2.1) ----

/** Codeword of `value` from the ICD's shift-register encoder (taps `tap`, `n` information bits). */
function lfsrCodeword(value: number, length: number, n: number, tap: number): number[] {
  let r = 0;
  for (let i = 0; i < n; i++) r = (r << 1) | ((value >> i) & 1); // MSB leaves first
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    out.push(r & 1);
    let fb = r & tap;
    fb ^= fb >> 4;
    fb ^= fb >> 2;
    fb ^= fb >> 1;
    r = ((fb & 1) << (n - 1)) | (r >> 1);
  }
  return out;
}

interface CodeTable {
  readonly words: readonly (readonly number[])[];
  /** Errors correctable: floor((dmin - 1) / 2). */
  readonly t: number;
}

function codeTable(count: number, first: number, length: number, n: number, tap: number): CodeTable {
  const words: number[][] = [];
  for (let v = first; v < first + count; v++) words.push(lfsrCodeword(v, length, n, tap));
  let dmin = length;
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      let d = 0;
      for (let k = 0; k < length; k++) d += words[i][k] ^ words[j][k];
      if (d < dmin) dmin = d;
    }
  }
  return { words, t: Math.floor((dmin - 1) / 2) };
}

let prnCodes: CodeTable | undefined;
let sohCodes: CodeTable | undefined;

/** Nearest codeword index within the correctable distance, -1 otherwise. */
function nearest(table: CodeTable, bits: Uint8Array, start: number): number {
  const len = table.words[0].length;
  let best = -1;
  let bestD = len + 1;
  for (let i = 0; i < table.words.length; i++) {
    const w = table.words[i];
    let d = 0;
    for (let k = 0; k < len && d < bestD; k++) d += w[k] ^ readBits(bits, start + k, 1);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return bestD <= table.t ? best : -1;
}

/** PRN (1..63) and SOH (0..199, units of 18 s) of the 72 subframe-1 symbols; null when undecodable. */
export function decodeCnv1Subframe1(bits: Uint8Array): { prn: number; soh: number } | null {
  prnCodes ??= codeTable(63, 1, 21, 6, 0x17);
  sohCodes ??= codeTable(200, 0, 51, 8, 0x9f);
  const p = nearest(prnCodes, bits, 0);
  const h = nearest(sohCodes, bits, 21);
  return p < 0 || h < 0 ? null : { prn: p + 1, soh: h };
}

/** The 72 subframe-1 symbols of a PRN and SOH (encoder, for tests and simulators). */
export function encodeCnv1Subframe1(prn: number, soh: number): Uint8Array {
  const bits = [...lfsrCodeword(prn, 21, 6, 0x17), ...lfsrCodeword(soh, 51, 8, 0x9f)];
  const out = new Uint8Array(9);
  bits.forEach((b, i) => {
    if (b) out[i >> 3] |= 0x80 >> (i & 7);
  });
  return out;
}

// ---- decoder ----

interface Msg {
  readonly buf: Uint8Array;
  readonly sow: number;
}

interface CnavSatState {
  /** B-CNAV1: SOH of the latest subframe 1, until the next subframe 2 uses it. */
  soh?: number;
  cnv1Hs?: number;
  /** Start of the hour of the latest B-CNAV1 subframe 2 (subframe 3 carries no time). */
  cnv1Hour?: Instant;
  t10?: Msg;
  t11?: Msg;
  clk?: Msg & { readonly type: number };
  t30?: Msg;
  lastCnv1?: string;
  lastCnv2?: string;
  lastIono?: string;
  lastUtc?: string;
}

/** The sqrt of the semi-major axis from delta-A and the satellite type (§7.7). */
function sqrtA0(satType: number, deltaA_m: number): number {
  const aRef = satType === 3 ? CNAV_A_REF_m.BDS_MEO : CNAV_A_REF_m.BDS_IGSO_GEO;
  return Math.sqrt(aRef + deltaA_m);
}

/** BDS B-CNAV1 (B1C) and B-CNAV2 (B2a) decoder. */
export class BdsCnavDecoder {
  private readonly sats = new Map<number, CnavSatState>();

  constructor(private readonly ctx: NavContext) {}

  private state(prn: number): CnavSatState {
    let st = this.sats.get(prn);
    if (!st) {
      st = {};
      this.sats.set(prn, st);
    }
    return st;
  }

  /** One B1C data-component record: subframe 1 (3 words), 2 (19 words) or 3 (9 words). */
  pushB1c(rec: NavWords, out: NavProduct[]): void {
    const n = rec.words.length;
    const sat = satIdOf("C", rec.prn);
    const bits = packWords(rec.words, 32);
    const st = this.state(rec.prn);
    if (n >= 3 && n < 9) {
      const sf1 = decodeCnv1Subframe1(bits);
      if (!sf1 || sf1.prn !== rec.prn) {
        this.ctx.stats.malformed++;
        this.ctx.report("bad-record", `${sat} B1C: subframe 1 symbols do not decode to this PRN`, rec.offset);
        return;
      }
      st.soh = sf1.soh;
      return;
    }
    const nBits = n >= 19 ? 600 : n >= 9 ? 264 : 0;
    if (nBits === 0) {
      this.ctx.stats.malformed++;
      this.ctx.report("bad-record", `${sat} B1C: ${n} words fit no B-CNAV1 subframe`, rec.offset);
      return;
    }
    if (!crc24qMatches(bits, 0, nBits - 24)) {
      this.ctx.stats.crcErrors++;
      this.ctx.report("checksum", `${sat} B1C: subframe ${nBits === 600 ? 2 : 3} CRC-24Q failed`, rec.offset);
      return;
    }
    if (nBits === 600) this.cnv1Subframe2(rec, st, bits, out);
    else this.cnv1Subframe3(rec, st, bits, out);
  }

  private cnv1Subframe2(rec: NavWords, st: CnavSatState, b: Uint8Array, out: NavProduct[]): void {
    const t = CNV1_SF2;
    const soh = st.soh;
    st.soh = undefined;
    const key = `${field(b, t.iodc)}|${field(b, t.iode)}|${field(b, t.eph1.toe_s)}|${fieldRaw(b, t.eph1.m0_rad)}|${fieldRaw(b, t.clock.a0_s)}`;
    if (key === st.lastCnv1) return;
    st.lastCnv1 = key;
    const week = field(b, t.wn);
    const hourStart = fromWeekTow("BDT", week, field(b, t.how_h) * 3600);
    st.cnv1Hour = hourStart;
    const ttr = soh === undefined ? undefined : fromWeekTow("BDT", week, field(b, t.how_h) * 3600 + soh * 18);
    const eph = this.ephemeris(rec, "CNV1", b, t.eph1, b, t.eph2, b, t.clock, week, hourStart, ttr, {
      iode: field(b, t.iode),
      iodc: field(b, t.iodc),
      health: st.cnv1Hs ?? 0,
      groupDelays_s: {
        TGD_B1Cp: field(b, t.tgdB1Cp_s),
        TGD_B2ap: field(b, t.tgdB2ap_s),
        ISC_B1Cd: field(b, t.iscB1Cd_s),
      },
    });
    if (!eph) return;
    this.ctx.count("C:CNV1");
    out.push({ kind: "ephemeris", ephemeris: eph, signal: rec.signal, offset: rec.offset });
  }

  private cnv1Subframe3(rec: NavWords, st: CnavSatState, b: Uint8Array, out: NavProduct[]): void {
    st.cnv1Hs = field(b, CNV1_SF3.hs);
    const page = field(b, CNV1_SF3.pageType);
    this.ctx.count(`C:CNV1:sf3-page${page}`);
    if (page !== 1) return;
    this.emitIono(rec, st, b, CNV1_SF3.page1.bdgim, st.cnv1Hour, out);
    this.emitUtc(rec, st, b, CNV1_SF3.page1.utc, this.bdtWeek(), out);
  }

  /** One B2a data-component record: a 288-bit B-CNAV2 message (9 words). */
  pushB2a(rec: NavWords, out: NavProduct[]): void {
    const sat = satIdOf("C", rec.prn);
    if (rec.words.length < 9) {
      this.ctx.stats.malformed++;
      this.ctx.report("bad-record", `${sat} B2a: ${rec.words.length} words, B-CNAV2 needs 9`, rec.offset);
      return;
    }
    const b = packWords(rec.words, 32, 9);
    if (!crc24qMatches(b, 0, 264)) {
      this.ctx.stats.crcErrors++;
      this.ctx.report("checksum", `${sat} B2a: message CRC-24Q failed`, rec.offset);
      return;
    }
    const m = CNV2_MSG;
    const prn = field(b, m.prn);
    const type = field(b, m.type);
    if (prn !== rec.prn) {
      this.ctx.stats.malformed++;
      this.ctx.report("bad-record", `${sat} B2a: message PRN ${prn}`, rec.offset);
      return;
    }
    this.ctx.count(`C:CNV2:type${type}`);
    const st = this.state(prn);
    const msg: Msg = { buf: b, sow: field(b, m.sow_s) };
    switch (type) {
      case 10:
        st.t10 = msg;
        break;
      case 11:
        st.t11 = msg;
        break;
      case 30:
        st.t30 = msg;
        st.clk = { ...msg, type };
        {
          const week = this.bdtWeek();
          this.emitIono(
            rec,
            st,
            b,
            m.t30.bdgim,
            week === undefined ? undefined : fromWeekTow("BDT", week, msg.sow),
            out,
          );
        }
        break;
      case 31:
      case 32:
      case 33:
      case 34:
        st.clk = { ...msg, type };
        if (type === 34) this.emitUtc(rec, st, b, m.t34.utc, this.bdtWeek(), out);
        break;
      default:
        return;
    }
    this.tryCnv2(rec, st, out);
  }

  private tryCnv2(rec: NavWords, st: CnavSatState, out: NavProduct[]): void {
    const { t10, t11, clk, t30 } = st;
    if (!t10 || !t11 || !clk || !t30) return;
    const m = CNV2_MSG;
    const iode = field(t10.buf, m.t10.iode);
    // Ephemeris II follows its ephemeris I (types 10 and 11 carry no common issue of data); the clock and
    // group delays are of the same data set when IODE equals the 8 LSBs of IODC (§7.4.3).
    if (t11.sow <= t10.sow || t11.sow - t10.sow > 60) return;
    const clockLayout = clk.type === 34 ? m.t34 : clk.type === 33 ? m.t33 : m.t30;
    const iodc = field(clk.buf, clockLayout.iodc);
    if ((iodc & 0xff) !== iode || field(t30.buf, m.t30.iodc) !== iodc) return;
    if (Math.abs(clk.sow - t10.sow) > 120) return;
    const toe_s = field(t10.buf, m.t10.eph1.toe_s);
    const key = `${iode}|${iodc}|${toe_s}|${fieldRaw(t10.buf, m.t10.eph1.m0_rad)}|${fieldRaw(t11.buf, m.t11.eph2.i0_rad)}|${fieldRaw(clk.buf, clockLayout.clock.a0_s)}`;
    if (key === st.lastCnv2) return;
    st.lastCnv2 = key;
    const week = field(t10.buf, m.t10.wn);
    const ttr = fromWeekTow("BDT", week, t10.sow);
    const eph = this.ephemeris(
      rec,
      "CNV2",
      t10.buf,
      m.t10.eph1,
      t11.buf,
      m.t11.eph2,
      clk.buf,
      clockLayout.clock,
      week,
      ttr,
      ttr,
      {
        iode,
        iodc,
        health: field(t11.buf, m.t11.hs),
        groupDelays_s: {
          TGD_B1Cp: field(t30.buf, m.t30.tgdB1Cp_s),
          TGD_B2ap: field(t30.buf, m.t30.tgdB2ap_s),
          ISC_B2ad: field(t30.buf, m.t30.iscB2ad_s),
        },
      },
    );
    if (!eph) return;
    this.ctx.count("C:CNV2");
    out.push({ kind: "ephemeris", ephemeris: eph, signal: rec.signal, offset: rec.offset });
  }

  private ephemeris(
    rec: NavWords,
    message: "CNV1" | "CNV2",
    b1: Uint8Array,
    e1: ReturnType<typeof ephemeris1>,
    b2: Uint8Array,
    e2: ReturnType<typeof ephemeris2>,
    bc: Uint8Array,
    c: ReturnType<typeof clock>,
    week: number,
    ref: Instant,
    ttr: Instant | undefined,
    rest: Pick<KeplerEphemeris, "iode" | "iodc" | "health" | "groupDelays_s">,
  ): KeplerEphemeris | null {
    const sat = satIdOf("C", rec.prn);
    const satType = field(b1, e1.satType);
    const sqrtA = sqrtA0(satType, field(b1, e1.deltaA_m));
    const e = field(b1, e1.e);
    if (satType === 0 || !plausibleOrbit(sqrtA, e)) {
      this.ctx.stats.rejected++;
      this.ctx.report(
        "bad-record",
        `${sat} ${message}: satellite type ${satType}, sqrtA ${sqrtA}`,
        rec.offset,
      );
      return null;
    }
    this.ctx.gpsWeek = week + BDT_WEEK0_IN_GPS_WEEKS;
    return {
      kind: "kepler",
      sat,
      message,
      toc: near(fromWeekTow("BDT", week, field(bc, c.toc_s)), ref),
      toe: near(fromWeekTow("BDT", week, field(b1, e1.toe_s)), ref),
      ttr,
      af0_s: field(bc, c.a0_s),
      af1_sps: field(bc, c.a1_sps),
      af2_sps2: field(bc, c.a2_sps2),
      sqrtA_sqrtm: sqrtA,
      e,
      i0_rad: field(b2, e2.i0_rad),
      omega0_rad: field(b2, e2.omega0_rad),
      omega_rad: field(b1, e1.omega_rad),
      m0_rad: field(b1, e1.m0_rad),
      deltaN_radps: field(b1, e1.deltaN_radps),
      iDot_radps: field(b2, e2.iDot_radps),
      omegaDot_radps: field(b2, e2.omegaDot_radps),
      cuc_rad: field(b2, e2.cuc_rad),
      cus_rad: field(b2, e2.cus_rad),
      crc_m: field(b2, e2.crc_m),
      crs_m: field(b2, e2.crs_m),
      cic_rad: field(b2, e2.cic_rad),
      cis_rad: field(b2, e2.cis_rad),
      aDot_mps: field(b1, e1.aDot_mps),
      deltaNDot_radps2: field(b1, e1.deltaNDot_radps2),
      ...rest,
      // SISAI indexes are not mapped to metres (ICD §7.11 gives them per component)
      ura_m: Number.NaN,
      fitInterval_h: 0,
      satType,
      dataSources: 0,
    };
  }

  private bdtWeek(): number | undefined {
    return this.ctx.gpsWeek === undefined ? undefined : this.ctx.gpsWeek - BDT_WEEK0_IN_GPS_WEEKS;
  }

  private emitIono(
    rec: NavWords,
    st: CnavSatState,
    b: Uint8Array,
    fields: readonly BitField[],
    time: Instant | undefined,
    out: NavProduct[],
  ): void {
    const alpha = fields.map((f) => field(b, f) + 0); // + 0: no -0 for a zero alpha5
    const key = alpha.join(",");
    if (key === st.lastIono) return;
    st.lastIono = key;
    const iono: IonoParameters = {
      kind: "bdgim",
      alpha,
      time,
      sat: satIdOf("C", rec.prn),
    };
    this.ctx.count("iono:C:bdgim");
    out.push({ kind: "iono", iono, signal: rec.signal, offset: rec.offset });
  }

  private emitUtc(
    rec: NavWords,
    st: CnavSatState,
    b: Uint8Array,
    t: ReturnType<typeof bdtUtc>,
    week: number | undefined,
    out: NavProduct[],
  ): void {
    const a0 = field(b, t.a0Utc_s);
    const a1 = field(b, t.a1Utc_sps);
    const leap = field(b, t.deltaTLs_s);
    const wnot = field(b, t.wnot);
    const tot = field(b, t.tot_s);
    const key = `${a0}|${a1}|${leap}|${wnot}|${tot}`;
    if (key === st.lastUtc) return;
    st.lastUtc = key;
    const fullWeek = week === undefined ? wnot : resolveWeekRollover(wnot, 13, week);
    const timeOffset: TimeOffsetParameters = {
      code: "BDUT",
      a0_s: a0,
      a1_sps: a1,
      tref: fromWeekTow("BDT", fullWeek, tot),
    };
    this.ctx.count("utc:BDUT:CNAV");
    out.push({
      kind: "time-offset",
      timeOffset,
      leapSeconds: leap,
      sat: satIdOf("C", rec.prn),
      signal: rec.signal,
      offset: rec.offset,
    });
  }
}
