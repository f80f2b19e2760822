// RTKLIB's .pos solution text (as rnx2rtkp writes and RTKPLOT reads): `%` header lines, a column header
// naming x-ecef(m) or latitude(deg), then one line per epoch.

import { ecefToGeodetic, enuRotation } from "../../frames/geodetic.js";
import { type Solution, STATUS_Q } from "../../positioning/solution.js";
import { formatCalendar, type Instant, toWeekTow } from "../../time/instant.js";

export type CoordsFormat = "xyz" | "llh";
export type TimeFormat = "tow" | "cal";

export interface PosHeaderInfo {
  readonly program: string;
  readonly inputs: readonly string[];
  readonly start?: Instant;
  readonly end?: Instant;
  readonly mode: string;
  readonly elevMask_deg: number;
  readonly iono: string;
  readonly tropo: string;
  readonly ephemeris: string;
  readonly systems: string;
}

function timeLabel(t: Instant): string {
  const wt = toWeekTow(t);
  return `${formatCalendar(t, 1)} GPST (week${String(wt.week).padStart(4, "0")} ${wt.tow_s.toFixed(1)}s)`;
}

export function posHeader(info: PosHeaderInfo, coords: CoordsFormat, timeFormat: TimeFormat): string {
  const lines = [`% program   : ${info.program}`];
  for (const f of info.inputs) lines.push(`% inp file  : ${f}`);
  if (info.start) lines.push(`% obs start : ${timeLabel(info.start)}`);
  if (info.end) lines.push(`% obs end   : ${timeLabel(info.end)}`);
  lines.push(
    `% pos mode  : ${info.mode}`,
    `% elev mask : ${info.elevMask_deg.toFixed(1)} deg`,
    `% ionos opt : ${info.iono}`,
    `% tropo opt : ${info.tropo}`,
    `% ephemeris : ${info.ephemeris}`,
    `% navi sys  : ${info.systems}`,
    "%",
  );
  const timeHead = timeFormat === "tow" ? "%  GPST          " : "%  GPST                 ";
  if (coords === "xyz") {
    lines.push("% (x/y/z-ecef=WGS84,Q=1:fix,2:float,3:sbas,4:dgps,5:single,6:ppp,ns=# of satellites)");
    lines.push(
      `${timeHead}    x-ecef(m)      y-ecef(m)      z-ecef(m)   Q  ns   sdx(m)   sdy(m)   sdz(m)  sdxy(m)  sdyz(m)  sdzx(m) age(s)  ratio`,
    );
  } else {
    lines.push(
      "% (lat/lon/height=WGS84/ellipsoidal,Q=1:fix,2:float,3:sbas,4:dgps,5:single,6:ppp,ns=# of satellites)",
    );
    lines.push(
      `${timeHead}  latitude(deg) longitude(deg)  height(m)   Q  ns   sdn(m)   sde(m)   sdu(m)  sdne(m)  sdeu(m)  sdun(m) age(s)  ratio`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** sign(c) * sqrt(|c|), as RTKLIB prints covariances. */
const sq = (c: number) => (c < 0 ? -Math.sqrt(-c) : Math.sqrt(c));

export function formatTime(t: Instant, timeFormat: TimeFormat): string {
  if (timeFormat === "cal") return formatCalendar(t, 3);
  const r = { ...t, frac: Math.round(t.frac * 1000) / 1000 };
  const wt = toWeekTow(r);
  return `${String(wt.week).padStart(4, " ")} ${wt.tow_s.toFixed(3).padStart(10, " ")}`;
}

export function posLine(s: Solution, coords: CoordsFormat, timeFormat: TimeFormat): string {
  const t = formatTime(s.time, timeFormat);
  const q = STATUS_Q[s.status];
  const c = s.cov_m2;
  const f = (v: number, w: number, d: number) => v.toFixed(d).padStart(w, " ");
  if (coords === "xyz") {
    return `${t} ${f(s.pos[0], 14, 4)} ${f(s.pos[1], 14, 4)} ${f(s.pos[2], 14, 4)} ${f(q, 3, 0)} ${f(s.nsUsed, 3, 0)} ${f(sq(c[0]), 8, 4)} ${f(sq(c[4]), 8, 4)} ${f(sq(c[8]), 8, 4)} ${f(sq(c[1]), 8, 4)} ${f(sq(c[5]), 8, 4)} ${f(sq(c[2]), 8, 4)} ${f(s.age_s ?? 0, 6, 2)} ${f(Math.min(s.ratio ?? 0, 999.9), 6, 1)}\n`;
  }
  const g = ecefToGeodetic(s.pos);
  // covariance in ENU: R C R^T
  const r = enuRotation(g);
  const qe = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let acc = 0;
      for (let k = 0; k < 3; k++)
        for (let l = 0; l < 3; l++) acc += r[i * 3 + k] * c[k * 3 + l] * r[j * 3 + l];
      qe[i * 3 + j] = acc;
    }
  const deg = 180 / Math.PI;
  return `${t} ${f(g.lat_rad * deg, 14, 9)} ${f(g.lon_rad * deg, 14, 9)} ${f(g.h_m, 10, 4)} ${f(q, 3, 0)} ${f(s.nsUsed, 3, 0)} ${f(sq(qe[4]), 8, 4)} ${f(sq(qe[0]), 8, 4)} ${f(sq(qe[8]), 8, 4)} ${f(sq(qe[1]), 8, 4)} ${f(sq(qe[2]), 8, 4)} ${f(sq(qe[5]), 8, 4)} ${f(s.age_s ?? 0, 6, 2)} ${f(Math.min(s.ratio ?? 0, 999.9), 6, 1)}\n`;
}

/** One parsed .pos data line (ours or RTKLIB's): time as GPS week/tow or calendar, ECEF or geodetic. */
export interface PosRecord {
  readonly week?: number;
  readonly tow_s?: number;
  readonly calendar?: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly q: number;
  readonly ns: number;
  readonly geodetic: boolean;
}

/** Parse a .pos file's data lines (header lines start with %). */
export function parsePos(text: string): PosRecord[] {
  const out: PosRecord[] = [];
  let geodetic = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("%")) {
      if (line.includes("latitude(deg)")) geodetic = true;
      continue;
    }
    const p = line.trim().split(/\s+/);
    if (p.length < 6) continue;
    if (p[0].includes("/")) {
      out.push({ calendar: `${p[0]} ${p[1]}`, x: +p[2], y: +p[3], z: +p[4], q: +p[5], ns: +p[6], geodetic });
    } else {
      out.push({ week: +p[0], tow_s: +p[1], x: +p[2], y: +p[3], z: +p[4], q: +p[5], ns: +p[6], geodetic });
    }
  }
  return out;
}
