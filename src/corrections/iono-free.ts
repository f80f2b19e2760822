// First-order ionosphere: the group delay scales as 1/f^2 (40.3 TEC / f^2), so two pseudoranges
// P1 = rho + I1 and P2 = rho + I1 (f1/f2)^2 combine to P_IF = c1 P1 + c2 P2 = rho with
//   c1 = f1^2 / (f1^2 - f2^2),  c2 = -f2^2 / (f1^2 - f2^2)   (c1 + c2 = 1).
// Any per-signal bias b1, b2 passes into the combination as c1 b1 + c2 b2 (ionoFreeGroupDelay_s).

export interface IonoFreeCoefficients {
  readonly c1: number;
  readonly c2: number;
}

/** Coefficients of the ionosphere-free combination P_IF = c1 P1 + c2 P2 (NaN if f1 == f2). */
export function ionoFreeCoefficients(f1_Hz: number, f2_Hz: number): IonoFreeCoefficients {
  const a = f1_Hz * f1_Hz;
  const b = f2_Hz * f2_Hz;
  const d = a - b;
  if (d === 0) return { c1: Number.NaN, c2: Number.NaN };
  return { c1: a / d, c2: -b / d };
}

/** The ionosphere-free combination of two pseudoranges (m). */
export function ionoFreeCombination_m(p1_m: number, p2_m: number, f1_Hz: number, f2_Hz: number): number {
  const a = f1_Hz * f1_Hz;
  const b = f2_Hz * f2_Hz;
  return (a * p1_m - b * p2_m) / (a - b);
}

/** Group delay (s) carried by the ionosphere-free combination of signals with group delays b1, b2. */
export function ionoFreeGroupDelay_s(b1_s: number, b2_s: number, f1_Hz: number, f2_Hz: number): number {
  const { c1, c2 } = ionoFreeCoefficients(f1_Hz, f2_Hz);
  return c1 * b1_s + c2 * b2_s;
}

/** Factor (f_ref/f)^2 converting a first-order ionospheric delay at f_ref to one at f. */
export function ionoScale(fRef_Hz: number, f_Hz: number): number {
  const k = fRef_Hz / f_Hz;
  return k * k;
}
