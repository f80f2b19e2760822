// The three frame checks of a receiver byte stream, kept here so that the mixed-stream splitter depends on
// no protocol decoder:
//   RTCM 3: CRC-24Q over preamble, header and message (RTCM 10403.3 §4.2; generator polynomial
//           0x1864CFB, initial value 0, the 24 bits sent most significant first)
//   UBX:    8-bit Fletcher over class, id, length and payload (u-blox interface descriptions, "UBX checksum")
//   NMEA:   XOR of the characters between `$` and `*` (NMEA 0183 v4.11 §7.2.3), in ../nmea/checksum.ts

export { crc24q } from "../../core/crc24q.js";
export { nmeaXor } from "../nmea/checksum.js";

/** UBX Fletcher checksum of bytes[start..end) as (CK_A << 8) | CK_B. */
export function ubxFletcher(bytes: Uint8Array, start: number, end: number): number {
  let a = 0;
  let b = 0;
  for (let i = start; i < end; i++) {
    a = (a + bytes[i]) & 0xff;
    b = (b + a) & 0xff;
  }
  return (a << 8) | b;
}
