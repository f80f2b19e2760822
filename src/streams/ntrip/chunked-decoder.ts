// HTTP/1.1 chunked transfer coding (RFC 9112 §7.1), sans-I/O: NTRIP 2.0 casters send stream data as
// `SIZE-IN-HEX[;ext]\r\n DATA \r\n` ... `0\r\n [trailers] \r\n`. Any split of the input gives the same output.

export class ChunkedDecodeError extends Error {
  readonly code = "bad-record" as const;
  constructor(message: string) {
    super(message);
    this.name = "ChunkedDecodeError";
  }
}

enum State {
  Size,
  SizeExt,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  Trailer,
  Done,
}

/** Largest chunk accepted (bytes): a corrupt size line must not make us wait for gigabytes. */
const MAX_CHUNK = 16 * 1024 * 1024;

export class ChunkedDecoder {
  private state = State.Size;
  private size = 0;
  private sizeDigits = 0;
  private remaining = 0;
  /** Characters on the current trailer line (0: the empty line that ends the message). */
  private trailerLine = 0;
  /** Bytes after the terminating chunk (not part of the body). */
  extra = 0;

  /** The terminating zero-size chunk and its trailers have been read. */
  get done(): boolean {
    return this.state === State.Done;
  }

  /** Payload bytes in `input`, as views into it (no copies). Throws ChunkedDecodeError on bad framing. */
  push(input: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let i = 0;
    const n = input.length;
    while (i < n) {
      switch (this.state) {
        case State.Size: {
          const c = input[i++];
          const d = hexValue(c);
          if (d >= 0) {
            this.size = this.size * 16 + d;
            if (++this.sizeDigits > 8 || this.size > MAX_CHUNK)
              throw new ChunkedDecodeError(`chunk size too large (${this.size} bytes or more)`);
          } else if (this.sizeDigits === 0) {
            throw new ChunkedDecodeError(`expected a hexadecimal chunk size, got byte 0x${c.toString(16)}`);
          } else if (c === 0x3b || c === 0x20 || c === 0x09) this.state = State.SizeExt;
          else if (c === 0x0d) this.state = State.SizeLf;
          else if (c === 0x0a) this.startData();
          else throw new ChunkedDecodeError(`bad byte 0x${c.toString(16)} in a chunk size line`);
          break;
        }
        case State.SizeExt: {
          const c = input[i++];
          if (c === 0x0d) this.state = State.SizeLf;
          else if (c === 0x0a) this.startData();
          break;
        }
        case State.SizeLf: {
          const c = input[i++];
          if (c !== 0x0a) throw new ChunkedDecodeError("expected LF after a chunk size");
          this.startData();
          break;
        }
        case State.Data: {
          const take = Math.min(this.remaining, n - i);
          out.push(input.subarray(i, i + take));
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.DataCr;
          break;
        }
        case State.DataCr: {
          const c = input[i++];
          if (c === 0x0a) this.nextChunk();
          else if (c === 0x0d) this.state = State.DataLf;
          else throw new ChunkedDecodeError("expected CRLF after chunk data");
          break;
        }
        case State.DataLf: {
          const c = input[i++];
          if (c !== 0x0a) throw new ChunkedDecodeError("expected LF after chunk data");
          this.nextChunk();
          break;
        }
        case State.Trailer: {
          const c = input[i++];
          if (c === 0x0a) {
            if (this.trailerLine === 0) this.state = State.Done;
            this.trailerLine = 0;
          } else if (c !== 0x0d) this.trailerLine++;
          break;
        }
        case State.Done:
          this.extra += n - i;
          i = n;
          break;
      }
    }
    return out;
  }

  private startData(): void {
    if (this.size === 0) {
      this.state = State.Trailer;
      this.trailerLine = 0;
      return;
    }
    this.remaining = this.size;
    this.state = State.Data;
  }

  private nextChunk(): void {
    this.state = State.Size;
    this.size = 0;
    this.sizeDigits = 0;
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Encode one payload as a chunk (for tests and the caster's NTRIP 2.0 responses). */
export function encodeChunk(payload: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`${payload.length.toString(16)}\r\n`);
  const out = new Uint8Array(head.length + payload.length + 2);
  out.set(head, 0);
  out.set(payload, head.length);
  out[out.length - 2] = 13;
  out[out.length - 1] = 10;
  return out;
}
