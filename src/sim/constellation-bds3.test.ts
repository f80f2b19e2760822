import { describe, expect, it } from "vitest";
import { CGCS2000 } from "../frames/ellipsoid.js";
import { azimuthElevation, ecefToGeodetic, geodeticToEcef } from "../frames/geodetic.js";
import { DEG, type Ecef } from "../frames/vectors.js";
import { keplerSatelliteState } from "../orbits/broadcast-kepler.js";
import type { KeplerEphemeris } from "../orbits/ephemeris.js";
import { orbitKindOf } from "../orbits/orbit-kind.js";
import { addSeconds, diffSeconds, fromCalendar, type Instant, toScale, toWeekTow } from "../time/instant.js";
import { bds3Constellation, bds3Ephemerides } from "./constellation-bds3.js";

// An independent, deliberately plain transcription of BDS-SIS-ICD-B1I-3.0 §5.2.4.12 (Table 5-11), used
// to check both the generated elements and the library's orbit code. CGCS2000 constants (§3.2).
function icdPosition(eph: KeplerEphemeris, t: Instant, geo: boolean): [number, number, number] {
  const GM = 3.986004418e14;
  const wE = 7.292115e-5;
  const A = eph.sqrtA_sqrtm ** 2;
  const n = Math.sqrt(GM / A ** 3) + eph.deltaN_radps;
  const tk = diffSeconds(toScale(t, "BDT"), eph.toe);
  const M = eph.m0_rad + n * tk;
  let E = M;
  for (let k = 0; k < 50; k++) E = M + eph.e * Math.sin(E);
  const v = Math.atan2(Math.sqrt(1 - eph.e ** 2) * Math.sin(E), Math.cos(E) - eph.e);
  const u = v + eph.omega_rad;
  const r = A * (1 - eph.e * Math.cos(E));
  const x = r * Math.cos(u);
  const y = r * Math.sin(u);
  const toe = toWeekTow(eph.toe).tow_s;
  const i = eph.i0_rad;
  if (!geo) {
    const Om = eph.omega0_rad + (eph.omegaDot_radps - wE) * tk - wE * toe;
    return [
      x * Math.cos(Om) - y * Math.cos(i) * Math.sin(Om),
      x * Math.sin(Om) + y * Math.cos(i) * Math.cos(Om),
      y * Math.sin(i),
    ];
  }
  const Om = eph.omega0_rad + eph.omegaDot_radps * tk - wE * toe;
  const g = [
    x * Math.cos(Om) - y * Math.cos(i) * Math.sin(Om),
    x * Math.sin(Om) + y * Math.cos(i) * Math.cos(Om),
    y * Math.sin(i),
  ];
  // Rx(-5 deg) then Rz(wE tk), with the ICD's rotation-matrix convention.
  const f = -5 * DEG;
  const rx = [g[0], Math.cos(f) * g[1] + Math.sin(f) * g[2], -Math.sin(f) * g[1] + Math.cos(f) * g[2]];
  const z = wE * tk;
  return [Math.cos(z) * rx[0] + Math.sin(z) * rx[1], -Math.sin(z) * rx[0] + Math.cos(z) * rx[1], rx[2]];
}

const T0 = fromCalendar("BDT", { year: 2024, month: 9, day: 20, hour: 0, minute: 0, second: 0 });
const WUZHEN = { lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 0 };

/** Record of each satellite with toe at the start of the hour of `t` (as a receiver would hold). */
function recordsAt(t: Instant): KeplerEphemeris[] {
  const bdt = toScale(t, "BDT");
  const hour = addSeconds(bdt, -(((bdt.sec % 3600) + 3600) % 3600) - bdt.frac);
  return bds3Ephemerides(hour, { clockEpoch: T0 });
}

describe("nominal BDS-3 constellation", () => {
  const sats = bds3Constellation();

  it("has 24 MEO, 3 IGSO, 3 GEO with the documented PRNs, classified from their orbits", () => {
    const eph = bds3Ephemerides(T0);
    const kinds = new Map(eph.map((e) => [e.sat, orbitKindOf(e)]));
    expect([...kinds.values()].filter((k) => k === "MEO")).toHaveLength(24);
    expect(["C38", "C39", "C40"].map((s) => kinds.get(s))).toEqual(["IGSO", "IGSO", "IGSO"]);
    expect(["C59", "C60", "C61"].map((s) => kinds.get(s))).toEqual(["GEO", "GEO", "GEO"]);
    expect(new Set(sats.map((s) => s.sat)).size).toBe(30);
    expect(eph.filter((e) => e.message === "D2").map((e) => e.sat)).toEqual(["C59", "C60", "C61"]);
  });

  it("library orbit code agrees with an independent ICD transcription (all 30, over a day)", () => {
    let worst = 0;
    for (let h = 0; h < 24; h += 1) {
      const t = addSeconds(T0, h * 3600 + 1234.5);
      for (const e of recordsAt(t)) {
        const kind = orbitKindOf(e);
        const a = keplerSatelliteState(e, t).pos;
        const b = icdPosition(e, t, kind === "GEO");
        worst = Math.max(worst, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
      }
    }
    console.log(`orbit code vs ICD transcription: worst ${(worst * 1e3).toFixed(4)} mm`);
    expect(worst).toBeLessThan(1e-3);
  });

  it("GEOs stay over 80, 110.5, 140 E on the equator, always visible from Wuzhen", () => {
    const rxPos = geodeticToEcef(WUZHEN, CGCS2000);
    const nominal = new Map([
      ["C59", 80],
      ["C60", 110.5],
      ["C61", 140],
    ]);
    let worstLon = 0;
    let worstLat = 0;
    let worstRadius = 0;
    let minEl = 90;
    for (let s = 0; s <= 2 * 86400; s += 600) {
      const t = addSeconds(T0, s);
      for (const e of recordsAt(t).filter((x) => nominal.has(x.sat))) {
        const pos = keplerSatelliteState(e, t).pos;
        const g = ecefToGeodetic(pos, CGCS2000);
        worstLon = Math.max(worstLon, Math.abs(g.lon_rad / DEG - (nominal.get(e.sat) as number)));
        worstLat = Math.max(worstLat, Math.abs(g.lat_rad / DEG));
        // geosynchronous radius from the ICD constants: (GM / OmegaE^2)^(1/3) = 42164.17 km
        worstRadius = Math.max(worstRadius, Math.abs(Math.hypot(...pos) - 42_164_170));
        minEl = Math.min(minEl, azimuthElevation(WUZHEN, rxPos, pos).el_rad / DEG);
      }
    }
    console.log(
      `GEO over 2 days: worst |dlon| ${worstLon.toExponential(2)} deg, |lat| ${worstLat.toExponential(2)} deg, ` +
        `|r - 42164.17 km| ${worstRadius.toFixed(0)} m, lowest elevation from Wuzhen ${minEl.toFixed(1)} deg`,
    );
    expect(worstLon).toBeLessThan(0.1);
    expect(worstLat).toBeLessThan(0.1);
    expect(worstRadius).toBeLessThan(100);
    expect(minEl).toBeGreaterThan(10);
  });

  it("IGSO ground tracks cross the equator near 118 E, inclined 55 deg", () => {
    const igso = ["C38", "C39", "C40"];
    const crossings: number[] = [];
    let prev = new Map<string, Ecef>();
    for (let s = 0; s <= 2 * 86400; s += 60) {
      const t = addSeconds(T0, s);
      const now = new Map<string, Ecef>();
      for (const e of recordsAt(t).filter((x) => igso.includes(x.sat))) {
        const pos = keplerSatelliteState(e, t).pos;
        now.set(e.sat, pos);
        const p = prev.get(e.sat);
        if (p && Math.sign(p[2]) !== Math.sign(pos[2])) {
          const f = p[2] / (p[2] - pos[2]);
          const lon = Math.atan2(p[1] + f * (pos[1] - p[1]), p[0] + f * (pos[0] - p[0])) / DEG;
          crossings.push(lon);
        }
      }
      prev = now;
    }
    const worst = Math.max(...crossings.map((l) => Math.abs(l - 118)));
    console.log(`IGSO: ${crossings.length} equator crossings, worst |lon - 118E| ${worst.toFixed(3)} deg`);
    // 3 satellites x 2 crossings per sidereal day x 2 days
    expect(crossings.length).toBeGreaterThanOrEqual(11);
    expect(worst).toBeLessThan(1);
    // The largest latitude reached equals the inclination for a circular orbit.
    let maxLat = 0;
    for (let s = 0; s < 86400; s += 300) {
      const t = addSeconds(T0, s);
      for (const e of recordsAt(t).filter((x) => igso.includes(x.sat))) {
        maxLat = Math.max(maxLat, Math.abs(ecefToGeodetic(keplerSatelliteState(e, t).pos, CGCS2000).lat_rad));
      }
    }
    expect(Math.abs(maxLat / DEG - 55)).toBeLessThan(0.6);
  });

  it("MEO orbital period is 12 h 53 min (7 sidereal days / 13 revolutions), altitude 21528 km", () => {
    // Time between successive ascending equator crossings of every MEO over 3 days.
    const meo = sats.filter((s) => s.design === "MEO").map((s) => s.sat);
    const last = new Map<string, { t: number; z: number }>();
    const firstUp = new Map<string, number>();
    const periods: number[] = [];
    for (let s = 0; s <= 3 * 86400; s += 30) {
      const t = addSeconds(T0, s);
      for (const e of recordsAt(t).filter((x) => meo.includes(x.sat))) {
        const z = keplerSatelliteState(e, t).pos[2];
        const p = last.get(e.sat);
        if (p && p.z < 0 && z >= 0) {
          const tc = p.t + (30 * -p.z) / (z - p.z);
          const f = firstUp.get(e.sat);
          if (f !== undefined) periods.push(tc - f);
          firstUp.set(e.sat, tc);
        }
        last.set(e.sat, { t: s, z });
      }
    }
    // ICD design: 13 revolutions in 7 sidereal days (86164.0905 s).
    const designPeriod_s = (7 * 86164.0905) / 13;
    const worst = Math.max(...periods.map((p) => Math.abs(p - designPeriod_s)));
    console.log(
      `MEO: ${periods.length} periods, design ${(designPeriod_s / 3600).toFixed(4)} h, worst diff ${worst.toFixed(1)} s`,
    );
    expect(periods.length).toBeGreaterThan(24 * 4);
    expect(worst).toBeLessThan(60);
    expect(Math.abs(designPeriod_s - (12 * 3600 + 53 * 60))).toBeLessThan(60);
    // mean radius over an orbit = a (1 + e^2 / 2) ~ a; altitude from the CGCS2000 equatorial radius
    for (const e of bds3Ephemerides(T0).filter((x) => meo.includes(x.sat))) {
      expect(Math.abs(e.sqrtA_sqrtm ** 2 - 6_378_137 - 21_528_000)).toBeLessThan(1);
    }
  });

  it("MEO form a Walker 24/3/1: three planes 120 deg apart, 8 per plane, 15 deg inter-plane phasing", () => {
    // Inertial angular momentum of each MEO from the orbit code's state: plane node, inclination, and
    // the argument of latitude u measured in the plane from the node.
    const wE = CGCS2000.omegaE_radps;
    const byPlane = new Map<number, { node: number; u: number }[]>();
    let worstInc = 0;
    for (const e of bds3Ephemerides(T0).filter((x) => orbitKindOf(x) === "MEO")) {
      const st = keplerSatelliteState(e, T0);
      const [x, y, z] = st.pos;
      const v = [st.vel[0] - wE * y, st.vel[1] + wE * x, st.vel[2]];
      const h = [y * v[2] - z * v[1], z * v[0] - x * v[2], x * v[1] - y * v[0]];
      const hn = Math.hypot(h[0], h[1], h[2]);
      const hh = h.map((c) => c / hn);
      worstInc = Math.max(worstInc, Math.abs(Math.acos(hh[2]) / DEG - 55));
      const node = Math.atan2(hh[0], -hh[1]); // node direction n = (cos, sin, 0), n = z x h normalised
      const n = [Math.cos(node), Math.sin(node), 0];
      const m = [hh[1] * n[2] - hh[2] * n[1], hh[2] * n[0] - hh[0] * n[2], hh[0] * n[1] - hh[1] * n[0]];
      const u = Math.atan2(x * m[0] + y * m[1] + z * m[2], x * n[0] + y * n[1] + z * n[2]) / DEG;
      const nodeDeg = (((node / DEG) % 360) + 360) % 360;
      const key = Math.round(nodeDeg / 30);
      byPlane.set(key, [...(byPlane.get(key) ?? []), { node: nodeDeg, u }]);
    }
    console.log(`Walker: worst |i - 55| ${worstInc.toExponential(2)} deg (node drift tilts h slightly)`);
    expect(worstInc).toBeLessThan(0.01);
    expect(byPlane.size).toBe(3);
    const planes = [...byPlane.values()].sort((a, b) => a[0].node - b[0].node);
    const fold = (d: number, m: number) => ((d % m) + m) % m;
    // Within a plane: 8 satellites, u spaced by 45 deg (up to 2e = 0.4 deg from the eccentricity).
    const offsets = planes.map((p) => {
      expect(p).toHaveLength(8);
      const us = p.map((s) => fold(s.u, 45));
      const ref = us[0];
      for (const x of us) expect(Math.min(fold(x - ref, 45), 45 - fold(x - ref, 45))).toBeLessThan(0.5);
      return ref;
    });
    // Planes 120 deg apart; going east by one plane advances u by 360 F / T = 15 deg.
    for (let p = 0; p < 3; p++) {
      const q = (p + 1) % 3;
      expect(Math.abs(fold(planes[q][0].node - planes[p][0].node, 360) - 120)).toBeLessThan(0.01);
      const du = fold(offsets[q] - offsets[p], 45);
      expect(Math.min(Math.abs(du - 15), Math.abs(du - 15 - 45), Math.abs(du + 45 - 15))).toBeLessThan(1);
    }
  });

  it("consecutive hourly records describe the same orbit and clock", () => {
    let worstPos = 0;
    let worstClk = 0;
    for (let h = 1; h < 24; h++) {
      const t = addSeconds(T0, h * 3600);
      const before = bds3Ephemerides(addSeconds(t, -3600), { clockEpoch: T0 });
      const at = bds3Ephemerides(t, { clockEpoch: T0 });
      for (let k = 0; k < at.length; k++) {
        const tt = addSeconds(t, 1800);
        const a = keplerSatelliteState(before[k], tt);
        const b = keplerSatelliteState(at[k], tt);
        worstPos = Math.max(
          worstPos,
          Math.hypot(a.pos[0] - b.pos[0], a.pos[1] - b.pos[1], a.pos[2] - b.pos[2]),
        );
        worstClk = Math.max(worstClk, Math.abs(a.clockBias_s - b.clockBias_s));
      }
    }
    console.log(
      `record-to-record: worst ${(worstPos * 1e3).toFixed(4)} mm, clock ${(worstClk * 1e12).toFixed(3)} ps`,
    );
    expect(worstPos).toBeLessThan(1e-3);
    expect(worstClk).toBeLessThan(1e-12);
  });
});
