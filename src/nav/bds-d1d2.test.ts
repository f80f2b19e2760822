// BDS D1/D2 (BDS-SIS-ICD-B1I-3.0 §5.2-5.3) on synthetic subframes: the field tables written with
// writeField, BCH-encoded, then decoded. Values come from an independent source (RTKLIB's RINEX record of
// C29 in ../shared/data, or ICD-range random values) and must come back within half an LSB. The D1/D2
// decision from SOW timing, the interleaved word option, the UTC pages and rejection of inconsistent sets
// are checked here; the real-data comparison with RTKLIB is in nav-message-decoder.test.ts.

import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { KeplerEphemeris } from "../orbits/ephemeris.js";
import { fromWeekTow } from "../time/instant.js";
import { encodeBdsWord, interleaveBdsWord } from "./bch15.js";
import {
  BdsDnavDecoder,
  D1_SF1,
  D1_SF2,
  D1_SF3,
  D1_SF5,
  D2_PNUM,
  D2_SF1,
  DNAV_HEAD,
  DNAV_UTC,
} from "./bds-d1d2.js";
import { type BitField, PI_ICD, readBits, writeField } from "./bit-field.js";
import { NavContext, type NavProduct, type NavWords } from "./nav-data.js";

/** C29 as RTKLIB wrote it (gpsd_ublox-zed-f9p-sfrbx.nav), the values a D1/D2 encoder is fed. */
const C29 = {
  week: 753,
  toe_s: 334800,
  af0_s: 0.2406896092e-3,
  af1_sps: 0.52029491826e-11,
  af2_sps2: 0,
  crs_m: 57.28125,
  deltaN_radps: 0.389409077594e-8,
  m0_rad: 0.133008438621,
  cuc_rad: 0.276928767562e-5,
  e: 0.302318832837e-3,
  cus_rad: 0.321678817272e-5,
  sqrtA_sqrtm: 5282.61883926,
  cic_rad: 0.321306288242e-7,
  omega0_rad: 2.0909494851,
  cis_rad: 0.42375177145e-7,
  i0_rad: 0.965119437121,
  crc_m: 298.046875,
  omega_rad: 1.3572142649,
  omegaDot_radps: -0.703386441726e-8,
  iDot_radps: 0.190722230061e-9,
  tgd1_s: 1e-10,
  tgd2_s: 1e-10,
  aode: 1,
  aodc: 1,
  urai: 0,
};

const KLOB = {
  alpha: [6 * 2 ** -30, 8 * 2 ** -27, -9 * 2 ** -24, 17 * 2 ** -24],
  beta: [135168, -475136, 5636096, -5963776],
};

type Fill = readonly (readonly [BitField, number])[];

/** A D1/D2 subframe in u-blox form: fields written, then every word BCH-encoded (ICD order). */
function subframe(fraId: number, sow: number, fill: Fill): Uint32Array {
  const buf = new Uint8Array(38);
  writeField(buf, DNAV_HEAD.pre, 0x712);
  writeField(buf, DNAV_HEAD.fraId, fraId);
  writeField(buf, DNAV_HEAD.sow_s, sow);
  for (const [f, v] of fill) writeField(buf, f, v);
  const words = new Uint32Array(10);
  for (let i = 0; i < 10; i++) words[i] = encodeBdsWord(readBits(buf, 30 * i, i === 0 ? 26 : 22), i === 0);
  return words;
}

function d1Frame(sow1: number, p: typeof C29): Uint32Array[] {
  const t1 = D1_SF1;
  const toe = p.toe_s / 8;
  return [
    subframe(1, sow1, [
      [t1.wn, p.week],
      [t1.toc_s, p.toe_s],
      [t1.aode, p.aode],
      [t1.aodc, p.aodc],
      [t1.urai, p.urai],
      [t1.tgd1_s, p.tgd1_s],
      [t1.tgd2_s, p.tgd2_s],
      [t1.a0_s, p.af0_s],
      [t1.a1_sps, p.af1_sps],
      [t1.a2_sps2, p.af2_sps2],
      [t1.alpha0, KLOB.alpha[0]],
      [t1.alpha1, KLOB.alpha[1]],
      [t1.alpha2, KLOB.alpha[2]],
      [t1.alpha3, KLOB.alpha[3]],
      [t1.beta0, KLOB.beta[0]],
      [t1.beta1, KLOB.beta[1]],
      [t1.beta2, KLOB.beta[2]],
      [t1.beta3, KLOB.beta[3]],
    ]),
    subframe(2, sow1 + 6, [
      [D1_SF2.deltaN_radps, p.deltaN_radps],
      [D1_SF2.cuc_rad, p.cuc_rad],
      [D1_SF2.m0_rad, p.m0_rad],
      [D1_SF2.e, p.e],
      [D1_SF2.cus_rad, p.cus_rad],
      [D1_SF2.crc_m, p.crc_m],
      [D1_SF2.crs_m, p.crs_m],
      [D1_SF2.sqrtA_sqrtm, p.sqrtA_sqrtm],
      [D1_SF2.toeMsb, Math.floor(toe / 2 ** 15)],
    ]),
    subframe(3, sow1 + 12, [
      [D1_SF3.toeLsb, toe % 2 ** 15],
      [D1_SF3.i0_rad, p.i0_rad],
      [D1_SF3.cic_rad, p.cic_rad],
      [D1_SF3.omegaDot_radps, p.omegaDot_radps],
      [D1_SF3.cis_rad, p.cis_rad],
      [D1_SF3.iDot_radps, p.iDot_radps],
      [D1_SF3.omega0_rad, p.omega0_rad],
      [D1_SF3.omega_rad, p.omega_rad],
    ]),
  ];
}

/** Raw integer split into MSB part (width - lsbWidth bits, kept signed) and LSB part. */
function split(value: number, lsb: number, width: number, lsbWidth: number): [number, number] {
  let raw = Math.round(value / lsb);
  if (raw < 0) raw += 2 ** width;
  const lo = raw % 2 ** lsbWidth;
  const hi = Math.floor(raw / 2 ** lsbWidth);
  const hiWidth = width - lsbWidth;
  return [hi >= 2 ** (hiWidth - 1) ? hi - 2 ** hiWidth : hi, lo];
}

/** The ten D2 subframe-1 pages of one data set (pages 1..10 at SOW, SOW + 3, ...). */
function d2Pages(sow1: number, p: typeof C29): Uint32Array[] {
  const t = D2_SF1;
  const [a1h, a1l] = split(p.af1_sps, 2 ** -50, 22, 18);
  const [cuch, cucl] = split(p.cuc_rad, 2 ** -31, 18, 4);
  const [eh, el] = split(p.e, 2 ** -33, 32, 22);
  const [cich, cicl] = split(p.cic_rad, 2 ** -31, 18, 8);
  const [i0h, i0l] = split(p.i0_rad, 2 ** -31 * PI_ICD, 32, 11);
  const [odh, odl] = split(p.omegaDot_radps, 2 ** -43 * PI_ICD, 24, 5);
  const [wh, wl] = split(p.omega_rad, 2 ** -31 * PI_ICD, 32, 5);
  const pages: Fill[] = [
    [
      [t.p1.wn, p.week],
      [t.p1.toc_s, p.toe_s],
      [t.p1.aodc, p.aodc],
      [t.p1.urai, p.urai],
      [t.p1.tgd1_s, p.tgd1_s],
      [t.p1.tgd2_s, p.tgd2_s],
    ],
    [
      [t.p2.alpha0, KLOB.alpha[0]],
      [t.p2.alpha1, KLOB.alpha[1]],
      [t.p2.alpha2, KLOB.alpha[2]],
      [t.p2.alpha3, KLOB.alpha[3]],
      [t.p2.beta0, KLOB.beta[0]],
      [t.p2.beta1, KLOB.beta[1]],
      [t.p2.beta2, KLOB.beta[2]],
      [t.p2.beta3, KLOB.beta[3]],
    ],
    [
      [t.p3.a0_s, p.af0_s],
      [t.p3.a1Msb, a1h],
    ],
    [
      [t.p4.a1Lsb, a1l],
      [t.p4.a2_sps2, p.af2_sps2],
      [t.p4.aode, p.aode],
      [t.p4.deltaN_radps, p.deltaN_radps],
      [t.p4.cucMsb, cuch],
    ],
    [
      [t.p5.cucLsb, cucl],
      [t.p5.m0_rad, p.m0_rad],
      [t.p5.cus_rad, p.cus_rad],
      [t.p5.eMsb, eh],
    ],
    [
      [t.p6.eLsb, el],
      [t.p6.sqrtA_sqrtm, p.sqrtA_sqrtm],
      [t.p6.cicMsb, cich],
    ],
    [
      [t.p7.cicLsb, cicl],
      [t.p7.cis_rad, p.cis_rad],
      [t.p7.toe_s, p.toe_s],
      [t.p7.i0Msb, i0h],
    ],
    [
      [t.p8.i0Lsb, i0l],
      [t.p8.crc_m, p.crc_m],
      [t.p8.crs_m, p.crs_m],
      [t.p8.omegaDotMsb, odh],
    ],
    [
      [t.p9.omegaDotLsb, odl],
      [t.p9.omega0_rad, p.omega0_rad],
      [t.p9.omegaMsb, wh],
    ],
    [
      [t.p10.omegaLsb, wl],
      [t.p10.iDot_radps, p.iDot_radps],
    ],
  ];
  return pages.map((fill, k) => subframe(1, sow1 + 3 * k, [[D2_PNUM.sf1, k + 1], ...fill]));
}

const rec = (prn: number, words: Uint32Array, signal = "B1I"): NavWords => ({
  system: "C",
  prn,
  signal,
  words,
});

function run(recs: readonly NavWords[], opts = {}): { out: NavProduct[]; ctx: NavContext } {
  const ctx = new NavContext();
  const dec = new BdsDnavDecoder(ctx, opts);
  const out: NavProduct[] = [];
  for (const r of recs) dec.push(r, out);
  return { out, ctx };
}

const ephs = (out: NavProduct[]): KeplerEphemeris[] =>
  out.flatMap((p) => (p.kind === "ephemeris" ? [p.ephemeris] : []));

/** Every decoded parameter within half an LSB of what was encoded. */
function expectHalfLsb(e: KeplerEphemeris, p: typeof C29): void {
  const SC = PI_ICD;
  const lsb: [keyof KeplerEphemeris & keyof typeof C29, number][] = [
    ["af0_s", 2 ** -33],
    ["af1_sps", 2 ** -50],
    ["af2_sps2", 2 ** -66],
    ["crs_m", 2 ** -6],
    ["crc_m", 2 ** -6],
    ["deltaN_radps", 2 ** -43 * SC],
    ["m0_rad", 2 ** -31 * SC],
    ["cuc_rad", 2 ** -31],
    ["cus_rad", 2 ** -31],
    ["cic_rad", 2 ** -31],
    ["cis_rad", 2 ** -31],
    ["e", 2 ** -33],
    ["sqrtA_sqrtm", 2 ** -19],
    ["omega0_rad", 2 ** -31 * SC],
    ["i0_rad", 2 ** -31 * SC],
    ["omega_rad", 2 ** -31 * SC],
    ["omegaDot_radps", 2 ** -43 * SC],
    ["iDot_radps", 2 ** -43 * SC],
  ];
  for (const [k, q] of lsb) {
    expect(Math.abs((e[k] as number) - (p[k] as number)), k).toBeLessThanOrEqual(
      q / 2 + 1e-15 * Math.abs(p[k] as number),
    );
  }
  expect(e.toe).toEqual(fromWeekTow("BDT", p.week, p.toe_s));
  expect(e.toc).toEqual(fromWeekTow("BDT", p.week, p.toe_s));
  expect(e.iode).toBe(p.aode);
  expect(e.iodc).toBe(p.aodc);
  expect(e.groupDelays_s.TGD1).toBeCloseTo(p.tgd1_s, 15);
  expect(e.ura_m).toBe(2);
}

describe("D1 (MEO/IGSO)", () => {
  it("subframes 1-3 at SOW, SOW+6, SOW+12 on the 30 s grid give one D1 ephemeris and Klobuchar", () => {
    const sow = 336480;
    const { out, ctx } = run(d1Frame(sow, C29).map((w) => rec(29, w)));
    const e = ephs(out);
    expect(e.map((x) => x.message)).toEqual(["D1"]);
    expectHalfLsb(e[0], C29);
    expect(e[0].ttr).toEqual(fromWeekTow("BDT", 753, sow));
    const iono = out.find((p) => p.kind === "iono");
    expect(iono?.kind === "iono" && iono.iono.kind === "klobuchar" && iono.iono.alpha).toEqual(KLOB.alpha);
    expect(ctx.gpsWeek).toBe(753 + 1356);
  });

  it("the same subframes interleaved as on air decode the same with the interleaved option", () => {
    const inter = d1Frame(336480, C29).map((w) => w.map((x, i) => (i === 0 ? x : interleaveBdsWord(x))));
    const a = ephs(
      run(
        inter.map((w) => rec(29, w)),
        { interleaved: true },
      ).out,
    );
    const b = ephs(run(d1Frame(336480, C29).map((w) => rec(29, w))).out);
    expect(a).toEqual(b);
    expect(a.length).toBe(1);
  });

  it("subframes out of sequence or toc != toe make no ephemeris", () => {
    const f = d1Frame(336480, C29);
    const later = d1Frame(336510, C29);
    expect(ephs(run([f[0], later[1], f[2]].map((w) => rec(29, w))).out)).toEqual([]);
    // subframe 3 of another data set (toe 338400 against toc 334800 in subframe 1)
    const bad = d1Frame(336480, C29);
    bad[2] = d1Frame(336480, { ...C29, toe_s: 338400 })[2];
    const r = run(bad.map((w) => rec(29, w)));
    expect(ephs(r.out)).toEqual([]);
    expect(r.ctx.stats.rejected).toBe(1);
  });

  fcTest.prop(
    [
      fc.record({
        sqrtA: fc.double({ min: 5000, max: 6600, noNaN: true }),
        e: fc.double({ min: 0, max: 0.02, noNaN: true }),
        m0: fc.double({ min: -3.14, max: 3.14, noNaN: true }),
        om0: fc.double({ min: -3.14, max: 3.14, noNaN: true }),
        w: fc.double({ min: -3.14, max: 3.14, noNaN: true }),
        af0: fc.double({ min: -9.7e-4, max: 9.7e-4, noNaN: true }), // 24 bits x 2^-33 s
        toe: fc.integer({ min: 0, max: 604799 >> 3 }),
        tgd: fc.integer({ min: -500, max: 500 }),
      }),
    ],
    { numRuns: 50 },
  )("random ICD-range values survive encode -> decode within half an LSB", (r) => {
    const p = {
      ...C29,
      sqrtA_sqrtm: r.sqrtA,
      e: r.e,
      m0_rad: r.m0,
      omega0_rad: r.om0,
      omega_rad: r.w,
      af0_s: r.af0,
      toe_s: r.toe * 8,
      tgd1_s: r.tgd * 1e-10,
    };
    const sow = 300000 - (300000 % 30);
    const e = ephs(run(d1Frame(sow, p).map((w) => rec(30, w))).out);
    expect(e.length).toBe(1);
    expectHalfLsb(
      { ...e[0], toe: fromWeekTow("BDT", p.week, p.toe_s), toc: fromWeekTow("BDT", p.week, p.toe_s) },
      p,
    );
  });

  it("subframe 5 page 10 gives BDT-UTC with the leap seconds", () => {
    const sow = 336480;
    const sf5 = subframe(5, sow + 24, [
      [D1_SF5.pnum, 10],
      [DNAV_UTC.deltaTLs_s, 4],
      [DNAV_UTC.deltaTLsf_s, 4],
      [DNAV_UTC.wnLsf, 100],
      [DNAV_UTC.a0Utc_s, -3 * 2 ** -30],
      [DNAV_UTC.a1Utc_sps, 5 * 2 ** -50],
      [DNAV_UTC.dn, 3],
    ]);
    const { out } = run([...d1Frame(sow, C29), sf5].map((w) => rec(29, w)));
    const utc = out.find((p) => p.kind === "time-offset");
    expect(utc?.kind === "time-offset" && utc.timeOffset).toEqual({
      code: "BDUT",
      a0_s: -3 * 2 ** -30,
      a1_sps: 5 * 2 ** -50,
      tref: fromWeekTow("BDT", 753, 0),
    });
    expect(utc?.kind === "time-offset" && utc.leapSeconds).toBe(4);
  });
});

describe("D2 (GEO), told apart by timing, never by PRN", () => {
  it("subframe 1 pages 1-10 at SOW + 3k give a D2 ephemeris, page 2 the Klobuchar parameters", () => {
    const sow = 336483; // off the D1 grid
    // interleave the D2 frames' other subframes as a GEO broadcasts them (they are ignored)
    const recs: NavWords[] = [];
    for (const [k, page] of d2Pages(sow, C29).entries()) {
      recs.push(rec(29, page));
      recs.push(rec(29, subframe(2, sow + 3 * k, [])));
    }
    const { out, ctx } = run(recs);
    const e = ephs(out);
    expect(e.map((x) => x.message)).toEqual(["D2"]);
    expectHalfLsb(e[0], C29);
    expect(e[0].sat).toBe("C29"); // a PRN no table calls GEO: the message decided
    const iono = out.find((p) => p.kind === "iono");
    expect(iono?.kind === "iono" && iono.iono.kind === "klobuchar" && iono.iono.beta).toEqual(KLOB.beta);
    expect(ctx.stats.rejected).toBe(0);
  });

  it("a D2 page 1 that happens to sit on the D1 grid does not make a D1 ephemeris", () => {
    const sow = 336480; // page 1 at a multiple of 30 s
    const { out } = run(d2Pages(sow, C29).map((w) => rec(1, w)));
    expect(ephs(out).map((x) => x.message)).toEqual(["D2"]);
  });

  it("pages with a gap in the SOW chain wait for the next complete set", () => {
    const pages = d2Pages(336483, C29);
    const next = d2Pages(336483 + 30, C29);
    expect(ephs(run([...pages.slice(0, 5), ...next.slice(5)].map((w) => rec(1, w))).out)).toEqual([]);
  });

  it("subframe 5 page 102 gives BDT-UTC", () => {
    const sf5 = subframe(5, 336486, [
      [D2_PNUM.sf5, 102],
      [DNAV_UTC.deltaTLs_s, 4],
      [DNAV_UTC.a0Utc_s, 7 * 2 ** -30],
    ]);
    const { out } = run([rec(2, sf5)]);
    const utc = out.find((p) => p.kind === "time-offset");
    expect(utc?.kind === "time-offset" && utc.timeOffset.a0_s).toBe(7 * 2 ** -30);
  });
});

describe("bad subframes", () => {
  it("BCH failures, short records and a wrong preamble are counted, with the record's offset", () => {
    const f = d1Frame(336480, C29);
    const hit = Uint32Array.from(f[1]);
    hit[4] ^= 1 << 20;
    const noPre = Uint32Array.from(f[0]);
    noPre[0] = encodeBdsWord(0x12345, true); // a valid codeword without the preamble
    const { out, ctx } = run([
      rec(29, f[0]),
      { ...rec(29, hit), offset: 1234 },
      rec(29, f[2]),
      rec(29, f[0].subarray(0, 5)),
      rec(29, noPre),
    ]);
    expect(ephs(out)).toEqual([]);
    expect(ctx.stats.parityErrors).toBe(1);
    expect(ctx.stats.malformed).toBe(2);
    expect(ctx.issues[0]).toMatchObject({ code: "checksum", byteOffset: 1234 });
  });
});
