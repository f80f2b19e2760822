// From one solved (or unsolved) epoch to the dashboard's LiveEpoch (live-protocol.ts): position, ENU against
// the truth or the running mean, DOP, every satellite with az/el, kind, residual and C/N0 per signal, and
// the integrity flags read from the solver's result.
//
// Satellites the solver left out carry no az/el in the Solution; they are placed on the sky from the
// satellite source at the epoch time, seen from this epoch's position (else the last one, else the truth).
// Satellites that cannot be placed (no ephemeris) are left out of the list: a sky plot cannot draw them.

import { azimuthElevationWith, ecefToGeodetic, enuRotation } from "../frames/geodetic.js";
import { type Ecef, ecef } from "../frames/vectors.js";
import type { SatelliteSource } from "../orbits/satellite-state.js";
import type { Solution } from "../positioning/solution.js";
import type { ObsEpoch } from "../signals/observation.js";
import { type SatId, satSystem } from "../signals/system.js";
import { formatCalendar, toScale, toWeekTow } from "../time/instant.js";
import type { LiveEpoch, LiveSatellite, LiveSignal } from "./live-protocol.js";

/** One epoch as a feed hands it over. */
export interface LiveItem {
  readonly solution: Solution;
  readonly epoch: ObsEpoch;
  /** performance.now() (ms) of the epoch's release: its time came (paced replays) or its last byte arrived. */
  readonly released_ms: number;
  /** Where satellites not used by the solver are placed from. */
  readonly source: SatelliteSource;
}

const RAD2DEG = 180 / Math.PI;
const LIVE_SYSTEMS = new Set(["C", "G", "E", "R", "J"]);
const round = (v: number, digits: number): number => {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
};
const finiteOrNull = (v: number, digits: number): number | null =>
  Number.isFinite(v) ? round(v, digits) : null;

/** C/N0 per signal ("2I" -> dB-Hz) of every satellite of an epoch, from its S codes. */
export function signalStrengths(epoch: ObsEpoch): Map<SatId, LiveSignal[]> {
  const out = new Map<SatId, LiveSignal[]>();
  for (let i = 0; i < epoch.sats.length; i++) {
    const codes = epoch.codes[i];
    const off = epoch.offsets[i];
    let list: LiveSignal[] | undefined;
    for (let k = 0; k < codes.length; k++) {
      const code = codes[k];
      if (code.charCodeAt(0) !== 83 /* S */) continue;
      const v = epoch.values[off + k];
      if (!Number.isFinite(v) || v <= 0) continue;
      list ??= [];
      list.push({ code: code.slice(1), cn0_dbhz: round(v, 1) });
    }
    if (list) out.set(epoch.sats[i], list);
  }
  return out;
}

export interface LiveEpochBuilderOptions {
  /** Known antenna position: ENU is then against it; else against the running mean of the fixes. */
  readonly truth?: Ecef;
  /** Whether the solver runs its chi-square residual test (SppOptions.chiSquareTest); default true. */
  readonly chiSquareTest?: boolean;
}

export class LiveEpochBuilder {
  private seq = 0;
  private readonly sum = new Float64Array(3);
  private fixes = 0;
  private last?: Ecef;

  constructor(private readonly options: LiveEpochBuilderOptions = {}) {}

  build(item: LiveItem): LiveEpoch {
    const s = item.solution;
    const ep = item.epoch;
    const solved = s.status !== "none" && Number.isFinite(s.pos[0]);
    let lat: number | null = null;
    let lon: number | null = null;
    let h: number | null = null;
    let enu: [number, number, number] | null = null;
    const truth = this.options.truth;
    if (solved) {
      const g = ecefToGeodetic(s.pos);
      lat = round(g.lat_rad * RAD2DEG, 9);
      lon = round(g.lon_rad * RAD2DEG, 9);
      h = round(g.h_m, 3);
      this.last = s.pos;
      this.fixes++;
      this.sum[0] += s.pos[0];
      this.sum[1] += s.pos[1];
      this.sum[2] += s.pos[2];
      const ref = truth ?? ecef(this.sum[0] / this.fixes, this.sum[1] / this.fixes, this.sum[2] / this.fixes);
      const rot = enuRotation(ecefToGeodetic(ref));
      const d0 = s.pos[0] - ref[0];
      const d1 = s.pos[1] - ref[1];
      const d2 = s.pos[2] - ref[2];
      enu = [
        round(rot[0] * d0 + rot[1] * d1 + rot[2] * d2, 3),
        round(rot[3] * d0 + rot[4] * d1 + rot[5] * d2, 3),
        round(rot[6] * d0 + rot[7] * d1 + rot[8] * d2, 3),
      ];
    }

    const signals = signalStrengths(ep);
    const where = solved ? s.pos : (this.last ?? truth);
    const rot = where ? enuRotation(ecefToGeodetic(where)) : undefined;
    const satellites: LiveSatellite[] = [];
    const excluded: string[] = [];
    for (const r of s.satellites) {
      const sys = satSystem(r.sat);
      if (!LIVE_SYSTEMS.has(sys)) continue;
      if (r.reason === "fault-excluded") excluded.push(r.sat);
      let az = r.az_rad;
      let el = r.el_rad;
      if (!(Number.isFinite(az) && Number.isFinite(el))) {
        if (!where || !rot) continue;
        const st = item.source.state(r.sat, ep.time);
        if (typeof st === "string") continue;
        const ae = azimuthElevationWith(rot, where, st.pos);
        az = ae.az_rad;
        el = ae.el_rad;
      }
      const kind = r.kind === "GEO" || r.kind === "IGSO" || r.kind === "MEO" ? r.kind : "unknown";
      const sat: LiveSatellite = {
        sat: r.sat,
        sys: sys as LiveSatellite["sys"],
        kind,
        az_deg: round(az * RAD2DEG, 2),
        el_deg: round(el * RAD2DEG, 2),
        used: r.used,
        residual_m: r.used ? finiteOrNull(r.residual_m, 3) : null,
        signals: signals.get(r.sat) ?? [],
        ...(r.reason ? { reason: r.reason } : {}),
      };
      satellites.push(sat);
    }

    // the solver's chi-square verdict: a solution = passed (or rescued by exclusion); none with a chi-square
    // message = failed; none for any other reason (too few satellites, GDOP) = not tested
    const chiFailed = !solved && /chi-square/i.test(s.message ?? "");
    const tested = this.options.chiSquareTest ?? true;
    const chiSquare: "pass" | "fail" | "n/a" = !tested ? "n/a" : solved ? "pass" : chiFailed ? "fail" : "n/a";
    const gpst = toScale(ep.time, "GPST");
    const wt = toWeekTow(gpst);
    const out: LiveEpoch = {
      type: "epoch",
      seq: this.seq++,
      time: formatCalendar(gpst, 3),
      week: wt.week,
      tow_s: round(wt.tow_s, 3),
      status: s.status,
      lat_deg: lat,
      lon_deg: lon,
      h_m: h,
      enu_m: enu,
      ref: truth ? "truth" : "mean",
      nsUsed: s.nsUsed,
      dop: {
        gdop: finiteOrNull(s.dop.gdop, 2),
        pdop: finiteOrNull(s.dop.pdop, 2),
        hdop: finiteOrNull(s.dop.hdop, 2),
        vdop: finiteOrNull(s.dop.vdop, 2),
      },
      satellites,
      integrity: {
        chiSquare,
        excluded,
        ...(s.message ? { message: s.message } : {}),
        ...(s.ratio !== undefined && s.ratio > 0 ? { ratio: round(s.ratio, 2) } : {}),
      },
      latency_ms: round(performance.now() - item.released_ms, 3),
    };
    return out;
  }
}
