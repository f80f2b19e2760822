// Reconnect delays: exponential backoff with a cap, and full jitter off by default so tests are repeatable.

export interface BackoffOptions {
  /** First delay (ms). */
  readonly initial_ms?: number;
  /** Largest delay (ms). */
  readonly max_ms?: number;
  /** Growth factor per failed attempt. */
  readonly factor?: number;
  /** Attempts before giving up (Infinity: never). */
  readonly maxAttempts?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  initial_ms: 1000,
  max_ms: 30_000,
  factor: 2,
  maxAttempts: Number.POSITIVE_INFINITY,
};

export class Backoff {
  private readonly o: Required<BackoffOptions>;
  /** Failed attempts since the last success. */
  attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.o = { ...DEFAULT_BACKOFF, ...options };
  }

  /** Delay before the next attempt, or undefined when the attempts are used up. */
  next(): number | undefined {
    if (this.attempt >= this.o.maxAttempts) return undefined;
    const d = Math.min(this.o.max_ms, this.o.initial_ms * this.o.factor ** this.attempt);
    this.attempt++;
    return d;
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
