// Two-part instants tagged with their time scale, and the conversions between scales.
// Sources: IS-GPS-200 §3.3.4 (GPST), BDS-SIS-ICD-B1I-3.0 §4.2 (BDT = GPST - 14 s, week 0 = 2006-01-01),
// Galileo OS SIS ICD §5.1.2 (GST), GLONASS ICD 5.1 §3.3.3 (GLONASST = UTC(SU) + 3 h).

import { leapSecondsAtGpst, leapSecondsAtUtc } from "./leap-seconds.js";

export type TimeScale = "GPST" | "BDT" | "GST" | "UTC" | "GLONASST" | "TAI";

/**
 * An instant: `sec` whole seconds plus `frac` (0 <= frac < 1) counted in the labels of `scale` from
 * 1980-01-06T00:00:00 of that scale's calendar. Two instants of one scale subtract exactly.
 */
export interface Instant {
  readonly scale: TimeScale;
  readonly sec: number;
  readonly frac: number;
}

export const SECONDS_PER_WEEK = 604800;
export const SECONDS_PER_DAY = 86400;
/** BDT = GPST - 14 s (BDS-SIS-ICD §4.2). */
export const BDT_MINUS_GPST_s = -14;
/** GPS week of BDT week 0 (2006-01-01). */
export const BDT_WEEK0_IN_GPS_WEEKS = 1356;
/** GPS week of GST week 0 (1999-08-22). */
export const GST_WEEK0_IN_GPS_WEEKS = 1024;

export function instant(scale: TimeScale, seconds: number, frac = 0): Instant {
  const whole = Math.floor(seconds);
  let f = seconds - whole + frac;
  let s = whole;
  const carry = Math.floor(f);
  s += carry;
  f -= carry;
  return { scale, sec: s, frac: f };
}

/** a - b in seconds; both must be in the same scale (convert first). */
export function diffSeconds(a: Instant, b: Instant): number {
  if (a.scale !== b.scale) b = toScale(b, a.scale);
  return a.sec - b.sec + (a.frac - b.frac);
}

export function addSeconds(t: Instant, dt_s: number): Instant {
  return instant(t.scale, t.sec, t.frac + dt_s);
}

/** Seconds since the scale's 1980-01-06 origin as one float (ok to ~0.1 us; use for orbit arithmetic). */
export function toSeconds(t: Instant): number {
  return t.sec + t.frac;
}

/** Offset (s) to add to a GPST count to get the same instant in `scale`. */
function offsetFromGpst(scale: TimeScale, gpstSec: number): number {
  switch (scale) {
    case "GPST":
    case "GST":
      return 0;
    case "BDT":
      return BDT_MINUS_GPST_s;
    case "TAI":
      return 19;
    case "UTC":
      return -leapSecondsAtGpst(gpstSec);
    case "GLONASST":
      return -leapSecondsAtGpst(gpstSec) + 10800;
  }
}

function offsetToGpst(scale: TimeScale, sec: number): number {
  switch (scale) {
    case "GPST":
    case "GST":
      return 0;
    case "BDT":
      return -BDT_MINUS_GPST_s;
    case "TAI":
      return -19;
    case "UTC":
      return leapSecondsAtUtc(sec);
    case "GLONASST":
      return leapSecondsAtUtc(sec - 10800) - 10800;
  }
}

export function toScale(t: Instant, scale: TimeScale): Instant {
  if (t.scale === scale) return t;
  const gpstSec = t.sec + offsetToGpst(t.scale, t.sec);
  return { scale, sec: gpstSec + offsetFromGpst(scale, gpstSec), frac: t.frac };
}

// ---- calendar ----

const ORIGIN_MS = Date.UTC(1980, 0, 6);

export interface Calendar {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Instant from calendar labels of `scale` (second may carry a fraction). */
export function fromCalendar(scale: TimeScale, c: Calendar): Instant {
  const wholeSec = Math.floor(c.second);
  const days = (Date.UTC(c.year, c.month - 1, c.day) - ORIGIN_MS) / 86400000;
  const sec = days * SECONDS_PER_DAY + c.hour * 3600 + c.minute * 60 + wholeSec;
  return { scale, sec, frac: c.second - wholeSec };
}

/** Calendar labels of an instant in its own scale. */
export function toCalendar(t: Instant): Calendar {
  const days = Math.floor(t.sec / SECONDS_PER_DAY);
  const sod = t.sec - days * SECONDS_PER_DAY;
  const d = new Date(ORIGIN_MS + days * 86400000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: Math.floor(sod / 3600),
    minute: Math.floor((sod % 3600) / 60),
    second: (sod % 60) + t.frac,
  };
}

/** `YYYY/MM/DD hh:mm:ss.sss` as RTKLIB prints it. */
export function formatCalendar(t: Instant, decimals = 3): string {
  // round first so 59.9999 does not print as 60.000
  const scaleUnit = 10 ** decimals;
  const rounded = Math.round(t.frac * scaleUnit) / scaleUnit;
  const r = rounded >= 1 ? { scale: t.scale, sec: t.sec + 1, frac: 0 } : { ...t, frac: rounded };
  const c = toCalendar(r);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const s = c.second.toFixed(decimals).padStart(decimals ? 3 + decimals : 2, "0");
  return `${c.year}/${p(c.month)}/${p(c.day)} ${p(c.hour)}:${p(c.minute)}:${s}`;
}

export function dayOfYear(t: Instant): number {
  const c = toCalendar(t);
  return (Date.UTC(c.year, c.month - 1, c.day) - Date.UTC(c.year, 0, 1)) / 86400000 + 1;
}

// ---- week / time-of-week views ----

export interface WeekTow {
  week: number;
  tow_s: number;
}

/** Week and time of week in the system's own convention: GPST/GST weeks from 1980-01-06 (GST continuous with GPS, as RINEX writes it), BDT weeks from 2006-01-01. */
export function toWeekTow(t: Instant): WeekTow {
  let w = Math.floor(t.sec / SECONDS_PER_WEEK);
  const tow = t.sec - w * SECONDS_PER_WEEK + t.frac;
  if (t.scale === "BDT") w -= BDT_WEEK0_IN_GPS_WEEKS;
  return { week: w, tow_s: tow };
}

export function fromWeekTow(scale: TimeScale, week: number, tow_s: number): Instant {
  const w = scale === "BDT" ? week + BDT_WEEK0_IN_GPS_WEEKS : week;
  return instant(scale, w * SECONDS_PER_WEEK, tow_s);
}

/**
 * A broadcast week number truncated to `bits` (10 for GPS LNAV, 13 for BDS, 12 for Galileo)
 * resolved to the full week nearest the reference full week.
 */
export function resolveWeekRollover(truncatedWeek: number, bits: number, referenceWeek: number): number {
  const mod = 2 ** bits;
  const base = referenceWeek - (((referenceWeek % mod) + mod) % mod);
  let w = base + (truncatedWeek % mod);
  if (w - referenceWeek > mod / 2) w -= mod;
  if (referenceWeek - w > mod / 2) w += mod;
  return w;
}

/** t0 + dt where a time-of-week may have wrapped: returns tow - refTow folded into [-302400, 302400). */
export function wrapWeekSeconds(dt_s: number): number {
  if (dt_s > 302400) return dt_s - SECONDS_PER_WEEK;
  if (dt_s < -302400) return dt_s + SECONDS_PER_WEEK;
  return dt_s;
}
