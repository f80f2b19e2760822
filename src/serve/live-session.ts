// One run of a feed into the hub: wait for the first page (file replays), turn each released epoch into a
// LiveEpoch, publish it, and send the `end` when the source ends. Replays that run as fast as the page
// takes are held back while every page still has epochs waiting (at most `maxGateWait_ms` per epoch).

import { LiveEpochBuilder } from "./live-epoch.js";
import type { FeedSummary, LiveFeed } from "./live-feed.js";
import type { LiveHub } from "./live-hub.js";

export interface LiveSessionOptions {
  readonly signal: AbortSignal;
  readonly log?: (line: string) => void;
  /** Start at once even if the feed would wait for a page. */
  readonly noWait?: boolean;
  /** Longest hold per epoch while pages catch up (ms, default 250). */
  readonly maxGateWait_ms?: number;
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export async function runLiveSession(
  feed: LiveFeed,
  hub: LiveHub,
  o: LiveSessionOptions,
): Promise<FeedSummary> {
  if (feed.waitForClient && !o.noWait) {
    o.log?.("waiting for a page to connect before starting the replay");
    await hub.firstClient(o.signal);
  }
  hub.markStarted();
  const builder = new LiveEpochBuilder({ truth: feed.truth, chiSquareTest: feed.chiSquareTest });
  const maxWait = o.maxGateWait_ms ?? 250;
  const it = feed.items({
    signal: o.signal,
    log: o.log,
    gate: () => hub.whenReady(maxWait, o.signal),
  });
  let lastYield = performance.now();
  let summary: FeedSummary = { epochs: 0, solved: 0 };
  while (true) {
    const r = await it.next();
    if (r.done) {
      summary = r.value;
      break;
    }
    const item = r.value;
    hub.publish(builder.build(item), item.released_ms);
    // a replay running flat out still lets the server answer requests and flush sockets
    if (performance.now() - lastYield > 20) {
      await yieldToLoop();
      lastYield = performance.now();
    }
    if (o.signal.aborted) {
      summary = { epochs: hub.epochs, solved: hub.solved };
      await it.return(summary);
      break;
    }
  }
  if (!o.signal.aborted) hub.end({ type: "end", epochs: summary.epochs, solved: summary.solved });
  return summary;
}
