// The GGA sentence an NTRIP client sends to a network (VRS) mountpoint so the caster can compute
// corrections for its position (NMEA 0183 v4.11 GGA; checksum per IEC 61162-1 §7.2.3).

import { nmeaChecksum } from "../sinks/nmea.js";

/** Degrees to NMEA `ddmm.mmmmmm` / `dddmm.mmmmmm` with hemisphere letter. */
function dm(value_deg: number, degreeDigits: number, pos: string, neg: string): [string, string] {
  const a = Math.abs(value_deg);
  let d = Math.floor(a);
  let minutes = Number(((a - d) * 60).toFixed(6));
  if (minutes >= 60) {
    d += 1;
    minutes -= 60;
  }
  return [
    `${String(d).padStart(degreeDigits, "0")}${minutes.toFixed(6).padStart(9, "0")}`,
    value_deg < 0 ? neg : pos,
  ];
}

export interface GgaOptions {
  /** UTC time of the fix (default: now). */
  readonly time?: Date;
  /** GGA quality: 1 autonomous (default), 2 differential, 4 RTK fixed, 5 float. */
  readonly quality?: number;
  readonly satellites?: number;
  readonly hdop?: number;
  readonly talker?: string;
}

/** `$GPGGA,...*CS\r\n` for a latitude/longitude (deg) and ellipsoidal height (m; geoid separation 0). */
export function ggaSentence(lat_deg: number, lon_deg: number, h_m: number, o: GgaOptions = {}): string {
  const t = o.time ?? new Date();
  const hh = String(t.getUTCHours()).padStart(2, "0");
  const mm = String(t.getUTCMinutes()).padStart(2, "0");
  const ss = (t.getUTCSeconds() + t.getUTCMilliseconds() / 1000).toFixed(2).padStart(5, "0");
  const [la, ns] = dm(lat_deg, 2, "N", "S");
  const [lo, ew] = dm(lon_deg, 3, "E", "W");
  const body = `${o.talker ?? "GP"}GGA,${hh}${mm}${ss},${la},${ns},${lo},${ew},${o.quality ?? 1},${String(o.satellites ?? 10).padStart(2, "0")},${(o.hdop ?? 1).toFixed(1)},${h_m.toFixed(3)},M,0.000,M,,`;
  return `$${body}*${nmeaChecksum(body)}\r\n`;
}
