// LAMBDA against independent references: exhaustive enumeration of integer vectors (brute force, with
// Q^-1 from core/linalg), the worked example of de Jonge & Tiberius 1996 (LGR-Series 12, eq. 3.37-3.40),
// exact BigInt determinants, and Monte Carlo simulation of the bootstrapping estimator.

import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { invertSpd } from "../../core/linalg.js";
import { Prng } from "../../sim/prng.js";
import { bootstrapSuccessRate, decorrelate, lambda } from "./lambda.js";

// ---------- independent helpers (no code shared with lambda.ts) ----------

function inverse(Q: Float64Array, n: number): Float64Array {
  const W = Q.slice();
  if (!invertSpd(W, n)) throw new Error("test matrix not SPD");
  return W;
}

function quadForm(W: Float64Array, a: ArrayLike<number>, z: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < n; j++) t += W[i * n + j] * (a[j] - z[j]);
    s += (a[i] - z[i]) * t;
  }
  return s;
}

/** Lower Cholesky factor G with Q = G G^T (plain textbook form). */
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

function logDetSpd(Q: Float64Array, n: number): number {
  const G = cholesky(Q, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += 2 * Math.log(G[i * n + i]);
  return s;
}

/** Exact determinant of an integer matrix (Bareiss fraction-free elimination in BigInt). */
function integerDet(M: Float64Array, n: number): bigint {
  const A: bigint[][] = [];
  for (let i = 0; i < n; i++) {
    A.push([]);
    for (let j = 0; j < n; j++) A[i].push(BigInt(M[i * n + j]));
  }
  let sign = 1n;
  let prev = 1n;
  for (let k = 0; k < n - 1; k++) {
    if (A[k][k] === 0n) {
      let p = k + 1;
      while (p < n && A[p][k] === 0n) p++;
      if (p === n) return 0n;
      [A[k], A[p]] = [A[p], A[k]];
      sign = -sign;
    }
    for (let i = k + 1; i < n; i++)
      for (let j = k + 1; j < n; j++) A[i][j] = (A[i][j] * A[k][k] - A[i][k] * A[k][j]) / prev;
    prev = A[k][k];
  }
  return sign * A[n - 1][n - 1];
}

/** Z^T Q Z. */
function congruence(Z: Float64Array, Q: Float64Array, n: number): Float64Array {
  const QZ = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i * n + k] * Z[k * n + j];
      QZ[i * n + j] = s;
    }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Z[k * n + i] * QZ[k * n + j];
      out[i * n + j] = s;
    }
  return out;
}

/** Correlation measure r = sqrt(det Q / prod Q_ii), in (0, 1]; 1 when uncorrelated. */
function decorrelationNumber(Q: Float64Array, n: number): number {
  let s = logDetSpd(Q, n);
  for (let i = 0; i < n; i++) s -= Math.log(Q[i * n + i]);
  return Math.exp(s / 2);
}

interface BruteForce {
  /** the three best vectors and their norms */
  best: number[][];
  norms: number[];
  boxPoints: number;
}

/**
 * Enumerates every integer vector in the box that must hold the two best: for any z with
 * (a-z)^T Q^-1 (a-z) <= chi2, |a_i - z_i| <= sqrt(chi2 Q_ii) (Cauchy-Schwarz). chi2 is the larger norm
 * of two distinct integer vectors (round(a) and its best unit neighbour), so the box holds the best two.
 */
function bruteForce(a: Float64Array, Q: Float64Array, maxPoints: number): BruteForce | null {
  const n = a.length;
  const W = inverse(Q, n);
  const r = Array.from(a, (v) => Math.round(v));
  const f0 = quadForm(W, a, r, n);
  let f1 = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++)
    for (const d of [-1, 1]) {
      const z = r.slice();
      z[i] += d;
      f1 = Math.min(f1, quadForm(W, a, z, n));
    }
  const chi2 = Math.max(f0, f1) * (1 + 1e-9);
  const lo: number[] = [];
  const hi: number[] = [];
  let points = 1;
  for (let i = 0; i < n; i++) {
    const w = Math.sqrt(chi2 * Q[i * n + i]);
    lo.push(Math.ceil(a[i] - w));
    hi.push(Math.floor(a[i] + w));
    points *= hi[i] - lo[i] + 1;
  }
  if (points > maxPoints) return null;
  const best: number[][] = [];
  const norms: number[] = [];
  const z = lo.slice();
  for (;;) {
    const f = quadForm(W, a, z, n);
    if (norms.length < 3 || f < norms[norms.length - 1]) {
      let p = norms.length;
      while (p > 0 && norms[p - 1] > f) p--;
      norms.splice(p, 0, f);
      best.splice(p, 0, z.slice());
      if (norms.length > 3) {
        norms.pop();
        best.pop();
      }
    }
    let i = 0;
    while (i < n && z[i] === hi[i]) {
      z[i] = lo[i];
      i++;
    }
    if (i === n) break;
    z[i]++;
  }
  return { best, norms, boxPoints: points };
}

function randomSpd(rng: Prng, n: number): Float64Array {
  // A A^T + eps I, with rows of different scale and sometimes one dominant direction (GNSS-like).
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const s = rng.between(0.2, 1.2);
    for (let j = 0; j < n; j++) A[i * n + j] = s * rng.normal();
  }
  const eps = rng.between(0.02, 0.3);
  const strong = rng.uniform() < 0.5 ? rng.between(1, 6) : 0;
  const u = Array.from({ length: n }, () => rng.normal());
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A[i * n + k] * A[j * n + k];
      Q[i * n + j] = s + strong * u[i] * u[j] + (i === j ? eps : 0);
    }
  return Q;
}

/** Float ambiguity covariance of a short-baseline epoch: LOS geometry plus double-difference noise. */
function gnssLikeQ(rng: Prng, n: number, sigmaPos_m: number, sigmaAmb_cyc: number): Float64Array {
  const lambda_m = 0.192;
  const H = new Float64Array(n * 3);
  const los = () => {
    const el = rng.between(0.2, 1.5);
    const az = rng.between(0, 2 * Math.PI);
    return [Math.cos(el) * Math.sin(az), Math.cos(el) * Math.cos(az), Math.sin(el)];
  };
  const ref = [0, 0, 1];
  for (let i = 0; i < n; i++) {
    const e = los();
    for (let k = 0; k < 3; k++) H[i * 3 + k] = (e[k] - ref[k]) / lambda_m;
  }
  const cx = [sigmaPos_m ** 2, sigmaPos_m ** 2, 4 * sigmaPos_m ** 2];
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += H[i * 3 + k] * cx[k] * H[j * 3 + k];
      Q[i * n + j] = s + sigmaAmb_cyc ** 2 * (i === j ? 2 : 1);
    }
  return Q;
}

// ---------- tests ----------

describe("lambda: best two integer vectors equal exhaustive enumeration", () => {
  it("random SPD Q (n = 2..5) and float vectors, 400 seeded cases, sqnorms to 1e-9 relative", () => {
    const rng = new Prng(20240625);
    let worstRel = 0;
    let maxBox = 0;
    let done = 0;
    let rejected = 0;
    let vectorChecks = 0;
    while (done < 400) {
      const n = 2 + (done % 4);
      const Q = randomSpd(rng, n);
      const big = done % 5 === 0 ? 1e6 : 50;
      const a = Float64Array.from({ length: n }, () => rng.between(-big, big));
      const ref = bruteForce(a, Q, 2_000_000);
      if (!ref) {
        rejected++;
        continue;
      }
      maxBox = Math.max(maxBox, ref.boxPoints);
      const res = lambda(a, Q, 2);
      expect(res).not.toBeNull();
      if (!res) return;
      for (let r = 0; r < 2; r++) {
        const rel = Math.abs(res.sqNorms[r] - ref.norms[r]) / Math.max(ref.norms[r], 1e-12);
        worstRel = Math.max(worstRel, rel);
        expect(rel).toBeLessThan(1e-9);
        // The vector is unique unless the next-best norm ties with it.
        const gapBelow = r === 0 ? Number.POSITIVE_INFINITY : ref.norms[r] - ref.norms[r - 1];
        const gapAbove =
          ref.norms.length > r + 1 ? ref.norms[r + 1] - ref.norms[r] : Number.POSITIVE_INFINITY;
        if (Math.min(gapBelow, gapAbove) > 1e-9 * ref.norms[r]) {
          expect(Array.from(res.candidates.subarray(r * n, (r + 1) * n), (v) => v + 0)).toEqual(
            ref.best[r].map((v) => v + 0),
          );
          vectorChecks++;
        }
      }
      done++;
    }
    console.log(
      `brute force: ${done} cases (${rejected} boxes over 2e6 points skipped), ${vectorChecks} vectors identical, ` +
        `largest box ${maxBox} points, worst sqnorm relative error ${worstRel.toExponential(2)}`,
    );
  });

  it("m = 5 candidates are the 5 best, ascending", () => {
    const rng = new Prng(5);
    for (let t = 0; t < 30; t++) {
      const n = 3;
      const Q = randomSpd(rng, n);
      const a = Float64Array.from({ length: n }, () => rng.between(-10, 10));
      const res = lambda(a, Q, 5);
      expect(res).not.toBeNull();
      if (!res) return;
      // independent: every candidate's norm recomputed with Q^-1; the 5th bounds all others in a box
      const W = inverse(Q, n);
      for (let r = 0; r < 5; r++) {
        const z = res.candidates.subarray(r * n, (r + 1) * n);
        expect(Array.from(z).every(Number.isInteger)).toBe(true);
        expect(quadForm(W, a, z, n)).toBeCloseTo(res.sqNorms[r], 9);
        if (r > 0) expect(res.sqNorms[r]).toBeGreaterThanOrEqual(res.sqNorms[r - 1]);
      }
      const chi2 = res.sqNorms[4];
      let below = 0;
      const lo = Array.from(a, (v, i) => Math.ceil(v - Math.sqrt(chi2 * Q[i * n + i])));
      const hi = Array.from(a, (v, i) => Math.floor(v + Math.sqrt(chi2 * Q[i * n + i])));
      for (let x = lo[0]; x <= hi[0]; x++)
        for (let y = lo[1]; y <= hi[1]; y++)
          for (let w = lo[2]; w <= hi[2]; w++) if (quadForm(W, a, [x, y, w], n) < chi2 * (1 - 1e-12)) below++;
      expect(below).toBeLessThanOrEqual(4);
    }
  });
});

describe("lambda: worked example of de Jonge & Tiberius 1996 (eq. 3.37), also Teunissen 1995", () => {
  const a = Float64Array.from([5.45, 3.1, 2.97]);
  const Q = Float64Array.from([6.29, 5.978, 0.544, 5.978, 6.292, 2.34, 0.544, 2.34, 6.288]);

  it("integer least-squares solution (5, 3, 4), runner-up (6, 4, 4), norms as by enumeration", () => {
    const res = lambda(a, Q, 2);
    expect(res).not.toBeNull();
    if (!res) return;
    expect(Array.from(res.candidates)).toEqual([5, 3, 4, 6, 4, 4]);
    const ref = bruteForce(a, Q, 1e7);
    expect(ref).not.toBeNull();
    if (!ref) return;
    expect(ref.best[0]).toEqual([5, 3, 4]);
    const rel = Math.max(
      Math.abs(res.sqNorms[0] - ref.norms[0]) / ref.norms[0],
      Math.abs(res.sqNorms[1] - ref.norms[1]) / ref.norms[1],
    );
    console.log(
      `dJ&T example: norms ${res.sqNorms[0].toFixed(6)}, ${res.sqNorms[1].toFixed(6)}, ratio ` +
        `${(res.sqNorms[1] / res.sqNorms[0]).toFixed(3)}, rel. error vs enumeration ${rel.toExponential(2)}`,
    );
    expect(rel).toBeLessThan(1e-12);
  });

  it("decorrelated covariance equals eq. 3.40 (up to order and sign): diag 4.476, 1.146, 0.626", () => {
    const dec = decorrelate(Q);
    expect(dec).not.toBeNull();
    if (!dec) return;
    const Qz = congruence(dec.Z, Q, 3);
    const diag = [Qz[0], Qz[4], Qz[8]].sort((x, y) => x - y);
    const off = [Qz[1], Qz[2], Qz[5]].map(Math.abs).sort((x, y) => x - y);
    const worst = Math.max(
      ...[0.626, 1.146, 4.476].map((v, i) => Math.abs(diag[i] - v)),
      ...[0.082, 0.23, 0.334].map((v, i) => Math.abs(off[i] - v)),
    );
    // z = Z^T a, eq. 4.32 (2.35, -4.57, 10.02), again up to order and sign
    const z = [0, 1, 2].map((j) => dec.Z[j] * a[0] + dec.Z[3 + j] * a[1] + dec.Z[6 + j] * a[2]);
    const zs = z.map(Math.abs).sort((x, y) => x - y);
    const worstZ = Math.max(...[2.35, 4.57, 10.02].map((v, i) => Math.abs(zs[i] - v)));
    const rBefore = decorrelationNumber(Q, 3);
    const rAfter = decorrelationNumber(Qz, 3);
    console.log(
      `dJ&T Qz worst entry error ${worst.toExponential(2)}, z worst ${worstZ.toExponential(2)}, ` +
        `decorrelation number ${rBefore.toFixed(4)} -> ${rAfter.toFixed(4)}`,
    );
    expect(worst).toBeLessThan(1e-9);
    expect(worstZ).toBeLessThan(1e-9);
    expect(rAfter).toBeGreaterThan(rBefore);
  });
});

describe("decorrelate: Z is integer unimodular and Q_z = Z^T Q Z = L^T D L", () => {
  it("random and GNSS-like Q, n = 2..24: |det Z| = 1 exactly, det Q_z = det Q, |L_ij| <= 1/2, ordered", () => {
    const rng = new Prng(77);
    let worstRecon = 0;
    let worstDet = 0;
    let worstL = 0;
    let minGain = Number.POSITIVE_INFINITY;
    for (let t = 0; t < 120; t++) {
      const gnss = t % 2 === 1;
      const n = gnss ? 4 + (t % 21) : 2 + (t % 9);
      const Q = gnss ? gnssLikeQ(rng, n, rng.between(0.02, 1), rng.between(0.005, 0.05)) : randomSpd(rng, n);
      const dec = decorrelate(Q);
      expect(dec).not.toBeNull();
      if (!dec) return;
      const { Z, Zinv, L, D } = dec;
      expect(Array.from(Z).every(Number.isInteger)).toBe(true);
      expect(Array.from(Zinv).every(Number.isInteger)).toBe(true);
      const det = integerDet(Z, n);
      expect(det === 1n || det === -1n).toBe(true);
      // Zinv really is the inverse
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += Z[i * n + k] * Zinv[k * n + j];
          expect(s).toBe(i === j ? 1 : 0);
        }
      const Qz = congruence(Z, Q, n);
      let scale = 0;
      for (const v of Qz) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = Math.max(i, j); k < n; k++) s += L[k * n + i] * D[k] * L[k * n + j];
          worstRecon = Math.max(worstRecon, Math.abs(s - Qz[i * n + j]) / scale);
        }
      let logProdD = 0;
      for (let i = 0; i < n; i++) logProdD += Math.log(D[i]);
      worstDet = Math.max(
        worstDet,
        Math.abs(logProdD - logDetSpd(Q, n)),
        Math.abs(logDetSpd(Qz, n) - logDetSpd(Q, n)),
      );
      for (let i = 0; i < n; i++) {
        expect(L[i * n + i]).toBe(1);
        for (let j = i + 1; j < n; j++) expect(L[i * n + j]).toBe(0);
        for (let j = 0; j < i; j++) worstL = Math.max(worstL, Math.abs(L[i * n + j]));
      }
      // ordering: no swap of neighbours would lower the later conditional variance
      for (let j = 0; j < n - 1; j++) {
        const l = L[(j + 1) * n + j];
        expect(D[j] + l * l * D[j + 1]).toBeGreaterThanOrEqual(D[j + 1] - 1e-6);
      }
      if (gnss) minGain = Math.min(minGain, decorrelationNumber(Qz, n) / decorrelationNumber(Q, n));
    }
    console.log(
      `decorrelate: worst |L^T D L - Z^T Q Z| ${worstRecon.toExponential(2)} of max|Qz|, worst relative det difference ` +
        `${worstDet.toExponential(2)}, max |L_ij| ${worstL.toFixed(4)}, least decorrelation gain (GNSS-like) ${minGain.toFixed(2)}x`,
    );
    expect(worstRecon).toBeLessThan(1e-9);
    expect(worstDet).toBeLessThan(1e-8);
    expect(worstL).toBeLessThanOrEqual(0.5 + 1e-12);
    expect(minGain).toBeGreaterThan(1);
  });
});

describe("bootstrapSuccessRate", () => {
  it("diagonal Q: product of erf(1 / (2 sqrt 2 sigma)) against tabulated erf (A&S Table 7.1)", () => {
    // sigma chosen so that 1/(2 sqrt2 sigma) = 0.5, 1, 2: erf = 0.5204998778, 0.8427007929, 0.9953222650
    const sig = [0.5, 1, 2].map((x) => 1 / (2 * Math.SQRT2 * x));
    const Q = new Float64Array(9);
    for (let i = 0; i < 3; i++) Q[i * 4] = sig[i] ** 2;
    const p = bootstrapSuccessRate(Q);
    const ref = 0.5204998778 * 0.8427007929 * 0.995322265;
    console.log(`bootstrap SR diagonal: ${p.toFixed(10)} vs ${ref.toFixed(10)}`);
    expect(Math.abs(p - ref)).toBeLessThan(2e-10);
  });

  it("matches a Monte Carlo of the bootstrapping estimator in the decorrelated space (50000 draws)", () => {
    const rng = new Prng(4242);
    const n = 8;
    const Q = gnssLikeQ(rng, n, 0.5, 0.07);
    const dec = decorrelate(Q);
    expect(dec).not.toBeNull();
    if (!dec) return;
    const Qz = congruence(dec.Z, Q, n);
    // Conditional gains for sequential rounding from the last ambiguity to the first:
    // E[z_k | z_{k+1..}] = zhat_k + Qz[k, R] Qz[R, R]^-1 (z_R - zhat_R), R = k+1..n-1.
    const gains: Float64Array[] = [];
    for (let k = 0; k < n; k++) {
      const r = n - 1 - k;
      const g = new Float64Array(r);
      if (r > 0) {
        const QRR = new Float64Array(r * r);
        for (let i = 0; i < r; i++)
          for (let j = 0; j < r; j++) QRR[i * r + j] = Qz[(k + 1 + i) * n + k + 1 + j];
        invertSpd(QRR, r);
        for (let j = 0; j < r; j++) {
          let s = 0;
          for (let i = 0; i < r; i++) s += Qz[k * n + k + 1 + i] * QRR[i * r + j];
          g[j] = s;
        }
      }
      gains.push(g);
    }
    const G = cholesky(Qz, n);
    const trials = 50000;
    let ok = 0;
    const e = new Float64Array(n);
    const zhat = new Float64Array(n);
    const zfix = new Float64Array(n);
    for (let t = 0; t < trials; t++) {
      for (let i = 0; i < n; i++) e[i] = rng.normal();
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k <= i; k++) s += G[i * n + k] * e[k];
        zhat[i] = s; // truth is 0
      }
      let good = true;
      for (let k = n - 1; k >= 0; k--) {
        let c = zhat[k];
        const g = gains[k];
        for (let j = 0; j < g.length; j++) c += g[j] * (zfix[k + 1 + j] - zhat[k + 1 + j]);
        zfix[k] = Math.round(c);
        if (zfix[k] !== 0) good = false;
      }
      if (good) ok++;
    }
    const mc = ok / trials;
    const p = bootstrapSuccessRate(Q);
    const sd = Math.sqrt((p * (1 - p)) / trials);
    console.log(`bootstrap SR formula ${p.toFixed(4)}, Monte Carlo ${mc.toFixed(4)} (1 sd ${sd.toFixed(4)})`);
    expect(p).toBeGreaterThan(0.2);
    expect(p).toBeLessThan(0.98);
    expect(Math.abs(mc - p)).toBeLessThan(4 * sd);
  });

  it("is a lower bound of the integer least-squares success rate (Teunissen 1999), Monte Carlo", () => {
    const rng = new Prng(99);
    const n = 8;
    const Q = gnssLikeQ(rng, n, 0.3, 0.03);
    const G = cholesky(Q, n);
    const truth = Float64Array.from({ length: n }, () => rng.integer(-1e6, 1e6));
    const trials = 5000;
    let ok = 0;
    const a = new Float64Array(n);
    const e = new Float64Array(n);
    for (let t = 0; t < trials; t++) {
      for (let i = 0; i < n; i++) e[i] = rng.normal();
      for (let i = 0; i < n; i++) {
        let s = truth[i];
        for (let k = 0; k <= i; k++) s += G[i * n + k] * e[k];
        a[i] = s;
      }
      const res = lambda(a, Q, 2);
      if (res?.candidates.subarray(0, n).every((v, i) => v === truth[i])) ok++;
    }
    const ils = ok / trials;
    const p = bootstrapSuccessRate(Q);
    const sd = Math.sqrt((p * (1 - p)) / trials);
    console.log(
      `ILS success rate (Monte Carlo) ${ils.toFixed(4)} >= bootstrap ${p.toFixed(4)} - 4 sd (${sd.toFixed(4)})`,
    );
    expect(ils).toBeGreaterThan(p - 4 * sd);
  });
});

describe("lambda: bad input never throws", () => {
  it("non-SPD, NaN, wrong sizes -> null", () => {
    const a = Float64Array.from([0.3, 1.7]);
    expect(lambda(a, Float64Array.from([1, 2, 2, 1]))).toBeNull(); // eigenvalues 3, -1
    expect(lambda(a, Float64Array.from([1, 0, 0, 0]))).toBeNull(); // singular
    expect(lambda(a, Float64Array.from([1, 0, 0, Number.NaN]))).toBeNull();
    expect(lambda(Float64Array.from([0.3, Number.NaN]), Float64Array.from([1, 0, 0, 1]))).toBeNull();
    expect(lambda(a, Float64Array.from([1, 0, 0]))).toBeNull();
    expect(lambda(new Float64Array(0), new Float64Array(0))).toBeNull();
    expect(lambda(a, Float64Array.from([1, 0, 0, 1]), 0)).toBeNull();
    expect(bootstrapSuccessRate(Float64Array.from([1, 2, 2, 1]))).toBeNaN();
    expect(decorrelate(Float64Array.from([1, 2, 2, 1]))).toBeNull();
  });

  fcTest.prop([fc.integer({ min: 1, max: 6 }), fc.array(fc.double(), { minLength: 42, maxLength: 42 })])(
    "random doubles (any sign, NaN, infinities) return null or a sorted integer result",
    (n, vals) => {
      const a = Float64Array.from(vals.slice(0, n));
      const Q = Float64Array.from(vals.slice(6, 6 + n * n));
      const res = lambda(a, Q, 2);
      if (res) {
        expect(res.sqNorms[0]).toBeLessThanOrEqual(res.sqNorms[1]);
        expect(Array.from(res.candidates).every(Number.isInteger)).toBe(true);
      }
    },
  );
});
