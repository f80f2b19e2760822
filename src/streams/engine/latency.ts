// Per-epoch latency of the real-time engine: from the arrival of the last byte of an epoch to the moment its
// solution has been handed to the sink. Kept as a growing Float64Array; percentiles by sorting a copy.

export interface LatencySummary {
  readonly count: number;
  readonly mean_ms: number;
  readonly p50_ms: number;
  readonly p90_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
}

export class LatencyRecorder {
  private values = new Float64Array(1024);
  private n = 0;

  record(latency_ms: number): void {
    if (!Number.isFinite(latency_ms)) return;
    if (this.n === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.n++] = latency_ms;
  }

  get count(): number {
    return this.n;
  }

  summary(): LatencySummary {
    if (this.n === 0)
      return {
        count: 0,
        mean_ms: Number.NaN,
        p50_ms: Number.NaN,
        p90_ms: Number.NaN,
        p99_ms: Number.NaN,
        max_ms: Number.NaN,
      };
    const s = this.values.slice(0, this.n).sort();
    let sum = 0;
    for (let i = 0; i < this.n; i++) sum += s[i];
    return {
      count: this.n,
      mean_ms: sum / this.n,
      p50_ms: percentile(s, 0.5),
      p90_ms: percentile(s, 0.9),
      p99_ms: percentile(s, 0.99),
      max_ms: s[this.n - 1],
    };
  }
}

/** Nearest-rank percentile of sorted values (the smallest value with at least q of the values at or below it). */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function formatLatency(s: LatencySummary): string {
  if (s.count === 0) return "latency: no epochs solved";
  const f = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
  return `latency (last byte of the epoch in -> solution out), ${s.count} epochs: p50 ${f(s.p50_ms)} ms, p90 ${f(s.p90_ms)} ms, p99 ${f(s.p99_ms)} ms, max ${f(s.max_ms)} ms, mean ${f(s.mean_ms)} ms`;
}
