// RTCM 3 messages carry truncated times: MSM a time of week (or of day), ephemerides a 10-bit (GPS, QZSS),
// 12-bit (Galileo) or 13-bit (BDS) week. Decoding them needs an approximate "now": a reference instant,
// which comes from the stream (an ephemeris week, a previous epoch), a date the user gives, or the clock.

import { diffSeconds, type Instant, instant, toScale, toWeekTow } from "../../time/instant.js";

const GPS_ORIGIN_MS = Date.UTC(1980, 0, 6);

/** The system clock as a GPST instant (milliseconds resolution). */
export function clockInstant(nowMs: number = Date.now()): Instant {
  return toScale(instant("UTC", (nowMs - GPS_ORIGIN_MS) / 1000), "GPST");
}

/** Full GPS week of an instant (any scale; converted to GPST). */
export function gpsWeekOf(t: Instant): number {
  return toWeekTow(toScale(t, "GPST")).week;
}

/** `t` moved by whole periods to within half a period of `ref`, however far off it is. */
export function foldToReference(t: Instant, ref: Instant, period_s: number): Instant {
  const d = diffSeconds(t, toScale(ref, t.scale));
  const k = Math.round(d / period_s);
  return k === 0 ? t : instant(t.scale, t.sec - k * period_s, t.frac);
}
