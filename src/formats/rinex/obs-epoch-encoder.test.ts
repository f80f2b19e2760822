// RinexObsEpochEncoder, the byte writer of observation records (hand-written fixed-point formatting):
// every field against JavaScript's own decimal formatting (Number.prototype.toFixed, then Fortran F14.3
// right alignment), the RINEX 3.05 blank rules (NaN, too wide for F14.3, LLI/SSI 0), and the encoder's
// accumulated bytes against the string API record by record.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { ObsEpoch } from "../../signals/observation.js";
import { instant } from "../../time/instant.js";
import { RinexObsEpochEncoder, writeRinexObsEpoch } from "./obs-writer.js";

const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** One satellite with the given values, each with its LLI and SSI. */
function epochOf(values: number[], lli: number[] = [], ssi: number[] = []): ObsEpoch {
  return {
    time: instant("GPST", 1_400_000_000, 0.5),
    flag: 0,
    rxClockOffset_s: Number.NaN,
    sats: ["C19"],
    codes: [values.map((_, k) => `C${k}`)],
    offsets: Uint32Array.of(0),
    values: Float64Array.from(values),
    lli: Uint8Array.from(values, (_, k) => lli[k] ?? 0),
    ssi: Uint8Array.from(values, (_, k) => ssi[k] ?? 0),
  };
}

/** The fields of the satellite line (after the 3-character satellite id), padded back to 16 each. */
function fieldsOf(values: number[], lli?: number[], ssi?: number[]): string[] {
  const line = writeRinexObsEpoch(epochOf(values, lli, ssi))
    .split("\n")[1]
    .slice(3)
    .padEnd(16 * values.length);
  return Array.from({ length: values.length }, (_, k) => line.slice(16 * k, 16 * k + 16));
}

/** F14.3 the way Fortran prints it: the decimal digits of toFixed(3), right-aligned; no "-0.000". */
function fortranF14_3(v: number): string {
  let s = v.toFixed(3);
  if (s === "-0.000") s = "0.000";
  return s.length > 14 ? " ".repeat(14) : s.padStart(14);
}

describe("RinexObsEpochEncoder fields", () => {
  // values that are whole millimetres (or milli-cycles, milli-Hz): no rounding tie can arise, so toFixed
  // is an exact reference; magnitudes up to 1e13 cover every width, including too wide for F14.3
  test.prop([
    fc.array(
      fc.oneof(
        fc.integer({ min: -2_000_000_000_000, max: 2_000_000_000_000 }),
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.constantFrom(0, 999_999_999_999, 1_000_000_000_000, -999_999_999_999, -1_000_000_000_000),
      ),
      { minLength: 1, maxLength: 20 },
    ),
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 20, maxLength: 20 }),
  ])("F14.3 digits equal toFixed(3), right-aligned; LLI/SSI last digit, blank when 0", (milli, flags) => {
    const values = milli.map((m) => m / 1000);
    const lli = flags.slice(0, values.length);
    const ssi = flags.slice().reverse().slice(0, values.length);
    const got = fieldsOf(values, lli, ssi);
    values.forEach((v, k) => {
      const f = fortranF14_3(v);
      const tail = f.trim() === "" ? "  " : `${lli[k] ? lli[k] % 10 : " "}${ssi[k] ? ssi[k] % 10 : " "}`;
      expect(got[k]).toBe(f + tail);
    });
  });

  it("blank fields: NaN, infinities and values too wide for F14.3 (with their flags), 10 digits fit, 11 do not", () => {
    const got = fieldsOf(
      [Number.NaN, Number.POSITIVE_INFINITY, -1e10, 9_999_999_999.999, 1e10, -999_999_999.999, 12.5],
      [1, 1, 1, 1, 1, 1, 0],
      [7, 7, 7, 0, 0, 0, 0],
    );
    expect(got).toEqual([
      " ".repeat(16),
      " ".repeat(16),
      " ".repeat(16),
      "9999999999.9991 ",
      " ".repeat(16),
      "-999999999.9991 ",
      "        12.500  ",
    ]);
  });

  it("a line ends at its last non-blank field; the encoder's bytes are the string API's records joined", () => {
    const a = epochOf([21_000_000.125, Number.NaN, Number.NaN]);
    expect(writeRinexObsEpoch(a).split("\n")[1]).toBe("C19  21000000.125");
    const b = epochOf([1, 2, 3], [0, 9, 0], [0, 0, 3]);
    const enc = new RinexObsEpochEncoder(16);
    for (let k = 0; k < 50; k++) enc.encode(k % 2 ? a : b);
    expect(latin1(enc.bytes())).toBe(
      Array.from({ length: 50 }, (_, k) => writeRinexObsEpoch(k % 2 ? a : b)).join(""),
    );
    enc.clear();
    expect(enc.length).toBe(0);
  });
});
