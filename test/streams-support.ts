// Test helpers for the stream tests, written apart from the library so they can check it: an RTCM 3 frame
// scanner with its own bit-by-bit CRC-24Q (RTCM 10403.3 §4.2: preamble 0xD3, 6 reserved bits, 10-bit
// length, payload, CRC-24Q with generator 0x1864CFB), a TCP reader, and waiting helpers.

import { existsSync } from "node:fs";
import net from "node:net";
import { resolve } from "node:path";

export const DATA = resolve(__dirname, "../../shared/data");
export const F9R_LOG = resolve(DATA, "rtcm3-bds-streams/gpsd_ublox-zed-f9r.log");
export const HAVE_F9R = existsSync(F9R_LOG);
if (!HAVE_F9R) console.log(`stream tests on real logs skipped: ${F9R_LOG} is absent`);

/** CRC-24Q, one bit at a time (deliberately not table-driven: independent of the library's). */
export function crc24qBitwise(bytes: Uint8Array, n: number): number {
  let crc = 0;
  for (let i = 0; i < n; i++) {
    crc ^= bytes[i] << 16;
    for (let k = 0; k < 8; k++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

export interface ScannedFrame {
  readonly offset: number;
  readonly type: number;
  /** Hex of the whole frame, for set comparisons. */
  readonly hex: string;
}

/** Every CRC-valid RTCM 3 frame in `buf` (a frame is only accepted whole, then the scan jumps past it). */
export function scanRtcmFrames(buf: Uint8Array): ScannedFrame[] {
  const out: ScannedFrame[] = [];
  let i = 0;
  while (i + 6 <= buf.length) {
    if (buf[i] !== 0xd3 || (buf[i + 1] & 0xfc) !== 0) {
      i++;
      continue;
    }
    const len = ((buf[i + 1] & 3) << 8) | buf[i + 2];
    const total = 3 + len + 3;
    if (i + total > buf.length) {
      i++;
      continue;
    }
    const crc = (buf[i + 3 + len] << 16) | (buf[i + 4 + len] << 8) | buf[i + 5 + len];
    if (crc24qBitwise(buf.subarray(i), 3 + len) !== crc) {
      i++;
      continue;
    }
    const type = len >= 2 ? (buf[i + 3] << 4) | (buf[i + 4] >> 4) : -1;
    out.push({ offset: i, type, hex: Buffer.from(buf.subarray(i, i + total)).toString("hex") });
    i += total;
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `cond` every 20 ms until it holds or `timeout_ms` passes; returns whether it held. */
export async function waitFor(cond: () => boolean, timeout_ms: number): Promise<boolean> {
  const end = Date.now() + timeout_ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(20);
  }
  return cond();
}

/** A free TCP port on 127.0.0.1 (bind to 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => res(p));
    });
  });
}

/** Collect a byte source's chunks into one buffer, up to `max` bytes or `timeout_ms`. */
export async function collect(
  src: AsyncIterable<Uint8Array> & { close?: () => void },
  opts: { max?: number; timeout_ms: number },
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  const timer = setTimeout(() => src.close?.(), opts.timeout_ms);
  try {
    for await (const c of src) {
      parts.push(Buffer.from(c));
      n += c.length;
      if (opts.max !== undefined && n >= opts.max) break;
    }
  } finally {
    clearTimeout(timer);
    src.close?.();
  }
  return Buffer.concat(parts);
}
