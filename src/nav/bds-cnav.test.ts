// B-CNAV1 (BDS-SIS-ICD-B1C-1.0 §6.2) and B-CNAV2 (BDS-SIS-ICD-B2a-1.0 §6.2) framing on the X20P log: the
// subframe-1 BCH(21,6)/BCH(51,8) codewords (checked against the satellite id u-blox reports and the SOH
// count advancing by one 18 s frame), CRC-24Q of every subframe/message, the satellite-type dependent
// reference axis (§7.7), and damaged frames. The ephemeris cross-checks (CNV1 = CNV2, both vs D1) are in
// nav-message-decoder.test.ts.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { CNAV_A_REF_m } from "../orbits/system-constants.js";
import { BdsCnavDecoder, CNV2_MSG, decodeCnv1Subframe1, encodeCnv1Subframe1 } from "./bds-cnav.js";
import { field, packWords, readBits, writeBits, writeField } from "./bit-field.js";
import { crc24qOfBits } from "./crc24q.js";
import { NavContext, type NavProduct, type NavWords } from "./nav-data.js";
import { navWordsFromUbxBytes } from "./ubx-sfrbx-words.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..", "../shared/data");
const X20P = path.join(DATA, "ubx-bds-logs", "gpsd_ublox-x20p.log");
if (!existsSync(X20P)) console.log(`bds-cnav.test: ${X20P} absent, real-data tests skipped`);

const x20p = (): NavWords[] => navWordsFromUbxBytes(readFileSync(X20P)).filter((r) => r.system === "C");

function run(recs: readonly NavWords[]): { out: NavProduct[]; ctx: NavContext } {
  const ctx = new NavContext();
  const dec = new BdsCnavDecoder(ctx);
  const out: NavProduct[] = [];
  for (const r of recs) {
    if (r.signal === "B1C") dec.pushB1c(r, out);
    else if (r.signal === "B2a") dec.pushB2a(r, out);
  }
  return { out, ctx };
}

describe("B-CNAV1 subframe 1", () => {
  fcTest.prop([
    fc.integer({ min: 1, max: 63 }),
    fc.integer({ min: 0, max: 199 }),
    fc.array(fc.nat(71), { maxLength: 3 }),
  ])("PRN and SOH decode back, with up to 3 wrong symbols", (prn, soh, flips) => {
    const bits = encodeCnv1Subframe1(prn, soh);
    for (const k of new Set(flips)) bits[k >> 3] ^= 0x80 >> (k & 7);
    expect(decodeCnv1Subframe1(bits)).toEqual({ prn, soh });
  });

  it.skipIf(!existsSync(X20P))(
    "real subframes 1 decode to the satellite u-blox names, SOH advancing 18 s",
    () => {
      const sohs = new Map<number, number[]>();
      for (const r of x20p()) {
        if (r.signal !== "B1C" || r.words.length !== 3) continue;
        const d = decodeCnv1Subframe1(packWords(r.words, 32));
        expect(d?.prn).toBe(r.prn);
        sohs.set(r.prn, [...(sohs.get(r.prn) ?? []), d?.soh ?? -1]);
      }
      expect(sohs.size).toBe(8);
      // SOH 110 = 33:00 past the hour, then 111 = 33:18 (C34 is heard only once)
      for (const [prn, v] of sohs) expect(v).toEqual(prn === 34 ? [110] : [110, 111]);
    },
  );
});

describe.skipIf(!existsSync(X20P))("B-CNAV1 and B-CNAV2 frames of the X20P log", () => {
  it("every subframe 2/3 and B-CNAV2 message passes its CRC-24Q", () => {
    const { ctx } = run(x20p());
    expect(ctx.stats.crcErrors).toBe(0);
    expect(ctx.stats.malformed).toBe(0);
    const p = ctx.stats.products;
    const sf3 = Object.entries(p).filter(([k]) => k.startsWith("C:CNV1:sf3"));
    const b2a = Object.entries(p).filter(([k]) => k.startsWith("C:CNV2:type"));
    console.log(
      `bds-cnav: B1C subframe 3 pages ${JSON.stringify(Object.fromEntries(sf3))}; B2a types ${JSON.stringify(Object.fromEntries(b2a))}`,
    );
    expect(b2a.reduce((n, [, v]) => n + v, 0)).toBe(36);
  });

  it("a flipped bit anywhere in a frame is a CRC error and the frame is dropped", () => {
    const recs = x20p();
    let caught = 0;
    for (const [i, r] of recs.entries()) {
      if ((r.signal !== "B1C" && r.signal !== "B2a") || r.words.length < 9) continue;
      const w = Uint32Array.from(r.words);
      w[(i * 7) % 8] ^= 1 << (i % 32);
      const { ctx, out } = run([{ ...r, words: w }]);
      expect(out).toEqual([]);
      caught += ctx.stats.crcErrors;
    }
    expect(caught).toBe(56); // 10 + 10 B1C subframes 2/3, 36 B2a messages
  });

  it("satellite type selects the reference axis: IGSO/GEO 42162200 m, MEO 27906100 m", () => {
    const recs = x20p().filter((r) => r.signal === "B2a" && r.prn === 44);
    const t10 = recs.find((r) => field(packWords(r.words, 32), CNV2_MSG.type) === 10) as NavWords;
    const bits = packWords(t10.words, 32);
    const dA = field(bits, CNV2_MSG.t10.eph1.deltaA_m);
    writeField(bits, CNV2_MSG.t10.eph1.satType, 2); // pretend IGSO
    writeBits(bits, 264, 24, crc24qOfBits(bits, 0, 264));
    const words = new Uint32Array(9);
    for (let i = 0; i < 9; i++) words[i] = readBits(bits, 32 * i, 32);
    const meo = run(recs).out.find((p) => p.kind === "ephemeris");
    const igso = run(recs.map((r) => (r === t10 ? { ...r, words } : r))).out.find(
      (p) => p.kind === "ephemeris",
    );
    expect(meo?.kind === "ephemeris" && meo.ephemeris.sqrtA_sqrtm).toBe(Math.sqrt(CNAV_A_REF_m.BDS_MEO + dA));
    expect(igso?.kind === "ephemeris" && igso.ephemeris.satType).toBe(2);
    expect(igso?.kind === "ephemeris" && igso.ephemeris.sqrtA_sqrtm).toBe(
      Math.sqrt(CNAV_A_REF_m.BDS_IGSO_GEO + dA),
    );
  });
});
