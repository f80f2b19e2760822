// GPS and QZSS ephemerides: RTCM 10403.3 §3.5.6 message 1019 (Table 3.5-21, GPS LNAV, IS-GPS-200
// §20.3.3.3/4 scales) and message 1044 (Table 3.5-110, QZSS, IS-QZSS-PNT scales). Weeks are 10-bit and
// resolved against a reference instant with resolveWeekRollover.

import type { KeplerEphemeris } from "../../orbits/ephemeris.js";
import {
  diffSeconds,
  fromWeekTow,
  type Instant,
  resolveWeekRollover,
  SECONDS_PER_DAY,
  SECONDS_PER_WEEK,
  toScale,
  toWeekTow,
} from "../../time/instant.js";
import { uraFromIndex } from "../rinex/nav-records.js";
import type { BitWriter } from "./bit-fields.js";
import { type FieldSpec, field, layoutBits, readFields, writeFields } from "./field-table.js";
import { gpsWeekOf } from "./reference-time.js";

const P2 = (n: number) => 2 ** n;

/** Message 1019 after DF002 (Table 3.5-21). */
export const LAYOUT_1019: readonly FieldSpec[] = [
  field("DF009", "prn", 6, "u"),
  field("DF076", "week", 10, "u"),
  field("DF077", "ura", 4, "u"),
  field("DF078", "codeOnL2", 2, "u"),
  field("DF079", "iDot_radps", 14, "s", P2(-43), true),
  field("DF071", "iode", 8, "u"),
  field("DF081", "toc_s", 16, "u", P2(4)),
  field("DF082", "af2_sps2", 8, "s", P2(-55)),
  field("DF083", "af1_sps", 16, "s", P2(-43)),
  field("DF084", "af0_s", 22, "s", P2(-31)),
  field("DF085", "iodc", 10, "u"),
  field("DF086", "crs_m", 16, "s", P2(-5)),
  field("DF087", "deltaN_radps", 16, "s", P2(-43), true),
  field("DF088", "m0_rad", 32, "s", P2(-31), true),
  field("DF089", "cuc_rad", 16, "s", P2(-29)),
  field("DF090", "e", 32, "u", P2(-33)),
  field("DF091", "cus_rad", 16, "s", P2(-29)),
  field("DF092", "sqrtA_sqrtm", 32, "u", P2(-19)),
  field("DF093", "toe_s", 16, "u", P2(4)),
  field("DF094", "cic_rad", 16, "s", P2(-29)),
  field("DF095", "omega0_rad", 32, "s", P2(-31), true),
  field("DF096", "cis_rad", 16, "s", P2(-29)),
  field("DF097", "i0_rad", 32, "s", P2(-31), true),
  field("DF098", "crc_m", 16, "s", P2(-5)),
  field("DF099", "omega_rad", 32, "s", P2(-31), true),
  field("DF100", "omegaDot_radps", 24, "s", P2(-43), true),
  field("DF101", "tgd_s", 8, "s", P2(-31)),
  field("DF102", "health", 6, "u"),
  field("DF103", "l2pDataFlag", 1, "u"),
  field("DF137", "fitFlag", 1, "u"),
];

/** Message 1044 after DF002 (Table 3.5-110). */
export const LAYOUT_1044: readonly FieldSpec[] = [
  field("DF429", "prn", 4, "u"),
  field("DF430", "toc_s", 16, "u", P2(4)),
  field("DF431", "af2_sps2", 8, "s", P2(-55)),
  field("DF432", "af1_sps", 16, "s", P2(-43)),
  field("DF433", "af0_s", 22, "s", P2(-31)),
  field("DF434", "iode", 8, "u"),
  field("DF435", "crs_m", 16, "s", P2(-5)),
  field("DF436", "deltaN_radps", 16, "s", P2(-43), true),
  field("DF437", "m0_rad", 32, "s", P2(-31), true),
  field("DF438", "cuc_rad", 16, "s", P2(-29)),
  field("DF439", "e", 32, "u", P2(-33)),
  field("DF440", "cus_rad", 16, "s", P2(-29)),
  field("DF441", "sqrtA_sqrtm", 32, "u", P2(-19)),
  field("DF442", "toe_s", 16, "u", P2(4)),
  field("DF443", "cic_rad", 16, "s", P2(-29)),
  field("DF444", "omega0_rad", 32, "s", P2(-31), true),
  field("DF445", "cis_rad", 16, "s", P2(-29)),
  field("DF446", "i0_rad", 32, "s", P2(-31), true),
  field("DF447", "crc_m", 16, "s", P2(-5)),
  field("DF448", "omega_rad", 32, "s", P2(-31), true),
  field("DF449", "omegaDot_radps", 24, "s", P2(-43), true),
  field("DF450", "iDot_radps", 14, "s", P2(-43), true),
  field("DF451", "codeOnL2", 2, "u"),
  field("DF452", "week", 10, "u"),
  field("DF453", "ura", 4, "u"),
  field("DF454", "health", 6, "u"),
  field("DF455", "tgd_s", 8, "s", P2(-31)),
  field("DF456", "iodc", 10, "u"),
  field("DF457", "fitFlag", 1, "u"),
];

export const BITS_1019 = 12 + layoutBits(LAYOUT_1019);
export const BITS_1044 = 12 + layoutBits(LAYOUT_1044);

/** Orbit fields every Kepler message shares, copied from a decoded record. */
export function keplerOrbit(r: Record<string, number>) {
  return {
    sqrtA_sqrtm: r.sqrtA_sqrtm,
    e: r.e,
    i0_rad: r.i0_rad,
    omega0_rad: r.omega0_rad,
    omega_rad: r.omega_rad,
    m0_rad: r.m0_rad,
    deltaN_radps: r.deltaN_radps,
    iDot_radps: r.iDot_radps,
    omegaDot_radps: r.omegaDot_radps,
    cuc_rad: r.cuc_rad,
    cus_rad: r.cus_rad,
    crc_m: r.crc_m,
    crs_m: r.crs_m,
    cic_rad: r.cic_rad,
    cis_rad: r.cis_rad,
    af0_s: r.af0_s,
    af1_sps: r.af1_sps,
    af2_sps2: r.af2_sps2,
  };
}

/**
 * toe and toc from a full week and their times of week. The week field is the week of transmission, so a
 * data set sent late in a week with its toe early in the next one reads a week early (and the reverse):
 * when toe lies within a day of a week boundary and more than half a week from the reference (but within
 * a week and a half), it is moved by a week. toc is put in the week that brings it nearest toe.
 */
export function keplerTimes(
  scale: "GPST" | "BDT" | "GST",
  week: number,
  toe_s: number,
  toc_s: number,
  ref: Instant,
): { toe: Instant; toc: Instant } {
  let toe = fromWeekTow(scale, week, toe_s);
  const d = diffSeconds(toe, toScale(ref, scale));
  if (d < -SECONDS_PER_WEEK / 2 && d > -1.5 * SECONDS_PER_WEEK && toe_s < SECONDS_PER_DAY) {
    toe = fromWeekTow(scale, week + 1, toe_s);
  } else if (
    d > SECONDS_PER_WEEK / 2 &&
    d < 1.5 * SECONDS_PER_WEEK &&
    toe_s > SECONDS_PER_WEEK - SECONDS_PER_DAY
  ) {
    toe = fromWeekTow(scale, week - 1, toe_s);
  }
  const toeWeek = toWeekTow(toe).week;
  let toc = fromWeekTow(scale, toeWeek, toc_s);
  const dc = diffSeconds(toc, toe);
  if (dc > SECONDS_PER_WEEK / 2) toc = fromWeekTow(scale, toeWeek - 1, toc_s);
  else if (dc < -SECONDS_PER_WEEK / 2) toc = fromWeekTow(scale, toeWeek + 1, toc_s);
  return { toe, toc };
}

/** Decodes 1019 (GPS) or 1044 (QZSS); `buf` starts at the preamble. */
export function decodeGpsQzssEphemeris(
  buf: Uint8Array,
  type: 1019 | 1044,
  ref: Instant,
): KeplerEphemeris | string {
  const r = readFields(buf, 36, type === 1019 ? LAYOUT_1019 : LAYOUT_1044);
  const sat =
    type === 1019
      ? r.prn >= 1 && r.prn <= 32
        ? `G${String(r.prn).padStart(2, "0")}`
        : null
      : r.prn >= 1 && r.prn <= 10
        ? `J${String(r.prn).padStart(2, "0")}`
        : null;
  if (!sat) return `satellite id ${r.prn} outside the ${type === 1019 ? "GPS" : "QZSS"} range`;
  const week = resolveWeekRollover(r.week, 10, gpsWeekOf(ref));
  const { toe, toc } = keplerTimes("GPST", week, r.toe_s, r.toc_s, ref);
  // fit interval flag: GPS 0 = 4 h, 1 = more than 4 h (6 h, the shortest of IS-GPS-200 Table 20-XII);
  // QZSS 0 = 2 h, 1 = more than 2 h (no number: 0, the system default)
  const fitInterval_h = type === 1019 ? (r.fitFlag ? 6 : 4) : r.fitFlag ? 0 : 2;
  return {
    kind: "kepler",
    sat,
    message: "LNAV",
    toc,
    toe,
    ...keplerOrbit(r),
    aDot_mps: 0,
    deltaNDot_radps2: 0,
    iode: r.iode,
    iodc: r.iodc,
    health: r.health,
    ura_m: uraFromIndex(r.ura),
    fitInterval_h,
    groupDelays_s: { TGD: r.tgd_s },
    satType: 0,
    dataSources: 0,
  };
}

/** URA (m) -> the smallest IS-GPS-200 index whose value is not below it (15 when unknown). */
export function uraIndexOf(ura_m: number): number {
  if (!Number.isFinite(ura_m)) return 15;
  for (let n = 0; n < 15; n++) if (uraFromIndex(n) >= ura_m - 1e-9) return n;
  return 15;
}

/** Encodes a GPS LNAV ephemeris as the payload of message 1019 (after DF002 is written by the caller). */
export function writeGpsEphemeris(w: BitWriter, eph: KeplerEphemeris): string[] {
  const prn = Number(eph.sat.slice(1));
  const { week, tow_s: toe_s } = toWeekTow(eph.toe);
  const toc_s = toWeekTow(eph.toc).tow_s;
  return writeFields(
    w,
    {
      ...keplerOrbit(eph as unknown as Record<string, number>),
      prn,
      week: week % 1024,
      ura: uraIndexOf(eph.ura_m),
      codeOnL2: 0,
      iode: eph.iode,
      toc_s,
      iodc: Number.isFinite(eph.iodc) ? eph.iodc : eph.iode,
      toe_s,
      tgd_s: eph.groupDelays_s.TGD ?? 0,
      health: eph.health,
      l2pDataFlag: 0,
      fitFlag: eph.fitInterval_h > 4 ? 1 : 0,
    },
    LAYOUT_1019,
  );
}
