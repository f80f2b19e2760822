import { describe, expect, it } from "vitest";
import { erf } from "./erf.js";

describe("erf", () => {
  it("matches Abramowitz & Stegun Table 7.1 (10 decimals)", () => {
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.112462916],
      [0.2, 0.2227025892],
      [0.5, 0.5204998778],
      [1, 0.8427007929],
      [1.5, 0.9661051465],
      [2, 0.995322265],
      [2.5, 0.999593048],
      [3, 0.9999779095],
    ];
    let worst = 0;
    for (const [x, ref] of table) {
      worst = Math.max(worst, Math.abs(erf(x) - ref), Math.abs(erf(-x) + ref));
    }
    console.log(`erf worst error vs A&S 7.1: ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(6e-11);
  });

  it("saturates to +-1, keeps NaN, is monotone across the series/saturation seam", () => {
    expect(erf(7)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
    expect(erf(5.999)).toBeLessThanOrEqual(erf(6.001));
    expect(1 - erf(4)).toBeCloseTo(1.54172579e-8, 15); // erfc(4) = 1.5417257900e-8
  });
});
