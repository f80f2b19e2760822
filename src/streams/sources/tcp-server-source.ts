// `tcpserver://[HOST]:PORT` as a source: listen, and read whatever one or many clients send (receivers
// pushing their output). Chunks of several clients are interleaved as they arrive; back-pressure pauses every
// client while the consumer is behind.

import net from "node:net";
import type { ByteSource, SourceOptions } from "./byte-source.js";
import { ChunkChannel } from "./chunk-channel.js";

export interface TcpServerSourceOptions extends SourceOptions {
  /** End the source when the last client leaves (after at least one came). */
  readonly endWhenIdle?: boolean;
  readonly highWater_bytes?: number;
}

export class TcpServerSource implements ByteSource {
  readonly endpoint: string;
  private server?: net.Server;
  private readonly clients = new Set<net.Socket>();
  private readonly channel: ChunkChannel;
  port = 0;
  /** Clients seen so far. */
  accepted = 0;

  constructor(
    readonly host: string | undefined,
    readonly requestedPort: number,
    private readonly options: TcpServerSourceOptions = {},
  ) {
    this.endpoint = `tcpserver://${host ?? ""}:${requestedPort}`;
    this.channel = new ChunkChannel({
      highWater_bytes: options.highWater_bytes,
      onPressure: (paused) => {
        for (const c of this.clients) paused ? c.pause() : c.resume();
      },
    });
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  /** Listen; resolves with the port. */
  start(): Promise<number> {
    if (this.server) return Promise.resolve(this.port);
    return new Promise((resolve, reject) => {
      const server = net.createServer((s) => this.accept(s));
      server.once("error", reject);
      server.listen(this.requestedPort, this.host, () => {
        server.off("error", reject);
        this.server = server;
        this.port = (server.address() as net.AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  private accept(s: net.Socket): void {
    this.clients.add(s);
    this.accepted++;
    const client = `${s.remoteAddress}:${s.remotePort}`;
    const emit = this.options.onEvent;
    emit?.({ kind: "client-joined", endpoint: this.endpoint, at_ms: Date.now(), client });
    s.on("data", (d: Buffer) => this.channel.push(d));
    s.on("error", () => s.destroy());
    s.on("close", () => {
      this.clients.delete(s);
      emit?.({ kind: "client-left", endpoint: this.endpoint, at_ms: Date.now(), client });
      if (this.options.endWhenIdle && this.clients.size === 0) this.close();
    });
  }

  close(): void {
    this.channel.end();
    for (const c of this.clients) c.destroy();
    this.server?.close();
    this.server = undefined;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    await this.start();
    yield* this.channel;
  }
}
