// A solution file for `beidou plot`, chosen by its extension: RTKLIB/beidou .pos text, or beidou's JSON lines.

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { BeidouError } from "../core/errors.js";
import { parseJsonlTrack } from "./jsonl-track.js";
import { parsePosTrack } from "./pos-track.js";
import { epochCount, type SolutionFileFormat, type SolutionTrack } from "./solution-track.js";

const FORMAT_BY_EXTENSION: Readonly<Record<string, SolutionFileFormat>> = {
  ".pos": "pos",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
};

/** The reader a file name asks for, or undefined for an extension that is neither .pos nor JSON lines. */
export function solutionFormatOf(file: string): SolutionFileFormat | undefined {
  return FORMAT_BY_EXTENSION[path.extname(file).toLowerCase()];
}

/** Parse solution text of a known format (never throws; see `issues`). */
export function parseSolutionText(text: string, file: string, format: SolutionFileFormat): SolutionTrack {
  return format === "pos" ? parsePosTrack(text, file) : parseJsonlTrack(text, file);
}

/** Read a whole solution file; throws one BeidouError naming the file when it is missing, of an unknown kind or holds no solutions. */
export async function readSolutionFile(file: string): Promise<SolutionTrack> {
  const format = solutionFormatOf(file);
  if (!format)
    throw new BeidouError(
      "unknown-format",
      `unknown solution file type '${path.extname(file) || "(no extension)"}' (expected .pos, or .jsonl from --format jsonl)`,
      { file },
    );
  const st = await stat(file).catch(() => undefined);
  if (!st) throw new BeidouError("io", "no such file", { file });
  if (!st.isFile()) throw new BeidouError("io", "not a file", { file });
  const track = parseSolutionText(await readFile(file, "utf8"), file, format);
  if (epochCount(track) === 0) {
    const first = track.issues[0];
    const why =
      first !== undefined
        ? ` (line ${first.line}: ${first.message})`
        : track.unsolved > 0
          ? ` (${track.unsolved} epochs without a solution)`
          : "";
    throw new BeidouError("no-observations", `no solution epochs to plot${why}`, { file });
  }
  return track;
}
