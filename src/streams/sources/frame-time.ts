// The receiver time a frame belongs to, for replaying a log at its own pace: GPS seconds of week from
// RTCM 3 MSM / legacy observation headers (RTCM 10403.3 §3.5.15 DF004 GPS/QZSS TOW ms, DF248 Galileo,
// DF427 BDS TOW ms in BDT = GPST - 14 s; GLONASS DF416 day of week + DF034 time of day ms in UTC(SU) = UTC + 3 h,
// turned into GPS time with the leap seconds in force since 2017 (pacing and latency bookkeeping only)) and
// from u-blox NAV-* iTOW (ms) and RXM-RAWX rcvTow (s), u-blox F9 interface description §3.17/§3.18.

import type { Frame } from "../../formats/framing.js";

const BDT_TO_GPST_s = 14;
/** GPST - UTC since 2017-01-01 (IERS Bulletin C); only used to pace GLONASS frames among the others. */
const GPST_MINUS_UTC_s = 18;
const WEEK_s = 604800;

function bits(b: Uint8Array, pos: number, len: number): number {
  let v = 0;
  for (let i = pos; i < pos + len; i++) v = v * 2 + ((b[i >> 3] >> (7 - (i & 7))) & 1);
  return v;
}

/** GPS time of week (s) the frame's data refer to, or undefined for frames that carry no epoch time. */
export function frameTimeOfWeek_s(f: Frame): number | undefined {
  const b = f.bytes;
  if (f.protocol === "rtcm3") {
    if (b.length < 3 + 8) return undefined;
    // payload starts after the 3-byte header: DF002 message number (12), DF003 station id (12), epoch time (30)
    const type = bits(b, 24, 12);
    const tow_ms = bits(b, 48, 30);
    if ((type >= 1071 && type <= 1077) || (type >= 1111 && type <= 1117) || (type >= 1001 && type <= 1004))
      return tow_ms / 1000;
    if (type >= 1091 && type <= 1097) return tow_ms / 1000;
    if (type >= 1121 && type <= 1127) return tow_ms / 1000 + BDT_TO_GPST_s;
    if (type >= 1081 && type <= 1087) {
      const dow = bits(b, 48, 3);
      const tod_ms = bits(b, 51, 27);
      if (dow === 7) return undefined; // day of week unknown
      return (((dow * 86400 + tod_ms / 1000 - 3 * 3600 + GPST_MINUS_UTC_s) % WEEK_s) + WEEK_s) % WEEK_s;
    }
    return undefined;
  }
  if (f.protocol === "ubx") {
    if (b.length < 8 + 4) return undefined;
    const cls = b[2];
    const id = b[3];
    const dv = new DataView(b.buffer, b.byteOffset + 6, b.length - 8);
    if (cls === 0x02 && id === 0x15) return dv.byteLength >= 8 ? dv.getFloat64(0, true) : undefined;
    // every NAV message starts with iTOW (ms), NAV-EOE (4 bytes) included
    if (cls === 0x01) return dv.getUint32(0, true) / 1000;
    return undefined;
  }
  return undefined;
}
