// The feed of `beidou serve FILES...`: a RINEX / Hatanaka observation file (with navigation, and SP3/clock
// files when given) replayed at `speed` times real time, epoch times paced by the wall clock, each epoch
// solved by the single-point solver as `beidou solve` does it.

import { BeidouError, formatIssue } from "../core/errors.js";
import type { ObsFile } from "../formats/text/read-obs-file.js";
import type { Ecef } from "../frames/vectors.js";
import { EphemerisStore } from "../orbits/ephemeris-store.js";
import { PreciseSource } from "../orbits/precise.js";
import type { SatelliteSource } from "../orbits/satellite-state.js";
import type { SppOptions } from "../positioning/options.js";
import { SppSolver } from "../positioning/spp.js";
import { loadInputs } from "../streams/inputs.js";
import { EpochPacer } from "./epoch-pacer.js";
import type { LiveItem } from "./live-epoch.js";
import type { FeedContext, FeedSummary, LiveFeed } from "./live-feed.js";

export interface ReplayFeedOptions {
  readonly speed: number;
  readonly truth?: Ecef;
  readonly solver: SppOptions;
  /** Longest wait between two epochs (s of wall time, data gaps); default 5. */
  readonly maxPause_s?: number;
}

const basename = (p: string) => p.split(/[\\/]/).pop() ?? p;

export class ReplayFeed implements LiveFeed {
  readonly description: string;
  readonly waitForClient = true;
  readonly truth?: Ecef;
  readonly speed: number;
  readonly chiSquareTest: boolean;

  private constructor(
    private readonly obs: ObsFile,
    private readonly source: SatelliteSource,
    private readonly solver: SppSolver,
    private readonly options: ReplayFeedOptions,
    readonly warnings: readonly string[],
  ) {
    this.truth = options.truth;
    this.speed = options.speed;
    this.chiSquareTest = options.solver.chiSquareTest;
    const pace = Number.isFinite(options.speed) ? `x${options.speed}` : "as fast as the page takes";
    this.description = `${basename(obs.path)} (${pace})`;
  }

  /** Opens the files (navigation read in full, observations streamed); errors name the file. */
  static async open(files: readonly string[], options: ReplayFeedOptions): Promise<ReplayFeed> {
    const inputs = await loadInputs(files, { obs: { systems: options.solver.systems } });
    const warnings = inputs.issues.slice(0, 5).map((i) => `warning: ${formatIssue(i)}`);
    if (inputs.observations.length === 0) {
      const what = inputs.files.map((f) => `${f.path}: ${f.sniff.detail}`).join("; ");
      throw new BeidouError("no-observations", `no observation file among the inputs (${what})`);
    }
    const obs = inputs.observations[0];
    if (inputs.observations.length > 1)
      warnings.push(
        `note: replaying ${obs.path}; ${inputs.observations.length - 1} more observation file(s) ignored`,
      );
    if (inputs.navigation.ephemerides.length === 0 && inputs.orbits.length === 0)
      throw new BeidouError(
        "no-navigation",
        "no navigation data: give a RINEX navigation file (or SP3) with the observations",
        { file: obs.path },
      );
    const store = new EphemerisStore();
    store.addNavigation(inputs.navigation);
    const source: SatelliteSource =
      inputs.orbits.length > 0
        ? new PreciseSource(inputs.orbits, inputs.clocks, { broadcast: store })
        : store;
    const solver = new SppSolver(
      {
        source,
        iono: store.iono(),
        glonassChannels: obs.header.glonassChannels,
        approxPosition: obs.header.approxPosition,
      },
      options.solver,
    );
    return new ReplayFeed(obs, source, solver, options, warnings);
  }

  async *items(ctx: FeedContext): AsyncGenerator<LiveItem, FeedSummary> {
    const pacer = new EpochPacer({ speed: this.speed, maxPause_s: this.options.maxPause_s });
    let epochs = 0;
    let solved = 0;
    try {
      for await (const ep of this.obs.epochs) {
        if (ctx.signal.aborted) break;
        if (ctx.gate) await ctx.gate();
        const released_ms = await pacer.release(ep.time, ctx.signal);
        if (ctx.signal.aborted) break;
        const solution = this.solver.solve(ep);
        epochs++;
        if (solution.status !== "none") solved++;
        yield { solution, epoch: ep, released_ms, source: this.source };
      }
    } finally {
      // stop reading the file when the replay is stopped early
      await this.obs.epochs.return(undefined);
    }
    const n = this.obs.issueCount();
    if (n > 0) ctx.log?.(`${this.obs.path}: ${n} bad record(s) skipped`);
    return { epochs, solved };
  }
}
