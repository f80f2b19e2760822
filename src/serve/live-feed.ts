// What `beidou serve` shows: a feed of solved epochs (simulator, file replay, live stream), each released at
// its time and handed over with what the dashboard needs to draw it.

import type { Ecef } from "../frames/vectors.js";
import type { LiveItem } from "./live-epoch.js";

export interface FeedContext {
  readonly signal: AbortSignal;
  /**
   * Replays "as fast as the page takes" await this before each epoch: it resolves when a page has room for
   * the next one (bounded: a page that stopped reading does not stop the replay).
   */
  readonly gate?: () => Promise<void>;
  /** Messages for people (stderr). */
  readonly log?: (line: string) => void;
}

export interface FeedSummary {
  readonly epochs: number;
  readonly solved: number;
}

export interface LiveFeed {
  /** For the hello: "simulator (Wuzhen, BDS-3 + GPS, real time)", "ESBC00DNK...crx.gz x600", ... */
  readonly description: string;
  readonly truth?: Ecef;
  readonly speed: number;
  /** File replays start when the first page connects, so that it sees the beginning; live sources do not wait. */
  readonly waitForClient: boolean;
  /** Whether the solver runs the chi-square residual test (for the integrity flag). */
  readonly chiSquareTest: boolean;
  /** Problems met while opening the inputs, for stderr. */
  readonly warnings?: readonly string[];
  /** The epochs, in time order; ends with the source (never, for the simulator and live streams). */
  items(ctx: FeedContext): AsyncGenerator<LiveItem, FeedSummary>;
}
