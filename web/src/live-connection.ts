// The page's end of GET /api/live: an EventSource whose events (hello, epoch..., end; see
// src/serve/live-protocol.ts) are parsed and handed on. Unnamed `data:` events and named ones are both accepted.
// After `end` the stream is closed, so the browser does not reconnect to a finished replay.

import type { LiveEvent } from "../../src/serve/live-protocol.js";
import type { LiveCounters } from "./live-state.js";

export interface LiveConnection {
  close(): void;
}

export function connectLive(
  url: string,
  counters: LiveCounters,
  onEvent: (ev: LiveEvent) => void,
  onConnection: () => void,
): LiveConnection {
  const source = new EventSource(url);
  let closed = false;
  const setConnection = (c: LiveCounters["connection"]) => {
    if (counters.connection === c) return;
    counters.connection = c;
    onConnection();
  };
  const onMessage = (msg: MessageEvent) => {
    if (typeof msg.data !== "string" || msg.data.length === 0) return;
    let ev: LiveEvent;
    try {
      ev = JSON.parse(msg.data) as LiveEvent;
    } catch {
      return; // not one of ours (a comment or keep-alive would not reach here; anything else is ignored)
    }
    if (ev === null || typeof ev !== "object" || typeof (ev as { type?: unknown }).type !== "string") return;
    if (counters.connection !== "live" && ev.type !== "end") setConnection("live");
    onEvent(ev);
    if (ev.type === "end") {
      closed = true;
      source.close();
      setConnection("ended");
    }
  };
  source.onmessage = onMessage;
  for (const name of ["hello", "epoch", "end"]) source.addEventListener(name, onMessage as EventListener);
  source.onopen = () => setConnection("live");
  source.onerror = () => {
    if (closed) return;
    setConnection(source.readyState === EventSource.CLOSED ? "error" : "reconnecting");
  };
  return {
    close() {
      closed = true;
      source.close();
    },
  };
}
