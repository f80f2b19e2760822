// The error function, for success rates of integer rounding: P(|x| < t) = erf(t / sqrt 2) for x ~ N(0, 1).

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x) to about 1e-15 absolute, from the all-positive series
 * erf(x) = 2/sqrt(pi) e^(-x^2) sum_k (2x^2)^k x / (1*3*...*(2k+1))  (Abramowitz & Stegun 7.1.6),
 * which has no cancellation. Beyond |x| = 6, 1 - erf(x) < 3e-17 and the result is +-1. NaN stays NaN.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax > 6) return x > 0 ? 1 : -1;
  const x2 = ax * ax;
  const twoX2 = 2 * x2;
  let term = ax;
  let sum = ax;
  for (let k = 1; k < 500; k++) {
    term *= twoX2 / (2 * k + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const r = Math.min(1, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum);
  return x < 0 ? -r : r;
}
