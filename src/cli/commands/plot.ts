// `beidou plot SOLUTION [--truth X,Y,Z|lat,lon,h|FILE] [--out FILE.svg|.png] [--title T] [--width PX]`: the
// post-processing figure of a .pos (beidou's or RTKLIB's) or JSON-lines solution file, as SVG or PNG.

import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { BeidouError, formatIssue } from "../../core/errors.js";
import { svgToPng } from "../../report/png.js";
import { readSolutionFile } from "../../report/read-solution-file.js";
import { formatMetres, PLOT_WIDTH, plotSolution } from "../../report/solution-plot.js";
import { parseTruthArgument } from "../../report/truth.js";

export interface PlotCliOptions {
  truth?: string;
  out?: string;
  title?: string;
  width?: string;
  quiet?: boolean;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

/** Where the figure goes and as what: `-` is SVG on stdout; the default is SOLUTION's name with .svg, here. */
export function plotOutput(solution: string, out: string | undefined): { file: string; kind: "svg" | "png" } {
  if (out === "-") return { file: "-", kind: "svg" };
  const file = out ?? `${path.basename(solution, path.extname(solution))}.svg`;
  const ext = path.extname(file).toLowerCase();
  if (ext === ".svg") return { file, kind: "svg" };
  if (ext === ".png") return { file, kind: "png" };
  throw bad(`--out: expected FILE.svg or FILE.png (or - for SVG on stdout), got '${file}'`);
}

export async function runPlot(solution: string, o: PlotCliOptions): Promise<number> {
  const output = plotOutput(solution, o.out);
  const width = o.width === undefined ? PLOT_WIDTH : Number(o.width);
  if (!Number.isInteger(width) || width < 200 || width > 10000)
    throw bad(`--width: expected a whole number of pixels 200..10000, got '${o.width}'`);
  const track = await readSolutionFile(solution);
  const truth = o.truth === undefined ? undefined : await parseTruthArgument(o.truth);
  for (const issue of track.issues.slice(0, 5)) process.stderr.write(`warning: ${formatIssue(issue)}\n`);
  if (track.issues.length > 5)
    process.stderr.write(`warning: ... ${track.issues.length - 5} more unreadable lines in ${solution}\n`);
  const plot = plotSolution(track, { truth, title: o.title, width_px: width });
  if (output.file === "-") process.stdout.write(plot.svg);
  else await writeFile(output.file, output.kind === "png" ? svgToPng(plot.svg, width) : plot.svg);
  if (!o.quiet) {
    const st = plot.stats;
    const against = plot.reference.kind === "mean" ? "the mean position" : "the truth";
    process.stderr.write(
      `${solution}: ${st.epochs} epochs, fix ${(100 * st.fixRate).toFixed(1)}%, RMS E/N/U ${[st.rmsE_m, st.rmsN_m, st.rmsU_m].map((v) => v.toFixed(4)).join("/")} m, 95% horizontal ${formatMetres(st.h95_m)} against ${against}${output.file === "-" ? "" : ` -> ${output.file}`}\n`,
    );
  }
  return 0;
}

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description(
      "plot a solution file (.pos, beidou's or RTKLIB's; or .jsonl): E/N/U errors, horizontal scatter, satellites and DOP, statistics",
    )
    .argument(
      "<solution>",
      "solution file: .pos (xyz or llh, tow or calendar time) or .jsonl (solve/stream --format jsonl)",
    )
    .option(
      "--truth <pos>",
      "reference: X,Y,Z (m) | lat,lon,h (deg, m) | FILE (.pos/.jsonl trajectory, or a text file with the 3 numbers); default: the mean position",
    )
    .option("--out <file>", "FILE.svg | FILE.png | - (SVG on stdout); default: SOLUTION's name with .svg")
    .option("--title <text>", "title of the figure (default: beidou plot: SOLUTION)")
    .option("--width <px>", `width of the figure in pixels (default ${PLOT_WIDTH}; height is 3/4 of it)`)
    .option("-q, --quiet", "no summary line")
    .action(async (solution: string, o: PlotCliOptions) => {
      process.exitCode = await runPlot(solution, o);
    });
}
