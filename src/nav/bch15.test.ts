// BCH(15,11,1) and word interleaving of BDS-SIS-ICD-B1I-3.0 §5.1.3. References: the ICD's generator
// polynomial (the code is cyclic: every codeword is a multiple of g(X) = X^4 + X + 1, checked by polynomial
// division written independently here), and every BDS D1 word of the two real u-blox logs (all must be
// codewords), plus the correction/detection properties that follow from minimum distance 3.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  bch15Correct,
  bch15Encode,
  bch15Syndrome,
  bdsWordBadBlocks,
  correctBdsWord,
  deinterleaveBdsWord,
  encodeBdsWord,
  interleaveBdsWord,
} from "./bch15.js";
import { navWordsFromUbxBytes } from "./ubx-sfrbx-words.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..", "../shared/data");
if (!existsSync(DATA)) console.log(`bch15.test: ${DATA} absent, real-data tests skipped`);

/** GF(2) polynomial remainder, written out bit by bit (independent of the implementation's loop). */
function polyMod(v: number, g: number, degG: number): number {
  let r = v;
  for (let bit = 31; bit >= degG; bit--) if (r & (1 << bit)) r ^= g << (bit - degG);
  return r;
}

describe("BCH(15,11)", () => {
  it("every codeword is a multiple of g(X) = X^4 + X + 1 and is systematic", () => {
    for (let info = 0; info < 2048; info++) {
      const cw = bch15Encode(info);
      expect(cw >>> 4).toBe(info);
      expect(polyMod(cw, 0b10011, 4)).toBe(0);
      expect(bch15Syndrome(cw)).toBe(0);
    }
  });

  it("minimum distance is 3 (a perfect Hamming code: 2048 codewords x 16 = 2^15)", () => {
    const cws = Array.from({ length: 2048 }, (_, i) => bch15Encode(i));
    let dmin = 15;
    for (let i = 0; i < cws.length; i++) {
      for (let j = i + 1; j < cws.length; j++) {
        let x = cws[i] ^ cws[j];
        let d = 0;
        while (x) {
          d += x & 1;
          x >>>= 1;
        }
        if (d < dmin) dmin = d;
      }
    }
    expect(dmin).toBe(3);
  });

  fcTest.prop([fc.integer({ min: 0, max: 2047 }), fc.integer({ min: 0, max: 14 })])(
    "one flipped bit is corrected",
    (info, bit) => {
      const cw = bch15Encode(info);
      expect(bch15Correct(cw ^ (1 << bit))).toBe(cw);
    },
  );

  fcTest.prop([
    fc.integer({ min: 0, max: 2047 }),
    fc.integer({ min: 0, max: 14 }),
    fc.integer({ min: 1, max: 14 }),
  ])(
    "two flipped bits are detected (non-zero syndrome), and correction cannot restore them",
    (info, b1, d) => {
      const b2 = (b1 + d) % 15;
      const cw = bch15Encode(info);
      const bad = cw ^ (1 << b1) ^ (1 << b2);
      expect(bch15Syndrome(bad)).not.toBe(0);
      // distance 3: the nearest codeword to a double error is a different one
      expect(bch15Correct(bad)).not.toBe(cw);
    },
  );
});

describe("D1/D2 words", () => {
  const word = fc.integer({ min: 0, max: 2 ** 22 - 1 });

  fcTest.prop([word, fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 14 })])(
    "words 2-10: one flipped bit in each 15-bit codeword is corrected",
    (data, e1, e2) => {
      const w = encodeBdsWord(data, false);
      expect(bdsWordBadBlocks(w, false)).toBe(0);
      // codeword 1 = bits 29..19 (info) + 7..4 (parity); codeword 2 = bits 18..8 + 3..0
      const pos1 = e1 < 11 ? 19 + (10 - e1) : 4 + (14 - e1);
      const pos2 = e2 < 11 ? 8 + (10 - e2) : 14 - e2;
      const hit = w ^ (1 << pos1) ^ (1 << pos2);
      expect(bdsWordBadBlocks(hit, false)).toBe(2);
      expect(correctBdsWord(hit, false)).toBe(w);
    },
  );

  fcTest.prop([word, fc.integer({ min: 0, max: 29 }), fc.integer({ min: 1, max: 29 })])(
    "words 2-10: two flipped bits are always detected",
    (data, p1, d) => {
      const p2 = (p1 + d) % 30;
      const w = encodeBdsWord(data, false);
      expect(bdsWordBadBlocks(w ^ (1 << p1) ^ (1 << p2), false)).toBeGreaterThan(0);
    },
  );

  fcTest.prop([fc.integer({ min: 0, max: 2 ** 26 - 1 }), fc.integer({ min: 0, max: 14 })])(
    "word 1: the 15 coded bits correct one error; the 15 plain bits are not protected",
    (data, bit) => {
      const w = encodeBdsWord(data, true);
      expect(bdsWordBadBlocks(w, true)).toBe(0);
      expect(correctBdsWord(w ^ (1 << bit), true)).toBe(w);
      expect(bdsWordBadBlocks(w ^ (1 << (15 + (bit % 15))), true)).toBe(0);
    },
  );

  fcTest.prop([fc.integer({ min: 0, max: 2 ** 30 - 1 })])("interleave and de-interleave are inverse", (w) => {
    expect(deinterleaveBdsWord(interleaveBdsWord(w))).toBe(w);
    expect(interleaveBdsWord(deinterleaveBdsWord(w))).toBe(w);
  });

  it("interleaving alternates the two codewords bit by bit, codeword 1 first (ICD Figure 5-3)", () => {
    // codeword 1 all ones, codeword 2 all zeros -> 1010...10 on air
    const w = (0x7ff << 19) | (0xf << 4);
    expect(interleaveBdsWord(w).toString(2)).toBe("10".repeat(15));
  });
});

describe.skipIf(!existsSync(DATA))("real D1 words from u-blox RXM-SFRBX", () => {
  it("every BDS D1 word of both logs is a codeword in ICD order (info1 | info2 | parity1 | parity2)", () => {
    let words = 0;
    for (const f of ["gpsd_ublox-zed-f9p-sfrbx.log", "gpsd_ublox-x20p.log"]) {
      const recs = navWordsFromUbxBytes(readFileSync(path.join(DATA, "ubx-bds-logs", f)));
      for (const r of recs) {
        if (r.system !== "C" || r.words.length !== 10) continue;
        r.words.forEach((x, i) => {
          expect(bdsWordBadBlocks(x & 0x3fffffff, i === 0)).toBe(0);
          words++;
        });
      }
    }
    console.log(`bch15: ${words} real D1 words, all with zero syndrome`);
    expect(words).toBe(400); // 11 + 29 subframes of 10 words
  });
});
