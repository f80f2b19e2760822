// `beidou simulate --out-dir DIR`: a static receiver observing the nominal BDS-3 (and GPS) constellations,
// written as RINEX 3.05 observation and navigation files plus a truth JSON (position and receiver clock),
// ready for `beidou solve`. Deterministic in --seed.

import type { Command } from "commander";
import { BeidouError } from "../../core/errors.js";
import { DEG, enu } from "../../frames/vectors.js";
import { SYSTEM_NAMES } from "../../signals/system.js";
import { simulateRtkPair } from "../../sim/rtk-pair.js";
import { type SimSystem, simulate } from "../../sim/simulate.js";
import type { RoverTrajectory } from "../../sim/trajectory.js";
import { writeRtkPair } from "../../sim/write-rtk-pair.js";
import { writeSimulation } from "../../sim/write-simulation.js";
import { formatCalendar } from "../../time/instant.js";
import { addReceiverOptions, numberOption, parseStart } from "./receiver-options.js";

export interface SimulateCliOptions {
  outDir?: string;
  name?: string;
  lat?: string;
  lon?: string;
  height?: string;
  start?: string;
  duration?: string;
  interval?: string;
  systems?: string;
  seed?: string;
  elevMask?: string;
  rtk?: boolean;
  rover?: string;
  slipsPerHour?: string;
  ionoGradient?: string;
}

/** `static:E,N,U` | `line:HEADING_DEG,SPEED_MPS` | `circle:RADIUS_M,SPEED_MPS` (offsets from the base, m). */
export function parseRover(text: string): RoverTrajectory {
  const [kind, rest = ""] = text.split(":");
  const p = rest.split(",").map((v) => Number(v.trim()));
  const ok = (n: number) => p.length === n && p.every(Number.isFinite);
  if (kind === "static" && ok(3)) return { kind: "static", offset: enu(p[0], p[1], p[2]) };
  if (kind === "line" && ok(2))
    return { kind: "line", start: enu(0, 0, 0), heading_deg: p[0], speed_mps: p[1] };
  if (kind === "circle" && ok(2) && p[0] > 0)
    return { kind: "circle", centre: enu(0, 0, 0), radius_m: p[0], speed_mps: p[1] };
  throw bad(
    `--rover: expected static:E,N,U | line:HEADING_DEG,SPEED_MPS | circle:RADIUS_M,SPEED_MPS, got '${text}'`,
  );
}

const bad = (message: string) => new BeidouError("bad-argument", message);

function simSystems(text: string | undefined): SimSystem[] {
  const out: SimSystem[] = [];
  for (const s of (text ?? "C,G").split(",").map((x) => x.trim().toUpperCase())) {
    if (s !== "C" && s !== "G")
      throw bad(`--systems: the simulator has the BDS-3 (C) and GPS (G) constellations, got '${s}'`);
    if (!out.includes(s)) out.push(s);
  }
  if (out.length === 0) throw bad("--systems: give C, G or C,G");
  return out;
}

export async function runSimulate(o: SimulateCliOptions): Promise<number> {
  if (!o.outDir) throw bad("--out-dir is required");
  const name = o.name ?? "sim";
  if (!/^[\w.-]+$/.test(name))
    throw bad(`--name: expected a file base name (letters, digits, . _ -), got '${name}'`);
  const lat = numberOption(o.lat, 30.75, "--lat", -90, 90);
  const lon = numberOption(o.lon, 120.49, "--lon", -180, 360);
  const h = numberOption(o.height, 10, "--height", -1000, 100000);
  const duration_s = numberOption(o.duration, 3600, "--duration", 0, 7 * 86400);
  const interval_s = numberOption(o.interval, 30, "--interval", 0.01, 86400);
  const seed = numberOption(o.seed, 1, "--seed", 0, 2 ** 31);
  if (!Number.isInteger(seed)) throw bad(`--seed: expected an integer, got '${o.seed}'`);
  const elevMask_deg = numberOption(o.elevMask, 5, "--elev-mask", 0, 89);
  const systems = simSystems(o.systems);
  const start = parseStart(o.start);

  if (o.rtk) {
    const rover = parseRover(o.rover ?? "circle:50,5");
    const perSatHour = numberOption(o.slipsPerHour, 0, "--slips-per-hour", 0, 3600);
    const gradient = numberOption(o.ionoGradient, 0, "--iono-gradient", 0, 1000);
    const pair = simulateRtkPair({
      base: { lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h },
      rover,
      start,
      duration_s,
      interval_s,
      systems,
      seed,
      elevMask_deg,
      ionoGradient_mm_per_km: gradient,
      randomSlips: perSatHour > 0 ? { perSatHour, receivers: ["rover", "base"] } : undefined,
    });
    const paths = writeRtkPair(pair, o.outDir, name);
    const b = pair.baseTruth;
    const lines = [
      `simulated a base and a rover (${o.rover ?? "circle:50,5"}): ${pair.rover.epochs.length} epochs every ${interval_s} s, ${systems.map((s) => SYSTEM_NAMES[s]).join(" + ")}, ${pair.slips.length} slip(s) applied, seed ${seed}`,
      `  rover:  ${paths.roverPath}`,
      `  base:   ${paths.basePath}`,
      `  nav:    ${paths.navPath}`,
      `  truth:  ${paths.truthPath} (base position, rover position per epoch, slips)`,
      `  solve it: beidou solve ${paths.roverPath} ${paths.basePath} ${paths.navPath} --mode rtk-kinematic --base-pos ${b.map((v) => v.toFixed(4)).join(",")}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  }
  const sim = simulate({
    rx: { lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h },
    start,
    duration_s,
    interval_s,
    systems,
    seed,
    elevMask_deg,
  });
  const paths = writeSimulation(sim, o.outDir, name);
  const [x, y, z] = sim.truth;
  const g = sim.truthGeodetic;
  const sats = new Set<string>();
  for (const ep of sim.epochs) for (const s of ep.sats) sats.add(s);
  const perSys = systems
    .map((s) => `${SYSTEM_NAMES[s]} ${[...sats].filter((v) => v[0] === s).length}`)
    .join(", ");
  const lines = [
    `simulated ${sim.epochs.length} epochs from ${formatCalendar(sim.options.start, 0)} GPST every ${interval_s} s (${systems.map((s) => SYSTEM_NAMES[s]).join(" + ")}; satellites seen: ${perSys}; seed ${seed})`,
    `  observations: ${paths.obsPath}`,
    `  navigation:   ${paths.navPath}`,
    `  truth:        ${paths.truthPath}`,
    `  true position: ${(g.lat_rad / DEG).toFixed(9)} ${(g.lon_rad / DEG).toFixed(9)} ${g.h_m.toFixed(4)} m (WGS84) = X ${x.toFixed(4)} Y ${y.toFixed(4)} Z ${z.toFixed(4)} m`,
    `  solve it: beidou solve ${paths.obsPath} ${paths.navPath}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

export function registerSimulate(program: Command): void {
  addReceiverOptions(program.command("simulate"))
    .description(
      "simulate a static receiver (or with --rtk a base and a moving rover; nominal BDS-3 + GPS) and write RINEX observation/navigation files and the truth",
    )
    .option(
      "--out-dir <dir>",
      "folder for <name>.obs, <name>.nav, <name>.truth.json (required; created if needed)",
    )
    .option("--name <base>", "file base name", "sim")
    .option("--systems <list>", "C (BDS-3), G (GPS) or C,G", "C,G")
    .option("--elev-mask <deg>", "satellites below this elevation are not written", "5")
    .option("--rtk", "a base (at --lat/--lon/--height) and a rover, with carrier-phase ambiguities, for RTK")
    .option(
      "--rover <path>",
      "with --rtk: static:E,N,U | line:HEADING_DEG,SPEED_MPS | circle:RADIUS_M,SPEED_MPS",
      "circle:50,5",
    )
    .option(
      "--slips-per-hour <n>",
      "with --rtk: random cycle slips per satellite and hour, on both receivers",
      "0",
    )
    .option(
      "--iono-gradient <mm/km>",
      "with --rtk: rover ionosphere beyond the base's, per km of baseline",
      "0",
    )
    .action(async (o: SimulateCliOptions) => {
      process.exitCode = await runSimulate(o);
    });
}
