// Seeded pseudo-random numbers for the simulator: mulberry32 (Tommy Ettinger's 32-bit generator, public
// domain) for uniforms, Marsaglia's polar method for normal deviates. Same seed -> same sequence, on
// every platform (only 32-bit integer arithmetic and IEEE doubles are involved).

export class Prng {
  private state: number;
  /** The second deviate the polar method yields, kept for the next call. */
  private spare = Number.NaN;

  constructor(seed: number) {
    // Fold any finite number (including fractions and negatives) into 32 bits.
    const s = Number.isFinite(seed) ? seed : 0;
    this.state = (Math.floor(s) ^ Math.floor(s / 4294967296)) >>> 0;
  }

  /** Uniform on [0, 1), 32 bits of resolution. */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform on [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform on [lo, hi] (both included). */
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** Standard normal deviate (mean 0, variance 1). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = Number.NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const k = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * k;
    return u * k;
  }
}
