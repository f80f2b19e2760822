// Writes a simulation to disk: RINEX 3.05 observation and navigation files and a small truth JSON.
// Output is byte-for-byte reproducible: the header dates are the simulated start, not the wall clock.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeRinexNav } from "../formats/rinex/nav-writer.js";
import { writeRinexObsEpoch, writeRinexObsHeader } from "../formats/rinex/obs-writer.js";
import { formatCalendar, toScale } from "../time/instant.js";
import type { SimulationResult } from "./simulate.js";

export interface SimulationPaths {
  readonly obsPath: string;
  readonly navPath: string;
  readonly truthPath: string;
}

/** The simulated start as a JS Date (UTC), used as the files' creation date. */
function startDate(r: SimulationResult): Date {
  const u = toScale(r.options.start, "UTC");
  return new Date(Date.UTC(1980, 0, 6) + (u.sec + u.frac) * 1000);
}

/** RINEX observation text of a simulation (header and every epoch). */
export function simulationObsText(r: SimulationResult): string {
  const o = r.options;
  const parts: string[] = [
    writeRinexObsHeader({
      ...r.header,
      program: "beidou simulate",
      runBy: "beidou",
      date: startDate(r),
      signalStrengthUnit: "DBHZ",
      comments: [
        "SIMULATED DATA: nominal BDS-3 / GPS constellations",
        `seed ${o.seed}, code ${o.noise.code_m} m, phase ${o.noise.phase_cyc} cyc, mask ${o.elevMask_deg} deg`,
      ],
    }),
  ];
  for (const ep of r.epochs) parts.push(writeRinexObsEpoch(ep, r.header.obsCodes));
  return parts.join("");
}

/** RINEX navigation text of a simulation. */
export function simulationNavText(r: SimulationResult): string {
  return writeRinexNav(r.nav, {
    program: "beidou simulate",
    runBy: "beidou",
    date: startDate(r),
    comments: ["SIMULATED DATA: nominal BDS-3 / GPS constellations"],
  });
}

/** The truth file's content: position (ECEF and geodetic), receiver clock per epoch, options. */
export function simulationTruth(r: SimulationResult): object {
  const o = r.options;
  const c = r.truthClock;
  const ns = (v: number) => Math.round(v * 1e12) / 1e3;
  return {
    description: "beidou simulator truth: static antenna, receiver clock = receiver time - GPST",
    ecef_m: [...r.truth].map((v) => Math.round(v * 1e4) / 1e4),
    geodetic: {
      lat_deg: (r.truthGeodetic.lat_rad * 180) / Math.PI,
      lon_deg: (r.truthGeodetic.lon_rad * 180) / Math.PI,
      h_m: r.truthGeodetic.h_m,
      ellipsoid: "WGS84",
    },
    start_gpst: formatCalendar(o.start, 3),
    duration_s: o.duration_s,
    interval_s: o.interval_s,
    epochs: r.epochs.length,
    systems: o.systems,
    seed: o.seed,
    noise: o.noise,
    elevMask_deg: o.elevMask_deg,
    clock: {
      drift_sps: c.drift_sps,
      systemBias_ns: { C: ns(c.systemBias_s.C), G: ns(c.systemBias_s.G) },
      randomWalk_ns_per_sqrt_s: ns(c.randomWalk_sprts),
      bias_ns: Array.from(c.bias_s, ns),
    },
  };
}

/** Write `<dir>/<baseName>.obs`, `.nav` and `.truth.json`; creates `dir` if needed. */
export function writeSimulation(r: SimulationResult, dir: string, baseName: string): SimulationPaths {
  mkdirSync(dir, { recursive: true });
  const obsPath = join(dir, `${baseName}.obs`);
  const navPath = join(dir, `${baseName}.nav`);
  const truthPath = join(dir, `${baseName}.truth.json`);
  writeFileSync(obsPath, simulationObsText(r));
  writeFileSync(navPath, simulationNavText(r));
  writeFileSync(truthPath, `${JSON.stringify(simulationTruth(r), null, 2)}\n`);
  return { obsPath, navPath, truthPath };
}
