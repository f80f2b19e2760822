// Kalman measurement update (covariance and information forms) against the textbook dense update
// (Gelb, Applied Optimal Estimation, 1974, Table 4.2-1; Bucy & Joseph 1968 for the stabilised covariance):
//   S = H P H^T + R,  K = P H^T S^-1,  x+ = x + K v,  P+ = (I - K H) P (I - K H)^T + K R K^T.
// The reference below is dense, written here, and inverts S by Gauss-Jordan elimination with partial
// pivoting, so it shares no code (and no Cholesky) with kalman.ts.

import { fc, test as fcTest } from "@fast-check/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { Prng } from "../../sim/prng.js";
import { cholesky, invertSymmetric, kalmanUpdate, kalmanUpdateInformation, SparseRows } from "./kalman.js";

// ---------- independent dense helpers ----------

/** C (r x c) = A (r x k) B (k x c), row-major. */
function mul(A: Float64Array, B: Float64Array, r: number, k: number, c: number): Float64Array {
  const C = new Float64Array(r * c);
  for (let i = 0; i < r; i++)
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      if (a === 0) continue;
      for (let j = 0; j < c; j++) C[i * c + j] += a * B[p * c + j];
    }
  return C;
}

function transpose(A: Float64Array, r: number, c: number): Float64Array {
  const T = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j * r + i] = A[i * c + j];
  return T;
}

/** Inverse by Gauss-Jordan elimination with partial pivoting (works for any non-singular matrix). */
function gaussJordanInverse(A: Float64Array, n: number): Float64Array {
  const M = A.slice();
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]) > Math.abs(M[p * n + c])) p = r;
    if (M[p * n + c] === 0) throw new Error("singular test matrix");
    if (p !== c)
      for (let j = 0; j < n; j++) {
        [M[p * n + j], M[c * n + j]] = [M[c * n + j], M[p * n + j]];
        [I[p * n + j], I[c * n + j]] = [I[c * n + j], I[p * n + j]];
      }
    const d = M[c * n + c];
    for (let j = 0; j < n; j++) {
      M[c * n + j] /= d;
      I[c * n + j] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r * n + c];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        M[r * n + j] -= f * M[c * n + j];
        I[r * n + j] -= f * I[c * n + j];
      }
    }
  }
  return I;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// Double-double arithmetic (Dekker 1971; Hida, Li & Bailey 2001), about 32 significant digits, so that the
// reference's own rounding (1e-32 relative) is far below the tolerance even for ill-conditioned S.
// A double-double matrix is a pair of Float64Arrays (hi, lo).

interface DD {
  hi: Float64Array;
  lo: Float64Array;
}

const SPLITTER = 134217729; // 2^27 + 1
let tHi = 0;
let tLo = 0;

/** (a.hi, a.lo) * (b.hi, b.lo) -> (tHi, tLo) */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  let c = SPLITTER * ah;
  const ahh = c - (c - ah);
  const ahl = ah - ahh;
  c = SPLITTER * bh;
  const bhh = c - (c - bh);
  const bhl = bh - bhh;
  let e = ahh * bhh - p + ahh * bhl + ahl * bhh + ahl * bhl;
  e += ah * bl + al * bh;
  tHi = p + e;
  tLo = e - (tHi - p);
}

/** (a.hi, a.lo) + (b.hi, b.lo) -> (tHi, tLo) */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const bb = s - ah;
  let e = ah - (s - bb) + (bh - bb);
  e += al + bl;
  tHi = s + e;
  tLo = e - (tHi - s);
}

/** (a.hi, a.lo) / (b.hi, b.lo) -> (tHi, tLo): three quotient digits, each from the remainder so far. */
function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(q1, 0, bh, bl);
  ddAdd(ah, al, -tHi, -tLo);
  let rh = tHi;
  let rl = tLo;
  const q2 = rh / bh;
  ddMul(q2, 0, bh, bl);
  ddAdd(rh, rl, -tHi, -tLo);
  rh = tHi;
  rl = tLo;
  const q3 = rh / bh;
  ddAdd(q1, 0, q2, 0);
  ddAdd(tHi, tLo, q3, 0);
}

function dd(a: Float64Array): DD {
  return { hi: a.slice(), lo: new Float64Array(a.length) };
}

function ddMatMul(A: DD, B: DD, r: number, k: number, c: number): DD {
  const C = { hi: new Float64Array(r * c), lo: new Float64Array(r * c) };
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      let sh = 0;
      let sl = 0;
      for (let p = 0; p < k; p++) {
        const ah = A.hi[i * k + p];
        const bh = B.hi[p * c + j];
        if (ah === 0 || bh === 0) continue;
        ddMul(ah, A.lo[i * k + p], bh, B.lo[p * c + j]);
        ddAdd(sh, sl, tHi, tLo);
        sh = tHi;
        sl = tLo;
      }
      C.hi[i * c + j] = sh;
      C.lo[i * c + j] = sl;
    }
  return C;
}

function ddTranspose(A: DD, r: number, c: number): DD {
  return { hi: transpose(A.hi, r, c), lo: transpose(A.lo, r, c) };
}

function ddAddInPlace(A: DD, B: DD, sign = 1): void {
  for (let i = 0; i < A.hi.length; i++) {
    ddAdd(A.hi[i], A.lo[i], sign * B.hi[i], sign * B.lo[i]);
    A.hi[i] = tHi;
    A.lo[i] = tLo;
  }
}

/** Gauss-Jordan inverse with partial pivoting, in double-double. */
function ddInverse(A: DD, n: number): DD {
  const M = { hi: A.hi.slice(), lo: A.lo.slice() };
  const I = { hi: new Float64Array(n * n), lo: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) I.hi[i * n + i] = 1;
  const swap = (X: Float64Array, a: number, b: number) => {
    for (let j = 0; j < n; j++) [X[a * n + j], X[b * n + j]] = [X[b * n + j], X[a * n + j]];
  };
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M.hi[r * n + c]) > Math.abs(M.hi[p * n + c])) p = r;
    if (M.hi[p * n + c] === 0) throw new Error("singular test matrix");
    if (p !== c) for (const X of [M.hi, M.lo, I.hi, I.lo]) swap(X, p, c);
    const dh = M.hi[c * n + c];
    const dl = M.lo[c * n + c];
    for (const X of [M, I])
      for (let j = 0; j < n; j++) {
        ddDiv(X.hi[c * n + j], X.lo[c * n + j], dh, dl);
        X.hi[c * n + j] = tHi;
        X.lo[c * n + j] = tLo;
      }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const fh = M.hi[r * n + c];
      const fl = M.lo[r * n + c];
      if (fh === 0) continue;
      for (const X of [M, I])
        for (let j = 0; j < n; j++) {
          ddMul(fh, fl, X.hi[c * n + j], X.lo[c * n + j]);
          ddAdd(X.hi[r * n + j], X.lo[r * n + j], -tHi, -tLo);
          X.hi[r * n + j] = tHi;
          X.lo[r * n + j] = tLo;
        }
    }
  }
  return I;
}

/** Dense textbook update, Joseph form, in double-double; the result rounded to double. */
function referenceUpdate(
  x: Float64Array,
  P: Float64Array,
  n: number,
  Hd: Float64Array,
  m: number,
  v: Float64Array,
  R: Float64Array,
): { x: Float64Array; P: Float64Array } {
  const Pd = dd(P);
  const Hdd = dd(Hd);
  const Rd = dd(R);
  const PHt = ddMatMul(Pd, ddTranspose(Hdd, m, n), n, n, m);
  const S = ddMatMul(Hdd, PHt, m, n, m);
  ddAddInPlace(S, Rd);
  const K = ddMatMul(PHt, ddInverse(S, m), n, m, m);
  const Kv = ddMatMul(K, dd(v), n, m, 1);
  const xp = x.slice();
  for (let i = 0; i < n; i++) {
    ddAdd(x[i], 0, Kv.hi[i], Kv.lo[i]);
    xp[i] = tHi + tLo;
  }
  const IKH = ddMatMul(K, Hdd, n, m, n);
  for (let i = 0; i < n * n; i++) {
    IKH.hi[i] = -IKH.hi[i];
    IKH.lo[i] = -IKH.lo[i];
  }
  for (let i = 0; i < n; i++) {
    ddAdd(IKH.hi[i * n + i], IKH.lo[i * n + i], 1, 0);
    IKH.hi[i * n + i] = tHi;
    IKH.lo[i * n + i] = tLo;
  }
  const A = ddMatMul(ddMatMul(IKH, Pd, n, n, n), ddTranspose(IKH, n, n), n, n, n);
  ddAddInPlace(A, ddMatMul(ddMatMul(K, Rd, n, m, m), ddTranspose(K, n, m), n, m, n));
  return { x: xp, P: A.hi.map((h, i) => h + A.lo[i]) };
}

/** The same textbook update in plain double (to show the floor that conditioning sets for any double code). */
function doubleUpdate(
  x: Float64Array,
  P: Float64Array,
  n: number,
  Hd: Float64Array,
  m: number,
  v: Float64Array,
  R: Float64Array,
): { x: Float64Array; P: Float64Array } {
  const Ht = transpose(Hd, m, n);
  const PHt = mul(P, Ht, n, n, m);
  const S = mul(Hd, PHt, m, n, m);
  for (let i = 0; i < m * m; i++) S[i] += R[i];
  const K = mul(PHt, gaussJordanInverse(S, m), n, m, m);
  const xp = x.slice();
  const Kv = mul(K, v, n, m, 1);
  for (let i = 0; i < n; i++) xp[i] += Kv[i];
  const IKH = mul(K, Hd, n, m, n);
  for (let i = 0; i < n * n; i++) IKH[i] = -IKH[i];
  for (let i = 0; i < n; i++) IKH[i * n + i] += 1;
  const A = mul(mul(IKH, P, n, n, n), transpose(IKH, n, n), n, n, n);
  const KRKt = mul(mul(K, R, n, m, m), transpose(K, n, m), n, m, n);
  for (let i = 0; i < n * n; i++) A[i] += KRKt[i];
  return { x: xp, P: A };
}

// ---------- random problems shaped like RTK ----------

interface Problem {
  n: number;
  m: number;
  x: Float64Array;
  P: Float64Array;
  H: SparseRows;
  Hd: Float64Array;
  v: Float64Array;
  R: Float64Array;
  blocks: { start: number; size: number }[];
}

/** Random SPD matrix D (A A^T / n + floor I) D with per-state scales D (positions m, ambiguities cycles). */
function randomSpd(rng: Prng, n: number, scale: (i: number) => number, floor = 0.2): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) A[i] = rng.normal();
  const P = mul(A, transpose(A, n, n), n, n, n);
  for (let i = 0; i < n * n; i++) P[i] /= n;
  for (let i = 0; i < n; i++) P[i * n + i] += floor;
  const d = Array.from({ length: n }, (_, i) => scale(i));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * n + j] *= d[i] * d[j];
  return P;
}

/**
 * Blocks of double-difference-like rows: each block has a reference ambiguity; a phase row touches the three
 * position columns, its own ambiguity (+lambda) and the reference (-lambda); a code row only the position.
 * R in each block = diag(own variances) + the reference satellite's variance in every entry.
 */
function randomProblem(
  rng: Prng,
  n: number,
  blockSizes: number[],
  sig: { pos_m: number; amb_cyc: number; phase_m: number; code_m: number; xPos_m?: number },
): Problem {
  const m = blockSizes.reduce((a, b) => a + b, 0);
  const H = new SparseRows(m, 5);
  const Hd = new Float64Array(m * n);
  const R = new Float64Array(m * m);
  const v = new Float64Array(m);
  const blocks: { start: number; size: number }[] = [];
  const nAmb = n - 3;
  let row = 0;
  for (const size of blockSizes) {
    const start = row;
    blocks.push({ start, size });
    const phase = nAmb > 0 && rng.uniform() < 0.6;
    const ref = phase ? 3 + rng.integer(0, nAmb - 1) : -1;
    const lam = rng.between(0.18, 0.26);
    const sd = phase ? sig.phase_m : sig.code_m;
    const refVar = sd * sd * rng.between(0.5, 2);
    for (let k = 0; k < size; k++, row++) {
      const r = H.addRow();
      for (let c = 0; c < 3; c++) {
        const e = rng.between(-1.5, 1.5);
        H.set(r, c, e);
        Hd[r * n + c] = e;
      }
      if (phase) {
        let own = ref;
        if (nAmb > 1) while (own === ref) own = 3 + rng.integer(0, nAmb - 1);
        if (own !== ref) {
          H.set(r, own, lam);
          Hd[r * n + own] += lam;
        }
        H.set(r, ref, -lam);
        Hd[r * n + ref] -= lam;
      }
      v[r] = rng.normal() * (phase ? 0.05 : 3);
      for (let l = 0; l < size; l++) R[(start + k) * m + start + l] = refVar;
      R[r * m + r] += sd * sd * rng.between(0.5, 2);
    }
  }
  const P = randomSpd(rng, n, (i) => (i < 3 ? sig.pos_m : sig.amb_cyc));
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal() * (i < 3 ? (sig.xPos_m ?? 50) : 50);
  return { n, m, x, P, H, Hd, v, R, blocks };
}

function randomBlocks(rng: Prng, count: number, maxSize: number): number[] {
  return Array.from({ length: count }, () => rng.integer(1, maxSize));
}

/**
 * |x+ - x+ref| relative to max |x+ref - x| (the correction); |P+ - P+ref| relative to max |P| (the prior).
 * `floor` is the same measure for the plain-double textbook update: what conditioning alone costs.
 */
function compare(pb: Problem, x: Float64Array, P: Float64Array) {
  const ref = referenceUpdate(pb.x, pb.P, pb.n, pb.Hd, pb.m, pb.v, pb.R);
  const n = pb.n;
  const sd = ref.P.filter((_, k) => k % (n + 1) === 0).map(Math.sqrt);
  const rel = (xx: Float64Array, PP: Float64Array) => {
    const dxRef = ref.x.map((v, i) => v - pb.x[i]);
    const dx = xx.map((v, i) => v - pb.x[i]);
    let xSig = 0;
    let Pcorr = 0;
    for (let i = 0; i < n; i++) {
      xSig = Math.max(xSig, Math.abs(dx[i] - dxRef[i]) / sd[i]);
      for (let j = 0; j < n; j++)
        Pcorr = Math.max(Pcorr, Math.abs(PP[i * n + j] - ref.P[i * n + j]) / (sd[i] * sd[j]));
    }
    return { x: maxAbsDiff(dx, dxRef) / maxAbs(dxRef), P: maxAbsDiff(PP, ref.P) / maxAbs(pb.P), xSig, Pcorr };
  };
  const dbl = doubleUpdate(pb.x, pb.P, pb.n, pb.Hd, pb.m, pb.v, pb.R);
  return { ...rel(x, P), floor: rel(dbl.x, dbl.P) };
}

type Errors = ReturnType<typeof compare>;
type Measures = Omit<Errors, "floor">;
const worst = new Map<string, { impl: Measures; floor: Measures }>();
function record(what: string, e: Errors): void {
  const z = { x: 0, P: 0, xSig: 0, Pcorr: 0 };
  const w = worst.get(what) ?? { impl: { ...z }, floor: { ...z } };
  for (const k of ["x", "P", "xSig", "Pcorr"] as const) {
    w.impl[k] = Math.max(w.impl[k], e[k]);
    w.floor[k] = Math.max(w.floor[k], e.floor[k]);
  }
  worst.set(what, w);
}
const fmt = (m: Measures) =>
  `x ${m.x.toExponential(2)} (${m.xSig.toExponential(2)} sigma)  P ${m.P.toExponential(2)} (${m.Pcorr.toExponential(2)} of sd_i sd_j)`;

afterAll(() => {
  const lines = [
    "kalman vs double-double Joseph reference, worst relative error (x: of the correction, P: of max |P prior|):",
  ];
  for (const [what, w] of worst)
    lines.push(`  ${what}: ${fmt(w.impl)}\n      plain-double textbook update: ${fmt(w.floor)}`);
  console.log(lines.join("\n"));
});

/** Moderately conditioned problems: every measure within 1e-9. */
const MODERATE = { pos_m: 3, amb_cyc: 2, phase_m: 0.5, code_m: 1.5 };
const TOL_REL = 1e-9;
/**
 * RTK scale: 30 m / 30 cycles a priori against 3 mm phase and 0.3 m code (undifferenced, per receiver), so S
 * and the information matrix have condition numbers near 1e10. Any double-precision update then carries
 * errors of order eps * cond relative to the posterior; the plain-double textbook update measures that floor.
 */
const RTK_SCALE = { pos_m: 30, amb_cyc: 30, phase_m: 0.003 * Math.SQRT2, code_m: 0.3 * Math.SQRT2 };
/** Errors of x+ in posterior sigmas, of P+ as a fraction of sd_i sd_j (1e-5 sigma: 10 pm on a 1 mm sigma). */
const TOL_RTK_SIGMA = 1e-5;

type Update = (pb: Problem, x: Float64Array, P: Float64Array) => boolean;
const FORMS: { name: string; update: Update }[] = [
  { name: "covariance form", update: (pb, x, P) => kalmanUpdate(x, P, pb.n, pb.H, pb.v, pb.R.slice()) },
  {
    name: "information form",
    update: (pb, x, P) => kalmanUpdateInformation(x, P, pb.n, pb.H, pb.v, pb.R, pb.blocks),
  },
];

describe.each(FORMS)("$name against the double-double Joseph-form reference", ({ name, update }) => {
  fcTest.prop([fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 4, max: 40 })], { numRuns: 100 })(
    "random SPD P (n 4..40), DD-like sparse rows in blocks: x+ and P+ within 1e-9 relative",
    (seed, n) => {
      const rng = new Prng(seed);
      const pb = randomProblem(rng, n, randomBlocks(rng, rng.integer(1, 8), 10), MODERATE);
      const x = pb.x.slice();
      const P = pb.P.slice();
      expect(update(pb, x, P)).toBe(true);
      const e = compare(pb, x, P);
      record(`${name}, moderate`, e);
      expect(e.x).toBeLessThan(TOL_REL);
      expect(e.P).toBeLessThan(TOL_REL);
      expect(e.Pcorr).toBeLessThan(TOL_REL);
      // the result is exactly symmetric
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(P[i * n + j]).toBe(P[j * n + i]);
    },
  );

  it("RTK-scaled problems: P+ within 1e-9 of the prior, x+ and P+ within 1e-5 of the posterior sigmas", () => {
    const rng = new Prng(name.length * 1000 + 4242);
    for (let t = 0; t < 30; t++) {
      const n = rng.integer(6, 40);
      const pb = randomProblem(rng, n, randomBlocks(rng, rng.integer(2, 8), 12), RTK_SCALE);
      const x = pb.x.slice();
      const P = pb.P.slice();
      expect(update(pb, x, P)).toBe(true);
      const e = compare(pb, x, P);
      record(`${name}, RTK-scaled`, e);
      expect(e.P).toBeLessThan(TOL_REL);
      expect(e.xSig).toBeLessThan(TOL_RTK_SIGMA);
      expect(e.Pcorr).toBeLessThan(TOL_RTK_SIGMA);
    }
  });

  it("ECEF-sized position states (|x| ~ 6.4e6 m): x+ within 1e-8 m of the reference", () => {
    const rng = new Prng(name.length * 1000 + 17);
    let worstAbs = 0;
    for (let t = 0; t < 30; t++) {
      const n = rng.integer(6, 40);
      const pb = randomProblem(rng, n, randomBlocks(rng, rng.integer(2, 8), 12), {
        ...MODERATE,
        xPos_m: 6.4e6,
      });
      const x = pb.x.slice();
      const P = pb.P.slice();
      expect(update(pb, x, P)).toBe(true);
      const ref = referenceUpdate(pb.x, pb.P, pb.n, pb.Hd, pb.m, pb.v, pb.R);
      worstAbs = Math.max(worstAbs, maxAbsDiff(x.subarray(0, 3), ref.x.subarray(0, 3)));
    }
    console.log(`${name}: ECEF-sized position states, worst |x+ - ref| ${worstAbs.toExponential(2)} m`);
    expect(worstAbs).toBeLessThan(1e-8);
  });

  it("m = 0 is a no-op", () => {
    const rng = new Prng(99);
    const pb = randomProblem(rng, 10, [4, 3], MODERATE);
    const x = pb.x.slice();
    const P = pb.P.slice();
    expect(update({ ...pb, H: new SparseRows(4) }, x, P)).toBe(true);
    expect(maxAbsDiff(x, pb.x)).toBe(0);
    expect(maxAbsDiff(P, pb.P)).toBe(0);
  });
});

describe("failure paths", () => {
  it("kalmanUpdate: an indefinite or NaN S returns false and leaves x and P untouched", () => {
    const rng = new Prng(99);
    const pb = randomProblem(rng, 10, [4, 3], MODERATE);
    const x = pb.x.slice();
    const P = pb.P.slice();
    const R = pb.R.slice();
    R[0] = -1e9; // S[0,0] < 0
    expect(kalmanUpdate(x, P, 10, pb.H, pb.v, R)).toBe(false);
    expect(maxAbsDiff(x, pb.x)).toBe(0);
    expect(maxAbsDiff(P, pb.P)).toBe(0);
    const Rn = pb.R.slice();
    Rn[pb.m + 1] = Number.NaN;
    expect(kalmanUpdate(x, P, 10, pb.H, pb.v, Rn)).toBe(false);
    expect(maxAbsDiff(x, pb.x)).toBe(0);
    expect(maxAbsDiff(P, pb.P)).toBe(0);
  });

  it("kalmanUpdateInformation: a non-SPD P or R block returns false and leaves x and P untouched", () => {
    const rng = new Prng(5);
    const pb = randomProblem(rng, 12, [5, 4, 3], MODERATE);
    const x = pb.x.slice();
    const P = pb.P.slice();
    const R = pb.R.slice();
    R[(pb.m + 1) * 6] = -1; // diagonal of row 6, in the second block
    expect(kalmanUpdateInformation(x, P, 12, pb.H, pb.v, R, pb.blocks)).toBe(false);
    expect(maxAbsDiff(x, pb.x)).toBe(0);
    expect(maxAbsDiff(P, pb.P)).toBe(0);
    const Pbad = pb.P.slice();
    Pbad[3 * 12 + 3] = -1;
    expect(kalmanUpdateInformation(x, Pbad, 12, pb.H, pb.v, pb.R, pb.blocks)).toBe(false);
    expect(maxAbsDiff(x, pb.x)).toBe(0);
    expect(Pbad[3 * 12 + 3]).toBe(-1);
  });
});

describe("cholesky, invertSymmetric, SparseRows", () => {
  fcTest.prop([fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 40 })], { numRuns: 80 })(
    "cholesky: L L^T = A (lower triangle), upper triangle untouched",
    (seed, n) => {
      const rng = new Prng(seed);
      const A = randomSpd(rng, n, () => rng.between(0.01, 100));
      const a = A.slice();
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 12345.678; // sentinel
      expect(cholesky(a, n)).toBe(true);
      const L = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) L[i * n + j] = a[i * n + j];
        for (let j = i + 1; j < n; j++) expect(a[i * n + j]).toBe(12345.678);
        expect(L[i * n + i]).toBeGreaterThan(0);
      }
      const LLt = mul(L, transpose(L, n, n), n, n, n);
      expect(maxAbsDiff(LLt, A) / maxAbs(A)).toBeLessThan(1e-13);
    },
  );

  it("cholesky: indefinite, singular, and NaN input return false without throwing", () => {
    // eigenvalues 3 and -1
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2)).toBe(false);
    // rank 1
    expect(cholesky(Float64Array.of(1, 1, 1, 1), 2)).toBe(false);
    expect(cholesky(new Float64Array(9), 3)).toBe(false);
    expect(cholesky(Float64Array.of(Number.NaN, 0, 0, 1), 2)).toBe(false);
    expect(cholesky(Float64Array.of(4, 0, Number.NaN, 1), 2)).toBe(false);
    expect(invertSymmetric(Float64Array.of(1, 2, 2, 1), 2)).toBe(false);
    expect(invertSymmetric(Float64Array.of(2, 1, 0, 1, 2, 1, 0, 1, -3), 3)).toBe(false);
  });

  fcTest.prop([fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 40 })], { numRuns: 80 })(
    "invertSymmetric equals the Gauss-Jordan inverse, is symmetric, and A A^-1 = I",
    (seed, n) => {
      const rng = new Prng(seed);
      const A = randomSpd(rng, n, () => rng.between(0.1, 10));
      const inv = A.slice();
      expect(invertSymmetric(inv, n)).toBe(true);
      const ref = gaussJordanInverse(A, n);
      expect(maxAbsDiff(inv, ref) / maxAbs(ref)).toBeLessThan(1e-10);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
      const AI = mul(A, inv, n, n, n);
      for (let i = 0; i < n; i++) AI[i * n + i] -= 1;
      expect(maxAbs(AI)).toBeLessThan(1e-10);
    },
  );

  it("SparseRows.dot equals the dense product H x; rows may be empty", () => {
    const rng = new Prng(31);
    const n = 17;
    const H = new SparseRows(50, 5);
    const Hd = new Float64Array(50 * n);
    for (let k = 0; k < 50; k++) {
      const r = H.addRow();
      const cnt = rng.integer(0, 5);
      const cols = new Set<number>();
      while (cols.size < cnt) cols.add(rng.integer(0, n - 1));
      for (const c of cols) {
        const v = rng.normal();
        H.set(r, c, v);
        Hd[r * n + c] = v;
      }
    }
    expect(H.m).toBe(50);
    const x = Float64Array.from({ length: n }, () => rng.normal() * 100);
    const ref = mul(Hd, x, 50, n, 1);
    let worstDot = 0;
    for (let k = 0; k < 50; k++)
      worstDot = Math.max(worstDot, Math.abs(H.dot(k, x) - ref[k]) / (1 + Math.abs(ref[k])));
    expect(worstDot).toBeLessThan(1e-14);
  });
});

describe("timing (printed, not asserted)", () => {
  it("n = 130 states, m = 240 rows in 16 blocks of 15, both forms", () => {
    const rng = new Prng(2024);
    const n = 130;
    const pb = randomProblem(
      rng,
      n,
      Array.from({ length: 16 }, () => 15),
      {
        pos_m: 30,
        amb_cyc: 30,
        phase_m: 0.003 * Math.SQRT2,
        code_m: 0.3 * Math.SQRT2,
      },
    );
    const time = (f: () => boolean): number => {
      for (let i = 0; i < 3; i++) f(); // warm up
      const reps = 20;
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) expect(f()).toBe(true);
      return (performance.now() - t0) / reps;
    };
    const cov = time(() => kalmanUpdate(pb.x.slice(), pb.P.slice(), n, pb.H, pb.v, pb.R.slice()));
    const inf = time(() =>
      kalmanUpdateInformation(pb.x.slice(), pb.P.slice(), n, pb.H, pb.v, pb.R, pb.blocks),
    );
    console.log(
      `kalman timing n=${n} m=${pb.m}: covariance form ${cov.toFixed(2)} ms, information form ${inf.toFixed(2)} ms per update`,
    );
    // both forms give the same answer on this size too
    const x1 = pb.x.slice();
    const P1 = pb.P.slice();
    const x2 = pb.x.slice();
    const P2 = pb.P.slice();
    kalmanUpdate(x1, P1, n, pb.H, pb.v, pb.R.slice());
    kalmanUpdateInformation(x2, P2, n, pb.H, pb.v, pb.R, pb.blocks);
    record("covariance form, n=130 m=240", compare(pb, x1, P1));
    record("information form, n=130 m=240", compare(pb, x2, P2));
  });
});
