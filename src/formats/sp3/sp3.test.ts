// SP3 reader against the ESBC products in ../shared/data: counts from PROVENANCE.md and the `##` header line,
// every P line re-read by a whitespace split (km -> m, us -> s, 999999.999999 -> NaN), and the two analysis
// centres' orbits (IAC SP3-d, CNES/CLS SP3-c) against each other for the GPS satellites they share.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../core/errors.js";
import { formatCalendar, toWeekTow } from "../../time/instant.js";
import { parseSp3 } from "./sp3.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..", "../shared/data");
const DIR = path.join(DATA, "esbc-2020-177-station");
if (!existsSync(DATA)) console.log(`sp3.test: ${DATA} absent, real-data tests skipped`);
const IAC = "Sta21114.sp3.gz";
const GRG = "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz";
const text = (f: string) => gunzipSync(readFileSync(path.join(DIR, f))).toString("latin1");

describe.skipIf(!existsSync(DIR))("SP3 files of esbc-2020-177-station", () => {
  const iacText = existsSync(DIR) ? text(IAC) : "";
  const grgText = existsSync(DIR) ? text(GRG) : "";
  const iac = existsSync(DIR) ? parseSp3(iacText, IAC) : null;
  const grg = existsSync(DIR) ? parseSp3(grgText, GRG) : null;

  it("Sta21114 (SP3-d, IAC): 97 epochs, 121 satellites incl. 40 BDS C01-C46 and C60, BDS first", () => {
    if (!iac) return;
    const t = iac.table;
    expect(iac.issues).toEqual([]);
    expect(t.version).toBe("d");
    expect(t.agency).toBe("IAC");
    expect(t.coordinateSystem).toBe("IGS14");
    expect(t.timeSystem).toBe("GPST");
    expect(t.epochs.length).toBe(97);
    expect(t.sats.length).toBe(121);
    const bds = t.sats.filter((s) => s[0] === "C");
    expect(bds.length).toBe(40);
    expect(bds[0]).toBe("C01");
    expect(bds.at(-1)).toBe("C60");
    expect(bds.every((s) => Number(s.slice(1)) <= 46 || s === "C60")).toBe(true);
    expect(t.sats.slice(0, 40)).toEqual(bds);
  });

  it("epochs: GPS week and second of week of the ## line, 900 s apart", () => {
    for (const [r, src] of [
      [iac, iacText],
      [grg, grgText],
    ] as const) {
      if (!r) continue;
      const [, week, sow, step] = /^## +(\d+) +([\d.]+) +([\d.]+)/m.exec(src) ?? [];
      expect(toWeekTow(r.table.epochs[0])).toEqual({ week: Number(week), tow_s: Number(sow) });
      for (let k = 1; k < r.table.epochs.length; k++) {
        const d = r.table.epochs[k].sec - r.table.epochs[k - 1].sec;
        expect(d).toBe(Number(step));
      }
      expect(r.table.epochs.every((e) => e.scale === "GPST")).toBe(true);
    }
  });

  it.each([IAC, GRG])("%s: every P line equals a whitespace split of the text (km -> m, us -> s)", (f) => {
    const src = f === IAC ? iacText : grgText;
    const r = f === IAC ? iac : grg;
    if (!r) return;
    const t = r.table;
    const nS = t.sats.length;
    let ep = -1;
    let worstPos = 0;
    let worstClk = 0;
    let n = 0;
    let badClocks = 0;
    for (const line of src.split("\n")) {
      if (line.startsWith("*")) ep++;
      if (!line.startsWith("P")) continue;
      const [id, x, y, z, c] = line.slice(1).trim().split(/\s+/);
      const j = t.sats.indexOf(id);
      expect(j).toBeGreaterThanOrEqual(0);
      const o = (ep * nS + j) * 3;
      // metres: the decimal text with the exponent moved by 3 (exact, no multiplication rounding)
      const m = (s: string) => Number(`${s}e3`);
      worstPos = Math.max(
        worstPos,
        Math.abs(t.pos_m[o] - m(x)),
        Math.abs(t.pos_m[o + 1] - m(y)),
        Math.abs(t.pos_m[o + 2] - m(z)),
      );
      const clk = t.clock_s[ep * nS + j];
      if (Number(c) === 999999.999999) {
        badClocks++;
        expect(clk).toBeNaN();
      } else worstClk = Math.max(worstClk, Math.abs(clk - Number(`${c}e-6`)));
      n++;
    }
    expect(ep + 1).toBe(t.epochs.length);
    console.log(
      `${f}: ${n} P lines, ${badClocks} bad clocks -> NaN; worst |pos - text| ${worstPos} m, |clk - text| ${worstClk} s`,
    );
    expect(worstPos).toBe(0);
    expect(worstClk).toBe(0);
    if (f === IAC) expect(badClocks).toBe(118);
  });

  it("GRG (SP3-c, CNES/CLS) has GPS, GLONASS and Galileo only, no BDS", () => {
    if (!grg) return;
    expect(grg.issues).toEqual([]);
    expect(grg.table.version).toBe("c");
    expect(new Set(grg.table.sats.map((s) => s[0]))).toEqual(new Set(["G", "R", "E"]));
  });

  it("IAC and CNES/CLS final orbits agree for the GPS satellites they share (< 0.3 m)", () => {
    if (!iac || !grg) return;
    const a = iac.table;
    const b = grg.table;
    let worst = 0;
    let where = "";
    let n = 0;
    for (let eb = 0; eb < b.epochs.length; eb++) {
      const ea = a.epochs.findIndex((e) => e.sec === b.epochs[eb].sec);
      if (ea < 0) continue;
      for (const sat of b.sats) {
        if (sat[0] !== "G") continue;
        const ja = a.sats.indexOf(sat);
        const jb = b.sats.indexOf(sat);
        if (ja < 0) continue;
        const pa = (ea * a.sats.length + ja) * 3;
        const pb = (eb * b.sats.length + jb) * 3;
        const d = Math.hypot(
          a.pos_m[pa] - b.pos_m[pb],
          a.pos_m[pa + 1] - b.pos_m[pb + 1],
          a.pos_m[pa + 2] - b.pos_m[pb + 2],
        );
        if (Number.isNaN(d)) continue;
        n++;
        if (d > worst) {
          worst = d;
          where = `${sat} ${formatCalendar(b.epochs[eb], 0)}`;
        }
      }
    }
    console.log(
      `IAC vs GRG GPS orbits: ${n} positions, worst 3-D difference ${worst.toFixed(3)} m at ${where}`,
    );
    expect(n).toBeGreaterThan(2500);
    expect(worst).toBeLessThan(0.3);
  });
});

const SYNTH = [
  "#dP2020  6 25  0  0  0.00000000       2 ORBIT IGS14 FIT  TST",
  "## 2111 345600.00000000   900.00000000 59025 0.0000000000000",
  "+    3   C01G01  2  0  0  0  0  0  0  0  0  0  0  0  0  0  0",
  "++         0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0  0",
  "%c M  cc BDT ccc cccc cccc cccc cccc ccccc ccccc ccccc ccccc",
  "%f  1.2500000  1.025000000  0.00000000000  0.000000000000000",
  "/* synthetic",
  "*  2020  6 25  0  0  0.00000000",
  "PC01 -34346.145771  24493.239073    626.704364   -387.166264",
  "PG01      0.000000      0.000000      0.000000 999999.999999",
  "P  2  10000.000001 -20000.000002  30000.000003      1.000001",
  "*  2020  6 25  0 15  0.00000000",
  "PC01 -34346.145771  24493.239073    626.704364 999999.999999",
  "PG01  12345.678901 -23456.789012  -1234.567890     12.345678",
  "EOF",
].join("\n");

describe("SP3 written by hand", () => {
  it("BDT epochs become GPST (+14 s); 0.000000 positions and 999999.999999 clocks are NaN; SP3-a style numeric ids are GPS", () => {
    const r = parseSp3(SYNTH, "synth.sp3");
    expect(r.issues).toEqual([]);
    const t = r.table;
    expect(t.timeSystem).toBe("BDT");
    expect(t.sats).toEqual(["C01", "G01", "G02"]);
    expect(formatCalendar(t.epochs[0], 0)).toBe("2020/06/25 00:00:14");
    expect(t.epochs[0].scale).toBe("GPST");
    // epoch 0: C01, G01 (all zero -> NaN, bad clock), G02 ("P  2")
    expect([...t.pos_m.subarray(0, 3)]).toEqual([-34346145.771, 24493239.073, 626704.364]);
    expect(t.clock_s[0]).toBe(-387.166264e-6);
    expect([...t.pos_m.subarray(3, 6)].every(Number.isNaN)).toBe(true);
    expect(t.clock_s[1]).toBeNaN();
    expect([...t.pos_m.subarray(6, 9)]).toEqual([10000000.001, -20000000.002, 30000000.003]);
    expect(t.clock_s[2]).toBe(1.000001e-6);
    // epoch 1: C01 bad clock, G01 present, G02 absent
    expect(t.clock_s[3]).toBeNaN();
    expect([...t.pos_m.subarray(12, 15)]).toEqual([12345678.901, -23456789.012, -1234567.89]);
    expect(t.clock_s[4]).toBe(12.345678e-6);
    expect([...t.pos_m.subarray(15, 18)].every(Number.isNaN)).toBe(true);
  });

  it("a garbage P line is an issue at its line; the rest is kept", () => {
    const lines = SYNTH.split("\n");
    lines.splice(12, 0, "PG01  12x45.678901 -23456.789012  -1234.567890     12.345678");
    const r = parseSp3(lines.join("\n"), "synth.sp3");
    expect(r.issues).toEqual([expect.objectContaining({ code: "bad-record", file: "synth.sp3", line: 13 })]);
    expect(r.table.epochs.length).toBe(2);
    expect(r.table.pos_m[12]).toBe(12345678.901);
  });

  it("a file cut inside a P line: truncated issue at that line, earlier data kept", () => {
    const cut = SYNTH.slice(0, SYNTH.indexOf("PG01  12345") + 20);
    const r = parseSp3(cut, "synth.sp3");
    expect(r.issues).toEqual([expect.objectContaining({ code: "truncated", line: 14 })]);
    expect(r.table.epochs.length).toBe(2);
    expect(r.table.pos_m[0]).toBe(-34346145.771);
  });

  it("a navigation file is a DecodeError at line 1", () => {
    expect(() =>
      parseSp3("     3.04           N: GNSS NAV DATA    M: MIXED            RINEX VERSION / TYPE\n", "x.nav"),
    ).toThrow(DecodeError);
  });

  fcTest.prop([fc.string({ maxLength: 2000 })])("random text never throws anything but DecodeError", (s) => {
    try {
      parseSp3(s);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
    }
  });

  fcTest.prop([fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })), { maxLength: 20 })])(
    "character edits of a valid file never throw anything but DecodeError",
    (edits) => {
      let t = SYNTH;
      for (const [pos, s] of edits) {
        const p = pos % t.length;
        t = t.slice(0, p) + s + t.slice(p + s.length);
      }
      try {
        parseSp3(t);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
    },
  );
});
