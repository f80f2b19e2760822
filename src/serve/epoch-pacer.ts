// Releases epochs at the pace of their time tags: epoch t is due `(t - t0) / speed` seconds after the first
// one (or after an anchor on the wall clock). Gaps in the data longer than `maxPause_s` of wall time are cut
// short, and a replay that fell more than a second behind (a slow machine, a paused process) is re-anchored
// instead of catching up in a burst. Speed Infinity releases every epoch at once.

import { diffSeconds, type Instant } from "../time/instant.js";

export interface EpochPacerOptions {
  /** Replay speed factor (1 = real time). */
  readonly speed: number;
  /** Longest wait between two epochs (s of wall time); default 5. */
  readonly maxPause_s?: number;
  /** Wall time (performance.now() ms) at which the epoch `anchor.time` is due; default: the first epoch, now. */
  readonly anchor?: { readonly time: Instant; readonly at_ms: number };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", done);
      clearTimeout(t);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export class EpochPacer {
  private t0?: Instant;
  private wall0_ms = 0;
  private prevDue_ms = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: EpochPacerOptions) {
    if (options.anchor) {
      this.t0 = options.anchor.time;
      this.wall0_ms = options.anchor.at_ms;
    }
  }

  /** Waits until epoch `t` is due; returns its release time (performance.now() ms). */
  async release(t: Instant, signal?: AbortSignal): Promise<number> {
    const speed = this.options.speed;
    if (!Number.isFinite(speed)) return performance.now();
    if (!this.t0) {
      this.t0 = t;
      this.wall0_ms = performance.now();
    }
    let due = this.wall0_ms + (diffSeconds(t, this.t0) * 1000) / speed;
    const maxPause_ms = (this.options.maxPause_s ?? 5) * 1000;
    if (Number.isFinite(this.prevDue_ms) && due - this.prevDue_ms > maxPause_ms) {
      // a gap in the data: wait maxPause at most
      this.wall0_ms -= due - this.prevDue_ms - maxPause_ms;
      due = this.prevDue_ms + maxPause_ms;
    }
    let now = performance.now();
    if (now - due > 1000) {
      // more than a second behind: carry on from here
      this.wall0_ms += now - due;
      due = now;
    }
    this.prevDue_ms = due;
    if (due > now) {
      await sleep(due - now, signal);
      now = performance.now();
      // the epoch arrived at `due`: a timer that woke late counts in its latency
      return Math.min(now, due);
    }
    return now;
  }
}
