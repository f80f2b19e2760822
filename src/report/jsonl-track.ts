// beidou's JSON-lines solutions (`solve --format jsonl`, `stream --format jsonl`) read for plotting: one object
// per epoch with week/tow_s (GPST), x_m/y_m/z_m (or lat_deg/lon_deg/h_m), q or status, ns and the DOPs.
// Stream event lines ({"event":...}) and the closing {"summary":...} are skipped; bad lines become issues.

import { geodeticToEcef } from "../frames/geodetic.js";
import { DEG } from "../frames/vectors.js";
import { fromWeekTow, type Instant } from "../time/instant.js";
import { parseCalendarTokens } from "./pos-track.js";
import { isQuality, type QualityQ, type SolutionTrack, TrackBuilder } from "./solution-track.js";

const STATUS_TO_Q: Readonly<Record<string, QualityQ | 0>> = {
  none: 0,
  fixed: 1,
  float: 2,
  sbas: 3,
  dgnss: 4,
  single: 5,
  ppp: 6,
};

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : Number.NaN);

function timeOf(o: Record<string, unknown>): Instant | undefined {
  const week = num(o.week);
  const tow = num(o.tow_s);
  if (Number.isInteger(week) && Number.isFinite(tow)) return fromWeekTow("GPST", week, tow);
  if (typeof o.time_gpst === "string") {
    const [d, t] = o.time_gpst.trim().split(/\s+/);
    return t === undefined ? undefined : parseCalendarTokens(d, t, "GPST");
  }
  return undefined;
}

/** Parse JSON-lines text. Never throws; unreadable lines are issues with their line number. */
export function parseJsonlTrack(text: string, file: string): SolutionTrack {
  const b = new TrackBuilder(file, "jsonl");
  const issue = (line: number, message: string): void => {
    if (b.issues.length < 1000) b.issues.push({ code: "bad-record", message, file, line });
  };
  let lineNo = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    lineNo++;
    if (line.length === 0) continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      issue(lineNo, "not a JSON object");
      continue;
    }
    if (typeof o !== "object" || o === null || Array.isArray(o)) {
      issue(lineNo, "not a JSON object");
      continue;
    }
    const r = o as Record<string, unknown>;
    if ("event" in r || "summary" in r) continue;
    const time = timeOf(r);
    if (!time) {
      issue(lineNo, "no time (week + tow_s, or time_gpst)");
      continue;
    }
    const q =
      typeof r.q === "number" ? r.q : typeof r.status === "string" ? STATUS_TO_Q[r.status] : undefined;
    if (q === 0) {
      b.unsolved++;
      continue;
    }
    if (q === undefined || !isQuality(q)) {
      issue(lineNo, `no solution quality (q 1..6 or status), got ${JSON.stringify(r.q ?? r.status)}`);
      continue;
    }
    let pos: readonly [number, number, number] = [num(r.x_m), num(r.y_m), num(r.z_m)];
    if (!pos.every(Number.isFinite)) {
      const lat = num(r.lat_deg);
      const lon = num(r.lon_deg);
      const h = num(r.h_m);
      if (![lat, lon, h].every(Number.isFinite)) {
        issue(lineNo, "no position (x_m y_m z_m, or lat_deg lon_deg h_m)");
        continue;
      }
      pos = geodeticToEcef({ lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h });
    }
    b.push({
      time,
      x_m: pos[0],
      y_m: pos[1],
      z_m: pos[2],
      q,
      ns: num(r.ns),
      sdE_m: Number.NaN,
      sdN_m: Number.NaN,
      sdU_m: Number.NaN,
      gdop: num(r.gdop),
      pdop: num(r.pdop),
      hdop: num(r.hdop),
      vdop: num(r.vdop),
    });
  }
  return b.build("GPST");
}
