// The feed of `beidou serve` with no input: the simulator (nominal BDS-3 + GPS constellations, sim/simulate.ts)
// run in real time. Observations are simulated a chunk of epochs ahead (the next chunk is made while the
// current one plays), each epoch is released when its time comes on the wall clock (times `speed`), then
// solved by the real single-point solver with the simulator's broadcast navigation.

import { geodeticToEcef } from "../frames/geodetic.js";
import type { Ecef, Geodetic } from "../frames/vectors.js";
import { EphemerisStore } from "../orbits/ephemeris-store.js";
import type { SatelliteSource } from "../orbits/satellite-state.js";
import type { SppOptions } from "../positioning/options.js";
import { SppSolver } from "../positioning/spp.js";
import { type SimSystem, type SimulationResult, simulate } from "../sim/simulate.js";
import { addSeconds, diffSeconds, type Instant, instant, toScale } from "../time/instant.js";
import { EpochPacer } from "./epoch-pacer.js";
import type { LiveItem } from "./live-epoch.js";
import type { FeedContext, FeedSummary, LiveFeed } from "./live-feed.js";

export interface SimulatorFeedOptions {
  readonly rx: Geodetic;
  /** Name of the place, for the hello ("Wuzhen"). */
  readonly place?: string;
  /** First epoch (GPST); default: the next whole second of the wall clock, so that the time shown is now. */
  readonly start?: Instant;
  readonly speed: number;
  readonly interval_s?: number;
  readonly systems?: readonly SimSystem[];
  readonly seed?: number;
  readonly solver?: Partial<SppOptions>;
  /** Epochs simulated at a time (default 10). */
  readonly chunkEpochs?: number;
}

/** GPST now, from the wall clock. */
export function gpstNow(): Instant {
  const utc_s = (Date.now() - Date.UTC(1980, 0, 6)) / 1000;
  return toScale(instant("UTC", utc_s), "GPST");
}

interface Chunk {
  readonly sim: SimulationResult;
  readonly store: EphemerisStore;
}

export class SimulatorFeed implements LiveFeed {
  readonly description: string;
  readonly truth: Ecef;
  readonly speed: number;
  readonly waitForClient = false;
  readonly chiSquareTest: boolean;

  constructor(private readonly options: SimulatorFeedOptions) {
    this.truth = geodeticToEcef(options.rx);
    this.speed = options.speed;
    const sys = (options.systems ?? ["C", "G"]).map((s) => (s === "C" ? "BDS-3" : "GPS")).join(" + ");
    const lat = (options.rx.lat_rad * 180) / Math.PI;
    const lon = (options.rx.lon_rad * 180) / Math.PI;
    const where = `${Math.abs(lat).toFixed(2)}${lat >= 0 ? "N" : "S"} ${Math.abs(lon).toFixed(2)}${lon >= 0 ? "E" : "W"}`;
    const place = options.place ? `${options.place}, ${where}` : where;
    this.description = `simulator (${place}, ${sys}, ${options.speed === 1 ? "real time" : `x${options.speed}`})`;
    this.chiSquareTest = options.solver?.chiSquareTest ?? true;
  }

  private chunk(start: Instant, k: number): Chunk {
    const o = this.options;
    const interval_s = o.interval_s ?? 1;
    const n = o.chunkEpochs ?? 10;
    const sim = simulate({
      rx: o.rx,
      start,
      duration_s: n * interval_s,
      interval_s,
      systems: o.systems ?? ["C", "G"],
      seed: (o.seed ?? 1) + k,
    });
    const store = new EphemerisStore();
    store.addNavigation(sim.nav);
    return { sim, store };
  }

  async *items(ctx: FeedContext): AsyncGenerator<LiveItem, FeedSummary> {
    const o = this.options;
    const interval_s = o.interval_s ?? 1;
    const n = o.chunkEpochs ?? 10;
    const now = gpstNow();
    const start = o.start ?? instant("GPST", Math.ceil(now.sec + now.frac) + 1);
    // the first epoch is due when its time comes on the wall clock (at most a few seconds from now)
    const lead_ms = Math.min(5000, Math.max(0, diffSeconds(start, now) * 1000));
    const pacer = new EpochPacer({
      speed: this.speed,
      anchor: { time: start, at_ms: performance.now() + lead_ms / this.speed },
    });
    let k = 0;
    let current = this.chunk(start, k);
    // the solver sees the satellites of the chunk being played (each chunk has its own broadcast records)
    const source: SatelliteSource = { state: (sat, t) => current.store.state(sat, t) };
    const solver = new SppSolver({ source, iono: current.sim.nav.iono }, o.solver);
    let epochs = 0;
    let solved = 0;
    while (!ctx.signal.aborted) {
      let next: Chunk | undefined;
      for (let i = 0; i < current.sim.epochs.length; i++) {
        const ep = current.sim.epochs[i];
        const released_ms = await pacer.release(ep.time, ctx.signal);
        if (ctx.signal.aborted) break;
        const solution = solver.solve(ep);
        epochs++;
        if (solution.status !== "none") solved++;
        yield { solution, epoch: ep, released_ms, source: current.store };
        // the next chunk is simulated while this one plays (a few ms per epoch)
        if (i === 0) next = this.chunk(addSeconds(start, (k + 1) * n * interval_s), k + 1);
      }
      if (!next) break;
      current = next;
      k++;
    }
    return { epochs, solved };
  }
}
