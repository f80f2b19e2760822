// From an endpoint string to a running source or sink.

import { BeidouError } from "../../core/errors.js";
import type { Framer } from "../../formats/framing.js";
import { type GgaPositionProvider, NtripClientSource } from "../ntrip/ntrip-client.js";
import { ntripServerSink } from "../ntrip/ntrip-server-sink.js";
import type { BackoffOptions } from "./backoff.js";
import type { ByteSink, ByteSource, StreamEventListener } from "./byte-source.js";
import { type Endpoint, parseEndpoint } from "./endpoint.js";
import { FileSource } from "./file-source.js";
import { SerialSource } from "./serial-source.js";
import { StdinSource } from "./stdin-source.js";
import { TcpClientSink } from "./tcp-client-sink.js";
import { TcpClientSource } from "./tcp-client-source.js";
import { TcpServerSink } from "./tcp-server-sink.js";
import { TcpServerSource } from "./tcp-server-source.js";
import { fileSink, stdoutSink } from "./write-stream-sink.js";

export interface OpenSourceOptions {
  readonly onEvent?: StreamEventListener;
  readonly signal?: AbortSignal;
  /** Frames for real-time file replay (epoch times). */
  readonly framer?: () => Framer;
  /** Overrides for file sources (the CLI's --rate / --realtime). */
  readonly rate_Bps?: number;
  readonly realtime?: boolean;
  readonly speed?: number;
  readonly backoff?: BackoffOptions | false;
  readonly ggaPosition?: GgaPositionProvider;
  readonly idleTimeout_ms?: number;
}

export function openSource(spec: string | Endpoint, o: OpenSourceOptions = {}): ByteSource {
  const e = typeof spec === "string" ? parseEndpoint(spec) : spec;
  switch (e.kind) {
    case "file":
      return new FileSource(e.path, {
        onEvent: o.onEvent,
        signal: o.signal,
        rate_Bps: o.rate_Bps ?? e.rate_Bps,
        realtime: o.realtime ?? e.realtime,
        speed: o.speed ?? e.speed,
        loop: e.loop,
        framer: o.framer,
      });
    case "tcp":
      return new TcpClientSource(e.host, e.port, {
        onEvent: o.onEvent,
        signal: o.signal,
        backoff: o.backoff,
        idleTimeout_ms: o.idleTimeout_ms,
      });
    case "tcpserver":
      return new TcpServerSource(e.host, e.port, { onEvent: o.onEvent, signal: o.signal });
    case "serial":
      return new SerialSource(e.path, e.baud, { onEvent: o.onEvent, signal: o.signal });
    case "ntrip":
      return new NtripClientSource(e, {
        onEvent: o.onEvent,
        signal: o.signal,
        backoff: o.backoff,
        ggaPosition: o.ggaPosition,
        idleTimeout_ms: o.idleTimeout_ms,
      });
    case "ntrips":
      throw new BeidouError(
        "bad-argument",
        "ntrips:// pushes to a caster: it is a sink (--out), not a source",
      );
    case "stdio":
      return new StdinSource();
  }
}

export interface OpenSinkOptions {
  readonly onEvent?: StreamEventListener;
  readonly queueCapacity_bytes?: number;
  readonly backoff?: BackoffOptions;
}

/** A sink ready to write (servers listening, clients connecting in the background). */
export async function openSink(spec: string | Endpoint, o: OpenSinkOptions = {}): Promise<ByteSink> {
  const e = typeof spec === "string" ? parseEndpoint(spec) : spec;
  switch (e.kind) {
    case "file":
      return fileSink(e.path);
    case "stdio":
      return stdoutSink();
    case "tcp":
      return new TcpClientSink(e.host, e.port, o);
    case "tcpserver": {
      const s = new TcpServerSink(e.host, e.port, o);
      await s.start();
      return s;
    }
    case "ntrips":
      return ntripServerSink(e, o);
    case "ntrip":
      throw new BeidouError(
        "bad-argument",
        "ntrip:// reads from a caster: to push a stream to a caster use ntrips://[user:pass@]host:port/MOUNT",
      );
    case "serial":
      throw new BeidouError("bad-argument", "serial ports are sources only in this version");
  }
}
