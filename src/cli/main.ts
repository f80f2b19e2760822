#!/usr/bin/env node
// The `beidou` command: argument parsing and wiring only. Every failure is one line on stderr.

import { Command, CommanderError } from "commander";
import { formatError } from "../core/errors.js";
import { registerCaster } from "./commands/caster.js";
import { registerConvert } from "./commands/convert.js";
import { registerDemo } from "./commands/demo.js";
import { registerInfo } from "./commands/info.js";
import { registerOrbit } from "./commands/orbit.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerSolve } from "./commands/solve.js";
import { registerStream } from "./commands/stream.js";
import { VERSION } from "./version.js";

export function buildProgram(): Command {
  const program = new Command("beidou")
    .description("BeiDou-first GNSS positioning: RINEX/Hatanaka/SP3/clock in, positions out")
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerInfo(program);
  registerSolve(program);
  registerConvert(program);
  registerOrbit(program);
  registerSimulate(program);
  registerStream(program);
  registerCaster(program);
  registerDemo(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    process.stderr.write(`${formatError(e)}\n`);
    return 1;
  }
}

// A closed pipe (`beidou solve ... | head`) ends the program quietly; other write errors are one line.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  process.stderr.write(`${formatError(e)}\n`);
  process.exit(1);
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${formatError(e)}\n`);
    process.exitCode = 1;
  },
);
