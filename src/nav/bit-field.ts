// Bit fields of navigation messages: packing receiver words into one MSB-first bit string, and reading the
// declarative field tables the ICD-specific files define (in the style of GNSS-SDR's Beidou_DNAV.h, but
// 0-based). A field is one or more [start, length] parts, concatenated most significant first, as the ICD
// figures split parameters across words ("8 MSBs in word 1, 12 LSBs in word 2"), with a sign rule and the
// scale of its least significant bit. Values up to 53 bits are exact (JavaScript numbers).

/** One contiguous run of bits: first bit (0-based from the start of the message) and its length. */
export type BitPart = readonly [start: number, length: number];

export interface BitField {
  readonly parts: readonly BitPart[];
  /** Two's complement over the concatenated parts. */
  readonly signed: boolean;
  /** Value of the least significant bit, in the field's SI unit. */
  readonly scale: number;
}

/** Unsigned field with LSB `scale`. */
export const u = (parts: readonly BitPart[], scale = 1): BitField => ({ parts, signed: false, scale });
/** Two's-complement field with LSB `scale`. */
export const s = (parts: readonly BitPart[], scale = 1): BitField => ({ parts, signed: true, scale });

/**
 * pi as IS-GPS-200 §20.3.3.4.3 defines it for semicircle scales (BDS-SIS-ICD-B1I-3.0 §5.2.4.12 and the
 * Galileo OS SIS ICD use the same): ICD angles are in semicircles and become radians at decode time.
 */
// biome-ignore lint/suspicious/noApproximativeNumericConstant: the ICDs' defined value, not Math.PI
export const PI_ICD = 3.1415926535898;

/** Unsigned value of `len` (<= 53) bits starting at bit `pos` of `buf` (MSB first). */
export function readBits(buf: Uint8Array, pos: number, len: number): number {
  let v = 0;
  let p = pos;
  let n = len;
  // leading partial byte
  while (n > 0 && (p & 7) !== 0) {
    v = v * 2 + ((buf[p >> 3] >> (7 - (p & 7))) & 1);
    p++;
    n--;
  }
  while (n >= 8) {
    v = v * 256 + buf[p >> 3];
    p += 8;
    n -= 8;
  }
  while (n > 0) {
    v = v * 2 + ((buf[p >> 3] >> (7 - (p & 7))) & 1);
    p++;
    n--;
  }
  return v;
}

/** Raw integer of a field (sign applied, scale not), reading at `base` + each part's start. */
export function fieldRaw(buf: Uint8Array, f: BitField, base = 0): number {
  let v = 0;
  let width = 0;
  for (const [start, len] of f.parts) {
    v = v * 2 ** len + readBits(buf, base + start, len);
    width += len;
  }
  if (f.signed && v >= 2 ** (width - 1)) v -= 2 ** width;
  return v;
}

/** Field value in SI: raw integer times the LSB scale. */
export function field(buf: Uint8Array, f: BitField, base = 0): number {
  return fieldRaw(buf, f, base) * f.scale;
}

/** Total width of a field in bits. */
export function fieldWidth(f: BitField): number {
  let w = 0;
  for (const [, len] of f.parts) w += len;
  return w;
}

/**
 * Concatenate the low `bitsPerWord` bits of each word, MSB first, into a new byte buffer:
 * BDS D1/D2 words are 30 bits right-aligned, Galileo and B-CNAV words 32 bits.
 */
export function packWords(words: ArrayLike<number>, bitsPerWord: number, count = words.length): Uint8Array {
  const out = new Uint8Array(Math.ceil((count * bitsPerWord) / 8));
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const w = words[i] >>> 0;
    for (let b = bitsPerWord - 1; b >= 0; b--) {
      if ((w >>> b) & 1) out[pos >> 3] |= 0x80 >> (pos & 7);
      pos++;
    }
  }
  return out;
}

/** Write `len` (<= 32) bits of `value` at bit `pos` of `buf`, MSB first (for building test messages). */
export function writeBits(buf: Uint8Array, pos: number, len: number, value: number): void {
  for (let i = 0; i < len; i++) {
    const bit = Math.floor(value / 2 ** (len - 1 - i)) & 1;
    const p = pos + i;
    if (bit) buf[p >> 3] |= 0x80 >> (p & 7);
    else buf[p >> 3] &= ~(0x80 >> (p & 7));
  }
}

/** Copy `len` bits from `src` at `srcPos` to `dst` at `dstPos`. */
export function copyBits(
  src: Uint8Array,
  srcPos: number,
  dst: Uint8Array,
  dstPos: number,
  len: number,
): void {
  for (let i = 0; i < len; i++) {
    const sp = srcPos + i;
    const dp = dstPos + i;
    if ((src[sp >> 3] >> (7 - (sp & 7))) & 1) dst[dp >> 3] |= 0x80 >> (dp & 7);
    else dst[dp >> 3] &= ~(0x80 >> (dp & 7));
  }
}

/**
 * Write a field: `value` in SI is divided by the LSB scale and rounded, then stored over the parts (two's
 * complement when signed). The inverse of field() to within half an LSB; for encoders and test messages.
 */
export function writeField(buf: Uint8Array, f: BitField, value: number, base = 0): void {
  const width = fieldWidth(f);
  const raw = Math.round(value / f.scale);
  let v = raw < 0 ? raw + 2 ** width : raw;
  for (let k = f.parts.length - 1; k >= 0; k--) {
    const [start, len] = f.parts[k];
    const part = v % 2 ** len;
    writeBits(buf, base + start, len, part);
    v = Math.floor(v / 2 ** len);
  }
}
