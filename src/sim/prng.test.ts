import { describe, expect, it } from "vitest";
import { Prng } from "./prng.js";

describe("Prng (mulberry32 + polar method)", () => {
  it("follows the mulberry32 recurrence (checked against a BigInt transcription of the C original)", () => {
    const ref = (seed: number, n: number) => {
      let a = BigInt(seed >>> 0);
      const M = (1n << 32n) - 1n;
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        a = (a + 0x6d2b79f5n) & M;
        let t = a;
        t = ((t ^ (t >> 15n)) * (t | 1n)) & M;
        t ^= (t + (((t ^ (t >> 7n)) * (t | 61n)) & M)) & M;
        out.push(Number((t ^ (t >> 14n)) & M) / 2 ** 32);
      }
      return out;
    };
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const p = new Prng(seed);
      const got = Array.from({ length: 50 }, () => p.uniform());
      expect(got).toEqual(ref(seed, 50));
    }
  });

  it("same seed, same sequence; different seeds differ", () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const c = new Prng(8);
    const sa = Array.from({ length: 100 }, () => a.normal());
    expect(Array.from({ length: 100 }, () => b.normal())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.normal())).not.toEqual(sa);
  });

  it("normal deviates have mean 0 and variance 1 (within 3 standard errors); integers stay in range", () => {
    const p = new Prng(12345);
    const n = 200000;
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const x = p.normal();
      s += x;
      s2 += x * x;
      s4 += x ** 4;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    console.log(
      `normal: mean ${mean.toExponential(2)}, variance ${variance.toFixed(4)}, kurtosis ${(s4 / n).toFixed(3)}`,
    );
    expect(Math.abs(mean)).toBeLessThan(3 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(3 * Math.sqrt(2 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(3 * Math.sqrt(96 / n)); // var of x^4 is 96
    const seen = new Set<number>();
    for (let i = 0; i < 10000; i++) {
      const k = p.integer(-3, 3);
      expect(k).toBeGreaterThanOrEqual(-3);
      expect(k).toBeLessThanOrEqual(3);
      seen.add(k);
    }
    expect(seen.size).toBe(7);
  });
});
