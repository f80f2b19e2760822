import { describe, expect, it } from "vitest";
import { WGS84 } from "../frames/ellipsoid.js";
import { DEG } from "../frames/vectors.js";
import { keplerSatelliteState } from "../orbits/broadcast-kepler.js";
import { orbitKindOf } from "../orbits/orbit-kind.js";
import { addSeconds, fromCalendar } from "../time/instant.js";
import { GPS_NOMINAL_EPOCH, GPS_SLOTS, gpsEphemerides } from "./constellation-gps.js";

const fold = (d: number, m = 360) => ((d % m) + m) % m;
const angDiff = (a: number, b: number) => {
  const d = fold(a - b);
  return Math.min(d, 360 - d);
};

/** Plane node (ECEF longitude, deg) and in-plane argument of latitude (deg) from an inertial state. */
function planeAndArgLat(pos: readonly number[], vel: readonly number[]) {
  const wE = WGS84.omegaE_radps;
  const [x, y, z] = pos;
  const v = [vel[0] - wE * y, vel[1] + wE * x, vel[2]];
  const h = [y * v[2] - z * v[1], z * v[0] - x * v[2], x * v[1] - y * v[0]];
  const hn = Math.hypot(h[0], h[1], h[2]);
  const hh = h.map((c) => c / hn);
  const node = Math.atan2(hh[0], -hh[1]);
  const n = [Math.cos(node), Math.sin(node), 0];
  const m = [hh[1] * n[2] - hh[2] * n[1], hh[2] * n[0] - hh[0] * n[2], hh[0] * n[1] - hh[1] * n[0]];
  const u = Math.atan2(x * m[0] + y * m[1] + z * m[2], x * n[0] + y * n[1] + z * n[2]);
  return { node_deg: node / DEG, u_deg: u / DEG, inc_deg: Math.acos(hh[2]) / DEG };
}

/** GMST (deg) at a UT1 instant given as Julian date, IAU 1982 (Aoki et al. 1982) — independent of the table. */
function gmst_deg(jdUt1: number): number {
  const T = (jdUt1 - 2451545.0) / 36525;
  const sec = 67310.54841 + (876600 * 3600 + 8640184.812866) * T + 0.093104 * T * T - 6.2e-6 * T * T * T;
  return fold(sec / 240);
}

describe("nominal GPS constellation (SPS PS Table 3.1-1)", () => {
  it("24 MEO in six planes at 55 deg; slot RAAN and argument of latitude reproduce the table", () => {
    const eph = gpsEphemerides(GPS_NOMINAL_EPOCH);
    expect(eph).toHaveLength(24);
    expect(eph.every((e) => orbitKindOf(e) === "MEO" && e.message === "LNAV")).toBe(true);
    // 1993-07-01 00:00 UTC = JD 2449169.5 (UT1 - UTC < 1 s is below this check's resolution)
    const gha = gmst_deg(2449169.5);
    let worstRaan = 0;
    let worstU = 0;
    let worstInc = 0;
    eph.forEach((e, k) => {
      const st = keplerSatelliteState(e, GPS_NOMINAL_EPOCH);
      const p = planeAndArgLat(st.pos, st.vel);
      const [, raan, argLat] = GPS_SLOTS[k];
      worstRaan = Math.max(worstRaan, angDiff(p.node_deg + gha, raan));
      worstU = Math.max(worstU, angDiff(p.u_deg, argLat));
      worstInc = Math.max(worstInc, Math.abs(p.inc_deg - 55));
    });
    console.log(
      `GPS slots at the 1993 epoch: worst RAAN ${worstRaan.toFixed(4)} deg (GMST from IAU 1982 vs the table's ` +
        `GHA), arg. of latitude ${worstU.toFixed(3)} deg (true vs mean, e <= 0.015), inclination ${worstInc.toExponential(2)} deg`,
    );
    expect(worstRaan).toBeLessThan(0.05);
    expect(worstU).toBeLessThan(2 * 0.015 * (180 / Math.PI) + 0.01);
    expect(worstInc).toBeLessThan(0.01);
  });

  it("orbital period is half a sidereal day", () => {
    const t0 = fromCalendar("GPST", { year: 2024, month: 9, day: 20, hour: 0, minute: 0, second: 0 });
    const halfSidereal_s = 86164.0905 / 2;
    const periods: number[] = [];
    for (const [k] of GPS_SLOTS.entries()) {
      let prevZ = Number.NaN;
      let first = Number.NaN;
      for (let s = 0; s <= 2 * 86400; s += 30) {
        const t = addSeconds(t0, s);
        const toe = addSeconds(t0, Math.round(s / 7200) * 7200);
        const z = keplerSatelliteState(gpsEphemerides(toe)[k], t).pos[2];
        if (prevZ < 0 && z >= 0) {
          const tc = s - 30 + (30 * -prevZ) / (z - prevZ);
          if (!Number.isNaN(first)) periods.push(tc - first);
          first = tc;
        }
        prevZ = z;
      }
    }
    const worst = Math.max(...periods.map((p) => Math.abs(p - halfSidereal_s)));
    console.log(`GPS: ${periods.length} periods, worst |T - 11h58m02s| ${worst.toFixed(1)} s`);
    expect(periods.length).toBeGreaterThanOrEqual(24 * 3);
    expect(worst).toBeLessThan(60);
  });
});
