// Kepler broadcast orbits against RTKLIB 2.4.3 b34 (independent implementation) on four real BDS records
// (GEO C01, BDS-3 GEO C59, IGSO C06, MEO C23) from the Nagoya 2024-176 navigation file, plus analytic
// velocity/drift against finite differences and ICD-derived properties of the CNAV terms.

import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { SatId } from "../signals/system.js";
import { addSeconds, fromCalendar, fromWeekTow, type Instant } from "../time/instant.js";
import { keplerSatelliteState, keplerStateInto } from "./broadcast-kepler.js";
import type { KeplerEphemeris } from "./ephemeris.js";
import { orbitKindOf } from "./orbit-kind.js";

/** A BDS D1/D2 record as written in RINEX 3.04 (8 lines of 4 fields after the toc), mapped field by field. */
function bdsRecord(sat: SatId, toc: Instant, v: number[]): KeplerEphemeris {
  const [
    af0,
    af1,
    af2,
    aode,
    crs,
    dn,
    m0,
    cuc,
    e,
    cus,
    sqrtA,
    toe,
    cic,
    om0,
    cis,
    i0,
    crc,
    om,
    omd,
    idot,
    ,
    week,
    ,
    ura,
    h,
    tgd1,
    tgd2,
  ] = v;
  return {
    kind: "kepler",
    sat,
    message: i0 < 0.2 ? "D2" : "D1",
    toc,
    toe: fromWeekTow("BDT", week, toe),
    af0_s: af0,
    af1_sps: af1,
    af2_sps2: af2,
    sqrtA_sqrtm: sqrtA,
    e,
    i0_rad: i0,
    omega0_rad: om0,
    omega_rad: om,
    m0_rad: m0,
    deltaN_radps: dn,
    iDot_radps: idot,
    omegaDot_radps: omd,
    cuc_rad: cuc,
    cus_rad: cus,
    crc_m: crc,
    crs_m: crs,
    cic_rad: cic,
    cis_rad: cis,
    aDot_mps: 0,
    deltaNDot_radps2: 0,
    iode: aode,
    iodc: Number.NaN,
    health: h,
    ura_m: ura,
    fitInterval_h: 0,
    groupDelays_s: { TGD1: tgd1, TGD2: tgd2 },
    satType: 0,
    dataSources: 0,
  };
}

const toc = fromCalendar("BDT", { year: 2024, month: 6, day: 24, hour: 8, minute: 0, second: 0 });
// Values copied from ../shared/data/rtk-static-nagoya-2024-176/base.nav (MatRTKLIB example data).
const RECORDS: Record<string, KeplerEphemeris> = {
  C01: bdsRecord(
    "C01",
    toc,
    [
      9.039411088452e-4, 2.186695269302e-12, 0, 1, 3.9878125e2, 1.168655822063e-8, -7.785119710056e-1,
      1.305714249611e-5, 2.352053998038e-4, -1.721968874335e-5, 6.493358730316e3, 1.152e5, 3.771856427193e-8,
      -1.376223151778, -3.306195139885e-8, 6.493194956776e-2, 5.1928125e2, 5.103894865136e-1,
      -1.047865076358e-8, 2.235807416067e-10, 0, 964, 0, 2, 0, -4.9e-9, -1e-8,
    ],
  ),
  C06: bdsRecord(
    "C06",
    toc,
    [
      5.317954346538e-4, 3.284394978209e-11, 0, 1, 3.4359375e1, 1.432202514126e-9, 2.195132467393,
      1.703854650259e-6, 4.147697822191e-3, 1.195259392262e-5, 6.493229047775e3, 1.152e5, -1.383014023304e-7,
      -1.782900241637, -9.546056389809e-8, 9.459661470585e-1, -1.3484375e2, -2.696416775188,
      -1.827218968147e-9, 1.141833276225e-9, 0, 964, 0, 2, 0, 8.5e-9, -1.2e-9,
    ],
  ),
  C23: bdsRecord(
    "C23",
    toc,
    [
      -7.903922814876e-4, -4.254374630364e-12, 0, 1, 2.875, 4.766627120581e-9, 1.076967308468,
      2.090819180012e-7, 3.172361757606e-4, 4.973262548447e-6, 5.282636354446e3, 1.152e5, -2.840533852577e-8,
      -1.129853492556, -1.676380634308e-8, 9.443074173943e-1, 2.54953125e2, -1.443165813489,
      -7.059936931854e-9, 1.014327965117e-10, 0, 964, 0, 2, 0, 2.19e-8, 2.19e-8,
    ],
  ),
  C59: bdsRecord(
    "C59",
    toc,
    [
      5.364418029785e-7, -1.15463194561e-14, 0, 1, 4.9115625e2, 1.076616273961e-8, 1.247035771794,
      1.61174684763e-5, 4.224977456033e-4, -1.373514533043e-5, 6.493406042099e3, 1.152e5, -1.681037247181e-7,
      -1.472383873144, -4.656612873077e-9, 8.621289890758e-2, 4.11984375e2, -1.497534982503,
      -9.547897708264e-9, 2.892977646988e-10, 0, 964, 0, 2, 0, 4.16e-8, 4.16e-8,
    ],
  ),
};

// RTKLIB 2.4.3 b34 satellite positions (trace level 4), ../shared/data/rtk-static-nagoya-2024-176/
// rtklib-reference/satpos_bds_broadcast_rover.csv: tx time (GPST, s of 08:mm), X, Y, Z (m), clock (s).
const RTKLIB_ROWS: Array<[SatId, number, number, number, number, number, number]> = [
  ["C01", 19, 59.876203, -34311444.064, 24453965.241, 1375431.531, 9.03944135e-4],
  ["C06", 19, 59.869106, -18398251.462, 35542089.939, -13622034.099, 5.3182534e-4],
  ["C23", 19, 59.918544, -26181258.256, 8484151.036, -4601199.082, -7.9039803e-4],
  ["C59", 19, 59.876377, -32322728.857, 27026461.831, 1519455.877, 5.35243e-7],
  ["C01", 22, 29.876218, -34311762.574, 24453717.33, 1370146.272, 9.03944457e-4],
  ["C06", 22, 29.86925, -18314183.073, 35716478.555, -13279333.083, 5.31830353e-4],
  ["C23", 22, 29.918822, -26260315.417, 8472789.546, -4150608.661, -7.90398673e-4],
  ["C59", 22, 29.876395, -32322935.88, 27026182.694, 1525629.33, 5.35238e-7],
  ["C01", 24, 59.876234, -34312083.92, 24453474.74, 1364697.035, 9.0394478e-4],
  ["C06", 24, 59.869393, -18226337.243, 35889021.034, -12935055.817, 5.31835366e-4],
  ["C23", 24, 59.919097, -26331931.031, 8460592.099, -3698304.513, -7.90399316e-4],
  ["C59", 24, 59.876413, -32323147.744, 27025907.259, 1531620.254, 5.35234e-7],
];

describe("keplerSatelliteState vs RTKLIB (Nagoya 2024-176, BDS GEO/IGSO/MEO)", () => {
  it("classifies the four records from their orbits", () => {
    expect(orbitKindOf(RECORDS.C01)).toBe("GEO");
    expect(orbitKindOf(RECORDS.C59)).toBe("GEO");
    expect(orbitKindOf(RECORDS.C06)).toBe("IGSO");
    expect(orbitKindOf(RECORDS.C23)).toBe("MEO");
  });

  it("matches position < 1 cm and clock < 0.1 ns", () => {
    let worstPos = 0;
    let worstClk = 0;
    let worstWhat = "";
    for (const [sat, min, sec, x, y, z, clk] of RTKLIB_ROWS) {
      const t = fromCalendar("GPST", { year: 2024, month: 6, day: 24, hour: 8, minute: min, second: sec });
      const s = keplerSatelliteState(RECORDS[sat], t);
      const dPos = Math.hypot(s.pos[0] - x, s.pos[1] - y, s.pos[2] - z);
      const dClk = Math.abs(s.clockBias_s - clk);
      if (dPos > worstPos) {
        worstPos = dPos;
        worstWhat = `${sat} 08:${min}:${sec}`;
      }
      worstClk = Math.max(worstClk, dClk);
    }
    console.log(
      `Kepler vs RTKLIB: worst |dpos| ${(worstPos * 1000).toFixed(2)} mm (${worstWhat}), worst |dclk| ${(worstClk * 1e12).toFixed(3)} ps`,
    );
    expect(worstPos).toBeLessThan(0.01);
    expect(worstClk).toBeLessThan(1e-10);
  });

  it("treating a GEO as MEO (no GEO transformation) is off by kilometres", () => {
    const [, min, sec, x, y, z] = RTKLIB_ROWS[0];
    const t = fromCalendar("GPST", { year: 2024, month: 6, day: 24, hour: 8, minute: min, second: sec });
    const wrong = keplerSatelliteState(RECORDS.C01, t, "MEO");
    expect(Math.hypot(wrong.pos[0] - x, wrong.pos[1] - y, wrong.pos[2] - z)).toBeGreaterThan(1000);
  });
});

describe("analytic velocity and clock drift", () => {
  const out = new Float64Array(8);
  const a = new Float64Array(8);
  const b = new Float64Array(8);
  let worstVel = 0;
  let worstDrift = 0;
  for (const [sat, eph] of Object.entries(RECORDS)) {
    const geo = orbitKindOf(eph) === "GEO";
    fcTest.prop([fc.double({ min: -7200, max: 7200, noNaN: true })], { numRuns: 50 })(
      `${sat}: velocity within 1 mm/s and drift within 1e-14 s/s of central differences`,
      (tk) => {
        const h = 0.5;
        keplerStateInto(eph, tk, tk, geo, out);
        keplerStateInto(eph, tk + h, tk + h, geo, a);
        keplerStateInto(eph, tk - h, tk - h, geo, b);
        for (let i = 0; i < 3; i++) {
          const fd = (a[i] - b[i]) / (2 * h);
          worstVel = Math.max(worstVel, Math.abs(out[3 + i] - fd));
          expect(Math.abs(out[3 + i] - fd)).toBeLessThan(1e-3);
        }
        const fdc = (a[6] - b[6]) / (2 * h);
        worstDrift = Math.max(worstDrift, Math.abs(out[7] - fdc));
        expect(Math.abs(out[7] - fdc)).toBeLessThan(1e-14);
      },
    );
  }
  it("reports the worst velocity / drift difference", () => {
    console.log(
      `velocity vs central difference: worst ${(worstVel * 1000).toFixed(4)} mm/s, drift ${worstDrift.toExponential(2)} s/s`,
    );
  });
});

describe("CNAV terms (IS-GPS-200 Table 30-II, BDS-SIS-ICD-B1C-1.0 §7.7)", () => {
  const base = { ...RECORDS.C23, message: "CNV1" as const };
  const out0 = new Float64Array(8);
  const out1 = new Float64Array(8);

  it("with A-dot = 0 and delta-n-dot = 0 a CNAV record computes as D1", () => {
    keplerStateInto(RECORDS.C23, 1234, 1234, false, out0);
    keplerStateInto(base, 1234, 1234, false, out1);
    expect([...out1]).toEqual([...out0]);
  });

  fcTest.prop([
    fc.double({ min: -3600, max: 3600, noNaN: true }),
    fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  ])("A-dot changes only the radius, by A-dot tk (1 - e cos E)", (tk, aDot) => {
    const eph = { ...base, aDot_mps: aDot, crs_m: 0, crc_m: 0 };
    const ref = { ...base, crs_m: 0, crc_m: 0 };
    keplerStateInto(ref, tk, tk, false, out0);
    keplerStateInto(eph, tk, tk, false, out1);
    const r0 = Math.hypot(out0[0], out0[1], out0[2]);
    const r1 = Math.hypot(out1[0], out1[1], out1[2]);
    // E from the unchanged mean motion: r0 = A0 (1 - e cos E)
    const A0 = base.sqrtA_sqrtm ** 2;
    const oneMinusECosE = r0 / A0;
    expect(r1 - r0).toBeCloseTo(aDot * tk * oneMinusECosE, 6);
    // direction unchanged
    expect(
      Math.abs((out1[0] * out0[0] + out1[1] * out0[1] + out1[2] * out0[2]) / (r0 * r1) - 1),
    ).toBeLessThan(1e-14);
  });

  it("delta-n-dot advances the mean anomaly by delta-n-dot tk^2 / 2", () => {
    const tk = 3000;
    const dnd = 1e-13;
    keplerStateInto({ ...base, deltaNDot_radps2: dnd }, tk, tk, false, out1);
    // same as a record whose M0 carries the extra 0.5 dnd tk^2
    keplerStateInto({ ...base, m0_rad: base.m0_rad + 0.5 * dnd * tk * tk }, tk, tk, false, out0);
    expect(Math.hypot(out1[0] - out0[0], out1[1] - out0[1], out1[2] - out0[2])).toBeLessThan(1e-6);
  });

  it("velocity with A-dot and delta-n-dot matches central differences", () => {
    const eph = { ...base, aDot_mps: 0.02, deltaNDot_radps2: 2e-13 };
    const a = new Float64Array(8);
    const b = new Float64Array(8);
    for (const tk of [-5000, -100, 0, 777, 6000]) {
      keplerStateInto(eph, tk, tk, false, out0);
      keplerStateInto(eph, tk + 0.5, tk + 0.5, false, a);
      keplerStateInto(eph, tk - 0.5, tk - 0.5, false, b);
      for (let i = 0; i < 3; i++) expect(Math.abs(out0[3 + i] - (a[i] - b[i]))).toBeLessThan(1e-3);
    }
  });
});

describe("time handling", () => {
  it("accepts any scale and gives the same state (GPST vs BDT labels of one instant)", () => {
    const tG = fromCalendar("GPST", { year: 2024, month: 6, day: 24, hour: 8, minute: 30, second: 14 });
    const tB = fromCalendar("BDT", { year: 2024, month: 6, day: 24, hour: 8, minute: 30, second: 0 });
    const a = keplerSatelliteState(RECORDS.C23, tG);
    const b = keplerSatelliteState(RECORDS.C23, tB);
    expect([...a.pos]).toEqual([...b.pos]);
    const c = keplerSatelliteState(RECORDS.C23, addSeconds(tB, 1));
    expect(Math.hypot(c.pos[0] - a.pos[0], c.pos[1] - a.pos[1], c.pos[2] - a.pos[2])).toBeGreaterThan(1000);
  });
});
