// What every byte source (file, TCP, serial, NTRIP) and byte sink shares: sources are async iterables of
// Uint8Array chunks that stop when closed; both report what happens to the connection as events.

/** Wall-clock milliseconds (Date.now()): connection events are about the network, not GNSS time. */
export type WallTime_ms = number;

export type StreamEvent =
  | {
      readonly kind: "connected";
      readonly endpoint: string;
      readonly at_ms: WallTime_ms;
      readonly detail?: string;
    }
  | {
      readonly kind: "disconnected";
      readonly endpoint: string;
      readonly at_ms: WallTime_ms;
      readonly reason: string;
    }
  | {
      readonly kind: "retry";
      readonly endpoint: string;
      readonly at_ms: WallTime_ms;
      readonly attempt: number;
      readonly delay_ms: number;
      readonly reason: string;
    }
  | {
      /**
       * Data may be missing between `from_ms` (last byte before the connection was lost) and `to_ms` (first byte
       * after it came back). How many bytes the far end sent meanwhile cannot be known.
       */
      readonly kind: "gap";
      readonly endpoint: string;
      readonly from_ms: WallTime_ms;
      readonly to_ms: WallTime_ms;
      readonly bytesLost: "unknown";
    }
  | {
      readonly kind: "client-joined" | "client-left";
      readonly endpoint: string;
      readonly at_ms: WallTime_ms;
      readonly client: string;
      readonly bytesSent?: number;
      readonly bytesDropped?: number;
    }
  | { readonly kind: "end"; readonly endpoint: string; readonly at_ms: WallTime_ms; readonly bytes: number }
  | {
      readonly kind: "error";
      readonly endpoint: string;
      readonly at_ms: WallTime_ms;
      readonly message: string;
    };

export type StreamEventListener = (e: StreamEvent) => void;

export interface ByteSource extends AsyncIterable<Uint8Array> {
  /** The endpoint as the user wrote it (passwords masked). */
  readonly endpoint: string;
  /** Stop reading: pending and later iterations end. Safe to call twice. */
  close(): void;
}

export interface ByteSink {
  readonly endpoint: string;
  /** Queue bytes for writing. Resolves when the sink can take more (back-pressure); never rejects for a lost peer. */
  write(chunk: Uint8Array): Promise<void>;
  /** Flush and close. */
  close(): Promise<void>;
}

export interface SourceOptions {
  readonly onEvent?: StreamEventListener;
  readonly signal?: AbortSignal;
}
