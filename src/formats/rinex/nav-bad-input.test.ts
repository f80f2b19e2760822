// Bad input to the RINEX navigation reader: garbage and broken records become issues with file and line and
// reading goes on; a file that is not a navigation file is a DecodeError naming file and line; random text never
// throws anything but DecodeError.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DecodeError, formatError } from "../../core/errors.js";
import { parseRinexNav } from "./nav.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..", "../shared/data");
const BASE_NAV = path.join(DATA, "rtk-static-nagoya-2024-176/base.nav");
const BASE_OBS = path.join(DATA, "rtk-static-nagoya-2024-176/base.obs");
if (!existsSync(DATA)) console.log(`nav-bad-input.test: ${DATA} absent, real-file cases skipped`);

const hl = (content: string, label: string) => `${content.padEnd(60)}${label}`;

/** A small RINEX 3.04 file: two GPS records and one BDS record (copied from rtk-static-nagoya base.nav). */
const SMALL = [
  hl("     3.04           N: GNSS NAV DATA    M: MIXED", "RINEX VERSION / TYPE"),
  hl("GPSA   1.8626E-08  2.2352E-08 -1.1921E-07 -5.9605E-08", "IONOSPHERIC CORR"),
  hl("GPSB   1.2902E+05  1.6384E+05 -1.9661E+05 -2.6214E+05", "IONOSPHERIC CORR"),
  hl("    18", "LEAP SECONDS"),
  hl("", "END OF HEADER"),
  "G05 2024 06 24 10 00 00-1.774230040610E-04-1.364242052659E-12 0.000000000000E+00",
  "     7.200000000000E+01-9.821875000000E+01 4.293035965037E-09 1.714815412488E+00",
  "    -5.291774868965E-06 5.927642923780E-03 1.830980181694E-06 5.153635631561E+03",
  "     1.224000000000E+05 3.352761268616E-08 2.520897825810E+00-5.774199962616E-08",
  "     9.719266524177E-01 3.536250000000E+02 1.273307347665E+00-8.275344701323E-09",
  "    -2.610823036973E-10 1.000000000000E+00 2.320000000000E+03 0.000000000000E+00",
  "     2.000000000000E+00 0.000000000000E+00-1.071020960808E-08 7.200000000000E+01",
  "     1.152180000000E+05 4.000000000000E+00",
  "G06 2024 06 24 08 00 00 2.008653245866E-04-2.171418600483E-11 0.000000000000E+00",
  "     1.900000000000E+01 1.018125000000E+02 3.929449391625E-09-1.661095616717E+00",
  "     5.310401320457E-06 2.935697324574E-03 2.404674887657E-06 5.153643602371E+03",
  "     1.152000000000E+05-5.029141902924E-08 1.536018328483E+00-1.117587089539E-08",
  "     9.894631385856E-01 3.493125000000E+02-6.956208031472E-01-8.083908155794E-09",
  "     1.885792836555E-10 1.000000000000E+00 2.320000000000E+03 0.000000000000E+00",
  "     2.000000000000E+00 0.000000000000E+00 3.725290298462E-09 1.900000000000E+01",
  "     1.128360000000E+05 4.000000000000E+00",
  "C01 2024 06 24 08 00 00 9.039411088452E-04 2.186695269302E-12 0.000000000000E+00",
  "     1.000000000000E+00 5.012500000000E+01 2.003654655498E-10-2.727626734473E+00",
  "     1.584854908288E-06 9.215003112331E-04 2.166768535972E-05 6.493409538269E+03",
  "     2.880000000000E+04-7.124617695808E-08 3.047727082052E+00 7.776543498039E-08",
  "     1.076466520189E-01-6.557343750000E+02-2.282604296131E+00 2.682254858939E-09",
  "    -1.582208769599E-10 0.000000000000E+00 9.620000000000E+02 0.000000000000E+00",
  "     2.000000000000E+00 0.000000000000E+00-5.800000000000E-09-1.020000000000E-08",
  "     2.880000000000E+04 1.000000000000E+00",
  "",
].join("\n");

describe("broken records in a small RINEX 3 file", () => {
  const lines = SMALL.split("\n");
  const g06 = lines.findIndex((l) => l.startsWith("G06"));

  it("the clean file reads three records", () => {
    const r = parseRinexNav(SMALL, "small.rnx");
    expect(r.issues).toEqual([]);
    expect(r.data.ephemerides.map((e) => e.sat)).toEqual(["G05", "G06", "C01"]);
  });

  it("a garbage line between records: one issue at its line, every record kept", () => {
    const bad = [...lines.slice(0, g06), "!!! not a navigation record !!!", ...lines.slice(g06)].join("\n");
    const r = parseRinexNav(bad, "small.rnx");
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: "bad-record", file: "small.rnx", line: g06 + 1 });
    expect(r.data.ephemerides.map((e) => e.sat)).toEqual(["G05", "G06", "C01"]);
  });

  it("a garbage number inside a record: issue at that line, the record dropped, the next one kept", () => {
    const bad = [...lines];
    bad[g06 + 2] = bad[g06 + 2].replace("5.153643602371E+03", "5.15364#602371E+03");
    const r = parseRinexNav(bad.join("\n"), "small.rnx");
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: "bad-record", file: "small.rnx", line: g06 + 3 });
    expect(r.data.ephemerides.map((e) => e.sat)).toEqual(["G05", "C01"]);
  });

  it("a truncated file: the last record is reported as truncated at its first line", () => {
    const c01 = lines.findIndex((l) => l.startsWith("C01"));
    const cut = lines.slice(0, c01 + 4).join("\n");
    const r = parseRinexNav(cut, "small.rnx");
    expect(r.issues).toEqual([
      {
        code: "truncated",
        file: "small.rnx",
        line: c01 + 1,
        message: "C01 D1 record has 3 of 7 orbit lines",
      },
    ]);
    expect(r.data.ephemerides.map((e) => e.sat)).toEqual(["G05", "G06"]);
  });

  it("strict mode throws the first issue as a DecodeError", () => {
    const bad = [...lines.slice(0, g06), "garbage", ...lines.slice(g06)].join("\n");
    expect(() => parseRinexNav(bad, "small.rnx", { strict: true })).toThrow(DecodeError);
    try {
      parseRinexNav(bad, "small.rnx", { strict: true });
    } catch (e) {
      expect(formatError(e)).toBe(
        `error: small.rnx, line ${g06 + 1}: unexpected line in navigation data: "garbage"`,
      );
    }
  });

  it("CRLF line ends read the same", () => {
    const r = parseRinexNav(SMALL.replace(/\n/g, "\r\n"), "small.rnx");
    expect(r.issues).toEqual([]);
    expect(r.data.ephemerides).toEqual(parseRinexNav(SMALL).data.ephemerides);
  });

  it("cut at any character after the header: never throws, at most one issue, records before the cut kept", () => {
    const headerEnd = SMALL.indexOf("END OF HEADER") + 14;
    for (let cut = headerEnd; cut <= SMALL.length; cut++) {
      const r = parseRinexNav(SMALL.slice(0, cut), "cut.rnx");
      expect(r.issues.length).toBeLessThanOrEqual(1);
      expect(r.data.ephemerides.length).toBeLessThanOrEqual(3);
    }
  });
});

describe("not a navigation file", () => {
  it("empty text and plain prose are DecodeErrors at line 1", () => {
    for (const t of ["", "hello world\nthis is not RINEX\n"]) {
      expect(() => parseRinexNav(t, "x.txt")).toThrow(DecodeError);
    }
  });

  it("a header without END OF HEADER is a DecodeError", () => {
    const t = SMALL.slice(0, SMALL.indexOf("END OF HEADER") - 10);
    expect(() => parseRinexNav(t, "h.rnx")).toThrow(/END OF HEADER/);
  });

  it.skipIf(!existsSync(BASE_OBS))(
    "an observation file given to parseRinexNav: DecodeError naming file and line",
    () => {
      const text = readFileSync(BASE_OBS, "latin1").slice(0, 20000);
      let err: unknown;
      try {
        parseRinexNav(text, "base.obs");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DecodeError);
      const d = err as DecodeError;
      expect(d.code).toBe("unknown-format");
      expect(d.location).toMatchObject({ file: "base.obs", line: 1 });
      expect(formatError(d)).toMatch(
        /^error: base\.obs, line 1: RINEX file type 'O' is not a navigation file/,
      );
    },
  );

  it.skipIf(!existsSync(BASE_NAV))(
    "base.nav with a garbage block inserted mid-file: one issue at its line, all records kept",
    () => {
      const text = readFileSync(BASE_NAV, "latin1");
      const lines = text.split("\n");
      const at = lines.findIndex((l) => l.startsWith("C05"));
      const bad = [...lines.slice(0, at), "xx garbage", "   more garbage 1.0 2.0", ...lines.slice(at)].join(
        "\n",
      );
      const clean = parseRinexNav(text, "base.nav");
      const r = parseRinexNav(bad, "base.nav");
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ code: "bad-record", file: "base.nav", line: at + 1 });
      expect(r.data.ephemerides).toEqual(clean.data.ephemerides);
    },
  );
});

describe("random input", () => {
  const onlyDecodeError = (t: string) => {
    try {
      parseRinexNav(t, "random");
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
    }
  };

  fcTest.prop([fc.string({ maxLength: 3000 })])("random text never throws anything but DecodeError", (t) => {
    onlyDecodeError(t);
  });

  const lines = SMALL.split("\n");
  const bodyStart = lines.findIndex((l) => l.includes("END OF HEADER")) + 1;
  fcTest.prop([
    fc.array(fc.oneof(fc.constantFrom(...lines.slice(bodyStart)), fc.string({ maxLength: 90 })), {
      maxLength: 60,
    }),
  ])("a valid header with shuffled record lines and junk never throws", (body) => {
    const r = parseRinexNav([...lines.slice(0, bodyStart), ...body].join("\n"), "shuffled");
    for (const i of r.issues) expect(i.line).toBeGreaterThan(bodyStart);
  });

  fcTest.prop([
    fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 20 }),
  ])("character edits anywhere in a valid file throw nothing but DecodeError", (edits) => {
    let t = SMALL;
    for (const [pos, s] of edits) {
      const p = pos % t.length;
      t = t.slice(0, p) + s + t.slice(p + s.length);
    }
    onlyDecodeError(t);
  });
});
