// `beidou orbit NAV SP3`: broadcast minus precise orbit per satellite (radial / along-track / cross-track and
// 3D RMS, m), BDS by default. Files in any order, recognised by content. See orbits/orbit-comparison.ts for
// the frame, the age window around toe, and why metre-level differences (antenna phase centre vs centre of
// mass) are expected.

import type { Command } from "commander";
import { BeidouError, formatIssue } from "../../core/errors.js";
import { classifyFile } from "../../formats/load.js";
import { EphemerisStore } from "../../orbits/ephemeris-store.js";
import { compareBroadcastToPrecise, type OrbitComparisonRow } from "../../orbits/orbit-comparison.js";
import { compareSats, type SatId, SYSTEM_NAMES, satSystem } from "../../signals/system.js";
import { loadInputs } from "../../streams/inputs.js";
import { parseSystems } from "./solve.js";

export interface OrbitCliOptions {
  systems?: string;
  format?: string;
  maxAge?: string;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

/** The JSON `beidou orbit --format json` prints. */
export interface OrbitReport {
  navigation_files: string[];
  sp3_file: string;
  sp3_agency: string;
  /** Systems compared (letters); empty = every system in both. */
  systems: string[];
  /** Largest |t - toe| (s) of the broadcast record for an epoch to count, when given by --max-age. */
  max_age_s?: number;
  satellites: {
    sat: SatId;
    kind: string;
    epochs: number;
    radial_rms_m: number;
    along_rms_m: number;
    cross_rms_m: number;
    orbit3d_rms_m: number;
    orbit3d_max_m: number;
    clock_rms_ns?: number;
    clock_std_ns?: number;
  }[];
  /** Satellites of the compared systems in the SP3 but without broadcast records, and the reverse. */
  precise_only: SatId[];
  broadcast_only: SatId[];
  /** In both, but no SP3 epoch within the age window of a broadcast record. */
  not_compared: SatId[];
}

const mm = (x: number) => Math.round(x * 1000) / 1000;

export async function runOrbit(files: string[], o: OrbitCliOptions): Promise<number> {
  const format = o.format ?? "text";
  if (format !== "text" && format !== "json") throw bad(`--format: expected text|json, got '${format}'`);
  const systems = !o.systems || o.systems.toLowerCase() === "all" ? undefined : parseSystems(o.systems);
  let maxAge_s: number | undefined;
  if (o.maxAge !== undefined) {
    const h = Number(o.maxAge);
    if (!Number.isFinite(h) || h <= 0) throw bad(`--max-age: expected hours > 0, got '${o.maxAge}'`);
    maxAge_s = h * 3600;
  }
  if (files.length < 2) throw bad("give a navigation file and an SP3 file");

  // classify first, so that an observation file is refused before it is opened for streaming
  const kinds = await Promise.all(files.map(classifyFile));
  for (const f of kinds) {
    const k = f.sniff.kind;
    if (k === "rinex-obs" || k === "crinex")
      throw new BeidouError(
        "bad-argument",
        "observation data: `beidou orbit` compares a navigation file with an SP3 file",
        { file: f.path },
      );
    if (k === "rinex-clk")
      throw new BeidouError(
        "bad-argument",
        "clock file: `beidou orbit` compares a navigation file with an SP3 file",
        { file: f.path },
      );
    if (k !== "rinex-nav" && k !== "sp3")
      throw new BeidouError("unknown-format", `not a navigation or SP3 file (${f.sniff.detail})`, {
        file: f.path,
        line: 1,
      });
  }
  const inputs = await loadInputs(files);
  for (const issue of inputs.issues.slice(0, 5)) process.stderr.write(`warning: ${formatIssue(issue)}\n`);
  if (inputs.navigationFiles.length === 0)
    throw new BeidouError(
      "no-navigation",
      "no navigation file among the inputs (give a RINEX navigation file and an SP3 file)",
    );
  if (inputs.orbits.length === 0)
    throw new BeidouError(
      "bad-argument",
      "no SP3 file among the inputs (give a RINEX navigation file and an SP3 file)",
    );
  if (inputs.orbits.length > 1)
    throw bad(`give one SP3 file (got ${inputs.orbits.length}: ${inputs.orbitFiles.join(", ")})`);
  const sp3 = inputs.orbits[0];

  const store = new EphemerisStore();
  store.addNavigation(inputs.navigation);
  const letters = systems ?? [];
  const maxAge =
    maxAge_s === undefined
      ? undefined
      : Object.fromEntries(["C", "G", "E", "R", "J"].map((s) => [s, maxAge_s]));
  const { satellites } = compareBroadcastToPrecise(store, sp3, {
    ...(systems ? { systems } : {}),
    ...(maxAge ? { maxAge_s: maxAge } : {}),
  });
  satellites.sort((a, b) => compareSats(a.sat, b.sat));

  const wanted = (s: SatId) => !systems || (systems as readonly string[]).includes(satSystem(s));
  const nav = new Set(store.sats().filter(wanted));
  const precise = new Set(sp3.sats.filter(wanted));
  const compared = new Set(satellites.map((r) => r.sat));
  const report: OrbitReport = {
    navigation_files: inputs.navigationFiles.map((f) => f.path),
    sp3_file: inputs.orbitFiles[0],
    sp3_agency: sp3.agency,
    systems: letters,
    ...(maxAge_s !== undefined ? { max_age_s: maxAge_s } : {}),
    satellites: satellites.map((r) => ({
      sat: r.sat,
      kind: r.kind,
      epochs: r.epochs,
      radial_rms_m: mm(r.radial_rms_m),
      along_rms_m: mm(r.along_rms_m),
      cross_rms_m: mm(r.cross_rms_m),
      orbit3d_rms_m: mm(r.orbit3d_rms_m),
      orbit3d_max_m: mm(r.orbit3d_max_m),
      ...(r.clock_rms_ns !== undefined ? { clock_rms_ns: mm(r.clock_rms_ns) } : {}),
      ...(r.clock_std_ns !== undefined ? { clock_std_ns: mm(r.clock_std_ns) } : {}),
    })),
    precise_only: [...precise].filter((s) => !nav.has(s)).sort(compareSats),
    broadcast_only: [...nav].filter((s) => !precise.has(s)).sort(compareSats),
    not_compared: [...nav].filter((s) => precise.has(s) && !compared.has(s)).sort(compareSats),
  };

  if (format === "json") process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${orbitText(report, satellites)}\n`);
  if (satellites.length === 0) {
    throw new BeidouError(
      "no-navigation",
      `no satellite could be compared: the navigation records and the SP3 epochs (${sp3.agency}) share no satellite and time${systems ? ` for ${systems.join(",")}` : ""}`,
    );
  }
  return 0;
}

function orbitText(r: OrbitReport, rows: readonly OrbitComparisonRow[]): string {
  const sysLabel = r.systems.length ? r.systems.map((s) => SYSTEM_NAMES[s as "C"]).join(", ") : "all systems";
  const out = [
    `broadcast (${r.navigation_files.join(", ")}) minus precise (${r.sp3_file}, ${r.sp3_agency}): ${sysLabel}${r.max_age_s !== undefined ? `, records within ${r.max_age_s / 3600} h of toe` : ""}`,
  ];
  const withClock = rows.some((x) => x.clock_std_ns !== undefined);
  out.push(
    `RMS over the SP3 epochs (m); max: largest 3D difference (m)${withClock ? "; clock: std (ns) after removing each epoch's system mean" : ""}`,
  );
  out.push(`sat  kind  epochs   radial    along    cross       3D      max${withClock ? "    clock" : ""}`);
  const f = (x: number) => x.toFixed(3).padStart(8);
  for (const x of rows) {
    out.push(
      `${x.sat}  ${x.kind.padEnd(4)}  ${String(x.epochs).padStart(6)} ${f(x.radial_rms_m)} ${f(x.along_rms_m)} ${f(x.cross_rms_m)} ${f(x.orbit3d_rms_m)} ${f(x.orbit3d_max_m)}${withClock ? ` ${x.clock_std_ns === undefined ? "       -" : f(x.clock_std_ns)}` : ""}`,
    );
  }
  // per system and kind: median of the 3D RMS
  const groups = new Map<string, number[]>();
  for (const x of rows) {
    const key = `${SYSTEM_NAMES[satSystem(x.sat) as "C"]}${satSystem(x.sat) === "C" ? ` ${x.kind}` : ""}`;
    const g = groups.get(key) ?? [];
    g.push(x.orbit3d_rms_m);
    groups.set(key, g);
  }
  const summary = [...groups].map(([k, v]) => {
    const s = [...v].sort((a, b) => a - b);
    const med = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return `${k} ${v.length} (median 3D ${med.toFixed(2)} m, worst ${s[s.length - 1].toFixed(2)} m)`;
  });
  if (summary.length) out.push(`summary: ${summary.join("; ")}`);
  if (r.not_compared.length)
    out.push(`not compared (no SP3 epoch near a broadcast toe): ${r.not_compared.join(" ")}`);
  if (r.precise_only.length) out.push(`in the SP3 only: ${r.precise_only.join(" ")}`);
  if (r.broadcast_only.length) out.push(`in the navigation file only: ${r.broadcast_only.join(" ")}`);
  return out.join("\n");
}

export function registerOrbit(program: Command): void {
  program
    .command("orbit")
    .description("broadcast minus precise (SP3) orbit per satellite: radial, along, cross, 3D RMS (m)")
    .argument("<files...>", "a RINEX navigation file and an SP3 file, any order")
    .option("--systems <list>", "systems to compare (C,G,E,R,J or all)", "C")
    .option("--format <fmt>", "text|json", "text")
    .option(
      "--max-age <h>",
      "count only epochs within this many hours of the broadcast record's toe (default 2 h; GLONASS 0.25 h)",
    )
    .action(async (files: string[], o: OrbitCliOptions) => {
      process.exitCode = await runOrbit(files, o);
    });
}
