// PreciseSource on synthetic tables sampled from a real broadcast orbit (Nagoya C23 MEO and C01 GEO
// records, values from ../shared/data/rtk-static-nagoya-2024-176/base.nav): interpolation against the orbit
// it was sampled from, the clock's relativistic term against the broadcast F e sqrt(A) sin E (the identity
// -2 r.v/c^2 = F e sqrt(A) sin E of IS-GPS-200 §20.3.3.3.3.1), clock-table precedence, limits, merging.

import { describe, expect, it } from "vitest";
import { addSeconds, fromCalendar, fromWeekTow, type Instant } from "../time/instant.js";
import { keplerSatelliteState } from "./broadcast-kepler.js";
import type { KeplerEphemeris } from "./ephemeris.js";
import { PreciseSource } from "./precise.js";
import type { PreciseClockTable, PreciseOrbitTable } from "./precise-tables.js";

const toc = fromCalendar("BDT", { year: 2024, month: 6, day: 24, hour: 8, minute: 0, second: 0 });
const base = {
  kind: "kepler" as const,
  message: "D1" as const,
  toc,
  toe: fromWeekTow("BDT", 964, 115200),
  af2_sps2: 0,
  aDot_mps: 0,
  deltaNDot_radps2: 0,
  iode: 1,
  iodc: Number.NaN,
  health: 0,
  ura_m: 2,
  fitInterval_h: 0,
  groupDelays_s: {},
  satType: 0,
  dataSources: 0,
};
const C23: KeplerEphemeris = {
  ...base,
  sat: "C23",
  af0_s: -7.903922814876e-4,
  af1_sps: -4.254374630364e-12,
  crs_m: 2.875,
  deltaN_radps: 4.766627120581e-9,
  m0_rad: 1.076967308468,
  cuc_rad: 2.090819180012e-7,
  e: 3.172361757606e-4,
  cus_rad: 4.973262548447e-6,
  sqrtA_sqrtm: 5.282636354446e3,
  cic_rad: -2.840533852577e-8,
  omega0_rad: -1.129853492556,
  cis_rad: -1.676380634308e-8,
  i0_rad: 9.443074173943e-1,
  crc_m: 2.54953125e2,
  omega_rad: -1.443165813489,
  omegaDot_radps: -7.059936931854e-9,
  iDot_radps: 1.014327965117e-10,
};
const C01: KeplerEphemeris = {
  ...base,
  sat: "C01",
  af0_s: 9.039411088452e-4,
  af1_sps: 2.186695269302e-12,
  crs_m: 3.9878125e2,
  deltaN_radps: 1.168655822063e-8,
  m0_rad: -7.785119710056e-1,
  cuc_rad: 1.305714249611e-5,
  e: 2.352053998038e-4,
  cus_rad: -1.721968874335e-5,
  sqrtA_sqrtm: 6.493358730316e3,
  cic_rad: 3.771856427193e-8,
  omega0_rad: -1.376223151778,
  cis_rad: -3.306195139885e-8,
  i0_rad: 6.493194956776e-2,
  crc_m: 5.1928125e2,
  omega_rad: 5.103894865136e-1,
  omegaDot_radps: -1.047865076358e-8,
  iDot_radps: 2.235807416067e-10,
};
// A more eccentric orbit (GPS-like e = 0.02), without harmonic corrections and delta-n so that the relativistic
// identity -2 r.v/c^2 = F e sqrt(A) sin E holds exactly (with them r.v differs by up to ~50 ps).
const ECC: KeplerEphemeris = {
  ...C23,
  sat: "C30",
  e: 0.02,
  deltaN_radps: 0,
  crc_m: 0,
  crs_m: 0,
  cuc_rad: 0,
  cus_rad: 0,
  cic_rad: 0,
  cis_rad: 0,
};

/** Sample orbits (and a quadratic clock without relativity) every `step_s` from `t0` for `n` epochs. */
function sampleTable(ephs: KeplerEphemeris[], t0: Instant, step_s: number, n: number): PreciseOrbitTable {
  const ns = ephs.length;
  const pos = new Float64Array(n * ns * 3);
  const clk = new Float64Array(n * ns);
  const epochs: Instant[] = [];
  for (let ie = 0; ie < n; ie++) {
    const t = addSeconds(t0, ie * step_s);
    epochs.push(t);
    ephs.forEach((eph, is) => {
      const s = keplerSatelliteState(eph, t);
      pos.set(s.pos, 3 * (ie * ns + is));
      clk[ie * ns + is] = trueClock(ie * step_s);
    });
  }
  return {
    version: "d",
    agency: "TEST",
    coordinateSystem: "IGS14",
    timeSystem: "GPST",
    epochs,
    sats: ephs.map((e) => e.sat),
    pos_m: pos,
    clock_s: clk,
  };
}
const trueClock = (dt_s: number) => 1e-4 + 2e-12 * dt_s + 1e-18 * dt_s * dt_s;

const T0 = fromCalendar("GPST", { year: 2024, month: 6, day: 24, hour: 2, minute: 0, second: 0 });
const table = sampleTable([C23, C01, ECC], T0, 900, 49); // 12 h at 15 min

describe("PreciseSource interpolation of a 15-min table sampled from broadcast orbits", () => {
  const src = new PreciseSource([table]);
  const out = new Float64Array(6);

  it("positions within 1 mm (near-circular MEO and GEO) and 5 mm (e = 0.02), velocity within 0.1 mm/s", () => {
    const worst: Record<string, [number, number]> = {};
    for (const eph of [C23, C01, ECC]) {
      let wp = 0;
      let wv = 0;
      for (let s = 3 * 3600 + 17.3; s < 9 * 3600; s += 611) {
        const t = addSeconds(T0, s);
        expect(src.positionInto(eph.sat, t, out)).toBe(true);
        const k = keplerSatelliteState(eph, t);
        wp = Math.max(wp, Math.hypot(out[0] - k.pos[0], out[1] - k.pos[1], out[2] - k.pos[2]));
        wv = Math.max(wv, Math.hypot(out[3] - k.vel[0], out[4] - k.vel[1], out[5] - k.vel[2]));
      }
      worst[eph.sat] = [wp, wv];
    }
    console.log(
      Object.entries(worst)
        .map(([s, [p, v]]) => `${s}: pos ${(p * 1000).toFixed(3)} mm, vel ${(v * 1000).toFixed(4)} mm/s`)
        .join("; "),
    );
    expect(worst.C23[0]).toBeLessThan(1e-3);
    expect(worst.C01[0]).toBeLessThan(1e-3);
    expect(worst.C30[0]).toBeLessThan(5e-3);
    for (const [, v] of Object.values(worst)) expect(v).toBeLessThan(1e-4);
  });

  it("passes through the samples", () => {
    const t = table.epochs[20];
    src.positionInto("C23", t, out);
    const k = 3 * (20 * 3);
    expect(
      Math.hypot(out[0] - table.pos_m[k], out[1] - table.pos_m[k + 1], out[2] - table.pos_m[k + 2]),
    ).toBeLessThan(1e-6);
  });

  it("clock: linear between samples, plus -2 r.v/c^2 equal to the broadcast F e sqrt(A) sin E", () => {
    let worstRel = 0;
    for (let s = 3600 + 450; s < 10 * 3600; s += 1800) {
      const t = addSeconds(T0, s);
      const st = src.state("C30", t);
      if (typeof st === "string") throw new Error(st);
      // linear interpolation of the quadratic between samples 900 s apart: error 1e-18 * 450^2 at mid-interval
      const noRel = src.clockBias("C30", t);
      expect(Math.abs(noRel - trueClock(s))).toBeLessThan(1e-18 * 450 * 450 * 1.01);
      // relativistic term against the broadcast one (the same orbit): F e sqrt(A) sin E
      const b = keplerSatelliteState(ECC, t);
      // toc 08:00:00 BDT = 08:00:14 GPST, T0 = 02:00:00 GPST
      const bRel = b.clockBias_s - (ECC.af0_s + ECC.af1_sps * (s - 6 * 3600 - 14));
      const rel = st.clockBias_s - noRel;
      worstRel = Math.max(worstRel, Math.abs(rel - bRel));
    }
    console.log(
      `relativistic term -2 r.v/c^2 vs F e sqrt(A) sin E (e = 0.02): worst ${(worstRel * 1e12).toFixed(3)} ps`,
    );
    expect(worstRel).toBeLessThan(1e-14);
  });

  it("refuses instants beyond the table by more than the extrapolation limit, and missing samples", () => {
    expect(src.state("C23", addSeconds(T0, -901))).toBe("no-precise-orbit");
    expect(typeof src.state("C23", addSeconds(T0, -899))).toBe("object");
    expect(src.state("C99", T0)).toBe("no-precise-orbit");
    const holed = { ...table, pos_m: table.pos_m.slice() };
    holed.pos_m.fill(Number.NaN, 3 * (24 * 3), 3 * (24 * 3) + 3); // C23 at epoch 24
    const h = new PreciseSource([holed]);
    expect(h.state("C23", addSeconds(T0, 24 * 900 + 100))).toBe("no-precise-orbit");
    expect(typeof h.state("C01", addSeconds(T0, 24 * 900 + 100))).toBe("object");
  });

  it("merges consecutive tables (two days, shared boundary epoch) into one seamless source", () => {
    const a = sampleTable([C23], T0, 900, 25);
    const b = sampleTable([C23], addSeconds(T0, 24 * 900), 900, 25);
    const merged = new PreciseSource([a, b]);
    const single = new PreciseSource([sampleTable([C23], T0, 900, 49)]);
    const o1 = new Float64Array(6);
    const o2 = new Float64Array(6);
    for (const s of [5.5 * 3600, 6 * 3600 + 1, 6.2 * 3600]) {
      merged.positionInto("C23", addSeconds(T0, s), o1);
      single.positionInto("C23", addSeconds(T0, s), o2);
      expect(Math.hypot(o1[0] - o2[0], o1[1] - o2[1], o1[2] - o2[2])).toBeLessThan(1e-6);
    }
  });

  it("takes clocks from clock tables when they have the satellite, SP3 clocks otherwise", () => {
    const epochs = Array.from({ length: 12 * 120 + 1 }, (_, i) => addSeconds(T0, i * 30));
    const clkTab: PreciseClockTable = {
      version: 3,
      epochs,
      sats: ["C23"],
      clock_s: Float64Array.from(epochs, () => 5e-5),
    };
    const s2 = new PreciseSource([table], [clkTab], { relativity: false });
    const t = addSeconds(T0, 3 * 3600 + 45);
    expect(s2.clockBias("C23", t)).toBe(5e-5);
    // SP3 clock, linear between samples 45 s before and 855 s after: error 1e-18 * 45 * 855 s for the quadratic
    expect(Math.abs(s2.clockBias("C01", t) - trueClock(3 * 3600 + 45))).toBeLessThan(1e-18 * 45 * 855 * 1.01);
    // clock-table samples missing -> no clock
    const gap = { ...clkTab, clock_s: clkTab.clock_s.slice().fill(Number.NaN, 300, 400) };
    const s3 = new PreciseSource([table], [gap]);
    expect(s3.state("C23", addSeconds(T0, 350 * 30 + 10))).toBe("no-precise-clock");
  });
});
