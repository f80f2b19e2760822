// RTCM 3 transport layer, RTCM 10403.3 §4: preamble 0xD3, 6 reserved bits (0), 10-bit message length
// (0..1023 bytes), the message, CRC-24Q over all of it. Sans-I/O: push(chunk) -> complete frames.
//
// Resynchronisation: a candidate (0xD3 with zero reserved bits) is accepted only when its CRC holds; when
// it fails, the search resumes at the byte after that preamble, so a frame hidden inside a false candidate
// (a 0xD3 in UBX or NMEA data, or in a damaged frame) is still found. Decisions depend only on the bytes,
// never on how they were chunked, so any chunking yields the same frames. Before the first frame, lines
// that start with `#` (log headers) are skipped whole. Every byte ends up either in a frame or in
// `stats.garbageBytes`.

import { crc24q } from "../../core/crc24q.js";
import { type Frame, type Framer, type FrameStats, newFrameStats } from "../framing.js";

export const RTCM3_PREAMBLE = 0xd3;
/** Header (3) + CRC (3) bytes around a message. */
export const RTCM3_OVERHEAD = 6;
const MAX_FRAME = 1023 + RTCM3_OVERHEAD;
const HASH = 0x23;
const LF = 0x0a;

export class Rtcm3Framer implements Framer {
  readonly stats: FrameStats = newFrameStats();
  /** Bytes kept from earlier chunks: a candidate frame waiting for the rest of its bytes. */
  private pending = new Uint8Array(2 * MAX_FRAME);
  private pendingLen = 0;
  /** Stream offset of pending[0]. */
  private pendingBase = 0;
  /** Bytes pushed so far. */
  private total = 0;
  private seenFrame = false;
  private atLineStart = true;
  private inComment = false;
  private finished = false;

  push(chunk: Uint8Array): Frame[] {
    if (this.finished) return [];
    const out: Frame[] = [];
    if (chunk.length === 0) return out;
    let data: Uint8Array;
    let base: number;
    const fromPending = this.pendingLen > 0;
    if (!fromPending) {
      data = chunk;
      base = this.total;
    } else {
      const need = this.pendingLen + chunk.length;
      if (need > this.pending.length) {
        const next = new Uint8Array(Math.max(need, this.pending.length * 2));
        next.set(this.pending.subarray(0, this.pendingLen));
        this.pending = next;
      }
      this.pending.set(chunk, this.pendingLen);
      this.pendingLen = need;
      data = this.pending.subarray(0, need);
      base = this.pendingBase;
    }
    this.total += chunk.length;
    const used = this.scan(data, base, out, false);
    const rest = data.length - used;
    if (rest > 0) {
      if (fromPending) {
        this.pending.copyWithin(0, used, data.length);
      } else {
        if (rest > this.pending.length) this.pending = new Uint8Array(rest * 2);
        this.pending.set(data.subarray(used));
      }
    }
    this.pendingLen = rest;
    this.pendingBase = base + used;
    return out;
  }

  finish(): Frame[] {
    if (this.finished) return [];
    this.finished = true;
    const out: Frame[] = [];
    if (this.pendingLen > 0) {
      const data = this.pending.subarray(0, this.pendingLen);
      this.scan(data, this.pendingBase, out, true);
      this.pendingLen = 0;
    }
    return out;
  }

  /**
   * Scans data (whose first byte is at stream offset `base`) and returns how many bytes were consumed.
   * Unless `final`, it stops at a candidate whose bytes have not all arrived yet.
   */
  private scan(data: Uint8Array, base: number, out: Frame[], final: boolean): number {
    const n = data.length;
    const st = this.stats;
    let i = 0;
    let incompleteAt = -1;
    while (i < n) {
      if (this.inComment) {
        const nl = data.indexOf(LF, i);
        const stop = nl < 0 ? n : nl + 1;
        st.garbageBytes += stop - i;
        i = stop;
        if (nl >= 0) {
          this.inComment = false;
          this.atLineStart = true;
        }
        continue;
      }
      const b = data[i];
      if (b !== RTCM3_PREAMBLE) {
        if (!this.seenFrame) {
          if (this.atLineStart && b === HASH) {
            this.inComment = true;
            continue;
          }
          this.atLineStart = b === LF;
          st.garbageBytes++;
          i++;
          continue;
        }
        const next = data.indexOf(RTCM3_PREAMBLE, i);
        const stop = next < 0 ? n : next;
        st.garbageBytes += stop - i;
        i = stop;
        continue;
      }
      // candidate preamble
      if (n - i < 3) {
        if (!final) break;
        if (incompleteAt < 0) incompleteAt = i;
        st.garbageBytes++;
        i++;
        continue;
      }
      if ((data[i + 1] & 0xfc) !== 0) {
        st.garbageBytes++;
        i++;
        this.atLineStart = false;
        continue;
      }
      const len = ((data[i + 1] & 3) << 8) | data[i + 2];
      const size = len + RTCM3_OVERHEAD;
      if (n - i < size) {
        if (!final) break;
        if (incompleteAt < 0) incompleteAt = i;
        st.garbageBytes++;
        i++;
        continue;
      }
      const crc = (data[i + size - 3] << 16) | (data[i + size - 2] << 8) | data[i + size - 1];
      if (crc24q(data, i, i + size - 3) !== crc) {
        st.checksumErrors++;
        st.garbageBytes++;
        i++;
        this.atLineStart = false;
        continue;
      }
      out.push({ protocol: "rtcm3", bytes: data.slice(i, i + size), offset: base + i });
      st.frames++;
      this.seenFrame = true;
      incompleteAt = -1;
      i += size;
    }
    if (final && incompleteAt >= 0) st.truncated++;
    return i;
  }
}
