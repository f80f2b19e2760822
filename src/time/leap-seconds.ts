// GPST - UTC (leap seconds since 1980-01-06), from IERS Bulletin C. TAI - GPST = 19 s exactly.

/** [UTC calendar seconds since 1980-01-06T00:00:00 at which the step takes effect, GPST-UTC after it (s)] */
const STEPS: ReadonlyArray<readonly [number, number]> = [
  [[1981, 7, 1], 1],
  [[1982, 7, 1], 2],
  [[1983, 7, 1], 3],
  [[1985, 7, 1], 4],
  [[1988, 1, 1], 5],
  [[1990, 1, 1], 6],
  [[1991, 1, 1], 7],
  [[1992, 7, 1], 8],
  [[1993, 7, 1], 9],
  [[1994, 7, 1], 10],
  [[1996, 1, 1], 11],
  [[1997, 7, 1], 12],
  [[1999, 1, 1], 13],
  [[2006, 1, 1], 14],
  [[2009, 1, 1], 15],
  [[2012, 7, 1], 16],
  [[2015, 7, 1], 17],
  [[2017, 1, 1], 18],
].map(([ymd, n]) => {
  const [y, m, d] = ymd as number[];
  return [(Date.UTC(y, m - 1, d) - Date.UTC(1980, 0, 6)) / 1000, n as number] as const;
});

/** GPST - UTC in seconds for a UTC calendar second count since 1980-01-06. */
export function leapSecondsAtUtc(utcSec: number): number {
  let n = 0;
  for (const [t, v] of STEPS) if (utcSec >= t) n = v;
  return n;
}

/** GPST - UTC in seconds for a GPST second count since 1980-01-06. */
export function leapSecondsAtGpst(gpstSec: number): number {
  let n = 0;
  for (const [t, v] of STEPS) if (gpstSec - v >= t) n = v;
  return n;
}
