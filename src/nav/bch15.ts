// BDS-SIS-ICD-B1I-3.0 §5.1.3: the BCH(15,11,1) code of the D1/D2 navigation messages and the bit
// interleaving of words 2-10.
//
// Code: generator g(X) = X^4 + X + 1; a codeword is 11 information bits followed by the 4-bit remainder of
// info(X) * X^4 divided by g(X). Minimum distance 3 (a perfect Hamming code): one wrong bit per codeword is
// corrected, or (without correction) one or two wrong bits are detected. Not both: two errors in one codeword
// have the syndrome of some single error, so correcting them produces a third wrong bit.
//
// Words: word 1 sends 15 bits unencoded (preamble, Rev, FraID... as the ICD lists them) followed by one
// codeword of 11 data bits. Words 2-10 carry 22 data bits as two codewords; the ICD numbers their bits
// "info 1 (11) | info 2 (11) | parity 1 (4) | parity 2 (4)" (that is the order in which field positions are
// given, and the order u-blox RXM-SFRBX delivers), while on air the two codewords are interleaved bit by bit,
// codeword 1 first: X1_1 X2_1 X1_2 X2_2 ... X1_15 X2_15. Words here are 30-bit numbers, first bit = bit 29.

const G = 0b10011; // X^4 + X + 1

/** Remainder of the 15-bit polynomial `v` (bit 14 = X^14) divided by g(X). */
function remainder15(v: number): number {
  let r = v;
  for (let i = 14; i >= 4; i--) if ((r >>> i) & 1) r ^= G << (i - 4);
  return r & 0xf;
}

/** Error pattern for each non-zero syndrome (single-bit errors, X^j mod g). */
const ERROR_OF_SYNDROME = (() => {
  const t = new Int32Array(16);
  for (let j = 0; j < 15; j++) t[remainder15(1 << j)] = 1 << j;
  return t;
})();

/** Systematic codeword (15 bits) of an 11-bit information word. */
export function bch15Encode(info11: number): number {
  const shifted = (info11 & 0x7ff) << 4;
  return shifted | remainder15(shifted);
}

/** Syndrome of a 15-bit codeword: 0 when it is a codeword. */
export function bch15Syndrome(cw15: number): number {
  return remainder15(cw15 & 0x7fff);
}

/** The codeword with the single bit its syndrome points at flipped (unchanged when the syndrome is 0). */
export function bch15Correct(cw15: number): number {
  return (cw15 & 0x7fff) ^ ERROR_OF_SYNDROME[remainder15(cw15 & 0x7fff)];
}

/** Transmitted (interleaved) word 2-10 -> ICD order info1|info2|parity1|parity2. */
export function deinterleaveBdsWord(raw30: number): number {
  let c1 = 0;
  let c2 = 0;
  for (let i = 0; i < 15; i++) {
    c1 = (c1 << 1) | ((raw30 >>> (29 - 2 * i)) & 1);
    c2 = (c2 << 1) | ((raw30 >>> (28 - 2 * i)) & 1);
  }
  return joinCodewords(c1, c2);
}

/** ICD-order word 2-10 -> the order sent on air (inverse of deinterleaveBdsWord). */
export function interleaveBdsWord(word30: number): number {
  const c1 = codeword1(word30);
  const c2 = codeword2(word30);
  let out = 0;
  for (let i = 0; i < 15; i++) {
    out = out * 4 + ((c1 >>> (14 - i)) & 1) * 2 + ((c2 >>> (14 - i)) & 1);
  }
  return out;
}

/** Codeword 1 of an ICD-order word 2-10: info bits 29..19 and parity bits 7..4. */
export const codeword1 = (w: number): number => (((w >>> 19) & 0x7ff) << 4) | ((w >>> 4) & 0xf);
/** Codeword 2 of an ICD-order word 2-10: info bits 18..8 and parity bits 3..0. */
export const codeword2 = (w: number): number => (((w >>> 8) & 0x7ff) << 4) | (w & 0xf);

/** ICD-order word from two codewords. */
export function joinCodewords(c1: number, c2: number): number {
  return (((c1 >>> 4) & 0x7ff) << 19) | (((c2 >>> 4) & 0x7ff) << 8) | ((c1 & 0xf) << 4) | (c2 & 0xf);
}

/** An ICD-order word built from its data bits (22 for words 2-10, 26 for word 1 = 15 plain + 11 coded). */
export function encodeBdsWord(data: number, first: boolean): number {
  if (first) return ((data >>> 11) & 0x7fff) * 32768 + bch15Encode(data & 0x7ff);
  return joinCodewords(bch15Encode((data >>> 11) & 0x7ff), bch15Encode(data & 0x7ff));
}

/** Number of BCH codewords of a word whose syndrome is not zero. */
export function bdsWordBadBlocks(word30: number, first: boolean): number {
  if (first) return bch15Syndrome(word30 & 0x7fff) === 0 ? 0 : 1;
  return (bch15Syndrome(codeword1(word30)) === 0 ? 0 : 1) + (bch15Syndrome(codeword2(word30)) === 0 ? 0 : 1);
}

/**
 * An ICD-order word with one error per codeword corrected. Word 1's first 15 bits are not protected.
 * Compare with the input (or use bdsWordBadBlocks first) to count corrections.
 */
export function correctBdsWord(word30: number, first: boolean): number {
  if (first) return (word30 & 0x3fff8000) | bch15Correct(word30 & 0x7fff);
  return joinCodewords(bch15Correct(codeword1(word30)), bch15Correct(codeword2(word30)));
}
