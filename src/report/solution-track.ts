// A solution file read back for plotting: one row per solved epoch, held column-wise in typed arrays
// (a day at 1 Hz is 86400 rows), time as seconds from the first epoch's two-part instant.

import type { DecodeIssue } from "../core/errors.js";
import { diffSeconds, type Instant, type TimeScale } from "../time/instant.js";

/** Solution quality as RTKLIB numbers it: 1 fix, 2 float, 3 SBAS, 4 DGNSS, 5 single, 6 PPP. */
export type QualityQ = 1 | 2 | 3 | 4 | 5 | 6;
export const Q_NAMES: Readonly<Record<QualityQ, string>> = {
  1: "fix",
  2: "float",
  3: "sbas",
  4: "dgnss",
  5: "single",
  6: "ppp",
};

export type SolutionFileFormat = "pos" | "jsonl";

export interface SolutionTrack {
  readonly file: string;
  readonly format: SolutionFileFormat;
  /** The scale the file's time labels are in (RTKLIB .pos: GPST or UTC; JST is read as UTC). */
  readonly scale: TimeScale;
  /** The earliest epoch; `t_s` counts from it. */
  readonly start: Instant;
  readonly t_s: Float64Array;
  /** ECEF position (m). */
  readonly x_m: Float64Array;
  readonly y_m: Float64Array;
  readonly z_m: Float64Array;
  /** Quality 1..6 (epochs without a solution are not rows; they are counted in `unsolved`). */
  readonly q: Uint8Array;
  /** Satellites used; NaN when the file does not say. */
  readonly ns: Float64Array;
  /** Formal standard deviations in east/north/up (m) from a .pos file's sd columns; NaN when absent. */
  readonly sdE_m: Float64Array;
  readonly sdN_m: Float64Array;
  readonly sdU_m: Float64Array;
  /** DOPs from beidou's JSON lines; NaN when absent (a .pos file has none). */
  readonly gdop: Float64Array;
  readonly pdop: Float64Array;
  readonly hdop: Float64Array;
  readonly vdop: Float64Array;
  /** Records that said "no solution" (Q=0 / status none): read, not plotted. */
  readonly unsolved: number;
  /** Lines that could not be read (the rest of the file was). */
  readonly issues: readonly DecodeIssue[];
}

export const epochCount = (t: SolutionTrack): number => t.t_s.length;
export const hasAny = (a: Float64Array): boolean => a.some((v) => Number.isFinite(v));

/** One row as a reader hands it over. */
export interface TrackRow {
  time: Instant;
  x_m: number;
  y_m: number;
  z_m: number;
  q: QualityQ;
  ns: number;
  sdE_m: number;
  sdN_m: number;
  sdU_m: number;
  gdop: number;
  pdop: number;
  hdop: number;
  vdop: number;
}

/** Collects rows (plain arrays while reading, typed arrays at the end), sorted by time. */
export class TrackBuilder {
  private readonly rows: TrackRow[] = [];
  unsolved = 0;
  readonly issues: DecodeIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly format: SolutionFileFormat,
  ) {}

  get count(): number {
    return this.rows.length;
  }

  push(row: TrackRow): void {
    this.rows.push(row);
  }

  build(scale: TimeScale): SolutionTrack {
    const rows = this.rows;
    let sorted = true;
    for (let i = 1; i < rows.length && sorted; i++) sorted = diffSeconds(rows[i].time, rows[i - 1].time) >= 0;
    if (!sorted) rows.sort((a, b) => diffSeconds(a.time, b.time));
    const n = rows.length;
    const col = () => new Float64Array(n);
    const t = {
      t_s: col(),
      x_m: col(),
      y_m: col(),
      z_m: col(),
      ns: col(),
      sdE_m: col(),
      sdN_m: col(),
      sdU_m: col(),
      gdop: col(),
      pdop: col(),
      hdop: col(),
      vdop: col(),
    };
    const q = new Uint8Array(n);
    const start = n > 0 ? rows[0].time : { scale, sec: 0, frac: 0 };
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      t.t_s[i] = diffSeconds(r.time, start);
      t.x_m[i] = r.x_m;
      t.y_m[i] = r.y_m;
      t.z_m[i] = r.z_m;
      q[i] = r.q;
      t.ns[i] = r.ns;
      t.sdE_m[i] = r.sdE_m;
      t.sdN_m[i] = r.sdN_m;
      t.sdU_m[i] = r.sdU_m;
      t.gdop[i] = r.gdop;
      t.pdop[i] = r.pdop;
      t.hdop[i] = r.hdop;
      t.vdop[i] = r.vdop;
    }
    return {
      file: this.file,
      format: this.format,
      scale,
      start,
      ...t,
      q,
      unsolved: this.unsolved,
      issues: this.issues,
    };
  }
}

export const isQuality = (q: number): q is QualityQ => Number.isInteger(q) && q >= 1 && q <= 6;
