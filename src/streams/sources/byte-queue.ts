// A bounded FIFO of byte chunks for one slow reader: chunks that would take it past its capacity are
// dropped whole (never split, so a frame-sized chunk either arrives intact or not at all) and counted.

export class BoundedByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private size = 0;
  /** Bytes refused because the queue was full. */
  dropped_bytes = 0;
  /** Chunks refused. */
  dropped_chunks = 0;
  /** Largest backlog seen (bytes). */
  peak_bytes = 0;

  constructor(readonly capacity_bytes: number) {}

  get length_bytes(): number {
    return this.size;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** Append, or drop and count when it does not fit. Returns whether the chunk was kept. */
  offer(chunk: Uint8Array): boolean {
    if (this.size + chunk.length > this.capacity_bytes) {
      this.dropped_bytes += chunk.length;
      this.dropped_chunks++;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > this.peak_bytes) this.peak_bytes = this.size;
    return true;
  }

  /** Take the oldest chunk. */
  take(): Uint8Array | undefined {
    if (this.head >= this.chunks.length) return undefined;
    const c = this.chunks[this.head++];
    this.size -= c.length;
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head > 256 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return c;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.size = 0;
  }
}
