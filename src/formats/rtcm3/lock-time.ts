// MSM lock-time indicators, RTCM 10403.3 §3.5.12.7: DF402 (4 bits, MSM4/5, Table 3.5-74) and DF407
// (10 bits, MSM6/7, Table 3.5-75). Both give the minimum time (ms) the receiver has tracked the signal
// continuously; encoders need the inverse.

/** DF402 indicator -> minimum lock time (ms): 0 for 0, else 2^(i+4). */
export function lockTimeMin4_ms(i: number): number {
  return i === 0 ? 0 : 2 ** (i + 4);
}

/** Lock time (ms) -> DF402 indicator: 0 below 32 ms, i for 2^(i+4) <= t < 2^(i+5), 15 from 2^19 ms. */
export function lockIndicator4(t_ms: number): number {
  if (!(t_ms >= 32)) return 0;
  const i = Math.floor(Math.log2(t_ms)) - 4;
  return Math.min(i, 15);
}

/** DF407 indicator -> minimum lock time (ms): i below 64, else 2^b (i - 32 b) in band b; 704 = 2^26 ms and more. */
export function lockTimeMin10_ms(i: number): number {
  if (i < 64) return i;
  const b = Math.min(Math.floor((i - 32) / 32), 21);
  return 2 ** b * (i - 32 * b);
}

/** Lock time (ms) -> DF407 indicator. */
export function lockIndicator10(t_ms: number): number {
  if (!(t_ms >= 0)) return 0;
  if (t_ms < 64) return Math.floor(t_ms);
  const b = Math.floor(Math.log2(t_ms / 32));
  if (b >= 21) return 704;
  return Math.floor(t_ms / 2 ** b) + 32 * b;
}
