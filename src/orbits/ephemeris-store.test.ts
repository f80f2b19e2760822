// Ephemeris selection rules on synthetic records (the real-data comparison with RTKLIB is in
// test/orbits-rtklib.test.ts): closest toe, per-system windows (RTKLIB MAXDTOE), health, duplicates,
// message preference and IODE.

import { describe, expect, it } from "vitest";
import type { SatId } from "../signals/system.js";
import { addSeconds, fromWeekTow, type Instant } from "../time/instant.js";
import type { GlonassEphemeris, KeplerEphemeris, NavMessage } from "./ephemeris.js";
import { EphemerisStore } from "./ephemeris-store.js";

const WEEK = 2100;
const scaleOf = (sat: SatId) =>
  (sat[0] === "C" ? "BDT" : sat[0] === "E" ? "GST" : "GPST") as "BDT" | "GST" | "GPST";

function kepler(sat: SatId, toeTow: number, over: Partial<KeplerEphemeris> = {}): KeplerEphemeris {
  const toe = fromWeekTow(scaleOf(sat), WEEK - (sat[0] === "C" ? 1356 : 0), toeTow);
  return {
    kind: "kepler",
    sat,
    message: sat[0] === "C" ? "D1" : sat[0] === "E" ? "INAV" : "LNAV",
    toc: toe,
    toe,
    af0_s: 1e-4,
    af1_sps: 0,
    af2_sps2: 0,
    sqrtA_sqrtm: sat[0] === "C" ? 5282.6 : 5153.6,
    e: 0.01,
    i0_rad: 0.96,
    omega0_rad: 1,
    omega_rad: 0.5,
    m0_rad: 0.2,
    deltaN_radps: 4e-9,
    iDot_radps: 0,
    omegaDot_radps: -8e-9,
    cuc_rad: 0,
    cus_rad: 0,
    crc_m: 0,
    crs_m: 0,
    cic_rad: 0,
    cis_rad: 0,
    aDot_mps: 0,
    deltaNDot_radps2: 0,
    iode: toeTow / 3600,
    iodc: Number.NaN,
    health: 0,
    ura_m: 2,
    fitInterval_h: 0,
    groupDelays_s: {},
    satType: 0,
    dataSources: 0,
    ...over,
  };
}

const at = (sat: SatId, tow: number): Instant =>
  fromWeekTow(scaleOf(sat), WEEK - (sat[0] === "C" ? 1356 : 0), tow);
const nav = (ephemerides: (KeplerEphemeris | GlonassEphemeris)[]) => ({
  ephemerides,
  iono: [],
  timeOffsets: [],
});
const selTow = (r: ReturnType<EphemerisStore["select"]>) =>
  typeof r === "string" ? r : r.kind === "kepler" ? r.iode * 3600 : -1;

describe("EphemerisStore.select", () => {
  it("picks the closest toe, whatever the insertion order", () => {
    const s = new EphemerisStore();
    s.addNavigation(nav([kepler("G01", 14400), kepler("G01", 7200), kepler("G01", 21600)]));
    expect(selTow(s.select("G01", at("G01", 10000)))).toBe(7200);
    expect(selTow(s.select("G01", at("G01", 11000)))).toBe(14400);
    expect(selTow(s.select("G01", at("G01", 28000)))).toBe(21600);
  });

  it("applies RTKLIB's windows: GPS 7200 s, BDS 21600 s, Galileo 14400 s", () => {
    const s = new EphemerisStore();
    s.addNavigation(nav([kepler("G01", 7200), kepler("C23", 7200), kepler("E01", 7200)]));
    expect(selTow(s.select("G01", at("G01", 7200 + 7200)))).toBe(7200);
    expect(s.select("G01", at("G01", 7200 + 7201))).toBe("outside-fit");
    expect(selTow(s.select("C23", at("C23", 7200 + 21600)))).toBe(7200);
    expect(s.select("C23", at("C23", 7200 + 21601))).toBe("outside-fit");
    expect(selTow(s.select("E01", at("E01", 7200 + 14400)))).toBe(7200);
    expect(s.select("E01", at("E01", 7200 + 14401))).toBe("outside-fit");
    expect(s.select("G02", at("G02", 7200))).toBe("no-ephemeris");
  });

  it("converts the query's scale: a BDT toe and a GPST query 14 s apart in labels are the same instant", () => {
    const s = new EphemerisStore({ maxDtoe_s: { C: 10 } });
    s.addNavigation(nav([kepler("C23", 7200)]));
    const tGpst = fromWeekTow("GPST", WEEK, 7200 + 14);
    expect(selTow(s.select("C23", tGpst))).toBe(7200);
    expect(s.select("C23", addSeconds(tGpst, -14 - 11))).toBe("outside-fit");
  });

  it("decides health on the record it would choose (as RTKLIB does): a healthy neighbour does not stand in", () => {
    // UrbanNav hksc1180.19b sets C05 unhealthy from 12:00; RTKLIB (svh=01) drops it, so must we
    const s = new EphemerisStore();
    s.addNavigation(nav([kepler("C23", 7200, { health: 1 }), kepler("C23", 10800)]));
    expect(s.select("C23", at("C23", 7200))).toBe("unhealthy");
    expect(selTow(s.select("C23", at("C23", 10000)))).toBe(10800);
    const u = new EphemerisStore();
    u.addNavigation(nav([kepler("C23", 7200, { health: 1 })]));
    expect(u.select("C23", at("C23", 7200))).toBe("unhealthy");
    expect(u.state("C23", at("C23", 7200))).toBe("unhealthy");
    const all = new EphemerisStore({ includeUnhealthy: true });
    all.addNavigation(nav([kepler("C23", 7200, { health: 1 })]));
    expect(selTow(all.select("C23", at("C23", 7200)))).toBe(7200);
  });

  it("reads Galileo health per message: E5a bits do not condemn I/NAV", () => {
    const s = new EphemerisStore();
    s.addNavigation(nav([kepler("E11", 7200, { health: 0b000111000 })]));
    expect(selTow(s.select("E11", at("E11", 7200)))).toBe(7200);
    const f = new EphemerisStore();
    f.addNavigation(nav([kepler("E11", 7200, { message: "FNAV", health: 0b000111000 })]));
    expect(f.select("E11", at("E11", 7200))).toBe("unhealthy");
  });

  it("prefers the configured message type within the window (Galileo I/NAV by default, F/NAV on request)", () => {
    const recs = [
      kepler("E11", 7200, { message: "INAV", af0_s: 1 }),
      kepler("E11", 7800, { message: "FNAV", af0_s: 2 }),
    ];
    const s = new EphemerisStore();
    s.addNavigation(nav(recs));
    const a = s.select("E11", at("E11", 7800));
    expect(typeof a !== "string" && a.message).toBe("INAV");
    const f = new EphemerisStore({ preferMessages: { E: ["FNAV", "INAV"] } });
    f.addNavigation(nav(recs));
    const b = f.select("E11", at("E11", 7200));
    expect(typeof b !== "string" && b.message).toBe("FNAV");
  });

  it("prefers BDS D1/D2 to B-CNAV by default", () => {
    const s = new EphemerisStore();
    const msgs: NavMessage[] = ["CNV1", "D1", "CNV2"];
    s.addNavigation(nav(msgs.map((m, i) => kepler("C23", 7200 + 60 * i, { message: m }))));
    const r = s.select("C23", at("C23", 7200));
    expect(typeof r !== "string" && r.message).toBe("D1");
  });

  it("drops exact duplicates, keeps distinct uploads with the same toe and takes the later transmission", () => {
    const s = new EphemerisStore();
    const a = kepler("G05", 7200, { af0_s: 1e-4, ttr: at("G05", 100) });
    const b = kepler("G05", 7200, { af0_s: 2e-4, ttr: at("G05", 200) });
    s.addNavigation(nav([b, a, { ...a }, { ...b }]));
    expect(s.records("G05")).toHaveLength(2);
    const r = s.select("G05", at("G05", 7200));
    expect(typeof r !== "string" && r.kind === "kepler" && r.af0_s).toBe(2e-4);
  });

  it("honours an IODE request", () => {
    const s = new EphemerisStore();
    s.addNavigation(nav([kepler("G05", 7200, { iode: 7 }), kepler("G05", 14400, { iode: 9 })]));
    const r = s.select("G05", at("G05", 14000), { iode: 7 });
    expect(typeof r !== "string" && r.kind === "kepler" && r.iode).toBe(7);
  });

  it("rejects records that cannot describe an orbit", () => {
    const s = new EphemerisStore();
    s.addNavigation(nav([kepler("G07", 7200, { sqrtA_sqrtm: 0 }), kepler("G07", 7200, { e: 1.2 })]));
    expect(s.rejectedRecords).toBe(2);
    expect(s.select("G07", at("G07", 7200))).toBe("no-ephemeris");
  });

  it("lists satellites BDS first and gives states with kind, ephemeris and source", () => {
    const s = new EphemerisStore();
    s.addNavigation(
      nav([kepler("G01", 7200), kepler("E02", 7200), kepler("C23", 7200), kepler("C19", 7200)]),
    );
    expect(s.sats()).toEqual(["C19", "C23", "G01", "E02"]);
    const st = s.state("C23", at("C23", 7300));
    if (typeof st === "string") throw new Error(st);
    expect(st.kind).toBe("MEO");
    expect(st.source).toBe("broadcast");
    expect(st.ephemeris?.sat).toBe("C23");
    expect(Math.hypot(...st.pos)).toBeGreaterThan(2.7e7);
  });

  it("selects GLONASS records within 1800 s", () => {
    const tb = fromWeekTow("GPST", WEEK, 900);
    const g: GlonassEphemeris = {
      kind: "glonass",
      sat: "R03",
      message: "FDMA",
      toe: tb,
      pos_m: [-8522067.382812, -17972207.03125, 16044381.34766],
      vel_mps: [1543.807029724, 1551.341056824, 2560.67276001],
      acc_mps2: [0, 0, 0],
      clockBias_s: 1e-5,
      gammaN: 0,
      frequencyChannel: 5,
      health: 0,
      ageDays: 0,
    };
    const s = new EphemerisStore();
    s.addNavigation(nav([g]));
    expect(typeof s.state("R03", addSeconds(tb, 1800))).toBe("object");
    expect(s.state("R03", addSeconds(tb, 1801))).toBe("outside-fit");
    expect(s.orbitKind("R03")).toBe("MEO");
  });
});
