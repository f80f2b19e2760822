// A coverage run as the dashboard's coverage page reads it (CoverageJson, GET /api/coverage), and the same
// object written by `beidou coverage --out FILE.json`.

import type { CoverageJson } from "../serve/live-protocol.js";
import { formatCalendar } from "../time/instant.js";
import { type CoverageRun, type CoverageRunOptions, runCoverage } from "./run-coverage.js";

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

export function toCoverageJson(run: CoverageRun): CoverageJson {
  const bds = run.sets.find((s) => s.name === "BDS");
  return {
    source: run.source,
    start: `${formatCalendar(run.start, 0)} GPST`,
    span_s: run.span_s,
    step_s: run.step_s,
    grid_deg: run.grid.grid_deg,
    elevMask_deg: run.elevMask_deg,
    pdopThreshold: run.pdopThreshold,
    lats_deg: Array.from(run.grid.lats_deg, r4),
    lons_deg: Array.from(run.grid.lons_deg, r4),
    sets: run.sets.map((s) => ({
      name: s.name,
      systems: [...s.systems],
      meanVisible: Array.from(s.meanVisible, r3),
      minVisible: Array.from(s.minVisible),
      meanPdop: Array.from(s.meanPdop, (v) => (Number.isNaN(v) ? null : r3(v))),
      availability: Array.from(s.availability, r4),
    })),
    countries: run.summary.countries.map((c) => ({
      name: c.name,
      iso: c.iso,
      availability: Object.fromEntries(Object.entries(c.availability).map(([k, v]) => [k, r4(v)])),
      bdsQualifies: bds ? c.qualifies.BDS === true : false,
    })),
    summary: {
      countries: run.summary.countries.length,
      bdsQualifying: bds ? run.summary.qualifying.BDS : 0,
      criterion: `BDS alone: ${run.summary.criterion}`,
    },
  };
}

/**
 * Run a coverage computation and return it as CoverageJson (for `beidou serve`, GET /api/coverage).
 * Defaults: the nominal BDS-3 + GPS constellations, 2026-01-01 00:00 GPST, 24 h every 5 min, 2 deg grid,
 * 5 deg mask, PDOP < 6 (about 2-4 s of CPU on one core).
 */
export async function coverageJson(opts: CoverageRunOptions = {}): Promise<CoverageJson> {
  return toCoverageJson(await runCoverage(opts));
}
