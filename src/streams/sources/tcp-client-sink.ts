// `tcp://HOST:PORT` as a sink: connect (and reconnect with backoff) to a server and send it the stream. While
// the connection is down, or the peer reads too slowly, bytes beyond a bounded queue are dropped and counted:
// the engine feeding the sink never stalls on the network.

import type net from "node:net";
import { Backoff, type BackoffOptions, sleep } from "./backoff.js";
import { BoundedByteQueue } from "./byte-queue.js";
import type { ByteSink, StreamEventListener } from "./byte-source.js";
import { connectTcp } from "./reconnecting.js";

export interface TcpClientSinkOptions {
  readonly queueCapacity_bytes?: number;
  readonly backoff?: BackoffOptions;
  readonly onEvent?: StreamEventListener;
  /** Bytes written once after each connect, before the data (NTRIP server request). */
  readonly handshake?: (socket: net.Socket, signal: AbortSignal) => Promise<void>;
  /** Framing applied to each chunk on the wire (NTRIP 2.0 chunked transfer coding). */
  readonly encode?: (chunk: Uint8Array) => Uint8Array;
}

export class TcpClientSink implements ByteSink {
  readonly endpoint: string;
  private socket?: net.Socket;
  private readonly queue: BoundedByteQueue;
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  sent_bytes = 0;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly options: TcpClientSinkOptions = {},
    endpoint?: string,
  ) {
    this.endpoint = endpoint ?? `tcp://${host}:${port}`;
    this.queue = new BoundedByteQueue(options.queueCapacity_bytes ?? 1 << 20);
    this.loop = this.run();
  }

  get isConnected(): boolean {
    return this.socket !== undefined;
  }

  get dropped_bytes(): number {
    return this.queue.dropped_bytes;
  }

  /** Resolves once connected (or when closed). */
  async connected(timeout_ms = 10_000): Promise<boolean> {
    const end = Date.now() + timeout_ms;
    while (!this.socket && !this.abort.signal.aborted && Date.now() < end) await sleep(20);
    return !!this.socket;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const backoff = new Backoff(this.options.backoff);
    const emit = this.options.onEvent ?? (() => {});
    while (!signal.aborted) {
      let socket: net.Socket;
      try {
        socket = await connectTcp(this.host, this.port, signal);
        await this.options.handshake?.(socket, signal);
      } catch (e) {
        if (signal.aborted) return;
        const delay_ms = backoff.next();
        if (delay_ms === undefined) return;
        emit({
          kind: "retry",
          endpoint: this.endpoint,
          at_ms: Date.now(),
          attempt: backoff.attempt,
          delay_ms,
          reason: (e as Error).message,
        });
        await sleep(delay_ms, signal);
        continue;
      }
      backoff.reset();
      emit({ kind: "connected", endpoint: this.endpoint, at_ms: Date.now() });
      this.socket = socket;
      socket.on("data", () => {});
      socket.on("drain", () => this.flush());
      this.flush();
      await new Promise<void>((resolve) => {
        socket.once("close", () => resolve());
        socket.once("error", () => resolve());
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
      this.socket = undefined;
      if (signal.aborted) return;
      emit({ kind: "disconnected", endpoint: this.endpoint, at_ms: Date.now(), reason: "connection lost" });
      const delay_ms = backoff.next();
      if (delay_ms === undefined) return;
      await sleep(delay_ms, signal);
    }
  }

  private flush(): void {
    const s = this.socket;
    while (s && !s.destroyed && !s.writableNeedDrain) {
      const c = this.queue.take();
      if (!c) return;
      this.sent_bytes += c.length;
      s.write(this.options.encode ? this.options.encode(c) : c);
    }
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.queue.offer(chunk);
    this.flush();
  }

  async close(): Promise<void> {
    const s = this.socket;
    // give queued bytes a moment to go out
    const end = Date.now() + 2000;
    while (s && !s.destroyed && !this.queue.isEmpty && Date.now() < end) await sleep(10);
    this.abort.abort();
    if (s && !s.destroyed) await new Promise<void>((r) => s.end(() => r()));
    await this.loop;
  }
}
