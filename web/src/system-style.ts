// How each GNSS system and BDS orbit kind looks on the dashboard: one colour per system, one marker shape per
// BeiDou orbit kind (GEO, IGSO, MEO), and the order in which systems are listed (BeiDou first).

import type { LiveSatellite } from "../../src/serve/live-protocol.js";

export type SystemLetter = LiveSatellite["sys"];
export type OrbitKind = LiveSatellite["kind"];

export interface SystemStyle {
  readonly name: string;
  readonly color: string;
  /** Listing order: BeiDou first. */
  readonly rank: number;
}

export const SYSTEM_STYLE: Readonly<Record<SystemLetter, SystemStyle>> = {
  C: { name: "BeiDou", color: "#d62728", rank: 0 },
  G: { name: "GPS", color: "#1f77b4", rank: 1 },
  E: { name: "Galileo", color: "#2ca02c", rank: 2 },
  R: { name: "GLONASS", color: "#9467bd", rank: 3 },
  J: { name: "QZSS", color: "#ff7f0e", rank: 4 },
};

const FALLBACK: SystemStyle = { name: "other", color: "#7f7f7f", rank: 9 };

export function systemStyle(sys: string): SystemStyle {
  return (SYSTEM_STYLE as Record<string, SystemStyle>)[sys] ?? FALLBACK;
}

export type MarkerShape = "circle" | "square" | "triangle";

/** BDS GEO: square, BDS IGSO: triangle, everything else (BDS MEO and other systems): circle. */
export function markerShape(sys: string, kind: OrbitKind): MarkerShape {
  if (sys !== "C") return "circle";
  if (kind === "GEO") return "square";
  if (kind === "IGSO") return "triangle";
  return "circle";
}

/** Sort key: system (BeiDou first), then PRN number. */
export function satelliteOrder(a: string, b: string): number {
  const ra = systemStyle(a[0] ?? "").rank;
  const rb = systemStyle(b[0] ?? "").rank;
  if (ra !== rb) return ra - rb;
  return Number.parseInt(a.slice(1), 10) - Number.parseInt(b.slice(1), 10);
}

export const STATUS_COLOR: Readonly<Record<string, string>> = {
  none: "#d62728",
  single: "#1f77b4",
  dgnss: "#17becf",
  float: "#ff9f1a",
  fixed: "#2ca02c",
};
