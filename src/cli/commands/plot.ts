// `beidou plot`: being built (issue 5); this placeholder only registers the name.

import type { Command } from "commander";
import { BeidouError } from "../../core/errors.js";

export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description("(not yet available)")
    .allowUnknownOption()
    .action(() => {
      throw new BeidouError("bad-argument", "beidou plot is not available yet");
    });
}
