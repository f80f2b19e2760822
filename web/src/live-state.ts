// What the page knows about the live stream: the latest epoch (drawn as is) and bounded histories (time series,
// track, ENU scatter). Events only update this state; drawing happens at most once per animation frame from
// whatever is newest, so a backlog of events never turns into a backlog of redraws.

import type { LiveEnd, LiveEpoch, LiveEvent, LiveHello } from "../../src/serve/live-protocol.js";
import { RingSeries } from "./ring-series.js";

export const STATUS_CODES = ["none", "single", "dgnss", "float", "fixed"] as const;
export type StatusName = (typeof STATUS_CODES)[number];

const WEEK_S = 604800;

/** Columns of the time series (one row per epoch). */
export type SeriesColumn = "t_s" | "nsUsed" | "pdop" | "hdop" | "status";
/** Columns of the position history (one row per epoch with a position). */
export type TrackColumn = "t_s" | "lat_deg" | "lon_deg" | "h_m" | "e_m" | "n_m" | "u_m";

export interface LiveCounters {
  epochsReceived: number;
  lastSeq: number;
  framesDrawn: number;
  /** Epochs the server skipped for this page (gaps in seq). */
  dropped: number;
  connection: "connecting" | "live" | "reconnecting" | "ended" | "error";
}

export class LiveState {
  hello: LiveHello | null = null;
  latest: LiveEpoch | null = null;
  end: LiveEnd | null = null;
  /** Bumped on every change; the renderer draws when it differs from what it last drew. */
  version = 0;
  readonly series = new RingSeries<SeriesColumn>(["t_s", "nsUsed", "pdop", "hdop", "status"], 1200);
  readonly track = new RingSeries<TrackColumn>(
    ["t_s", "lat_deg", "lon_deg", "h_m", "e_m", "n_m", "u_m"],
    3000,
  );

  constructor(readonly counters: LiveCounters) {}

  apply(ev: LiveEvent): void {
    switch (ev.type) {
      case "hello":
        // a reconnect sends a new hello; history is kept unless seq starts over (see applyEpoch)
        this.hello = ev;
        break;
      case "epoch":
        this.applyEpoch(ev);
        break;
      case "end":
        this.end = ev;
        this.counters.connection = "ended";
        break;
    }
    this.version++;
  }

  private applyEpoch(ep: LiveEpoch): void {
    const c = this.counters;
    if (ep.seq <= c.lastSeq) {
      // the server started over (a reconnect to a new run): start over too
      this.reset();
    } else if (c.lastSeq >= 0 && ep.seq > c.lastSeq + 1) {
      c.dropped += ep.seq - c.lastSeq - 1;
    }
    c.epochsReceived++;
    c.lastSeq = ep.seq;
    this.latest = ep;
    const t_s = ep.week * WEEK_S + ep.tow_s;
    this.series.push({
      t_s,
      nsUsed: ep.nsUsed,
      pdop: ep.dop.pdop ?? Number.NaN,
      hdop: ep.dop.hdop ?? Number.NaN,
      status: STATUS_CODES.indexOf(ep.status),
    });
    if (ep.lat_deg !== null && ep.lon_deg !== null && ep.status !== "none") {
      this.track.push({
        t_s,
        lat_deg: ep.lat_deg,
        lon_deg: ep.lon_deg,
        h_m: ep.h_m ?? Number.NaN,
        e_m: ep.enu_m?.[0] ?? Number.NaN,
        n_m: ep.enu_m?.[1] ?? Number.NaN,
        u_m: ep.enu_m?.[2] ?? Number.NaN,
      });
    }
  }

  private reset(): void {
    this.latest = null;
    this.end = null;
    this.series.clear();
    this.track.clear();
    this.counters.lastSeq = -1;
  }
}
