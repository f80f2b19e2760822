// NMEA 0183 v4.11 / IEC 61162-1 §7.2.3: the checksum is the 8-bit XOR of every character after the start
// delimiter (`$` or `!`) up to, not including, the `*`; it is written as two hexadecimal digits.

/** XOR of bytes[start..end). */
export function nmeaXor(bytes: Uint8Array, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i];
  return x;
}

/** XOR of the UTF-16 code units text[start..end) (NMEA text is ASCII). */
export function nmeaXorText(text: string, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= text.charCodeAt(i);
  return x;
}

/** Value of one hexadecimal digit (either case), -1 when the byte is not one. */
export function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Two uppercase hex digits, as written after `*`. */
export function formatChecksum(x: number): string {
  return (x & 0xff).toString(16).toUpperCase().padStart(2, "0");
}
