// The broadcast ephemeris store: collects navigation records, picks the ephemeris to use for a satellite
// at an instant, and turns it into a SatelliteState (Kepler or GLONASS).
// Selection rule (after RTKLIB's seleph, with health and message preference added): among the records of
// the satellite whose |t - toe| <= MAX_DTOE (GPS/QZSS 7200 s, Galileo 14400 s, BDS 21600 s, GLONASS 1800 s),
// skip unhealthy ones, take the most preferred message type present (BDS D1/D2 before B-CNAV, Galileo
// I/NAV before F/NAV, GPS LNAV before CNAV, each an option), and within it the toe closest to t; on a tie
// the later transmission (then the later added) record wins.

import { ecef } from "../frames/vectors.js";
import { compareSats, type GnssSystem, type SatId, satSystem } from "../signals/system.js";
import { diffSeconds, type Instant, toScale, toSeconds, wrapWeekSeconds } from "../time/instant.js";
import { keplerStateInto } from "./broadcast-kepler.js";
import type {
  Ephemeris,
  IonoParameters,
  KeplerEphemeris,
  NavigationData,
  NavMessage,
  TimeOffsetParameters,
} from "./ephemeris.js";
import { glonassSatelliteState } from "./glonass.js";
import { orbitKindOf } from "./orbit-kind.js";
import type { NoStateReason, OrbitKind, SatelliteSource, SatelliteState } from "./satellite-state.js";
import { keplerConstantsOf, MAX_DTOE_s } from "./system-constants.js";

/** Message types in order of preference, per system. Messages not listed rank after the listed ones. */
export const DEFAULT_MESSAGE_PREFERENCE: Readonly<Partial<Record<GnssSystem, readonly NavMessage[]>>> = {
  C: ["D1", "D2", "CNV1", "CNV2", "CNV3"],
  G: ["LNAV", "CNAV", "CNV2"],
  J: ["LNAV", "CNAV", "CNV2"],
  E: ["INAV", "FNAV"],
  R: ["FDMA"],
};

export interface EphemerisStoreOptions {
  /** Use records flagged unhealthy (default false: they are skipped, and "unhealthy" is reported). */
  readonly includeUnhealthy?: boolean;
  /**
   * Message preference per system, most preferred first. For Galileo E5a users: `{ E: ["FNAV", "INAV"] }`
   * (F/NAV clocks refer to E1/E5a, I/NAV clocks to E1/E5b).
   */
  readonly preferMessages?: Partial<Record<GnssSystem, readonly NavMessage[]>>;
  /** Largest |t - toe| (s) per system; defaults to MAX_DTOE_s. */
  readonly maxDtoe_s?: Partial<Record<GnssSystem, number>>;
}

export interface SelectOptions {
  /** Only a record with this issue of data (IODE / IODnav / AODE), as for SSR corrections. */
  readonly iode?: number;
}

/** Galileo SV health bits (RINEX 3/4): E1-B DVS/HS (bits 0-2), E5a DVS/HS (3-5), E5b DVS/HS (6-8). */
const GAL_HEALTH_INAV = 0b111000111;
const GAL_HEALTH_FNAV = 0b000111000;

/** Whether a record says its satellite is usable, for the signals its message serves. */
export function isHealthy(eph: Ephemeris): boolean {
  if (eph.kind === "kepler" && satSystem(eph.sat) === "E") {
    if (eph.message === "INAV") return (eph.health & GAL_HEALTH_INAV) === 0;
    if (eph.message === "FNAV") return (eph.health & GAL_HEALTH_FNAV) === 0;
  }
  // QZSS LNAV: the lowest bit of the health word flags the L6 (LEX) signal only (IS-QZSS-PNT §5.4.1), not the
  // ranging signals used here; RTKLIB masks it the same way.
  if (eph.kind === "kepler" && satSystem(eph.sat) === "J" && eph.message === "LNAV")
    return (eph.health & ~1) === 0;
  // GPS/QZSS: the 6-bit health word; BDS D1/D2: SatH1; B-CNAV: HS; GLONASS: Bn/health flag. 0 = usable.
  return eph.health === 0;
}

function isUsableRecord(eph: Ephemeris): boolean {
  if (eph.kind === "kepler") {
    return eph.sqrtA_sqrtm > 0 && Number.isFinite(eph.sqrtA_sqrtm) && eph.e >= 0 && eph.e < 1;
  }
  return Number.isFinite(eph.pos_m[0]) && Math.hypot(eph.pos_m[0], eph.pos_m[1], eph.pos_m[2]) > 1e6;
}

function recordKey(eph: Ephemeris): string {
  if (eph.kind === "kepler") {
    return `${eph.message}|${eph.toe.sec}|${eph.toe.frac}|${eph.toc.sec}|${eph.iode}|${eph.af0_s}|${eph.af1_sps}|${eph.sqrtA_sqrtm}|${eph.m0_rad}|${eph.omega0_rad}|${eph.health}`;
  }
  return `${eph.toe.sec}|${eph.toe.frac}|${eph.pos_m.join(",")}|${eph.vel_mps.join(",")}|${eph.clockBias_s}|${eph.health}`;
}

/** Per-satellite records sorted by toe, with the numbers selection needs in typed arrays. */
interface SatTable {
  records: Ephemeris[];
  keys: Set<string>;
  sorted: boolean;
  /** toe as GPST seconds (float) per record. */
  toe_s: Float64Array;
  /** message preference rank (0 best). */
  rank: Int32Array;
  healthy: Uint8Array;
  kind: OrbitKind;
}

const gpstSeconds = (t: Instant): number => toSeconds(toScale(t, "GPST"));

export class EphemerisStore implements SatelliteSource {
  private readonly tables = new Map<SatId, SatTable>();
  private readonly ionoList: IonoParameters[] = [];
  private readonly ionoKeys = new Set<string>();
  private readonly offsetList: TimeOffsetParameters[] = [];
  private readonly offsetKeys = new Set<string>();
  private leap: number | undefined;
  private readonly includeUnhealthy: boolean;
  private readonly prefer: Partial<Record<GnssSystem, readonly NavMessage[]>>;
  private readonly maxDtoe: Record<GnssSystem, number>;
  private readonly out = new Float64Array(8);
  /** Records dropped because they could not describe an orbit (zero sqrtA, e >= 1, ...). */
  rejectedRecords = 0;

  constructor(options: EphemerisStoreOptions = {}) {
    this.includeUnhealthy = options.includeUnhealthy ?? false;
    this.prefer = { ...DEFAULT_MESSAGE_PREFERENCE, ...options.preferMessages };
    this.maxDtoe = { ...MAX_DTOE_s, ...options.maxDtoe_s };
  }

  /** Add everything a navigation file (or stream) gave: ephemerides, iono and time-offset parameters. */
  addNavigation(nav: NavigationData): void {
    for (const eph of nav.ephemerides) this.addEphemeris(eph);
    for (const p of nav.iono) {
      const key = JSON.stringify(p);
      if (!this.ionoKeys.has(key)) {
        this.ionoKeys.add(key);
        this.ionoList.push(p);
      }
    }
    for (const p of nav.timeOffsets) {
      const key = JSON.stringify(p);
      if (!this.offsetKeys.has(key)) {
        this.offsetKeys.add(key);
        this.offsetList.push(p);
      }
    }
    if (nav.leapSeconds !== undefined) this.leap = nav.leapSeconds;
  }

  /** Add one ephemeris; exact duplicates are ignored. Returns false when it was a duplicate or unusable. */
  addEphemeris(eph: Ephemeris): boolean {
    if (!isUsableRecord(eph)) {
      this.rejectedRecords++;
      return false;
    }
    let tab = this.tables.get(eph.sat);
    if (!tab) {
      tab = {
        records: [],
        keys: new Set(),
        sorted: true,
        toe_s: new Float64Array(0),
        rank: new Int32Array(0),
        healthy: new Uint8Array(0),
        kind: "unknown",
      };
      this.tables.set(eph.sat, tab);
    }
    const key = recordKey(eph);
    if (tab.keys.has(key)) return false;
    tab.keys.add(key);
    tab.records.push(eph);
    tab.sorted = false;
    return true;
  }

  /** Satellites with at least one record, BDS first. */
  sats(): SatId[] {
    return [...this.tables.keys()].sort(compareSats);
  }

  /** All ionosphere parameter sets seen (headers and RINEX 4 ION records), in arrival order. */
  iono(): IonoParameters[] {
    return [...this.ionoList];
  }

  timeOffsets(): TimeOffsetParameters[] {
    return [...this.offsetList];
  }

  leapSeconds(): number | undefined {
    return this.leap;
  }

  /** Every record kept for a satellite, sorted by toe. */
  records(sat: SatId): readonly Ephemeris[] {
    const tab = this.tables.get(sat);
    return tab ? this.prepare(sat, tab).records : [];
  }

  /** Orbit class of a satellite, from its (first healthy) record; "unknown" without records. */
  orbitKind(sat: SatId): OrbitKind {
    const tab = this.tables.get(sat);
    return tab ? this.prepare(sat, tab).kind : "unknown";
  }

  private prepare(sat: SatId, tab: SatTable): SatTable {
    if (tab.sorted) return tab;
    const sys = satSystem(sat);
    const pref = this.prefer[sys] ?? [];
    const items = tab.records.map((eph, i) => ({
      eph,
      i,
      toe: gpstSeconds(eph.toe),
      ttr:
        eph.kind === "kepler"
          ? eph.ttr
            ? gpstSeconds(eph.ttr)
            : -Infinity
          : eph.tof
            ? gpstSeconds(eph.tof)
            : -Infinity,
    }));
    items.sort((a, b) => a.toe - b.toe || a.ttr - b.ttr || a.i - b.i);
    const n = items.length;
    tab.records = items.map((x) => x.eph);
    tab.toe_s = Float64Array.from(items, (x) => x.toe);
    tab.rank = Int32Array.from(items, (x) => {
      const r = pref.indexOf(x.eph.message);
      return r < 0 ? pref.length : r;
    });
    tab.healthy = Uint8Array.from(items, (x) => (isHealthy(x.eph) ? 1 : 0));
    const ref = tab.records.find((_, k) => tab.healthy[k] === 1) ?? tab.records[0];
    tab.kind = n > 0 ? orbitKindOf(ref) : "unknown";
    tab.sorted = true;
    return tab;
  }

  /**
   * The ephemeris to use for `sat` at `t` (any scale), or why there is none: "no-ephemeris" (none at all
   * for this satellite), "outside-fit" (none within the validity window), "unhealthy" (the record that would be
   * chosen says the satellite is unusable: an older healthy record is not used in its place, as the flag
   * usually marks a manoeuvre or a clock event).
   */
  select(sat: SatId, t: Instant, opts: SelectOptions = {}): Ephemeris | NoStateReason {
    const tab = this.tables.get(sat);
    if (!tab || tab.records.length === 0) return "no-ephemeris";
    this.prepare(sat, tab);
    const tq = gpstSeconds(t);
    const maxDt = this.maxDtoe[satSystem(sat)];
    const toe = tab.toe_s;
    const n = toe.length;
    // first index with toe >= tq - maxDt
    let lo = 0;
    let hi = n;
    const start = tq - maxDt;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (toe[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let bestRank = Number.MAX_SAFE_INTEGER;
    let bestDt = Number.POSITIVE_INFINITY;
    let sawAny = false;
    for (let k = lo; k < n && toe[k] <= tq + maxDt; k++) {
      if (opts.iode !== undefined) {
        const rec = tab.records[k];
        if (rec.kind !== "kepler" || rec.iode !== opts.iode) continue;
      }
      sawAny = true;
      const dt = Math.abs(toe[k] - tq);
      const r = tab.rank[k];
      // later entries win ties: sorted by (toe, ttr, insertion)
      if (r < bestRank || (r === bestRank && dt <= bestDt)) {
        best = k;
        bestRank = r;
        bestDt = dt;
      }
    }
    if (best < 0) return sawAny ? "no-ephemeris" : "outside-fit";
    if (!this.includeUnhealthy && tab.healthy[best] === 0) return "unhealthy";
    return tab.records[best];
  }

  /** Satellite state at transmission time `t` from the selected broadcast ephemeris. */
  state(sat: SatId, t: Instant): SatelliteState | NoStateReason {
    const eph = this.select(sat, t);
    if (typeof eph === "string") return eph;
    const tab = this.tables.get(sat) as SatTable;
    return this.stateFrom(eph, t, tab.kind);
  }

  /** State from a given record (no selection): useful to compare records or to honour an IODE. */
  stateFrom(eph: Ephemeris, t: Instant, kind: OrbitKind = orbitKindOf(eph)): SatelliteState | NoStateReason {
    if (eph.kind === "glonass") {
      const g = glonassSatelliteState(eph, t);
      if (!Number.isFinite(g.pos[0])) return "no-ephemeris";
      return {
        sat: eph.sat,
        pos: g.pos,
        vel: g.vel,
        clockBias_s: g.clockBias_s,
        clockDrift_sps: g.clockDrift_sps,
        health: eph.health,
        ura_m: Number.NaN,
        kind,
        ephemeris: eph,
        source: "broadcast",
      };
    }
    const out = this.out;
    const ts = toScale(t, keplerConstantsOf(satSystem(eph.sat)).scale);
    const tk = wrapWeekSeconds(diffSeconds(ts, eph.toe));
    const tc = wrapWeekSeconds(diffSeconds(ts, eph.toc));
    const geo = kind === "GEO" && satSystem(eph.sat) === "C";
    if (!keplerStateInto(eph as KeplerEphemeris, tk, tc, geo, out)) return "no-ephemeris";
    return {
      sat: eph.sat,
      pos: ecef(out[0], out[1], out[2]),
      vel: [out[3], out[4], out[5]],
      clockBias_s: out[6],
      clockDrift_sps: out[7],
      health: eph.health,
      ura_m: eph.ura_m,
      kind,
      ephemeris: eph,
      source: "broadcast",
    };
  }
}
