// One line for people about a connection event of a source or sink (stderr of `stream`, `serve`, `caster`).

import type { StreamEvent } from "./byte-source.js";

/** The line for `e`, or undefined for events that are not news (ends; gaps unless `gaps`). */
export function describeEvent(e: StreamEvent, opts: { gaps?: boolean } = {}): string | undefined {
  switch (e.kind) {
    case "connected":
      return `${e.endpoint}: connected${e.detail ? ` (${e.detail})` : ""}`;
    case "disconnected":
      return `${e.endpoint}: disconnected: ${e.reason}`;
    case "retry":
      return `${e.endpoint}: retry ${e.attempt} in ${(e.delay_ms / 1000).toFixed(1)} s (${e.reason})`;
    case "client-joined":
      return `${e.endpoint}: client ${e.client} joined`;
    case "client-left":
      return `${e.endpoint}: client ${e.client} left (sent ${e.bytesSent ?? 0} B, dropped ${e.bytesDropped ?? 0} B)`;
    case "gap":
      return opts.gaps ? `${e.endpoint}: gap of ${((e.to_ms - e.from_ms) / 1000).toFixed(1)} s` : undefined;
    case "error":
      return `${e.endpoint}: ${e.message}`;
    default:
      return undefined;
  }
}
