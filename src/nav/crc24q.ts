// CRC-24Q as the navigation messages use it: Galileo OS SIS ICD §4.3.3 (I/NAV, F/NAV), BDS-SIS-ICD-B1C-1.0
// §6.1.2 and BDS-SIS-ICD-B2a-1.0 §6.1.2 (B-CNAV1/B-CNAV2). Generator g(x) = x^24 + x^23 + x^18 + x^17 +
// x^14 + x^11 + x^10 + x^7 + x^6 + x^5 + x^4 + x^3 + x + 1 (0x864CFB), initial value 0, no final XOR.
// Leading zero bits do not change this CRC, so a bit string that is not a whole number of bytes is
// right-aligned in a byte buffer (zero padded in front) before the table-driven pass.

import { crc24q } from "../core/crc24q.js";
import { copyBits, readBits } from "./bit-field.js";

export { crc24q };

/** CRC-24Q of the `nBits` bits at bit `start` of `buf` (MSB first). */
export function crc24qOfBits(buf: Uint8Array, start: number, nBits: number): number {
  const nBytes = Math.ceil(nBits / 8);
  const tmp = new Uint8Array(nBytes);
  copyBits(buf, start, tmp, nBytes * 8 - nBits, nBits);
  return crc24q(tmp, 0, nBytes);
}

/** Whether the `dataBits` bits at `start` are followed by their CRC-24Q (24 bits). */
export function crc24qMatches(buf: Uint8Array, start: number, dataBits: number): boolean {
  return crc24qOfBits(buf, start, dataBits) === readBits(buf, start + dataBits, 24);
}
