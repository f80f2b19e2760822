import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DEG, ecef } from "../../frames/vectors.js";
import type { ObsEpoch } from "../../signals/observation.js";
import { simulate } from "../../sim/simulate.js";
import { addSeconds, diffSeconds, fromCalendar, instant } from "../../time/instant.js";
import { RinexObsDecoder } from "./obs-decoder.js";
import { type RinexObsHeaderOptions, writeRinexObsEpoch, writeRinexObsHeader } from "./obs-writer.js";

const T = fromCalendar("GPST", { year: 2024, month: 3, day: 7, hour: 5, minute: 4, second: 3.25 });

const HEADER: RinexObsHeaderOptions = {
  program: "test",
  runBy: "me",
  date: new Date(Date.UTC(2024, 2, 7, 6, 0, 0)),
  marker: "WUZH",
  markerNumber: "21612M001",
  receiver: { number: "123", type: "SIM RX", version: "1.0" },
  antenna: { number: "9", type: "SIMANT          NONE" },
  approxPosition: ecef(-2783647.97605, 4727583.11831, 3242114.71424),
  antennaDeltaHEN_m: [0.1234, 0, -0.5],
  obsCodes: new Map([
    ["C", ["C2I", "L2I", "D2I", "S2I", "C7I", "L7I", "C6I", "L6I", "C1P", "L1P", "C5P", "L5P", "C7D", "L7D"]],
    ["G", ["C1C", "L1C"]],
  ]),
  interval_s: 30,
  firstObs: T,
  lastObs: addSeconds(T, 3600),
  timeSystem: "GPST",
  leapSeconds: 18,
};

/** A hand-made epoch; G05 has its codes in another order than the header, C59 only some of them. */
function handEpoch(): ObsEpoch {
  const cCodes = ["C2I", "L2I", "D2I", "S2I"];
  const gCodes = ["L1C", "C1C"];
  return {
    time: T,
    flag: 0,
    rxClockOffset_s: -1.234567890123e-4,
    sats: ["C59", "G05"],
    codes: [cCodes, gCodes],
    offsets: Uint32Array.of(0, 4),
    values: Float64Array.of(
      38414730.6724,
      -199922849.0586,
      Number.NaN,
      41.958,
      123456789.12349,
      20234715.6176,
    ),
    lli: Uint8Array.of(0, 1, 0, 0, 5, 0),
    ssi: Uint8Array.of(6, 6, 0, 6, 9, 8),
  };
}

describe("RINEX 3.05 observation writer: fixed columns (RINEX 3.05 Table A2/A3)", () => {
  const text = writeRinexObsHeader(HEADER);
  const lines = text.split("\n").slice(0, -1);
  const byLabel = (label: string) => lines.filter((l) => l.slice(60).trimEnd() === label);

  it("every header line is 60 columns of content and a label from column 61", () => {
    for (const l of lines) {
      expect(l.length).toBe(80);
    }
    expect(lines[0].slice(60)).toBe("RINEX VERSION / TYPE");
    expect(lines[lines.length - 1].slice(60).trimEnd()).toBe("END OF HEADER");
  });

  it("RINEX VERSION / TYPE: F9.2, 11X, A1 (O) at 21, A1 (system) at 41", () => {
    const l = lines[0];
    expect(l.slice(0, 9)).toBe("     3.05");
    expect(l[20]).toBe("O");
    expect(l[40]).toBe("M");
  });

  it("PGM / RUN BY / DATE: 3 x A20, date yyyymmdd hhmmss zone", () => {
    const l = byLabel("PGM / RUN BY / DATE")[0];
    expect(l.slice(0, 20).trim()).toBe("test");
    expect(l.slice(20, 40).trim()).toBe("me");
    expect(l.slice(40, 60).trim()).toBe("20240307 060000 UTC");
  });

  it("receiver, antenna, position and delta fields", () => {
    const rec = byLabel("REC # / TYPE / VERS")[0];
    expect([rec.slice(0, 20).trim(), rec.slice(20, 40).trim(), rec.slice(40, 60).trim()]).toEqual([
      "123",
      "SIM RX",
      "1.0",
    ]);
    const ant = byLabel("ANT # / TYPE")[0];
    expect(ant.slice(20, 40)).toBe("SIMANT          NONE");
    const pos = byLabel("APPROX POSITION XYZ")[0];
    // 3F14.4
    expect(pos.slice(0, 14)).toBe(" -2783647.9761");
    expect(pos.slice(14, 28)).toBe("  4727583.1183");
    expect(pos.slice(28, 42)).toBe("  3242114.7142");
    const hen = byLabel("ANTENNA: DELTA H/E/N")[0];
    expect(hen.slice(0, 42)).toBe("        0.1234        0.0000       -0.5000");
  });

  it("SYS / # / OBS TYPES: A1, 2X, I3, 13(1X,A3), continuation 6X", () => {
    const l = byLabel("SYS / # / OBS TYPES");
    expect(l).toHaveLength(3);
    expect(l[0][0]).toBe("C");
    expect(l[0].slice(3, 6)).toBe(" 14");
    expect(l[0].slice(7, 10)).toBe("C2I");
    expect(l[0].slice(6 + 4 * 12 + 1, 6 + 4 * 12 + 4)).toBe("C7D");
    expect(l[1].slice(0, 6)).toBe("      ");
    expect(l[1].slice(7, 10)).toBe("L7D");
    expect(l[2].slice(0, 6)).toBe("G    2");
  });

  it("INTERVAL F10.3; TIME OF FIRST/LAST OBS 5I6, F13.7, 5X, A3", () => {
    expect(byLabel("INTERVAL")[0].slice(0, 10)).toBe("    30.000");
    const f = byLabel("TIME OF FIRST OBS")[0];
    expect(f.slice(0, 30)).toBe("  2024     3     7     5     4");
    expect(f.slice(30, 43)).toBe("    3.2500000");
    expect(f.slice(48, 51)).toBe("GPS");
    const l = byLabel("TIME OF LAST OBS")[0];
    expect(l.slice(0, 43)).toBe("  2024     3     7     6     4    3.2500000");
  });

  it("SYS / PHASE SHIFT for every phase code; LEAP SECONDS I6", () => {
    const ps = byLabel("SYS / PHASE SHIFT");
    expect(ps.map((l) => l.slice(0, 5))).toEqual([
      "C L2I",
      "C L7I",
      "C L6I",
      "C L1P",
      "C L5P",
      "C L7D",
      "G L1C",
    ]);
    expect(ps[0].slice(5, 14)).toBe("  0.00000");
    expect(byLabel("LEAP SECONDS")[0].slice(0, 6)).toBe("    18");
  });

  it("epoch record: >, I4, 4(1X,I2.2), F11.7, 2X, I1, I3, 6X, F15.12; data A3 + m(F14.3, I1, I1)", () => {
    const ep = writeRinexObsEpoch(handEpoch(), HEADER.obsCodes).split("\n");
    expect(ep[0]).toBe(`> 2024 03 07 05 04  3.2500000  0  2      -0.000123456789`);
    // C59: C2I L2I D2I S2I present, the rest of the header's 14 blank (and trimmed)
    const c = ep[1];
    expect(c.slice(0, 3)).toBe("C59");
    expect(c.slice(3, 17)).toBe("  38414730.672"); // 0.6724 rounds down
    expect(c.slice(17, 19)).toBe(" 6");
    expect(c.slice(19, 33)).toBe("-199922849.059");
    expect(c.slice(33, 35)).toBe("16");
    expect(c.slice(35, 51)).toBe(" ".repeat(16)); // D2I not observed
    expect(c.slice(51, 65)).toBe("        41.958");
    expect(c.length).toBe(67);
    // G05: values laid out in header order (C1C, L1C) although the epoch stores L1C first
    const g = ep[2];
    expect(g.slice(3, 17)).toBe("  20234715.618");
    expect(g.slice(17, 19)).toBe(" 8");
    expect(g.slice(19, 33)).toBe(" 123456789.123");
    expect(g.slice(33, 35)).toBe("59");
    expect(ep[3]).toBe("");
  });

  it("epoch time rounding carries into the next minute", () => {
    const e = {
      ...handEpoch(),
      time: fromCalendar("GPST", {
        year: 2024,
        month: 12,
        day: 31,
        hour: 23,
        minute: 59,
        second: 59.99999999,
      }),
      rxClockOffset_s: Number.NaN,
    };
    expect(writeRinexObsEpoch(e).split("\n")[0]).toBe("> 2025 01 01 00 00  0.0000000  0  2");
  });
});

describe("RINEX 3.05 observation writer: read back with RinexObsDecoder", () => {
  const read = (text: string) => {
    const d = new RinexObsDecoder({ file: "roundtrip.rnx" });
    const epochs = d.pushLines(text.split("\n"));
    epochs.push(...d.finish());
    return { header: d.header, epochs, issues: d.issues };
  };

  it("a simulated hour round-trips to format precision (1 mm code, 0.001 cycle phase)", () => {
    const r = simulate({
      rx: { lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 20 },
      start: fromCalendar("GPST", { year: 2024, month: 9, day: 20, hour: 0, minute: 0, second: 0 }),
      duration_s: 3600,
      interval_s: 30,
      systems: ["C", "G"],
      seed: 5,
    });
    const text =
      writeRinexObsHeader({ ...r.header, date: new Date(0), signalStrengthUnit: "DBHZ" }) +
      r.epochs.map((e) => writeRinexObsEpoch(e, r.header.obsCodes)).join("");
    const back = read(text);
    expect(back.issues).toEqual([]);
    const h = back.header;
    if (!h) throw new Error("no header");
    expect(h.version).toBe(3.05);
    expect([...h.obsCodes]).toEqual([...r.header.obsCodes]);
    expect(h.interval_s).toBe(30);
    expect(h.timeSystem).toBe("GPST");
    expect(h.leapSeconds).toBe(18);
    expect(diffSeconds(h.firstObs ?? T, r.header.firstObs ?? T)).toBe(0);
    for (let k = 0; k < 3; k++) {
      expect(
        Math.abs((h.approxPosition?.[k] ?? 0) - (r.header.approxPosition?.[k] ?? 1e9)),
      ).toBeLessThanOrEqual(5e-5);
    }
    expect(back.epochs).toHaveLength(r.epochs.length);
    let worst = 0;
    let count = 0;
    for (let k = 0; k < r.epochs.length; k++) {
      const a = r.epochs[k];
      const b = back.epochs[k];
      expect(diffSeconds(b.time, a.time)).toBe(0);
      expect(b.sats).toEqual(a.sats);
      for (let i = 0; i < a.sats.length; i++) {
        expect(b.codes[i]).toEqual(a.codes[i]);
        for (let j = 0; j < a.codes[i].length; j++) {
          const va = a.values[a.offsets[i] + j];
          const vb = b.values[b.offsets[i] + j];
          worst = Math.max(worst, Math.abs(va - vb));
          count++;
          expect(b.lli[b.offsets[i] + j]).toBe(a.lli[a.offsets[i] + j]);
          expect(b.ssi[b.offsets[i] + j]).toBe(a.ssi[a.offsets[i] + j]);
        }
      }
    }
    console.log(
      `obs round trip: ${count} values, worst |written - read| ${worst.toExponential(3)} (format step 1e-3)`,
    );
    expect(worst).toBeLessThanOrEqual(0.0005 + 1e-7);
  });

  test.prop(
    [
      fc.array(
        fc.record({
          v: fc.oneof(
            fc.double({ min: -999999999.999, max: 9999999999.999, noNaN: true }),
            fc.constant(Number.NaN),
          ),
          lli: fc.integer({ min: 0, max: 7 }),
          ssi: fc.integer({ min: 0, max: 9 }),
        }),
        { minLength: 14, maxLength: 14 },
      ),
      fc.integer({ min: 0, max: 86399 }),
      fc.integer({ min: 0, max: 9999999 }),
    ],
    { numRuns: 200 },
  )("any representable values, flags and time survive write -> read", (cells, sod, frac7) => {
    const codes = HEADER.obsCodes.get("C") as string[];
    const t = instant(
      "GPST",
      fromCalendar("GPST", { year: 2023, month: 1, day: 1, hour: 0, minute: 0, second: 0 }).sec + sod,
      frac7 / 1e7,
    );
    const ep: ObsEpoch = {
      time: t,
      flag: 0,
      rxClockOffset_s: Number.NaN,
      sats: ["C21"],
      codes: [codes],
      offsets: Uint32Array.of(0),
      values: Float64Array.from(cells, (c) => c.v),
      lli: Uint8Array.from(cells, (c) => (Number.isNaN(c.v) ? 0 : c.lli)),
      ssi: Uint8Array.from(cells, (c) => (Number.isNaN(c.v) ? 0 : c.ssi)),
    };
    const text =
      writeRinexObsHeader({ ...HEADER, date: new Date(0) }) + writeRinexObsEpoch(ep, HEADER.obsCodes);
    const back = read(text);
    expect(back.issues).toEqual([]);
    expect(back.epochs).toHaveLength(1);
    const b = back.epochs[0];
    expect(Math.abs(diffSeconds(b.time, t))).toBeLessThan(5.1e-8);
    const bc = b.codes[0];
    for (let j = 0; j < codes.length; j++) {
      const k = bc.indexOf(codes[j]);
      const vb = k < 0 ? Number.NaN : b.values[b.offsets[0] + k];
      if (Number.isNaN(cells[j].v)) expect(vb).toBeNaN();
      else {
        expect(Math.abs(vb - cells[j].v)).toBeLessThanOrEqual(0.0005 + Math.abs(cells[j].v) * 2e-16);
        expect(b.lli[b.offsets[0] + k]).toBe(cells[j].lli);
        expect(b.ssi[b.offsets[0] + k]).toBe(cells[j].ssi);
      }
    }
  });
});
