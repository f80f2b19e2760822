// One byte stream holding UBX, NMEA 0183 and RTCM 3 frames interleaved, as receivers send them (a u-blox
// F9 forwarding its NTRIP corrections next to its own UBX and NMEA output), split into checked frames
// tagged with their protocol. Frame rules:
//   UBX     0xB5 0x62, class, id, 16-bit little-endian length, payload, 2-byte Fletcher checksum
//   RTCM 3  0xD3, 6 zero bits, 10-bit length, message, CRC-24Q (RTCM 10403.3 §4)
//   NMEA    `$`/`!`, printable ASCII, `*hh`, CR LF (LF or CR alone accepted) (NMEA 0183 v4.11 §7)
// A candidate is accepted only when its checksum holds. When one fails, the search resumes at the byte
// after its first byte (a binary frame) or at the byte that broke it (NMEA, whose text cannot hold a
// binary sync byte), so a frame that starts inside a false or damaged candidate is still found. Decisions
// depend only on the bytes, never on how they were chunked: any chunking gives the same frames. A header of
// `#` comment lines (gpsd logs) is skipped; every other byte outside frames is counted as garbage.
//
// A false UBX header in garbage makes the splitter wait for up to `maxUbxPayload` bytes before it can
// reject it (frames behind it are delayed, never lost); the default 8192 covers RXM-RAWX with 255
// measurements (8176 bytes).

import { type Frame, type Framer, type FrameStats, newFrameStats, type Protocol } from "../framing.js";
import { crc24q, ubxFletcher } from "./frame-checks.js";

export interface MixedStreamOptions {
  /** Protocols to look for (default all three); bytes of the others count as garbage. */
  readonly protocols?: readonly Protocol[];
  /** Largest UBX payload accepted (default 8192 bytes). */
  readonly maxUbxPayload?: number;
  /** Longest NMEA sentence, `$` to the checksum digits (default 160; NMEA's own limit is 80). */
  readonly maxNmeaLength?: number;
  /**
   * Frames of one push() are views on one copy of the bytes scanned (one allocation per push, not one per
   * frame). Then a frame kept keeps that whole copy alive: for consumers that decode frames at once (a file
   * converter), not for queues. Default false: each frame owns its bytes.
   */
  readonly framesShareCopy?: boolean;
}

export interface MixedStreamStats extends FrameStats {
  /** Frames delivered per protocol. */
  readonly byProtocol: Record<Protocol, number>;
  /** `#` comment lines skipped in the stream's header. */
  commentLines: number;
}

const UBX_SYNC1 = 0xb5;
const UBX_SYNC2 = 0x62;
const RTCM_PREAMBLE = 0xd3;
const DOLLAR = 0x24;
const BANG = 0x21;
const STAR = 0x2a;
const HASH = 0x23;
const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const MAX_COMMENT = 1 << 16;

/** Outcome of looking at a candidate: > 0 its length, or one of these. */
const NEED_MORE = 0;
const NOT_A_FRAME = -1;
const BAD_CHECKSUM = -2;

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

export class MixedStreamSplitter implements Framer {
  readonly stats: MixedStreamStats = {
    ...newFrameStats(),
    byProtocol: { rtcm3: 0, ubx: 0, nmea: 0 },
    commentLines: 0,
  };
  private readonly ubxOn: boolean;
  private readonly rtcmOn: boolean;
  private readonly nmeaOn: boolean;
  private readonly maxUbxPayload: number;
  private readonly maxNmea: number;
  private readonly shareCopy: boolean;
  private buf = new Uint8Array(1 << 16);
  private head = 0;
  private tail = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  private header = true;
  private atLineStart = true;
  private swallowLf = false;
  private finished = false;
  /** Set by nmea(): bytes skipped before the failure point / line-end bytes after the sentence. */
  private nmeaSkip = 0;
  private nmeaEnd = 0;

  constructor(options: MixedStreamOptions = {}) {
    const p = options.protocols ?? ["ubx", "rtcm3", "nmea"];
    this.ubxOn = p.includes("ubx");
    this.rtcmOn = p.includes("rtcm3");
    this.nmeaOn = p.includes("nmea");
    this.maxUbxPayload = options.maxUbxPayload ?? 8192;
    this.maxNmea = options.maxNmeaLength ?? 160;
    this.shareCopy = options.framesShareCopy ?? false;
  }

  push(chunk: Uint8Array): Frame[] {
    const out: Frame[] = [];
    if (this.finished || chunk.length === 0) return out;
    this.append(chunk);
    this.scan(out, false);
    return out;
  }

  finish(): Frame[] {
    const out: Frame[] = [];
    if (this.finished) return out;
    this.finished = true;
    this.scan(out, true);
    return out;
  }

  private append(chunk: Uint8Array): void {
    const live = this.tail - this.head;
    if (this.tail + chunk.length > this.buf.length) {
      if (live + chunk.length <= this.buf.length && this.head > 0) {
        this.buf.copyWithin(0, this.head, this.tail);
      } else {
        const next = new Uint8Array(Math.max(this.buf.length * 2, live + chunk.length));
        next.set(this.buf.subarray(this.head, this.tail));
        this.buf = next;
      }
      this.base += this.head;
      this.head = 0;
      this.tail = live;
    }
    this.buf.set(chunk, this.tail);
    this.tail += chunk.length;
  }

  private scan(out: Frame[], ended: boolean): void {
    const buf = this.buf;
    const end = this.tail;
    const stats = this.stats;
    let i = this.head;
    let truncatedSeen = false;
    // framesShareCopy: the bytes from the first frame found to the end, copied once at that frame
    let copy: Uint8Array | undefined;
    let copyAt = 0;
    while (i < end) {
      const b = buf[i];
      if (this.swallowLf) {
        this.swallowLf = false;
        if (b === LF) {
          i++;
          continue;
        }
      }
      let r = NOT_A_FRAME;
      let proto: Protocol = "nmea";
      if (b === UBX_SYNC1 && this.ubxOn) {
        r = this.ubx(i, end);
        proto = "ubx";
      } else if (b === RTCM_PREAMBLE && this.rtcmOn) {
        r = this.rtcm(i, end);
        proto = "rtcm3";
      } else if ((b === DOLLAR || b === BANG) && this.nmeaOn) {
        r = this.nmea(i, end, ended);
      } else if (b === HASH && this.header && this.atLineStart) {
        const c = this.comment(i, end, ended);
        if (c === NEED_MORE) break;
        i += c;
        continue;
      }
      if (r > 0) {
        let bytes: Uint8Array;
        if (this.shareCopy) {
          if (!copy) {
            copy = buf.slice(i, end);
            copyAt = i;
          }
          bytes = new Uint8Array(copy.buffer, i - copyAt, r);
        } else bytes = buf.slice(i, i + r);
        out.push({ protocol: proto, bytes, offset: this.base + i });
        stats.frames++;
        stats.byProtocol[proto]++;
        this.header = false;
        i += r;
        if (proto === "nmea") {
          i += this.nmeaEnd;
          // a CR at the end of the data: the LF may come in the next chunk
          if (this.nmeaEnd === 1 && buf[i - 1] === CR) this.swallowLf = true;
        }
        continue;
      }
      if (r === NEED_MORE) {
        if (!ended) break;
        // cut by the end of the stream: count it once, then look for frames in its bytes
        if (!truncatedSeen) stats.truncated++;
        truncatedSeen = true;
        r = NOT_A_FRAME;
        if (proto === "nmea") this.nmeaSkip = 1;
      }
      if (r === BAD_CHECKSUM) stats.checksumErrors++;
      // skip: one byte for binary candidates and plain garbage, the broken text for NMEA
      const skip = proto === "nmea" && (b === DOLLAR || b === BANG) && this.nmeaOn ? this.nmeaSkip : 1;
      for (let k = i; k < i + skip; k++) this.garbage(buf[k]);
      i += skip;
    }
    if (ended && i < end) {
      // only a comment waiting for its line end can be left here
      for (let k = i; k < end; k++) this.garbage(buf[k]);
      i = end;
    }
    this.head = i;
    if (this.head === this.tail) {
      this.base += this.head;
      this.head = 0;
      this.tail = 0;
    }
  }

  private garbage(b: number): void {
    this.stats.garbageBytes++;
    if (this.header) {
      this.atLineStart = b === LF;
      if (b !== LF && b !== CR && b !== 0x20 && b !== TAB) this.header = false;
    }
  }

  private ubx(i: number, end: number): number {
    const buf = this.buf;
    if (end - i < 2) return NEED_MORE;
    if (buf[i + 1] !== UBX_SYNC2) return NOT_A_FRAME;
    if (end - i < 6) return NEED_MORE;
    const len = buf[i + 4] | (buf[i + 5] << 8);
    if (len > this.maxUbxPayload) return NOT_A_FRAME;
    const n = len + 8;
    if (end - i < n) return NEED_MORE;
    const ck = ubxFletcher(buf, i + 2, i + 6 + len);
    return ck === ((buf[i + 6 + len] << 8) | buf[i + 7 + len]) ? n : BAD_CHECKSUM;
  }

  private rtcm(i: number, end: number): number {
    const buf = this.buf;
    if (end - i < 2) return NEED_MORE;
    if ((buf[i + 1] & 0xfc) !== 0) return NOT_A_FRAME;
    if (end - i < 3) return NEED_MORE;
    const len = ((buf[i + 1] & 0x03) << 8) | buf[i + 2];
    const n = len + 6;
    if (end - i < n) return NEED_MORE;
    const crc = (buf[i + 3 + len] << 16) | (buf[i + 4 + len] << 8) | buf[i + 5 + len];
    return crc24q(buf, i, i + 3 + len) === crc ? n : BAD_CHECKSUM;
  }

  /**
   * An NMEA sentence at i: its length (line end excluded, left in nmeaEnd), NEED_MORE, or a failure with
   * nmeaSkip set to the bytes to drop (the text up to the byte that broke it).
   */
  private nmea(i: number, end: number, ended: boolean): number {
    const buf = this.buf;
    const limit = Math.min(end, i + this.maxNmea + 1);
    let k = i + 1;
    // XOR of the text after the delimiter, kept while scanning (the checksum then needs no second pass)
    let x = 0;
    while (k < limit) {
      const c = buf[k];
      if (c === CR || c === LF) break;
      if (c < 0x20 || c > 0x7e || c === DOLLAR || c === BANG) {
        this.nmeaSkip = k - i;
        return NOT_A_FRAME;
      }
      x ^= c;
      k++;
    }
    if (k === end) {
      if (!ended) return NEED_MORE;
      // the stream ends right after the text: a whole sentence is still delivered
      const n = k - i;
      const ok = this.nmeaChecked(i, n, x);
      this.nmeaEnd = 0;
      if (ok) return n;
      this.nmeaSkip = 1;
      return NEED_MORE;
    }
    if (k === limit) {
      // too long for a sentence
      this.nmeaSkip = k - i;
      return NOT_A_FRAME;
    }
    const n = k - i;
    this.nmeaEnd = buf[k] === CR && k + 1 < end && buf[k + 1] === LF ? 2 : 1;
    if (this.nmeaChecked(i, n, x)) return n;
    this.nmeaSkip = n;
    return buf[i + n - 3] === STAR || buf.subarray(i, i + n).indexOf(STAR) >= 0 ? BAD_CHECKSUM : NOT_A_FRAME;
  }

  /** The text buf[i..i+n) ends in a `*hh` that matches; `xAll` is the XOR of buf[i+1..i+n). */
  private nmeaChecked(i: number, n: number, xAll: number): boolean {
    const buf = this.buf;
    if (n < 6 || buf[i + n - 3] !== STAR) return false;
    const h1 = hex(buf[i + n - 2]);
    const h2 = hex(buf[i + n - 1]);
    // the XOR up to the `*`: the last three characters taken back out
    const x = xAll ^ STAR ^ buf[i + n - 2] ^ buf[i + n - 1];
    return h1 >= 0 && h2 >= 0 && x === h1 * 16 + h2;
  }

  /** A `#` line in the header: its length with the LF, NEED_MORE, or the text before a binary byte. */
  private comment(i: number, end: number, ended: boolean): number {
    const buf = this.buf;
    const limit = Math.min(end, i + MAX_COMMENT);
    for (let k = i + 1; k < limit; k++) {
      const c = buf[k];
      if (c === LF) {
        this.stats.garbageBytes += k + 1 - i;
        this.stats.commentLines++;
        this.atLineStart = true;
        return k + 1 - i;
      }
      if (!((c >= 0x20 && c <= 0x7e) || c === TAB || c === CR)) {
        // binary data: not a comment line after all
        this.stats.garbageBytes += k - i;
        this.header = false;
        return k - i;
      }
    }
    if (limit === end && !ended) return NEED_MORE;
    this.stats.garbageBytes += limit - i;
    this.header = false;
    return limit - i;
  }
}
