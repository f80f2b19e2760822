// RTKLIB .pos solution text read for plotting (RTKLIB 2.4.3 outsol/outsolhead formats, as rnx2rtkp, RTKPOST
// and beidou write them): time as `week tow` or `yyyy/mm/dd hh:mm:ss.sss` in GPST, UTC or JST; position as
// ECEF x/y/z, latitude/longitude/height in degrees or in deg-min-sec; then Q, ns, six sd columns, age, ratio
// and anything after (velocities) ignored. Bad lines become issues; the rest of the file is read.

import type { DecodeIssue } from "../core/errors.js";
import { ecefToGeodetic, enuRotation, geodeticToEcef } from "../frames/geodetic.js";
import { DEG, ecef } from "../frames/vectors.js";
import { fromCalendar, fromWeekTow, type Instant, type TimeScale } from "../time/instant.js";
import { isQuality, type SolutionTrack, TrackBuilder } from "./solution-track.js";

type Coords = "xyz" | "llh" | "dms" | "enu";

/** JST = UTC + 9 h; RTKLIB can label times in it. */
const JST_MINUS_UTC_s = 9 * 3600;

/** `yyyy/mm/dd` (or `-`) and `hh:mm:ss.sss` as an instant of `scale`; undefined when malformed. */
export function parseCalendarTokens(date: string, time: string, scale: TimeScale): Instant | undefined {
  const d = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{1,2}):(\d{1,2}(?:\.\d*)?)$/.exec(time);
  if (!d || !t) return undefined;
  const c = { year: +d[1], month: +d[2], day: +d[3], hour: +t[1], minute: +t[2], second: +t[3] };
  if (
    c.month < 1 ||
    c.month > 12 ||
    c.day < 1 ||
    c.day > 31 ||
    c.hour > 24 ||
    c.minute > 59 ||
    c.second >= 61
  )
    return undefined;
  return fromCalendar(scale, c);
}

/** Header facts that change how data lines read. */
interface PosLayout {
  coords?: Coords;
  scale: TimeScale;
  /** Seconds to subtract from the labels to get `scale` (JST files). */
  labelOffset_s: number;
}

function readColumnHeader(line: string, layout: PosLayout): void {
  if (line.includes("x-ecef(m)")) layout.coords = "xyz";
  else if (line.includes("latitude(deg)")) layout.coords = "llh";
  else if (line.includes("latitude(d'\")")) layout.coords = "dms";
  else if (line.includes("e-baseline(m)")) layout.coords = "enu";
  else return;
  const m = /^%\s*(GPST|UTC|JST)\b/.exec(line);
  if (m?.[1] === "UTC") layout.scale = "UTC";
  else if (m?.[1] === "JST") {
    layout.scale = "UTC";
    layout.labelOffset_s = JST_MINUS_UTC_s;
  }
}

/** Degrees from `d m s` tokens (the sign is on the degrees, `-0` included). */
function dmsToDeg(d: string, m: string, s: string): number {
  const v = Math.abs(+d) + +m / 60 + +s / 3600;
  return d.trim().startsWith("-") ? -v : v;
}

/** sign(v) * v^2: RTKLIB prints covariances as sign(c) * sqrt(|c|). */
const unsq = (v: number) => (v < 0 ? -v * v : v * v);

/** Parse .pos text. Never throws; unreadable lines are issues with their line number. */
export function parsePosTrack(text: string, file: string): SolutionTrack {
  const b = new TrackBuilder(file, "pos");
  const layout: PosLayout = { scale: "GPST", labelOffset_s: 0 };
  const issue = (line: number, message: string): void => {
    if (b.issues.length < 1000)
      b.issues.push({ code: "bad-record", message, file, line } satisfies DecodeIssue);
  };
  let lineNo = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, "");
    start = end + 1;
    lineNo++;
    if (line.startsWith("%")) {
      readColumnHeader(line, layout);
      if (layout.coords === "enu") {
        issue(lineNo, "ENU-baseline .pos files are not supported (write xyz or llh coordinates)");
        break;
      }
      continue;
    }
    const p = line.trim().split(/\s+/);
    if (p.length === 1 && p[0] === "") continue;
    // time
    let time: Instant | undefined;
    if (/^\d{4}[/-]/.test(p[0]))
      time = p.length > 1 ? parseCalendarTokens(p[0], p[1], layout.scale) : undefined;
    else if (/^\d+$/.test(p[0]) && Number.isFinite(+p[1])) time = fromWeekTow(layout.scale, +p[0], +p[1]);
    if (!time) {
      issue(lineNo, `expected a time (week tow, or yyyy/mm/dd hh:mm:ss), got '${p.slice(0, 2).join(" ")}'`);
      continue;
    }
    if (layout.labelOffset_s) time = { ...time, sec: time.sec - layout.labelOffset_s };
    // position: by the column header, or when there is none by the size of the numbers
    let coords = layout.coords;
    if (!coords)
      coords = Math.abs(+p[2]) <= 90 && Math.abs(+p[3]) <= 360 && Math.abs(+p[4]) < 1e5 ? "llh" : "xyz";
    const nc = coords === "dms" ? 7 : 3;
    const rest = p.slice(2 + nc).map(Number);
    const c = p.slice(2, 2 + nc);
    if (c.length < nc || rest.length < 2 || !c.every((v) => Number.isFinite(+v))) {
      issue(
        lineNo,
        `expected ${coords === "xyz" ? "x y z" : "latitude longitude height"} Q ns after the time`,
      );
      continue;
    }
    let pos: readonly [number, number, number];
    let geo: { lat_rad: number; lon_rad: number; h_m: number } | undefined;
    if (coords === "xyz") {
      pos = [+c[0], +c[1], +c[2]];
    } else {
      const lat = coords === "dms" ? dmsToDeg(c[0], c[1], c[2]) : +c[0];
      const lon = coords === "dms" ? dmsToDeg(c[3], c[4], c[5]) : +c[1];
      const h = coords === "dms" ? +c[6] : +c[2];
      if (Math.abs(lat) > 90 || Math.abs(lon) > 360) {
        issue(lineNo, `latitude ${lat} / longitude ${lon} out of range`);
        continue;
      }
      geo = { lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h };
      pos = geodeticToEcef(geo);
    }
    const q = rest[0];
    if (q === 0) {
      b.unsolved++;
      continue;
    }
    if (!isQuality(q)) {
      issue(lineNo, `Q must be 0..6, got '${p[2 + nc]}'`);
      continue;
    }
    const ns = Number.isFinite(rest[1]) && rest[1] >= 0 ? rest[1] : Number.NaN;
    // sd columns: llh files give sdn sde sdu directly; xyz files give the ECEF covariance, turned to ENU here
    let sdE = Number.NaN;
    let sdN = Number.NaN;
    let sdU = Number.NaN;
    if (rest.length >= 8 && rest.slice(2, 8).every(Number.isFinite)) {
      const s = rest.slice(2, 8);
      if (coords !== "xyz") {
        sdN = s[0];
        sdE = s[1];
        sdU = s[2];
      } else {
        // s: sdx sdy sdz sdxy sdyz sdzx
        const cxx = s[0] * s[0];
        const cyy = s[1] * s[1];
        const czz = s[2] * s[2];
        const cxy = unsq(s[3]);
        const cyz = unsq(s[4]);
        const czx = unsq(s[5]);
        const r = enuRotation(geo ?? ecefToGeodetic(ecef(pos[0], pos[1], pos[2])));
        const diag = (k: number) => {
          const a = r[k * 3];
          const bb = r[k * 3 + 1];
          const cc = r[k * 3 + 2];
          const v =
            a * a * cxx + bb * bb * cyy + cc * cc * czz + 2 * (a * bb * cxy + bb * cc * cyz + a * cc * czx);
          return Math.sqrt(Math.max(0, v));
        };
        sdE = diag(0);
        sdN = diag(1);
        sdU = diag(2);
      }
    }
    b.push({
      time,
      x_m: pos[0],
      y_m: pos[1],
      z_m: pos[2],
      q,
      ns,
      sdE_m: sdE,
      sdN_m: sdN,
      sdU_m: sdU,
      gdop: Number.NaN,
      pdop: Number.NaN,
      hdop: Number.NaN,
      vdop: Number.NaN,
    });
  }
  return b.build(layout.scale);
}
