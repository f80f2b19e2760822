#!/usr/bin/env node
// The `beidou` command: argument parsing and wiring only. Every failure is one line on stderr.

import { Command, CommanderError } from "commander";
import { formatError } from "../core/errors.js";
import { VERSION } from "./version.js";

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when needed: a run that names its command loads that command's code
 * alone (module loading is most of the start-up time of a short run).
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ["info", async () => (await import("./commands/info.js")).registerInfo],
  ["solve", async () => (await import("./commands/solve.js")).registerSolve],
  ["convert", async () => (await import("./commands/convert.js")).registerConvert],
  ["orbit", async () => (await import("./commands/orbit.js")).registerOrbit],
  ["simulate", async () => (await import("./commands/simulate.js")).registerSimulate],
  ["stream", async () => (await import("./commands/stream.js")).registerStream],
  ["caster", async () => (await import("./commands/caster.js")).registerCaster],
  ["demo", async () => (await import("./commands/demo.js")).registerDemo],
  ["serve", async () => (await import("./commands/serve.js")).registerServe],
  ["coverage", async () => (await import("./commands/coverage.js")).registerCoverage],
  ["plot", async () => (await import("./commands/plot.js")).registerPlot],
];

/**
 * The program. With `argv` whose first argument names a command, only that command is registered (its
 * options, help and errors are the same); otherwise (no command, `--help`, `help`, a misspelt name) all are,
 * so that help and suggestions list every command.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command("beidou")
    .description("BeiDou-first GNSS positioning: RINEX/Hatanaka/SP3/clock in, positions out")
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  const named = COMMANDS.find(([name]) => name === argv?.[2]);
  const chosen = named ? [named] : COMMANDS;
  const registers = await Promise.all(chosen.map(([, load]) => load()));
  for (const register of registers) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
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
