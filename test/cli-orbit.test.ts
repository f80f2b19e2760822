// `beidou orbit NAV SP3` on ESBC 2020-177: broadcast (station navigation file) against IAC final SP3 orbits,
// run as the built command. The satellite set is checked against a text scan of both files; the orbit classes
// against PROVENANCE.md (GEO C05, IGSO C06-C10 C13 C16); the sizes against the precise orbits themselves
// (IGSO/MEO 3D RMS < 10 m; the GEO C05 is ~16 m along-track that day, see test/orbits-precise.test.ts: < 20 m).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { DATA, ensureBuilt, nonEmptyLines, runCli, stackFrames } from "./cli-harness.js";

const ESBC = path.join(DATA, "esbc-2020-177-station");
const NAV = path.join(ESBC, "ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
const SP3 = path.join(ESBC, "Sta21114.sp3.gz");
if (!existsSync(ESBC)) console.log(`cli-orbit: ${ESBC} absent, real-data tests skipped`);

// biome-ignore lint/suspicious/noExplicitAny: JSON from the command under test
type Json = any;

const gz = (f: string) => gunzipSync(readFileSync(f)).toString("latin1");

/** BDS satellites named in the SP3 header's `+` lines. */
function sp3BdsSats(text: string): Set<string> {
  const out = new Set<string>();
  for (const l of text.split("\n")) {
    if (l.startsWith("*")) break;
    if (!l.startsWith("+ ") || l.startsWith("++")) continue;
    for (const m of l.slice(9).matchAll(/C\d\d/g)) out.add(m[0]);
  }
  return out;
}

/** BDS satellites with at least one record in a RINEX 3 navigation file. */
function navBdsSats(text: string): Set<string> {
  return new Set([...text.matchAll(/^(C\d\d) \d{4} /gm)].map((m) => m[1]));
}

describe.skipIf(!existsSync(ESBC))("beidou orbit (ESBC broadcast vs IAC SP3)", () => {
  let report: Json;
  beforeAll(async () => {
    ensureBuilt();
    const r = await runCli(["orbit", "--format", "json", NAV, SP3]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    report = JSON.parse(r.stdout);
  });

  it("every BDS satellite in both files is compared; GEO C05 included with kind GEO", () => {
    const both = [...sp3BdsSats(gz(SP3))].filter((s) => navBdsSats(gz(NAV)).has(s)).sort();
    const got = report.satellites.map((x: Json) => x.sat);
    expect(got.slice().sort()).toEqual(both);
    expect(got[0]).toBe("C05");
    expect(report.not_compared).toEqual([]);
    const kind = Object.fromEntries(report.satellites.map((x: Json) => [x.sat, x.kind]));
    expect(kind.C05).toBe("GEO");
    for (const s of ["C06", "C07", "C08", "C09", "C10", "C13", "C16"]) expect(kind[s], s).toBe("IGSO");
    for (const [s, k] of Object.entries(kind))
      if (!["C05", "C06", "C07", "C08", "C09", "C10", "C13", "C16"].includes(s)) expect(k, s).toBe("MEO");
  });

  it("3D RMS < 10 m for IGSO/MEO, < 20 m for the GEO; the JSON schema", () => {
    let worst = { sat: "", rms: 0 };
    for (const x of report.satellites) {
      expect(Object.keys(x)).toEqual(
        expect.arrayContaining([
          "sat",
          "kind",
          "epochs",
          "radial_rms_m",
          "along_rms_m",
          "cross_rms_m",
          "orbit3d_rms_m",
        ]),
      );
      expect(x.sat).toMatch(/^C\d\d$/);
      expect(Number.isInteger(x.epochs) && x.epochs > 0 && x.epochs <= 97).toBe(true);
      for (const k of ["radial_rms_m", "along_rms_m", "cross_rms_m", "orbit3d_rms_m"])
        expect(Number.isFinite(x[k]) && x[k] >= 0, k).toBe(true);
      // components add up (rounded to mm)
      expect(
        Math.abs(Math.hypot(x.radial_rms_m, x.along_rms_m, x.cross_rms_m) - x.orbit3d_rms_m),
      ).toBeLessThan(0.002);
      if (x.kind === "GEO") {
        console.log(
          `GEO ${x.sat}: 3D RMS ${x.orbit3d_rms_m} m (radial ${x.radial_rms_m}, along ${x.along_rms_m}, cross ${x.cross_rms_m}) over ${x.epochs} epochs`,
        );
        expect(x.orbit3d_rms_m).toBeLessThan(20);
      } else {
        expect(x.orbit3d_rms_m, x.sat).toBeLessThan(10);
        if (x.orbit3d_rms_m > worst.rms) worst = { sat: x.sat, rms: x.orbit3d_rms_m };
      }
    }
    console.log(
      `worst IGSO/MEO: ${worst.sat} ${worst.rms} m 3D RMS (${report.satellites.length} BDS satellites)`,
    );
    expect(report.systems).toEqual(["C"]);
    expect(report.sp3_agency).toBe("IAC");
  });

  it("files in either order give the same result; text table lists the same satellites", async () => {
    const r = await runCli(["orbit", "--format", "json", SP3, NAV]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).satellites).toEqual(report.satellites);
    const t = await runCli(["orbit", SP3, NAV]);
    expect(t.code).toBe(0);
    const rows = t.stdout.split("\n").filter((l) => /^C\d\d {2}/.test(l));
    expect(rows.map((l) => l.slice(0, 3))).toEqual(report.satellites.map((x: Json) => x.sat));
    expect(rows[0]).toMatch(/^C05 {2}GEO /);
  });

  it("--max-age 1 counts fewer epochs; --systems G compares GPS (< 10 m)", async () => {
    const r = await runCli(["orbit", "--format", "json", "--max-age", "1", NAV, SP3]);
    expect(r.code).toBe(0);
    const short = JSON.parse(r.stdout);
    const epochs = (rep: Json) => rep.satellites.reduce((n: number, x: Json) => n + x.epochs, 0);
    expect(epochs(short)).toBeLessThan(epochs(report));
    const g = await runCli(["orbit", "--format", "json", "--systems", "G", NAV, SP3]);
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout).satellites.every((x: Json) => x.sat[0] === "G" && x.orbit3d_rms_m < 10)).toBe(
      true,
    );
  });

  it("bad use: one error line, no stack trace", async () => {
    const onlySp3 = await runCli(["orbit", SP3]);
    expect(onlySp3.code).not.toBe(0);
    expect(nonEmptyLines(onlySp3.stderr)).toEqual([expect.stringMatching(/^error: /)]);
    const obs = path.join(DATA, "rtk-static-nagoya-2024-176", "rover.obs");
    const withObs = await runCli(["orbit", obs, SP3]);
    expect(withObs.code).not.toBe(0);
    expect(nonEmptyLines(withObs.stderr)).toEqual([
      expect.stringMatching(/^error: .*rover\.obs: observation data/),
    ]);
    const badSys = await runCli(["orbit", "--systems", "X", NAV, SP3]);
    expect(badSys.code).not.toBe(0);
    expect(nonEmptyLines(badSys.stderr)).toEqual([expect.stringMatching(/^error: --systems/)]);
    for (const r of [onlySp3, withObs, badSys]) expect(stackFrames(r.stderr)).toEqual([]);
  });
});
