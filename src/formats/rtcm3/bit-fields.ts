// RTCM 10403.3 §3.3: data fields are packed most significant bit first, with no alignment; signed fields
// are two's complement (DF "intN"), except the GLONASS fields marked "intSN", which are sign-magnitude.
// Reading helpers take a bit position counted from the first byte of the buffer given (the frame's
// preamble, so the message number starts at bit 24); the writer builds a payload bit by bit.

/** Unsigned field of `len` bits (0..32) at bit `pos`. Bits past the end of `buf` read as 0. */
export function getBitsU(buf: Uint8Array, pos: number, len: number): number {
  if (len <= 0) return 0;
  const bit = pos & 7;
  if (bit + len > 32) {
    // spans five bytes: the top len-8 bits, then the last 8
    return getBitsU(buf, pos, len - 8) * 256 + getBitsU(buf, pos + len - 8, 8);
  }
  const at = pos >>> 3;
  // a byte past the end is undefined, which the shifts read as 0
  const w = (buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3];
  return ((w << bit) >>> 0) >>> (32 - len);
}

/** Two's complement signed field of `len` bits (1..32). */
export function getBitsS(buf: Uint8Array, pos: number, len: number): number {
  const u = getBitsU(buf, pos, len);
  // move the sign bit to bit 31 and back with an arithmetic shift
  const sh = 32 - len;
  return (u << sh) >> sh;
}

/** Sign-magnitude field (RTCM "intSN", GLONASS): first bit is the sign, the rest the magnitude. */
export function getBitsSignMag(buf: Uint8Array, pos: number, len: number): number {
  const mag = getBitsU(buf, pos + 1, len - 1);
  return getBitsU(buf, pos, 1) ? -mag : mag;
}

/** Two's complement signed field of up to 53 bits (e.g. the 38-bit ARP coordinates, DF025-DF027). */
export function getBitsSLong(buf: Uint8Array, pos: number, len: number): number {
  if (len <= 32) return getBitsS(buf, pos, len);
  const hi = getBitsS(buf, pos, len - 32);
  const lo = getBitsU(buf, pos + len - 32, 32);
  return hi * 2 ** 32 + lo;
}

/** Builds a bit string MSB first; `bytes()` pads the last byte with zeros. */
export class BitWriter {
  private buf: Uint8Array;
  /** Bits written so far. */
  length = 0;

  constructor(capacityBytes = 128) {
    this.buf = new Uint8Array(capacityBytes);
  }

  private ensure(bits: number): void {
    const need = (this.length + bits + 7) >>> 3;
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.max(need, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
  }

  /** Unsigned value in `len` bits; the value is taken modulo 2^len (callers range-check first). */
  u(value: number, len: number): this {
    this.ensure(len);
    let v = value;
    if (len > 32) {
      const hi = Math.floor(v / 2 ** 32);
      this.u(hi, len - 32);
      return this.u(v - hi * 2 ** 32, 32);
    }
    v = ((v % 2 ** len) + 2 ** len) % 2 ** len;
    for (let i = len - 1; i >= 0; i--) {
      const bit = Math.floor(v / 2 ** i) & 1;
      if (bit) this.buf[this.length >>> 3] |= 0x80 >>> (this.length & 7);
      this.length++;
    }
    return this;
  }

  /** Two's complement signed value in `len` bits (up to 53). */
  s(value: number, len: number): this {
    const v = value < 0 ? value + 2 ** len : value;
    return this.u(v, len);
  }

  /** Sign-magnitude value in `len` bits. */
  signMag(value: number, len: number): this {
    this.u(value < 0 ? 1 : 0, 1);
    return this.u(Math.abs(value), len - 1);
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, (this.length + 7) >>> 3);
  }
}
