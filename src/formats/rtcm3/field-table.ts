// Declarative RTCM 3 field tables: each message layout is a list of data fields (DFnnn of RTCM 10403.3
// §3.4) with width, encoding and scale, read and written by the same two functions, so a decoder and its
// encoder cannot drift apart. Semicircle fields are converted to radians at decode time.

import { type BitWriter, getBitsS, getBitsSignMag, getBitsU } from "./bit-fields.js";

/** `u` unsigned, `s` two's complement, `sm` sign-magnitude (GLONASS intSN). */
export type FieldEncoding = "u" | "s" | "sm";

export interface FieldSpec {
  /** Name of the value in the decoded record (unscaled integers keep their DF meaning). */
  readonly name: string;
  readonly bits: number;
  readonly enc: FieldEncoding;
  /** Scale of one unit (LSB), in SI units of the record (radians for semicircle fields). */
  readonly lsb: number;
  /** RTCM data field number, for readers of the table. */
  readonly df: string;
}

const PI = Math.PI;

/** A field; `semicircles` multiplies the ICD scale by pi so the record holds radians. */
export function field(
  df: string,
  name: string,
  bits: number,
  enc: FieldEncoding,
  lsb = 1,
  semicircles = false,
): FieldSpec {
  return { df, name, bits, enc, lsb: semicircles ? lsb * PI : lsb };
}

/** Total width of a layout (bits). */
export function layoutBits(layout: readonly FieldSpec[]): number {
  let n = 0;
  for (const f of layout) n += f.bits;
  return n;
}

/** Reads a layout starting at bit `pos`; values are scaled by their LSB. */
export function readFields(
  buf: Uint8Array,
  pos: number,
  layout: readonly FieldSpec[],
): Record<string, number> {
  const out: Record<string, number> = {};
  let i = pos;
  for (const f of layout) {
    const raw =
      f.enc === "u"
        ? getBitsU(buf, i, f.bits)
        : f.enc === "s"
          ? getBitsS(buf, i, f.bits)
          : getBitsSignMag(buf, i, f.bits);
    out[f.name] = f.lsb === 1 ? raw : raw * f.lsb;
    i += f.bits;
  }
  return out;
}

/**
 * Writes a layout: each value is divided by its LSB, rounded and clamped into the field (missing or NaN
 * values write 0). Returns the names of fields whose value had to be clamped.
 */
export function writeFields(
  w: BitWriter,
  values: Readonly<Record<string, number>>,
  layout: readonly FieldSpec[],
): string[] {
  const clamped: string[] = [];
  for (const f of layout) {
    const v = values[f.name];
    let n = Number.isFinite(v) ? Math.round(v / f.lsb) : 0;
    const max = f.enc === "u" ? 2 ** f.bits - 1 : 2 ** (f.bits - 1) - 1;
    const min = f.enc === "u" ? 0 : f.enc === "s" ? -(2 ** (f.bits - 1)) : -max;
    if (n > max || n < min) {
      clamped.push(f.name);
      n = n > max ? max : min;
    }
    if (f.enc === "u") w.u(n, f.bits);
    else if (f.enc === "s") w.s(n, f.bits);
    else w.signMag(n, f.bits);
  }
  return clamped;
}
