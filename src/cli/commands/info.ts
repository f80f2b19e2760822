// `beidou info` (being written).
import type { Command } from "commander";

export function registerInfo(program: Command): void {
  program.command("info").description("(not yet available)");
}
