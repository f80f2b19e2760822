// The fan-out of GET /api/live: every connected page gets the `hello`, the last few epochs (so that a page
// opened late still draws a track), then each epoch as it is published, and the `end` when the source ends.
// Each event is serialized once and shared by every client; each client has its own bounded queue
// (sse-client.ts), so one slow page never holds back the others nor grows the server's memory.

import type { IncomingMessage, ServerResponse } from "node:http";
import { LatencyWindow } from "./latency-window.js";
import type { LiveEnd, LiveEpoch, LiveHello } from "./live-protocol.js";
import { SseClient, type SseClientOptions, type SseClientStats } from "./sse-client.js";

export interface LiveHubOptions extends SseClientOptions {
  /** Epochs kept for clients that join later (default 60). */
  readonly backlog?: number;
  /** SSE keep-alive comment period (ms, default 15000; 0 = none). */
  readonly heartbeat_ms?: number;
}

export type LiveState = "waiting-for-client" | "running" | "ended";

export interface LiveHubStats {
  readonly state: LiveState;
  readonly epochs: number;
  readonly solved: number;
  readonly clients: number;
  readonly clientDetails: readonly SseClientStats[];
  readonly droppedEpochs: number;
  /** Epoch release -> event built (the `latency_ms` in the events), last 4096 epochs. */
  readonly latency_ms: ReturnType<LatencyWindow["summary"]>;
  /** Epoch release -> event handed to a client's socket, last 4096 writes. */
  readonly writeLatency_ms: ReturnType<LatencyWindow["summary"]>;
  /** Epochs published per second over the last 10 s. */
  readonly epochsPerSecond: number;
}

const sse = (event: unknown) => `data: ${JSON.stringify(event)}\n\n`;

export class LiveHub {
  private readonly clients = new Set<SseClient>();
  private readonly recent: string[] = [];
  private readonly backlog: number;
  private helloText: string;
  private endText?: string;
  private nextId = 1;
  private droppedByGone = 0;
  private readonly heartbeat?: NodeJS.Timeout;
  private readonly firstClientWaiters: (() => void)[] = [];
  private readonly publishTimes = new Float64Array(1024);
  private publishCount = 0;
  private started = false;
  epochs = 0;
  solved = 0;
  readonly eventLatency = new LatencyWindow();
  readonly writeLatency = new LatencyWindow();

  constructor(
    hello: LiveHello,
    private readonly options: LiveHubOptions = {},
  ) {
    this.helloText = sse(hello);
    this.backlog = Math.max(0, Math.min(options.backlog ?? 60, Math.floor((options.maxEvents ?? 64) / 2)));
    const beat = options.heartbeat_ms ?? 15000;
    if (beat > 0) {
      this.heartbeat = setInterval(() => {
        for (const c of this.clients) c.comment("keep-alive");
      }, beat);
      this.heartbeat.unref();
    }
  }

  /** Replace the hello (known only once the source is open); later clients get the new one. */
  setHello(hello: LiveHello): void {
    this.helloText = sse(hello);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** The source has started publishing (for the status). */
  markStarted(): void {
    this.started = true;
  }

  /** Takes over a GET /api/live response. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
    });
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true, 30000);
    const client = new SseClient(this.nextId++, res, this.options, (ms) => this.writeLatency.record(ms));
    this.clients.add(client);
    res.on("close", () => {
      this.droppedByGone += client.dropped;
      this.clients.delete(client);
    });
    res.write("retry: 3000\n\n");
    client.send(this.helloText, false);
    // the recent epochs were released before this client came: no write latency for them
    for (const text of this.recent) client.send(text, true);
    if (this.endText) client.send(this.endText, false);
    for (const w of this.firstClientWaiters.splice(0)) w();
  }

  /** Resolves when a client is connected (file replays start then, so that the page sees the beginning). */
  firstClient(signal?: AbortSignal): Promise<void> {
    if (this.clients.size > 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.firstClientWaiters.push(resolve);
      signal?.addEventListener("abort", () => resolve(), { once: true });
    });
  }

  /**
   * Back-pressure for replays that run "as fast as the page takes": resolves at once when there is no client
   * or some client has (almost) nothing waiting, else when one catches up, at the latest after `max_ms`
   * (a page that stopped reading then loses epochs instead of stopping the replay).
   */
  async whenReady(max_ms: number, signal?: AbortSignal): Promise<void> {
    const deadline = performance.now() + max_ms;
    while (!signal?.aborted && !this.ready() && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 2));
  }

  private ready(): boolean {
    if (this.clients.size === 0) return true;
    for (const c of this.clients) if (c.backlog <= 1) return true;
    return false;
  }

  /** Send one epoch to every client; `released_ms` is the performance.now() of the epoch's release. */
  publish(ev: LiveEpoch, released_ms: number): void {
    this.started = true;
    this.epochs++;
    if (ev.status !== "none") this.solved++;
    this.eventLatency.record(ev.latency_ms);
    this.publishTimes[this.publishCount++ % this.publishTimes.length] = performance.now();
    const text = sse(ev);
    if (this.backlog > 0) {
      this.recent.push(text);
      if (this.recent.length > this.backlog) this.recent.shift();
    }
    for (const c of this.clients) c.send(text, true, released_ms);
  }

  /** The source has ended. */
  end(ev: LiveEnd): void {
    this.endText = sse(ev);
    for (const c of this.clients) c.send(this.endText, false);
  }

  get ended(): boolean {
    return this.endText !== undefined;
  }

  stats(): LiveHubStats {
    const details = [...this.clients].map((c) => c.stats());
    const now = performance.now();
    // over the last 10 s, or over the span the ring holds when it holds less (high rates)
    const n = Math.min(this.publishCount, this.publishTimes.length);
    let oldest = now;
    for (let i = 0; i < n; i++) oldest = Math.min(oldest, this.publishTimes[i]);
    const window_ms = Math.min(10000, now - oldest);
    let recent = 0;
    for (let i = 0; i < n; i++) if (now - this.publishTimes[i] < window_ms) recent++;
    const span_s = Math.max(window_ms, 1) / 1000;
    return {
      state: this.endText ? "ended" : this.started ? "running" : "waiting-for-client",
      epochs: this.epochs,
      solved: this.solved,
      clients: this.clients.size,
      clientDetails: details,
      droppedEpochs: this.droppedByGone + details.reduce((a, c) => a + c.dropped, 0),
      latency_ms: this.eventLatency.summary(),
      writeLatency_ms: this.writeLatency.summary(),
      epochsPerSecond: Math.round((recent / span_s) * 10) / 10,
    };
  }

  /** Close every client (server stopping). */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const c of this.clients) c.end();
    this.clients.clear();
    for (const w of this.firstClientWaiters.splice(0)) w();
  }
}
