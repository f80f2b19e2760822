// `beidou coverage`: being built (issue 5); this placeholder only registers the name.

import type { Command } from "commander";
import { BeidouError } from "../../core/errors.js";

export function registerCoverage(program: Command): void {
  program
    .command("coverage")
    .description("(not yet available)")
    .allowUnknownOption()
    .action(() => {
      throw new BeidouError("bad-argument", "beidou coverage is not available yet");
    });
}
