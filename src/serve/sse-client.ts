// One Server-Sent Events connection with a bounded queue. Events go straight to the socket while it takes
// them; once node's write buffer is full (`write` returned false) they wait in a queue of at most
// `maxEvents` events / `maxBytes` bytes, and when that overflows the oldest epochs are dropped (never the
// hello or the end). Before the next event after a drop the client gets an SSE comment line
// `: dropped N epochs ...`, which EventSource ignores and a person or a test can read. A client that never
// reads therefore holds at most one socket buffer plus the queue, whatever the epoch rate.

import type { ServerResponse } from "node:http";

export interface SseClientOptions {
  /** Most events waiting for one client (default 64). */
  readonly maxEvents?: number;
  /** Most bytes waiting for one client (default 4 MiB). */
  readonly maxBytes?: number;
}

/** What is known about a client, for GET /api/status. */
export interface SseClientStats {
  readonly id: number;
  readonly remote: string;
  readonly connected_s: number;
  readonly sent: number;
  readonly dropped: number;
  readonly queued: number;
  readonly queuedBytes: number;
  /** Bytes node holds for the socket (written, not yet taken by the kernel). */
  readonly socketBuffered: number;
}

interface Pending {
  readonly text: string;
  /** Epochs may be dropped; the hello and the end may not. */
  readonly droppable: boolean;
  /** performance.now() of the epoch's release, for the write latency; NaN when not an epoch. */
  readonly released_ms: number;
}

export class SseClient {
  private readonly queue: Pending[] = [];
  private head = 0;
  private queuedBytes = 0;
  private blocked = false;
  private closed = false;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly since_ms = performance.now();
  /** Events written to the socket. */
  sent = 0;
  /** Epochs dropped because the client read too slowly. */
  dropped = 0;
  private reported = 0;

  constructor(
    readonly id: number,
    private readonly res: ServerResponse,
    options: SseClientOptions = {},
    /** Called with (release -> written) in ms each time an epoch reaches the socket. */
    private readonly onWritten?: (latency_ms: number) => void,
  ) {
    this.maxEvents = Math.max(2, options.maxEvents ?? 64);
    this.maxBytes = Math.max(1024, options.maxBytes ?? 4 * 1024 * 1024);
    res.on("drain", () => {
      this.blocked = false;
      this.flush();
    });
    res.on("close", () => {
      this.closed = true;
      this.queue.length = 0;
      this.head = 0;
      this.queuedBytes = 0;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Events waiting (not yet handed to the socket). */
  get backlog(): number {
    return this.queue.length - this.head;
  }

  /** Queue one SSE message (`data: ...\n\n` already formatted). */
  send(text: string, droppable: boolean, released_ms = Number.NaN): void {
    if (this.closed) return;
    this.queue.push({ text, droppable, released_ms });
    this.queuedBytes += text.length;
    this.bound();
    this.flush();
  }

  /** An SSE comment (keep-alive); only when nothing is waiting, so it never adds to a backlog. */
  comment(text: string): void {
    if (this.closed || this.blocked || this.backlog > 0) return;
    this.blocked = !this.res.write(`: ${text}\n\n`);
  }

  stats(): SseClientStats {
    const sock = this.res.socket;
    return {
      id: this.id,
      remote: sock ? `${sock.remoteAddress}:${sock.remotePort}` : "",
      connected_s: Math.round(performance.now() - this.since_ms) / 1000,
      sent: this.sent,
      dropped: this.dropped,
      queued: this.backlog,
      queuedBytes: this.queuedBytes,
      socketBuffered: this.res.writableLength,
    };
  }

  /** End the response (server shutting down). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.res.end();
  }

  /** Drop the oldest droppable events until the queue fits its bounds again. */
  private bound(): void {
    while (this.backlog > this.maxEvents || (this.queuedBytes > this.maxBytes && this.backlog > 1)) {
      let k = this.head;
      while (k < this.queue.length && !this.queue[k].droppable) k++;
      if (k >= this.queue.length - 1) break; // keep the newest event whatever happens
      const [gone] = this.queue.splice(k, 1);
      this.queuedBytes -= gone.text.length;
      this.dropped++;
    }
  }

  private flush(): void {
    while (!this.closed && !this.blocked && this.head < this.queue.length) {
      if (this.dropped > this.reported) {
        const n = this.dropped - this.reported;
        this.reported = this.dropped;
        this.res.write(`: dropped ${n} epochs (${this.dropped} in all): this client reads too slowly\n\n`);
      }
      const p = this.queue[this.head++];
      this.queuedBytes -= p.text.length;
      this.blocked = !this.res.write(p.text);
      this.sent++;
      if (p.droppable && this.onWritten) this.onWritten(performance.now() - p.released_ms);
    }
    // compact the array now and then, so that its head does not grow without end
    if (this.head > 256 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
  }
}
