// Latency of the last N epochs (a ring of Float64), for a server that runs for days: percentiles of what
// happened lately, in memory that does not grow.

import { type LatencySummary, percentile } from "../streams/engine/latency.js";

export class LatencyWindow {
  private readonly values: Float64Array;
  private n = 0;
  private next = 0;
  /** Every value recorded since the start. */
  total = 0;

  constructor(size = 4096) {
    this.values = new Float64Array(size);
  }

  record(latency_ms: number): void {
    if (!Number.isFinite(latency_ms)) return;
    this.values[this.next] = latency_ms;
    this.next = (this.next + 1) % this.values.length;
    if (this.n < this.values.length) this.n++;
    this.total++;
  }

  summary(): LatencySummary {
    const s = this.values.slice(0, this.n).sort();
    let sum = 0;
    for (let i = 0; i < s.length; i++) sum += s[i];
    const r = (v: number) => Math.round(v * 1000) / 1000;
    return {
      count: this.n,
      mean_ms: this.n ? r(sum / this.n) : Number.NaN,
      p50_ms: r(percentile(s, 0.5)),
      p90_ms: r(percentile(s, 0.9)),
      p99_ms: r(percentile(s, 0.99)),
      max_ms: this.n ? r(s[this.n - 1]) : Number.NaN,
    };
  }
}
