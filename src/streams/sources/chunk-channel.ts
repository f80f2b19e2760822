// A push-to-pull bridge: producers (socket 'data' handlers) push chunks, one consumer iterates them.
// Bounded: above `highWater_bytes` the channel asks its producers to pause, and resumes them once the
// consumer has taken the backlog below half of it. Nothing is dropped here; dropping is the fan-out's job.

export interface ChunkChannelOptions {
  readonly highWater_bytes?: number;
  /** Called when the backlog crosses highWater (true: pause) and when it is drained (false: resume). */
  readonly onPressure?: (paused: boolean) => void;
}

export class ChunkChannel implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private head = 0;
  private queued = 0;
  private ended = false;
  private failure: Error | undefined;
  private waiter: (() => void) | undefined;
  private paused = false;
  private readonly highWater: number;
  private readonly onPressure?: (paused: boolean) => void;

  constructor(options: ChunkChannelOptions = {}) {
    this.highWater = options.highWater_bytes ?? 1 << 20;
    this.onPressure = options.onPressure;
  }

  /** Bytes waiting for the consumer. */
  get backlog_bytes(): number {
    return this.queued;
  }

  push(chunk: Uint8Array): void {
    if (this.ended || chunk.length === 0) return;
    this.queue.push(chunk);
    this.queued += chunk.length;
    if (!this.paused && this.queued > this.highWater) {
      this.paused = true;
      this.onPressure?.(true);
    }
    this.wake();
  }

  /** No more chunks: the consumer ends after the backlog. */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    this.wake();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      if (this.head < this.queue.length) {
        const c = this.queue[this.head];
        this.queue[this.head++] = EMPTY;
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
        this.queued -= c.length;
        if (this.paused && this.queued <= this.highWater / 2) {
          this.paused = false;
          this.onPressure?.(false);
        }
        yield c;
        continue;
      }
      if (this.ended) {
        if (this.failure) throw this.failure;
        return;
      }
      await new Promise<void>((r) => {
        this.waiter = r;
      });
    }
  }
}

const EMPTY = new Uint8Array(0);
