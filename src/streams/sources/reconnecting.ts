// The reconnect loop shared by the TCP and NTRIP clients: open a session, pass its bytes on, and when it
// is lost open it again after an exponential backoff; the first bytes after a reconnect are preceded by
// a "gap" event (data between the last byte before the loss and the first one after it are missing).

import net from "node:net";
import { BeidouError } from "../../core/errors.js";
import { Backoff, type BackoffOptions, sleep } from "./backoff.js";
import type { StreamEventListener } from "./byte-source.js";

/** A failure that retrying cannot fix (bad password, unknown mountpoint): the source ends with it. */
export class FatalStreamError extends BeidouError {
  constructor(message: string) {
    super("io", message);
    this.name = "FatalStreamError";
  }
}

export interface Session {
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Ends the session (destroys its socket). */
  close(): void;
  readonly detail?: string;
}

export interface ReconnectOptions {
  /** false: no reconnect (the first failure ends the source). */
  readonly backoff?: BackoffOptions | false;
  readonly onEvent?: StreamEventListener;
  readonly signal?: AbortSignal;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function* reconnecting(
  endpoint: string,
  open: (signal: AbortSignal) => Promise<Session>,
  options: ReconnectOptions,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const emit = options.onEvent ?? (() => {});
  const retry = options.backoff !== false;
  const backoff = new Backoff(options.backoff === false ? {} : options.backoff);
  let lastByte_ms: number | undefined;
  let gapPending = false;
  let lastReason = "";
  while (!signal.aborted) {
    let session: Session;
    try {
      session = await open(signal);
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof FatalStreamError || !retry) throw wrap(endpoint, e);
      lastReason = messageOf(e);
      const delay_ms = backoff.next();
      if (delay_ms === undefined)
        throw new BeidouError("io", `${endpoint}: gave up after ${backoff.attempt} attempts (${lastReason})`);
      emit({
        kind: "retry",
        endpoint,
        at_ms: Date.now(),
        attempt: backoff.attempt,
        delay_ms,
        reason: lastReason,
      });
      await sleep(delay_ms, signal);
      continue;
    }
    emit({ kind: "connected", endpoint, at_ms: Date.now(), detail: session.detail });
    const onAbort = () => session.close();
    signal.addEventListener("abort", onAbort, { once: true });
    let reason = "closed by the peer";
    try {
      for await (const chunk of session.chunks) {
        if (signal.aborted) break;
        const now = Date.now();
        if (gapPending && lastByte_ms !== undefined) {
          emit({ kind: "gap", endpoint, from_ms: lastByte_ms, to_ms: now, bytesLost: "unknown" });
          gapPending = false;
        }
        backoff.reset();
        lastByte_ms = now;
        yield chunk;
      }
    } catch (e) {
      if (e instanceof FatalStreamError) throw e;
      reason = messageOf(e);
    } finally {
      signal.removeEventListener("abort", onAbort);
      session.close();
    }
    if (signal.aborted) return;
    emit({ kind: "disconnected", endpoint, at_ms: Date.now(), reason });
    if (!retry) return;
    if (lastByte_ms !== undefined) gapPending = true;
    const delay_ms = backoff.next();
    if (delay_ms === undefined)
      throw new BeidouError(
        "io",
        `${endpoint}: connection lost (${reason}); gave up after ${backoff.attempt} attempts`,
      );
    emit({ kind: "retry", endpoint, at_ms: Date.now(), attempt: backoff.attempt, delay_ms, reason });
    await sleep(delay_ms, signal);
  }
}

function wrap(endpoint: string, e: unknown): Error {
  if (e instanceof BeidouError) return e;
  return new BeidouError("io", `${endpoint}: ${messageOf(e)}`);
}

/** Connect a TCP socket, failing after `timeout_ms` or when `signal` aborts. */
export function connectTcp(
  host: string,
  port: number,
  signal: AbortSignal,
  timeout_ms = 10_000,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => fail(new Error(`connect to ${host}:${port} timed out`)), timeout_ms);
    const onAbort = () => fail(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    function cleanup() {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.off("error", fail);
      socket.off("connect", ok);
    }
    function fail(e: Error) {
      cleanup();
      socket.destroy();
      reject(e);
    }
    function ok() {
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    }
    socket.once("error", fail);
    socket.once("connect", ok);
  });
}

/** A socket's data as an async iterable that ends (instead of throwing) when the socket is destroyed. */
export async function* socketChunks(socket: net.Socket, idleTimeout_ms?: number): AsyncGenerator<Uint8Array> {
  if (idleTimeout_ms) {
    socket.setTimeout(idleTimeout_ms, () =>
      socket.destroy(new Error(`no data for ${(idleTimeout_ms / 1000).toFixed(0)} s`)),
    );
  }
  try {
    for await (const chunk of socket) yield chunk as Uint8Array;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ABORT_ERR") return;
    throw e;
  }
}
