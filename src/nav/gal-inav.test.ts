// Galileo I/NAV (OS SIS ICD 2.0 §4.3): CRC-24Q (checked against the CRC catalogue's check value for
// CRC-24Q/LTE-A, 0xCDE703 for "123456789"), page pairing from whole pairs or separate even/odd parts,
// alert pages, and word type 10 (GST-GPS) on a synthetic page. Real-data comparison with RTKLIB's E21 is
// in nav-message-decoder.test.ts.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fromWeekTow } from "../time/instant.js";
import { copyBits, packWords, readBits, writeBits, writeField } from "./bit-field.js";
import { crc24q, crc24qOfBits } from "./crc24q.js";
import { GalInavDecoder, INAV_WORD, INAV_WT10 } from "./gal-inav.js";
import { NavContext, type NavProduct, type NavWords } from "./nav-data.js";
import { navWordsFromUbxBytes } from "./ubx-sfrbx-words.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..", "../shared/data");
if (!existsSync(DATA)) console.log(`gal-inav.test: ${DATA} absent, real-data tests skipped`);

/** A nominal page pair (8 u-blox words) carrying one 128-bit word, with its CRC. */
function pagePair(word: Uint8Array, alert = false): Uint32Array {
  const pair = new Uint8Array(32);
  writeBits(pair, 0, 1, 0);
  writeBits(pair, 1, 1, alert ? 1 : 0);
  copyBits(word, 0, pair, 2, 112);
  writeBits(pair, 128, 1, 1);
  writeBits(pair, 129, 1, alert ? 1 : 0);
  copyBits(word, 112, pair, 130, 16);
  const crcIn = new Uint8Array(25);
  copyBits(pair, 0, crcIn, 0, 114);
  copyBits(pair, 128, crcIn, 114, 82);
  writeBits(pair, 128 + 82, 24, crc24qOfBits(crcIn, 0, 196));
  const words = new Uint32Array(8);
  for (let i = 0; i < 8; i++) words[i] = readBits(pair, 32 * i, 32);
  return words;
}

function run(recs: NavWords[], ctx = new NavContext()): { out: NavProduct[]; ctx: NavContext } {
  const dec = new GalInavDecoder(ctx);
  const out: NavProduct[] = [];
  for (const r of recs) dec.push(r, out);
  return { out, ctx };
}

describe("CRC-24Q", () => {
  it("check value of '123456789' is 0xCDE703", () => {
    expect(crc24q(new TextEncoder().encode("123456789"))).toBe(0xcde703);
  });
  it("leading zero bits do not change it (bit strings are right-aligned)", () => {
    const b = packWords([0x12345678, 0x9abcdef0], 32);
    expect(crc24qOfBits(b, 4, 60)).toBe(crc24qOfBits(packWords([0x02345678, 0x9abcdef0], 32), 0, 64));
  });
});

describe("I/NAV pages", () => {
  it("word type 10 gives the GST-GPS offset; an alert page gives nothing", () => {
    const w = new Uint8Array(16);
    writeField(w, INAV_WORD.type, 10);
    writeField(w, INAV_WT10.a0g_s, -12 * 2 ** -35);
    writeField(w, INAV_WT10.a1g_sps, 3 * 2 ** -51);
    writeField(w, INAV_WT10.t0g_s, 345600);
    writeField(w, INAV_WT10.wn0g, 2408 % 64);
    const ctx = new NavContext({ referenceGpsWeek: 2408 });
    const { out } = run(
      [
        { system: "E", prn: 8, signal: "E1B", words: pagePair(w, true) },
        { system: "E", prn: 8, signal: "E1B", words: pagePair(w) },
      ],
      ctx,
    );
    expect(out.length).toBe(1);
    const p = out[0];
    expect(p.kind === "time-offset" && p.timeOffset).toEqual({
      code: "GAGP",
      a0_s: -12 * 2 ** -35,
      a1_sps: 3 * 2 ** -51,
      tref: fromWeekTow("GST", 2408, 345600),
    });
  });

  it("a damaged page fails its CRC; odd before even is malformed", () => {
    const w = new Uint8Array(16);
    writeField(w, INAV_WORD.type, 10);
    const good = pagePair(w);
    const bad = Uint32Array.from(good);
    bad[5] ^= 1 << 7;
    const swapped = Uint32Array.from([...good.subarray(4), ...good.subarray(0, 4)]);
    const { out, ctx } = run([
      { system: "E", prn: 8, signal: "E1B", words: bad, offset: 77 },
      { system: "E", prn: 8, signal: "E1B", words: swapped },
    ]);
    expect(out).toEqual([]);
    expect(ctx.stats.crcErrors).toBe(1);
    expect(ctx.stats.malformed).toBe(1);
    expect(ctx.issues[0]).toMatchObject({ code: "checksum", byteOffset: 77 });
  });

  it.skipIf(!existsSync(DATA))(
    "even and odd parts pushed separately decode as the u-blox pairs (F9P E21)",
    () => {
      const recs = navWordsFromUbxBytes(
        readFileSync(path.join(DATA, "ubx-bds-logs", "gpsd_ublox-zed-f9p-sfrbx.log")),
      ).filter((r) => r.system === "E");
      const halves = recs.flatMap((r) => [
        { ...r, words: r.words.subarray(0, 4) },
        { ...r, words: r.words.subarray(4, 8) },
      ]);
      const whole = run(recs).out;
      const split = run(halves).out;
      expect(split).toEqual(whole);
      expect(whole.filter((p) => p.kind === "ephemeris").length).toBe(1);
    },
  );
});
