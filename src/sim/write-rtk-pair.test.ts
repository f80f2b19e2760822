import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseRinexNav } from "../formats/rinex/nav.js";
import { RinexObsDecoder } from "../formats/rinex/obs-decoder.js";
import type { Ecef } from "../frames/vectors.js";
import { DEG, enu } from "../frames/vectors.js";
import type { ObsEpoch } from "../signals/observation.js";
import { fromCalendar } from "../time/instant.js";
import { simulateRtkPair } from "./rtk-pair.js";
import { writeRtkPair } from "./write-rtk-pair.js";

function readObs(path: string) {
  const d = new RinexObsDecoder({ file: path });
  const epochs = d.pushLines(readFileSync(path, "utf8").split("\n"));
  epochs.push(...d.finish());
  return { epochs, header: d.header, issues: d.issues };
}

/** Worst |value difference| and LLI mismatches between written-and-read and simulated epochs. */
function compare(read: readonly ObsEpoch[], sim: readonly ObsEpoch[]) {
  let worst = 0;
  let lliMismatch = 0;
  let lliSet = 0;
  read.forEach((ep, k) => {
    const s = sim[k];
    expect(ep.sats).toEqual(s.sats);
    ep.sats.forEach((_, i) => {
      s.codes[i].forEach((code, j) => {
        const jr = ep.codes[i].indexOf(code);
        const a = ep.values[ep.offsets[i] + jr];
        const b = s.values[s.offsets[i] + j];
        worst = Math.max(worst, Math.abs(a - b));
        if (ep.lli[ep.offsets[i] + jr] !== s.lli[s.offsets[i] + j]) lliMismatch++;
        lliSet += s.lli[s.offsets[i] + j];
      });
    });
  });
  return { worst, lliMismatch, lliSet };
}

describe("writeRtkPair", () => {
  const dir = mkdtempSync(join(tmpdir(), "beidou-rtk-pair-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes rover/base RINEX obs + nav that the readers accept, with slips' LLI and a truth JSON", () => {
    const r = simulateRtkPair({
      base: { lat_rad: 35.15 * DEG, lon_rad: 136.97 * DEG, h_m: 60 },
      rover: { kind: "circle", centre: enu(200, 0, 0), radius_m: 25, speed_mps: 3 },
      start: fromCalendar("GPST", { year: 2024, month: 6, day: 24, hour: 4, minute: 0, second: 0 }),
      duration_s: 120,
      interval_s: 1,
      systems: ["C", "G"],
      seed: 3,
      slips: [{ sat: "C60", band: "2", time_s: 30, cycles: 5 }],
      randomSlips: { perSatHour: 20 },
    });
    const p = writeRtkPair(r, join(dir, "nested"), "nagoya");
    expect(p.roverPath.endsWith("nagoya-rover.obs")).toBe(true);

    for (const rx of ["rover", "base"] as const) {
      const path = rx === "rover" ? p.roverPath : p.basePath;
      const o = readObs(path);
      expect(o.issues).toEqual([]);
      expect(o.epochs).toHaveLength(120);
      expect([...(o.header?.obsCodes.keys() ?? [])]).toEqual(["C", "G"]);
      const c = compare(o.epochs, r[rx].epochs);
      console.log(
        `${rx}: worst |read - simulated| ${c.worst.toExponential(3)} (m, cycles, Hz; F14.3 rounds to 5e-4), ` +
          `${c.lliSet} LLI flags, ${c.lliMismatch} mismatches`,
      );
      // half a unit of the third decimal, plus double rounding of values up to 2e8 cycles
      expect(c.worst).toBeLessThanOrEqual(0.0005 + 1e-7);
      expect(c.lliMismatch).toBe(0);
      // header position: base exact (usable as --base-pos header), rover the first epoch's truth
      const want: Ecef = rx === "base" ? r.baseTruth : r.roverTruth[0];
      const got = o.header?.approxPosition as Ecef;
      for (let a = 0; a < 3; a++) expect(Math.abs(got[a] - want[a])).toBeLessThan(1e-4);
    }
    // the given slip's LLI survives the file
    const rover = readObs(p.roverPath).epochs[30];
    const i = rover.sats.indexOf("C60");
    expect(rover.lli[rover.offsets[i] + rover.codes[i].indexOf("L2I")] & 1).toBe(1);

    const nav = parseRinexNav(readFileSync(p.navPath, "utf8"), p.navPath);
    expect(nav.issues).toEqual([]);
    expect(nav.data.ephemerides.length).toBe(r.nav.ephemerides.length);

    const truth = JSON.parse(readFileSync(p.truthPath, "utf8"));
    expect(truth.rover).toHaveLength(120);
    let worst = 0;
    truth.rover.forEach((e: { ecef_m: number[] }, k: number) => {
      for (let a = 0; a < 3; a++) worst = Math.max(worst, Math.abs(e.ecef_m[a] - r.roverTruth[k][a]));
    });
    expect(worst).toBeLessThanOrEqual(5e-5 + 1e-9);
    expect(truth.slips.length).toBe(r.slips.length);
    expect(truth.slips.length).toBeGreaterThan(1);

    // reproducible bytes
    const q = writeRtkPair(r, join(dir, "again"), "nagoya");
    for (const k of ["roverPath", "basePath", "navPath", "truthPath"] as const)
      expect(readFileSync(q[k], "utf8")).toBe(readFileSync(p[k], "utf8"));
  });
});
