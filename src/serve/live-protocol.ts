// What `beidou serve` sends to the dashboard: Server-Sent Events on GET /api/live, one JSON object per event.
// The first event is a `hello`; then one `epoch` per solved (or unsolved) epoch, in time order. The same
// types are imported by the web page (web/src), so that both sides agree at compile time.

/** First event: what is being shown. */
export interface LiveHello {
  readonly type: "hello";
  /** Human description of the source: "simulator (Wuzhen, BDS-3 + GPS, real time)", "file:ESBC... x600", ... */
  readonly source: string;
  readonly version: string;
  /** Known true antenna position (simulator, surveyed station), for the ENU scatter. */
  readonly truth?: { readonly lat_deg: number; readonly lon_deg: number; readonly h_m: number };
  /** Replay speed factor (1 = real time). */
  readonly speed: number;
}

export interface LiveSignal {
  /** RINEX code without the type letter, e.g. "2I" (B1I), "1C" (GPS L1 C/A). */
  readonly code: string;
  readonly cn0_dbhz: number;
}

export interface LiveSatellite {
  readonly sat: string;
  readonly sys: "C" | "G" | "E" | "R" | "J";
  /** Orbit kind from the ephemeris; BDS GEO/IGSO/MEO are marked on the sky plot. */
  readonly kind: "GEO" | "IGSO" | "MEO" | "unknown";
  readonly az_deg: number;
  readonly el_deg: number;
  readonly used: boolean;
  /** Post-fit pseudorange residual (m), null when not used. */
  readonly residual_m: number | null;
  readonly signals: readonly LiveSignal[];
  /** Why it was left out (solver's ExclusionReason), when not used. */
  readonly reason?: string;
}

export interface LiveEpoch {
  readonly type: "epoch";
  /** 0, 1, 2, ... in the order sent. */
  readonly seq: number;
  /** GPST calendar label "YYYY/MM/DD hh:mm:ss.sss". */
  readonly time: string;
  readonly week: number;
  readonly tow_s: number;
  /** Solution status as in Solution.status. */
  readonly status: "none" | "single" | "dgnss" | "float" | "fixed";
  readonly lat_deg: number | null;
  readonly lon_deg: number | null;
  readonly h_m: number | null;
  /** East/north/up (m) from the reference point (the truth when known, else the running mean); null without a fix. */
  readonly enu_m: readonly [number, number, number] | null;
  readonly ref: "truth" | "mean";
  readonly nsUsed: number;
  readonly dop: {
    readonly gdop: number | null;
    readonly pdop: number | null;
    readonly hdop: number | null;
    readonly vdop: number | null;
  };
  readonly satellites: readonly LiveSatellite[];
  readonly integrity: {
    /** Residual (chi-square) test of the solution. */
    readonly chiSquare: "pass" | "fail" | "n/a";
    /** Satellites excluded by fault detection this epoch. */
    readonly excluded: readonly string[];
    readonly message?: string;
    /** RTK ratio test value, when relative positioning runs. */
    readonly ratio?: number;
  };
  /** Last byte of the epoch in -> event written (ms), as the engine measures it. */
  readonly latency_ms: number;
}

/** Sent when the source ends (a file replay at its end). */
export interface LiveEnd {
  readonly type: "end";
  readonly epochs: number;
  readonly solved: number;
}

export type LiveEvent = LiveHello | LiveEpoch | LiveEnd;

/**
 * GET /api/coverage (JSON): a global coverage run for the coverage page. Grids are row-major, latitude rows from
 * north to south (lats[0] is the northernmost), longitude columns from west to east.
 */
export interface CoverageJson {
  readonly source: string;
  readonly start: string;
  readonly span_s: number;
  readonly step_s: number;
  readonly grid_deg: number;
  readonly elevMask_deg: number;
  readonly pdopThreshold: number;
  readonly lats_deg: readonly number[];
  readonly lons_deg: readonly number[];
  readonly sets: readonly {
    /** "BDS", "GPS", "all" */
    readonly name: string;
    readonly systems: readonly string[];
    readonly meanVisible: readonly number[];
    readonly minVisible: readonly number[];
    readonly meanPdop: readonly (number | null)[];
    /** Share of the epochs with PDOP under the threshold, 0..1. */
    readonly availability: readonly number[];
  }[];
  readonly countries: readonly {
    readonly name: string;
    readonly iso: string;
    /** Availability of each set over the country (its worst grid point, or its representative point). */
    readonly availability: Readonly<Record<string, number>>;
    readonly bdsQualifies: boolean;
  }[];
  readonly summary: {
    readonly countries: number;
    readonly bdsQualifying: number;
    readonly criterion: string;
  };
}
