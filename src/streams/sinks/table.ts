// JSON lines and CSV solution sinks: one record per epoch with position, clocks, DOP and satellites.

import { ecefToGeodetic } from "../../frames/geodetic.js";
import { type Solution, STATUS_Q } from "../../positioning/solution.js";
import { formatCalendar, toWeekTow } from "../../time/instant.js";

const r = (v: number, d: number) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);

export function jsonLine(s: Solution): string {
  const g = ecefToGeodetic(s.pos);
  const wt = toWeekTow(s.time);
  const rec = {
    time_gpst: formatCalendar(s.time, 3),
    week: wt.week,
    tow_s: r(wt.tow_s, 3),
    status: s.status,
    q: STATUS_Q[s.status],
    x_m: r(s.pos[0], 4),
    y_m: r(s.pos[1], 4),
    z_m: r(s.pos[2], 4),
    lat_deg: r((g.lat_rad * 180) / Math.PI, 9),
    lon_deg: r((g.lon_rad * 180) / Math.PI, 9),
    h_m: r(g.h_m, 4),
    vel_mps: s.vel ? s.vel.map((v) => r(v, 4)) : null,
    clock_bias_m: Object.fromEntries(Object.entries(s.clockBias_m).map(([k, v]) => [k, r(v as number, 3)])),
    ns: s.nsUsed,
    gdop: r(s.dop.gdop, 2),
    pdop: r(s.dop.pdop, 2),
    hdop: r(s.dop.hdop, 2),
    vdop: r(s.dop.vdop, 2),
    message: s.message,
    satellites: s.satellites.map((x) => ({
      sat: x.sat,
      kind: x.kind,
      used: x.used,
      ...(x.used
        ? {
            codes: x.codes,
            az_deg: r((x.az_rad * 180) / Math.PI, 1),
            el_deg: r((x.el_rad * 180) / Math.PI, 1),
            residual_m: r(x.residual_m, 3),
            iono_m: r(x.iono_m, 3),
            tropo_m: r(x.tropo_m, 3),
          }
        : { reason: x.reason }),
    })),
  };
  return `${JSON.stringify(rec)}\n`;
}

export const CSV_HEADER = "time_gpst,week,tow_s,q,x_m,y_m,z_m,lat_deg,lon_deg,h_m,ns,gdop,pdop,hdop,vdop\n";

export function csvLine(s: Solution): string {
  const g = ecefToGeodetic(s.pos);
  const wt = toWeekTow(s.time);
  const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : "");
  return `${formatCalendar(s.time, 3)},${wt.week},${wt.tow_s.toFixed(3)},${STATUS_Q[s.status]},${f(s.pos[0], 4)},${f(s.pos[1], 4)},${f(s.pos[2], 4)},${f((g.lat_rad * 180) / Math.PI, 9)},${f((g.lon_rad * 180) / Math.PI, 9)},${f(g.h_m, 4)},${s.nsUsed},${f(s.dop.gdop, 2)},${f(s.dop.pdop, 2)},${f(s.dop.hdop, 2)},${f(s.dop.vdop, 2)}\n`;
}
