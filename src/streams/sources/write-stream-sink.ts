// `file:PATH` and stdout sinks: a Node writable with back-pressure (a write waits for 'drain').

import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { ByteSink } from "./byte-source.js";

export class WritableSink implements ByteSink {
  private failed: Error | undefined;

  constructor(
    readonly endpoint: string,
    private readonly stream: Writable,
    private readonly ownsStream: boolean,
  ) {
    stream.on("error", (e) => {
      this.failed = e;
    });
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off("drain", done);
          this.stream.off("error", done);
          this.stream.off("close", done);
          resolve();
        };
        this.stream.on("drain", done);
        this.stream.on("error", done);
        this.stream.on("close", done);
      });
      if (this.failed) throw this.failed;
    }
  }

  async close(): Promise<void> {
    if (!this.ownsStream) return;
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }
}

export function fileSink(path: string, append = false): WritableSink {
  return new WritableSink(`file:${path}`, createWriteStream(path, { flags: append ? "a" : "w" }), true);
}

export function stdoutSink(): WritableSink {
  return new WritableSink("-", process.stdout, false);
}
