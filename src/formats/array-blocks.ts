// Typed arrays of decoded records as views on shared blocks: a new ArrayBuffer (an off-heap backing store)
// per record costs more than decoding a small record, so decoders carve the arrays of many records out of
// one 64 KiB block. A record that is kept keeps its whole block alive; views never overlap and a block's
// bytes are handed out once, so they start zeroed. Views have a non-zero byteOffset: code that needs the
// bytes of one array uses (buffer, byteOffset, byteLength), never `.buffer` alone.

export class ArrayBlocks {
  /** The block the last take() carved from: make the views on it. */
  buffer: ArrayBuffer;
  private at = 0;

  constructor(private readonly blockBytes = 1 << 16) {
    this.buffer = new ArrayBuffer(blockBytes);
  }

  /** Byte offset in `buffer` of `bytes` fresh bytes, 8-aligned (any typed array can start there). */
  take(bytes: number): number {
    const n = (bytes + 7) & ~7;
    if (this.at + n > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(Math.max(this.blockBytes, n));
      this.at = 0;
    }
    const at = this.at;
    this.at += n;
    return at;
  }
}
