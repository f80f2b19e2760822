// One stream of bytes sent to many sockets (TCP server sink, NTRIP caster mountpoints). Each client has a
// bounded queue in front of its socket: while the socket cannot take more (the kernel buffer is full and
// Node's own buffer is past its high-water mark) new chunks wait in the queue, and once the queue is full they
// are dropped whole and counted. A client that reads nothing therefore costs at most
// `queueCapacity_bytes` + the socket's high-water mark, however long it stalls.

import type { Socket } from "node:net";
import { BoundedByteQueue } from "./byte-queue.js";

export interface FanOutClientStats {
  readonly id: number;
  readonly remote: string;
  readonly label: string;
  readonly sent_bytes: number;
  readonly dropped_bytes: number;
  readonly dropped_chunks: number;
  readonly queued_bytes: number;
  readonly peakQueued_bytes: number;
  /** Bytes held in Node's socket buffer right now. */
  readonly socketBuffered_bytes: number;
  readonly connectedAt_ms: number;
}

const CRLF = new Uint8Array([13, 10]);
const encoder = new TextEncoder();

export class FanOutClient {
  readonly queue: BoundedByteQueue;
  sent_bytes = 0;
  readonly connectedAt_ms = Date.now();
  private closed = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    readonly label: string,
    capacity_bytes: number,
    /** HTTP/1.1 chunked transfer encoding of the payload (NTRIP 2.0 data). */
    readonly chunked: boolean,
    private readonly onClose: (c: FanOutClient) => void,
  ) {
    this.queue = new BoundedByteQueue(capacity_bytes);
    socket.on("drain", () => this.flush());
    socket.on("close", () => this.dispose());
    socket.on("error", () => this.dispose());
  }

  get remote(): string {
    return `${this.socket.remoteAddress ?? "?"}:${this.socket.remotePort ?? "?"}`;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Send now if the socket can take it, else queue (or drop when the queue is full). */
  send(chunk: Uint8Array): void {
    if (this.closed || chunk.length === 0) return;
    if (this.queue.isEmpty && !this.socket.writableNeedDrain) this.writeNow(chunk);
    else this.queue.offer(chunk);
  }

  private writeNow(chunk: Uint8Array): void {
    this.sent_bytes += chunk.length;
    if (this.chunked) {
      this.socket.cork();
      this.socket.write(encoder.encode(`${chunk.length.toString(16)}\r\n`));
      this.socket.write(chunk);
      this.socket.write(CRLF);
      this.socket.uncork();
    } else this.socket.write(chunk);
  }

  private flush(): void {
    while (!this.closed && !this.socket.writableNeedDrain) {
      const c = this.queue.take();
      if (!c) break;
      this.writeNow(c);
    }
  }

  /** End the response (the chunked terminator for NTRIP 2.0) and close. */
  end(): void {
    if (this.closed) return;
    if (this.chunked && !this.socket.destroyed) this.socket.write("0\r\n\r\n");
    this.socket.end();
    // a peer that never reads would keep the socket half-open: destroy it after a grace period
    setTimeout(() => this.socket.destroy(), 2000).unref();
    this.dispose();
  }

  destroy(): void {
    this.socket.destroy();
    this.dispose();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    this.onClose(this);
  }

  stats(): FanOutClientStats {
    return {
      id: this.id,
      remote: this.remote,
      label: this.label,
      sent_bytes: this.sent_bytes,
      dropped_bytes: this.queue.dropped_bytes,
      dropped_chunks: this.queue.dropped_chunks,
      queued_bytes: this.queue.length_bytes,
      peakQueued_bytes: this.queue.peak_bytes,
      socketBuffered_bytes: this.socket.writableLength,
      connectedAt_ms: this.connectedAt_ms,
    };
  }
}

export interface FanOutOptions {
  /** Per-client queue (bytes) beyond the socket's own buffer. */
  readonly queueCapacity_bytes?: number;
  readonly onClientLeft?: (stats: FanOutClientStats) => void;
}

let nextClientId = 1;

export class FanOut {
  private readonly clients = new Set<FanOutClient>();
  readonly queueCapacity_bytes: number;
  /** Bytes dropped for clients that have since left. */
  private droppedByGone_bytes = 0;
  private readonly onClientLeft?: (stats: FanOutClientStats) => void;

  constructor(options: FanOutOptions = {}) {
    this.queueCapacity_bytes = options.queueCapacity_bytes ?? 256 * 1024;
    this.onClientLeft = options.onClientLeft;
  }

  add(socket: Socket, label = "", chunked = false): FanOutClient {
    const c = new FanOutClient(nextClientId++, socket, label, this.queueCapacity_bytes, chunked, (gone) => {
      if (!this.clients.delete(gone)) return;
      this.droppedByGone_bytes += gone.queue.dropped_bytes;
      this.onClientLeft?.(gone.stats());
    });
    this.clients.add(c);
    return c;
  }

  get size(): number {
    return this.clients.size;
  }

  broadcast(chunk: Uint8Array): void {
    for (const c of this.clients) c.send(chunk);
  }

  stats(): FanOutClientStats[] {
    return [...this.clients].map((c) => c.stats());
  }

  /** Dropped bytes over all clients, present and past. */
  totalDropped_bytes(): number {
    let n = this.droppedByGone_bytes;
    for (const c of this.clients) n += c.queue.dropped_bytes;
    return n;
  }

  endAll(): void {
    for (const c of [...this.clients]) c.end();
  }

  destroyAll(): void {
    for (const c of [...this.clients]) c.destroy();
  }
}
