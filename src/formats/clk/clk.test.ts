// RINEX clock reader against the CNES/CLS (GRG) 30 s clock file in ../shared/data: counts from PROVENANCE.md,
// every AS value re-read by a whitespace split, the same centre's SP3 clocks (independent file, microseconds
// with 6 decimals) at the 15-min epochs, and the read time of the 17 MB text.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../core/errors.js";
import { formatCalendar } from "../../time/instant.js";
import { parseSp3 } from "../sp3/sp3.js";
import { parseRinexClock } from "./clk.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..", "../shared/data");
const DIR = path.join(DATA, "esbc-2020-177-station");
if (!existsSync(DATA)) console.log(`clk.test: ${DATA} absent, real-data tests skipped`);
const CLK = "GRG0MGXFIN_20201770000_01D_30S_CLK.CLK.gz";
const SP3 = "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz";

describe.skipIf(!existsSync(DIR))("GRG clock file of esbc-2020-177-station (RINEX clock 3.00)", () => {
  const text = existsSync(DIR) ? gunzipSync(readFileSync(path.join(DIR, CLK))).toString("latin1") : "";
  let ms = Number.POSITIVE_INFINITY;
  let r: ReturnType<typeof parseRinexClock> | null = null;
  if (text) {
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      r = parseRinexClock(text, CLK);
      ms = Math.min(ms, performance.now() - t0);
    }
  }

  it("2880 epochs 30 s apart from 00:00:00 GPST, GPS/GLONASS/Galileo satellites only, no issues", () => {
    if (!r) return;
    const t = r.table;
    expect(r.issues).toEqual([]);
    expect(t.version).toBe(3);
    expect(t.epochs.length).toBe(2880);
    expect(formatCalendar(t.epochs[0], 0)).toBe("2020/06/25 00:00:00");
    expect(t.epochs[0].scale).toBe("GPST");
    for (let k = 1; k < t.epochs.length; k++) expect(t.epochs[k].sec - t.epochs[k - 1].sec).toBe(30);
    expect(new Set(t.sats.map((s) => s[0]))).toEqual(new Set(["G", "R", "E"]));
  });

  it(`reads the ${(text.length / 1e6).toFixed(1)} MB text in under 1.5 s`, () => {
    console.log(`parseRinexClock: ${(text.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms (best of 3)`);
    expect(ms).toBeLessThan(1500);
  });

  it("every AS value equals a whitespace split of its line; cells without a record are NaN", () => {
    if (!r) return;
    const t = r.table;
    const nS = t.sats.length;
    const epochIndex = new Map(t.epochs.map((e, k) => [formatCalendar(e, 0), k]));
    let n = 0;
    let worst = 0;
    const filled = new Uint8Array(t.clock_s.length);
    const body = text.slice(text.indexOf("END OF HEADER"));
    for (const line of body.split("\n")) {
      if (!line.startsWith("AS ")) continue;
      const [, sat, y, mo, d, h, mi, s, , value] = line.trim().split(/\s+/);
      const p2 = (x: string) => x.padStart(2, "0");
      const key = `${y}/${p2(mo)}/${p2(d)} ${p2(h)}:${p2(mi)}:${p2(String(Math.round(Number(s))))}`;
      const idx = (epochIndex.get(key) ?? -1) * nS + t.sats.indexOf(sat);
      worst = Math.max(worst, Math.abs(t.clock_s[idx] - Number(value)));
      filled[idx] = 1;
      n++;
    }
    let nanCells = 0;
    for (let k = 0; k < filled.length; k++) {
      if (filled[k]) continue;
      expect(t.clock_s[k]).toBeNaN();
      nanCells++;
    }
    console.log(`${CLK}: ${n} AS records, ${nanCells} empty cells NaN, worst |clock - text| ${worst} s`);
    expect(n).toBe(215999);
    expect(worst).toBe(0);
  });

  it("the same centre's SP3 clocks (us, 6 decimals) agree at every 15-min epoch to their rounding (0.5 ps)", () => {
    if (!r) return;
    const sp3 = parseSp3(gunzipSync(readFileSync(path.join(DIR, SP3))).toString("latin1"), SP3).table;
    const c = r.table;
    let worst = 0;
    let n = 0;
    for (let e = 0; e < sp3.epochs.length; e++) {
      const ce = c.epochs.findIndex((x) => x.sec === sp3.epochs[e].sec);
      expect(ce).toBeGreaterThanOrEqual(0);
      for (let j = 0; j < sp3.sats.length; j++) {
        const a = sp3.clock_s[e * sp3.sats.length + j];
        const b = c.clock_s[ce * c.sats.length + c.sats.indexOf(sp3.sats[j])];
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        worst = Math.max(worst, Math.abs(a - b));
        n++;
      }
    }
    console.log(`GRG SP3 vs CLK clocks: ${n} pairs, worst difference ${(worst * 1e12).toFixed(3)} ps`);
    expect(n).toBeGreaterThan(6000);
    expect(worst).toBeLessThanOrEqual(0.5e-12 + 1e-18);
  });
});

const hl = (content: string, label: string) => `${content.padEnd(60)}${label}`;

/** RINEX clock 3.04: 9-character names, BDT time system, AR and continuation lines to pass over. */
const V304 = [
  hl("     3.04           C                   M", "RINEX VERSION / TYPE"),
  hl("   BDT", "TIME SYSTEM ID"),
  hl("     2    AR    AS", "# / TYPES OF DATA"),
  hl("", "END OF HEADER"),
  "AR ALGO00CAN 2022 06 08 10 00  0.000000  2   -1.111111111111E-06  1.0E-10",
  "AS C01       2022 06 08 10 00  0.000000  2    2.345678901234E-04  1.000000000000E-10",
  "AS G05       2022 06 08 10 00  0.000000  4   -1.234567890123E-04  1.000000000000E-10",
  "   3.000000000000E-12  4.000000000000E-13",
  "AS C01       2022 06 08 10 00 30.000000  2    2.345678911234E-04  1.000000000000E-10",
  "",
].join("\n");

describe("RINEX clock written by hand", () => {
  it("3.04 layout: 9-character names, BDT epochs -> GPST (+14 s), AR and continuation lines passed over", () => {
    const r = parseRinexClock(V304, "v304.clk");
    expect(r.issues).toEqual([]);
    const t = r.table;
    expect(t.version).toBe(3.04);
    expect(t.sats).toEqual(["C01", "G05"]);
    expect(t.epochs.map((e) => formatCalendar(e, 0))).toEqual(["2022/06/08 10:00:14", "2022/06/08 10:00:44"]);
    expect([...t.clock_s]).toEqual([2.345678901234e-4, -1.234567890123e-4, 2.345678911234e-4, Number.NaN]);
  });

  it("a garbage AS line is an issue at its line, the others are kept", () => {
    const lines = V304.split("\n");
    lines[6] = "AS G05       2022 06 08 1x 00  0.000000  4   -1.234567890123E-04  1.000000000000E-10";
    const r = parseRinexClock(lines.join("\n"), "v304.clk");
    expect(r.issues).toEqual([expect.objectContaining({ code: "bad-record", file: "v304.clk", line: 7 })]);
    expect(r.table.sats).toEqual(["C01", "G05"]);
    expect(r.table.clock_s[0]).toBe(2.345678901234e-4);
  });

  it("a file cut inside an AS record: truncated issue, earlier records kept", () => {
    const cut = V304.slice(0, V304.lastIndexOf("2.345678911234E-04") + 10);
    const r = parseRinexClock(cut, "v304.clk");
    expect(r.issues).toEqual([expect.objectContaining({ code: "truncated", line: 9 })]);
    expect(r.table.epochs.length).toBe(1);
  });

  it("a navigation or SP3 file is a DecodeError", () => {
    expect(() =>
      parseRinexClock(hl("     3.04           N: GNSS NAV DATA    M", "RINEX VERSION / TYPE"), "x"),
    ).toThrow(DecodeError);
    expect(() =>
      parseRinexClock("#dP2020  6 25  0  0  0.00000000      97 __u+U IGS14 FIT  IAC\n", "x"),
    ).toThrow(DecodeError);
    expect(() => parseRinexClock(V304.slice(0, 200), "x")).toThrow(/END OF HEADER/);
  });

  fcTest.prop([fc.string({ maxLength: 2000 })])("random text never throws anything but DecodeError", (s) => {
    try {
      parseRinexClock(s);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
    }
  });

  fcTest.prop([fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })), { maxLength: 20 })])(
    "character edits of a valid file never throw anything but DecodeError",
    (edits) => {
      let t = V304;
      for (const [pos, s] of edits) {
        const p = pos % t.length;
        t = t.slice(0, p) + s + t.slice(p + s.length);
      }
      try {
        parseRinexClock(t);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
    },
  );
});
