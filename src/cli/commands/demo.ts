// `beidou demo` (the terminal version of the dashboard that `npm start` opens): simulate a receiver in Wuzhen, China, from the nominal BDS-3 and GPS
// constellations, write it as RINEX text, read it back with the real readers, solve it with the real engine,
// and print satellites per system, DOP and the error against the truth. No data, no network.

import type { Command } from "commander";
import { parseRinexNav } from "../../formats/rinex/nav.js";
import { RinexObsDecoder } from "../../formats/rinex/obs-decoder.js";
import { ecefToEnu } from "../../frames/geodetic.js";
import { DEG } from "../../frames/vectors.js";
import { EphemerisStore } from "../../orbits/ephemeris-store.js";
import { SppSolver } from "../../positioning/spp.js";
import { SYSTEM_NAMES, satSystem } from "../../signals/system.js";
import { simulate } from "../../sim/simulate.js";
import { simulationNavText, simulationObsText } from "../../sim/write-simulation.js";
import { formatCalendar } from "../../time/instant.js";
import { addReceiverOptions, numberOption, parseStart } from "./receiver-options.js";

export interface DemoOptions {
  lat?: string;
  lon?: string;
  height?: string;
  start?: string;
  duration?: string;
  interval?: string;
  seed?: string;
}

export async function runDemo(o: DemoOptions): Promise<void> {
  const lat = numberOption(o.lat, 30.75, "--lat", -90, 90);
  const lon = numberOption(o.lon, 120.49, "--lon", -180, 360);
  const h = numberOption(o.height, 10, "--height", -500, 100000);
  const start = parseStart(o.start);
  const duration_s = numberOption(o.duration, 3600, "--duration", 1, 7 * 86400);
  const interval_s = numberOption(o.interval, 30, "--interval", 0.1, 3600);
  const t0 = performance.now();
  const sim = simulate({
    rx: { lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h },
    start,
    duration_s,
    interval_s,
    systems: ["C", "G"],
    seed: numberOption(o.seed, 1, "--seed", 0, 2 ** 32),
  });
  // Round trip through the RINEX text, so the demo exercises the same readers a user's files go through.
  const nav = parseRinexNav(simulationNavText(sim), "simulated.nav");
  const decoder = new RinexObsDecoder({ file: "simulated.obs" });
  const epochs = simulationObsText(sim)
    .split("\n")
    .flatMap((line) => decoder.push(line));
  epochs.push(...decoder.finish());
  const store = new EphemerisStore();
  store.addNavigation(nav.data);

  const out: string[] = [];
  out.push(`beidou demo: simulated receiver at ${lat.toFixed(2)} N, ${lon.toFixed(2)} E, ${h} m`);
  out.push(
    `  ${epochs.length} epochs from ${formatCalendar(start, 0)} GPST, every ${interval_s} s (nominal BDS-3 + GPS constellations, modelled ionosphere, troposphere, clocks, noise)`,
  );
  for (const [label, systems] of [
    ["BDS only", ["C"]],
    ["GPS only", ["G"]],
    ["BDS + GPS", ["C", "G"]],
  ] as const) {
    const solver = new SppSolver(
      { source: store, iono: store.iono() },
      { systems: [...systems], tropo: "saastamoinen" },
    );
    const err: number[][] = [];
    const perSys = new Map<string, number>();
    let kinds = { GEO: 0, IGSO: 0, MEO: 0 };
    let pdop = 0;
    let hdop = 0;
    let vdop = 0;
    for (const ep of epochs) {
      const s = solver.solve(ep);
      if (s.status === "none") continue;
      err.push([...ecefToEnu(s.pos, sim.truth)]);
      pdop += s.dop.pdop;
      hdop += s.dop.hdop;
      vdop += s.dop.vdop;
      const used = s.satellites.filter((x) => x.used);
      for (const x of used) perSys.set(satSystem(x.sat), (perSys.get(satSystem(x.sat)) ?? 0) + 1);
      const k = { GEO: 0, IGSO: 0, MEO: 0 };
      for (const x of used)
        if (satSystem(x.sat) === "C" && (x.kind === "GEO" || x.kind === "IGSO" || x.kind === "MEO"))
          k[x.kind]++;
      kinds = { GEO: kinds.GEO + k.GEO, IGSO: kinds.IGSO + k.IGSO, MEO: kinds.MEO + k.MEO };
    }
    const n = err.length;
    if (n === 0) {
      out.push(`  ${label}: no solution`);
      continue;
    }
    const rms = (i: number) => Math.sqrt(err.reduce((a, e) => a + e[i] * e[i], 0) / n);
    const sats = [...perSys].map(([s, c]) => `${SYSTEM_NAMES[s as "C"]} ${(c / n).toFixed(1)}`).join(", ");
    const bds = systems.includes("C" as never)
      ? ` (GEO ${(kinds.GEO / n).toFixed(1)}, IGSO ${(kinds.IGSO / n).toFixed(1)}, MEO ${(kinds.MEO / n).toFixed(1)})`
      : "";
    out.push(
      `  ${label.padEnd(9)}: ${n}/${epochs.length} epochs solved; satellites used per epoch: ${sats}${bds}`,
    );
    out.push(
      `             mean PDOP ${(pdop / n).toFixed(2)}, HDOP ${(hdop / n).toFixed(2)}, VDOP ${(vdop / n).toFixed(2)}; error vs truth RMS E/N/U ${rms(0).toFixed(2)}/${rms(1).toFixed(2)}/${rms(2).toFixed(2)} m, horizontal ${Math.hypot(rms(0), rms(1)).toFixed(2)} m`,
    );
  }
  out.push(
    `  (${(performance.now() - t0).toFixed(0)} ms; \`beidou simulate --out-dir DIR\` writes the RINEX files, \`beidou solve\` solves real ones)`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

export function registerDemo(program: Command): void {
  addReceiverOptions(program.command("demo"))
    .description(
      "simulate a receiver (default Wuzhen, China), solve it with the real engine, print the result",
    )
    .action(async (o: DemoOptions) => runDemo(o));
}
