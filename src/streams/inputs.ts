// Inputs of any kind in any order, wired to their readers: RINEX/Hatanaka observations (streamed), receiver
// logs (RTCM 3 / UBX, observations plus the ephemerides they carry), RINEX navigation, SP3 and clock files.

import { BeidouError, type DecodeIssue } from "../core/errors.js";
import { parseRinexClock } from "../formats/clk/clk.js";
import { classifyFile, type InputFile, readText } from "../formats/load.js";
import { parseRinexNav } from "../formats/rinex/nav.js";
import { parseSp3 } from "../formats/sp3/sp3.js";
import { type ObsFile, type ObsFileOptions, openObsFile } from "../formats/text/read-obs-file.js";
import type { NavigationData } from "../orbits/ephemeris.js";
import type { PreciseClockTable, PreciseOrbitTable } from "../orbits/precise-tables.js";
import type { GnssSystem } from "../signals/system.js";
import type { Instant } from "../time/instant.js";

export interface LoadedInputs {
  /** Observation files and receiver logs, in the order given (first = rover), opened for streaming. */
  readonly observations: ObsFile[];
  /** All navigation data merged (navigation files and the ephemerides receiver logs carry). */
  readonly navigation: NavigationData;
  readonly navigationFiles: { path: string; version: number; records: number }[];
  readonly orbits: PreciseOrbitTable[];
  readonly orbitFiles: string[];
  readonly clocks: PreciseClockTable[];
  readonly clockFiles: string[];
  /** Problems met in navigation, SP3 and clock files (observation issues stay with each ObsFile). */
  readonly issues: DecodeIssue[];
  readonly files: InputFile[];
}

export interface LoadOptions {
  readonly obs?: ObsFileOptions;
  /** Date of RTCM MSM data (time of week only) when the log carries no ephemeris. */
  readonly date?: Instant;
}

/** Load inputs of any kind in any order. Unknown files are an error naming the file. */
export async function loadInputs(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadedInputs> {
  const files = await Promise.all(paths.map(classifyFile));
  const navigation: NavigationData = { ephemerides: [], iono: [], timeOffsets: [] };
  const out: LoadedInputs = {
    observations: [],
    navigation,
    navigationFiles: [],
    orbits: [],
    orbitFiles: [],
    clocks: [],
    clockFiles: [],
    issues: [],
    files,
  };
  let leap: number | undefined;
  const addNav = (d: NavigationData) => {
    navigation.ephemerides.push(...d.ephemerides);
    navigation.iono.push(...d.iono);
    navigation.timeOffsets.push(...d.timeOffsets);
    leap ??= d.leapSeconds;
  };
  for (const f of files) {
    const kind = f.kind;
    if (kind === "rinex-obs" || kind === "crinex") {
      out.observations.push(await openObsFile(f.path, opts.obs));
    } else if (kind === "receiver-log") {
      // loaded only when a receiver log is given (its decoders are most of this module's start-up cost)
      const { openReceiverLog } = await import("./receiver-log.js");
      const log = await openReceiverLog(f.path, {
        date: opts.date,
        systems: opts.obs?.systems as GnssSystem[] | undefined,
      });
      if (log.summary.observationSource !== "none") out.observations.push(log);
      addNav(log.navigation);
      out.navigationFiles.push({ path: f.path, version: 0, records: log.navigation.ephemerides.length });
    } else if (kind === "rinex-nav") {
      const r = parseRinexNav(await readText(f.path), f.path);
      addNav(r.data);
      out.navigationFiles.push({ path: f.path, version: r.version, records: r.data.ephemerides.length });
      out.issues.push(...r.issues);
    } else if (kind === "sp3") {
      const r = parseSp3(await readText(f.path), f.path);
      out.orbits.push(r.table);
      out.orbitFiles.push(f.path);
      out.issues.push(...r.issues);
    } else if (kind === "rinex-clk") {
      const r = parseRinexClock(await readText(f.path), f.path);
      out.clocks.push(r.table);
      out.clockFiles.push(f.path);
      out.issues.push(...r.issues);
    } else {
      throw new BeidouError("unknown-format", `not a file beidou reads (${f.sniff.detail})`, {
        file: f.path,
        line: 1,
      });
    }
  }
  if (leap !== undefined) (navigation as { leapSeconds?: number }).leapSeconds = leap;
  return out;
}
