// `serial:///dev/ttyX?baud=N`: a receiver on a serial port, through the `serialport` package (loaded only
// when a serial endpoint is used, so everything else works where its native part cannot be installed).

import { BeidouError } from "../../core/errors.js";
import type { ByteSource, SourceOptions } from "./byte-source.js";
import { ChunkChannel } from "./chunk-channel.js";

interface SerialPortLike {
  on(event: "data", f: (d: Buffer) => void): void;
  on(event: "error" | "close", f: (e?: Error) => void): void;
  pause(): void;
  resume(): void;
  close(cb?: (e?: Error | null) => void): void;
  isOpen: boolean;
}

type SerialPortCtor = new (
  o: { path: string; baudRate: number; autoOpen?: boolean },
  cb?: (e?: Error | null) => void,
) => SerialPortLike;

async function loadSerialPort(): Promise<SerialPortCtor> {
  try {
    const mod = (await import("serialport")) as unknown as { SerialPort: SerialPortCtor };
    return mod.SerialPort;
  } catch (e) {
    throw new BeidouError(
      "io",
      `serial ports need the 'serialport' package, which could not be loaded (${(e as Error).message.split("\n")[0]}); install it with: npm i serialport`,
    );
  }
}

export class SerialSource implements ByteSource {
  readonly endpoint: string;
  private port?: SerialPortLike;
  private readonly channel: ChunkChannel;

  constructor(
    readonly path: string,
    readonly baud: number,
    private readonly options: SourceOptions = {},
  ) {
    this.endpoint = `serial://${path}?baud=${baud}`;
    this.channel = new ChunkChannel({
      onPressure: (paused) => (paused ? this.port?.pause() : this.port?.resume()),
    });
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  close(): void {
    this.channel.end();
    if (this.port?.isOpen) this.port.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const SerialPort = await loadSerialPort();
    await new Promise<void>((resolve, reject) => {
      const p = new SerialPort({ path: this.path, baudRate: this.baud }, (e) =>
        e ? reject(new BeidouError("io", `${this.path}: ${e.message}`)) : resolve(),
      );
      this.port = p;
      p.on("data", (d) => this.channel.push(d));
      p.on("error", (e) => this.channel.end(new BeidouError("io", `${this.path}: ${e?.message ?? "error"}`)));
      p.on("close", () => this.channel.end());
    });
    this.options.onEvent?.({ kind: "connected", endpoint: this.endpoint, at_ms: Date.now() });
    try {
      yield* this.channel;
    } finally {
      this.close();
    }
  }
}
