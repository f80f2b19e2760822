// `beidou orbit` (being written).
import type { Command } from "commander";

export function registerOrbit(program: Command): void {
  program.command("orbit").description("(not yet available)");
}
