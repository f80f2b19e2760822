// Galileo ephemerides, RTCM 10403.3 §3.5.6: message 1045 (F/NAV, Table 3.5-113) and 1046 (I/NAV,
// Table 3.5-114), with the scales of the Galileo OS SIS ICD 2.0 §5.1. The 12-bit GST week counts from
// 1999-08-22 (GPS week 1024); instants are GST with GPS-continuous weeks, as RINEX writes them.
// SV health and data sources follow the RINEX 3.05 Galileo conventions (health: bit 0 E1-B DVS, 1-2 E1-B HS,
// 3 E5a DVS, 4-5 E5a HS, 6 E5b DVS, 7-8 E5b HS; sources: I/NAV E1-B 1, F/NAV 2, I/NAV E5b 4, clock for
// E5a,E1 256, for E5b,E1 512).

import type { KeplerEphemeris } from "../../orbits/ephemeris.js";
import {
  GST_WEEK0_IN_GPS_WEEKS,
  type Instant,
  resolveWeekRollover,
  toScale,
  toWeekTow,
} from "../../time/instant.js";
import type { BitWriter } from "./bit-fields.js";
import { keplerOrbit, keplerTimes } from "./ephemeris-gps.js";
import { type FieldSpec, field, layoutBits, readFields, writeFields } from "./field-table.js";
import { gpsWeekOf } from "./reference-time.js";

const P2 = (n: number) => 2 ** n;

const COMMON: readonly FieldSpec[] = [
  field("DF252", "prn", 6, "u"),
  field("DF289", "week", 12, "u"),
  field("DF290", "iodNav", 10, "u"),
  field("DF291", "sisa", 8, "u"),
  field("DF292", "iDot_radps", 14, "s", P2(-43), true),
  field("DF293", "toc_s", 14, "u", 60),
  field("DF294", "af2_sps2", 6, "s", P2(-59)),
  field("DF295", "af1_sps", 21, "s", P2(-46)),
  field("DF296", "af0_s", 31, "s", P2(-34)),
  field("DF297", "crs_m", 16, "s", P2(-5)),
  field("DF298", "deltaN_radps", 16, "s", P2(-43), true),
  field("DF299", "m0_rad", 32, "s", P2(-31), true),
  field("DF300", "cuc_rad", 16, "s", P2(-29)),
  field("DF301", "e", 32, "u", P2(-33)),
  field("DF302", "cus_rad", 16, "s", P2(-29)),
  field("DF303", "sqrtA_sqrtm", 32, "u", P2(-19)),
  field("DF304", "toe_s", 14, "u", 60),
  field("DF305", "cic_rad", 16, "s", P2(-29)),
  field("DF306", "omega0_rad", 32, "s", P2(-31), true),
  field("DF307", "cis_rad", 16, "s", P2(-29)),
  field("DF308", "i0_rad", 32, "s", P2(-31), true),
  field("DF309", "crc_m", 16, "s", P2(-5)),
  field("DF310", "omega_rad", 32, "s", P2(-31), true),
  field("DF311", "omegaDot_radps", 24, "s", P2(-43), true),
  field("DF312", "bgdE5aE1_s", 10, "s", P2(-32)),
];

/** Message 1045 (F/NAV) after DF002. */
export const LAYOUT_1045: readonly FieldSpec[] = [
  ...COMMON,
  field("DF314", "e5aHealth", 2, "u"),
  field("DF315", "e5aValidity", 1, "u"),
  field("DF001", "reserved", 7, "u"),
];

/** Message 1046 (I/NAV) after DF002. */
export const LAYOUT_1046: readonly FieldSpec[] = [
  ...COMMON,
  field("DF313", "bgdE5bE1_s", 10, "s", P2(-32)),
  field("DF316", "e5bHealth", 2, "u"),
  field("DF317", "e5bValidity", 1, "u"),
  field("DF287", "e1bHealth", 2, "u"),
  field("DF288", "e1bValidity", 1, "u"),
  field("DF001", "reserved", 2, "u"),
];

export const BITS_1045 = 12 + layoutBits(LAYOUT_1045);
export const BITS_1046 = 12 + layoutBits(LAYOUT_1046);

/** Galileo SISA index -> metres (OS SIS ICD 2.0 Table 89); NaN for 255 (no accuracy prediction) and spares. */
export function sisaFromIndex(n: number): number {
  if (n <= 49) return n * 0.01;
  if (n <= 74) return 0.5 + (n - 50) * 0.02;
  if (n <= 99) return 1 + (n - 75) * 0.04;
  if (n <= 125) return 2 + (n - 100) * 0.16;
  return Number.NaN;
}

/** Metres -> the SISA index whose value is nearest (255 when unknown). */
export function sisaIndexOf(sisa_m: number): number {
  if (!Number.isFinite(sisa_m) || sisa_m < 0) return 255;
  let best = 255;
  let bestErr = Number.POSITIVE_INFINITY;
  for (let n = 0; n <= 125; n++) {
    const err = Math.abs(sisaFromIndex(n) - sisa_m);
    if (err < bestErr) {
      bestErr = err;
      best = n;
    }
  }
  return best;
}

/** Decodes 1045 or 1046; `buf` starts at the preamble. */
export function decodeGalileoEphemeris(
  buf: Uint8Array,
  type: 1045 | 1046,
  ref: Instant,
): KeplerEphemeris | string {
  const r = readFields(buf, 36, type === 1045 ? LAYOUT_1045 : LAYOUT_1046);
  if (r.prn < 1 || r.prn > 63) return `satellite id ${r.prn} outside the Galileo range`;
  const sat = `E${String(r.prn).padStart(2, "0")}`;
  const gstWeek = resolveWeekRollover(r.week, 12, gpsWeekOf(ref) - GST_WEEK0_IN_GPS_WEEKS);
  const { toe, toc } = keplerTimes("GST", gstWeek + GST_WEEK0_IN_GPS_WEEKS, r.toe_s, r.toc_s, ref);
  const fnav = type === 1045;
  const health = fnav
    ? (r.e5aHealth << 4) | (r.e5aValidity << 3)
    : (r.e5bHealth << 7) | (r.e5bValidity << 6) | (r.e1bHealth << 1) | r.e1bValidity;
  const groupDelays_s: Record<string, number> = { BGD_E5a_E1: r.bgdE5aE1_s };
  if (!fnav) groupDelays_s.BGD_E5b_E1 = r.bgdE5bE1_s;
  return {
    kind: "kepler",
    sat,
    message: fnav ? "FNAV" : "INAV",
    toc,
    toe,
    ...keplerOrbit(r),
    aDot_mps: 0,
    deltaNDot_radps2: 0,
    iode: r.iodNav,
    iodc: Number.NaN,
    health,
    ura_m: sisaFromIndex(r.sisa),
    fitInterval_h: 0,
    groupDelays_s,
    satType: 0,
    dataSources: fnav ? 2 | 256 : 1 | 4 | 512,
  };
}

/** Writes the payload of 1045 (F/NAV) or 1046 (I/NAV) after DF002. */
export function writeGalileoEphemeris(w: BitWriter, eph: KeplerEphemeris, type: 1045 | 1046): string[] {
  const toe = toScale(eph.toe, "GST");
  const { week, tow_s: toe_s } = toWeekTow(toe);
  const toc_s = toWeekTow(toScale(eph.toc, "GST")).tow_s;
  const h = eph.health;
  return writeFields(
    w,
    {
      ...keplerOrbit(eph as unknown as Record<string, number>),
      prn: Number(eph.sat.slice(1)),
      week: (((week - GST_WEEK0_IN_GPS_WEEKS) % 4096) + 4096) % 4096,
      iodNav: eph.iode,
      sisa: sisaIndexOf(eph.ura_m),
      toc_s,
      toe_s,
      bgdE5aE1_s: eph.groupDelays_s.BGD_E5a_E1 ?? 0,
      bgdE5bE1_s: eph.groupDelays_s.BGD_E5b_E1 ?? 0,
      e5aHealth: (h >> 4) & 3,
      e5aValidity: (h >> 3) & 1,
      e5bHealth: (h >> 7) & 3,
      e5bValidity: (h >> 6) & 1,
      e1bHealth: (h >> 1) & 3,
      e1bValidity: h & 1,
      reserved: 0,
    },
    type === 1045 ? LAYOUT_1045 : LAYOUT_1046,
  );
}
