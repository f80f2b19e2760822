// GNSS systems and satellite identifiers, with RINEX 3/4 letters. BeiDou is listed first everywhere.

export type GnssSystem = "C" | "G" | "E" | "R" | "J" | "S" | "I";
/** The systems beidou positions with; S (SBAS) and I (NavIC) are recognised and skipped. */
export type PositioningSystem = "C" | "G" | "E" | "R" | "J";

export const SYSTEMS_BDS_FIRST: readonly PositioningSystem[] = ["C", "G", "E", "R", "J"];
export const ALL_SYSTEMS: readonly GnssSystem[] = ["C", "G", "E", "R", "J", "S", "I"];

export const SYSTEM_NAMES: Record<GnssSystem, string> = {
  C: "BDS",
  G: "GPS",
  E: "Galileo",
  R: "GLONASS",
  J: "QZSS",
  S: "SBAS",
  I: "NavIC",
};

/** A satellite as RINEX 3 writes it: system letter and two-digit PRN/slot, e.g. "C01", "C63", "G05". */
export type SatId = string;

export function isSystem(c: string): c is GnssSystem {
  return c === "C" || c === "G" || c === "E" || c === "R" || c === "J" || c === "S" || c === "I";
}

export function isPositioningSystem(c: string): c is PositioningSystem {
  return c === "C" || c === "G" || c === "E" || c === "R" || c === "J";
}

/**
 * Normalise a satellite field as found in files: "C 1" -> "C01", " 5" (RINEX 2, GPS implied) -> "G05",
 * "C1" -> "C01". Returns null when the text is not a satellite.
 */
export function parseSatId(text: string, defaultSystem: GnssSystem = "G"): SatId | null {
  const t = text.trim();
  if (t.length === 0) return null;
  let sys: string = t[0];
  let num: string;
  if (sys >= "0" && sys <= "9") {
    sys = defaultSystem;
    num = t;
  } else {
    num = t.slice(1).trim();
  }
  if (!isSystem(sys)) return null;
  if (!/^\d{1,3}$/.test(num)) return null;
  const prn = Number(num);
  // QZSS PRNs 193-202 are written J01..J10 in RINEX 3; SBAS 120-158 as S20..S58.
  if (sys === "J" && prn >= 193) return `J${String(prn - 192).padStart(2, "0")}`;
  if (sys === "S" && prn >= 100) return `S${String(prn - 100).padStart(2, "0")}`;
  if (prn < 1 || prn > 99) return null;
  return `${sys}${String(prn).padStart(2, "0")}`;
}

export const satSystem = (sat: SatId): GnssSystem => sat[0] as GnssSystem;
export const satPrn = (sat: SatId): number => Number(sat.slice(1));

/** Sort key that puts BDS first, then GPS, Galileo, GLONASS, QZSS, SBAS, NavIC, then by PRN. */
export function compareSats(a: SatId, b: SatId): number {
  const ia = ALL_SYSTEMS.indexOf(satSystem(a));
  const ib = ALL_SYSTEMS.indexOf(satSystem(b));
  return ia !== ib ? ia - ib : satPrn(a) - satPrn(b);
}
