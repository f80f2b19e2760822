// `beidou solve --format jsonl|nmea|csv|pos` (and `--coords llh --time-format cal`) on the first 10 epochs of
// the Nagoya rover: every output is well formed (NMEA checksums recomputed here, .pos headers as RTKLIB writes
// them) and all formats carry the same solutions. Times are checked against GPS week/second-of-week and UTC
// computed here from the RINEX epoch labels and the header's LEAP SECONDS; positions against the surveyed
// rover position (rover_position.txt) with a single-point tolerance (RTKLIB's SPP here: north RMS 2.6 m).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DATA, ensureBuilt, nonEmptyLines, runCli, stackFrames } from "./cli-harness.js";

const NAGOYA = path.join(DATA, "rtk-static-nagoya-2024-176");
if (!existsSync(NAGOYA)) console.log(`cli-formats: ${NAGOYA} absent, real-data tests skipped`);

// biome-ignore lint/suspicious/noExplicitAny: JSON from the command under test
type Json = any;

const N_EPOCHS = 10;

function nmeaChecksumOk(sentence: string): boolean {
  const m = /^\$([^*]+)\*([0-9A-F]{2})$/.exec(sentence);
  if (!m) return false;
  let x = 0;
  for (let i = 0; i < m[1].length; i++) x ^= m[1].charCodeAt(i);
  return x === Number.parseInt(m[2], 16);
}

/** NMEA ddmm.mmmm / dddmm.mmmm + hemisphere -> degrees. */
function nmeaDeg(v: string, hemi: string): number {
  const dot = v.indexOf(".");
  const deg = Number(v.slice(0, dot - 2));
  const min = Number(v.slice(dot - 2));
  return (deg + min / 60) * (hemi === "S" || hemi === "W" ? -1 : 1);
}

describe.skipIf(!existsSync(NAGOYA))("beidou solve output formats (Nagoya rover, 10 epochs)", () => {
  let obs: string;
  let nav: string;
  let sols: Json[];
  let leap_s: number;
  /** GPS week and second of week of the excerpt's first epoch, 2024-06-24 08:20:00 GPST. */
  let week: number;
  let tow0: number;

  const solve = async (...args: string[]) => {
    const r = await runCli(["solve", "-q", ...args, obs, nav]);
    expect(stackFrames(r.stderr)).toEqual([]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    ensureBuilt();
    const dir = mkdtempSync(path.join(tmpdir(), "beidou-fmt-"));
    const lines = readFileSync(path.join(NAGOYA, "rover.obs"), "latin1").split("\n");
    const starts = lines.flatMap((l, i) => (l.startsWith("> ") ? [i] : [])).slice(0, N_EPOCHS + 1);
    obs = path.join(dir, "rover10.obs");
    writeFileSync(obs, `${lines.slice(0, starts[N_EPOCHS]).join("\n")}\n`);
    nav = path.join(NAGOYA, "base.nav");
    leap_s = Number(/^\s*(\d+)\s+.*LEAP SECONDS/m.exec(lines.slice(0, starts[0]).join("\n"))?.[1]);
    const gps_s = (Date.UTC(2024, 5, 24, 8, 20, 0) - Date.UTC(1980, 0, 6)) / 1000;
    week = Math.floor(gps_s / 604800);
    tow0 = gps_s - week * 604800;
    sols = nonEmptyLines(await solve("--format", "jsonl")).map((l) => JSON.parse(l));
  });

  it("jsonl: one JSON object per epoch, GPS week/second and calendar time right, position near the surveyed rover", () => {
    expect(leap_s).toBe(18);
    expect(sols).toHaveLength(N_EPOCHS);
    const [lat, lon, h] = readFileSync(path.join(NAGOYA, "rover_position.txt"), "utf8")
      .trim()
      .split(/\s+/)
      .map(Number);
    let worst = 0;
    sols.forEach((s, k) => {
      expect(s.status).toBe("single");
      expect(s.week).toBe(week);
      expect(s.tow_s).toBe(tow0 + k);
      expect(s.time_gpst).toBe(`2024/06/24 08:20:${String(k).padStart(2, "0")}.000`);
      const dn = ((s.lat_deg - lat) * Math.PI * 6_356_000) / 180;
      const de = ((s.lon_deg - lon) * Math.PI * 6_378_000 * Math.cos((lat * Math.PI) / 180)) / 180;
      worst = Math.max(worst, Math.hypot(dn, de, s.h_m - h));
    });
    console.log(
      `jsonl: worst 3D distance to the surveyed rover ${worst.toFixed(2)} m over ${N_EPOCHS} single-point epochs`,
    );
    expect(worst).toBeLessThan(10);
  });

  it("nmea: CR LF, valid checksums, one GGA and one RMC per epoch, UTC = GPST - leap seconds, same position as jsonl", async () => {
    const raw = await solve("--format", "nmea");
    // NMEA 0183: every sentence ends with CR LF
    expect(raw.endsWith("\r\n")).toBe(true);
    expect(raw.replace(/\r\n/g, "").includes("\n")).toBe(false);
    const lines = raw.split("\r\n").filter((l) => l.length > 0);
    for (const l of lines) expect(nmeaChecksumOk(l), l).toBe(true);
    const gga = lines.filter((l) => /^\$..GGA,/.test(l));
    const rmc = lines.filter((l) => /^\$..RMC,/.test(l));
    expect(gga).toHaveLength(N_EPOCHS);
    expect(rmc).toHaveLength(N_EPOCHS);
    let worst_deg = 0;
    gga.forEach((l, k) => {
      const f = l.split("*")[0].split(",");
      const utc = new Date(Date.UTC(2024, 5, 24, 8, 20, k) - leap_s * 1000);
      const hhmmss = `${String(utc.getUTCHours()).padStart(2, "0")}${String(utc.getUTCMinutes()).padStart(2, "0")}${String(utc.getUTCSeconds()).padStart(2, "0")}`;
      expect(f[1].slice(0, 6)).toBe(hhmmss);
      expect(f[6]).toBe("1");
      worst_deg = Math.max(
        worst_deg,
        Math.abs(nmeaDeg(f[2], f[3]) - sols[k].lat_deg),
        Math.abs(nmeaDeg(f[4], f[5]) - sols[k].lon_deg),
      );
      expect(Math.abs(Number(f[9]) - sols[k].h_m)).toBeLessThan(0.002);
    });
    expect(worst_deg).toBeLessThan(1e-7);
    for (const l of rmc) {
      const f = l.split(",");
      expect(f[2]).toBe("A");
      expect(f[9]).toBe("240624");
    }
  });

  it("csv: a header and one row per epoch, same field count, same values as jsonl", async () => {
    const lines = nonEmptyLines(await solve("--format", "csv"));
    const header = lines[0].split(",");
    expect(header).toEqual(
      expect.arrayContaining(["time_gpst", "lat_deg", "lon_deg", "h_m", "x_m", "y_m", "z_m"]),
    );
    expect(lines).toHaveLength(N_EPOCHS + 1);
    lines.slice(1).forEach((l, k) => {
      const f = l.split(",");
      expect(f).toHaveLength(header.length);
      const col = (name: string) => f[header.indexOf(name)];
      expect(col("time_gpst")).toBe(sols[k].time_gpst);
      for (const name of ["lat_deg", "lon_deg"])
        expect(Math.abs(Number(col(name)) - sols[k][name])).toBeLessThan(1e-8);
      for (const name of ["x_m", "y_m", "z_m", "h_m"])
        expect(Math.abs(Number(col(name)) - sols[k][name])).toBeLessThan(1e-3);
    });
  });

  it("pos (default xyz, week/tow): RTKLIB-style header, rows with week, tow and the jsonl ECEF position", async () => {
    const lines = nonEmptyLines(await solve());
    const header = lines.filter((l) => l.startsWith("%"));
    const rows = lines.filter((l) => !l.startsWith("%"));
    expect(header[header.length - 1]).toMatch(/GPST\s+x-ecef\(m\)\s+y-ecef\(m\)\s+z-ecef\(m\)\s+Q\s+ns/);
    expect(rows).toHaveLength(N_EPOCHS);
    rows.forEach((l, k) => {
      const f = l.trim().split(/\s+/).map(Number);
      expect(f[0]).toBe(week);
      expect(f[1]).toBe(tow0 + k);
      expect(Math.abs(f[2] - sols[k].x_m)).toBeLessThan(1e-3);
      expect(Math.abs(f[3] - sols[k].y_m)).toBeLessThan(1e-3);
      expect(Math.abs(f[4] - sols[k].z_m)).toBeLessThan(1e-3);
      expect(f[5]).toBe(5);
    });
  });

  it("pos --coords llh --time-format cal: header has latitude(deg), rows start with the calendar time", async () => {
    const lines = nonEmptyLines(await solve("--coords", "llh", "--time-format", "cal"));
    const header = lines.filter((l) => l.startsWith("%"));
    const rows = lines.filter((l) => !l.startsWith("%"));
    expect(header.join("\n")).toContain("latitude(deg)");
    expect(header.join("\n")).toContain("longitude(deg)");
    expect(rows).toHaveLength(N_EPOCHS);
    rows.forEach((l, k) => {
      expect(l.startsWith(`2024/06/24 08:20:${String(k).padStart(2, "0")}.000`)).toBe(true);
      const f = l.trim().split(/\s+/);
      expect(Math.abs(Number(f[2]) - sols[k].lat_deg)).toBeLessThan(1e-8);
      expect(Math.abs(Number(f[3]) - sols[k].lon_deg)).toBeLessThan(1e-8);
      expect(Math.abs(Number(f[4]) - sols[k].h_m)).toBeLessThan(1e-3);
      expect(f[5]).toBe("5");
    });
  });

  it("--out FILE writes the same as stdout", async () => {
    const out = path.join(path.dirname(obs), "out.pos");
    const stdout = await solve("--coords", "llh");
    await solve("--coords", "llh", "--out", out);
    expect(readFileSync(out, "utf8")).toBe(stdout);
  });
});
