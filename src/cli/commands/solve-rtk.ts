// `beidou solve ROVER BASE NAV... --mode rtk-kinematic|rtk-static|dgnss`: relative positioning of the first
// observation input (rover) against the second (or --base FILE), post-processed.

import { BeidouError, formatIssue } from "../../core/errors.js";
import type { ObsFile } from "../../formats/text/read-obs-file.js";
import { geodeticToEcef } from "../../frames/geodetic.js";
import { type Ecef, ecef } from "../../frames/vectors.js";
import { EphemerisStore } from "../../orbits/ephemeris-store.js";
import { PreciseSource } from "../../orbits/precise.js";
import type { SatelliteSource } from "../../orbits/satellite-state.js";
import { pairEpochs } from "../../positioning/rtk/pair-epochs.js";
import { RtkSolver } from "../../positioning/rtk/rtk.js";
import {
  type ArMode,
  DEFAULT_RTK_OPTIONS,
  RTKLIB_RTK_OPTIONS,
  type RtkIonoMode,
  type RtkMode,
  type RtkOptions,
} from "../../positioning/rtk/rtk-options.js";
import { SppSolver } from "../../positioning/spp.js";
import { SYSTEM_NAMES } from "../../signals/system.js";
import { loadInputs } from "../../streams/inputs.js";
import { posHeader } from "../../streams/sinks/pos.js";
import { diffSeconds } from "../../time/instant.js";
import { progressBar } from "../progress.js";
import { PROGRAM } from "../version.js";
import { parseSolutionOutput, SolutionWriter, solutionText } from "./solution-output.js";
import { parseSystems, type SolveCliOptions, solverOptions } from "./solve.js";

export interface RtkCliOptions extends SolveCliOptions {
  mode?: string;
  base?: string;
  basePos?: string;
  ar?: string;
  ratio?: string;
  freqs?: string;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

export const RTK_MODES: readonly RtkMode[] = ["rtk-kinematic", "rtk-static", "dgnss"];
const AR_MODES: readonly ArMode[] = ["continuous", "instantaneous", "fix-and-hold", "off"];

/** `X,Y,Z` (ECEF m), `lat,lon,h` (deg, deg, m), or null for header/rtcm. */
export function parseBasePosition(text: string): Ecef | "header" {
  if (text === "header" || text === "rtcm") return "header";
  const p = text.split(",").map((s) => Number(s.trim()));
  if (p.length !== 3 || p.some((v) => !Number.isFinite(v)))
    throw bad(`--base-pos: expected X,Y,Z or lat,lon,h or header|rtcm, got '${text}'`);
  if (Math.abs(p[0]) <= 90 && Math.abs(p[1]) <= 360 && Math.abs(p[2]) < 1e5)
    return geodeticToEcef({ lat_rad: (p[0] * Math.PI) / 180, lon_rad: (p[1] * Math.PI) / 180, h_m: p[2] });
  if (Math.hypot(p[0], p[1], p[2]) < 6.0e6)
    throw bad(`--base-pos: '${text}' is neither an ECEF position nor latitude,longitude,height`);
  return ecef(p[0], p[1], p[2]);
}

export function rtkOptions(o: RtkCliOptions): RtkOptions {
  const mode = o.mode as RtkMode;
  if (!RTK_MODES.includes(mode)) throw bad(`--mode: expected single|${RTK_MODES.join("|")}, got '${o.mode}'`);
  let opts: RtkOptions = o.preset === "rtklib" ? RTKLIB_RTK_OPTIONS : DEFAULT_RTK_OPTIONS;
  opts = { ...opts, mode };
  const systems = parseSystems(o.systems);
  if (systems) opts = { ...opts, systems };
  if (o.ar) {
    if (!AR_MODES.includes(o.ar as ArMode)) throw bad(`--ar: expected ${AR_MODES.join("|")}, got '${o.ar}'`);
    opts = { ...opts, ar: o.ar as ArMode };
  }
  if (o.elevMask !== undefined) {
    const d = Number(o.elevMask);
    if (!Number.isFinite(d) || d < 0 || d >= 90)
      throw bad(`--elev-mask: expected degrees in [0, 90), got '${o.elevMask}'`);
    opts = { ...opts, elevMask_rad: (d * Math.PI) / 180 };
  }
  if (o.iono !== undefined) {
    const modes: RtkIonoMode[] = ["auto", "off", "estimate"];
    if (!modes.includes(o.iono as RtkIonoMode))
      throw bad(`--iono: relative modes take auto|off|estimate, got '${o.iono}'`);
    opts = { ...opts, iono: o.iono as RtkIonoMode };
  }
  if (o.ratio !== undefined) {
    const r = Number(o.ratio);
    if (!(r >= 1)) throw bad(`--ratio: expected a number >= 1, got '${o.ratio}'`);
    opts = { ...opts, ratioThreshold: r };
  }
  if (o.freqs !== undefined) {
    const f = Number(o.freqs);
    if (!Number.isInteger(f) || f < 1 || f > 5) throw bad(`--freqs: expected 1..5, got '${o.freqs}'`);
    opts = { ...opts, maxFrequencies: f };
  }
  return opts;
}

export async function runSolveRtk(files: string[], o: RtkCliOptions): Promise<number> {
  const output = parseSolutionOutput(o);
  const { format, coords, timeFormat } = output;
  const opts = rtkOptions(o);
  const sppOpts = { ...solverOptions({ ...o, elevMask: undefined, iono: undefined }), systems: opts.systems };
  const all = o.base ? [...files, o.base] : files;
  const inputs = await loadInputs(all, { obs: { systems: opts.systems } });
  for (const issue of inputs.issues.slice(0, 5)) process.stderr.write(`warning: ${formatIssue(issue)}\n`);
  if (inputs.observations.length < 2) {
    throw new BeidouError(
      "no-observations",
      `relative positioning needs two observation inputs, rover then base (or --base FILE); got ${inputs.observations.length}`,
    );
  }
  const rover = inputs.observations[0];
  const base: ObsFile = o.base
    ? (inputs.observations.find((f) => f.path === o.base) ?? inputs.observations[1])
    : inputs.observations[1];
  const store = new EphemerisStore();
  store.addNavigation(inputs.navigation);
  if (inputs.navigation.ephemerides.length === 0 && inputs.orbits.length === 0)
    throw new BeidouError("no-navigation", "no navigation data: give a RINEX navigation file (or SP3)", {
      file: rover.path,
    });
  const source: SatelliteSource =
    inputs.orbits.length > 0 ? new PreciseSource(inputs.orbits, inputs.clocks, { broadcast: store }) : store;

  let basePos: Ecef | "header" = o.basePos ? parseBasePosition(o.basePos) : "header";
  if (basePos === "header") {
    const h = base.header.approxPosition;
    if (!h || Math.hypot(h[0], h[1], h[2]) < 6.0e6)
      throw new BeidouError(
        "bad-argument",
        "the base file gives no position (APPROX POSITION XYZ / RTCM 1005-1006): give --base-pos X,Y,Z or lat,lon,h",
        { file: base.path },
      );
    basePos = h;
  }
  const spp = new SppSolver(
    {
      source,
      iono: store.iono(),
      glonassChannels: rover.header.glonassChannels,
      approxPosition: rover.header.approxPosition,
    },
    sppOpts,
  );
  const glonassChannels = new Map([...base.header.glonassChannels, ...rover.header.glonassChannels]);
  const solver = new RtkSolver({ source, basePosition: basePos, spp, glonassChannels }, opts);

  const writer = new SolutionWriter(o.out, format);
  const modeName = { "rtk-kinematic": "Kinematic", "rtk-static": "Static", dgnss: "DGPS" }[opts.mode];
  if (format === "pos") {
    writer.add(
      posHeader(
        {
          program: PROGRAM,
          inputs: all,
          start: rover.header.firstObs,
          end: rover.header.lastObs,
          mode: `${modeName}, ambiguity resolution ${opts.ar}, ratio ${opts.ratioThreshold}`,
          elevMask_deg: (opts.elevMask_rad * 180) / Math.PI,
          iono: `double-difference ionosphere ${opts.iono}`,
          tropo: "saastamoinen",
          ephemeris: inputs.orbits.length > 0 ? "Precise" : "Broadcast",
          systems: opts.systems.map((s) => SYSTEM_NAMES[s]).join(" "),
        },
        coords,
        timeFormat,
      ),
    );
    writer.add(`% ref pos   : ${basePos.map((v) => v.toFixed(4)).join(" ")}\n`);
  }

  const first = rover.header.firstObs;
  const last = rover.header.lastObs;
  const interval = rover.header.interval_s;
  const expected = first && last && interval ? Math.round(diffSeconds(last, first) / interval) + 1 : 0;
  const bar = progressBar("solving", expected);
  const counts = { fixed: 0, float: 0, dgnss: 0, single: 0, none: 0 };
  let epochs = 0;
  for await (const { rover: r, base: b } of pairEpochs(rover.epochs, base.epochs)) {
    epochs++;
    const s = solver.solve(r, b);
    counts[s.status]++;
    writer.add(solutionText(s, output));
    if ((epochs & 63) === 0) {
      bar.update(epochs);
      await writer.flush();
    }
  }
  bar.stop();
  await writer.end();
  for (const f of [rover, base]) {
    for (const issue of f.issues.slice(0, 5)) process.stderr.write(`warning: ${formatIssue(issue)}\n`);
  }
  if (epochs === 0)
    throw new BeidouError("no-observations", "no rover epochs could be read", { file: rover.path });
  if (!o.quiet) {
    const parts = (["fixed", "float", "dgnss", "single", "none"] as const)
      .filter((k) => counts[k] > 0)
      .map((k) => `${counts[k]} ${k === "none" ? "unsolved" : k}`);
    process.stderr.write(`${rover.path}: ${epochs} epochs against ${base.path}: ${parts.join(", ")}\n`);
  }
  return epochs - counts.none > 0 ? 0 : 2;
}
