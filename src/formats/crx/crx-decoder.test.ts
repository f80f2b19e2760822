// Compact RINEX decoder tests. References: the plain-RINEX twins of the ACOR and KMS3 files (made by
// others), hand-built CRINEX 1.0 / 3.0 samples whose differences were worked out by hand from the format
// rules (Hatanaka 2008, Bull. GSI 55 §3), and random files written by an independent encoder (below).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../core/errors.js";
import type { ObsEpoch } from "../../signals/observation.js";
import { fromCalendar } from "../../time/instant.js";
import { RinexObsDecoder } from "../rinex/obs-decoder.js";
import { CrxDecoder, formatF14_3 } from "./crx-decoder.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const DATA = path.resolve(ROOT, "../shared/data");
const HAVE_DATA = existsSync(DATA);
if (!HAVE_DATA) console.log(`crx-decoder.test: ${DATA} not found; real-data tests skipped`);

const textLines = (file: string) => {
  const t = readFileSync(file, "latin1");
  const lines = t.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
};

function decodeCrx(lines: readonly string[], file?: string): { out: string[]; dec: CrxDecoder } {
  const dec = new CrxDecoder({ file });
  const out: string[] = [];
  for (const l of lines) out.push(...dec.push(l));
  out.push(...dec.finish());
  return { out, dec };
}

function decodeObs(
  lines: readonly string[],
  opts: { includeEvents?: boolean } = {},
): { epochs: ObsEpoch[]; dec: RinexObsDecoder } {
  const dec = new RinexObsDecoder({ file: "test", ...opts });
  const epochs = dec.pushLines(lines);
  epochs.push(...dec.finish());
  return { epochs, dec };
}

/** Epochs equal, every value bit for bit (NaN where NaN). Returns the number of values compared. */
function expectSameEpochs(a: readonly ObsEpoch[], b: readonly ObsEpoch[]): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let e = 0; e < a.length; e++) {
    const x = a[e];
    const y = b[e];
    expect(x.time).toEqual(y.time);
    expect(x.flag).toBe(y.flag);
    expect(Object.is(x.rxClockOffset_s, y.rxClockOffset_s) || x.rxClockOffset_s === y.rxClockOffset_s).toBe(
      true,
    );
    expect(x.sats).toEqual(y.sats);
    expect(x.codes).toEqual(y.codes);
    expect(Array.from(x.offsets)).toEqual(Array.from(y.offsets));
    expect(x.values.length).toBe(y.values.length);
    for (let i = 0; i < x.values.length; i++) {
      if (!Object.is(x.values[i], y.values[i]))
        throw new Error(`epoch ${e} value ${i}: ${x.values[i]} != ${y.values[i]}`);
    }
    expect(Array.from(x.lli)).toEqual(Array.from(y.lli));
    expect(Array.from(x.ssi)).toEqual(Array.from(y.ssi));
    n += x.values.length;
  }
  return n;
}

const trimAll = (lines: readonly string[]) => lines.map((l) => l.trimEnd());
const f = (v: number | null, lli = " ", ssi = " ") =>
  (v === null ? " ".repeat(14) : v.toFixed(3).padStart(14)) + lli + ssi;
const lab = (text: string, l: string) => text.padEnd(60) + l;

describe("formatF14_3", () => {
  it("writes thousandths as RINEX F14.3, leading zero included", () => {
    expect(formatF14_3(20000000000)).toBe("  20000000.000");
    expect(formatF14_3(-500)).toBe("        -0.500");
    expect(formatF14_3(0)).toBe("         0.000");
    expect(formatF14_3(9999999999999)).toBe("9999999999.999");
    expect(formatF14_3(-1)).toBe("        -0.001");
  });
});

describe("CRINEX 1.0 sample built by hand", () => {
  // RINEX 2.11, types C1 L1 L2 P2 S1 S2 (two lines per satellite), clock offset, 4 epochs, G02 leaves.
  // Differences worked out by hand: G01 C1 20000000.000, 20000100.500, 20000201.250, 20000302.125
  //   -> 3&20000000000, 100500 (1st), 250 (2nd), -125 (3rd difference).
  const hdr = [
    lab("     2.11           OBSERVATION DATA    G (GPS)", "RINEX VERSION / TYPE"),
    lab("     6    C1    L1    L2    P2    S1    S2", "# / TYPES OF OBSERV"),
    lab("", "END OF HEADER"),
  ];
  const crx = [
    lab("1.0                 COMPACT RINEX FORMAT", "CRINEX VERS   / TYPE"),
    lab("HAND                                    01-Jan-24 00:00", "CRINEX PROG / DATE"),
    ...hdr,
    "&20  6 25  0  0  0.0000000  0  3G01G02G03",
    "2&123456",
    "3&20000000000 3&105000000000   3&45000 3&40250    7",
    "3&21000000000",
    "3&22000000000  3&-1500",
    "                3",
    "10",
    "100500 528000   0 0",
    "-100000",
    "10000  500",
    "              1 &",
    "0",
    "250 500   0 0   1",
    "0",
    "0  0",
    "                3              2     3&&&",
    "5",
    "-125 -250   0 0   &",
    "0  0",
  ];
  const clk = (s: string) => s.padStart(12);
  const expected = [
    ...hdr,
    " 20  6 25  0  0  0.0000000  0  3G01G02G03".padEnd(68) + clk("0.000123456"),
    f(20000000) + f(105000000, " ", "7") + f(null) + f(null) + f(45),
    f(40.25),
    f(21000000) + f(null) + f(null) + f(null) + f(null),
    "",
    f(22000000) + f(null) + f(-1.5) + f(null) + f(null),
    "",
    " 20  6 25  0  0 30.0000000  0  3G01G02G03".padEnd(68) + clk("0.000123466"),
    f(20000100.5) + f(105000528, " ", "7") + f(null) + f(null) + f(45),
    f(40.25),
    f(20999900),
    "",
    f(22000010) + f(null) + f(-1),
    "",
    " 20  6 25  0  1  0.0000000  0  3G01G02G03".padEnd(68) + clk("0.000123476"),
    f(20000201.25) + f(105001056.5, "1", "7") + f(null) + f(null) + f(45),
    f(40.25),
    f(20999800),
    "",
    f(22000020) + f(null) + f(-0.5),
    "",
    " 20  6 25  0  1 30.0000000  0  2G01G03".padEnd(68) + clk("0.000123491"),
    f(20000302.125) + f(105001585.25, " ", "7") + f(null) + f(null) + f(45),
    f(40.25),
    f(22000030) + f(null) + f(0),
    "",
  ];

  it("decompresses to the RINEX 2 text", () => {
    const { out, dec } = decodeCrx(crx);
    expect(dec.issues).toEqual([]);
    expect(out).toEqual(trimAll(expected));
  });

  it("gives the same epochs as the plain text, with the hand values", () => {
    const a = decodeObs(crx);
    const b = decodeObs(expected);
    expect(a.dec.issues).toEqual([]);
    expect(b.dec.issues).toEqual([]);
    expectSameEpochs(a.epochs, b.epochs);
    expect(a.epochs.length).toBe(4);
    const e3 = a.epochs[3];
    expect(e3.sats).toEqual(["G01", "G03"]);
    expect(e3.codes[0]).toEqual(["C1C", "L1C", "L2W", "C2W", "S1C", "S2W"]);
    expect(e3.values[e3.offsets[0]]).toBe(20000302.125);
    expect(e3.values[e3.offsets[0] + 1]).toBe(105001585.25);
    expect(e3.values[e3.offsets[1] + 2]).toBe(0);
    expect(e3.rxClockOffset_s).toBe(0.000123491);
    expect(a.epochs[2].lli[a.epochs[2].offsets[0] + 1]).toBe(1);
    expect(a.epochs[2].ssi[a.epochs[2].offsets[0] + 1]).toBe(7);
    expect(e3.time).toEqual(
      fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 1, second: 30 }),
    );
  });
});

describe("CRINEX 3.0 sample built by hand", () => {
  // Clock offset arcs, blank-padded satellite "C 1", flags of a blank value (CRINEX 3 keeps them), an
  // event (flag 4) with one record, an escape line, a new arc of order 1 afterwards.
  const hdr = [
    lab("     3.04           OBSERVATION DATA    M", "RINEX VERSION / TYPE"),
    lab("C    3 C2I L2I S2I", "SYS / # / OBS TYPES"),
    lab("G    2 C1C L1C", "SYS / # / OBS TYPES"),
    lab("", "END OF HEADER"),
  ];
  const crx = [
    lab("3.0                 COMPACT RINEX FORMAT", "CRINEX VERS   / TYPE"),
    lab("HAND                                    01-Jan-24 00:00", "CRINEX PROG / DATE"),
    ...hdr,
    "> 2024 01 01 00 00  0.0000000  0  2      C 1G05",
    "3&-5000000000",
    "3&38000000000 3&197000000123 3&45500    7",
    "3&22000000000    1",
    "                    1",
    "2",
    "1000 5250000 0",
    "500    &",
    "> 2024 01 01 00 00  1.5000000  4  1",
    lab("EVENT COMMENT", "COMMENT"),
    "&an escape line",
    "> 2024 01 01 00 00  2.0000000  0  1      G05",
    "",
    "3&22000001500 1&0",
    "                    3",
    "",
    "-250 100",
  ];
  const expected = [
    ...hdr,
    "> 2024 01 01 00 00  0.0000000  0  2      -0.005000000000",
    `C 1${f(38000000)}${f(197000000.123, " ", "7")}${f(45.5)}`,
    `G05${f(22000000)}${f(null, "1")}`,
    "> 2024 01 01 00 00  1.0000000  0  2      -0.004999999998",
    `C 1${f(38000001)}${f(197005250.123, " ", "7")}${f(45.5)}`,
    `G05${f(22000000.5)}`,
    "> 2024 01 01 00 00  1.5000000  4  1",
    "EVENT COMMENT                                               COMMENT",
    "> 2024 01 01 00 00  2.0000000  0  1",
    `G05${f(22000001.5)}${f(0)}`,
    "> 2024 01 01 00 00  3.0000000  0  1",
    `G05${f(22000001.25)}${f(0.1)}`,
  ];

  it("decompresses to the RINEX 3 text", () => {
    const { out, dec } = decodeCrx(crx);
    expect(dec.issues).toEqual([]);
    expect(out).toEqual(trimAll(expected));
  });

  it("gives the same epochs as the plain text; events only on request", () => {
    const a = decodeObs(crx);
    const b = decodeObs(expected);
    expect(a.dec.issues).toEqual([]);
    expectSameEpochs(a.epochs, b.epochs);
    expect(a.epochs.map((e) => e.flag)).toEqual([0, 0, 0, 0]);
    expect(a.epochs[0].sats).toEqual(["C01", "G05"]);
    expect(a.epochs[0].rxClockOffset_s).toBe(-0.005);
    expect(a.epochs[1].rxClockOffset_s).toBe(-0.004999999998);
    expect(Number.isNaN(a.epochs[2].rxClockOffset_s)).toBe(true);
    expect(a.epochs[0].values[a.epochs[0].offsets[0] + 1]).toBe(197000000.123);
    // a blank value has no flags in ObsEpoch
    expect(a.epochs[0].lli[a.epochs[0].offsets[1] + 1]).toBe(0);
    expect(a.epochs[3].values[a.epochs[3].offsets[0] + 1]).toBe(0.1);
    const ev = decodeObs(crx, { includeEvents: true });
    expect(ev.epochs.map((e) => e.flag)).toEqual([0, 0, 4, 0, 0]);
    expect(ev.epochs[2].sats).toEqual([]);
  });
});

describe("compact RINEX round trip through an independent encoder", () => {
  for (const major of [2, 3] as const) {
    it(`CRINEX ${major === 2 ? "1.0 / RINEX 2" : "3.0 / RINEX 3"}: same text and values as the plain file`, () => {
      let worst = 0;
      let values = 0;
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          fc.integer({ min: 0, max: 1 }),
          (seed, orders) => {
            const file = randomSynFile(seed, major);
            const plain = plainLines(file);
            const crx = crxLines(file, orders === 0 ? () => 3 : (k) => k % 6);
            const { out, dec } = decodeCrx(crx);
            expect(dec.issues).toEqual([]);
            expect(out).toEqual(trimAll(plain));
            const a = decodeObs(crx);
            const b = decodeObs(plain);
            expect(a.dec.issues).toEqual([]);
            expect(b.dec.issues).toEqual([]);
            values += expectSameEpochs(a.epochs, b.epochs);
            // against the generator's own numbers
            const data = file.epochs.filter((e) => !e.event);
            expect(a.epochs.length).toBe(data.length);
            a.epochs.forEach((ep, e) => {
              const src = data[e];
              const [y, mo, d, h, mi, s] = calendar(src.t_s);
              expect(ep.time).toEqual({
                ...fromCalendar("GPST", {
                  year: y,
                  month: mo,
                  day: d,
                  hour: h,
                  minute: mi,
                  second: Math.floor(s),
                }),
                frac: s - Math.floor(s),
              });
              const clk = src.clock === null ? Number.NaN : src.clock / (major === 3 ? 1e12 : 1e9);
              expect(Object.is(ep.rxClockOffset_s, clk) || Math.abs(ep.rxClockOffset_s - clk) < 1e-15).toBe(
                true,
              );
              src.sats.forEach((s, i) => {
                s.vals.forEach((u, j) => {
                  const got = ep.values[ep.offsets[i] + j];
                  if (u === null) expect(got).toBeNaN();
                  else {
                    worst = Math.max(worst, Math.abs(got - u / 1000));
                    expect(got).toBe(u / 1000);
                    const lli = s.flags[2 * j] === " " ? 0 : Number(s.flags[2 * j]);
                    const ssi = s.flags[2 * j + 1] === " " ? 0 : Number(s.flags[2 * j + 1]);
                    expect(ep.lli[ep.offsets[i] + j]).toBe(lli);
                    expect(ep.ssi[ep.offsets[i] + j]).toBe(ssi);
                  }
                });
              });
            });
          },
        ),
        { numRuns: 60 },
      );
      console.log(
        `CRINEX ${major === 2 ? 1 : 3} round trip: ${values} values compared, worst |decoded - source| = ${worst} (units of the observable)`,
      );
      expect(worst).toBe(0);
    });
  }
});

describe.skipIf(!HAVE_DATA)("real compact RINEX against its plain twin", () => {
  it("ACOR: the .crx decompresses to the lines of the .rnx (trailing blanks aside)", () => {
    const dir = path.join(DATA, "hatanaka-pair-acor-2021-355");
    const { out, dec } = decodeCrx(textLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.crx")));
    const rnx = textLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx"));
    expect(dec.issues).toEqual([]);
    expect(dec.crinexVersion).toBe(3);
    expect(out.length).toBe(rnx.length);
    expect(out).toEqual(trimAll(rnx));
    console.log(`ACOR: ${out.length} lines identical to the plain RINEX`);
  });

  it("KMS3 (RINEX 4.00 inside): the .crx decompresses to the reference RINEX", () => {
    const dir = path.join(DATA, "bds3-signals-kms3-2022-159");
    const { out, dec } = decodeCrx(textLines(path.join(dir, "KMS300DNK_R_20221591000_01H_30S_MO.crx")));
    const ref = textLines(path.join(dir, "rtklib-reference", "KMS300DNK_R_20221591000_01H_30S_MO.rnx"));
    expect(dec.issues).toEqual([]);
    expect(dec.rinexVersion).toBe(4);
    expect(out).toEqual(trimAll(ref));
    expect(out.filter((l) => l.startsWith(">")).length).toBe(19);
  });

  it("a corrupt record is reported with its line and decoding resumes at the next initial epoch", () => {
    const dir = path.join(DATA, "hatanaka-pair-acor-2021-355");
    const lines = textLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.crx"));
    const rnx = trimAll(textLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx")));
    // the third epoch's first satellite line gets a letter in a number (the epoch's line from a clean decode)
    const clean = decodeObs(lines);
    const bad = (clean.epochs[2].line as number) - 1 + 2; // 0-based: epoch line, clock line, first satellite
    const mutated = lines.slice();
    mutated[bad] = mutated[bad].replace(/\d/, "x");
    const { out, dec } = decodeCrx(mutated, "acor.crx");
    expect(dec.issues.length).toBe(1);
    expect(dec.issues[0]).toMatchObject({ code: "bad-record", file: "acor.crx", line: bad + 1 });
    // everything before the damaged epoch is intact; nothing after it (this file has no later initial epoch)
    const epochsOut = out.filter((l) => l.startsWith(">")).length;
    expect(epochsOut).toBe(2);
    expect(out).toEqual(rnx.slice(0, out.length));
  });
});

describe("compact RINEX header errors", () => {
  it("throws a DecodeError naming file and line", () => {
    const bad1 = () =>
      decodeCrx(
        ["     3.04           OBSERVATION DATA    M                   RINEX VERSION / TYPE"],
        "x.crx",
      );
    expect(bad1).toThrow(DecodeError);
    try {
      bad1();
    } catch (e) {
      expect((e as DecodeError).location).toEqual({
        code: "unknown-format",
        message: (e as DecodeError).message,
        file: "x.crx",
        line: 1,
      });
    }
    const v2 = [lab("2.0                 COMPACT RINEX FORMAT", "CRINEX VERS   / TYPE")];
    expect(() => decodeCrx(v2)).toThrow(/unsupported compact RINEX version/);
    const noEnd = [
      lab("3.0                 COMPACT RINEX FORMAT", "CRINEX VERS   / TYPE"),
      lab("P", "CRINEX PROG / DATE"),
      lab("     3.04           OBSERVATION DATA    M", "RINEX VERSION / TYPE"),
      lab("G    1 C1C", "SYS / # / OBS TYPES"),
      "> 2024 01 01 00 00  0.0000000  0  1      G05",
    ];
    expect(() => decodeCrx(noEnd, "y.crx")).toThrow(/END OF HEADER/);
    try {
      decodeCrx(noEnd, "y.crx");
    } catch (e) {
      expect((e as DecodeError).location).toMatchObject({ file: "y.crx", line: 5 });
    }
  });

  it("strict mode throws at the first data problem", () => {
    const lines = [
      lab("3.0                 COMPACT RINEX FORMAT", "CRINEX VERS   / TYPE"),
      lab("P", "CRINEX PROG / DATE"),
      lab("     3.04           OBSERVATION DATA    M", "RINEX VERSION / TYPE"),
      lab("G    1 C1C", "SYS / # / OBS TYPES"),
      lab("", "END OF HEADER"),
      "> 2024 01 01 00 00  0.0000000  0  1      G05",
      "",
      "12345",
    ];
    const dec = new CrxDecoder({ strict: true, file: "s.crx" });
    expect(() => {
      for (const l of lines) dec.push(l);
    }).toThrow(/without initialised data arc/);
  });

  it("random lines after a valid header never throw", () => {
    const head = [
      lab("3.0                 COMPACT RINEX FORMAT", "CRINEX VERS   / TYPE"),
      lab("P", "CRINEX PROG / DATE"),
      lab("     3.04           OBSERVATION DATA    M", "RINEX VERSION / TYPE"),
      lab("G    2 C1C L1C", "SYS / # / OBS TYPES"),
      lab("", "END OF HEADER"),
    ];
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        "> 2024 01 01 00 00  0.0000000  0  2      G05G07",
        "3&123 4&5",
        "",
        "&",
        " 7",
        "-12 3",
        "> 2024 01 01 00 00  1.0000000  4  1",
        "                    1",
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (body) => {
        const dec = new CrxDecoder();
        for (const l of [...head, ...body]) dec.push(l);
        dec.finish();
      }),
      { numRuns: 300 },
    );
  });
});
// Test support (not part of the library): synthetic observation files written twice — as plain RINEX 2/3
// and as compact RINEX 1/3 by a small encoder written from the format description (Hatanaka 2008,
// Bull. GSI 55 §3) — so the decoders can be checked against numbers nobody computed with them.

interface SynSat {
  readonly id: string;
  /** Values in 0.001 units (integers), null = blank. */
  readonly vals: readonly (number | null)[];
  /** LLI and SSI characters, two per value. */
  readonly flags: string;
}

interface SynEpoch {
  /** Seconds after 2020-06-25 00:00:00, in steps of 0.5 s at most. */
  readonly t_s: number;
  /** Receiver clock offset in units of the last digit (1e-12 s RINEX 3, 1e-9 s RINEX 2), null = none. */
  readonly clock: number | null;
  readonly sats: readonly SynSat[];
  /** An event epoch (flag 2-5) with COMMENT records, instead of data. */
  readonly event?: { readonly flag: number; readonly records: readonly string[] };
  /** Start a new arc for everything (compact form only). */
  readonly init?: boolean;
  /** Put a CRINEX 3 escape line before this epoch (compact form only). */
  readonly escape?: boolean;
}

interface SynFile {
  readonly major: 2 | 3;
  /** RINEX 3: types per system letter; RINEX 2: one list under "*". */
  readonly types: ReadonlyMap<string, readonly string[]>;
  readonly epochs: readonly SynEpoch[];
}

const pad = (s: string | number, n: number) => String(s).padStart(n, " ");
const pad0 = (s: string | number, n: number) => String(s).padStart(n, "0");
const label = (text: string, lab: string) => text.padEnd(60, " ") + lab;

function calendar(t_s: number): [number, number, number, number, number, number] {
  const whole = Math.floor(t_s);
  const d = new Date(Date.UTC(2020, 5, 25) + whole * 1000);
  return [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds() + (t_s - whole),
  ];
}

function header(file: SynFile): string[] {
  const h: string[] = [];
  if (file.major === 3) {
    h.push(label("     3.04           OBSERVATION DATA    M", "RINEX VERSION / TYPE"));
    for (const [sys, types] of file.types) {
      for (let k = 0; k < types.length; k += 13) {
        const head = k === 0 ? `${sys}  ${pad(types.length, 3)}` : "      ";
        h.push(
          label(
            head +
              types
                .slice(k, k + 13)
                .map((t) => ` ${t.padEnd(3)}`)
                .join(""),
            "SYS / # / OBS TYPES",
          ),
        );
      }
    }
    h.push(label("  2020     6    25     0     0    0.0000000     GPS", "TIME OF FIRST OBS"));
  } else {
    h.push(label("     2.11           OBSERVATION DATA    M (MIXED)", "RINEX VERSION / TYPE"));
    const types = file.types.get("*") ?? [];
    for (let k = 0; k < types.length; k += 9) {
      const head = k === 0 ? pad(types.length, 6) : "      ";
      h.push(
        label(
          head +
            types
              .slice(k, k + 9)
              .map((t) => pad(t, 6))
              .join(""),
          "# / TYPES OF OBSERV",
        ),
      );
    }
    h.push(label("  2020     6    25     0     0    0.0000000     GPS", "TIME OF FIRST OBS"));
  }
  h.push(label("", "END OF HEADER"));
  return h;
}

/** Epoch line fields up to and including the satellite count: RINEX 3 (35 chars) or RINEX 2 (32 chars). */
function epochHead(major: 2 | 3, t_s: number, flag: number, n: number): string {
  const [y, mo, d, h, mi, s] = calendar(t_s);
  const sec = pad(s.toFixed(7), 11);
  if (major === 3)
    return `> ${y} ${pad0(mo, 2)} ${pad0(d, 2)} ${pad0(h, 2)} ${pad0(mi, 2)}${sec}  ${flag}${pad(n, 3)}`;
  return ` ${pad0(y % 100, 2)} ${pad(mo, 2)} ${pad(d, 2)} ${pad(h, 2)} ${pad(mi, 2)}${sec}  ${flag}${pad(n, 3)}`;
}

function f14_3(units: number): string {
  return pad((units / 1000).toFixed(3), 14);
}

function clockText(major: 2 | 3, units: number): string {
  return major === 3 ? pad((units / 1e12).toFixed(12), 15) : pad((units / 1e9).toFixed(9), 12);
}

/** The plain RINEX text (lines without trailing blanks). */
function plainLines(file: SynFile): string[] {
  const out = header(file);
  const m = file.major;
  for (const ep of file.epochs) {
    if (ep.event) {
      out.push(epochHead(m, ep.t_s, ep.event.flag, ep.event.records.length));
      out.push(...ep.event.records);
      continue;
    }
    const ids = ep.sats.map((s) => s.id);
    if (m === 3) {
      let line = epochHead(3, ep.t_s, 0, ids.length);
      if (ep.clock !== null) line += `      ${clockText(3, ep.clock)}`;
      out.push(line);
    } else {
      let line = epochHead(2, ep.t_s, 0, ids.length) + ids.slice(0, 12).join("");
      if (ep.clock !== null) line = line.padEnd(68, " ") + clockText(2, ep.clock);
      out.push(line);
      for (let k = 12; k < ids.length; k += 12) out.push(" ".repeat(32) + ids.slice(k, k + 12).join(""));
    }
    for (const s of ep.sats) {
      let cur = m === 3 ? s.id : "";
      s.vals.forEach((v, j) => {
        cur += (v === null ? " ".repeat(14) : f14_3(v)) + s.flags.slice(2 * j, 2 * j + 2);
        if (m === 2 && (j + 1) % 5 === 0 && j + 1 < s.vals.length) {
          out.push(cur.trimEnd());
          cur = "";
        }
      });
      out.push(cur.trimEnd());
    }
  }
  return out;
}

function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - i + 1)) / i;
  return r;
}

interface Arc {
  readonly order: number;
  readonly hist: number[];
}

/** n-th difference of the arc's values ending with y (n = min(values so far, arc order)); appends y. */
function nextDiff(arc: Arc, y: number): string {
  const n = arc.hist.length;
  const o = Math.min(n, arc.order);
  let d = y;
  for (let i = 1; i <= o; i++) d += (i % 2 === 1 ? -1 : 1) * binom(o, i) * arc.hist[n - i];
  arc.hist.push(y);
  if (arc.hist.length > 6) arc.hist.shift();
  return String(d);
}

function textDiff(prev: string, cur: string): string {
  let s = "";
  const n = Math.max(prev.length, cur.length);
  for (let i = 0; i < n; i++) {
    const c = cur[i] ?? " ";
    const p = prev[i];
    if (p === undefined) s += c;
    else if (c === p) s += " ";
    else if (c === " ") s += "&";
    else s += c;
  }
  return s.trimEnd();
}

/**
 * The compact RINEX form. `orderOf(k)` chooses the difference order of the k-th arc started (default 3,
 * what RNX2CRX uses; the format allows 0..5).
 */
function crxLines(file: SynFile, orderOf: (k: number) => number = () => 3): string[] {
  const m = file.major;
  const out = [
    label(
      m === 3 ? "3.0                 COMPACT RINEX FORMAT" : "1.0                 COMPACT RINEX FORMAT",
      "CRINEX VERS   / TYPE",
    ),
    label("SYNTH TEST ENCODER                      01-Jan-24 00:00", "CRINEX PROG / DATE"),
    ...header(file),
  ];
  let prev: string | null = null;
  let arcsStarted = 0;
  const state = new Map<string, { arcs: (Arc | null)[]; flags: string }>();
  let prevSats = new Set<string>();
  let clockArc: Arc | null = null;
  for (const ep of file.epochs) {
    if (ep.escape && m === 3) out.push("&escape line: ignored by decoders");
    if (ep.event) {
      const line = epochHead(m, ep.t_s, ep.event.flag, ep.event.records.length);
      out.push(m === 2 ? `&${line.slice(1)}` : line);
      out.push(...ep.event.records);
      prev = null;
      continue;
    }
    const ids = ep.sats.map((s) => s.id);
    const internal =
      (m === 3 ? epochHead(3, ep.t_s, 0, ids.length).padEnd(41, " ") : epochHead(2, ep.t_s, 0, ids.length)) +
      ids.join("");
    const cur = internal.trimEnd();
    const init = prev === null || ep.init === true;
    if (init) out.push(m === 2 ? `&${cur.slice(1)}` : cur);
    else out.push(textDiff(prev as string, cur));
    prev = cur;
    // clock
    if (ep.clock === null) {
      out.push("");
      clockArc = null;
    } else if (clockArc === null) {
      clockArc = { order: 2, hist: [ep.clock] };
      out.push(`2&${ep.clock}`);
    } else out.push(nextDiff(clockArc, ep.clock));
    const seen = new Set<string>();
    for (const s of ep.sats) {
      const isNew = init || !prevSats.has(s.id);
      let st = state.get(s.id);
      if (isNew || !st) {
        st = { arcs: s.vals.map(() => null), flags: " ".repeat(s.flags.length) };
        state.set(s.id, st);
      }
      const fields = s.vals.map((y, j) => {
        if (y === null) {
          (st as { arcs: (Arc | null)[] }).arcs[j] = null;
          return "";
        }
        const arc = (st as { arcs: (Arc | null)[] }).arcs[j];
        if (arc === null) {
          const order = orderOf(arcsStarted++);
          (st as { arcs: (Arc | null)[] }).arcs[j] = { order, hist: [y] };
          return `${order}&${y}`;
        }
        return nextDiff(arc, y);
      });
      const fl = isNew ? s.flags.trimEnd() : textDiff(st.flags, s.flags);
      st.flags = s.flags;
      out.push(fields.join(" ") + (fl.length > 0 ? ` ${fl}` : ""));
      seen.add(s.id);
    }
    prevSats = seen;
  }
  return out;
}

/** Mulberry32: a small deterministic generator for test data. */
function rng32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random but realistic-looking file: smooth values, gaps, satellites coming and going, events. */
function randomSynFile(seed: number, major: 2 | 3): SynFile {
  const r = rng32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo));
  const types =
    major === 3
      ? new Map<string, string[]>([
          ["C", ["C2I", "L2I", "D2I", "S2I", "C6I", "L6I", "C7I", "L7I"]],
          ["G", ["C1C", "L1C", "D1C", "S1C"]],
          [
            "E",
            [
              "C1C",
              "L1C",
              "S1C",
              "C5Q",
              "L5Q",
              "S5Q",
              "C7Q",
              "L7Q",
              "S7Q",
              "C8Q",
              "L8Q",
              "S8Q",
              "C6C",
              "L6C",
            ],
          ],
        ])
      : new Map<string, string[]>([["*", ["C1", "P1", "L1", "L2", "P2", "S1", "S2"]]]);
  const pool =
    major === 3
      ? [
          "C01",
          "C05",
          "C11",
          "C19",
          "C20",
          "C37",
          "C46",
          "C59",
          "G02",
          "G05",
          "G13",
          "G29",
          "E04",
          "E11",
          "E36",
        ]
      : [
          "G01",
          "G03",
          "G07",
          "G08",
          "G11",
          "G14",
          "G17",
          "G20",
          "G22",
          "G28",
          "G31",
          "R01",
          "R07",
          "R08",
          "R15",
          "R22",
          "S20",
        ].filter((s) => s[0] !== "S");
  const sysTypes = (id: string) => (major === 3 ? types.get(id[0]) : types.get("*")) ?? [];
  const level = new Map<string, number[]>();
  const rate = new Map<string, number[]>();
  const clockOn = r() < 0.7;
  let clock = int(-5e7, 5e7) * (major === 3 ? 1000 : 1);
  const epochs: SynEpoch[] = [];
  const nEp = int(5, 40);
  let t = int(0, 3) * 30;
  for (let e = 0; e < nEp; e++) {
    t += r() < 0.2 ? 0.5 : 30;
    if (r() < 0.05) {
      epochs.push({
        t_s: t,
        clock: null,
        sats: [],
        event: { flag: int(2, 6), records: r() < 0.5 ? [] : [label("EVENT COMMENT", "COMMENT")] },
        escape: r() < 0.5,
      });
      continue;
    }
    const chosen = pool.filter(() => r() < 0.75);
    if (r() < 0.2) chosen.reverse();
    const sats: SynSat[] = chosen.map((id) => {
      const nt = sysTypes(id).length;
      if (!level.has(id) || r() < 0.05) {
        level.set(
          id,
          Array.from({ length: nt }, () => int(-2e11, 9.9e12)),
        );
        rate.set(
          id,
          Array.from({ length: nt }, () => int(-5e6, 5e6)),
        );
      }
      const lv = level.get(id) as number[];
      const rt = rate.get(id) as number[];
      const vals: (number | null)[] = [];
      let flags = "";
      for (let j = 0; j < nt; j++) {
        rt[j] += int(-2000, 2000);
        lv[j] += rt[j];
        if (lv[j] > 9.99e12 || lv[j] < -9.99e11) lv[j] = int(0, 1e12);
        const blank = r() < 0.1;
        vals.push(blank ? null : lv[j]);
        let lli = r() < 0.9 ? " " : String(int(0, 8));
        let ssi = r() < 0.3 ? " " : String(int(1, 10));
        if (blank && (major === 2 || r() < 0.5)) {
          lli = " ";
          ssi = " ";
        }
        flags += lli + ssi;
      }
      return { id, vals, flags };
    });
    if (clockOn) clock += int(-1e6, 1e6);
    epochs.push({
      t_s: t,
      clock: clockOn && r() < 0.95 ? clock : null,
      sats,
      init: r() < 0.05,
      escape: r() < 0.05,
    });
  }
  return { major, types, epochs };
}
