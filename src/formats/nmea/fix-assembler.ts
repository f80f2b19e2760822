// One fix record per receiver epoch from the NMEA 0183 sentences of that epoch: position and quality from
// GGA/GNS/RMC/GLL, speed and course from RMC/VTG, used satellites and DOPs from GSA, error statistics from
// GST, the date from RMC/ZDA. An epoch is the run of sentences with one UTC time of day (sentences without
// time - GSA, VTG, GSV - join the epoch they follow); a timed sentence with another time closes it.
// The date comes from a valid RMC (status A/D: an invalid one may carry a receiver's unset clock) or ZDA
// in this epoch or an earlier one, rolled over at midnight, so GGA-only
// epochs after one RMC still get a full UTC instant. Later sentences of an epoch overwrite the fields that
// earlier ones gave (GGA after RMC gives the altitude and keeps the RMC position if GGA has none).
// Only one antenna's sentences are used (Unicore `...H` sentences are the second antenna's).

import type { SatId } from "../../signals/system.js";
import type { Instant } from "../../time/instant.js";
import { addDays, utcInstant } from "./fields.js";
import type { CalendarDate, NmeaSentence } from "./sentences.js";

export interface NmeaFix {
  /** UTC seconds of day of the epoch. */
  readonly timeOfDay_s: number;
  /** UTC instant, when a date is known (valid RMC or ZDA, now or earlier). */
  readonly time: Instant | undefined;
  readonly lat_deg: number;
  readonly lon_deg: number;
  /** Altitude above mean sea level (GGA/GNS). */
  readonly altMsl_m: number;
  readonly geoidSep_m: number;
  /** Ellipsoidal height: altMsl_m + geoidSep_m when the receiver sent both. */
  readonly altHae_m: number;
  /** GGA fix quality (0 invalid, 1 GNSS, 2 DGNSS, 4 RTK fixed, 5 RTK float, 6 dead reckoning...); NaN without GGA. */
  readonly quality: number;
  /**
   * Fix dimension: 1 none, 2 2D, 3 3D. From GSA when the epoch has one; otherwise 1 for an invalid
   * GGA/RMC/GLL/GNS, 3 for a position with altitude from at least 4 satellites, else 2. NaN when unknown.
   */
  readonly mode: number;
  /** RMC status ("A" valid, "V" invalid); "" without RMC. */
  readonly rmcStatus: string;
  /** Satellites used as GGA/GNS count them. */
  readonly numSats: number;
  /** Satellites listed by the epoch's GSAs. */
  readonly used: readonly SatId[];
  readonly pdop: number;
  readonly hdop: number;
  readonly vdop: number;
  readonly speed_mps: number;
  readonly course_deg: number;
  readonly magVar_deg: number;
  readonly rangeRms_m: number;
  readonly latSigma_m: number;
  readonly lonSigma_m: number;
  readonly altSigma_m: number;
  /** Sentence types that went into the record, in arrival order, e.g. ["RMC","GGA","GSA"]. */
  readonly sentences: readonly string[];
}

type Draft = { -readonly [K in keyof NmeaFix]: NmeaFix[K] };

const TOD_TOLERANCE_s = 5e-4;

function emptyDraft(tod: number): Draft {
  return {
    timeOfDay_s: tod,
    time: undefined,
    lat_deg: Number.NaN,
    lon_deg: Number.NaN,
    altMsl_m: Number.NaN,
    geoidSep_m: Number.NaN,
    altHae_m: Number.NaN,
    quality: Number.NaN,
    mode: Number.NaN,
    rmcStatus: "",
    numSats: Number.NaN,
    used: [],
    pdop: Number.NaN,
    hdop: Number.NaN,
    vdop: Number.NaN,
    speed_mps: Number.NaN,
    course_deg: Number.NaN,
    magVar_deg: Number.NaN,
    rangeRms_m: Number.NaN,
    latSigma_m: Number.NaN,
    lonSigma_m: Number.NaN,
    altSigma_m: Number.NaN,
    sentences: [],
  };
}

export interface FixAssemblerOptions {
  /** Which antenna's sentences to use on Unicore dual-antenna receivers (default "primary"). */
  readonly antenna?: "primary" | "secondary";
}

export class FixAssembler {
  private readonly antenna: "primary" | "secondary";
  private cur: Draft | undefined;
  /** GSA fix type seen in the current epoch (NaN: none). */
  private gsaMode = Number.NaN;
  /** A position sentence said "invalid" in the current epoch. */
  private invalid = false;
  private used: SatId[] = [];
  private dateRef: { date: CalendarDate; tod: number } | undefined;

  constructor(options: FixAssemblerOptions = {}) {
    this.antenna = options.antenna ?? "primary";
  }

  /** Feed one sentence; returns the epoch it closed, if any. */
  push(s: NmeaSentence): NmeaFix[] {
    if (s.type === "invalid" || s.type === "unknown" || s.type === "GSV" || s.antenna !== this.antenna)
      return [];
    const out: NmeaFix[] = [];
    if ("timeOfDay_s" in s && Number.isFinite(s.timeOfDay_s)) {
      if (this.cur && Math.abs(s.timeOfDay_s - this.cur.timeOfDay_s) > TOD_TOLERANCE_s)
        out.push(this.close());
      if (!this.cur) this.cur = emptyDraft(s.timeOfDay_s);
    }
    const f = this.cur;
    if (!f) return out; // untimed sentences before the first epoch
    (f.sentences as string[]).push(s.type);
    switch (s.type) {
      case "GGA":
        this.position(f, s.lat_deg, s.lon_deg);
        f.quality = s.quality;
        if (s.quality === 0) this.invalid = true;
        if (Number.isFinite(s.numSats)) f.numSats = s.numSats;
        if (Number.isFinite(s.hdop)) f.hdop = s.hdop;
        this.altitude(f, s.altMsl_m, s.geoidSep_m);
        break;
      case "GNS": {
        this.position(f, s.lat_deg, s.lon_deg);
        if (s.modes === "" || /^N+$/.test(s.modes)) this.invalid = true;
        if (Number.isFinite(s.numSats)) f.numSats = s.numSats;
        if (Number.isFinite(s.hdop)) f.hdop = s.hdop;
        this.altitude(f, s.altMsl_m, s.geoidSep_m);
        break;
      }
      case "RMC":
        f.rmcStatus = s.status;
        if (s.status !== "A" && s.status !== "D") {
          // an invalid RMC may carry a bogus date (gpsd: MTK3301, RGM-3800): take nothing from it
          this.invalid = true;
          break;
        }
        this.position(f, s.lat_deg, s.lon_deg);
        if (Number.isFinite(s.speed_mps)) f.speed_mps = s.speed_mps;
        if (Number.isFinite(s.course_deg)) f.course_deg = s.course_deg;
        if (Number.isFinite(s.magVar_deg)) f.magVar_deg = s.magVar_deg;
        if (s.date) this.dateRef = { date: s.date, tod: s.timeOfDay_s };
        break;
      case "GLL":
        if (s.status !== "A") this.invalid = true;
        else this.position(f, s.lat_deg, s.lon_deg);
        break;
      case "ZDA":
        if (s.date) this.dateRef = { date: s.date, tod: s.timeOfDay_s };
        break;
      case "VTG":
        if (Number.isFinite(s.speed_mps)) f.speed_mps = s.speed_mps;
        if (Number.isFinite(s.courseTrue_deg)) f.course_deg = s.courseTrue_deg;
        break;
      case "GST":
        f.rangeRms_m = s.rangeRms_m;
        f.latSigma_m = s.latSigma_m;
        f.lonSigma_m = s.lonSigma_m;
        f.altSigma_m = s.altSigma_m;
        break;
      case "GSA":
        if (Number.isFinite(s.fixType))
          this.gsaMode = Math.max(Number.isFinite(this.gsaMode) ? this.gsaMode : 0, s.fixType);
        for (const sat of s.sats) if (!this.used.includes(sat)) this.used.push(sat);
        if (Number.isFinite(s.pdop)) f.pdop = s.pdop;
        if (Number.isFinite(s.hdop)) f.hdop = s.hdop;
        if (Number.isFinite(s.vdop)) f.vdop = s.vdop;
        break;
    }
    return out;
  }

  /** The epoch being assembled, as it stands. */
  current(): NmeaFix | undefined {
    return this.cur ? this.snapshot(this.cur) : undefined;
  }

  /** End of input: the last epoch. */
  finish(): NmeaFix[] {
    return this.cur ? [this.close()] : [];
  }

  private position(f: Draft, lat: number, lon: number): void {
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      f.lat_deg = lat;
      f.lon_deg = lon;
    }
  }

  private altitude(f: Draft, alt: number, sep: number): void {
    if (Number.isFinite(alt)) f.altMsl_m = alt;
    if (Number.isFinite(sep)) f.geoidSep_m = sep;
  }

  private snapshot(f: Draft): NmeaFix {
    let mode = this.gsaMode;
    if (!Number.isFinite(mode)) {
      if (this.invalid) mode = 1;
      else if (Number.isFinite(f.lat_deg)) mode = Number.isFinite(f.altMsl_m) && f.numSats >= 4 ? 3 : 2;
    }
    return {
      ...f,
      time: this.timeOf(f.timeOfDay_s),
      altHae_m: f.altMsl_m + f.geoidSep_m,
      mode,
      used: [...this.used],
      sentences: [...f.sentences],
    };
  }

  /** UTC instant of a time of day from the latest date, moved a day on when the clock went past midnight. */
  private timeOf(tod: number): Instant | undefined {
    const ref = this.dateRef;
    if (!ref) return undefined;
    const d = tod - ref.tod;
    const date = d < -43200 ? addDays(ref.date, 1) : d > 43200 ? addDays(ref.date, -1) : ref.date;
    return utcInstant(date, tod);
  }

  private close(): NmeaFix {
    const f = this.snapshot(this.cur as Draft);
    // keep the date reference on the epoch's own day
    if (this.dateRef && f.time && Math.abs(f.timeOfDay_s - this.dateRef.tod) > 43200) {
      const d = f.timeOfDay_s - this.dateRef.tod;
      this.dateRef = { date: addDays(this.dateRef.date, d < 0 ? 1 : -1), tod: f.timeOfDay_s };
    }
    this.cur = undefined;
    this.gsaMode = Number.NaN;
    this.invalid = false;
    this.used = [];
    return f;
  }
}
