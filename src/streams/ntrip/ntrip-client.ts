// NTRIP client (RTCM 10410.0 NTRIP 1.0 §3.2; RTCM 10410.1 NTRIP 2.0 §2.3): `GET /MOUNT` with basic
// authentication; NTRIP 2.0 adds `Ntrip-Version: Ntrip/2.0` and answers `HTTP/1.1 200 OK` with chunked data,
// NTRIP 1.0 casters answer `ICY 200 OK` and raw data (a 2.0 request to a 1.0 caster gets ICY too, which is
// accepted). Network mountpoints get a GGA sentence every N seconds. A lost connection is reopened with
// exponential backoff and reported by a gap event; bad credentials or an unknown mountpoint end the source.

import type net from "node:net";
import { BeidouError } from "../../core/errors.js";
import type { BackoffOptions } from "../sources/backoff.js";
import type { ByteSource, SourceOptions } from "../sources/byte-source.js";
import type { NtripEndpoint } from "../sources/endpoint.js";
import { connectTcp, FatalStreamError, reconnecting, type Session } from "../sources/reconnecting.js";
import { ChunkedDecoder } from "./chunked-decoder.js";
import { ggaSentence } from "./gga.js";
import { basicAuth, type HeadResult, parseResponseHead, type ResponseHead } from "./message-head.js";
import { parseSourcetable, type Sourcetable } from "./sourcetable.js";

export const USER_AGENT = "NTRIP beidou/0.1";

/** Latitude, longitude (deg) and ellipsoidal height (m) for GGA uploads, or undefined when unknown. */
export type GgaPositionProvider = () => readonly [number, number, number] | undefined;

export interface NtripClientOptions extends SourceOptions {
  readonly backoff?: BackoffOptions | false;
  /** Reconnect when no data arrives for this long (ms). */
  readonly idleTimeout_ms?: number;
  /** Time allowed for the caster's answer (ms). */
  readonly responseTimeout_ms?: number;
  /** Position for GGA uploads when the endpoint gives none (e.g. the engine's latest solution). */
  readonly ggaPosition?: GgaPositionProvider;
}

interface Connected {
  readonly socket: net.Socket;
  readonly head: ResponseHead;
  readonly iterator: AsyncIterator<Uint8Array>;
  readonly leftover: Uint8Array;
}

function requestText(e: NtripEndpoint, target: string, extra: string[] = []): string {
  const lines =
    e.version === 2
      ? [
          `GET ${target} HTTP/1.1`,
          `Host: ${e.host}:${e.port}`,
          "Ntrip-Version: Ntrip/2.0",
          `User-Agent: ${USER_AGENT}`,
        ]
      : [`GET ${target} HTTP/1.0`, `User-Agent: ${USER_AGENT}`];
  if (e.user !== undefined) lines.push(`Authorization: ${basicAuth(e.user, e.password ?? "")}`);
  lines.push(...extra);
  if (e.version === 2) lines.push("Connection: close");
  return `${lines.join("\r\n")}\r\n\r\n`;
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
};

/** Read from `it` until `parse` finds a complete head. */
async function readHead<T>(
  it: AsyncIterator<Uint8Array>,
  parse: (b: Uint8Array) => HeadResult<T>,
  what: string,
): Promise<{ head: T; leftover: Uint8Array }> {
  let buf: Uint8Array = new Uint8Array(0);
  for (;;) {
    const r = await it.next();
    if (r.done) throw new Error(`connection closed before the ${what} was complete`);
    buf = buf.length === 0 ? r.value : concat(buf, r.value);
    const p = parse(buf);
    if (p.kind === "error") throw new FatalStreamError(p.message);
    if (p.kind === "head") return { head: p.head, leftover: buf.subarray(p.bodyStart) };
  }
}

async function request(
  e: NtripEndpoint,
  target: string,
  signal: AbortSignal,
  timeout_ms: number,
  extra: string[] = [],
): Promise<Connected> {
  const socket = await connectTcp(e.host, e.port, signal, timeout_ms);
  const timer = setTimeout(
    () => socket.destroy(new Error(`no answer from the caster in ${timeout_ms / 1000} s`)),
    timeout_ms,
  );
  try {
    socket.write(requestText(e, target, extra));
    const iterator = (socket as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const { head, leftover } = await readHead(iterator, parseResponseHead, "caster's answer");
    return { socket, head, iterator, leftover };
  } catch (err) {
    socket.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function isSourcetableAnswer(h: ResponseHead): boolean {
  return h.protocol === "SOURCETABLE" || /gnss\/sourcetable/i.test(h.headers.get("content-type") ?? "");
}

/** Classify a caster answer to a stream request: undefined when it is a stream, else the error to throw. */
function answerError(e: NtripEndpoint, h: ResponseHead): Error | undefined {
  const where = `ntrip://${e.host}:${e.port}/${e.mount}`;
  if (h.protocol === "ERROR")
    return new FatalStreamError(`${where}: the caster refused: ${h.reason.slice(0, 120)}`);
  if (h.status === 401 || h.status === 403)
    return new FatalStreamError(`${where}: ${h.status} ${h.reason} (check the user name and password)`);
  if (h.status === 200 && isSourcetableAnswer(h))
    return new FatalStreamError(`${where}: no such mountpoint (the caster sent its sourcetable)`);
  if (h.status === 404) return new FatalStreamError(`${where}: no such mountpoint (404)`);
  if (h.status >= 500) return new Error(`${where}: ${h.status} ${h.reason}`);
  if (h.status !== 200) return new FatalStreamError(`${where}: ${h.status} ${h.reason}`);
  return undefined;
}

async function* bodyChunks(c: Connected): AsyncGenerator<Uint8Array> {
  const chunked = /chunked/i.test(c.head.headers.get("transfer-encoding") ?? "");
  const decoder = chunked ? new ChunkedDecoder() : undefined;
  let pending: Uint8Array | undefined = c.leftover.length > 0 ? c.leftover : undefined;
  for (;;) {
    let chunk: Uint8Array;
    if (pending) {
      chunk = pending;
      pending = undefined;
    } else {
      let r: IteratorResult<Uint8Array>;
      try {
        r = await c.iterator.next();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ERR_STREAM_PREMATURE_CLOSE") return;
        throw err;
      }
      if (r.done) return;
      chunk = r.value;
    }
    if (!decoder) {
      yield chunk;
      continue;
    }
    for (const part of decoder.push(chunk)) if (part.length > 0) yield part;
    if (decoder.done) return;
  }
}

export class NtripClientSource implements ByteSource {
  readonly endpoint: string;
  private readonly abort = new AbortController();
  /** What the caster answered on the last connection (status line), for messages. */
  lastAnswer = "";

  constructor(
    readonly target: NtripEndpoint,
    private readonly options: NtripClientOptions = {},
  ) {
    if (!target.mount)
      throw new BeidouError("bad-argument", "an NTRIP client needs a mountpoint (ntrip://host:port/MOUNT)");
    this.endpoint = `ntrip://${target.host}:${target.port}/${target.mount}`;
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  close(): void {
    this.abort.abort();
  }

  private ggaNow(): string | undefined {
    const p = this.target.ggaPosition ?? this.options.ggaPosition?.();
    return p ? ggaSentence(p[0], p[1], p[2]) : undefined;
  }

  private async open(signal: AbortSignal): Promise<Session> {
    const e = this.target;
    const gga = e.ggaInterval_s > 0 ? this.ggaNow() : undefined;
    const extra = e.version === 2 && gga ? [`Ntrip-GGA: ${gga.trim()}`] : [];
    const c = await request(
      e,
      `/${encodeURI(e.mount)}`,
      signal,
      this.options.responseTimeout_ms ?? 10_000,
      extra,
    );
    this.lastAnswer = c.head.statusLine;
    const err = answerError(e, c.head);
    if (err) {
      c.socket.destroy();
      throw err;
    }
    let timer: NodeJS.Timeout | undefined;
    if (e.ggaInterval_s > 0) {
      const send = () => {
        const s = this.ggaNow();
        if (s && !c.socket.destroyed) c.socket.write(s);
      };
      send();
      timer = setInterval(send, e.ggaInterval_s * 1000);
    }
    const idle = this.options.idleTimeout_ms ?? 30_000;
    if (idle > 0)
      c.socket.setTimeout(idle, () => c.socket.destroy(new Error(`no data for ${idle / 1000} s`)));
    return {
      chunks: bodyChunks(c),
      detail: c.head.statusLine,
      close: () => {
        if (timer) clearInterval(timer);
        c.socket.destroy();
      },
    };
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return reconnecting(this.endpoint, (s) => this.open(s), this.options, this.abort.signal);
  }
}

/** Ask a caster for its sourcetable (`GET /`). */
export async function fetchSourcetable(
  e: Omit<NtripEndpoint, "mount">,
  options: { timeout_ms?: number; signal?: AbortSignal } = {},
): Promise<Sourcetable> {
  const timeout_ms = options.timeout_ms ?? 10_000;
  const ac = new AbortController();
  options.signal?.addEventListener("abort", () => ac.abort(), { once: true });
  const endpoint = { ...e, mount: "" } as NtripEndpoint;
  const c = await request(endpoint, "/", ac.signal, timeout_ms);
  const timer = setTimeout(() => c.socket.destroy(new Error("sourcetable not complete in time")), timeout_ms);
  try {
    const h = c.head;
    if (h.protocol === "ERROR" || (h.status !== 200 && h.protocol !== "ICY"))
      throw new BeidouError("io", `ntrip://${e.host}:${e.port}/: ${h.statusLine}`);
    const length = Number(h.headers.get("content-length") ?? Number.NaN);
    const parts: Uint8Array[] = [];
    let total = 0;
    const decoder = new TextDecoder("latin1");
    let text = "";
    for await (const part of bodyChunks(c)) {
      parts.push(part);
      total += part.length;
      text += decoder.decode(part, { stream: true });
      if (text.includes("ENDSOURCETABLE") || (Number.isFinite(length) && total >= length)) break;
      if (total > 16 * 1024 * 1024) throw new BeidouError("io", "sourcetable larger than 16 MiB");
    }
    return parseSourcetable(text);
  } catch (err) {
    if (err instanceof BeidouError) throw err;
    throw new BeidouError("io", `ntrip://${e.host}:${e.port}/: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    c.socket.destroy();
  }
}
