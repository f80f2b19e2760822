// CRC-24Q (Qualcomm; generator 0x1864CFB, initial value 0, no reflection, no final XOR): RTCM 10403.3 §4.2
// frames, Galileo OS SIS ICD §4.3.3 pages and BDS B-CNAV1/2 frames (BDS-SIS-ICD-B1C-1.0 §6.1.2) all use it.

const POLY = 0x1864cfb;

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 16;
    for (let k = 0; k < 8; k++) {
      c <<= 1;
      if (c & 0x1000000) c ^= POLY;
    }
    t[i] = c & 0xffffff;
  }
  return t;
})();

/** CRC-24Q of bytes [start, end). */
export function crc24q(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffffff) ^ TABLE[(crc >>> 16) ^ bytes[i]];
  return crc;
}
