// One entry point for input files of any kind: sniffs each file's content (gzip, Hatanaka, RINEX
// observation/navigation/clock version, SP3), whatever its name, and hands it to the right reader.
// Observation files are opened for streaming; navigation, SP3 and clock files are read whole (they are small).

import { stat } from "node:fs/promises";
import { BeidouError, type DecodeIssue } from "../core/errors.js";
import type { NavigationData } from "../orbits/ephemeris.js";
import type { PreciseClockTable, PreciseOrbitTable } from "../orbits/precise-tables.js";
import { parseRinexClock } from "./clk/clk.js";
import { parseRinexNav } from "./rinex/nav.js";
import { parseSp3 } from "./sp3/sp3.js";
import { CompressedStreamError, type FileSniff, openByteStream, sniffFile } from "./text/file-lines.js";
import { type ObsFile, type ObsFileOptions, openObsFile } from "./text/read-obs-file.js";

export interface InputFile {
  readonly path: string;
  readonly sniff: FileSniff;
}

export interface LoadedInputs {
  /** Observation files, in the order given (first = rover), opened for streaming. */
  readonly observations: ObsFile[];
  /** All navigation data merged. */
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

/** The whole decompressed text of a file. */
export async function readText(path: string): Promise<string> {
  const { stream, compression } = await openByteStream(path);
  const chunks: Buffer[] = [];
  try {
    for await (const c of stream) chunks.push(c as Buffer);
  } catch (e) {
    if (compression !== "none") {
      throw new BeidouError(
        "truncated",
        `compressed data is truncated or corrupt after ${chunks.reduce((n, c) => n + c.length, 0)} bytes`,
        { file: path },
      );
    }
    throw e;
  }
  return Buffer.concat(chunks).toString("latin1");
}

/** What kind of file this is, by content. */
export async function classifyFile(path: string): Promise<InputFile> {
  const st = await stat(path);
  if (st.isDirectory()) throw new BeidouError("io", "is a directory, not a file", { file: path });
  return { path, sniff: await sniffFile(path) };
}

export interface LoadOptions {
  readonly obs?: ObsFileOptions;
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
  for (const f of files) {
    const kind = f.sniff.kind;
    if (kind === "rinex-obs" || kind === "crinex") {
      out.observations.push(await openObsFile(f.path, opts.obs));
    } else if (kind === "rinex-nav") {
      const r = parseRinexNav(await readText(f.path), f.path);
      navigation.ephemerides.push(...r.data.ephemerides);
      navigation.iono.push(...r.data.iono);
      navigation.timeOffsets.push(...r.data.timeOffsets);
      leap ??= r.data.leapSeconds;
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

export { CompressedStreamError };
