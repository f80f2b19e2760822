import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { CGCS2000, PZ90, WGS84 } from "./ellipsoid.js";
import { azimuthElevation, ecefToEnu, ecefToGeodetic, geodeticToEcef } from "./geodetic.js";
import { DEG, ecef } from "./vectors.js";

describe("geodetic <-> ECEF", () => {
  // Reference: rtk-static-nagoya-2024-176/PROVENANCE.md gives both forms of the base position.
  it("reproduces the Nagoya base coordinates (lat/lon/h -> ECEF) to 1 mm", () => {
    const p = geodeticToEcef({ lat_rad: 35.134707705 * DEG, lon_rad: 136.977577939 * DEG, h_m: 104.853 });
    const ref = [-3817681.1213, 3562839.4311, 3650159.1593];
    const worst = Math.max(...p.map((v, i) => Math.abs(v - ref[i])));
    console.log(`Nagoya base ECEF worst axis error ${(worst * 1000).toFixed(2)} mm`);
    expect(worst).toBeLessThan(0.001);
  });

  it("ellipsoid constants are those of the ICDs", () => {
    expect(1 / CGCS2000.f).toBeCloseTo(298.257222101, 9);
    expect(1 / WGS84.f).toBeCloseTo(298.257223563, 9);
    expect(CGCS2000.GM_m3ps2).toBe(3.986004418e14);
    expect(PZ90.a_m).toBe(6378136);
  });

  fcTest.prop([
    fc.double({ min: -89.9, max: 89.9, noNaN: true }),
    fc.double({ min: -180, max: 180, noNaN: true }),
    fc.double({ min: -500, max: 40_000_000, noNaN: true }),
  ])("round trip to 0.1 mm from the ground to GEO height", (lat, lon, h) => {
    const g = { lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h };
    const back = geodeticToEcef(ecefToGeodetic(geodeticToEcef(g)));
    const p = geodeticToEcef(g);
    expect(Math.hypot(back[0] - p[0], back[1] - p[1], back[2] - p[2])).toBeLessThan(1e-4);
  });

  it("a satellite straight above is at 90 deg elevation; one due east on the horizon is at az 90", () => {
    const g = { lat_rad: 30.75 * DEG, lon_rad: 120.49 * DEG, h_m: 0 };
    const rx = geodeticToEcef(g);
    const up = geodeticToEcef({ ...g, h_m: 20_000_000 });
    expect(azimuthElevation(g, rx, up).el_rad / DEG).toBeCloseTo(90, 6);
    const e = ecefToEnu(
      ecef(rx[0] - Math.sin(g.lon_rad) * 1000, rx[1] + Math.cos(g.lon_rad) * 1000, rx[2]),
      rx,
    );
    expect(e[0]).toBeCloseTo(1000, 6);
    expect(Math.abs(e[1])).toBeLessThan(1e-6);
  });
});
