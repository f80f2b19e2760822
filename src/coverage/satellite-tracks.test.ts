// Satellite positions for coverage. Broadcast orbits used up to 12 h from their toe (the widened window)
// against the IAC final SP3 of the same day (ESBC 2020-06-25): the error must stay far below what could
// move an elevation by 0.01 deg (3.5 km at the 20,000 km of a MEO). Nominal tracks: the BDS-3 design
// (GEOs fixed over 80, 110.5 and 140 E; MEO and IGSO radii) and the GPS semi-major axis.

import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ecefToGeodetic } from "../frames/geodetic.js";
import { DEG, ecef } from "../frames/vectors.js";
import { satSystem } from "../signals/system.js";
import { BDS3_DESIGN } from "../sim/constellation-bds3.js";
import { GPS_DESIGN } from "../sim/constellation-gps.js";
import { loadInputs } from "../streams/inputs.js";
import { fromCalendar } from "../time/instant.js";
import { COVERAGE_MAX_DTOE_s, coverageEpochs, navigationTracks, nominalTracks } from "./satellite-tracks.js";

const ESBC = path.resolve(__dirname, "../../../shared/data/esbc-2020-177-station");
if (!existsSync(ESBC)) console.log(`satellite-tracks: ${ESBC} absent, SP3 comparison skipped`);

describe.skipIf(!existsSync(ESBC))(
  "broadcast positions with the 12 h window vs IAC final SP3 (ESBC 2020-06-25)",
  () => {
    it("every system within 10 km of the precise orbit at every 15 min SP3 epoch of the day", async () => {
      const inputs = await loadInputs([
        path.join(ESBC, "ESBC00DNK_R_20201770000_01D_MN.rnx.gz"),
        path.join(ESBC, "Sta21114.sp3.gz"),
      ]);
      const sp3 = inputs.orbits[0];
      const epochs = sp3.epochs.slice(0, 96); // 00:00 .. 23:45
      const tracks = navigationTracks(inputs.navigation, epochs);
      const worst: Record<string, { err_m: number; sat: string; n: number }> = {};
      for (let s = 0; s < tracks.sats.length; s++) {
        const sat = tracks.sats[s];
        const col = sp3.sats.indexOf(sat);
        if (col < 0) continue;
        for (let k = 0; k < epochs.length; k++) {
          const o = (k * tracks.sats.length + s) * 3;
          const q = (k * sp3.sats.length + col) * 3;
          if (Number.isNaN(tracks.pos_m[o]) || Number.isNaN(sp3.pos_m[q])) continue;
          const e = Math.hypot(
            tracks.pos_m[o] - sp3.pos_m[q],
            tracks.pos_m[o + 1] - sp3.pos_m[q + 1],
            tracks.pos_m[o + 2] - sp3.pos_m[q + 2],
          );
          const c = satSystem(sat);
          worst[c] ??= { err_m: 0, sat, n: 0 };
          const w = worst[c];
          w.n++;
          if (e > w.err_m) Object.assign(w, { err_m: e, sat });
        }
      }
      console.log(
        `window ${COVERAGE_MAX_DTOE_s / 3600} h, worst |broadcast - SP3| per system: ${Object.entries(worst)
          .map(([c, w]) => `${c} ${(w.err_m / 1000).toFixed(2)} km (${w.sat}, ${w.n} epochs)`)
          .join(", ")}`,
      );
      expect(Object.keys(worst).sort()).toEqual(["C", "E", "G", "J", "R"]);
      for (const c of ["C", "G", "E", "R"]) expect(worst[c]?.n ?? 0, c).toBeGreaterThan(1000);
      for (const w of Object.values(worst)) expect(w.err_m).toBeLessThan(10_000);
    });
  },
);

describe("nominal tracks", () => {
  const start = fromCalendar("GPST", { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
  const epochs = coverageEpochs(start, 86400, 3600);
  const tr = nominalTracks(epochs);

  it("30 BDS (24 MEO, 3 IGSO, 3 GEO) and 24 GPS satellites, positioned at every epoch", () => {
    expect(tr.systems).toEqual(["C", "G"]);
    const kinds = (c: string) => tr.kinds.filter((_, s) => tr.sats[s][0] === c);
    const count = (c: string, k: string) => kinds(c).filter((x) => x === k).length;
    expect([count("C", "MEO"), count("C", "IGSO"), count("C", "GEO")]).toEqual([24, 3, 3]);
    expect(count("G", "MEO")).toBe(24);
    expect(Array.from(tr.positioned).every((n) => n === epochs.length)).toBe(true);
  });

  it("radii and GEO longitudes follow the published design", () => {
    let worstGeo = 0;
    for (let s = 0; s < tr.sats.length; s++) {
      for (let k = 0; k < epochs.length; k++) {
        const o = (k * tr.sats.length + s) * 3;
        const p = ecef(tr.pos_m[o], tr.pos_m[o + 1], tr.pos_m[o + 2]);
        const r = Math.hypot(p[0], p[1], p[2]);
        const kind = tr.kinds[s];
        if (tr.sats[s][0] === "G") expect(Math.abs(r / GPS_DESIGN.semiMajorAxis_m - 1)).toBeLessThan(0.016);
        else if (kind === "MEO")
          expect(Math.abs(r / (6378137 + BDS3_DESIGN.meoAltitude_m) - 1)).toBeLessThan(0.004);
        else expect(Math.abs(r / 42_164_170 - 1)).toBeLessThan(0.004);
        if (kind === "GEO") {
          const lon = ecefToGeodetic(p).lon_rad / DEG;
          const d = Math.min(...BDS3_DESIGN.geoLongitudes_degE.map((g) => Math.abs(g - lon)));
          worstGeo = Math.max(worstGeo, d);
        }
      }
    }
    console.log(`nominal GEOs stay within ${worstGeo.toExponential(1)} deg of 80 / 110.5 / 140 E`);
    expect(worstGeo).toBeLessThan(0.01);
  });
});
