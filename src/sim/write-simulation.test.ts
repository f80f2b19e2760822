import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseRinexNav } from "../formats/rinex/nav.js";
import { RinexObsDecoder } from "../formats/rinex/obs-decoder.js";
import { geodeticToEcef } from "../frames/geodetic.js";
import { DEG } from "../frames/vectors.js";
import { fromCalendar } from "../time/instant.js";
import { simulate } from "./simulate.js";
import { writeSimulation } from "./write-simulation.js";

describe("writeSimulation", () => {
  const dir = mkdtempSync(join(tmpdir(), "beidou-sim-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes RINEX obs + nav that the readers accept, and a truth JSON matching the input", () => {
    const rx = { lat_rad: -33.87 * DEG, lon_rad: 151.21 * DEG, h_m: 45.5 };
    const r = simulate({
      rx,
      start: fromCalendar("GPST", { year: 2025, month: 1, day: 2, hour: 12, minute: 0, second: 0 }),
      duration_s: 900,
      interval_s: 15,
      systems: ["G", "C"],
      seed: 99,
    });
    const p = writeSimulation(r, join(dir, "nested"), "SIM00AUS");
    expect(p.obsPath.endsWith("SIM00AUS.obs")).toBe(true);

    const d = new RinexObsDecoder({ file: p.obsPath });
    const epochs = d.pushLines(readFileSync(p.obsPath, "utf8").split("\n"));
    epochs.push(...d.finish());
    expect(d.issues).toEqual([]);
    expect(epochs).toHaveLength(60);
    expect([...(d.header?.obsCodes.keys() ?? [])]).toEqual(["C", "G"]);

    const nav = parseRinexNav(readFileSync(p.navPath, "utf8"), p.navPath);
    expect(nav.issues).toEqual([]);
    expect(nav.data.ephemerides.length).toBe(r.nav.ephemerides.length);

    const truth = JSON.parse(readFileSync(p.truthPath, "utf8"));
    // independent: the geodetic input through the WGS84 conversion, compared with the file's ECEF
    const x = geodeticToEcef(rx);
    for (let k = 0; k < 3; k++) expect(Math.abs(truth.ecef_m[k] - x[k])).toBeLessThan(1e-4);
    expect(truth.geodetic.lat_deg).toBeCloseTo(-33.87, 12);
    expect(truth.geodetic.lon_deg).toBeCloseTo(151.21, 12);
    expect(truth.clock.bias_ns).toHaveLength(60);
    expect(Math.abs(truth.clock.bias_ns[0])).toBeLessThan(400);
    // reproducible bytes
    const q = writeSimulation(r, join(dir, "again"), "SIM00AUS");
    expect(readFileSync(q.obsPath, "utf8")).toBe(readFileSync(p.obsPath, "utf8"));
    expect(readFileSync(q.navPath, "utf8")).toBe(readFileSync(p.navPath, "utf8"));
  });
});
