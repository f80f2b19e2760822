// Navigation messages decoded from the real u-blox RXM-SFRBX logs in ../shared/data/ubx-bds-logs against
// RTKLIB 2.4.3's navigation files made from the same logs (rtklib-reference/*.nav, read with
// parseRinexNav): every parameter to the RINEX print precision (12 significant digits), and the orbits
// (keplerSatelliteState) within 1 cm. Where RTKLIB decodes nothing (BDS B3I D1, B-CNAV1, B-CNAV2, Galileo in
// the X20P log) the three BDS message formats are checked against each other. Damaged words are counted and
// never make an ephemeris.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../core/errors.js";
import { parseRinexNav } from "../formats/rinex/nav.js";
import { UbxFramer } from "../formats/ubx/ubx-framer.js";
import { decodeUbx } from "../formats/ubx/ubx-messages.js";
import { keplerSatelliteState } from "../orbits/broadcast-kepler.js";
import type { KeplerEphemeris } from "../orbits/ephemeris.js";
import { addSeconds, diffSeconds, formatCalendar, fromCalendar, type Instant } from "../time/instant.js";
import type { NavProduct, NavWords } from "./nav-data.js";
import {
  NavMessageDecoder,
  type NavMessageDecoderOptions,
  navigationDataFrom,
} from "./nav-message-decoder.js";
import { navWordsFromUbxBytes } from "./ubx-sfrbx-words.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..", "../shared/data");
const LOGS = path.join(DATA, "ubx-bds-logs");
if (!existsSync(LOGS)) console.log(`nav-message-decoder.test: ${LOGS} absent, real-data tests skipped`);

const F9P = "gpsd_ublox-zed-f9p-sfrbx";
const X20P = "gpsd_ublox-x20p";

function records(name: string): NavWords[] {
  return navWordsFromUbxBytes(readFileSync(path.join(LOGS, `${name}.log`)));
}

/** The date each log's `#` header gives, so that GPS 10-bit weeks never depend on the test machine's clock. */
const LOG_DATE: Record<string, Instant> = {
  [F9P]: fromCalendar("GPST", { year: 2020, month: 6, day: 10, hour: 0, minute: 0, second: 0 }),
  [X20P]: fromCalendar("GPST", { year: 2026, month: 3, day: 6, hour: 0, minute: 0, second: 0 }),
};

const decoderFor = (name: string, opts: NavMessageDecoderOptions = {}): NavMessageDecoder =>
  new NavMessageDecoder({ referenceTime: LOG_DATE[name], ...opts });

function decodeAll(recs: readonly NavWords[], dec = new NavMessageDecoder()): NavProduct[] {
  return recs.flatMap((r) => dec.push(r));
}

function ephemerides(products: readonly NavProduct[]): KeplerEphemeris[] {
  return products.flatMap((p) => (p.kind === "ephemeris" ? [p.ephemeris] : []));
}

function rtklibNav(name: string): KeplerEphemeris[] {
  const text = readFileSync(path.join(LOGS, "rtklib-reference", `${name}.nav`), "utf8");
  const res = parseRinexNav(text, `${name}.nav`);
  expect(res.issues).toEqual([]);
  return res.data.ephemerides.filter((e): e is KeplerEphemeris => e.kind === "kepler");
}

const ORBIT_FIELDS = [
  "af0_s",
  "af1_sps",
  "af2_sps2",
  "sqrtA_sqrtm",
  "e",
  "i0_rad",
  "omega0_rad",
  "omega_rad",
  "m0_rad",
  "deltaN_radps",
  "iDot_radps",
  "omegaDot_radps",
  "cuc_rad",
  "cus_rad",
  "crc_m",
  "crs_m",
  "cic_rad",
  "cis_rad",
] as const;

/** Largest relative difference (vs the RINEX value) over the parameters; exact equality for integers/times. */
function compareWithRinex(dec: KeplerEphemeris, ref: KeplerEphemeris): number {
  let worst = 0;
  const close = (name: string, a: number, b: number): void => {
    // RINEX D19.12: 12 significant digits, relative rounding <= 0.5e-12 / 0.1 of the printed mantissa
    const rel = b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
    if (b === 0) expect(a, `${dec.sat} ${name}`).toBe(0);
    else expect(rel, `${dec.sat} ${name}: ${a} vs ${b}`).toBeLessThanOrEqual(5e-12);
    worst = Math.max(worst, b === 0 ? 0 : rel);
  };
  for (const f of ORBIT_FIELDS) close(f, dec[f], ref[f]);
  expect(diffSeconds(dec.toc, ref.toc), `${dec.sat} toc`).toBe(0);
  expect(diffSeconds(dec.toe, ref.toe), `${dec.sat} toe`).toBe(0);
  expect(dec.ttr && ref.ttr && diffSeconds(dec.ttr, ref.ttr), `${dec.sat} ttr`).toBe(0);
  expect(dec.toe.scale).toBe(ref.toe.scale);
  expect(dec.iode, `${dec.sat} iode`).toBe(ref.iode);
  if (Number.isFinite(ref.iodc)) expect(dec.iodc, `${dec.sat} iodc`).toBe(ref.iodc);
  expect(dec.health, `${dec.sat} health`).toBe(ref.health);
  close("ura_m", dec.ura_m, ref.ura_m);
  for (const [k, v] of Object.entries(ref.groupDelays_s)) close(k, dec.groupDelays_s[k], v);
  if (dec.sat[0] === "G") expect(dec.fitInterval_h).toBe(ref.fitInterval_h);
  if (dec.sat[0] === "E") expect(dec.dataSources).toBe(ref.dataSources);
  return worst;
}

/** Largest position (m) and clock (s) difference over toe +- 2 h, every 5 minutes. */
function orbitDifference(
  a: KeplerEphemeris,
  b: KeplerEphemeris,
  span_s = 7200,
): { pos_m: number; clk_s: number } {
  let pos = 0;
  let clk = 0;
  for (let dt = -span_s; dt <= span_s; dt += 300) {
    const t = addSeconds(b.toe, dt);
    const sa = keplerSatelliteState(a, t);
    const sb = keplerSatelliteState(b, t);
    pos = Math.max(pos, Math.hypot(sa.pos[0] - sb.pos[0], sa.pos[1] - sb.pos[1], sa.pos[2] - sb.pos[2]));
    clk = Math.max(clk, Math.abs(sa.clockBias_s - sb.clockBias_s));
  }
  return { pos_m: pos, clk_s: clk };
}

describe.skipIf(!existsSync(LOGS))("real RXM-SFRBX logs against RTKLIB's navigation files", () => {
  for (const name of [F9P, X20P]) {
    it(`${name}: every ephemeris RTKLIB wrote is decoded, parameter by parameter and orbit within 1 cm`, () => {
      const decoded = ephemerides(decodeAll(records(name), decoderFor(name)));
      const refs = rtklibNav(name);
      let worstRel = 0;
      let worstPos = 0;
      let worstClk = 0;
      const perSat: string[] = [];
      for (const ref of refs) {
        const mine = decoded.filter((e) => e.sat === ref.sat && diffSeconds(e.toe, ref.toe) === 0);
        // BDS: RINEX 3 writes D1 and D2 alike; the decoded one says which it was
        const m = mine.find((e) => e.message === (ref.sat[0] === "C" ? "D1" : ref.message));
        expect(m, `${ref.sat} ${formatCalendar(ref.toe, 0)} decoded`).toBeDefined();
        if (!m) continue;
        worstRel = Math.max(worstRel, compareWithRinex(m, ref));
        const d = orbitDifference(m, ref);
        expect(d.pos_m, `${ref.sat} orbit`).toBeLessThan(0.01);
        expect(d.clk_s, `${ref.sat} clock`).toBeLessThan(1e-12);
        worstPos = Math.max(worstPos, d.pos_m);
        worstClk = Math.max(worstClk, d.clk_s);
        perSat.push(`${ref.sat} ${(d.pos_m * 1000).toFixed(3)} mm`);
      }
      console.log(
        `${name}: ${refs.length} RTKLIB ephemerides (${refs.map((e) => e.sat).join(" ")}) matched; worst relative ` +
          `parameter difference ${worstRel.toExponential(2)}, worst orbit ${(worstPos * 1000).toFixed(4)} mm, ` +
          `clock ${worstClk.toExponential(2)} s (${perSat.join(", ")})`,
      );
    });
  }

  it(`${F9P}: BDS C29 D1 (the one BDS ephemeris RTKLIB decodes) is there, GLONASS R16 is not ours`, () => {
    const dec = decoderFor(F9P);
    const products = decodeAll(records(F9P), dec);
    const eph = ephemerides(products);
    expect(eph.map((e) => `${e.sat}:${e.message}`).sort()).toEqual(["C29:D1", "E21:INAV"]);
    expect(dec.stats.unsupported).toBe(10); // the 10 GLONASS strings
    expect(dec.stats.parityErrors + dec.stats.crcErrors + dec.stats.malformed + dec.stats.rejected).toBe(0);
    // Klobuchar from every BDS subframe 1 (C19, C26, C29, C35), NeQuick-G and GST-UTC from Galileo
    const iono = products.filter((p) => p.kind === "iono");
    expect(iono.filter((p) => p.kind === "iono" && p.iono.kind === "klobuchar").length).toBe(4);
    console.log(`${F9P}: products ${JSON.stringify(dec.stats.products)}`);
  });

  it(`${X20P}: BDS D1 (B3I), B-CNAV1 (B1C) and B-CNAV2 (B2a) that RTKLIB cannot decode agree with each other`, () => {
    const dec = decoderFor(X20P);
    const products = decodeAll(records(X20P), dec);
    const eph = ephemerides(products);
    const bds = eph.filter((e) => e.sat[0] === "C");
    const by = (msg: string) => new Map(bds.filter((e) => e.message === msg).map((e) => [e.sat, e]));
    const d1 = by("D1");
    const cnv1 = by("CNV1");
    const cnv2 = by("CNV2");
    expect([...d1.keys()].sort()).toEqual(["C21", "C35", "C42", "C44", "C50"]);
    expect([...cnv1.keys()].sort()).toEqual(["C21", "C35", "C42", "C44", "C50"]);
    expect([...cnv2.keys()].sort()).toEqual(["C21", "C35", "C44", "C50"]);
    let worstD1 = 0;
    let worstClk = 0;
    for (const [sat, c1] of cnv1) {
      expect(c1.satType).toBe(3); // all MEO (from the message)
      expect(c1.iode).toBe(c1.iodc & 0xff);
      // B-CNAV1 subframe 2 and B-CNAV2 types 10/11/30 are different layouts of one upload: same numbers
      const c2 = cnv2.get(sat);
      if (c2) {
        for (const f of [...ORBIT_FIELDS, "aDot_mps", "deltaNDot_radps2"] as const)
          expect(c2[f], `${sat} ${f}`).toBe(c1[f]);
        expect(c2.groupDelays_s.TGD_B1Cp).toBe(c1.groupDelays_s.TGD_B1Cp);
        expect(c2.groupDelays_s.TGD_B2ap).toBe(c1.groupDelays_s.TGD_B2ap);
        expect(diffSeconds(c2.toe, c1.toe)).toBe(0);
      }
      // D1 is a separate fit of the same orbit: within the broadcast accuracy over the hour after toe
      const d = orbitDifference(d1.get(sat) as KeplerEphemeris, c1, 3600);
      worstD1 = Math.max(worstD1, d.pos_m);
      worstClk = Math.max(worstClk, d.clk_s);
      expect(d.pos_m, `${sat} D1 vs CNV1`).toBeLessThan(3);
      expect(d.clk_s, `${sat} D1 vs CNV1 clock`).toBeLessThan(2e-9);
    }
    console.log(
      `${X20P}: BDS ${d1.size} D1 + ${cnv1.size} CNV1 + ${cnv2.size} CNV2 ephemerides; D1 vs CNV1 worst ` +
        `${worstD1.toFixed(3)} m, clock ${(worstClk * 1e9).toFixed(3)} ns; CNV1 = CNV2 exactly; products ` +
        JSON.stringify(dec.stats.products),
    );
    // B-CNAV iono (BDGIM) and BDT-UTC, D1 Klobuchar
    expect(products.some((p) => p.kind === "iono" && p.iono.kind === "bdgim")).toBe(true);
    const utc = products.filter((p) => p.kind === "time-offset" && p.timeOffset.code === "BDUT");
    expect(utc.length).toBeGreaterThan(0);
    for (const p of utc) if (p.kind === "time-offset") expect(p.leapSeconds).toBe(4); // BDT-UTC since 2017
    // Galileo: RTKLIB 2.4.3 writes none from this log; E07, E08, E26 complete word types 1-5
    expect(
      eph
        .filter((e) => e.sat[0] === "E")
        .map((e) => e.sat)
        .sort(),
    ).toEqual(["E07", "E08", "E26"]);
    const gaut = products.filter((p) => p.kind === "time-offset" && p.timeOffset.code === "GAUT");
    for (const p of gaut) if (p.kind === "time-offset") expect(p.leapSeconds).toBe(18);
    expect(dec.stats.parityErrors + dec.stats.crcErrors + dec.stats.malformed + dec.stats.rejected).toBe(0);
  });

  it("RXM-SFRBX records from the UBX decoder go in directly (pushUbx) and give the same products", () => {
    const bytes = readFileSync(path.join(LOGS, `${X20P}.log`));
    const framer = new UbxFramer();
    const viaUbx = decoderFor(X20P);
    const a: NavProduct[] = [];
    for (const fr of [...framer.push(bytes), ...framer.finish()]) {
      const m = decodeUbx(fr);
      if (m.kind === "RXM-SFRBX") a.push(...viaUbx.pushUbx(m));
    }
    const b = decodeAll(records(X20P), decoderFor(X20P));
    expect(a.length).toBe(b.length);
    const nav = navigationDataFrom(a);
    expect(nav.ephemerides.length).toBe(ephemerides(b).length);
    expect(nav.leapSeconds).toBeDefined();
  });
});

describe.skipIf(!existsSync(LOGS))("damaged words are counted and never make an ephemeris", () => {
  /** Records of the F9P log with one bit of one word of record k flipped. */
  const flip = (recs: readonly NavWords[], k: number, word: number, bit: number): NavWords[] =>
    recs.map((r, i) => {
      if (i !== k) return r;
      const w = Uint32Array.from(r.words);
      w[word % w.length] ^= 1 << bit;
      return { ...r, words: w };
    });

  fcTest.prop([fc.nat(), fc.nat({ max: 9 }), fc.integer({ min: 0, max: 29 })], { numRuns: 200 })(
    "F9P: a flipped bit in any BDS/GPS/Galileo record is caught by BCH, parity or CRC",
    (pick, word, bit) => {
      const recs = records(F9P);
      const candidates = recs
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => (r.system === "C" || r.system === "G" || r.system === "E") && r.words.length >= 8);
      const { r, i } = candidates[pick % candidates.length];
      // GPS words: bits 0-29 (31-30 are the previous word's bits); BDS: 0-29; Galileo: a bit the CRC covers
      // (even part bits 0-113, odd part bits 0-105 including the CRC itself; the tails are unprotected)
      let w = word;
      let b = bit;
      if (r.system === "E") {
        const k = (word * 30 + bit) % (114 + 106);
        const pos = k < 114 ? k : 128 + (k - 114);
        w = pos >> 5;
        b = 31 - (pos & 31);
      }
      const dec = new NavMessageDecoder();
      const clean = ephemerides(decodeAll(recs));
      const hit = ephemerides(decodeAll(flip(recs, i, w, b), dec));
      const caught = dec.stats.parityErrors + dec.stats.crcErrors + dec.stats.malformed;
      // BDS word 1 sends its first 15 bits (preamble, Rev, FraID) without BCH: a flip there is caught, if at
      // all, by the preamble or the subframe timing, and must still not change any ephemeris
      const unprotected = r.system === "C" && w === 0 && b >= 15;
      if (!unprotected) {
        expect(caught, `${r.system}${r.prn} ${r.signal} word ${w} bit ${b}`).toBe(1);
        expect(dec.issues.length).toBe(1);
        expect(dec.issues[0].byteOffset).toBe(r.offset);
      }
      // whatever still completes has the clean decode's orbit and clock (which page completed a set, hence
      // transmission time and data-source bits, may change)
      for (const e of hit) {
        const c = clean.find(
          (x) => x.sat === e.sat && x.message === e.message && diffSeconds(x.toe, e.toe) === 0,
        );
        expect(c, `${e.sat} ${e.message}`).toBeDefined();
        for (const f of ORBIT_FIELDS) expect(e[f]).toBe(c?.[f]);
        expect(e.iode).toBe(c?.iode);
      }
    },
  );

  it("BDS BCH: detect mode drops the subframe; correct mode repairs one error per codeword", () => {
    const recs = records(F9P);
    const k = recs.findIndex((r) => r.system === "C" && r.prn === 29 && ((r.words[0] >>> 12) & 7) === 2);
    expect(k).toBeGreaterThanOrEqual(0);
    // one error in each codeword of every word 2-10 of C29 subframe 2, one in word 1's codeword
    const hit = recs.map((r, i) => {
      if (i !== k) return r;
      const w = Uint32Array.from(r.words);
      w[0] ^= 1 << 3;
      for (let j = 1; j < 10; j++) w[j] ^= (1 << 25) | (1 << 2);
      return { ...r, words: w };
    });
    const detect = new NavMessageDecoder();
    const d = ephemerides(decodeAll(hit, detect));
    expect(d.some((e) => e.sat === "C29")).toBe(false);
    expect(detect.stats.parityErrors).toBe(1);
    const correct = new NavMessageDecoder({ bdsBch: "correct" });
    const c = ephemerides(decodeAll(hit, correct));
    expect(correct.stats.bchCorrected).toBe(19);
    expect(c.find((e) => e.sat === "C29")).toEqual(ephemerides(decodeAll(recs)).find((e) => e.sat === "C29"));
  });

  it("strict mode throws the first issue as a DecodeError", () => {
    const dec = new NavMessageDecoder({ strict: true });
    expect(() =>
      dec.push({ system: "G", prn: 3, signal: "L1CA", words: new Uint32Array(4), offset: 99 }),
    ).toThrow(DecodeError);
  });

  fcTest.prop([
    fc.array(
      fc.record({
        system: fc.constantFrom("C", "G", "E", "R", "J", "S", "I"),
        prn: fc.integer({ min: 0, max: 70 }),
        signal: fc.constantFrom("B1I", "B3I", "B1C", "B2a", "L1CA", "E1B", "E5bI", "G1", "X"),
        words: fc
          .array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 24 })
          .map((a) => Uint32Array.from(a)),
      }),
      { maxLength: 40 },
    ),
  ])("random words never throw", (recs) => {
    const dec = new NavMessageDecoder();
    for (const r of recs) dec.push(r as NavWords);
    expect(dec.stats.records).toBe(recs.length);
  });
});
