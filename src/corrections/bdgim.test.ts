import { describe, expect, it } from "vitest";
import { azimuthElevation, ecefToGeodetic } from "../frames/geodetic.js";
import { DEG, ecef } from "../frames/vectors.js";
import { fromCalendar } from "../time/instant.js";
import {
  BDGIM_NONBROADCAST_TABLE,
  BDS_B1C_Hz,
  bdgimDelay_m,
  bdgimMapping,
  bdgimNonBroadcastCoefficients,
  bdgimPredictionMjd,
  bdgimVtec_tecu,
  mjdUtc,
} from "./bdgim.js";

// Broadcast coefficients (TECu) used in the example of the model authors' reference code (2020-11-05).
const ALPHA = [
  13.82642069, -1.78004616, 5.172, 3.1303094, -4.58961329, 0.32483867, -0.07802383, 1.2431259, 0.37763627,
];
const utc = (h: number, mi: number) =>
  fromCalendar("UTC", { year: 2020, month: 11, day: 5, hour: h, minute: mi, second: 0 });

describe("BDGIM (BDS-SIS-ICD-B1C-1.0 §7.8)", () => {
  it("carries the same non-broadcast table as a second, independent transcription (ClausXXX/Navi)", () => {
    // Navi Ionosphere.c BDGIM(): a[k][j] (k = 0 constant, k = 1..12 cosine terms) and b[k][j] (sine
    // terms k = 1..12), j over the 17 coefficients 3/0 ... 5/-2.
    // biome-ignore format: table
    const a = [
      [-0.61, -1.31, -2.0, -0.03, 0.15, -0.48, -0.4, 2.28, -0.16, -0.21, -0.1, -0.13, 0.21, 0.68, 1.06, 0.0, -0.12],
      [-0.51, -0.43, 0.34, -0.01, 0.17, 0.02, -0.06, 0.3, 0.44, -0.28, -0.31, -0.17, 0.04, 0.39, -0.12, 0.12, 0.0],
      [-0.06, -0.05, 0.06, 0.17, 0.15, 0.0, 0.11, -0.05, -0.16, 0.02, 0.11, 0.04, 0.12, 0.07, 0.02, -0.14, -0.14],
      [0.01, -0.03, 0.01, -0.01, 0.05, -0.03, 0.05, -0.03, -0.01, 0.0, -0.08, -0.04, 0.0, -0.02, -0.03, 0.0, -0.03],
      [-0.01, 0.0, 0.01, 0.0, 0.01, 0.0, -0.01, -0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.03, 0.01, 0.02, 0.01, 0.0, -0.02, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [-0.19, -0.02, 0.12, -0.1, 0.06, 0.0, -0.02, -0.08, -0.02, -0.07, 0.01, 0.03, 0.15, 0.06, -0.05, -0.03, -0.1],
      [-0.18, 0.06, -0.55, -0.02, 0.09, -0.08, 0.0, 0.86, -0.18, -0.05, -0.07, 0.04, 0.14, -0.03, 0.37, -0.11, -0.12],
      [1.09, -0.14, -0.21, 0.52, 0.27, 0.0, 0.11, 0.17, 0.23, 0.35, -0.05, 0.02, -0.6, 0.02, 0.01, 0.27, 0.32],
      [-0.34, -0.09, -1.22, 0.05, 0.15, -0.29, -0.17, 1.58, -0.06, -0.15, 0.0, 0.13, 0.28, -0.08, 0.62, -0.01, -0.04],
      [-0.13, 0.07, -0.37, 0.05, 0.06, -0.11, -0.07, 0.46, 0.0, -0.04, 0.01, 0.07, 0.09, -0.05, 0.15, -0.01, 0.01],
      [-0.06, 0.13, -0.07, 0.03, 0.02, -0.05, -0.05, 0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [-0.03, 0.08, -0.01, 0.04, 0.01, -0.02, -0.02, -0.04, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    ];
    // biome-ignore format: table
    const b = [
      [0.23, -0.2, -0.31, 0.16, -0.03, 0.02, 0.04, 0.18, 0.34, 0.45, 0.19, -0.25, -0.12, 0.18, 0.4, -0.09, 0.21],
      [0.02, -0.08, -0.06, -0.11, 0.15, -0.14, 0.01, 0.01, 0.04, -0.14, -0.05, 0.08, 0.08, -0.01, 0.01, 0.11, -0.12],
      [0.0, -0.02, -0.03, -0.05, -0.01, -0.07, -0.03, -0.01, 0.02, -0.01, 0.03, -0.1, 0.01, 0.05, -0.01, 0.04, 0.0],
      [0.0, -0.02, 0.01, 0.0, -0.01, 0.01, 0.0, -0.02, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [0.01, 0.0, 0.0, 0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [-0.09, 0.07, 0.03, 0.06, 0.09, 0.01, 0.02, 0.0, -0.04, -0.02, -0.01, 0.01, -0.1, 0.0, -0.01, 0.02, 0.05],
      [0.15, -0.31, 0.13, 0.05, -0.09, -0.03, 0.06, -0.36, 0.08, 0.05, 0.06, -0.02, -0.05, 0.06, -0.2, 0.04, 0.07],
      [0.5, -0.08, -0.38, 0.36, 0.14, 0.04, 0.0, 0.25, 0.17, 0.27, -0.03, -0.03, -0.32, -0.1, 0.2, 0.1, 0.3],
      [0.0, -0.11, -0.22, 0.01, 0.02, -0.03, -0.01, 0.49, -0.03, -0.02, 0.01, 0.02, 0.04, -0.04, 0.16, -0.02, -0.01],
      [0.05, 0.03, 0.07, 0.02, -0.01, 0.03, 0.02, -0.04, -0.01, -0.01, 0.02, 0.03, 0.02, -0.04, -0.04, -0.01, 0.0],
      [0.03, -0.02, 0.04, -0.01, -0.03, 0.02, 0.01, 0.04, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [0.04, -0.02, -0.04, 0.0, -0.01, 0.0, 0.01, 0.07, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    ];
    let mismatches = 0;
    for (let j = 0; j < 17; j++) {
      if (BDGIM_NONBROADCAST_TABLE[j * 25] !== a[0][j]) mismatches++;
      for (let k = 1; k <= 12; k++) {
        if (Math.abs(BDGIM_NONBROADCAST_TABLE[j * 25 + 2 * k - 1] - a[k][j]) > 1e-12) mismatches++;
        if (Math.abs(BDGIM_NONBROADCAST_TABLE[j * 25 + 2 * k] - b[k - 1][j]) > 1e-12) mismatches++;
      }
    }
    expect(BDGIM_NONBROADCAST_TABLE.length).toBe(17 * 25);
    expect(mismatches).toBe(0);
  });

  it("predicts the non-broadcast coefficients as the model authors' reference code (1e-8 TECu)", () => {
    // beta_j printed by CalNonBrdCoef() of the AIRCAS reference code (Li & Wang 2021) for MJD 59158,
    // 2-hour blocks 0 (tp = 01:00), 6 (13:00) and 11 (23:00).
    // biome-ignore format: table
    const ref = [
      [0.230259702, 1.102913835, 0.102943029], [-1.891101527, -0.987124251, -1.703480759],
      [-1.190856081, -1.744670694, -0.988016544], [0.682127494, 0.534004523, 0.701501844],
      [0.626013815, 0.258262755, 0.418469857], [-0.343081382, -0.503883478, -0.211411196],
      [-0.0534903, -0.046919112, -0.159342068], [1.578930255, 0.889393055, 1.475413149],
      [0.406604747, -0.569108779, 0.224166133], [0.050346113, 0.343942383, -0.039561025],
      [-0.38485764, 0.223939744, -0.32094026], [-0.287112272, 0.004595939, -0.246614288],
      [-0.459307533, -0.45901818, -0.478233714], [1.184923219, 0.445997998, 1.152420326],
      [0.654152076, 0.673792188, 0.457908108], [0.240350508, 0.133755396, 0.203266706],
      [0.087291534, 0.001424193, 0.141192288],
    ];
    let worst = 0;
    [1, 13, 23].forEach((hour, col) => {
      const tp = bdgimPredictionMjd(59158 + (hour - 0.5) / 24);
      expect(tp).toBeCloseTo(59158 + hour / 24, 12);
      const beta = bdgimNonBroadcastCoefficients(tp);
      for (let j = 0; j < 17; j++) worst = Math.max(worst, Math.abs(beta[j] - ref[j][col]));
    });
    console.log(`BDGIM non-broadcast coefficients vs reference code: worst ${worst.toExponential(2)} TECu`);
    expect(worst).toBeLessThan(1e-8);
  });

  it("gives the reference code's vertical TEC at 8 pierce points (1e-6 TECu)", () => {
    // [IPP lat, lon (deg), UTC hour, minute, VTEC (TECu) from the reference code's EFLSFL + VtecBrdSH]
    const cases: [number, number, number, number, number][] = [
      [40, 116, 5, 10, 17.432653690172],
      [30, 120, 6, 1, 23.78042601706],
      [-20, 30, 12, 45, 29.573998602424],
      [60, -100, 20, 59, 8.513313438378],
      [0, 0, 0, 0, 10.408733279199],
      [75, 170, 23, 59, 7.172097068183],
      [-60, -60, 14, 20, 13.291887001521],
      [10, 100, 1, 59, 21.937894459969],
    ];
    let worst = 0;
    for (const [lat, lon, h, mi, ref] of cases) {
      worst = Math.max(worst, Math.abs(bdgimVtec_tecu(ALPHA, lat * DEG, lon * DEG, utc(h, mi)) - ref));
    }
    console.log(
      `BDGIM VTEC vs reference code: worst ${worst.toExponential(2)} TECu over ${cases.length} points`,
    );
    expect(worst).toBeLessThan(1e-6);
  });

  it("agrees with the reference code's slant B1C delay within 5 cm (different pierce-point geometry)", () => {
    // The reference code's own example: station and GEO satellite in ECEF, 2020-11-05; its IPP is taken
    // from the ECEF line of sight on a 6378.137 km + 400 km sphere with geocentric latitude and it uses
    // 40.3e16 instead of 40.28e16, so a few centimetres of difference are expected.
    const sta = ecef(-2159945.3149, 4383237.1901, 4085412.3177);
    const sat = ecef(-34342443.2642, 24456393.0586, 12949.4754);
    const rx = ecefToGeodetic(sta);
    const azel = azimuthElevation(rx, sta, sat);
    const ref: [number, number][] = [
      [0, 2.924594707392],
      [3, 4.681320798781],
      [6, 4.56428251939],
      [9, 2.857774055461],
      [12, 1.773184235926],
      [17, 1.34651959506],
      [21, 1.258727683332],
    ];
    let worst = 0;
    for (const [h, d] of ref)
      worst = Math.max(worst, Math.abs(bdgimDelay_m(ALPHA, rx, azel, utc(h, 30)) - d));
    console.log(
      `BDGIM slant delay vs reference code: worst ${worst.toFixed(4)} m (elevation ${(azel.el_rad / DEG).toFixed(1)} deg)`,
    );
    expect(worst).toBeLessThan(0.05);
  });

  it("maps 1 at zenith, scales as 1/f^2, is 0 below the horizon and NaN without 9 coefficients", () => {
    expect(bdgimMapping(Math.PI / 2)).toBeCloseTo(1, 3); // 0.9782 factor: 1.0000x at zenith
    const rx = { lat_rad: 40 * DEG, lon_rad: 116 * DEG, h_m: 50 };
    const azel = { az_rad: 1, el_rad: 0.5 };
    const b1c = bdgimDelay_m(ALPHA, rx, azel, utc(8, 0));
    const b2a = bdgimDelay_m(ALPHA, rx, azel, utc(8, 0), 1176.45e6);
    expect(b2a / b1c).toBeCloseTo((BDS_B1C_Hz / 1176.45e6) ** 2, 12);
    expect(bdgimDelay_m(ALPHA, rx, { az_rad: 1, el_rad: -0.1 }, utc(8, 0))).toBe(0);
    expect(bdgimDelay_m(ALPHA.slice(0, 8), rx, azel, utc(8, 0))).toBeNaN();
    expect(mjdUtc(utc(0, 0))).toBe(59158);
  });
});
