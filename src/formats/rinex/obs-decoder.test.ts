// RINEX observation decoder tests. References: the plain and compressed twins of real files (made by
// others), values read back from the file text by a naive independent split, RTKLIB's decompressed KMS3
// file, and a RINEX 2.11 file written here from the format tables (RINEX 2.11 §A2 Table A1/A2).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../core/errors.js";
import { type ObsEpoch, obsValue } from "../../signals/observation.js";
import { fromCalendar } from "../../time/instant.js";
import { LineSplitter } from "../text/line-splitter.js";
import { RinexObsDecoder } from "./obs-decoder.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const DATA = path.resolve(ROOT, "../shared/data");
const HAVE_DATA = existsSync(DATA);
if (!HAVE_DATA) console.log(`obs-decoder.test: ${DATA} not found; real-data tests skipped`);

function fileText(file: string): string {
  const buf = readFileSync(file);
  return (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString("latin1");
}
function fileLines(file: string): string[] {
  const lines = fileText(file)
    .split("\n")
    .map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function decode(
  lines: readonly string[],
  opts: { includeEvents?: boolean; strict?: boolean; file?: string } = {},
) {
  const dec = new RinexObsDecoder({ file: "test.obs", ...opts });
  const epochs = dec.pushLines(lines);
  epochs.push(...dec.finish());
  return { epochs, dec, header: dec.header };
}

function decodeBytes(bytes: Uint8Array, cuts: readonly number[]) {
  const dec = new RinexObsDecoder();
  const sp = new LineSplitter();
  const epochs: ObsEpoch[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    epochs.push(...dec.pushLines(sp.push(bytes.subarray(at, Math.max(at, c)))));
    at = Math.max(at, c);
  }
  epochs.push(...dec.pushLines(sp.finish()));
  epochs.push(...dec.finish());
  return { epochs, dec };
}

function expectSameEpochs(a: readonly ObsEpoch[], b: readonly ObsEpoch[]): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let e = 0; e < a.length; e++) {
    const x = a[e];
    const y = b[e];
    expect(x.time).toEqual(y.time);
    expect(x.flag).toBe(y.flag);
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

/** Naive independent reading: the value of type k of `sat` in the first epoch (RINEX 3 text). */
function naiveFirstEpochValue(lines: readonly string[], sat: string, k: number): number {
  const start = lines.findIndex((l) => l.startsWith("END OF HEADER", 60));
  for (let i = start + 2; i < lines.length && !lines[i].startsWith(">"); i++) {
    if (lines[i].startsWith(sat)) {
      const field = lines[i].substring(3 + 16 * k, 3 + 16 * k + 14);
      return field.trim() === "" ? Number.NaN : Number(field);
    }
  }
  return Number.NaN;
}

const lab = (text: string, l: string) => text.padEnd(60) + l;

describe.skipIf(!HAVE_DATA)("real observation files", () => {
  it("ACOR: compact and plain files give bit-identical epochs; values match the text", () => {
    const dir = path.join(DATA, "hatanaka-pair-acor-2021-355");
    const crx = decode(fileLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.crx")));
    const rnxLines = fileLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx"));
    const rnx = decode(rnxLines);
    expect(crx.dec.issues).toEqual([]);
    expect(rnx.dec.issues).toEqual([]);
    expect(crx.epochs.length).toBe(25);
    const n = expectSameEpochs(crx.epochs, rnx.epochs);
    console.log(`ACOR: 25 epochs, ${n} values bit-identical between .crx and .rnx`);
    expect(crx.header?.format).toBe("CRINEX");
    expect(crx.header?.crinexVersion).toBe(3);
    expect(rnx.header?.format).toBe("RINEX");
    expect(crx.header?.version).toBe(3.04);
    expect(crx.header?.marker).toBe("ACOR");
    expect(crx.header?.receiver).toBe("LEICA GR50");
    expect(crx.header?.antenna).toBe("LEIAT504        LEIS");
    expect(crx.header?.antennaDeltaHEN_m).toEqual([3.046, 0, 0]);
    expect(crx.header?.approxPosition).toEqual([4594489.868, -678367.992, 4357065.87]);
    expect(crx.header?.interval_s).toBe(30);
    expect(crx.header?.leapSeconds).toBe(18);
    expect(crx.header?.glonassChannels.get("R10")).toBe(-7);
    expect(crx.header?.glonassChannels.size).toBe(22);
    expect(crx.header?.obsCodes.get("C")).toEqual([
      "C2I",
      "L2I",
      "S2I",
      "C6I",
      "L6I",
      "S6I",
      "C7I",
      "L7I",
      "S7I",
    ]);
    const ep = crx.epochs[0];
    expect(ep.time).toEqual(
      fromCalendar("GPST", { year: 2021, month: 12, day: 21, hour: 0, minute: 0, second: 0 }),
    );
    for (const [sat, code, k] of [
      ["C58", "C2I", 0],
      ["C58", "L6I", 4],
      ["G01", "L1C", 1],
      ["E02", "C8Q", 12],
      ["E24", "C8Q", 12],
    ] as const) {
      const i = ep.sats.indexOf(sat);
      expect(obsValue(ep, i, code)).toBe(naiveFirstEpochValue(rnxLines, sat, k));
    }
    expect(Number.isFinite(obsValue(ep, ep.sats.indexOf("E24"), "C8Q"))).toBe(true);
  });

  it("KMS3 (RINEX 4.00 in CRINEX 3): epochs equal RTKLIB's decompressed file; BDS-3 codes present", () => {
    const dir = path.join(DATA, "bds3-signals-kms3-2022-159");
    const crx = decode(fileLines(path.join(dir, "KMS300DNK_R_20221591000_01H_30S_MO.crx")));
    const refLines = fileLines(path.join(dir, "rtklib-reference", "KMS300DNK_R_20221591000_01H_30S_MO.rnx"));
    const ref = decode(refLines);
    expect(crx.dec.issues).toEqual([]);
    expect(crx.epochs.length).toBe(19);
    expectSameEpochs(crx.epochs, ref.epochs);
    expect(crx.header?.version).toBe(4);
    const c = crx.header?.obsCodes.get("C") ?? [];
    for (const code of ["C1P", "C5P", "C7D", "L1P", "L5P", "L7D"]) expect(c).toContain(code);
    const ep = crx.epochs[0];
    const i = ep.sats.indexOf("C20");
    expect(obsValue(ep, i, "C1P")).toBe(naiveFirstEpochValue(refLines, "C20", 0));
    expect(obsValue(ep, i, "C7D")).toBe(naiveFirstEpochValue(refLines, "C20", 4));
  });

  it("Nagoya base/rover (RINEX 3.04): 301 epochs each, X1 kept as a code", () => {
    for (const name of ["base.obs", "rover.obs"]) {
      const lines = fileLines(path.join(DATA, "rtk-static-nagoya-2024-176", name));
      const { epochs, dec, header } = decode(lines);
      expect(dec.issues).toEqual([]);
      expect(epochs.length).toBe(301);
      for (const codes of header?.obsCodes.values() ?? []) expect(codes[0]).toBe("X1");
      const ep = epochs[0];
      const i = ep.sats.indexOf("C01");
      expect(obsValue(ep, i, "X1")).toBe(naiveFirstEpochValue(lines, "C01", 0));
      expect(obsValue(ep, i, "C2I")).toBe(naiveFirstEpochValue(lines, "C01", 1));
      expect(obsValue(ep, i, "S6I")).toBe(naiveFirstEpochValue(lines, "C01", 12));
    }
  });

  it("UrbanNav (RINEX 3.03, u-blox via RTKCONV): 1760 epochs, 'C 1'-style PRNs read as C01..C09", () => {
    const lines = fileLines(path.join(DATA, "urbannav-tst-2019-118-kinematic", "COM3_190428_124409.obs"));
    const { epochs, dec } = decode(lines);
    expect(dec.issues).toEqual([]);
    expect(epochs.length).toBe(1760);
    // first record written with a blank-padded BDS PRN, and its epoch
    const at = lines.findIndex((l) => /^C \d/.test(l));
    expect(at).toBeGreaterThan(0);
    let epochLine = at;
    while (!lines[epochLine].startsWith(">")) epochLine--;
    const ep = epochs.find((e) => e.line === epochLine + 1) as ObsEpoch;
    const sat = `C0${lines[at][2]}`;
    const i = ep.sats.indexOf(sat);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(obsValue(ep, i, "C2I")).toBe(Number(lines[at].substring(3, 17)));
    expect(ep.time.frac).toBe(0.997);
  });

  it("Xiaomi (RINEX 3.03): event flag 2 before the data; 599 data epochs", () => {
    const lines = fileLines(path.join(DATA, "android-rinex-xiaomi-2024-092", "GEOP092I.24o.gz"));
    const plain = decode(lines);
    expect(plain.dec.issues).toEqual([]);
    expect(plain.epochs.length).toBe(599);
    const ev = decode(lines, { includeEvents: true });
    expect(ev.epochs.length).toBe(600);
    expect(ev.epochs[0].flag).toBe(2);
    expect(ev.epochs[0].sats).toEqual([]);
    expect(ev.epochs[1].time).toEqual(ev.epochs[0].time);
    expect(ev.epochs[1].time.frac).toBe(0.4427602);
  });
});

// ---- a RINEX 2.11 file written here from the format tables ----

interface R2Sat {
  text: string; // as written in the epoch line: "G01", "G 9", " 12"
  id: string;
  vals: (number | null)[]; // thousandths
  flags: string;
}

const F = (u: number | null, fl: string) =>
  (u === null ? " ".repeat(14) : (u / 1000).toFixed(3).padStart(14)) + fl;

function r2EpochLines(t_s: number, flag: number, sats: readonly R2Sat[], clock_ns: number | null): string[] {
  const d = new Date(Date.UTC(2020, 5, 25) + Math.floor(t_s) * 1000);
  const sec = (d.getUTCSeconds() + (t_s - Math.floor(t_s))).toFixed(7).padStart(11);
  const p2 = (n: number) => String(n).padStart(2);
  const head = ` 20 ${p2(d.getUTCMonth() + 1)} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())} ${p2(d.getUTCMinutes())}${sec}  ${flag}${String(sats.length).padStart(3)}`;
  let first =
    head +
    sats
      .slice(0, 12)
      .map((s) => s.text)
      .join("");
  if (clock_ns !== null) first = first.padEnd(68) + (clock_ns / 1e9).toFixed(9).padStart(12);
  const out = [first];
  for (let k = 12; k < sats.length; k += 12)
    out.push(
      " ".repeat(32) +
        sats
          .slice(k, k + 12)
          .map((s) => s.text)
          .join(""),
    );
  for (const s of sats) {
    for (let j = 0; j < s.vals.length; j += 5) {
      let l = "";
      for (let q = j; q < Math.min(j + 5, s.vals.length); q++)
        l += F(s.vals[q], s.flags.slice(2 * q, 2 * q + 2));
      out.push(l.trimEnd());
    }
  }
  return out;
}

const TYPES11 = ["C1", "P1", "L1", "D1", "S1", "P2", "L2", "D2", "S2", "C5", "L5"];
const TYPES4 = ["C1", "L1", "S1", "P2"];

function r2Sat(text: string, id: string, types: readonly string[], e: number, i: number): R2Sat {
  const vals: (number | null)[] = [];
  let flags = "";
  types.forEach((t, j) => {
    const blank = (i + j + e) % 7 === 0;
    let u: number;
    if (t[0] === "C" || t[0] === "P") u = 20_000_000_000 + 1_000_000 * i + 10_000 * e + 125 * j;
    else if (t[0] === "L") u = 105_000_000_000 + 7_654_321 * i - 3_333 * e;
    else if (t[0] === "D") u = -1_234_567 + 1000 * i - 17 * j;
    else u = 45_000 + 250 * i;
    vals.push(blank ? null : u);
    flags += blank ? "  " : `${t[0] === "L" && (i + e) % 5 === 0 ? "1" : " "}${(i % 9) + 1}`;
  });
  return { text, id, vals, flags };
}

function r2Sample() {
  const ids = [
    "G01",
    "G02",
    "G03",
    "G05",
    "G06",
    "G07",
    "G09",
    "G10",
    "G12",
    "G13",
    "G15",
    "G17",
    "R03",
    "R04",
  ];
  const text = (id: string) => (id === "G09" ? "G 9" : id === "G12" ? " 12" : id);
  const ep0 = ids.map((id, i) => r2Sat(text(id), id, TYPES11, 0, i));
  const ep2 = ids.slice(1).map((id, i) => r2Sat(text(id), id, TYPES4, 2, i));
  const slip = [r2Sat("G05", "G05", TYPES4, 3, 0)];
  const ep5 = ["G01", "R03", "G02"].map((id, i) => r2Sat(id, id, TYPES4, 5, i));
  const lines = [
    lab("     2.11           OBSERVATION DATA    M (MIXED)", "RINEX VERSION / TYPE"),
    lab("TEST                                    TEST", "PGM / RUN BY / DATE"),
    lab("SYNTH", "MARKER NAME"),
    lab(
      `${String(11).padStart(6)}${TYPES11.slice(0, 9)
        .map((t) => t.padStart(6))
        .join("")}`,
      "# / TYPES OF OBSERV",
    ),
    lab(
      `      ${TYPES11.slice(9)
        .map((t) => t.padStart(6))
        .join("")}`,
      "# / TYPES OF OBSERV",
    ),
    lab("    30.000", "INTERVAL"),
    lab("  2020     6    25     0     0    0.0000000     GPS", "TIME OF FIRST OBS"),
    lab("", "END OF HEADER"),
    ...r2EpochLines(0, 0, ep0, 12345),
    // event flag 4 with blank date: new observation types
    "                            4  2",
    lab(`${String(4).padStart(6)}${TYPES4.map((t) => t.padStart(6)).join("")}`, "# / TYPES OF OBSERV"),
    lab("TYPES CHANGE HERE", "COMMENT"),
    ...r2EpochLines(30, 0, ep2, null),
    ...r2EpochLines(30, 6, slip, null),
    " 20  6 25  0  0 45.0000000  2  0",
    ...r2EpochLines(60, 0, ep5, -2),
  ];
  return { lines, ep0, ep2, slip, ep5 };
}

function expectR2Values(ep: ObsEpoch, sats: readonly R2Sat[], codes: (sys: string) => readonly string[]) {
  expect(ep.sats).toEqual(sats.map((s) => s.id));
  sats.forEach((s, i) => {
    expect(ep.codes[i]).toEqual(codes(s.id[0]));
    s.vals.forEach((u, j) => {
      const got = ep.values[ep.offsets[i] + j];
      if (u === null) expect(got).toBeNaN();
      else expect(got).toBe(u / 1000);
      const lli = s.flags[2 * j] === " " ? 0 : Number(s.flags[2 * j]);
      const ssi = s.flags[2 * j + 1] === " " ? 0 : Number(s.flags[2 * j + 1]);
      expect([ep.lli[ep.offsets[i] + j], ep.ssi[ep.offsets[i] + j]]).toEqual([lli, ssi]);
    });
  });
}

describe("RINEX 2.11", () => {
  const s = r2Sample();
  const codes11: Record<string, string[]> = {
    G: ["C1C", "C1W", "L1C", "D1C", "S1C", "C2W", "L2W", "D2W", "S2W", "C5X", "L5X"],
    R: ["C1C", "C1P", "L1C", "D1C", "S1C", "C2P", "L2C", "D2C", "S2C", "C5C", "L5C"],
  };
  const codes4: Record<string, string[]> = {
    G: ["C1C", "L1C", "S1C", "C2W"],
    R: ["C1C", "L1C", "S1C", "C2P"],
  };

  it("reads wrapped types, >12 satellites, five values per line, clock, events and new types", () => {
    const { epochs, dec, header } = decode(s.lines);
    expect(dec.issues).toEqual([]);
    expect(header?.version).toBe(2.11);
    expect(header?.marker).toBe("SYNTH");
    expect(epochs.map((e) => e.flag)).toEqual([0, 0, 0]);
    expectR2Values(epochs[0], s.ep0, (sys) => codes11[sys]);
    expect(epochs[0].rxClockOffset_s).toBe(0.000012345);
    expectR2Values(epochs[1], s.ep2, (sys) => codes4[sys]);
    expectR2Values(epochs[2], s.ep5, (sys) => codes4[sys]);
    expect(epochs[2].rxClockOffset_s).toBe(-2e-9);
    expect(epochs[1].time).toEqual(
      fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 30 }),
    );
    // the header now carries the types of the event
    expect(dec.header?.obsCodes.get("G")).toEqual(codes4.G);
  });

  it("returns event and cycle-slip epochs on request", () => {
    const { epochs } = decode(s.lines, { includeEvents: true });
    expect(epochs.map((e) => e.flag)).toEqual([0, 4, 0, 6, 2, 0]);
    expect(epochs[1].time).toEqual(epochs[0].time); // blank event date: previous epoch's time
    expectR2Values(epochs[3], s.slip, (sys) => codes4[sys]);
    expect(epochs[4].time).toEqual(
      fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 45 }),
    );
  });

  it("a garbage line drops only its epoch (records carry no satellite name) and is reported", () => {
    const lines = s.lines.slice();
    const at = lines.findIndex((l) => l.startsWith(" 20  6 25  0  0  0.0000000  0 14")) + 5;
    lines.splice(at, 0, "  this is not an observation line");
    const { epochs, dec } = decode(lines);
    expect(dec.issues.length).toBe(1);
    expect(dec.issues[0]).toMatchObject({ code: "bad-record", line: at + 1, file: "test.obs" });
    const t0 = fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 0 }).sec;
    expect(epochs.map((e) => e.time.sec - t0)).toEqual([30, 60]);
    expectR2Values(epochs[0], s.ep2, (sys) => codes4[sys]);
  });

  it("a missing line is caught before shifted values are returned", () => {
    const lines = s.lines.slice();
    const at = lines.findIndex((l) => l.startsWith("                            4  2"));
    lines.splice(at - 1, 1); // last data line of the first epoch
    const { epochs, dec } = decode(lines);
    expect(dec.issues.length).toBeGreaterThan(0);
    const t0 = fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 0 }).sec;
    expect(epochs.map((e) => e.time.sec - t0)).toEqual([30, 60]);
  });
});

describe("header details", () => {
  const v = (u: number) => `${(u / 1000).toFixed(3).padStart(14)}  `;
  it("BDS-only files without a time system are in BDT; RINEX 3.02 BDS band-1 codes become band 2", () => {
    const lines = [
      lab("     3.02           OBSERVATION DATA    C", "RINEX VERSION / TYPE"),
      lab("C    4 C1I L1I D1I S1I", "SYS / # / OBS TYPES"),
      lab("  2024     1     1     0     0    0.0000000", "TIME OF FIRST OBS"),
      lab("", "END OF HEADER"),
      "> 2024 01 01 00 00  0.0000000  0  1",
      `C 1${v(38000000123)}${v(-123456)}`,
    ];
    const { epochs, header, dec } = decode(lines);
    expect(dec.issues).toEqual([]);
    expect(header?.timeSystem).toBe("BDT");
    expect(header?.obsCodes.get("C")).toEqual(["C2I", "L2I", "D2I", "S2I"]);
    expect(epochs[0].time).toEqual(
      fromCalendar("BDT", { year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0 }),
    );
    expect(header?.firstObs).toEqual(epochs[0].time);
    expect(obsValue(epochs[0], 0, "C2I")).toBe(38000000.123);
    expect(obsValue(epochs[0], 0, "L2I")).toBe(-123.456);
  });

  it("applies SYS / SCALE FACTOR and reads a blank-date event", () => {
    const lines = [
      lab("     3.05           OBSERVATION DATA    M", "RINEX VERSION / TYPE"),
      lab("G    2 C1C L1C", "SYS / # / OBS TYPES"),
      lab("G  100  1 L1C", "SYS / SCALE FACTOR"),
      lab("  2024     1     1     0     0    0.0000000     GPS", "TIME OF FIRST OBS"),
      lab("", "END OF HEADER"),
      "> 2024 01 01 00 00  0.0000000  0  1",
      `G05${v(22000000500)}${v(1100000012300)}`,
      ">                              4  1",
      lab("A COMMENT", "COMMENT"),
      "> 2024 01 01 00 00  1.0000000  0  1",
      `G05${v(22000001000)}${v(1100000045600)}`,
    ];
    const { epochs, dec } = decode(lines, { includeEvents: true });
    expect(dec.issues).toEqual([]);
    expect(epochs.map((e) => e.flag)).toEqual([0, 4, 0]);
    expect(obsValue(epochs[0], 0, "C1C")).toBe(22000000.5);
    expect(obsValue(epochs[0], 0, "L1C")).toBe(11000000.123);
    expect(obsValue(epochs[2], 0, "L1C")).toBe(11000000.456);
    expect(epochs[1].time).toEqual(epochs[0].time);
  });
});

describe.skipIf(!HAVE_DATA)("bad input", () => {
  const dir = path.join(DATA, "hatanaka-pair-acor-2021-355");
  const rnx = () => fileLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx"));

  it("a garbage line mid-file is reported with its line; every epoch still decodes", () => {
    const clean = decode(rnx()).epochs;
    const lines = rnx();
    const at = 500;
    lines.splice(at, 0, "#!garbage: \u0000\u00ff 12.5 not a record");
    const { epochs, dec } = decode(lines);
    expect(dec.issues).toEqual([
      {
        code: "bad-record",
        message: expect.stringContaining("expected a satellite record"),
        file: "test.obs",
        line: at + 1,
      },
    ]);
    expectSameEpochs(
      epochs.map((e) => ({ ...e, line: 0 })),
      clean.map((e) => ({ ...e, line: 0 })),
    );
  });

  it("a satellite line replaced by garbage: reported, the epoch keeps its other satellites", () => {
    const clean = decode(rnx()).epochs;
    const lines = rnx();
    const at = 500;
    const sat = lines[at].slice(0, 3);
    lines[at] = `${sat}  garbage${"x".repeat(40)}`;
    const { epochs, dec } = decode(lines);
    expect(dec.issues.map((i) => [i.code, i.line])).toEqual([["bad-record", at + 1]]);
    expect(epochs.length).toBe(25);
    const k = epochs.findIndex(
      (e) => (e.line as number) < at + 1 && (e.line as number) + 40 > at + 1 && !e.sats.includes(sat),
    );
    expect(k).toBeGreaterThanOrEqual(0);
    const ep = epochs[k];
    const ref = clean[k];
    for (let i = 0; i < ep.sats.length; i++) {
      const r = ref.sats.indexOf(ep.sats[i]);
      for (const code of ep.codes[i])
        expect(Object.is(obsValue(ep, i, code), obsValue(ref, r, code))).toBe(true);
    }
  });

  it("a lost satellite line: reported, that epoch dropped, the others intact", () => {
    const clean = decode(rnx()).epochs;
    const lines = rnx();
    lines.splice(500, 1);
    const { epochs, dec } = decode(lines);
    expect(dec.issues.map((i) => i.code)).toEqual(["bad-epoch"]);
    expect(epochs.length).toBe(24);
    const lost = clean.findIndex((e) => !epochs.some((x) => x.time.sec === e.time.sec));
    expect((clean[lost].line as number) < 501 && (clean[lost + 1].line as number) > 501).toBe(true);
    expectSameEpochs(
      epochs.map((e) => ({ ...e, line: 0 })),
      clean.filter((_, i) => i !== lost).map((e) => ({ ...e, line: 0 })),
    );
  });

  it("a truncated file: reported, earlier epochs kept, the cut epoch dropped", () => {
    const text = fileText(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx"));
    const clean = decode(rnx()).epochs;
    const lastEpoch = text.lastIndexOf("\n>");
    const cut = text.slice(0, lastEpoch + 700); // inside the last epoch, mid-line
    const lines = cut.split("\n");
    const { epochs, dec } = decode(lines);
    expect(dec.issues.length).toBeGreaterThanOrEqual(1);
    expect(dec.issues.some((i) => i.code === "truncated" && i.line === lines.length)).toBe(true);
    expect(epochs.length).toBe(24);
    expectSameEpochs(epochs, clean.slice(0, 24));
  });

  it("corrupted headers throw a DecodeError naming file and line", () => {
    const noEnd = rnx().filter((l) => !l.includes("END OF HEADER"));
    const firstEpoch = noEnd.findIndex((l) => l.startsWith(">")) + 1;
    expect(() => decode(noEnd, { file: "acor.rnx" })).toThrow(DecodeError);
    try {
      decode(noEnd, { file: "acor.rnx" });
    } catch (e) {
      expect((e as DecodeError).location).toMatchObject({ file: "acor.rnx", line: firstEpoch });
      expect((e as DecodeError).message).toMatch(/END OF HEADER/);
    }
    const noTypes = rnx().filter((l) => !l.includes("SYS / # / OBS TYPES"));
    const endAt = noTypes.findIndex((l) => l.includes("END OF HEADER")) + 1;
    try {
      decode(noTypes, { file: "acor.rnx" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).location).toMatchObject({
        code: "bad-header",
        file: "acor.rnx",
        line: endAt,
      });
    }
    const nav = fileLines(
      path.join(DATA, "android-gnsslogger-galaxys8-2017-278", "PERT00AUS_R_20172780000_01D_MN.rnx"),
    );
    expect(() => decode(nav.slice(0, 50), { file: "pert.rnx" })).toThrow(
      /not an observation file: RINEX navigation/,
    );
    expect(() => decode(["hello world"])).toThrow(DecodeError);
    expect(() => decode([])).toThrow(/empty input/);
    expect(() => decode(rnx().slice(0, 10))).toThrow(/no END OF HEADER/);
  });

  it("strict mode throws the first issue", () => {
    const lines = rnx();
    lines.splice(300, 0, "garbage");
    expect(() => decode(lines, { strict: true, file: "s.rnx" })).toThrow(DecodeError);
    try {
      decode(lines, { strict: true, file: "s.rnx" });
    } catch (e) {
      expect((e as DecodeError).location).toMatchObject({ file: "s.rnx", line: 301 });
    }
  });

  it("satellites of a system without types are reported once and skipped", () => {
    const lines = rnx().filter(
      (l) => !(l.startsWith("E") && l.includes("SYS / # / OBS TYPES")) && !l.startsWith("       L8Q"),
    );
    const { epochs, dec } = decode(lines);
    expect(dec.issues.length).toBe(1);
    expect(dec.issues[0].message).toMatch(/system E has no observation types/);
    expect(epochs.length).toBe(25);
    for (const ep of epochs) expect(ep.sats.some((s) => s.startsWith("E"))).toBe(false);
  });
});

describe.skipIf(!HAVE_DATA)("properties", () => {
  const dir = path.join(DATA, "hatanaka-pair-acor-2021-355");
  const crxBytes = new Uint8Array(readFileSync(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.crx")));
  const rnxBytes = new Uint8Array(readFileSync(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx")));

  it("any chunking of the same bytes gives the same epochs (.crx and .rnx)", () => {
    for (const bytes of [crxBytes, rnxBytes]) {
      const whole = decodeBytes(bytes, []).epochs;
      expect(whole.length).toBe(25);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 30 }), (cuts) => {
          const got = decodeBytes(
            bytes,
            cuts.sort((a, b) => a - b),
          );
          expect(got.dec.issues).toEqual([]);
          expectSameEpochs(got.epochs, whole);
        }),
        { numRuns: 25 },
      );
      // CRLF line ends give the same too
      const crlf = new TextEncoder().encode(new TextDecoder().decode(bytes).replace(/\n/g, "\r\n"));
      expectSameEpochs(decodeBytes(crlf, [7, 1000, 1001]).epochs, whole);
    }
  });

  it("random lines never throw after a valid header; random input only throws DecodeError", () => {
    const header = fileLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx")).slice(0, 34);
    const crxHeader = fileLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.crx")).slice(0, 36);
    const line = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.constantFrom(
        "> 2021 12 21 00 00  0.0000000  0  2",
        "> 2021 12 21 00 00 30.0000000  4  1",
        "G01  24600158.420 6",
        "C 5  1.0",
        "",
        ">",
        " 3&123 1&5",
        "                    3",
        "> 2021 13 45 99 00  0.0000000  0  1",
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.boolean(), fc.boolean(), (body, compact, events) => {
        const dec = new RinexObsDecoder({ includeEvents: events });
        for (const l of [...(compact ? crxHeader : header), ...body]) dec.push(l);
        dec.finish();
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        try {
          decodeBytes(bytes, [bytes.length >> 1]);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 300 },
    );
  });

  // RINEX 2 records do not name their satellite, so two record lines swapped (or one lost and one blank
  // line added in the same epoch) cannot be told from good data: RINEX 2 gets one damaged line per run.
  // RINEX 3 gets two edits: with more, a record moved into an epoch that lost one of its own and does not
  // observe that satellite is indistinguishable from good data.
  it("line-level damage never produces a wrong number (RINEX 3: up to 2 edits; RINEX 2: one)", () => {
    const r2 = r2Sample().lines;
    const sources = [
      {
        clean: fileLines(path.join(dir, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx")),
        kinds: ["delete", "duplicate", "garbage", "swap"],
        maxEdits: 2,
      },
      { clean: r2, kinds: ["delete", "duplicate", "garbage"], maxEdits: 1 },
    ];
    for (const { clean, kinds, maxEdits } of sources) {
      const ref = decode(clean).epochs;
      const key = (ep: ObsEpoch, i: number, c: string) => `${ep.time.sec}+${ep.time.frac}/${ep.sats[i]}/${c}`;
      const truth = new Map<string, number>();
      for (const ep of ref) {
        for (let i = 0; i < ep.sats.length; i++)
          for (const c of ep.codes[i]) truth.set(key(ep, i, c), obsValue(ep, i, c));
      }
      const hdrEnd = clean.findIndex((l) => l.includes("END OF HEADER")) + 1;
      const edit = fc.record({
        at: fc.integer({ min: hdrEnd, max: clean.length - 1 }),
        kind: fc.constantFrom(...kinds),
        text: fc.string({ maxLength: 80 }),
      });
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: maxEdits }), (edits) => {
          const lines = clean.slice();
          for (const e of edits) {
            const at = Math.min(e.at, lines.length - 1);
            if (e.kind === "delete") lines.splice(at, 1);
            else if (e.kind === "duplicate") lines.splice(at, 0, lines[at]);
            else if (e.kind === "garbage") lines.splice(at, 0, e.text);
            else if (at + 1 < lines.length) [lines[at], lines[at + 1]] = [lines[at + 1], lines[at]];
          }
          const { epochs, dec } = decode(lines);
          for (const ep of epochs) {
            for (let i = 0; i < ep.sats.length; i++) {
              for (const c of ep.codes[i]) {
                const v = obsValue(ep, i, c);
                if (Number.isNaN(v)) continue;
                const t = truth.get(key(ep, i, c));
                if (!Object.is(v, t))
                  throw new Error(
                    `wrong value ${v} (truth ${t}) at ${key(ep, i, c)}; edits ${JSON.stringify(edits)}; issues ${dec.issues.length}`,
                  );
              }
            }
          }
          if (dec.issues.length === 0 && epochs.length !== ref.length) {
            // edits that changed nothing visible (e.g. swapping two equal lines) leave the epochs alone
            throw new Error(`epochs lost without an issue: ${JSON.stringify(edits)}`);
          }
        }),
        { numRuns: 300 },
      );
    }
  });
});
