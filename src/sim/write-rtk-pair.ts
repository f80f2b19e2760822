// Writes a simulated base/rover pair to disk: two RINEX 3.05 observation files, one RINEX 3.05 navigation
// file and a truth JSON (base position, rover position per epoch, clocks, slips as applied, options), so
// that CLI tests can run `beidou solve <rover> <base> <nav> --mode rtk-kinematic` against a known truth.
// Output is byte-for-byte reproducible: header dates are the simulated start, not the wall clock.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeRinexNav } from "../formats/rinex/nav-writer.js";
import { writeRinexObsEpoch, writeRinexObsHeader } from "../formats/rinex/obs-writer.js";
import { formatCalendar, toScale } from "../time/instant.js";
import type { RtkPairResult, RtkReceiver } from "./rtk-pair.js";

export interface RtkPairPaths {
  readonly roverPath: string;
  readonly basePath: string;
  readonly navPath: string;
  readonly truthPath: string;
}

/** The simulated start as a JS Date (UTC), used as the files' creation date. */
function startDate(r: RtkPairResult): Date {
  const u = toScale(r.options.start, "UTC");
  return new Date(Date.UTC(1980, 0, 6) + (u.sec + u.frac) * 1000);
}

const mm = (v: number) => Math.round(v * 1e4) / 1e4;

/** RINEX observation text of one receiver of the pair (header and every epoch). */
export function rtkPairObsText(r: RtkPairResult, receiver: RtkReceiver): string {
  const o = r.options;
  const obs = r[receiver];
  const parts: string[] = [
    writeRinexObsHeader({
      ...obs.header,
      program: "beidou simulate",
      runBy: "beidou",
      date: startDate(r),
      signalStrengthUnit: "DBHZ",
      comments: [
        `SIMULATED DATA: RTK ${receiver}, nominal BDS-3/GPS`,
        `seed ${o.seed}, code ${o.noise.code_m} m, phase ${o.noise.phase_cyc} cyc (zenith, ${o.noiseModel})`,
        `mask ${o.elevMask_deg} deg${receiver === "rover" ? `, trajectory: ${o.rover.kind}` : ""}`,
      ],
    }),
  ];
  for (const ep of obs.epochs) parts.push(writeRinexObsEpoch(ep, obs.header.obsCodes));
  return parts.join("");
}

/** RINEX navigation text of the pair (one set of broadcast records for both receivers). */
export function rtkPairNavText(r: RtkPairResult): string {
  return writeRinexNav(r.nav, {
    program: "beidou simulate",
    runBy: "beidou",
    date: startDate(r),
    comments: ["SIMULATED DATA: nominal BDS-3 / GPS constellations"],
  });
}

/** The truth file's content. Positions in m (0.1 mm), clocks in ns. */
export function rtkPairTruth(r: RtkPairResult): object {
  const o = r.options;
  const ns = (v: number) => Math.round(v * 1e12) / 1e3;
  const clock = (c: RtkPairResult["base"]["clock"]) => ({
    drift_sps: c.drift_sps,
    systemBias_ns: { C: ns(c.systemBias_s.C), G: ns(c.systemBias_s.G) },
    bias_ns: Array.from(c.bias_s, ns),
  });
  return {
    description:
      "beidou RTK pair simulator truth: static base; rover antenna at each epoch's true reception instant; " +
      "clock = receiver time - GPST",
    base: {
      ecef_m: [...r.baseTruth].map(mm),
      geodetic: {
        lat_deg: (r.baseTruthGeodetic.lat_rad * 180) / Math.PI,
        lon_deg: (r.baseTruthGeodetic.lon_rad * 180) / Math.PI,
        h_m: r.baseTruthGeodetic.h_m,
        ellipsoid: "WGS84",
      },
    },
    rover: r.rover.epochs.map((ep, k) => ({
      gpst: formatCalendar(ep.time, 3),
      ecef_m: [...r.roverTruth[k]].map(mm),
      enu_m: [...r.roverTruthEnu[k]].map(mm),
    })),
    trajectory: o.rover.kind,
    start_gpst: formatCalendar(o.start, 3),
    duration_s: o.duration_s,
    interval_s: o.interval_s,
    epochs: r.rover.epochs.length,
    systems: o.systems,
    seed: o.seed,
    noise: o.noise,
    noiseModel: o.noiseModel,
    elevMask_deg: o.elevMask_deg,
    ionoGradient_mm_per_km: o.ionoGradient_mm_per_km,
    clocks: { base: clock(r.base.clock), rover: clock(r.rover.clock), shared: o.clocks === "shared" },
    slips: r.slips,
    slipsSkipped: r.slipsSkipped.map((s) => ({ ...s.slip, reason: s.reason })),
    gaps: o.gaps,
  };
}

/**
 * Write `<dir>/<name>-rover.obs`, `<name>-base.obs`, `<name>.nav` and `<name>.truth.json`; creates `dir`
 * if needed.
 */
export function writeRtkPair(r: RtkPairResult, dir: string, name = "sim"): RtkPairPaths {
  mkdirSync(dir, { recursive: true });
  const roverPath = join(dir, `${name}-rover.obs`);
  const basePath = join(dir, `${name}-base.obs`);
  const navPath = join(dir, `${name}.nav`);
  const truthPath = join(dir, `${name}.truth.json`);
  writeFileSync(roverPath, rtkPairObsText(r, "rover"));
  writeFileSync(basePath, rtkPairObsText(r, "base"));
  writeFileSync(navPath, rtkPairNavText(r));
  writeFileSync(truthPath, `${JSON.stringify(rtkPairTruth(r), null, 2)}\n`);
  return { roverPath, basePath, navPath, truthPath };
}
