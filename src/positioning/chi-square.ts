// Chi-square quantiles for residual tests (Wilson-Hilferty approximation, better than 3% for dof >= 1).

/** Standard normal quantile for upper-tail probability alpha (Acklam's rational approximation). */
export function normalQuantileUpper(alpha: number): number {
  const p = 1 - alpha;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let q: number;
  if (p < pl) {
    q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - pl) {
    q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

const cache = new Map<string, number>();

/** Upper quantile of the chi-square distribution with `dof` degrees of freedom at probability `alpha`. */
export function chiSquareQuantile(dof: number, alpha = 0.001): number {
  const key = `${dof}:${alpha}`;
  let v = cache.get(key);
  if (v === undefined) {
    const z = normalQuantileUpper(alpha);
    const h = 2 / (9 * dof);
    v = dof * (1 - h + z * Math.sqrt(h)) ** 3;
    cache.set(key, v);
  }
  return v;
}
