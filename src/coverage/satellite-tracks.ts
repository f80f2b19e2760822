// Satellite positions for a coverage run: every satellite's ECEF position at every epoch, computed once and
// kept in one typed array, from a broadcast navigation file or from the nominal BDS-3 and GPS constellations.
//
// Positions are geometric, at the epoch itself (no light time, no Sagnac rotation): a satellite moves about
// 0.3 km in the 0.07 s of signal travel, which changes elevations by less than 0.001 deg.
//
// A station's navigation file holds ephemerides only for the hours each satellite was above its horizon,
// so with the usual validity windows (GPS 2 h, BDS 6 h, GLONASS 0.5 h) a global run from it would miss a
// third of the GPS and half the GLONASS satellite-epochs. For coverage the window is widened to
// COVERAGE_MAX_DTOE_s: a broadcast orbit propagated up to 12 h from its toe is still within a few km of the
// precise orbit (ESBC 2020-06-25 against the IAC final SP3, every 15 min of the day, worst per system:
// BDS 0.64 km, GPS 0.22 km, Galileo 0.34 km, GLONASS 1.6 km, QZSS 3.5 km; satellite-tracks.test.ts), i.e.
// under 0.01 deg seen from the ground, which no visibility or PDOP figure can notice.

import type { KeplerEphemeris, NavigationData } from "../orbits/ephemeris.js";
import { EphemerisStore } from "../orbits/ephemeris-store.js";
import type { OrbitKind, SatelliteSource } from "../orbits/satellite-state.js";
import {
  isPositioningSystem,
  type PositioningSystem,
  type SatId,
  SYSTEMS_BDS_FIRST,
  satSystem,
} from "../signals/system.js";
import { bds3Ephemerides } from "../sim/constellation-bds3.js";
import { gpsEphemerides } from "../sim/constellation-gps.js";
import { addSeconds, type Instant } from "../time/instant.js";

/** Largest |t - toe| (s) of a broadcast record used for coverage, every system. */
export const COVERAGE_MAX_DTOE_s = 12 * 3600;

export interface SatelliteTracks {
  /** Satellites, BDS first. */
  readonly sats: readonly SatId[];
  /** Systems present among `sats`, BDS first. */
  readonly systems: readonly PositioningSystem[];
  /** Per satellite: index of its system in `systems`. */
  readonly sysIndex: Uint8Array;
  /** Per satellite: orbit class. */
  readonly kinds: readonly OrbitKind[];
  readonly epochs: readonly Instant[];
  /** ECEF position (m): index (epoch * sats.length + sat) * 3; NaN when the source gave no state. */
  readonly pos_m: Float64Array;
  /** Per satellite: epochs with a position. */
  readonly positioned: Uint32Array;
}

/** `span_s / step_s` epochs from `start` (the end of the span is not included). */
export function coverageEpochs(start: Instant, span_s: number, step_s: number): Instant[] {
  const n = Math.max(1, Math.floor(span_s / step_s + 1e-9));
  const out: Instant[] = [];
  for (let k = 0; k < n; k++) out.push(addSeconds(start, k * step_s));
  return out;
}

/** Positions of `sats` at `epochs` from any satellite source (broadcast store, precise orbits). */
export function satelliteTracks(
  source: SatelliteSource,
  sats: readonly SatId[],
  epochs: readonly Instant[],
  kindOf: (sat: SatId) => OrbitKind = () => "unknown",
): SatelliteTracks {
  const list = sats.filter((s) => isPositioningSystem(satSystem(s)));
  const systems = SYSTEMS_BDS_FIRST.filter((c) => list.some((s) => satSystem(s) === c));
  const ordered = systems.flatMap((c) => list.filter((s) => satSystem(s) === c));
  const nSat = ordered.length;
  const sysIndex = Uint8Array.from(ordered, (s) => systems.indexOf(satSystem(s) as PositioningSystem));
  const pos = new Float64Array(epochs.length * nSat * 3).fill(Number.NaN);
  const positioned = new Uint32Array(nSat);
  for (let k = 0; k < epochs.length; k++) {
    for (let s = 0; s < nSat; s++) {
      const st = source.state(ordered[s], epochs[k]);
      if (typeof st === "string") continue;
      const o = (k * nSat + s) * 3;
      pos[o] = st.pos[0];
      pos[o + 1] = st.pos[1];
      pos[o + 2] = st.pos[2];
      positioned[s]++;
    }
  }
  return {
    sats: ordered,
    systems,
    sysIndex,
    kinds: ordered.map(kindOf),
    epochs,
    pos_m: pos,
    positioned,
  };
}

/** An ephemeris store for coverage from navigation data: healthy records, widened validity windows. */
export function coverageStore(nav: NavigationData): EphemerisStore {
  const store = new EphemerisStore({
    maxDtoe_s: Object.fromEntries(SYSTEMS_BDS_FIRST.map((c) => [c, COVERAGE_MAX_DTOE_s])),
  });
  store.addNavigation(nav);
  return store;
}

/** Tracks from navigation data for the systems asked for (default: every positioning system present). */
export function navigationTracks(
  nav: NavigationData,
  epochs: readonly Instant[],
  systems?: readonly PositioningSystem[],
): SatelliteTracks {
  const store = coverageStore(nav);
  const sats = store.sats().filter((s) => {
    const c = satSystem(s);
    return isPositioningSystem(c) && (!systems || systems.includes(c));
  });
  return satelliteTracks(store, sats, epochs, (s) => store.orbitKind(s));
}

/** The systems that have a nominal constellation (src/sim). */
export type NominalSystem = "C" | "G";

/**
 * Tracks of the nominal BDS-3 (24 MEO + 3 IGSO + 3 GEO) and GPS (24 slots) constellations: a broadcast
 * record every hour (the nominal orbits are exact Kepler ellipses, so any record gives the same orbit).
 */
export function nominalTracks(
  epochs: readonly Instant[],
  systems: readonly NominalSystem[] = ["C", "G"],
): SatelliteTracks {
  const store = new EphemerisStore();
  const first = epochs[0];
  const last = epochs[epochs.length - 1];
  const records: KeplerEphemeris[] = [];
  for (let t = addSeconds(first, -3600); ; t = addSeconds(t, 3600)) {
    if (systems.includes("C")) records.push(...bds3Ephemerides(t));
    if (systems.includes("G")) records.push(...gpsEphemerides(t));
    if (t.sec + t.frac > last.sec + last.frac + 3600) break;
  }
  for (const r of records) store.addEphemeris(r);
  return satelliteTracks(store, store.sats(), epochs, (s) => store.orbitKind(s));
}
