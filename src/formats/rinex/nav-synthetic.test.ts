// RINEX navigation records written here by hand, field by field from the format tables (RINEX 2.11 Tables
// A3/A4/A10/A11, RINEX 4.00 Tables A33-A38 and A48-A50), with the values asserted as written: Fortran D
// exponents, leading-dot mantissas, numbers running together, short last lines, RINEX 2 GLONASS day wrap.

import { describe, expect, it } from "vitest";
import type { GlonassEphemeris, KeplerEphemeris } from "../../orbits/ephemeris.js";
import { formatCalendar, toWeekTow } from "../../time/instant.js";
import { parseRinexNav } from "./nav.js";

const hl = (content: string, label: string) => `${content.padEnd(60)}${label}`;

describe("RINEX 2.11 GPS navigation (hand-written records)", () => {
  const text = [
    hl("     2.11           N: GPS NAV DATA", "RINEX VERSION / TYPE"),
    hl("XXRINEXN V2.10      AIUB                3-SEP-99 15:22", "PGM / RUN BY / DATE"),
    hl("     .1676D-07   .2235D-07  -.1192D-06  -.1192D-06", "ION ALPHA"),
    hl("     .1208D+06   .1310D+06  -.1310D+06  -.1966D+06", "ION BETA"),
    hl("     .133179128170D-06  .107469588780D-12   552960     1025", "DELTA-UTC: A0,A1,T,W"),
    hl("    13", "LEAP SECONDS"),
    hl("", "END OF HEADER"),
    " 6 99  9  2 17 51 44.0 -.839701388031D-03 -.165982783074D-10  .000000000000D+00",
    "     .910000000000D+02  .934062500000D+02  .116040547840D-08  .162092304801D+00",
    "     .484101474285D-05  .626740418375D-02  .652112066746D-05  .515365489006D+04",
    "     .409904000000D+06 -.242143869400D-07  .329237003460D+00 -.596046447754D-07",
    "     .111541663136D+01  .326593750000D+03  .206958726335D+01 -.638312302555D-08",
    "     .307155651409D-09  .000000000000D+00  .102500000000D+04  .000000000000D+00",
    "     .000000000000D+00  .000000000000D+00  .000000000000D+00  .910000000000D+02",
    "     .406800000000D+06  .000000000000D+00",
    // 19-character numbers run together; short last line without the fit interval
    "13 99  9  2 19  0  0.0-4.900256171820D-04-2.046363078990D-12 0.000000000000D+00",
    "    1.100000000000D+02-9.340625000000D+01 4.116040547840D-09-1.620923048010D+00",
    "   -4.841014742850D-06 6.267404183750D-03-6.521120667460D-06 5.153654890060D+03",
    "    4.104000000000D+05-2.421438694000D-08-3.292370034600D-01-5.960464477540D-08",
    "    9.654166313600D-01 3.265937500000D+02-2.069587263350D+00-8.383123025550D-09",
    "   -3.071556514090D-10 1.000000000000D+00 1.025000000000D+03 0.000000000000D+00",
    "    2.000000000000D+00 0.000000000000D+00-4.656612873077D-09 3.660000000000D+02",
    "    4.068000000000D+05",
    "",
  ].join("\n");
  const r = parseRinexNav(text, "synthetic.99n");
  const [e6, e13] = r.data.ephemerides as KeplerEphemeris[];

  it("reads both records with no issue", () => {
    expect(r.version).toBe(2.11);
    expect(r.issues).toEqual([]);
    expect(r.data.ephemerides.map((e) => `${e.sat} ${e.message}`)).toEqual(["G06 LNAV", "G13 LNAV"]);
  });

  it("leading-dot D exponents, epoch with 2-digit year, toe/ttr in GPS week 1025", () => {
    expect(formatCalendar(e6.toc, 1)).toBe("1999/09/02 17:51:44.0");
    expect(e6.toc.scale).toBe("GPST");
    expect(e6.af0_s).toBe(-0.839701388031e-3);
    expect(e6.af1_sps).toBe(-0.165982783074e-10);
    expect(e6.iode).toBe(91);
    expect(e6.crs_m).toBe(93.40625);
    expect(e6.deltaN_radps).toBe(0.11604054784e-8);
    expect(e6.m0_rad).toBe(0.162092304801);
    expect(e6.e).toBe(0.626740418375e-2);
    expect(e6.sqrtA_sqrtm).toBe(5153.65489006);
    expect(toWeekTow(e6.toe)).toEqual({ week: 1025, tow_s: 409904 });
    expect(e6.omegaDot_radps).toBe(-0.638312302555e-8);
    expect(e6.iDot_radps).toBe(0.307155651409e-9);
    expect(e6.iodc).toBe(91);
    expect(e6.ura_m).toBeNaN(); // 0.0 written: no accuracy given
    expect(e6.ttr && toWeekTow(e6.ttr)).toEqual({ week: 1025, tow_s: 406800 });
    expect(e6.fitInterval_h).toBe(0);
  });

  it("numbers that run together split at the 19-character columns; short last line", () => {
    expect(e13.af0_s).toBe(-4.90025617182e-4);
    expect(e13.af1_sps).toBe(-2.04636307899e-12);
    expect(e13.crs_m).toBe(-93.40625);
    expect(e13.m0_rad).toBe(-1.62092304801);
    expect(e13.cuc_rad).toBe(-4.84101474285e-6);
    expect(e13.cus_rad).toBe(-6.52112066746e-6);
    expect(e13.omega0_rad).toBe(-0.32923700346);
    expect(e13.cis_rad).toBe(-5.96046447754e-8);
    expect(e13.omega_rad).toBe(-2.06958726335);
    expect(e13.ura_m).toBe(2);
    expect(e13.groupDelays_s).toEqual({ TGD: -4.656612873077e-9 });
    expect(e13.iodc).toBe(366);
    expect(toWeekTow(e13.toe)).toEqual({ week: 1025, tow_s: 410400 });
  });

  it("ION ALPHA/BETA and DELTA-UTC from the header", () => {
    expect(r.data.iono).toEqual([
      {
        kind: "klobuchar",
        system: "G",
        alpha: [0.1676e-7, 0.2235e-7, -0.1192e-6, -0.1192e-6],
        beta: [0.1208e6, 0.131e6, -0.131e6, -0.1966e6],
      },
    ]);
    const [dutc] = r.data.timeOffsets;
    expect(dutc.code).toBe("GPUT");
    expect(dutc.a0_s).toBe(0.13317912817e-6);
    expect(dutc.a1_sps).toBe(0.10746958878e-12);
    expect(dutc.tref && toWeekTow(dutc.tref)).toEqual({ week: 1025, tow_s: 552960 });
    expect(r.data.leapSeconds).toBe(13);
  });
});

describe("RINEX 2.11 GLONASS navigation (hand-written record)", () => {
  const text = [
    hl("     2.11           G: GLONASS NAV DATA", "RINEX VERSION / TYPE"),
    hl("  2017    10     5    -.186264514923D-08", "CORR TO SYSTEM TIME"),
    hl("    18", "LEAP SECONDS"),
    hl("", "END OF HEADER"),
    " 3 17 10  5  0 15  0.0 -.112377107143D-03  .909494701773D-12  .855000000000D+05",
    "    -.643770605469D+04 -.293649005890D+01 -.186264514923D-08  .000000000000D+00",
    "     .116066464844D+05  .549953460693D+00 -.931322574615D-09  .500000000000D+01",
    "    -.217545537109D+05  .115690803528D+01  .279396772385D-08  .300000000000D+01",
  ].join("\n");
  const r = parseRinexNav(text, "synthetic.17g");
  const g = r.data.ephemerides[0] as GlonassEphemeris;

  it("decodes km to m, keeps -TauN and GammaN as written, tb UTC -> GPST (+18 s in 2017)", () => {
    expect(r.issues).toEqual([]);
    expect(g.sat).toBe("R03");
    expect(g.kind).toBe("glonass");
    expect(g.clockBias_s).toBe(-0.112377107143e-3);
    expect(g.gammaN).toBe(0.909494701773e-12);
    expect(g.toe.scale).toBe("GPST");
    expect(formatCalendar(g.toe, 0)).toBe("2017/10/05 00:15:18");
    expect(g.pos_m[0]).toBeCloseTo(-6437706.05469, 6);
    expect(g.pos_m[1]).toBeCloseTo(11606646.4844, 6);
    expect(g.pos_m[2]).toBeCloseTo(-21754553.7109, 6);
    expect(g.vel_mps[0]).toBeCloseTo(-2936.4900589, 9);
    expect(g.vel_mps[2]).toBeCloseTo(1156.90803528, 9);
    expect(g.acc_mps2[1]).toBeCloseTo(-0.931322574615e-6, 18);
    expect(g.frequencyChannel).toBe(5);
    expect(g.health).toBe(0);
    expect(g.ageDays).toBe(3);
  });

  it("message frame time of day 85500 s belongs to the day before tb (within 12 h)", () => {
    expect(g.tof && formatCalendar(g.tof, 0)).toBe("2017/10/04 23:45:18");
  });

  it("CORR TO SYSTEM TIME becomes GLUT", () => {
    expect(r.data.timeOffsets).toHaveLength(1);
    expect(r.data.timeOffsets[0].code).toBe("GLUT");
    expect(r.data.timeOffsets[0].a0_s).toBe(-0.186264514923e-8);
    expect(r.data.timeOffsets[0].tref && formatCalendar(r.data.timeOffsets[0].tref, 0)).toBe(
      "2017/10/05 00:00:00",
    );
  });
});

// ---- RINEX 4 records built from value lists ----

/** A number as a right-justified 19-character E-format field: ` 1.234567890123E-04`. */
function f19(x: number): string {
  const [m, e] = x.toExponential(12).split("e");
  const n = Number(e);
  return `${m}E${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`.padStart(19);
}

/** Record lines: `head` + first three values, then lines of four after 4 blanks. */
function body(head: string, v: number[]): string[] {
  const out = [head + v.slice(0, 3).map(f19).join("")];
  for (let k = 3; k < v.length; k += 4)
    out.push(
      `    ${v
        .slice(k, k + 4)
        .map(f19)
        .join("")}`,
    );
  return out;
}

/** Values (i + 0.5) / 1024: distinct per field, and exact in 13 significant digits. */
const distinct = (n: number): number[] => Array.from({ length: n }, (_, i) => (i + 0.5) / 1024);

const HDR4 = [
  hl("     4.01           N: GNSS NAV DATA    M: MIXED", "RINEX VERSION / TYPE"),
  hl("    18", "LEAP SECONDS"),
  hl("", "END OF HEADER"),
];

describe("RINEX 4 BDS B-CNAV1/2/3, GPS CNAV, BDGIM and STO records", () => {
  // 2023-01-01 00:00:00 BDT is the start of BDT week 887 ((2023-01-01 - 2006-01-01) / 7 days)
  const bdtWeek = (Date.UTC(2023, 0, 1) - Date.UTC(2006, 0, 1)) / 86400e3 / 7;
  const cnv1 = distinct(3 + 4 * 9);
  cnv1[11] = 3600; // toe
  cnv1[21] = 3; // satellite type MEO
  cnv1[32] = 0; // health
  cnv1[34] = 17; // IODC
  cnv1[35] = 3000; // t_tm
  cnv1[38] = 5; // IODE
  const cnv2 = [...cnv1];
  cnv2[28] = 7.5e-9; // ISC_B2ad
  const cnv3 = distinct(3 + 4 * 8).slice(0, 3 + 4 * 7 + 1);
  cnv3[11] = 3600;
  cnv3[21] = 2;
  cnv3[28] = 1; // health
  cnv3[31] = 3100; // t_tm
  const cnav = distinct(3 + 4 * 8).slice(0, 3 + 4 * 7 + 2);
  cnav[23] = 3; // URAI_ED
  cnav[24] = 0;
  cnav[31] = 7000; // t_tm
  const bdgim = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5];
  const text = [
    ...HDR4,
    "> EPH C19 CNV1",
    ...body("C19 2023 01 01 00 00 00", cnv1),
    "> EPH C20 CNV2",
    ...body("C20 2023 01 01 00 00 00", cnv2),
    "> EPH C21 CNV3",
    ...body("C21 2023 01 01 00 00 00", cnv3),
    "> EPH G01 CNAV",
    ...body("G01 2023 01 01 02 00 00", cnav),
    "> ION C19 CNVX",
    ...body("    2023 01 01 00 00 00", bdgim),
    "> STO C19 CNV1",
    "    2023 01 01 00 00 00 BDUT                                  UTC(NTSC)",
    `    ${[3000, -2.5e-9, 1.25e-15, 0].map(f19).join("")}`,
    "> EOP G01 CNVX",
    `    2023 01 01 00 00 00${[0.1, 0.2, 0.3].map(f19).join("")}`,
    `    ${" ".repeat(19)}${[0.4, 0.5, 0.6].map(f19).join("")}`,
    `    ${[3000, 0.7, 0.8, 0.9].map(f19).join("")}`,
    "> EPH I01 LNAV",
    ...body("I01 2023 01 01 00 00 00", distinct(31)),
  ].join("\n");
  const r = parseRinexNav(text, "synthetic.rnx");
  const eph = r.data.ephemerides as KeplerEphemeris[];
  const byMsg = Object.fromEntries(eph.map((e) => [`${e.sat} ${e.message}`, e]));

  it("reads every record; NavIC is skipped and counted", () => {
    expect(r.issues).toEqual([]);
    expect(Object.keys(byMsg)).toEqual(["C19 CNV1", "C20 CNV2", "C21 CNV3", "G01 CNAV"]);
    expect(r.notes).toEqual(["skipped 1 NavIC (I) EPH records"]);
  });

  it("EOP (RINEX 4.00 Table A32): pole in arc-seconds and UT1-UTC in seconds, rates per day, to SI", () => {
    const [e] = r.data.eop ?? [];
    const as = Math.PI / 648000;
    expect(e.sat).toBe("G01");
    expect(e.xp_rad).toBeCloseTo(0.1 * as, 15);
    expect(e.xpDot_radps).toBeCloseTo((0.2 * as) / 86400, 18);
    expect(e.yp_rad).toBeCloseTo(0.4 * as, 15);
    expect(e.ypDotDot_radps2).toBeCloseTo((0.6 * as) / 86400 ** 2, 22);
    expect(e.ut1MinusUtc_s).toBe(0.7);
    expect(e.ut1MinusUtcDot_sps).toBeCloseTo(0.8 / 86400, 15);
  });

  it("B-CNAV1: orbit, A-dot, delta-n-dot, group delays, IODE/IODC, toe in the BDT week of toc", () => {
    const e = byMsg["C19 CNV1"];
    expect(e.toc.scale).toBe("BDT");
    expect(toWeekTow(e.toc)).toEqual({ week: bdtWeek, tow_s: 0 });
    expect(toWeekTow(e.toe)).toEqual({ week: bdtWeek, tow_s: 3600 });
    expect([e.af0_s, e.af1_sps, e.af2_sps2]).toEqual(cnv1.slice(0, 3));
    expect(e.aDot_mps).toBe(cnv1[3]);
    expect(e.crs_m).toBe(cnv1[4]);
    expect(e.deltaN_radps).toBe(cnv1[5]);
    expect(e.m0_rad).toBe(cnv1[6]);
    expect(e.sqrtA_sqrtm).toBe(cnv1[10]);
    expect(e.omega0_rad).toBe(cnv1[13]);
    expect(e.omegaDot_radps).toBe(cnv1[18]);
    expect(e.iDot_radps).toBe(cnv1[19]);
    expect(e.deltaNDot_radps2).toBe(cnv1[20]);
    expect(e.satType).toBe(3);
    expect(e.groupDelays_s).toEqual({ ISC_B1Cd: cnv1[27], TGD_B1Cp: cnv1[29], TGD_B2ap: cnv1[30] });
    expect(e.iodc).toBe(17);
    expect(e.iode).toBe(5);
    expect(e.ttr && toWeekTow(e.ttr)).toEqual({ week: bdtWeek, tow_s: 3000 });
  });

  it("B-CNAV2 carries ISC_B2ad; B-CNAV3 TGD_B2bI, health and t_tm on its shorter layout", () => {
    expect(byMsg["C20 CNV2"].groupDelays_s).toEqual({
      ISC_B2ad: 7.5e-9,
      TGD_B1Cp: cnv2[29],
      TGD_B2ap: cnv2[30],
    });
    const e3 = byMsg["C21 CNV3"];
    expect(e3.groupDelays_s).toEqual({ TGD_B2bI: cnv3[30] });
    expect(e3.health).toBe(1);
    expect(e3.satType).toBe(2);
    expect(e3.iode).toBeNaN();
    expect(e3.ttr && toWeekTow(e3.ttr).tow_s).toBe(3100);
  });

  it("GPS CNAV: ISCs, URA from URAI_ED (IS-GPS-200: index 3 -> 5.66 m class bound 2^2.5), toe = toc", () => {
    const e = byMsg["G01 CNAV"];
    expect(e.toc.scale).toBe("GPST");
    expect(e.toe).toEqual(e.toc);
    expect(e.aDot_mps).toBe(cnav[3]);
    expect(e.deltaNDot_radps2).toBe(cnav[20]);
    expect(e.ura_m).toBeCloseTo(2 ** 2.5, 12);
    expect(e.groupDelays_s).toEqual({
      TGD: cnav[25],
      ISC_L1CA: cnav[27],
      ISC_L2C: cnav[28],
      ISC_L5I5: cnav[29],
      ISC_L5Q5: cnav[30],
    });
    expect(e.ttr && toWeekTow(e.ttr).tow_s).toBe(7000);
  });

  it("> ION CNVX from BDS is BDGIM with nine alphas; > STO BDUT keeps A0, A1 and its BDT reference", () => {
    expect(r.data.iono).toEqual([{ kind: "bdgim", alpha: bdgim, time: expect.anything(), sat: "C19" }]);
    const [sto] = r.data.timeOffsets;
    expect(sto.code).toBe("BDUT");
    expect([sto.a0_s, sto.a1_sps]).toEqual([-2.5e-9, 1.25e-15]);
    expect(sto.tref?.scale).toBe("BDT");
  });
});

describe("RINEX 3.04 header: BDSA/BDSB per satellite with time mark, QZSA/QZSB, BDS LEAP SECONDS", () => {
  const text = [
    hl("     3.04           N: GNSS NAV DATA    M: MIXED", "RINEX VERSION / TYPE"),
    hl("BDSA   1.1176E-08  2.9802E-08 -4.1723E-07  6.5565E-07 A 01", "IONOSPHERIC CORR"),
    hl("BDSB   1.4336E+05 -1.8022E+05 -1.3107E+05  9.8304E+05 A 01", "IONOSPHERIC CORR"),
    hl("QZSA   1.5832D-08  7.4506D-09 -5.9605D-07 -1.6689D-06", "IONOSPHERIC CORR"),
    hl("BDSA   1.2107E-08  2.9802E-08 -4.1723E-07  6.5565E-07 B 03", "IONOSPHERIC CORR"),
    hl("QZSB   1.0445D+05 -1.8022D+05 -1.1796D+06 -9.1750D+05", "IONOSPHERIC CORR"),
    hl("BDSB   1.4541E+05 -1.8022E+05 -1.3107E+05  9.8304E+05 B 03", "IONOSPHERIC CORR"),
    hl("     4     0  2213     3BDS", "LEAP SECONDS"),
    hl("", "END OF HEADER"),
  ].join("\n");
  const r = parseRinexNav(text, "hdr.rnx");

  it("pairs each A line with the next B line of the same system and keeps the broadcasting satellite", () => {
    expect(r.issues).toEqual([]);
    expect(r.data.iono).toEqual([
      {
        kind: "klobuchar",
        system: "C",
        alpha: [1.1176e-8, 2.9802e-8, -4.1723e-7, 6.5565e-7],
        beta: [1.4336e5, -1.8022e5, -1.3107e5, 9.8304e5],
        sat: "C01",
      },
      {
        kind: "klobuchar",
        system: "J",
        alpha: [1.5832e-8, 7.4506e-9, -5.9605e-7, -1.6689e-6],
        beta: [1.0445e5, -1.8022e5, -1.1796e6, -9.175e5],
        sat: undefined,
      },
      {
        kind: "klobuchar",
        system: "C",
        alpha: [1.2107e-8, 2.9802e-8, -4.1723e-7, 6.5565e-7],
        beta: [1.4541e5, -1.8022e5, -1.3107e5, 9.8304e5],
        sat: "C03",
      },
    ]);
  });

  it("LEAP SECONDS marked BDS (BDT - UTC = 4 s) is stored as GPST - UTC = 18 s", () => {
    expect(r.data.leapSeconds).toBe(18);
    expect(r.data.ephemerides).toEqual([]);
  });
});
