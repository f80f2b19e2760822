// `tcp://HOST:PORT`: bytes from a TCP server (a receiver's or str2str's TCP output), reconnecting with
// backoff when the connection is lost; a gap event marks each reconnect.

import type { BackoffOptions } from "./backoff.js";
import type { ByteSource, SourceOptions } from "./byte-source.js";
import { connectTcp, reconnecting, socketChunks } from "./reconnecting.js";

export interface TcpClientSourceOptions extends SourceOptions {
  /** false: end at the first disconnect. */
  readonly backoff?: BackoffOptions | false;
  /** Reconnect when nothing arrives for this long (ms); 0 = never. */
  readonly idleTimeout_ms?: number;
}

export class TcpClientSource implements ByteSource {
  readonly endpoint: string;
  private readonly abort = new AbortController();

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly options: TcpClientSourceOptions = {},
  ) {
    this.endpoint = `tcp://${host}:${port}`;
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  close(): void {
    this.abort.abort();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const idle = this.options.idleTimeout_ms ?? 60_000;
    return reconnecting(
      this.endpoint,
      async (signal) => {
        const socket = await connectTcp(this.host, this.port, signal);
        return { chunks: socketChunks(socket, idle), close: () => socket.destroy() };
      },
      this.options,
      this.abort.signal,
    );
  }
}
