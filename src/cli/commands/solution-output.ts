// What `solve` writes, single-point or relative: the output options, one text per solution in the chosen
// format, and a buffered writer to a file or stdout that respects back-pressure.

import { createWriteStream, type WriteStream } from "node:fs";
import { BeidouError } from "../../core/errors.js";
import type { Solution } from "../../positioning/solution.js";
import { nmeaSentences } from "../../streams/sinks/nmea.js";
import { type CoordsFormat, posLine, type TimeFormat } from "../../streams/sinks/pos.js";
import { CSV_HEADER, csvLine, jsonLine } from "../../streams/sinks/table.js";

export type SolutionFormat = "pos" | "jsonl" | "nmea" | "csv";

export interface SolutionOutput {
  readonly format: SolutionFormat;
  readonly coords: CoordsFormat;
  readonly timeFormat: TimeFormat;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

/** --format, --coords, --time-format, checked. */
export function parseSolutionOutput(o: {
  format?: string;
  coords?: string;
  timeFormat?: string;
}): SolutionOutput {
  const format = (o.format ?? "pos") as SolutionFormat;
  if (!["pos", "jsonl", "nmea", "csv"].includes(format))
    throw bad(`--format: expected pos|jsonl|nmea|csv, got '${format}'`);
  const coords = (o.coords ?? "xyz") as CoordsFormat;
  if (coords !== "xyz" && coords !== "llh") throw bad(`--coords: expected llh|xyz, got '${o.coords}'`);
  const timeFormat = (o.timeFormat ?? "tow") as TimeFormat;
  if (timeFormat !== "tow" && timeFormat !== "cal")
    throw bad(`--time-format: expected cal|tow, got '${o.timeFormat}'`);
  return { format, coords, timeFormat };
}

/** The text of one solution; unsolved epochs appear in JSON lines only. */
export function solutionText(s: Solution, out: SolutionOutput): string {
  if (s.status === "none") return out.format === "jsonl" ? jsonLine(s) : "";
  switch (out.format) {
    case "pos":
      return posLine(s, out.coords, out.timeFormat);
    case "jsonl":
      return jsonLine(s);
    case "nmea":
      return nmeaSentences(s);
    default:
      return csvLine(s);
  }
}

/** Text collected and written in large pieces to `path` (or stdout), waiting when the stream is full. */
export class SolutionWriter {
  private readonly out: WriteStream | NodeJS.WriteStream;
  private buffer = "";

  constructor(
    private readonly path: string | undefined,
    format: SolutionFormat,
  ) {
    this.out = path ? createWriteStream(path) : process.stdout;
    if (format === "csv") this.buffer = CSV_HEADER;
  }

  add(text: string): void {
    this.buffer += text;
  }

  async flush(force = false): Promise<void> {
    if (this.buffer.length > 65536 || (force && this.buffer.length > 0)) {
      const chunk = this.buffer;
      this.buffer = "";
      if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once("drain", () => r()));
    }
  }

  /** Flush and, for a file, close it. */
  async end(): Promise<void> {
    await this.flush(true);
    if (this.path) await new Promise<void>((r) => (this.out as WriteStream).end(r));
  }
}
