// `beidou solve FILE...`: single-point positions from observation + navigation (+ SP3/clock) files of any kind.

import type { Command } from "commander";
import { BeidouError, formatIssue } from "../../core/errors.js";
import { EphemerisStore } from "../../orbits/ephemeris-store.js";
import { PreciseSource } from "../../orbits/precise.js";
import type { SatelliteSource } from "../../orbits/satellite-state.js";
import {
  DEFAULT_SPP_OPTIONS,
  type IonoMode,
  RTKLIB_SPP_OPTIONS,
  type SppOptions,
  type TropoMode,
} from "../../positioning/options.js";
import { SppSolver } from "../../positioning/spp.js";
import { isPositioningSystem, type PositioningSystem, SYSTEM_NAMES } from "../../signals/system.js";
import { loadInputs } from "../../streams/inputs.js";
import { posHeader } from "../../streams/sinks/pos.js";
import { diffSeconds } from "../../time/instant.js";
import { progressBar } from "../progress.js";
import { PROGRAM } from "../version.js";
import { parseSolutionOutput, SolutionWriter, solutionText } from "./solution-output.js";
import { type RtkCliOptions, runSolveRtk } from "./solve-rtk.js";

export interface SolveCliOptions {
  systems?: string;
  signals?: string;
  elevMask?: string;
  iono?: string;
  tropo?: string;
  preset?: string;
  format?: string;
  coords?: string;
  timeFormat?: string;
  out?: string;
  quiet?: boolean;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

export function parseSystems(text: string | undefined): PositioningSystem[] | undefined {
  if (!text) return undefined;
  const out: PositioningSystem[] = [];
  for (const s of text.split(",").map((x) => x.trim().toUpperCase())) {
    if (!isPositioningSystem(s)) throw bad(`--systems: unknown system '${s}' (use C,G,E,R,J)`);
    out.push(s);
  }
  return out;
}

/** `--signals C:2I+1P,G:1C` -> per-system preferred signal lists. */
function parseSignals(text: string, base: SppOptions["signals"]): SppOptions["signals"] {
  const out = { ...base };
  for (const part of text.split(",")) {
    const [sys, list] = part.split(":");
    const s = sys?.trim().toUpperCase();
    if (!s || !isPositioningSystem(s) || !list)
      throw bad(`--signals: expected SYS:BAND+ATTR[+...], got '${part}'`);
    out[s] = list.split("+").map((x) => x.trim().replace(/^[CL]/, ""));
  }
  return out;
}

export function solverOptions(o: SolveCliOptions): SppOptions {
  let opts: SppOptions = o.preset === "rtklib" ? RTKLIB_SPP_OPTIONS : DEFAULT_SPP_OPTIONS;
  if (o.preset && o.preset !== "rtklib" && o.preset !== "default")
    throw bad(`--preset: unknown preset '${o.preset}' (default|rtklib)`);
  const systems = parseSystems(o.systems);
  if (systems) opts = { ...opts, systems };
  if (o.signals) opts = { ...opts, signals: parseSignals(o.signals, opts.signals) };
  if (o.elevMask !== undefined) {
    const d = Number(o.elevMask);
    if (!Number.isFinite(d) || d < 0 || d >= 90)
      throw bad(`--elev-mask: expected degrees in [0, 90), got '${o.elevMask}'`);
    opts = { ...opts, elevMask_rad: (d * Math.PI) / 180 };
  }
  if (o.iono) {
    const modes: IonoMode[] = ["broadcast", "klobuchar-gps", "iono-free", "none"];
    if (!modes.includes(o.iono as IonoMode))
      throw bad(`--iono: expected one of ${modes.join("|")}, got '${o.iono}'`);
    opts = { ...opts, iono: o.iono as IonoMode };
  }
  if (o.tropo) {
    const modes: TropoMode[] = ["niell", "saastamoinen", "none"];
    if (!modes.includes(o.tropo as TropoMode))
      throw bad(`--tropo: expected one of ${modes.join("|")}, got '${o.tropo}'`);
    opts = { ...opts, tropo: o.tropo as TropoMode };
  }
  return opts;
}

export async function runSolve(files: string[], o: SolveCliOptions & RtkCliOptions): Promise<number> {
  if (o.mode && o.mode !== "single") return runSolveRtk(files, o);
  if (o.base || o.basePos || o.ar)
    throw bad("--base, --base-pos and --ar need --mode rtk-kinematic|rtk-static|dgnss");
  const output = parseSolutionOutput(o);
  const { format, coords, timeFormat } = output;
  const opts = solverOptions(o);
  if (files.length === 0) throw bad("no input files");

  // only the systems being solved are parsed from the observation files
  const inputs = await loadInputs(files, { obs: { systems: opts.systems } });
  for (const issue of inputs.issues.slice(0, 5)) process.stderr.write(`warning: ${formatIssue(issue)}\n`);
  if (inputs.issues.length > 5)
    process.stderr.write(
      `warning: ... ${inputs.issues.length - 5} more problems in navigation/product files\n`,
    );
  if (inputs.observations.length === 0) {
    const what = inputs.files.map((f) => `${f.path}: ${f.sniff.detail}`).join("; ");
    throw new BeidouError("no-observations", `no observation file among the inputs (${what})`);
  }
  const obs = inputs.observations[0];
  if (inputs.observations.length > 1) {
    process.stderr.write(
      `note: solving ${obs.path}; ${inputs.observations.length - 1} more observation file(s) ignored (single-point mode)\n`,
    );
  }
  const store = new EphemerisStore();
  store.addNavigation(inputs.navigation);
  if (inputs.navigation.ephemerides.length === 0 && inputs.orbits.length === 0) {
    throw new BeidouError(
      "no-navigation",
      "no navigation data: give a RINEX navigation file (or SP3) with the observations",
      { file: obs.path },
    );
  }
  const source: SatelliteSource =
    inputs.orbits.length > 0 ? new PreciseSource(inputs.orbits, inputs.clocks, { broadcast: store }) : store;
  const solver = new SppSolver(
    {
      source,
      iono: store.iono(),
      glonassChannels: obs.header.glonassChannels,
      approxPosition: obs.header.approxPosition,
    },
    opts,
  );

  const writer = new SolutionWriter(o.out, format);
  if (format === "pos") {
    writer.add(
      posHeader(
        {
          program: PROGRAM,
          inputs: files,
          start: obs.header.firstObs,
          end: obs.header.lastObs,
          mode: "Single",
          elevMask_deg: (opts.elevMask_rad * 180) / Math.PI,
          iono: opts.iono,
          tropo: opts.tropo,
          ephemeris: inputs.orbits.length > 0 ? "Precise" : "Broadcast",
          systems: opts.systems.map((s) => SYSTEM_NAMES[s]).join(" "),
        },
        coords,
        timeFormat,
      ),
    );
  }

  const first = obs.header.firstObs;
  const last = obs.header.lastObs;
  const interval = obs.header.interval_s;
  const expected = first && last && interval ? Math.round(diffSeconds(last, first) / interval) + 1 : 0;
  const bar = progressBar("solving", expected);
  let epochs = 0;
  let solved = 0;
  let noOrbit = 0;
  const failures = new Map<string, number>();
  const unusedSystems = ["S", "I"].filter((x) => obs.header.obsCodes.has(x as "S"));
  for await (const ep of obs.epochs) {
    epochs++;
    const s = solver.solve(ep);
    if (s.status === "none") {
      if (
        !s.satellites.some(
          (x) =>
            x.used ||
            ![
              "no-ephemeris",
              "outside-fit",
              "no-precise-orbit",
              "no-precise-clock",
              "system-disabled",
            ].includes(x.reason ?? ""),
        )
      )
        noOrbit++;
      const key = failureCategory(s.message);
      failures.set(key, (failures.get(key) ?? 0) + 1);
      writer.add(solutionText(s, output));
      continue;
    }
    solved++;
    writer.add(solutionText(s, output));
    if ((epochs & 63) === 0) {
      bar.update(epochs);
      await writer.flush();
    }
  }
  bar.stop();
  await writer.end();

  if (epochs === 0)
    throw new BeidouError("no-observations", "no observation epochs could be read", { file: obs.path });
  if (solved === 0 && noOrbit === epochs) {
    throw new BeidouError(
      "no-navigation",
      "no satellite orbit covers the observation time: check that the navigation/SP3 files are for the same day",
      {
        file: obs.path,
      },
    );
  }
  const obsIssues = obs.issueCount();
  for (const issue of obs.issues.slice(0, 5)) process.stderr.write(`warning: ${formatIssue(issue)}\n`);
  if (obsIssues > 5) process.stderr.write(`warning: ... ${obsIssues - 5} more problems in ${obs.path}\n`);
  if (unusedSystems.length > 0 && !o.quiet) {
    const names = unusedSystems.map((x) => `${SYSTEM_NAMES[x as "S"]} (${x})`).join(" and ");
    process.stderr.write(`note: ${names} satellites are read but not used for positioning\n`);
  }
  if (!o.quiet) {
    const why = [...failures].map(([k, n]) => `${n} ${k}`).join("; ");
    process.stderr.write(
      `${obs.path}: ${solved} of ${epochs} epochs solved${why ? ` (unsolved: ${why})` : ""}${obsIssues ? `; ${obsIssues} bad record(s) skipped` : ""}\n`,
    );
  }
  return solved > 0 ? 0 : 2;
}

/** Group failure messages for the summary line. */
function failureCategory(message: string | undefined): string {
  if (!message) return "no solution";
  if (message.startsWith("only ")) return "too few usable satellites";
  if (message.startsWith("GDOP")) return "GDOP too high";
  if (message.startsWith("chi-square")) return "residual test failed";
  return message;
}

export function registerSolve(program: Command): void {
  program
    .command("solve")
    .description(
      "positions from observation, navigation, SP3 and clock files (any order, any compression): single-point, " +
        "or relative to a base (--mode rtk-kinematic|rtk-static|dgnss; first observation input = rover, second = base)",
    )
    .argument("<files...>", "input files")
    .option("--systems <list>", "systems to use, BDS first (C,G,E,R,J)")
    .option("--signals <list>", "first-frequency signals per system, e.g. C:2I+1P,G:1C")
    .option("--mode <mode>", "single (default)|rtk-kinematic|rtk-static|dgnss")
    .option("--base <file>", "base observation file (default: the second observation input)")
    .option(
      "--base-pos <pos>",
      "base position: X,Y,Z (m) | lat,lon,h (deg, m) | header | rtcm (default: header)",
    )
    .option("--ar <mode>", "ambiguity resolution: continuous (default)|instantaneous|fix-and-hold|off")
    .option("--ratio <r>", "ambiguity ratio-test threshold (default 3)")
    .option("--freqs <n>", "relative modes: use at most n frequencies per system (default: all)")
    .option("--elev-mask <deg>", "elevation mask (deg; default 10 single, 15 relative)")
    .option(
      "--iono <model>",
      "single: broadcast (default)|klobuchar-gps|iono-free|none; relative: auto (default)|off|estimate",
    )
    .option("--tropo <model>", "saastamoinen (default)|niell|none")
    .option("--preset <name>", "default|rtklib (RTKLIB rnx2rtkp single-mode settings)")
    .option("--format <fmt>", "pos|jsonl|nmea|csv", "pos")
    .option("--coords <c>", "llh|xyz (pos format)", "xyz")
    .option("--time-format <t>", "cal|tow (pos format)", "tow")
    .option("--out <file>", "output file (default: stdout)")
    .option("-q, --quiet", "no summary line")
    .action(async (files: string[], o: SolveCliOptions & RtkCliOptions) => {
      process.exitCode = await runSolve(files, o);
    });
}
