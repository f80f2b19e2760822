// Options shared by `beidou simulate` and `beidou demo`: where the simulated receiver is, when, how often.

import type { Command } from "commander";
import { BeidouError } from "../../core/errors.js";
import { fromCalendar, type Instant } from "../../time/instant.js";

/** Adds --lat --lon --height --start --duration --interval --seed with the Wuzhen defaults. */
export function addReceiverOptions(cmd: Command): Command {
  return cmd
    .option("--lat <deg>", "latitude", "30.75")
    .option("--lon <deg>", "longitude", "120.49")
    .option("--height <m>", "ellipsoidal height", "10")
    .option("--start <time>", "first epoch, GPST (YYYY-MM-DDTHH:MM:SS)", "2026-01-01T00:00:00")
    .option("--duration <s>", "seconds", "3600")
    .option("--interval <s>", "seconds between epochs", "30")
    .option("--seed <n>", "noise seed", "1");
}

/** A number option within [min, max], or a one-line error naming the option. */
export function numberOption(
  v: string | undefined,
  dflt: number,
  name: string,
  min: number,
  max: number,
): number {
  if (v === undefined) return dflt;
  const x = Number(v);
  if (v.trim() === "" || !Number.isFinite(x) || x < min || x > max)
    throw new BeidouError("bad-argument", `${name}: expected a number in [${min}, ${max}], got '${v}'`);
  return x;
}

export function parseStart(text: string | undefined): Instant {
  const s = text ?? "2026-01-01T00:00:00";
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?$/.exec(s);
  if (!m || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31)
    throw new BeidouError("bad-argument", `--start: expected YYYY-MM-DD[THH:MM[:SS]] (GPST), got '${s}'`);
  return fromCalendar("GPST", {
    year: +m[1],
    month: +m[2],
    day: +m[3],
    hour: +(m[4] ?? 0),
    minute: +(m[5] ?? 0),
    second: +(m[6] ?? 0),
  });
}
