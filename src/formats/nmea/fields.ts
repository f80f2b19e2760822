// Field decoding for NMEA 0183 v4.11 §6.3 (data field types): decimal and integer numbers, latitude
// `ddmm.mm` / longitude `dddmm.mm` with N/S/E/W, UTC time `hhmmss.ss`, date `ddmmyy`. An empty field is
// "no data" (NaN, no issue); a field that is there but malformed becomes NaN with an issue.

import type { DecodeIssue, SourceLocation } from "../../core/errors.js";
import { fromCalendar, type Instant, SECONDS_PER_DAY } from "../../time/instant.js";
import type { CalendarDate } from "./sentences.js";

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;
const TIME = /^(\d\d)(\d\d)(\d\d)(\.\d*)?$/;
const DDMMYY = /^(\d\d)(\d\d)(\d\d)$/;

/** Reads the data fields of one sentence (fields[0] is the address) and collects the issues met. */
export class FieldReader {
  readonly issues: DecodeIssue[] = [];

  constructor(
    readonly fields: readonly string[],
    private readonly at: SourceLocation,
  ) {}

  get count(): number {
    return this.fields.length;
  }

  str(i: number): string {
    return this.fields[i] ?? "";
  }

  issue(i: number, what: string): void {
    this.issues.push({
      ...this.at,
      code: "bad-record",
      message: `${this.fields[0]} field ${i} (${what}): '${this.fields[i] ?? ""}' is not valid`,
    });
  }

  /** Decimal number; NaN when empty. */
  num(i: number, what: string): number {
    const f = this.fields[i];
    if (f === undefined || f === "") return Number.NaN;
    if (!DECIMAL.test(f)) {
      this.issue(i, what);
      return Number.NaN;
    }
    return Number(f);
  }

  /** Integer; NaN when empty. */
  int(i: number, what: string): number {
    const f = this.fields[i];
    if (f === undefined || f === "") return Number.NaN;
    if (!INTEGER.test(f)) {
      this.issue(i, what);
      return Number.NaN;
    }
    return Number(f);
  }

  /** Latitude (`ddmm.mm`, fields i and i+1) or longitude (`dddmm.mm`) in degrees, south and west negative. */
  angle(i: number, kind: "lat" | "lon"): number {
    const v = this.fields[i] ?? "";
    const h = this.fields[i + 1] ?? "";
    if (v === "" && h === "") return Number.NaN;
    if (!DECIMAL.test(v) || v[0] === "-" || v[0] === "+") {
      this.issue(i, kind === "lat" ? "latitude" : "longitude");
      return Number.NaN;
    }
    const x = Number(v);
    const deg = Math.trunc(x / 100);
    const min = x - deg * 100;
    const value = deg + min / 60;
    const ok =
      min < 60 &&
      (kind === "lat" ? value <= 90 && (h === "N" || h === "S") : value <= 180 && (h === "E" || h === "W"));
    if (!ok) {
      this.issue(i, kind === "lat" ? "latitude" : "longitude");
      return Number.NaN;
    }
    return h === "S" || h === "W" ? -value : value;
  }

  /** UTC time of day in seconds (`hhmmss` with an optional fraction); NaN when empty. */
  timeOfDay(i: number): number {
    const f = this.fields[i];
    if (f === undefined || f === "") return Number.NaN;
    const m = TIME.exec(f);
    if (!m) {
      this.issue(i, "UTC time");
      return Number.NaN;
    }
    const h = Number(m[1]);
    const mi = Number(m[2]);
    const s = Number(m[3]);
    // second 60 is a leap second
    if (h > 23 || mi > 59 || s > 60) {
      this.issue(i, "UTC time");
      return Number.NaN;
    }
    const frac = m[4] && m[4].length > 1 ? Number(`0${m[4]}`) : 0;
    return h * 3600 + mi * 60 + s + frac;
  }

  /** RMC date `ddmmyy`; two-digit years 80-99 are 19xx, 00-79 are 20xx (GPS began in 1980). */
  ddmmyy(i: number): CalendarDate | undefined {
    const f = this.fields[i];
    if (f === undefined || f === "") return undefined;
    const m = DDMMYY.exec(f);
    if (!m) {
      this.issue(i, "date");
      return undefined;
    }
    const yy = Number(m[3]);
    const date = { day: Number(m[1]), month: Number(m[2]), year: yy >= 80 ? 1900 + yy : 2000 + yy };
    if (!validDate(date)) {
      this.issue(i, "date");
      return undefined;
    }
    return date;
  }

  /** Signal id: one hexadecimal digit (NMEA 4.11 writes 10..15 as A..F); NaN when empty. */
  hexDigit(i: number, what: string): number {
    const f = this.fields[i];
    if (f === undefined || f === "") return Number.NaN;
    if (!/^[0-9A-Fa-f]{1,2}$/.test(f)) {
      this.issue(i, what);
      return Number.NaN;
    }
    // "10", "11" (decimal, seen on some receivers) and "A", "B" (hexadecimal, NMEA 4.11) both occur
    return f.length === 2 ? Number(f) : Number.parseInt(f, 16);
  }
}

export function validDate(d: CalendarDate): boolean {
  if (!(d.month >= 1 && d.month <= 12 && d.day >= 1 && d.year >= 1980 && d.year < 2200)) return false;
  return d.day <= new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
}

/** The UTC instant of a date and a time of day (s); the fraction is kept to the nanosecond. */
export function utcInstant(date: CalendarDate, timeOfDay_s: number): Instant {
  const day = fromCalendar("UTC", { ...date, hour: 0, minute: 0, second: 0 });
  let whole = Math.floor(timeOfDay_s);
  let frac = Math.round((timeOfDay_s - whole) * 1e9) / 1e9;
  if (frac >= 1) {
    whole += 1;
    frac -= 1;
  }
  return { scale: "UTC", sec: day.sec + whole, frac };
}

/** The calendar date `days` days after `d`. */
export function addDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * SECONDS_PER_DAY * 1000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
