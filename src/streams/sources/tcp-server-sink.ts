// `tcpserver://[HOST]:PORT` as a sink: every connected client gets the stream, through a bounded queue
// (see fan-out.ts: a slow client loses whole chunks, counted, and memory stays bounded).

import net from "node:net";
import type { ByteSink, StreamEventListener } from "./byte-source.js";
import { FanOut, type FanOutClientStats } from "./fan-out.js";

export interface TcpServerSinkOptions {
  readonly queueCapacity_bytes?: number;
  readonly onEvent?: StreamEventListener;
}

export class TcpServerSink implements ByteSink {
  readonly endpoint: string;
  private readonly fanOut: FanOut;
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    readonly host: string | undefined,
    readonly requestedPort: number,
    private readonly options: TcpServerSinkOptions = {},
  ) {
    this.endpoint = `tcpserver://${host ?? ""}:${requestedPort}`;
    this.fanOut = new FanOut({
      queueCapacity_bytes: options.queueCapacity_bytes,
      onClientLeft: (s) =>
        options.onEvent?.({
          kind: "client-left",
          endpoint: this.endpoint,
          at_ms: Date.now(),
          client: s.remote,
          bytesSent: s.sent_bytes,
          bytesDropped: s.dropped_bytes,
        }),
    });
  }

  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((s) => {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("data", () => {}); // whatever clients send is ignored
        s.setNoDelay(true);
        this.fanOut.add(s, "client");
        this.options.onEvent?.({
          kind: "client-joined",
          endpoint: this.endpoint,
          at_ms: Date.now(),
          client: `${s.remoteAddress}:${s.remotePort}`,
        });
      });
      server.once("error", reject);
      server.listen(this.requestedPort, this.host, () => {
        server.off("error", reject);
        this.server = server;
        this.port = (server.address() as net.AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  get clients(): number {
    return this.fanOut.size;
  }

  stats(): FanOutClientStats[] {
    return this.fanOut.stats();
  }

  totalDropped_bytes(): number {
    return this.fanOut.totalDropped_bytes();
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.fanOut.broadcast(chunk);
  }

  async close(): Promise<void> {
    this.fanOut.endAll();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    for (const s of this.sockets) s.destroy();
  }
}
