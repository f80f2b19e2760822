// GPS LNAV (IS-GPS-200N §20.3.5 parity, §20.3.3 subframes, Tables 20-XII fit intervals), URA and Galileo
// SISA index tables. References: the ICD's parity equations applied to the real u-blox words of both logs
// (all 400 GPS words must pass), the ICD tables' printed values, and single-bit errors (always detected:
// the (32,26) Hamming code has distance 4). The real-data comparison with RTKLIB is in
// nav-message-decoder.test.ts.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { fromWeekTow } from "../time/instant.js";
import { readBits, writeField } from "./bit-field.js";
import {
  GpsLnavDecoder,
  LNAV_HEAD,
  LNAV_SF4,
  lnavFitInterval_h,
  lnavParity,
  lnavWordFromTransmitted,
  lnavWordParityOk,
} from "./gps-lnav.js";
import { NavContext, type NavProduct } from "./nav-data.js";
import { navWordsFromUbxBytes } from "./ubx-sfrbx-words.js";
import { sisaIndexToMetres, uraIndexToMetres } from "./ura-index.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..", "../shared/data");
if (!existsSync(DATA)) console.log(`gps-lnav.test: ${DATA} absent, real-data tests skipped`);

/** A u-blox-form word from 24 data bits and the previous word's D29*, D30*. */
function word(data24: number, d29: number, d30: number): number {
  return (((d29 << 1) | d30) * 2 ** 30 + data24 * 64 + lnavParity(data24, d29, d30)) >>> 0;
}

describe("LNAV parity (§20.3.5.2)", () => {
  fcTest.prop([
    fc.integer({ min: 0, max: 2 ** 24 - 1 }),
    fc.nat(1),
    fc.nat(1),
    fc.integer({ min: 0, max: 29 }),
  ])("a word with its parity passes; any single flipped bit fails", (d, a, b, bit) => {
    const w = word(d, a, b);
    expect(lnavWordParityOk(w)).toBe(true);
    expect(lnavWordParityOk((w ^ (1 << bit)) >>> 0)).toBe(false);
  });

  fcTest.prop([fc.integer({ min: 0, max: 2 ** 24 - 1 }), fc.integer({ min: 0, max: 2 ** 30 - 1 })])(
    "a word sent after D30* = 1 has its data complemented; converting it back recovers the data",
    (d, prev) => {
      const d29 = (prev >>> 1) & 1;
      const d30 = prev & 1;
      const onAir = ((d30 ? d ^ 0xffffff : d) * 64 + lnavParity(d, d29, d30)) >>> 0;
      const w = lnavWordFromTransmitted(onAir, prev);
      expect((w >>> 6) & 0xffffff).toBe(d);
      expect(lnavWordParityOk(w)).toBe(true);
    },
  );

  it.skipIf(!existsSync(DATA))("every GPS L1 C/A word of both u-blox logs passes", () => {
    let n = 0;
    for (const f of ["gpsd_ublox-zed-f9p-sfrbx.log", "gpsd_ublox-x20p.log"]) {
      for (const r of navWordsFromUbxBytes(readFileSync(path.join(DATA, "ubx-bds-logs", f)))) {
        if (r.system !== "G" || r.signal !== "L1CA") continue;
        for (const w of r.words) {
          expect(lnavWordParityOk(w)).toBe(true);
          n++;
        }
      }
    }
    console.log(`gps-lnav: ${n} real LNAV words pass the parity check`);
    expect(n).toBe(400);
  });
});

describe("ICD tables", () => {
  it("fit interval from flag and IODC (Table 20-XII)", () => {
    expect(lnavFitInterval_h(0, 5)).toBe(4);
    expect(lnavFitInterval_h(1, 5)).toBe(6);
    expect(lnavFitInterval_h(1, 240)).toBe(8);
    expect(lnavFitInterval_h(1, 496)).toBe(14);
    expect(lnavFitInterval_h(1, 1022)).toBe(26);
    expect(lnavFitInterval_h(1, 505)).toBe(50);
    expect(lnavFitInterval_h(1, 753)).toBe(74);
    expect(lnavFitInterval_h(1, 757)).toBe(98);
  });

  it("URA index -> metres (IS-GPS-200 §20.3.3.3.1.3; BDS URAI §5.2.4.5)", () => {
    const icd = [2.0, 2.8, 4.0, 5.7, 8.0, 11.3, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
    for (const [n, v] of icd.entries()) expect(uraIndexToMetres(n)).toBeCloseTo(v, 10);
    expect(uraIndexToMetres(15)).toBeNaN();
  });

  it("Galileo SISA index -> metres (OS SIS ICD Table 89)", () => {
    const table: [number, number][] = [
      [0, 0],
      [49, 0.49],
      [50, 0.5],
      [74, 0.98],
      [75, 1.0],
      [99, 1.96],
      [100, 2.0],
      [107, 3.12],
      [125, 6.0],
    ];
    for (const [n, m] of table) expect(sisaIndexToMetres(n)).toBeCloseTo(m, 12);
    expect(sisaIndexToMetres(255)).toBeNaN();
  });
});

describe("subframe 4 page 18", () => {
  it("gives Klobuchar and GPS-UTC parameters", () => {
    const buf = new Uint8Array(30);
    writeField(buf, LNAV_HEAD.preamble, 0x8b);
    writeField(buf, LNAV_HEAD.tow_s, 588816);
    writeField(buf, LNAV_HEAD.subframeId, 4);
    writeField(buf, LNAV_SF4.svId, 56);
    const t = LNAV_SF4;
    const vals: [typeof t.alpha0, number][] = [
      [t.alpha0, 1.1176e-8],
      [t.alpha1, 7.4506e-9],
      [t.alpha2, -5.9605e-8],
      [t.alpha3, -5.9605e-8],
      [t.beta0, 90112],
      [t.beta1, 0],
      [t.beta2, -196608],
      [t.beta3, -65536],
      [t.a0_s, 1.86264514923e-9],
      [t.a1_sps, 1.776356839e-15],
      [t.tot_s, 405504],
      [t.wnt, 2408 % 256],
      [t.deltaTLs_s, 18],
    ];
    for (const [f, v] of vals) writeField(buf, f, v);
    const words = new Uint32Array(10);
    let prev = 0;
    for (let i = 0; i < 10; i++) {
      words[i] = word(readBits(buf, 24 * i, 24), (prev >>> 1) & 1, prev & 1);
      prev = words[i] & 0x3f;
    }
    const ctx = new NavContext({ referenceGpsWeek: 2408 });
    const out: NavProduct[] = [];
    new GpsLnavDecoder(ctx).push({ system: "G", prn: 3, signal: "L1CA", words }, out);
    const iono = out.find((p) => p.kind === "iono");
    expect(iono?.kind === "iono" && iono.iono.kind === "klobuchar" && iono.iono.beta).toEqual([
      90112, 0, -196608, -65536,
    ]);
    const utc = out.find((p) => p.kind === "time-offset");
    expect(utc?.kind === "time-offset" && utc.timeOffset.code).toBe("GPUT");
    expect(utc?.kind === "time-offset" && utc.timeOffset.tref).toEqual(fromWeekTow("GPST", 2408, 405504));
    expect(utc?.kind === "time-offset" && utc.leapSeconds).toBe(18);
  });
});
