import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ionoFreeCoefficients, ionoFreeCombination_m, ionoFreeGroupDelay_s, ionoScale } from "./iono-free.js";

// Carrier pairs used by the solvers: GPS L1/L2, L1/L5, BDS B1I/B3I, B1C/B2a, Galileo E1/E5b
const PAIRS: [number, number][] = [
  [1575.42e6, 1227.6e6],
  [1575.42e6, 1176.45e6],
  [1561.098e6, 1268.52e6],
  [1575.42e6, 1176.45e6],
  [1575.42e6, 1207.14e6],
];

describe("ionosphere-free combination", () => {
  it("has the textbook GPS L1/L2 coefficients 2.5457 / -1.5457 and sums to 1", () => {
    const { c1, c2 } = ionoFreeCoefficients(1575.42e6, 1227.6e6);
    // (77^2)/(77^2-60^2) and -(60^2)/(77^2-60^2): the L1/L2 frequencies are 154 and 120 x 10.23 MHz
    expect(c1).toBeCloseTo(5929 / 2329, 14);
    expect(c2).toBeCloseTo(-3600 / 2329, 14);
    for (const [a, b] of PAIRS) {
      const k = ionoFreeCoefficients(a, b);
      expect(Math.abs(k.c1 + k.c2 - 1)).toBeLessThan(1e-14);
    }
    expect(ionoFreeCoefficients(1e9, 1e9).c1).toBeNaN();
  });

  let worstSmall = 0;
  test.prop([
    fc.integer({ min: 0, max: PAIRS.length - 1 }),
    fc.double({ min: -1000, max: 1000, noNaN: true }),
    fc.double({ min: 0, max: 60, noNaN: true }),
  ])(
    "removes a first-order delay exactly: P1 = rho + I, P2 = rho + I f1^2/f2^2 -> rho (1e-9 m for |rho| <= 1 km)",
    (k, rho, iono) => {
      const [f1, f2] = PAIRS[k];
      const p1 = rho + iono;
      const p2 = rho + iono * ionoScale(f1, f2);
      const { c1, c2 } = ionoFreeCoefficients(f1, f2);
      const err = Math.max(
        Math.abs(c1 * p1 + c2 * p2 - rho),
        Math.abs(ionoFreeCombination_m(p1, p2, f1, f2) - rho),
      );
      worstSmall = Math.max(worstSmall, err);
      expect(err).toBeLessThan(1e-9);
    },
  );

  let worstLarge = 0;
  test.prop([
    fc.integer({ min: 0, max: PAIRS.length - 1 }),
    fc.double({ min: 1.9e7, max: 4.2e7, noNaN: true }),
    fc.double({ min: 0, max: 60, noNaN: true }),
  ])("and for real pseudoranges (19 000 - 42 000 km) to a few ulps (3e-8 m)", (k, rho, iono) => {
    const [f1, f2] = PAIRS[k];
    const err = Math.abs(ionoFreeCombination_m(rho + iono, rho + iono * ionoScale(f1, f2), f1, f2) - rho);
    worstLarge = Math.max(worstLarge, err);
    expect(err).toBeLessThan(3e-8);
  });

  it("reports the worst cases", () => {
    console.log(
      `iono-free residual: worst ${worstSmall.toExponential(2)} m (|rho| <= 1 km), ${worstLarge.toExponential(2)} m (GNSS ranges)`,
    );
  });

  it("group delay of the combination: zero for b2 = (f1/f2)^2 b1 (the TGD definition), linear otherwise", () => {
    for (const [f1, f2] of PAIRS) {
      expect(Math.abs(ionoFreeGroupDelay_s(3e-9, 3e-9 * ionoScale(f1, f2), f1, f2))).toBeLessThan(1e-22);
      const { c1, c2 } = ionoFreeCoefficients(f1, f2);
      expect(ionoFreeGroupDelay_s(1e-9, 2e-9, f1, f2)).toBeCloseTo(c1 * 1e-9 + c2 * 2e-9, 22);
    }
  });
});
