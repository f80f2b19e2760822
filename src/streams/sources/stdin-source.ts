// `-` as a source: standard input (a pipe from another program, e.g. `str2str ... | beidou stream --in -`).

import type { ByteSource } from "./byte-source.js";

export class StdinSource implements ByteSource {
  readonly endpoint = "-";
  private closed = false;

  close(): void {
    this.closed = true;
    process.stdin.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      for await (const c of process.stdin) {
        if (this.closed) return;
        yield c as Uint8Array;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") return;
      throw e;
    }
  }
}
