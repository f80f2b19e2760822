// A whole coverage run: satellites (navigation file or nominal constellations) -> positions per epoch ->
// visible count and PDOP per grid point for BDS alone, GPS alone and all systems -> per-country summary and
// global figures. Used by `beidou coverage` and by `beidou serve` (GET /api/coverage, via coverage-json.ts).

import { BeidouError } from "../core/errors.js";
import { classifyFile } from "../formats/load.js";
import type { NavigationData } from "../orbits/ephemeris.js";
import { type PositioningSystem, SYSTEM_NAMES } from "../signals/system.js";
import { loadInputs } from "../streams/inputs.js";
import { fromCalendar, type Instant, toCalendar, toScale, toSeconds } from "../time/instant.js";
import { type CountryShape, naturalEarthCountries } from "./country-polygons.js";
import {
  assignGridToCountries,
  type CountryAssignment,
  type CountrySummary,
  summarizeCountries,
} from "./country-summary.js";
import { areaMean, areaShare, type CoverageGrid, makeGrid } from "./coverage-grid.js";
import {
  coverageEpochs,
  type NominalSystem,
  navigationTracks,
  nominalTracks,
  type SatelliteTracks,
} from "./satellite-tracks.js";
import { type CoverageSetResult, type CoverageSetSpec, computeVisibilityPdop } from "./visibility-pdop.js";

export interface CoverageRunOptions {
  /** Navigation files (RINEX navigation, receiver logs with ephemerides). None: the nominal constellations. */
  readonly nav?: readonly string[];
  /** Navigation data already loaded (instead of files), with a label for the output. */
  readonly navigation?: { readonly data: NavigationData; readonly label: string };
  /** First epoch (default: 00:00 GPST of the navigation data's day; 2026-01-01 00:00 GPST for nominal). */
  readonly start?: Instant;
  /** Default 86400 s. */
  readonly span_s?: number;
  /** Default 300 s. */
  readonly step_s?: number;
  /** Default 2 deg. */
  readonly grid_deg?: number;
  /** Systems taken into account (default: all in the source, BDS first). */
  readonly systems?: readonly PositioningSystem[];
  /** Default 5 deg (the mask of the BDS Open Service Performance Standard's PDOP availability). */
  readonly elevMask_deg?: number;
  /** Default 6. */
  readonly pdopThreshold?: number;
  /** Share of the epochs for a country to qualify; default 0.99. */
  readonly requiredShare?: number;
}

export interface GlobalFigures {
  readonly set: string;
  /** Area-weighted mean over the Earth of the mean visible count. */
  readonly meanVisible: number;
  /** Area-weighted mean of the per-point mean PDOP (points with a solution only). */
  readonly meanPdop: number;
  /** Smallest visible count met anywhere at any epoch. */
  readonly minVisible: number;
  /** Share (0..1) of the Earth's surface with availability >= the required share. */
  readonly areaQualifying: number;
  readonly countriesQualifying: number;
}

export interface CoverageRun {
  readonly source: string;
  readonly start: Instant;
  readonly span_s: number;
  readonly step_s: number;
  readonly elevMask_deg: number;
  readonly pdopThreshold: number;
  readonly requiredShare: number;
  readonly grid: CoverageGrid;
  readonly tracks: SatelliteTracks;
  readonly sets: readonly CoverageSetResult[];
  readonly countries: readonly CountryShape[];
  readonly assignment: CountryAssignment;
  readonly summary: CountrySummary;
  readonly global: readonly GlobalFigures[];
  /** Wall time (ms) of each stage. */
  readonly timing_ms: { load: number; positions: number; grid: number; countries: number };
}

export const COVERAGE_DEFAULTS = {
  span_s: 86400,
  step_s: 300,
  grid_deg: 2,
  elevMask_deg: 5,
  pdopThreshold: 6,
  requiredShare: 0.99,
} as const;

const bad = (m: string) => new BeidouError("bad-argument", m);

/** 00:00 GPST of the day holding the median toe of the records. */
function navigationDay(nav: NavigationData): Instant | undefined {
  const toes = nav.ephemerides.map((e) => toSeconds(toScale(e.toe, "GPST"))).sort((a, b) => a - b);
  if (toes.length === 0) return undefined;
  const c = toCalendar({ scale: "GPST", sec: Math.floor(toes[toes.length >> 1]), frac: 0 });
  return fromCalendar("GPST", { year: c.year, month: c.month, day: c.day, hour: 0, minute: 0, second: 0 });
}

/** The sets: each of BDS and GPS alone when present, and all systems together when there are several. */
export function coverageSets(systems: readonly PositioningSystem[]): CoverageSetSpec[] {
  const sets: CoverageSetSpec[] = [];
  if (systems.includes("C")) sets.push({ name: "BDS", systems: ["C"] });
  if (systems.includes("G")) sets.push({ name: "GPS", systems: ["G"] });
  if (systems.length > 1) sets.push({ name: "all", systems: [...systems] });
  if (sets.length === 0 && systems.length === 1)
    sets.push({ name: SYSTEM_NAMES[systems[0]], systems: [...systems] });
  return sets;
}

export async function runCoverage(o: CoverageRunOptions = {}): Promise<CoverageRun> {
  const span_s = o.span_s ?? COVERAGE_DEFAULTS.span_s;
  const step_s = o.step_s ?? COVERAGE_DEFAULTS.step_s;
  const elevMask_deg = o.elevMask_deg ?? COVERAGE_DEFAULTS.elevMask_deg;
  const pdopThreshold = o.pdopThreshold ?? COVERAGE_DEFAULTS.pdopThreshold;
  const requiredShare = o.requiredShare ?? COVERAGE_DEFAULTS.requiredShare;
  if (!(step_s > 0)) throw bad(`--step: expected a positive duration, got ${step_s} s`);
  if (!(span_s >= step_s)) throw bad(`--span (${span_s} s) must be at least one --step (${step_s} s)`);
  if (span_s / step_s > 100_000)
    throw bad(`--span / --step gives ${Math.floor(span_s / step_s)} epochs (at most 100000)`);
  if (!(elevMask_deg >= 0 && elevMask_deg < 90))
    throw bad(`--elev-mask: expected [0, 90) deg, got ${elevMask_deg}`);
  if (!(pdopThreshold > 0)) throw bad(`--pdop: expected a positive threshold, got ${pdopThreshold}`);
  const grid = makeGrid(o.grid_deg ?? COVERAGE_DEFAULTS.grid_deg);

  const t0 = performance.now();
  let nav: NavigationData | undefined = o.navigation?.data;
  let source = o.navigation?.label ?? "";
  if (!nav && o.nav && o.nav.length > 0) {
    // classify first, so that an observation file is refused before it is opened for streaming
    for (const f of await Promise.all(o.nav.map(classifyFile))) {
      const k = f.kind;
      if (k !== "rinex-nav" && k !== "receiver-log")
        throw new BeidouError(
          k === "unknown" ? "unknown-format" : "bad-argument",
          `not a navigation file (${f.sniff.detail}): \`beidou coverage\` takes broadcast ephemerides`,
          { file: f.path },
        );
    }
    const inputs = await loadInputs(o.nav);
    if (inputs.navigationFiles.length === 0 || inputs.navigation.ephemerides.length === 0)
      throw new BeidouError("no-navigation", "no broadcast ephemeris in the input", { file: o.nav[0] });
    nav = inputs.navigation;
    source = `broadcast navigation ${inputs.navigationFiles.map((f) => f.path.split("/").pop()).join(", ")}`;
  }
  if (!nav) {
    const bad2 = o.systems?.find((s) => s !== "C" && s !== "G");
    if (bad2) throw bad(`--systems: the nominal constellations are BDS-3 (C) and GPS (G), got '${bad2}'`);
  }
  const start =
    o.start ??
    (nav ? navigationDay(nav) : undefined) ??
    fromCalendar("GPST", { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
  const epochs = coverageEpochs(start, span_s, step_s);
  const t1 = performance.now();
  let tracks: SatelliteTracks;
  if (nav) {
    tracks = navigationTracks(nav, epochs, o.systems);
  } else {
    const sys = (o.systems ?? ["C", "G"]) as NominalSystem[];
    tracks = nominalTracks(epochs, sys);
    source = `nominal constellation (${sys.map((s) => (s === "C" ? "BDS-3 24 MEO + 3 IGSO + 3 GEO" : "GPS 24 slots")).join(", ")})`;
  }
  let positioned = 0;
  for (const n of tracks.positioned) positioned += n;
  if (positioned === 0)
    throw new BeidouError(
      "no-navigation",
      `no satellite position in the span (the navigation data does not reach ${toCalendar(start).year}-${String(toCalendar(start).month).padStart(2, "0")}-${String(toCalendar(start).day).padStart(2, "0")}; give --time within 12 h of its records)`,
    );
  const t2 = performance.now();
  const specs = coverageSets(tracks.systems);
  const sets = computeVisibilityPdop(grid, tracks, specs, { elevMask_deg, pdopThreshold });
  const t3 = performance.now();
  const countries = naturalEarthCountries();
  const assignment = assignGridToCountries(grid, countries);
  const summary = summarizeCountries(grid, countries, assignment, sets, { pdopThreshold, requiredShare });
  const t4 = performance.now();

  const global = sets.map((s): GlobalFigures => {
    let minVisible = Number.POSITIVE_INFINITY;
    for (const v of s.minVisible) minVisible = Math.min(minVisible, v);
    return {
      set: s.name,
      meanVisible: areaMean(grid, s.meanVisible),
      meanPdop: areaMean(grid, s.meanPdop),
      minVisible,
      areaQualifying: areaShare(grid, s.availability, (a) => a >= requiredShare - 1e-9),
      countriesQualifying: summary.qualifying[s.name],
    };
  });
  return {
    source,
    start,
    span_s,
    step_s,
    elevMask_deg,
    pdopThreshold,
    requiredShare,
    grid,
    tracks,
    sets,
    countries,
    assignment,
    summary,
    global,
    timing_ms: { load: t1 - t0, positions: t2 - t1, grid: t3 - t2, countries: t4 - t3 },
  };
}
