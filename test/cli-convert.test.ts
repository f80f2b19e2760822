// beidou convert, end to end through the built command:
//  - an RTCM 3 log to RINEX gives the epochs and values of RTKLIB convbin's RINEX of the same log;
//  - RINEX to RTCM 3 (MSM7 + 1005 + ephemerides) and back gives the same single-point positions as the RINEX.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RinexObsDecoder } from "../src/formats/rinex/obs-decoder.js";
import type { ObsEpoch } from "../src/signals/observation.js";
import { parsePos } from "../src/streams/sinks/pos.js";
import { diffSeconds } from "../src/time/instant.js";
import { ensureBuilt, runCli, stackFrames } from "./cli-harness.js";
import { dataPath, HAVE_DATA } from "./support/real-data.js";

function readObs(file: string): ObsEpoch[] {
  const d = new RinexObsDecoder({ file });
  const out: ObsEpoch[] = [];
  for (const line of readFileSync(file, "latin1").split("\n")) out.push(...d.push(line.replace(/\r$/, "")));
  out.push(...d.finish());
  return out;
}

describe.skipIf(!HAVE_DATA)("beidou convert", () => {
  beforeAll(() => ensureBuilt());

  it("RTCM 3 log (gpsd F9R) -> RINEX 3.05: convbin's epochs and values, plus the BDS-3 signals convbin drops", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "beidou-convert-"));
    const r = await runCli([
      "convert",
      dataPath("rtcm3-bds-streams/gpsd_ublox-zed-f9r.log"),
      "--out-dir",
      dir,
    ]);
    expect(r.code).toBe(0);
    expect(stackFrames(r.stderr)).toEqual([]);
    const ours = readObs(path.join(dir, "gpsd_ublox-zed-f9r.obs"));
    const ref = readObs(dataPath("rtcm3-bds-streams/rtklib-reference/gpsd_ublox-zed-f9r.obs"));
    let compared = 0;
    let worst = 0;
    let extra = 0;
    for (const e of ref) {
      const o = ours.find((x) => Math.abs(diffSeconds(x.time, e.time)) < 1e-6);
      expect(o, `epoch ${e.time.sec}`).toBeDefined();
      if (!o) continue;
      e.sats.forEach((sat, i) => {
        const j = o.sats.indexOf(sat);
        expect(j, `${sat}`).toBeGreaterThanOrEqual(0);
        e.codes[i].forEach((code, k) => {
          const v = e.values[e.offsets[i] + k];
          if (Number.isNaN(v) || code[0] === "D") return; // RTKLIB keeps Doppler as a 32-bit float
          const kk = o.codes[j].indexOf(code);
          const w = kk < 0 ? Number.NaN : o.values[o.offsets[j] + kk];
          const tol = code[0] === "S" ? 0.25 : 0.0015;
          expect(Math.abs(w - v), `${sat} ${code}`).toBeLessThanOrEqual(tol);
          if (code[0] !== "S") worst = Math.max(worst, Math.abs(w - v));
          compared++;
        });
        for (const c of o.codes[j])
          if (!e.codes[i].includes(c) && !Number.isNaN(o.values[o.offsets[j] + o.codes[j].indexOf(c)]))
            extra++;
      });
    }
    console.log(
      `convert F9R: ${ours.length} epochs (convbin ${ref.length}), ${compared} values compared, worst code/phase ${worst.toFixed(4)}, ${extra} values convbin lacks`,
    );
    expect(compared).toBeGreaterThan(3000);
    expect(extra).toBeGreaterThan(0);
    const nav = readFileSync(path.join(dir, "gpsd_ublox-zed-f9r.nav"), "latin1");
    expect(nav.match(/^C\d\d /gm)?.length).toBe(19);
  });

  // RTCM 3 carries no broadcast ionosphere parameters, so both solutions run without an ionosphere model
  it("RINEX (Nagoya rover + nav) -> RTCM 3 MSM7 -> solve: the same positions as from the RINEX (within 1 cm)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "beidou-convert-"));
    const rtcm = path.join(dir, "rover.rtcm3");
    const obs = dataPath("rtk-static-nagoya-2024-176/rover.obs");
    const nav = dataPath("rtk-static-nagoya-2024-176/base.nav");
    const c = await runCli(["convert", obs, nav, "--to", "rtcm3", "--out", rtcm, "--station-id", "7"]);
    expect(c.code).toBe(0);
    const fromRtcm = await runCli([
      "solve",
      rtcm,
      "--systems",
      "C,G,E",
      "--preset",
      "rtklib",
      "--iono",
      "none",
      "-q",
    ]);
    const fromRinex = await runCli([
      "solve",
      obs,
      nav,
      "--systems",
      "C,G,E",
      "--preset",
      "rtklib",
      "--iono",
      "none",
      "-q",
    ]);
    expect(fromRtcm.code).toBe(0);
    const a = parsePos(fromRtcm.stdout);
    const b = parsePos(fromRinex.stdout);
    expect(a.length).toBe(b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++)
      worst = Math.max(worst, Math.hypot(a[i].x - b[i].x, a[i].y - b[i].y, a[i].z - b[i].z));
    console.log(
      `RINEX -> RTCM 3 -> solve: ${a.length} epochs, worst 3D difference ${(worst * 1000).toFixed(2)} mm; ${c.stderr.trim()}`,
    );
    expect(worst).toBeLessThan(0.01);
  });

  it("UBX (F9T RAWX) -> beidou stream --format rtcm3 (MSM7) -> RINEX: the UBX's own pseudoranges to 1.4 mm", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "beidou-convert-"));
    const ubx = path.join(dir, "f9t.ubx");
    const { gunzipSync } = await import("node:zlib");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(ubx, gunzipSync(readFileSync(dataPath("ubx-bds-logs/navsol_F9T-L2-5min.ubx.gz"))));
    const rtcm = path.join(dir, "f9t.rtcm3");
    const s = await runCli(["stream", "--in", `file:${ubx}`, "--out", `file:${rtcm}`, "--format", "rtcm3"]);
    expect(s.code).toBe(0);
    const a = await runCli(["convert", rtcm, "--out-dir", path.join(dir, "a"), "--date", "2025-08-11"]);
    const b = await runCli(["convert", ubx, "--out-dir", path.join(dir, "b")]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const viaRtcm = readObs(path.join(dir, "a", "f9t.obs"));
    const direct = readObs(path.join(dir, "b", "f9t.obs"));
    expect(viaRtcm.length).toBe(direct.length);
    let worst = 0;
    let n = 0;
    direct.forEach((e, k) => {
      const o = viaRtcm[k];
      expect(Math.abs(diffSeconds(o.time, e.time))).toBeLessThan(1e-6);
      e.sats.forEach((sat, i) => {
        const j = o.sats.indexOf(sat);
        if (j < 0) return;
        e.codes[i].forEach((code, c) => {
          if (code[0] !== "C") return;
          const v = e.values[e.offsets[i] + c];
          const cc = o.codes[j].indexOf(code);
          if (Number.isNaN(v) || cc < 0) return;
          worst = Math.max(worst, Math.abs(o.values[o.offsets[j] + cc] - v));
          n++;
        });
      });
    });
    console.log(
      `UBX -> RTCM MSM7 -> RINEX: ${viaRtcm.length} epochs, ${n} pseudoranges, worst ${(worst * 1000).toFixed(2)} mm`,
    );
    expect(n).toBeGreaterThan(5000);
    // two RINEX roundings (0.5 mm each) and the MSM7 pseudorange step (2^-29 ms = 0.56 mm, half of it)
    expect(worst).toBeLessThan(0.0014);
  });
});
