// Axis arithmetic for hand-written SVG charts: linear scales, "nice" tick steps (1, 2, 5 x 10^k) for values
// and clock-aligned steps for time, tick label formatting, and XML escaping of text.

import { type Instant, toCalendar } from "../time/instant.js";

/** Maps [d0, d1] onto [r0, r1] (pixels); d0 == d1 maps everything to the middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const mid = (r0 + r1) / 2;
  return d1 === d0 ? () => mid : (v) => r0 + (v - d0) * k;
}

/** The 1/2/5 x 10^k step that cuts `range` into at most about `maxTicks` intervals. */
export function niceStep(range: number, maxTicks: number): number {
  if (!(range > 0) || !Number.isFinite(range)) return 1;
  const raw = range / Math.max(1, maxTicks);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Multiples of `step` within [lo, hi] (with a little slack for rounding). */
export function ticksBetween(lo: number, hi: number, step: number, origin = 0): number[] {
  const out: number[] = [];
  const first = Math.ceil((lo - origin) / step - 1e-9);
  const last = Math.floor((hi - origin) / step + 1e-9);
  for (let k = first; k <= last && out.length < 1000; k++) out.push(origin + k * step);
  return out;
}

/** A symmetric axis [-a, a] covering `maxAbs` with nice ticks; `minHalf` keeps a flat series readable. */
export function symmetricAxis(
  maxAbs: number,
  maxTicks: number,
  minHalf: number,
): { lo: number; hi: number; step: number } {
  const a = Math.max(Number.isFinite(maxAbs) ? maxAbs : 0, minHalf);
  const step = niceStep(2 * a, maxTicks);
  const hi = Math.ceil(a / step - 1e-9) * step;
  return { lo: -hi, hi, step };
}

/** [0, hi] covering `max` with nice ticks. */
export function zeroBasedAxis(
  max: number,
  maxTicks: number,
  minHi: number,
): { lo: number; hi: number; step: number } {
  const a = Math.max(Number.isFinite(max) ? max : 0, minHi);
  const step = niceStep(a, maxTicks);
  return { lo: 0, hi: Math.ceil(a / step - 1e-9) * step, step };
}

/** Decimals that show a tick step exactly (0.005 -> 3). */
export function decimalsFor(step: number): number {
  if (!(step > 0)) return 0;
  return Math.max(0, Math.min(10, Math.ceil(-Math.log10(step) - 1e-9)));
}

export const formatTick = (v: number, step: number): string => {
  const s = v.toFixed(decimalsFor(step));
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
};

const TIME_STEPS_s = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800,
];

/** A clock-friendly step (1 s ... 1 week) giving at most about `maxTicks` ticks over `span_s`. */
export function timeStep(span_s: number, maxTicks: number): number {
  for (const s of TIME_STEPS_s) if (span_s / s <= maxTicks) return s;
  return TIME_STEPS_s[TIME_STEPS_s.length - 1];
}

/** A tick's clock label: hh:mm:ss (steps under a minute), hh:mm, with mm/dd in front for multi-day spans. */
export function formatClock(t: Instant, step_s: number, multiDay: boolean): string {
  const c = toCalendar({ scale: t.scale, sec: t.sec, frac: 0 });
  const p = (n: number) => String(n).padStart(2, "0");
  const hm = `${p(c.hour)}:${p(c.minute)}`;
  const clock = step_s < 60 ? `${hm}:${p(Math.floor(c.second))}` : hm;
  return multiDay ? `${p(c.month)}/${p(c.day)} ${clock}` : clock;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text or attribute value safe inside SVG (control characters other than tab/newline dropped: XML 1.0 forbids them). */
export function escapeXml(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) continue;
    out += XML_ESCAPES[ch] ?? ch;
  }
  return out;
}

/** A pixel coordinate with one decimal (what the eye can tell apart at 1200 px). */
export const px = (v: number): string => (Math.round(v * 10) / 10).toString();
