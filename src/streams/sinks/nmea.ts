// NMEA 0183 v4.11 sentences from solutions: GGA, RMC, GSA (one per system, with the system id), GSV (one
// group per system and signal, with the signal id), GST (residual RMS, error ellipse, sigmas). Checksums per
// IEC 61162-1 (XOR of the characters between "$" and "*", two upper-case hex digits); CR LF ends each.
//
// Talkers: GP GPS, GL GLONASS, GA Galileo, GB BDS (NMEA 4.10/4.11), GQ QZSS; GN for sentences combining
// systems (GGA, RMC, GST of a multi-system fix, and its GSA). The legacy BDS talker BD (the Chinese
// "Technical Specification of Communication Protocol for BDS Compatible Positioning Module", used before NMEA
// 4.10 by SiRF, Quectel and others) is available as an option; its sentences otherwise follow 4.11.
//
// System ids (GSA, GSV): 1 GPS, 2 GLONASS, 3 Galileo, 4 BDS, 5 QZSS. Satellite ids: GPS, Galileo, BDS and
// QZSS their PRN (QZSS 1-10), GLONASS 64 + slot.
//
// Signal ids (GSV), NMEA 4.11 (hex digit; 0 = all signals / not known), as u-blox, Unicore and pynmeagps
// use them and gpsd reads them:
//   GPS      1 L1 C/A, 2 L1 P(Y), 3 L1 M, 4 L2 P(Y), 5 L2C-M, 6 L2C-L, 7 L5-I, 8 L5-Q
//   GLONASS  1 G1 C/A, 2 G1 P, 3 G2 C/A, 4 G2 P
//   Galileo  1 E5a, 2 E5b, 3 E5 a+b, 4 E6-A, 5 E6-BC, 6 L1-A, 7 L1-BC (E1 B/C)
//   BDS      1 B1I, 2 B1Q, 3 B1C, 4 B1A, 5 B2a, 6 B2b, 7 B2a+b, 8 B3I, 9 B3Q, A B3A, B B2I, C B2Q
//   QZSS     1 L1 C/A, 2 L1C(D), 3 L1C(P), 4 L1S, 5 L2C-M, 6 L2C-L, 7 L5-I, 8 L5-Q, 9 L6D, A L6E
// A satellite's signals are the RINEX codes in its `codes` (the signals the solution used); a satellite with
// none is listed under signal 0. Combined RINEX attributes (X: I+Q, D+P, M+L) take the id of the component
// receivers track: the data/I component for B1I, B2I, B3I, L1 C/A; the pilot for L1C, L2C (L), L5/E5 (Q).

import { ecefToGeodetic, enuRotation } from "../../frames/geodetic.js";
import type { Solution } from "../../positioning/solution.js";
import type { PositioningSystem, SatId } from "../../signals/system.js";
import { compareSats, satPrn, satSystem } from "../../signals/system.js";
import { instant, toCalendar, toScale } from "../../time/instant.js";

/** Which sentences `nmeaSentences` writes, in this order. */
export type NmeaSentence = "GGA" | "RMC" | "GSA" | "GSV" | "GST";

export interface NmeaOptions {
  /** Talker of BDS sentences: "GB" (NMEA 4.10/4.11, default) or "BD" (legacy Chinese-standard talker). */
  readonly bdsTalker?: "GB" | "BD";
  /** Sentences to write (default all five). */
  readonly sentences?: readonly NmeaSentence[];
}

const ALL_SENTENCES: readonly NmeaSentence[] = ["GGA", "RMC", "GSA", "GSV", "GST"];

export function nmeaChecksum(body: string): string {
  let cs = 0;
  for (let i = 0; i < body.length; i++) cs ^= body.charCodeAt(i);
  return cs.toString(16).toUpperCase().padStart(2, "0");
}

const sentence = (body: string) => `$${body}*${nmeaChecksum(body)}\r\n`;

/** NMEA 4.11 system ids for GSA/GSV. */
export const NMEA_SYSTEM_ID: Readonly<Record<PositioningSystem, number>> = { G: 1, R: 2, E: 3, C: 4, J: 5 };

function talkerOf(sys: PositioningSystem, bds: "GB" | "BD"): string {
  return sys === "C" ? bds : sys === "G" ? "GP" : sys === "R" ? "GL" : sys === "E" ? "GA" : "GQ";
}

/** NMEA satellite id: the PRN, GLONASS 64 + slot. */
export function nmeaSatelliteId(sat: SatId): number {
  return satSystem(sat) === "R" ? 64 + satPrn(sat) : satPrn(sat);
}

/** Signal ids by system, RINEX band digit, then attribute letters (see the table at the top). */
const SIGNAL_ID: Readonly<
  Record<PositioningSystem, Readonly<Record<string, Readonly<Record<string, number>>>>>
> = {
  G: {
    "1": { C: 1, P: 2, W: 2, Y: 2, M: 3 },
    "2": { P: 4, W: 4, Y: 4, D: 4, S: 5, L: 6, X: 6 },
    "5": { I: 7, Q: 8, X: 8 },
  },
  R: { "1": { C: 1, P: 2 }, "2": { C: 3, P: 4 } },
  E: {
    "1": { A: 6, B: 7, C: 7, X: 7, Z: 7 },
    "5": { I: 1, Q: 1, X: 1 },
    "7": { I: 2, Q: 2, X: 2 },
    "8": { I: 3, Q: 3, X: 3 },
    "6": { A: 4, B: 5, C: 5, X: 5, Z: 5 },
  },
  C: {
    "2": { I: 1, Q: 2, X: 1 },
    // band 1: B1C (D, P, X) and B1A (S, L, Z); RINEX 3.02 wrote B1I as band 1 (I, Q)
    "1": { D: 3, P: 3, X: 3, S: 4, L: 4, Z: 4, I: 1, Q: 2 },
    "5": { D: 5, P: 5, X: 5 },
    "7": { I: 11, Q: 12, X: 11, D: 6, P: 6, Z: 6 },
    "8": { D: 7, P: 7, X: 7 },
    "6": { I: 8, Q: 9, X: 8, D: 10, P: 10, Z: 10 },
  },
  J: {
    "1": { C: 1, S: 2, L: 3, X: 3, Z: 4 },
    "2": { S: 5, L: 6, X: 6 },
    "5": { I: 7, Q: 8, X: 8 },
    "6": { S: 9, X: 9, Z: 9, E: 10 },
  },
};

/** NMEA 4.11 signal id (0-15) of a RINEX observation code ("C2I", "L1C", ...) of a system; 0 if none. */
export function nmeaSignalId(sys: PositioningSystem, code: string): number {
  if (code.length < 3) return 0;
  return SIGNAL_ID[sys]?.[code[1]]?.[code[2]] ?? 0;
}

const two = (n: number) => String(n).padStart(2, "0");
/** Fixed decimals, or an empty field for NaN/infinite values. */
const fx = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : "");

function latLon(lat_rad: number, lon_rad: number): string[] {
  const lat = Math.abs((lat_rad * 180) / Math.PI);
  const lon = Math.abs((lon_rad * 180) / Math.PI);
  const dm = (d: number, w: number) => {
    let deg = Math.floor(d);
    let min = Number(((d - deg) * 60).toFixed(7));
    if (min >= 60) {
      deg += 1;
      min -= 60;
    }
    return `${String(deg).padStart(w, "0")}${min.toFixed(7).padStart(10, "0")}`;
  };
  return [dm(lat, 2), lat_rad >= 0 ? "N" : "S", dm(lon, 3), lon_rad >= 0 ? "E" : "W"];
}

/** GSV: for each signal of a system, ceil(n / 4) sentences of up to four satellites. */
function gsvSentences(s: Solution, sys: PositioningSystem, talker: string): string {
  const bySignal = new Map<number, Solution["satellites"][number][]>();
  for (const x of s.satellites) {
    if (satSystem(x.sat) !== sys) continue;
    const ids = new Set(x.codes.map((c) => nmeaSignalId(sys, c)));
    if (ids.size === 0) ids.add(0);
    for (const id of ids) {
      const list = bySignal.get(id);
      if (list) list.push(x);
      else bySignal.set(id, [x]);
    }
  }
  let out = "";
  for (const id of [...bySignal.keys()].sort((a, b) => a - b)) {
    const list = (bySignal.get(id) ?? []).sort((a, b) => compareSats(a.sat, b.sat));
    const total = Math.ceil(list.length / 4);
    for (let k = 0; k < total; k++) {
      const fields = list.slice(4 * k, 4 * k + 4).map((x) => {
        const el = Number.isFinite(x.el_rad) ? two(Math.round((x.el_rad * 180) / Math.PI)) : "";
        const azDeg = Number.isFinite(x.az_rad) ? Math.round((x.az_rad * 180) / Math.PI) : Number.NaN;
        const az = Number.isFinite(azDeg) ? String(((azDeg % 360) + 360) % 360).padStart(3, "0") : "";
        const snr = Number.isFinite(x.cn0_dbhz) ? two(Math.min(99, Math.max(0, Math.round(x.cn0_dbhz)))) : "";
        return `${two(nmeaSatelliteId(x.sat))},${el},${az},${snr}`;
      });
      out += sentence(
        `${talker}GSV,${total},${k + 1},${two(list.length)},${fields.join(",")},${id.toString(16).toUpperCase()}`,
      );
    }
  }
  return out;
}

/**
 * GST: RMS of the used satellites' range residuals; the 1-sigma horizontal error ellipse (semi-major,
 * semi-minor axis in metres, orientation of the semi-major axis in degrees from true north) and the
 * latitude, longitude and altitude sigmas, from the ECEF position covariance rotated to local east-north-up.
 */
function gstFields(s: Solution, lat_rad: number, lon_rad: number): string {
  const res = s.satellites.filter((x) => x.used && Number.isFinite(x.residual_m)).map((x) => x.residual_m);
  const rms = res.length ? Math.sqrt(res.reduce((a, v) => a + v * v, 0) / res.length) : Number.NaN;
  const R = enuRotation({ lat_rad, lon_rad, h_m: 0 });
  const C = s.cov_m2;
  // Cenu = R C R^T
  const rc = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      rc[3 * i + j] = R[3 * i] * C[j] + R[3 * i + 1] * C[3 + j] + R[3 * i + 2] * C[6 + j];
  const cenu = (i: number, j: number) =>
    rc[3 * i] * R[3 * j] + rc[3 * i + 1] * R[3 * j + 1] + rc[3 * i + 2] * R[3 * j + 2];
  const ee = cenu(0, 0);
  const nn = cenu(1, 1);
  const en = (cenu(0, 1) + cenu(1, 0)) / 2;
  const uu = cenu(2, 2);
  const mid = (ee + nn) / 2;
  const rad = Math.hypot((nn - ee) / 2, en);
  const smaj = Math.sqrt(mid + rad);
  const smin = Math.sqrt(Math.max(0, mid - rad));
  let orient = (0.5 * Math.atan2(2 * en, nn - ee) * 180) / Math.PI;
  if (orient < 0) orient += 180;
  return [
    fx(rms, 3),
    fx(smaj, 3),
    fx(smin, 3),
    fx(orient, 1),
    fx(Math.sqrt(nn), 3),
    fx(Math.sqrt(ee), 3),
    fx(Math.sqrt(uu), 3),
  ].join(",");
}

/**
 * The NMEA sentences of one solution, CR LF terminated: GGA, RMC, then (with a fix) GSA per system, GSV per
 * system and signal, and GST. Time is UTC (GPST less the leap seconds), to 0.01 s.
 */
export function nmeaSentences(s: Solution, opts: NmeaOptions = {}): string {
  const want = new Set(opts.sentences ?? ALL_SENTENCES);
  const bds = opts.bdsTalker ?? "GB";
  const u = toScale(s.time, "UTC");
  const cs = Math.round(u.frac * 100);
  const utc = toCalendar(cs >= 100 ? instant("UTC", u.sec + 1) : instant("UTC", u.sec, cs / 100));
  const hhmmss = `${two(utc.hour)}${two(utc.minute)}${utc.second.toFixed(2).padStart(5, "0")}`;
  const ddmmyy = `${two(utc.day)}${two(utc.month)}${two(utc.year % 100)}`;
  const used = s.satellites.filter((x) => x.used);
  const inView = [...new Set(s.satellites.map((x) => satSystem(x.sat) as PositioningSystem))].sort((a, b) =>
    compareSats(`${a}01`, `${b}01`),
  );
  const systems = inView.filter((sys) => used.some((x) => satSystem(x.sat) === sys));
  const talker = systems.length === 1 ? talkerOf(systems[0], bds) : "GN";
  let out = "";
  if (s.status === "none") {
    if (want.has("GGA")) out += sentence(`${talker}GGA,${hhmmss},,,,,0,00,,,M,,M,,`);
    if (want.has("RMC")) out += sentence(`${talker}RMC,${hhmmss},V,,,,,,,${ddmmyy},,,N,V`);
    return out;
  }
  const g = ecefToGeodetic(s.pos);
  const [la, ns, lo, ew] = latLon(g.lat_rad, g.lon_rad);
  const hdop = fx(s.dop.hdop, 1);
  // GGA quality: 1 autonomous, 2 differential, 4 RTK fixed, 5 RTK float (NMEA 0183 4.11)
  const quality = { none: 0, single: 1, dgnss: 2, fixed: 4, float: 5 }[s.status];
  // RMC/GNS mode indicator: A autonomous, D differential, R RTK fixed, F RTK float
  const mode = { none: "N", single: "A", dgnss: "D", fixed: "R", float: "F" }[s.status];
  // ellipsoidal height reported with zero geoid separation (no geoid model bundled)
  if (want.has("GGA")) {
    out += sentence(
      `${talker}GGA,${hhmmss},${la},${ns},${lo},${ew},${quality},${two(Math.min(s.nsUsed, 99))},${hdop},${g.h_m.toFixed(3)},M,0.000,M,,`,
    );
  }
  if (want.has("RMC")) {
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
    out += sentence(`${talker}RMC,${hhmmss},A,${la},${ns},${lo},${ew},${sog},${cog},${ddmmyy},,,${mode},V`);
  }
  if (want.has("GSA")) {
    for (const sys of systems) {
      const ids = used
        .filter((x) => satSystem(x.sat) === sys)
        .sort((a, b) => compareSats(a.sat, b.sat))
        .map((x) => two(nmeaSatelliteId(x.sat)));
      for (let i = 0; i < ids.length; i += 12) {
        const chunk = ids.slice(i, i + 12);
        while (chunk.length < 12) chunk.push("");
        out += sentence(
          `${systems.length === 1 ? talker : "GN"}GSA,A,3,${chunk.join(",")},${fx(s.dop.pdop, 1)},${hdop},${fx(s.dop.vdop, 1)},${NMEA_SYSTEM_ID[sys]}`,
        );
      }
    }
  }
  if (want.has("GSV")) for (const sys of inView) out += gsvSentences(s, sys, talkerOf(sys, bds));
  if (want.has("GST")) out += sentence(`${talker}GST,${hhmmss},${gstFields(s, g.lat_rad, g.lon_rad)}`);
  return out;
}
