// `beidou serve`: being built (issue 5); this placeholder only registers the name.

import type { Command } from "commander";
import { BeidouError } from "../../core/errors.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("(not yet available)")
    .allowUnknownOption()
    .action(() => {
      throw new BeidouError("bad-argument", "beidou serve is not available yet");
    });
}
