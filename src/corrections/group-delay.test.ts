import { describe, expect, it } from "vitest";
import type { GlonassEphemeris, KeplerEphemeris, NavMessage } from "../orbits/ephemeris.js";
import { carrierFrequency_Hz } from "../signals/signal.js";
import { instant } from "../time/instant.js";
import { satelliteGroupDelay_s } from "./group-delay.js";
import { ionoFreeGroupDelay_s } from "./iono-free.js";

function kepler(sat: string, message: NavMessage, groupDelays_s: Record<string, number>): KeplerEphemeris {
  const t = instant(sat[0] === "C" ? "BDT" : sat[0] === "E" ? "GST" : "GPST", 1.3e9);
  return {
    kind: "kepler",
    sat,
    message,
    toc: t,
    toe: t,
    af0_s: 0,
    af1_sps: 0,
    af2_sps2: 0,
    sqrtA_sqrtm: 5153,
    e: 0.01,
    i0_rad: 0.96,
    omega0_rad: 0,
    omega_rad: 0,
    m0_rad: 0,
    deltaN_radps: 0,
    iDot_radps: 0,
    omegaDot_radps: 0,
    cuc_rad: 0,
    cus_rad: 0,
    crc_m: 0,
    crs_m: 0,
    cic_rad: 0,
    cis_rad: 0,
    aDot_mps: 0,
    deltaNDot_radps2: 0,
    iode: 1,
    iodc: 1,
    health: 0,
    ura_m: 2,
    fitInterval_h: 4,
    groupDelays_s,
    satType: 0,
    dataSources: 0,
  };
}

const f = (sys: "G" | "C" | "E", code: string) => carrierFrequency_Hz(sys, code);

describe("satellite group delays (sign conventions from the ICDs)", () => {
  it("BDS D1/D2: B1I = TGD1, B2I = TGD2, B3I = 0, B1C/B2a undefined (BDS-SIS-ICD-B1I-3.0 §5.2.4)", () => {
    const eph = kepler("C11", "D1", { TGD1: 1e-8, TGD2: -3e-9 });
    expect(satelliteGroupDelay_s(eph, "C2I")).toBe(1e-8);
    expect(satelliteGroupDelay_s(eph, "C2X")).toBe(1e-8);
    expect(satelliteGroupDelay_s(eph, "C7I")).toBe(-3e-9);
    expect(satelliteGroupDelay_s(eph, "C6I")).toBe(0);
    expect(satelliteGroupDelay_s(eph, "C1P")).toBeNaN();
    expect(satelliteGroupDelay_s(eph, "C5P")).toBeNaN();
    expect(satelliteGroupDelay_s(eph, "C7D")).toBeNaN();
    expect(satelliteGroupDelay_s(kepler("C01", "D2", { TGD1: 2e-9 }), "C7I")).toBeNaN(); // TGD2 absent
  });

  it("BDS B-CNAV1/2: pilot = TGD, data = TGD + ISC (BDS-SIS-ICD-B1C-1.0 and B2a-1.0 §7.6.2)", () => {
    const eph = kepler("C30", "CNV1", { TGD_B1Cp: 2e-9, ISC_B1Cd: 3e-10, TGD_B2ap: -4e-9, ISC_B2ad: 5e-10 });
    expect(satelliteGroupDelay_s(eph, "C1P")).toBe(2e-9);
    expect(satelliteGroupDelay_s(eph, "C1X")).toBeCloseTo(2.3e-9, 20); // X as data, as RTKLIB
    expect(satelliteGroupDelay_s(eph, "C1D")).toBeCloseTo(2.3e-9, 20);
    expect(satelliteGroupDelay_s(eph, "C5P")).toBe(-4e-9);
    expect(satelliteGroupDelay_s(eph, "C5D")).toBeCloseTo(-3.5e-9, 20);
    expect(satelliteGroupDelay_s(eph, "C6I")).toBe(0);
    expect(satelliteGroupDelay_s(eph, "C2I")).toBeNaN(); // no TGD1 in a B-CNAV message
    // B-CNAV2 carries no ISC_B1Cd: the B1C data signal is then undefined
    expect(
      satelliteGroupDelay_s(kepler("C30", "CNV2", { TGD_B1Cp: 2e-9, TGD_B2ap: 1e-9, ISC_B2ad: 0 }), "C1D"),
    ).toBeNaN();
    expect(satelliteGroupDelay_s(kepler("C30", "CNV3", { TGD_B2bI: 7e-9 }), "C7D")).toBe(7e-9);
  });

  it("GPS: L1 P(Y) = TGD, L2 P(Y) = gamma TGD, C/A with ISC, L5 needs CNAV (IS-GPS-200 §20.3.3.3.3.2, IS-GPS-705)", () => {
    const lnav = kepler("G05", "LNAV", { TGD: -5e-9 });
    const gamma = (1575.42 / 1227.6) ** 2;
    expect(satelliteGroupDelay_s(lnav, "C1C")).toBe(-5e-9);
    expect(satelliteGroupDelay_s(lnav, "C1W")).toBe(-5e-9);
    expect(satelliteGroupDelay_s(lnav, "C2W")).toBeCloseTo(gamma * -5e-9, 20);
    expect(satelliteGroupDelay_s(lnav, "C2L")).toBeCloseTo(gamma * -5e-9, 20); // no ISC_L2C broadcast
    expect(satelliteGroupDelay_s(lnav, "C5Q")).toBeNaN();
    const cnav = kepler("G05", "CNAV", {
      TGD: -5e-9,
      ISC_L1CA: 1e-9,
      ISC_L2C: -2e-9,
      ISC_L5I5: 3e-9,
      ISC_L5Q5: 4e-9,
    });
    expect(satelliteGroupDelay_s(cnav, "C1C")).toBeCloseTo(-6e-9, 20);
    expect(satelliteGroupDelay_s(cnav, "C2L")).toBeCloseTo(-3e-9, 20);
    expect(satelliteGroupDelay_s(cnav, "C5I")).toBeCloseTo(-8e-9, 20);
    expect(satelliteGroupDelay_s(cnav, "C5Q")).toBeCloseTo(-9e-9, 20);
  });

  it("Galileo: E1 = BGD and E5x = (f1/f5x)^2 BGD for the message's own pair (OS SIS ICD §5.1.5)", () => {
    const gd = { BGD_E5a_E1: 2e-9, BGD_E5b_E1: 1e-9 };
    const inav = kepler("E11", "INAV", gd);
    const fnav = kepler("E11", "FNAV", gd);
    const g7 = (1575.42 / 1207.14) ** 2;
    const g5 = (1575.42 / 1176.45) ** 2;
    expect(satelliteGroupDelay_s(inav, "C1C")).toBe(1e-9);
    expect(satelliteGroupDelay_s(inav, "C7Q")).toBeCloseTo(g7 * 1e-9, 20);
    expect(satelliteGroupDelay_s(fnav, "C1C")).toBe(2e-9);
    expect(satelliteGroupDelay_s(fnav, "C5Q")).toBeCloseTo(g5 * 2e-9, 20);
    // cross-pair: E5a from the I/NAV clock = b(E1) + delay(E5a) - delay(E1)
    expect(satelliteGroupDelay_s(inav, "C5Q")).toBeCloseTo(1e-9 + (g5 - 1) * 2e-9, 20);
    expect(satelliteGroupDelay_s(inav, "C6C")).toBeNaN();
  });

  it("vanishes on the combination each broadcast clock refers to, and differences match the hardware delays", () => {
    // Whatever the broadcast values, the iono-free group delay of the clock's own signal pair is zero.
    const worst: number[] = [];
    for (const tgd of [-1.2e-8, -3e-9, 0, 4.5e-9]) {
      const gps = kepler("G01", "LNAV", { TGD: tgd });
      worst.push(
        Math.abs(
          ionoFreeGroupDelay_s(
            satelliteGroupDelay_s(gps, "C1W"),
            satelliteGroupDelay_s(gps, "C2W"),
            f("G", "C1W"),
            f("G", "C2W"),
          ),
        ),
      );
      const gal = kepler("E01", "INAV", { BGD_E5a_E1: tgd * 0.7, BGD_E5b_E1: tgd });
      worst.push(
        Math.abs(
          ionoFreeGroupDelay_s(
            satelliteGroupDelay_s(gal, "C1C"),
            satelliteGroupDelay_s(gal, "C7Q"),
            f("E", "C1C"),
            f("E", "C7Q"),
          ),
        ),
      );
      const galF = kepler("E01", "FNAV", { BGD_E5a_E1: tgd, BGD_E5b_E1: 0 });
      worst.push(
        Math.abs(
          ionoFreeGroupDelay_s(
            satelliteGroupDelay_s(galF, "C1C"),
            satelliteGroupDelay_s(galF, "C5Q"),
            f("E", "C1C"),
            f("E", "C5Q"),
          ),
        ),
      );
      // I/NAV and F/NAV clocks differ by a constant; the E1-E5a delay difference must be the same under both
      const d1 = satelliteGroupDelay_s(gal, "C5Q") - satelliteGroupDelay_s(gal, "C1C");
      const galF2 = kepler("E01", "FNAV", { BGD_E5a_E1: tgd * 0.7, BGD_E5b_E1: tgd });
      const d2 = satelliteGroupDelay_s(galF2, "C5Q") - satelliteGroupDelay_s(galF2, "C1C");
      worst.push(Math.abs(d1 - d2));
    }
    const w = Math.max(...worst);
    console.log(`group delay of the clock's reference combination: worst ${w.toExponential(2)} s`);
    expect(w).toBeLessThan(1e-20);
  });

  it("is 0 for GLONASS and NaN for unknown codes or systems", () => {
    const glo = { kind: "glonass", sat: "R01", message: "FDMA" } as unknown as GlonassEphemeris;
    expect(satelliteGroupDelay_s(glo, "C1C")).toBe(0);
    expect(satelliteGroupDelay_s(kepler("C11", "D1", { TGD1: 1e-8 }), "C8X")).toBeNaN();
    expect(satelliteGroupDelay_s(kepler("I01", "LNAV", { TGD: 1e-8 }), "C5A")).toBeNaN();
    expect(satelliteGroupDelay_s(kepler("C11", "D1", { TGD1: 1e-8 }), "2I")).toBe(1e-8);
  });
});
