// Ambiguity-resolution policy against a known truth: float vectors drawn as true integers plus noise
// with the stated covariance (seeded), so that every fix can be checked; the worked example of
// de Jonge & Tiberius 1996 (eq. 3.37) with its ratio recomputed by enumeration.

import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { invertSpd } from "../../core/linalg.js";
import { Prng } from "../../sim/prng.js";
import { bootstrapSuccessRate } from "./lambda.js";
import { RATIO_CAP, resolveAmbiguities } from "./resolve.js";

function cholesky(Q: Float64Array, n: number): Float64Array {
  const G = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = Q[j * n + j];
    for (let k = 0; k < j; k++) d -= G[j * n + k] ** 2;
    G[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = Q[i * n + j];
      for (let k = 0; k < j; k++) s -= G[i * n + k] * G[j * n + k];
      G[i * n + j] = s / G[j * n + j];
    }
  }
  return G;
}

interface Scenario {
  Q: Float64Array;
  elev_rad: Float64Array;
}

/**
 * Float ambiguity covariance [cyc^2] of double differences on a short baseline: position uncertainty
 * mapped through the line-of-sight differences (reference satellite at zenith) plus DD phase-ambiguity
 * noise (correlation 1/2 through the shared reference). One ambiguity per satellite.
 */
function scenario(rng: Prng, n: number, sigmaPos_m: number, sigmaAmb_cyc: number): Scenario {
  const lambda_m = 0.192;
  const H = new Float64Array(n * 3);
  const elev_rad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const el = rng.between(0.15, 1.45);
    const az = rng.between(0, 2 * Math.PI);
    elev_rad[i] = el;
    const e = [Math.cos(el) * Math.sin(az), Math.cos(el) * Math.cos(az), Math.sin(el) - 1];
    for (let k = 0; k < 3; k++) H[i * 3 + k] = e[k] / lambda_m;
  }
  const cx = [sigmaPos_m ** 2, sigmaPos_m ** 2, 4 * sigmaPos_m ** 2];
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += H[i * 3 + k] * cx[k] * H[j * 3 + k];
      // DD noise: the zenith reference contributes sigma^2 to every pair, satellite i sigma^2 / sin^2(el)
      const wi = 1 / Math.sin(elev_rad[i]);
      s += sigmaAmb_cyc ** 2 * (i === j ? 1 + wi * wi : 1);
      Q[i * n + j] = s;
    }
  return { Q, elev_rad };
}

function drawFloat(rng: Prng, truth: Float64Array, Q: Float64Array): Float64Array {
  const n = truth.length;
  const G = cholesky(Q, n);
  const e = Float64Array.from({ length: n }, () => rng.normal());
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = truth[i];
    for (let k = 0; k <= i; k++) s += G[i * n + k] * e[k];
    a[i] = s;
  }
  return a;
}

function truthVector(rng: Prng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.integer(-20_000_000, 20_000_000));
}

describe("resolveAmbiguities: fixes to the truth", () => {
  it("small variance (n = 12, 300 trials): full set fixed to the true integers, ratio > 3", () => {
    const rng = new Prng(1);
    let minRatio = Number.POSITIVE_INFINITY;
    for (let t = 0; t < 300; t++) {
      const n = 12;
      const { Q, elev_rad } = scenario(rng, n, 0.02, 0.01);
      const truth = truthVector(rng, n);
      const a = drawFloat(rng, truth, Q);
      const fix = resolveAmbiguities(a, Q, { ratioThreshold: 3, priority: elev_rad });
      expect(fix.fixed).toBe(true);
      expect(fix.nFloat).toBe(0);
      expect(Array.from(fix.indices)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(Array.from(fix.values)).toEqual(Array.from(truth));
      minRatio = Math.min(minRatio, fix.ratio);
    }
    console.log(`small variance: 300/300 fixed to truth, lowest ratio ${minRatio.toFixed(1)}`);
    expect(minRatio).toBeGreaterThan(3);
  });

  /** 1000 seeded trials; counts full and partial fixes and wrong ones (any fixed value off the truth). */
  function trials(seed: number, sigmaPos_m: number, sigmaAmb_cyc: number, minSuccessRate?: number) {
    const rng = new Prng(seed);
    const n = 12;
    const out = { full: 0, part: 0, none: 0, wrong: 0, fixedAmb: 0 };
    for (let t = 0; t < 1000; t++) {
      const { Q, elev_rad } = scenario(rng, n, sigmaPos_m, sigmaAmb_cyc);
      const truth = truthVector(rng, n);
      const a = drawFloat(rng, truth, Q);
      const fix = resolveAmbiguities(a, Q, { ratioThreshold: 3, priority: elev_rad, minSuccessRate });
      if (!fix.fixed) {
        out.none++;
        expect(fix.indices.length).toBe(0);
        expect(fix.nFloat).toBe(n);
        continue;
      }
      const k = fix.indices.length;
      expect(k).toBeGreaterThanOrEqual(4);
      expect(fix.nFloat).toBe(n - k);
      expect(fix.ratio).toBeGreaterThanOrEqual(3);
      if (k === n) out.full++;
      else out.part++;
      out.fixedAmb += k;
      // the kept set is the k highest elevations
      const byElev = Array.from({ length: n }, (_, i) => i).sort((x, y) => elev_rad[y] - elev_rad[x]);
      expect(Array.from(fix.indices)).toEqual(byElev.slice(0, k).sort((x, y) => x - y));
      if (!fix.indices.every((ix, r) => fix.values[r] === truth[ix])) out.wrong++;
    }
    const meanK = (out.fixedAmb / Math.max(1, out.full + out.part)).toFixed(1);
    console.log(
      `sigma_pos ${sigmaPos_m} m, sigma_amb ${sigmaAmb_cyc} cyc, minSuccessRate ${minSuccessRate ?? "default"}: ` +
        `full ${out.full}, partial ${out.part} (mean ${meanK} fixed), not fixed ${out.none}; ` +
        `wrong fixes ${out.wrong}/1000 (${(out.wrong / 10).toFixed(1)}%)`,
    );
    return out;
  }

  it("large variance (n = 12, 1000 trials, full-set success rate ~0.25): wrong fixes <= 1%", () => {
    const r = trials(2, 0.4, 0.08);
    expect(r.none).toBeGreaterThan(900); // the ratio test must be what stops it
    expect(r.wrong).toBeLessThanOrEqual(10);
    // Ratio alone (RTKLIB's rule) on the same draws: partial retries accept many wrong subsets.
    const ratioOnly = trials(2, 0.4, 0.08, 0);
    expect(ratioOnly.wrong).toBeGreaterThan(r.wrong);
  });

  it("moderate variance (n = 12, 1000 trials): partial fixes keep the highest priority, wrong fixes <= 1%", () => {
    const r = trials(3, 0.2, 0.04);
    expect(r.part).toBeGreaterThan(100);
    expect(r.none).toBeGreaterThan(50);
    expect(r.wrong).toBeLessThanOrEqual(10);
  });

  it("minSuccessRate 0.999 (500 trials): every accepted set reaches it, no wrong fix", () => {
    const rng = new Prng(2);
    const n = 12;
    let wrong = 0;
    let fixed = 0;
    let minSr = 1;
    for (let t = 0; t < 500; t++) {
      const { Q, elev_rad } = scenario(rng, n, 0.2, 0.04);
      const truth = truthVector(rng, n);
      const a = drawFloat(rng, truth, Q);
      const fix = resolveAmbiguities(a, Q, { ratioThreshold: 3, priority: elev_rad, minSuccessRate: 0.999 });
      if (!fix.fixed) continue;
      fixed++;
      const k = fix.indices.length;
      const sub = new Float64Array(k * k);
      for (let r = 0; r < k; r++)
        for (let c = 0; c < k; c++) sub[r * k + c] = Q[fix.indices[r] * n + fix.indices[c]];
      const sr = bootstrapSuccessRate(sub);
      minSr = Math.min(minSr, sr);
      expect(sr).toBeGreaterThanOrEqual(0.999);
      if (!fix.indices.every((ix, r) => fix.values[r] === truth[ix])) wrong++;
    }
    console.log(
      `minSuccessRate 0.999: ${fixed}/500 fixed, lowest success rate ${minSr.toFixed(5)}, wrong ${wrong}`,
    );
    expect(fixed).toBeGreaterThan(30);
    expect(wrong).toBe(0);
  });

  it("partial: false fixes all or nothing", () => {
    const rng = new Prng(3);
    const n = 10;
    let none = 0;
    for (let t = 0; t < 200; t++) {
      const { Q } = scenario(rng, n, 0.4, 0.08);
      const a = drawFloat(rng, truthVector(rng, n), Q);
      const fix = resolveAmbiguities(a, Q, { ratioThreshold: 3, partial: false });
      expect(fix.indices.length === 0 || fix.indices.length === n).toBe(true);
      if (!fix.fixed) none++;
    }
    expect(none).toBeGreaterThan(0);
  });

  it("default drop order removes the largest variance first", () => {
    // Independent, uncorrelated ambiguities: three sharp, two hopeless; the two must go first.
    const sig = [0.05, 0.6, 0.04, 0.5, 0.03];
    const n = sig.length;
    const Q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) Q[i * n + i] = sig[i] ** 2;
    const a = Float64Array.from([10.01, 20.45, -3.02, 7.55, 100.0]);
    const fix = resolveAmbiguities(a, Q, { ratioThreshold: 3, minFix: 3 });
    expect(fix.fixed).toBe(true);
    expect(Array.from(fix.indices)).toEqual([0, 2, 4]);
    expect(Array.from(fix.values)).toEqual([10, -3, 100]);
    expect(fix.nFloat).toBe(2);
  });
});

describe("resolveAmbiguities: de Jonge & Tiberius 1996 example (eq. 3.37)", () => {
  const a = Float64Array.from([5.45, 3.1, 2.97]);
  const Q = Float64Array.from([6.29, 5.978, 0.544, 5.978, 6.292, 2.34, 0.544, 2.34, 6.288]);

  // Ratio by exhaustive enumeration of a box that holds the two best (±6 cycles; sigma ~ 2.5 cycles).
  function enumeratedRatio(): number {
    const W = Q.slice();
    invertSpd(W, 3);
    const norms: number[] = [];
    for (let x = -1; x <= 12; x++)
      for (let y = -4; y <= 10; y++)
        for (let z = -4; z <= 10; z++) {
          const d = [a[0] - x, a[1] - y, a[2] - z];
          let s = 0;
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += d[i] * W[i * 3 + j] * d[j];
          norms.push(s);
        }
    norms.sort((p, q) => p - q);
    return norms[1] / norms[0];
  }

  it("fails a ratio threshold of 3 and reports the full-set ratio; passes 1.4 with (5, 3, 4)", () => {
    const ref = enumeratedRatio();
    const failed = resolveAmbiguities(a, Q, { ratioThreshold: 3, minFix: 3 });
    expect(failed.fixed).toBe(false);
    expect(failed.nFloat).toBe(3);
    console.log(`dJ&T ratio ${failed.ratio.toFixed(6)} vs enumeration ${ref.toFixed(6)}`);
    expect(Math.abs(failed.ratio - ref)).toBeLessThan(1e-12);
    const passed = resolveAmbiguities(a, Q, { ratioThreshold: 1.4, minFix: 3 });
    expect(passed.fixed).toBe(true);
    expect(Array.from(passed.values)).toEqual([5, 3, 4]);
  });

  it("a float vector that is already integer has the capped ratio", () => {
    const fix = resolveAmbiguities(Float64Array.from([5, 3, 4]), Q, { ratioThreshold: 3, minFix: 3 });
    expect(fix.fixed).toBe(true);
    expect(fix.ratio).toBe(RATIO_CAP);
  });
});

describe("resolveAmbiguities: bad input never throws", () => {
  const opts = { ratioThreshold: 3, minFix: 2 };
  it("non-SPD, NaN, sizes, too few ambiguities -> fixed = false", () => {
    const a = Float64Array.from([0.1, 1.1, 2.1]);
    const I = Float64Array.from([1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4]);
    expect(resolveAmbiguities(a, I, opts).fixed).toBe(true);
    // indefinite: a negative eigenvalue, yet every 2x2 principal minor positive
    const indef = Float64Array.from([1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1]);
    expect(resolveAmbiguities(a, indef, opts).fixed).toBe(false);
    expect(resolveAmbiguities(a, I.slice(0, 8), opts).fixed).toBe(false);
    expect(resolveAmbiguities(Float64Array.from([0.1, Number.NaN, 2.1]), I, opts).fixed).toBe(false);
    const nanQ = I.slice();
    nanQ[4] = Number.NaN;
    expect(resolveAmbiguities(a, nanQ, opts).fixed).toBe(false);
    expect(resolveAmbiguities(a, I, { ratioThreshold: 3 }).fixed).toBe(false); // n = 3 < minFix 4
    expect(resolveAmbiguities(a, I, { ...opts, priority: new Float64Array(2) }).fixed).toBe(false);
    expect(resolveAmbiguities(new Float64Array(0), new Float64Array(0), opts).fixed).toBe(false);
  });

  fcTest.prop([fc.integer({ min: 1, max: 7 }), fc.array(fc.double(), { minLength: 56, maxLength: 56 })])(
    "random doubles never throw and a fix is integer-valued",
    (n, vals) => {
      const a = Float64Array.from(vals.slice(0, n));
      const Q = Float64Array.from(vals.slice(7, 7 + n * n));
      const fix = resolveAmbiguities(a, Q, { ratioThreshold: 2, minFix: 1 });
      expect(fix.nFloat + fix.indices.length).toBe(n);
      if (fix.fixed) expect(Array.from(fix.values).every(Number.isInteger)).toBe(true);
    },
  );
});

describe("resolveAmbiguities: speed", () => {
  it("n = 30: well under 1 ms per call when the full set fixes; partial search reported", () => {
    const rng = new Prng(30);
    const n = 30;
    const cases = Array.from({ length: 50 }, () => {
      const { Q, elev_rad } = scenario(rng, n, 0.03, 0.01);
      const truth = truthVector(rng, n);
      return { Q, elev_rad, truth, a: drawFloat(rng, truth, Q) };
    });
    const hard = Array.from({ length: 50 }, () => {
      const { Q, elev_rad } = scenario(rng, n, 0.2, 0.04);
      return { Q, elev_rad, a: drawFloat(rng, truthVector(rng, n), Q) };
    });
    for (const c of cases) resolveAmbiguities(c.a, c.Q, { ratioThreshold: 3, priority: c.elev_rad }); // warm-up
    const reps = 20;
    let t0 = performance.now();
    let ok = 0;
    for (let r = 0; r < reps; r++)
      for (const c of cases) {
        const fix = resolveAmbiguities(c.a, c.Q, { ratioThreshold: 3, priority: c.elev_rad });
        if (fix.fixed && fix.nFloat === 0 && fix.values.every((v, i) => v === c.truth[i])) ok++;
      }
    const typical_ms = (performance.now() - t0) / (reps * cases.length);
    t0 = performance.now();
    let drops = 0;
    for (let r = 0; r < reps; r++)
      for (const c of hard) {
        const fix = resolveAmbiguities(c.a, c.Q, { ratioThreshold: 3, priority: c.elev_rad });
        drops += fix.fixed ? fix.nFloat : n - 4;
      }
    const hard_ms = (performance.now() - t0) / (reps * hard.length);
    console.log(
      `n = 30: ${typical_ms.toFixed(3)} ms per call when the full set fixes (${ok}/${reps * cases.length} to truth); ` +
        `${hard_ms.toFixed(3)} ms with partial resolution (mean ${(drops / (reps * hard.length)).toFixed(1)} dropped)`,
    );
    expect(ok).toBe(reps * cases.length);
    expect(typical_ms).toBeLessThan(1);
  });

  it("n = 60 (three frequencies, 20 satellites) fixes to the truth in a few ms at most", () => {
    const rng = new Prng(60);
    const n = 60;
    const cases = Array.from({ length: 20 }, () => {
      const { Q, elev_rad } = scenario(rng, n, 0.02, 0.005);
      const truth = truthVector(rng, n);
      return { Q, elev_rad, truth, a: drawFloat(rng, truth, Q) };
    });
    let ok = 0;
    for (const c of cases) resolveAmbiguities(c.a, c.Q, { ratioThreshold: 3, priority: c.elev_rad });
    const t0 = performance.now();
    for (const c of cases) {
      const fix = resolveAmbiguities(c.a, c.Q, { ratioThreshold: 3, priority: c.elev_rad });
      if (fix.fixed && fix.indices.every((ix, r) => fix.values[r] === c.truth[ix])) ok++;
    }
    const ms = (performance.now() - t0) / cases.length;
    console.log(`n = 60: ${ms.toFixed(3)} ms per call, ${ok}/${cases.length} fixed to truth`);
    expect(ok).toBe(cases.length);
    expect(ms).toBeLessThan(5);
  });
});
