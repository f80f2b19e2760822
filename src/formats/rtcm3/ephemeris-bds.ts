// BDS ephemeris, RTCM 10403.3 §3.5.6 message 1042 (Table 3.5-107), carrying the D1/D2 navigation message
// fields of BDS-SIS-ICD-B1I-3.0 §5.2.4: toc and toe in units of 2^3 s of BDT, a 13-bit BDT week, AODE/AODC
// (5 bits), TGD1/TGD2 in units of 0.1 ns, 1-bit SatH1. toc/toe are kept in BDT (fromWeekTow("BDT", ...)).

import type { KeplerEphemeris } from "../../orbits/ephemeris.js";
import { type Instant, resolveWeekRollover, toScale, toWeekTow } from "../../time/instant.js";
import { uraFromIndex } from "../rinex/nav-records.js";
import type { BitWriter } from "./bit-fields.js";
import { keplerOrbit, keplerTimes, uraIndexOf } from "./ephemeris-gps.js";
import { type FieldSpec, field, layoutBits, readFields, writeFields } from "./field-table.js";

const P2 = (n: number) => 2 ** n;

/** Message 1042 after DF002 (Table 3.5-107). */
export const LAYOUT_1042: readonly FieldSpec[] = [
  field("DF488", "prn", 6, "u"),
  field("DF489", "week", 13, "u"),
  field("DF490", "urai", 4, "u"),
  field("DF491", "iDot_radps", 14, "s", P2(-43), true),
  field("DF492", "aode", 5, "u"),
  field("DF493", "toc_s", 17, "u", P2(3)),
  field("DF494", "af2_sps2", 11, "s", P2(-66)),
  field("DF495", "af1_sps", 22, "s", P2(-50)),
  field("DF496", "af0_s", 24, "s", P2(-33)),
  field("DF497", "aodc", 5, "u"),
  field("DF498", "crs_m", 18, "s", P2(-6)),
  field("DF499", "deltaN_radps", 16, "s", P2(-43), true),
  field("DF500", "m0_rad", 32, "s", P2(-31), true),
  field("DF501", "cuc_rad", 18, "s", P2(-31)),
  field("DF502", "e", 32, "u", P2(-33)),
  field("DF503", "cus_rad", 18, "s", P2(-31)),
  field("DF504", "sqrtA_sqrtm", 32, "u", P2(-19)),
  field("DF505", "toe_s", 17, "u", P2(3)),
  field("DF506", "cic_rad", 18, "s", P2(-31)),
  field("DF507", "omega0_rad", 32, "s", P2(-31), true),
  field("DF508", "cis_rad", 18, "s", P2(-31)),
  field("DF509", "i0_rad", 32, "s", P2(-31), true),
  field("DF510", "crc_m", 18, "s", P2(-6)),
  field("DF511", "omega_rad", 32, "s", P2(-31), true),
  field("DF512", "omegaDot_radps", 24, "s", P2(-43), true),
  field("DF513", "tgd1_s", 10, "s", 1e-10),
  field("DF514", "tgd2_s", 10, "s", 1e-10),
  field("DF515", "health", 1, "u"),
];

export const BITS_1042 = 12 + layoutBits(LAYOUT_1042);

/** BDT week of an instant (any scale). */
function bdtWeekOf(t: Instant): number {
  return toWeekTow(toScale(t, "BDT")).week;
}

/** Decodes 1042; `buf` starts at the preamble. */
export function decodeBdsEphemeris(buf: Uint8Array, ref: Instant): KeplerEphemeris | string {
  const r = readFields(buf, 36, LAYOUT_1042);
  if (r.prn < 1 || r.prn > 63) return `satellite id ${r.prn} outside the BDS range`;
  const sat = `C${String(r.prn).padStart(2, "0")}`;
  const week = resolveWeekRollover(r.week, 13, bdtWeekOf(ref));
  const { toe, toc } = keplerTimes("BDT", week, r.toe_s, r.toc_s, ref);
  return {
    kind: "kepler",
    sat,
    // 1042 does not say D1 or D2; as for RINEX 3, the orbit decides the kind
    message: "D1",
    toc,
    toe,
    ...keplerOrbit(r),
    aDot_mps: 0,
    deltaNDot_radps2: 0,
    iode: r.aode,
    iodc: r.aodc,
    health: r.health,
    // BDS URAI uses the GPS URA table (BDS-SIS-ICD-B1I-3.0 §5.2.4.5)
    ura_m: uraFromIndex(r.urai),
    fitInterval_h: 0,
    groupDelays_s: { TGD1: r.tgd1_s, TGD2: r.tgd2_s },
    satType: 0,
    dataSources: 0,
  };
}

/** Writes the payload of message 1042 after DF002. */
export function writeBdsEphemeris(w: BitWriter, eph: KeplerEphemeris): string[] {
  const toe = toScale(eph.toe, "BDT");
  const { week, tow_s: toe_s } = toWeekTow(toe);
  const toc_s = toWeekTow(toScale(eph.toc, "BDT")).tow_s;
  return writeFields(
    w,
    {
      ...keplerOrbit(eph as unknown as Record<string, number>),
      prn: Number(eph.sat.slice(1)),
      week: ((week % 8192) + 8192) % 8192,
      urai: uraIndexOf(eph.ura_m),
      aode: eph.iode,
      toc_s,
      aodc: Number.isFinite(eph.iodc) ? eph.iodc : 0,
      toe_s,
      tgd1_s: eph.groupDelays_s.TGD1 ?? 0,
      tgd2_s: eph.groupDelays_s.TGD2 ?? 0,
      health: eph.health & 1,
    },
    LAYOUT_1042,
  );
}
