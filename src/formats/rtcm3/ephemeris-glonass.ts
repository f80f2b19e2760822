// GLONASS ephemeris, RTCM 10403.3 §3.5.6 message 1020 (Table 3.5-22), fields of GLONASS ICD 5.1 §4.4
// (sign-magnitude integers). tb and tk are Moscow times of day (UTC(SU) + 3 h); the day comes from the
// reference instant (nearest), as the message's own NT/N4 are optional. Stored as RINEX does: toe in GPST,
// positions in metres, clockBias_s = -tauN, gammaN as broadcast.

import type { GlonassEphemeris } from "../../orbits/ephemeris.js";
import { addSeconds, type Instant, instant, SECONDS_PER_DAY, toScale } from "../../time/instant.js";
import { type FieldSpec, field, layoutBits, readFields } from "./field-table.js";
import { foldToReference } from "./reference-time.js";

const P2 = (n: number) => 2 ** n;

/** Message 1020 after DF002 (Table 3.5-22). */
export const LAYOUT_1020: readonly FieldSpec[] = [
  field("DF038", "slot", 6, "u"),
  field("DF040", "channelPlus7", 5, "u"),
  field("DF104", "almanacHealth", 1, "u"),
  field("DF105", "almanacHealthAvailable", 1, "u"),
  field("DF106", "p1", 2, "u"),
  field("DF107", "tkHours", 5, "u"),
  field("DF107", "tkMinutes", 6, "u"),
  field("DF107", "tkHalfMinutes", 1, "u"),
  field("DF108", "bnMsb", 1, "u"),
  field("DF109", "p2", 1, "u"),
  field("DF110", "tb", 7, "u"),
  field("DF111", "vx_mps", 24, "sm", P2(-20) * 1e3),
  field("DF112", "x_m", 27, "sm", P2(-11) * 1e3),
  field("DF113", "ax_mps2", 5, "sm", P2(-30) * 1e3),
  field("DF114", "vy_mps", 24, "sm", P2(-20) * 1e3),
  field("DF115", "y_m", 27, "sm", P2(-11) * 1e3),
  field("DF116", "ay_mps2", 5, "sm", P2(-30) * 1e3),
  field("DF117", "vz_mps", 24, "sm", P2(-20) * 1e3),
  field("DF118", "z_m", 27, "sm", P2(-11) * 1e3),
  field("DF119", "az_mps2", 5, "sm", P2(-30) * 1e3),
  field("DF120", "p3", 1, "u"),
  field("DF121", "gammaN", 11, "sm", P2(-40)),
  field("DF122", "p", 2, "u"),
  field("DF123", "ln3", 1, "u"),
  field("DF124", "tauN_s", 22, "sm", P2(-30)),
  field("DF125", "deltaTauN_s", 5, "sm", P2(-30)),
  field("DF126", "en", 5, "u"),
  field("DF127", "p4", 1, "u"),
  field("DF128", "ft", 4, "u"),
  field("DF129", "nt", 11, "u"),
  field("DF130", "m", 2, "u"),
  field("DF131", "additionalData", 1, "u"),
  field("DF132", "na", 11, "u"),
  field("DF133", "tauC_s", 32, "sm", P2(-31)),
  field("DF134", "n4", 5, "u"),
  field("DF135", "tauGps_s", 22, "sm", P2(-30)),
  field("DF136", "ln5", 1, "u"),
  field("DF001", "reserved", 7, "u"),
];

export const BITS_1020 = 12 + layoutBits(LAYOUT_1020);

/** A Moscow time of day placed on the UTC day nearest the reference, as a GPST instant. */
function moscowTodNear(tod_s: number, ref: Instant): Instant {
  const refUtc = toScale(ref, "UTC");
  const day0 = Math.floor(refUtc.sec / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  const t = foldToReference(instant("UTC", day0 + tod_s - 10800), refUtc, SECONDS_PER_DAY);
  return toScale(t, "GPST");
}

/** Decodes 1020; `buf` starts at the preamble. */
export function decodeGlonassEphemeris(buf: Uint8Array, ref: Instant): GlonassEphemeris | string {
  const r = readFields(buf, 36, LAYOUT_1020);
  if (r.slot < 1 || r.slot > 63) return `slot ${r.slot} outside the GLONASS range`;
  const toe = moscowTodNear(r.tb * 900, ref);
  // tk is the frame start, up to a day before tb
  const tk_s = r.tkHours * 3600 + r.tkMinutes * 60 + r.tkHalfMinutes * 30;
  const tof = foldToReference(moscowTodNear(tk_s, ref), addSeconds(toe, 0), SECONDS_PER_DAY);
  return {
    kind: "glonass",
    sat: `R${String(r.slot).padStart(2, "0")}`,
    message: "FDMA",
    toe,
    tof,
    pos_m: [r.x_m, r.y_m, r.z_m],
    vel_mps: [r.vx_mps, r.vy_mps, r.vz_mps],
    acc_mps2: [r.ax_mps2, r.ay_mps2, r.az_mps2],
    clockBias_s: -r.tauN_s,
    gammaN: r.gammaN,
    frequencyChannel: r.channelPlus7 - 7,
    health: r.bnMsb,
    ageDays: r.en,
  };
}
