// u-blox UBX framing: u-blox F9 HPG 1.13 Interface Description (UBX-22008968) §3.2 "UBX frame structure"
// and §3.4 "UBX checksum". A frame is
//
//   0xB5 0x62 | class | id | length (U2, little-endian) | payload (length bytes) | CK_A CK_B
//
// where CK_A/CK_B is the 8-bit Fletcher checksum (RFC 1145) over class, id, length and payload.
//
// Sans-I/O and strict: everything that is not a whole UBX frame with a good checksum (`#` comment lines,
// NMEA sentences, RTCM frames, junk) is skipped and counted as garbage; a separate splitter handles mixed
// streams. After a checksum failure the search restarts at the byte after the failed sync byte, so a good
// frame hidden inside a damaged one is still found. A length above `maxPayload` (default 8 KiB) is taken as
// a corrupted header and skipped at once, so a damaged length field does not stall the stream.

import { type Frame, type Framer, type FrameStats, newFrameStats } from "../framing.js";

export const UBX_SYNC1 = 0xb5;
export const UBX_SYNC2 = 0x62;
/** Sync (2) + class, id (2) + length (2). */
export const UBX_HEADER_BYTES = 6;
/** Header + checksum. */
export const UBX_OVERHEAD_BYTES = 8;
/**
 * Default largest payload accepted (bytes). The largest message beidou decodes, RXM-RAWX with 255
 * measurements, is 16 + 255 * 32 = 8176 bytes.
 */
export const UBX_DEFAULT_MAX_PAYLOAD = 8192;

export interface UbxFramerOptions {
  /** Largest payload accepted (bytes); longer lengths are treated as corruption. Default 8192. */
  readonly maxPayload?: number;
}

/**
 * The 8-bit Fletcher checksum of `bytes[from..to)`, as CK_A | CK_B << 8.
 * u-blox F9 HPG 1.13 Interface Description §3.4.
 */
export function ubxChecksum(bytes: Uint8Array, from: number, to: number): number {
  let a = 0;
  let b = 0;
  for (let i = from; i < to; i++) {
    a = (a + bytes[i]) & 0xff;
    b = (b + a) & 0xff;
  }
  return a | (b << 8);
}

/** A whole UBX frame (sync to checksum) for a class, id and payload, with its checksum. */
export function encodeUbxFrame(cls: number, id: number, payload: Uint8Array): Uint8Array {
  const n = payload.length;
  const out = new Uint8Array(n + UBX_OVERHEAD_BYTES);
  out[0] = UBX_SYNC1;
  out[1] = UBX_SYNC2;
  out[2] = cls & 0xff;
  out[3] = id & 0xff;
  out[4] = n & 0xff;
  out[5] = (n >>> 8) & 0xff;
  out.set(payload, UBX_HEADER_BYTES);
  const ck = ubxChecksum(out, 2, UBX_HEADER_BYTES + n);
  out[UBX_HEADER_BYTES + n] = ck & 0xff;
  out[UBX_HEADER_BYTES + n + 1] = ck >>> 8;
  return out;
}

const NO_FRAMES: Frame[] = [];

export class UbxFramer implements Framer {
  readonly stats: FrameStats = newFrameStats();
  private readonly maxPayload: number;
  /** Bytes not yet consumed live in buf[start..end). */
  private buf = new Uint8Array(16384);
  private start = 0;
  private end = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  /** Bytes needed in the buffer (end - start) before a scan can make progress. */
  private need = 0;

  constructor(opts: UbxFramerOptions = {}) {
    this.maxPayload = Math.min(opts.maxPayload ?? UBX_DEFAULT_MAX_PAYLOAD, 65535);
  }

  /** Bytes pushed so far. */
  get bytesIn(): number {
    return this.base + this.end;
  }

  push(chunk: Uint8Array): Frame[] {
    if (chunk.length === 0) return NO_FRAMES;
    this.append(chunk);
    if (this.end - this.start < this.need) return NO_FRAMES;
    const out: Frame[] = [];
    this.scan(out, false);
    return out;
  }

  finish(): Frame[] {
    const out: Frame[] = [];
    // A candidate that waits for bytes which will never come is a truncated frame; whatever follows its
    // sync byte is searched again, so a whole frame inside the cut one is still delivered.
    this.scan(out, true);
    return out;
  }

  private append(chunk: Uint8Array): void {
    const live = this.end - this.start;
    if (this.end + chunk.length > this.buf.length) {
      if (live + chunk.length <= this.buf.length && this.start > 0) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let cap = this.buf.length * 2;
        while (cap < live + chunk.length) cap *= 2;
        const nb = new Uint8Array(cap);
        nb.set(this.buf.subarray(this.start, this.end));
        this.buf = nb;
      }
      this.base += this.start;
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  private scan(out: Frame[], atEnd: boolean): void {
    const buf = this.buf;
    const end = this.end;
    const maxPayload = this.maxPayload;
    const stats = this.stats;
    let i = this.start;
    this.need = 0;
    while (i < end) {
      if (buf[i] !== UBX_SYNC1) {
        let j = buf.indexOf(UBX_SYNC1, i);
        if (j < 0 || j >= end) j = end;
        stats.garbageBytes += j - i;
        i = j;
        continue;
      }
      if (i + 1 >= end) {
        if (atEnd) {
          stats.truncated++;
          stats.garbageBytes += 1;
          i++;
          continue;
        }
        this.need = 2;
        break;
      }
      if (buf[i + 1] !== UBX_SYNC2) {
        stats.garbageBytes++;
        i++;
        continue;
      }
      if (i + UBX_HEADER_BYTES > end) {
        if (atEnd) {
          stats.truncated++;
          stats.garbageBytes++;
          i++;
          continue;
        }
        this.need = UBX_HEADER_BYTES;
        break;
      }
      const len = buf[i + 4] | (buf[i + 5] << 8);
      if (len > maxPayload) {
        stats.garbageBytes++;
        i++;
        continue;
      }
      const total = len + UBX_OVERHEAD_BYTES;
      if (i + total > end) {
        if (atEnd) {
          stats.truncated++;
          stats.garbageBytes++;
          i++;
          continue;
        }
        this.need = total;
        break;
      }
      const ck = ubxChecksum(buf, i + 2, i + UBX_HEADER_BYTES + len);
      if ((ck & 0xff) !== buf[i + total - 2] || ck >>> 8 !== buf[i + total - 1]) {
        stats.checksumErrors++;
        stats.garbageBytes++;
        i++;
        continue;
      }
      out.push({ protocol: "ubx", bytes: buf.slice(i, i + total), offset: this.base + i });
      stats.frames++;
      i += total;
    }
    this.start = i;
    if (i === end) {
      this.base += end;
      this.start = 0;
      this.end = 0;
    }
  }
}
