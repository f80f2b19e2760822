// `ntrips://[user:pass@]host[:port]/MOUNT`: push a stream to a caster as an NTRIP server. NTRIP 1.0
// (RTCM 10410.0 §3.3): `SOURCE password /MOUNT` + `Source-Agent`, answer `ICY 200 OK`; NTRIP 2.0
// (RTCM 10410.1 §2.4): `POST /MOUNT HTTP/1.1` with basic authentication and chunked data, answer `HTTP/1.1 200`.

import type net from "node:net";
import type { BackoffOptions } from "../sources/backoff.js";
import type { StreamEventListener } from "../sources/byte-source.js";
import type { NtripEndpoint } from "../sources/endpoint.js";
import { TcpClientSink } from "../sources/tcp-client-sink.js";
import { encodeChunk } from "./chunked-decoder.js";
import { basicAuth, parseResponseHead } from "./message-head.js";

export interface NtripServerSinkOptions {
  readonly queueCapacity_bytes?: number;
  readonly backoff?: BackoffOptions;
  readonly onEvent?: StreamEventListener;
}

function requestText(e: NtripEndpoint): string {
  if (e.version === 1) {
    return `SOURCE ${e.password ?? ""} /${e.mount}\r\nSource-Agent: NTRIP beidou/0.1\r\nSTR: \r\n\r\n`;
  }
  const lines = [
    `POST /${e.mount} HTTP/1.1`,
    `Host: ${e.host}:${e.port}`,
    "Ntrip-Version: Ntrip/2.0",
    "User-Agent: NTRIP beidou/0.1",
    ...(e.user !== undefined ? [`Authorization: ${basicAuth(e.user, e.password ?? "")}`] : []),
    "Content-Type: gnss/data",
    "Transfer-Encoding: chunked",
  ];
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function handshake(e: NtripEndpoint) {
  return (socket: net.Socket, signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      let buf = Buffer.alloc(0);
      const timer = setTimeout(() => fail(new Error("no answer from the caster")), 10_000);
      const onAbort = () => fail(new Error("aborted"));
      signal.addEventListener("abort", onAbort, { once: true });
      function cleanup() {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        socket.off("data", onData);
        socket.off("close", onClose);
      }
      function fail(err: Error) {
        cleanup();
        socket.destroy();
        reject(err);
      }
      function onClose() {
        fail(
          new Error(
            `caster closed the connection${buf.length ? `: ${buf.toString("latin1").split("\r\n")[0]}` : ""}`,
          ),
        );
      }
      function onData(d: Buffer) {
        buf = Buffer.concat([buf, d]);
        const p = parseResponseHead(buf);
        if (p.kind === "incomplete") return;
        if (p.kind === "error") return fail(new Error(p.message));
        const h = p.head;
        if ((h.protocol === "ICY" || h.protocol.startsWith("HTTP")) && h.status === 200) {
          cleanup();
          resolve();
        } else fail(new Error(`caster refused: ${h.statusLine}`));
      }
      socket.on("data", onData);
      socket.on("close", onClose);
      socket.write(requestText(e));
    });
}

export function ntripServerSink(e: NtripEndpoint, options: NtripServerSinkOptions = {}): TcpClientSink {
  return new TcpClientSink(
    e.host,
    e.port,
    { ...options, handshake: handshake(e), encode: e.version === 2 ? encodeChunk : undefined },
    `ntrips://${e.host}:${e.port}/${e.mount}`,
  );
}
