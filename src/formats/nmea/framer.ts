// NMEA 0183 v4.11 / IEC 61162-1 §7.1 framing: a sentence starts with `$` (or `!` for encapsulation) and
// ends with CR LF; only printable ASCII lies between; `*hh` ends it. The standard caps a sentence at 82
// characters including CR LF, but real receivers send more (Unicore `$GPHPD` is 126, `$GNGGAH` ~90), so
// sentences up to `maxLength` (default 160, without CR LF) are delivered and the longer-than-82 ones counted.
//
// Sans-I/O and byte-at-a-time: any chunking gives the same frames. LF alone and CR alone also end a
// sentence (the LF after a CR is part of the terminator). A `$` or `!` inside a sentence abandons it and
// starts the next one, so a lost line end costs one sentence, never two. A header of lines starting with `#`
// (gpsd regression logs; blank lines allowed between them) is skipped whole, `$` in its text included; a `#`
// after anything else (a frame, or other bytes) is plain garbage, so junk can never hide a sentence behind
// a `#`. Every byte not in a frame or a line end is counted in `stats.garbageBytes`.

import { type Frame, type Framer, type FrameStats, newFrameStats } from "../framing.js";
import { hexDigit, nmeaXor } from "./checksum.js";

export interface NmeaFramerOptions {
  /** Deliver sentences that have no `*hh` (default false: they are counted in `noChecksum` and skipped). */
  readonly acceptNoChecksum?: boolean;
  /** Longest sentence delivered, `$` to the checksum digits (default 160). */
  readonly maxLength?: number;
}

export interface NmeaFrameStats extends FrameStats {
  /** Sentences without a `*hh` checksum (delivered only with `acceptNoChecksum`). */
  noChecksum: number;
  /** Delivered sentences longer than NMEA's 82 characters (CR LF included). */
  overlong: number;
  /** `#` comment lines skipped in the header of the stream. */
  commentLines: number;
}

/** The standard's limit: 82 characters including `$` and CR LF. */
export const NMEA_MAX_SENTENCE = 82;
const DOLLAR = 0x24;
const BANG = 0x21;
const STAR = 0x2a;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;

enum Check {
  Ok = 0,
  BadChecksum = 1,
  NoChecksum = 2,
  TooShort = 3,
}

enum State {
  Idle = 0,
  Sentence = 1,
  Comment = 2,
}

export class NmeaFramer implements Framer {
  readonly stats: NmeaFrameStats = { ...newFrameStats(), noChecksum: 0, overlong: 0, commentLines: 0 };
  private readonly acceptNoChecksum: boolean;
  private readonly maxLength: number;
  private readonly buf: Uint8Array;
  private len = 0;
  private start = 0;
  private total = 0;
  private state: State = State.Idle;
  private commentLen = 0;
  private atLineStart = true;
  /** Only comment lines and blank space so far: a `#` at a line start begins a comment. */
  private header = true;
  private swallowLf = false;
  private finished = false;

  constructor(options: NmeaFramerOptions = {}) {
    this.acceptNoChecksum = options.acceptNoChecksum ?? false;
    this.maxLength = Math.max(8, options.maxLength ?? 160);
    this.buf = new Uint8Array(this.maxLength);
  }

  push(chunk: Uint8Array): Frame[] {
    const out: Frame[] = [];
    if (this.finished) return out;
    const base = this.total;
    this.total += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.swallowLf) {
        this.swallowLf = false;
        if (b === LF) continue;
      }
      if (this.state === State.Sentence) {
        if (b === CR || b === LF) {
          this.endSentence(out);
          this.swallowLf = b === CR;
          this.atLineStart = true;
          continue;
        }
        if (b === DOLLAR || b === BANG) {
          this.abandon();
          this.begin(b, base + i);
          continue;
        }
        if (b >= 0x20 && b <= 0x7e && this.len < this.maxLength) {
          this.buf[this.len++] = b;
          continue;
        }
        // a byte that cannot be in a sentence, or one too many: drop what was collected, look at b afresh
        this.abandon();
      } else if (this.state === State.Comment) {
        if (b === LF) {
          this.stats.garbageBytes += this.commentLen + 1;
          this.stats.commentLines++;
          this.state = State.Idle;
          this.atLineStart = true;
          continue;
        }
        if ((b >= 0x20 && b <= 0x7e) || b === TAB || b === CR) {
          this.commentLen++;
          continue;
        }
        // binary data: not a comment line after all
        this.stats.garbageBytes += this.commentLen;
        this.state = State.Idle;
        this.header = false;
      }
      if (b === DOLLAR || b === BANG) {
        this.begin(b, base + i);
      } else if (b === HASH && this.atLineStart && this.header) {
        this.state = State.Comment;
        this.commentLen = 1;
      } else {
        this.stats.garbageBytes++;
        this.atLineStart = b === LF;
        if (b !== LF && b !== CR && b !== 0x20 && b !== TAB) this.header = false;
      }
    }
    return out;
  }

  finish(): Frame[] {
    const out: Frame[] = [];
    if (this.finished) return out;
    this.finished = true;
    if (this.state === State.Sentence) {
      // a last line without its line end: deliver it when it is whole (checksum holds), else it was cut
      if (this.check() === Check.Ok) this.endSentence(out);
      else {
        this.stats.garbageBytes += this.len;
        this.stats.truncated++;
      }
    } else if (this.state === State.Comment) {
      this.stats.garbageBytes += this.commentLen;
    }
    this.state = State.Idle;
    this.len = 0;
    return out;
  }

  private begin(b: number, offset: number): void {
    this.state = State.Sentence;
    this.buf[0] = b;
    this.len = 1;
    this.start = offset;
  }

  private abandon(): void {
    this.stats.garbageBytes += this.len;
    this.header = false;
    this.state = State.Idle;
    this.atLineStart = false;
    this.len = 0;
  }

  /** What the sentence in buf[0..len) is worth. */
  private check(): Check {
    const buf = this.buf;
    const n = this.len;
    if (n >= 6 && buf[n - 3] === STAR) {
      const h1 = hexDigit(buf[n - 2]);
      const h2 = hexDigit(buf[n - 1]);
      return h1 >= 0 && h2 >= 0 && nmeaXor(buf, 1, n - 3) === h1 * 16 + h2 ? Check.Ok : Check.BadChecksum;
    }
    // a `*` not followed by exactly two characters is a damaged checksum field
    if (buf.subarray(0, n).indexOf(STAR) >= 0) return Check.BadChecksum;
    return n >= 3 ? Check.NoChecksum : Check.TooShort;
  }

  /** The sentence in buf[0..len) met its line end: check and deliver it. */
  private endSentence(out: Frame[]): void {
    const n = this.len;
    this.state = State.Idle;
    const c = this.check();
    let ok = c === Check.Ok;
    if (c === Check.BadChecksum) this.stats.checksumErrors++;
    else if (c === Check.NoChecksum) {
      this.stats.noChecksum++;
      ok = this.acceptNoChecksum;
    }
    this.header = false;
    if (!ok) {
      this.stats.garbageBytes += n;
      return;
    }
    this.stats.frames++;
    if (n + 2 > NMEA_MAX_SENTENCE) this.stats.overlong++;
    out.push({ protocol: "nmea", bytes: this.buf.slice(0, n), offset: this.start });
  }
}
