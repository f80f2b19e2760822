import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  diffSeconds,
  formatCalendar,
  fromCalendar,
  fromWeekTow,
  resolveWeekRollover,
  toCalendar,
  toScale,
  toWeekTow,
} from "./instant.js";

describe("time scales", () => {
  it("GPS week/tow of 2020-06-25 00:00 GPST is week 2111, 345600 s (as RTKLIB's .pos header states)", () => {
    const t = fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 0 });
    expect(toWeekTow(t)).toEqual({ week: 2111, tow_s: 345600 });
  });

  it("BDT week 0 starts 2006-01-01 00:00:00 UTC, which is GPST 00:00:14 (BDS-SIS-ICD §4.2)", () => {
    const bdt0 = fromWeekTow("BDT", 0, 0);
    const utc = toCalendar(toScale(bdt0, "UTC"));
    expect(utc).toEqual({ year: 2006, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
    expect(formatCalendar(toScale(bdt0, "GPST"), 0)).toBe("2006/01/01 00:00:14");
  });

  it("BDT = GPST - 14 s at any date; GPST - UTC = 18 s after 2017-01-01, 17 s before", () => {
    const g = fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 12, minute: 0, second: 0 });
    expect(diffSeconds(toScale(g, "BDT"), { ...g, scale: "BDT" })).toBe(-14);
    expect(g.sec - toScale(g, "UTC").sec).toBe(18);
    const g16 = fromCalendar("GPST", { year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 0 });
    expect(g16.sec - toScale(g16, "UTC").sec).toBe(17);
  });

  it("GLONASS time is UTC + 3 h", () => {
    const u = fromCalendar("UTC", { year: 2022, month: 6, day: 8, hour: 10, minute: 0, second: 0 });
    expect(toCalendar(toScale(u, "GLONASST")).hour).toBe(13);
  });

  it("BDT week of 2020-06-25 is 755 (GPS week 2111 - 1356)", () => {
    const t = toScale(
      fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 0 }),
      "BDT",
    );
    expect(toWeekTow(t).week).toBe(755);
  });

  it("resolves 10-bit GPS and 13-bit BDS week rollovers", () => {
    expect(resolveWeekRollover(2111 % 1024, 10, 2100)).toBe(2111);
    expect(resolveWeekRollover(1023, 10, 2050)).toBe(2047);
    expect(resolveWeekRollover(5, 13, 8190)).toBe(8197);
    expect(resolveWeekRollover(755, 13, 760)).toBe(755);
  });

  fcTest.prop([
    fc.integer({ min: 0, max: 2_000_000_000 }),
    fc.double({ min: 0, max: 0.999999, noNaN: true }),
  ])("GPST -> BDT/UTC/GLONASST -> GPST is exact", (sec, frac) => {
    const t = { scale: "GPST" as const, sec, frac };
    for (const s of ["BDT", "UTC", "GLONASST", "GST", "TAI"] as const) {
      const back = toScale(toScale(t, s), "GPST");
      expect(back.sec).toBe(sec);
      expect(back.frac).toBe(frac);
    }
  });

  fcTest.prop([fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 604799 })])(
    "week/tow round trip",
    (w, tow) => {
      for (const s of ["GPST", "BDT"] as const)
        expect(toWeekTow(fromWeekTow(s, w, tow))).toEqual({ week: w, tow_s: tow });
    },
  );
});
