// NMEA 0183 v4.11 sentences from solutions: GGA, RMC, GSA (one per system with the system id). GN talker
// for multi-system fixes, GB for BDS-only (NMEA 4.11 §... talker ids), checksums per IEC 61162-1.

import { ecefToGeodetic } from "../../frames/geodetic.js";
import type { Solution } from "../../positioning/solution.js";
import type { PositioningSystem } from "../../signals/system.js";
import { satPrn, satSystem } from "../../signals/system.js";
import { toCalendar, toScale } from "../../time/instant.js";

export function nmeaChecksum(body: string): string {
  let cs = 0;
  for (let i = 0; i < body.length; i++) cs ^= body.charCodeAt(i);
  return cs.toString(16).toUpperCase().padStart(2, "0");
}

const sentence = (body: string) => `$${body}*${nmeaChecksum(body)}\r\n`;

function latLon(lat_rad: number, lon_rad: number): string[] {
  const lat = Math.abs((lat_rad * 180) / Math.PI);
  const lon = Math.abs((lon_rad * 180) / Math.PI);
  const dm = (d: number, w: number) => {
    const deg = Math.floor(d);
    const min = (d - deg) * 60;
    return `${String(deg).padStart(w, "0")}${min.toFixed(7).padStart(10, "0")}`;
  };
  return [dm(lat, 2), lat_rad >= 0 ? "N" : "S", dm(lon, 3), lon_rad >= 0 ? "E" : "W"];
}

/** NMEA 4.11 system ids for GSA/GSV: 1 GPS, 2 GLONASS, 3 Galileo, 4 BDS, 5 QZSS. */
const SYSTEM_ID: Record<PositioningSystem, number> = { G: 1, R: 2, E: 3, C: 4, J: 5 };
const TALKER: Record<PositioningSystem, string> = { G: "GP", R: "GL", E: "GA", C: "GB", J: "GQ" };

export function nmeaSentences(s: Solution): string {
  const utc = toCalendar(toScale(s.time, "UTC"));
  const hhmmss = `${String(utc.hour).padStart(2, "0")}${String(utc.minute).padStart(2, "0")}${utc.second.toFixed(2).padStart(5, "0")}`;
  const ddmmyy = `${String(utc.day).padStart(2, "0")}${String(utc.month).padStart(2, "0")}${String(utc.year % 100).padStart(2, "0")}`;
  const used = s.satellites.filter((x) => x.used);
  const systems = [...new Set(used.map((x) => satSystem(x.sat) as PositioningSystem))];
  const talker = systems.length === 1 ? TALKER[systems[0]] : "GN";
  if (s.status === "none") {
    return (
      sentence(`${talker}GGA,${hhmmss},,,,,0,00,,,M,,M,,`) +
      sentence(`${talker}RMC,${hhmmss},V,,,,,,,${ddmmyy},,,N,V`)
    );
  }
  const g = ecefToGeodetic(s.pos);
  const [la, ns, lo, ew] = latLon(g.lat_rad, g.lon_rad);
  const hdop = Number.isFinite(s.dop.hdop) ? s.dop.hdop.toFixed(1) : "";
  // ellipsoidal height reported with zero geoid separation (no geoid model bundled)
  const gga = `${talker}GGA,${hhmmss},${la},${ns},${lo},${ew},1,${String(Math.min(s.nsUsed, 99)).padStart(2, "0")},${hdop},${g.h_m.toFixed(3)},M,0.000,M,,`;
  let sog = "";
  let cog = "";
  if (s.vel) {
    const v = s.vel;
    const sl = Math.sin(g.lat_rad);
    const cl = Math.cos(g.lat_rad);
    const so = Math.sin(g.lon_rad);
    const co = Math.cos(g.lon_rad);
    const ve = -so * v[0] + co * v[1];
    const vn = -sl * co * v[0] - sl * so * v[1] + cl * v[2];
    sog = ((Math.hypot(ve, vn) * 3600) / 1852).toFixed(3);
    let c = (Math.atan2(ve, vn) * 180) / Math.PI;
    if (c < 0) c += 360;
    cog = c.toFixed(1);
  }
  const rmc = `${talker}RMC,${hhmmss},A,${la},${ns},${lo},${ew},${sog},${cog},${ddmmyy},,,A,V`;
  let out = sentence(gga) + sentence(rmc);
  for (const sys of systems) {
    const prns = used
      .filter((x) => satSystem(x.sat) === sys)
      .map((x) => String(satPrn(x.sat)).padStart(2, "0"));
    for (let i = 0; i < prns.length; i += 12) {
      const chunk = prns.slice(i, i + 12);
      while (chunk.length < 12) chunk.push("");
      out += sentence(
        `${systems.length === 1 ? talker : "GN"}GSA,A,3,${chunk.join(",")},${s.dop.pdop.toFixed(1)},${hdop},${s.dop.vdop.toFixed(1)},${SYSTEM_ID[sys]}`,
      );
    }
  }
  return out;
}
