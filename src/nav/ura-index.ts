// Accuracy indexes of broadcast ephemerides, index -> metres.
// GPS URA: IS-GPS-200 §20.3.3.3.1.3 (nominal URA = 2^(1+N/2) for N <= 6, written 2.8, 5.7 and 11.3 m for
// N = 1, 3, 5; 2^(N-2) for 6 < N < 15).
// BDS URAI (D1/D2): BDS-SIS-ICD-B1I-3.0 §5.2.4.5, the same table. N = 15: no accuracy prediction (NaN).
// Galileo SISA: Galileo OS SIS ICD 2.0 §5.1.12 Table 89 (0-49: 1 cm steps; 50-74: 2 cm from 0.5 m;
// 75-99: 4 cm from 1 m; 100-125: 16 cm from 2 m; 255 "no accuracy prediction available" = NaN).

/** URA (m) of a GPS URA index or BDS URAI; NaN for 15 and out-of-range values. */
export function uraIndexToMetres(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= 15) return Number.NaN;
  if (n > 6) return 2 ** (n - 2);
  const x = 2 ** (1 + n / 2);
  return n % 2 === 1 ? Math.round(x * 10) / 10 : x;
}

/** Galileo SISA (m) of a SISA index; NaN for 126-255 (spare or NAPA). */
export function sisaIndexToMetres(n: number): number {
  if (!Number.isInteger(n) || n < 0) return Number.NaN;
  if (n < 50) return n * 0.01;
  if (n < 75) return 0.5 + (n - 50) * 0.02;
  if (n < 100) return 1 + (n - 75) * 0.04;
  if (n < 126) return 2 + (n - 100) * 0.16;
  return Number.NaN;
}
