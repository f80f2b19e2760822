// Broadcast BDS satellite positions and clocks against RTKLIB 2.4.3 b34 (rtklib-reference/satpos_*.csv):
// for every row, the EphemerisStore built from the same navigation file, asked at the row's transmission
// time (GPST), must agree within 1 cm in position and 0.1 ns in clock. GEO satellites (C01-C05, C59, C60)
// are included; the GEO transformation is chosen from the orbit, never from the PRN.
// Reference rows: positions at transmission time, no Earth-rotation correction; clocks with the
// relativistic term, without TGD (see each rtklib-reference/README.md).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseRinexNav } from "../src/formats/rinex/nav.js";
import type { Ephemeris } from "../src/orbits/ephemeris.js";
import { EphemerisStore } from "../src/orbits/ephemeris-store.js";
import { diffSeconds, formatCalendar, fromCalendar, type Instant } from "../src/time/instant.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/data");
if (!existsSync(DATA)) console.log(`orbits-rtklib: ${DATA} absent, real-data tests skipped`);

function readText(file: string): string {
  const buf = readFileSync(file);
  return (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("latin1");
}

function parseTime(s: string): Instant {
  const m = /^(\d+)\/(\d+)\/(\d+) (\d+):(\d+):([\d.]+)$/.exec(s.trim());
  if (!m) throw new Error(`bad time ${s}`);
  return fromCalendar("GPST", {
    year: +m[1],
    month: +m[2],
    day: +m[3],
    hour: +m[4],
    minute: +m[5],
    second: +m[6],
  });
}

const CASES: Array<{ name: string; nav: string[]; csv: string; maxOlderRecordRows?: number }> = [
  {
    name: "ESBC 2020-177 (RINEX 3.05)",
    nav: ["esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz"],
    csv: "esbc-2020-177-station/rtklib-reference/satpos_bds_broadcast.csv",
  },
  {
    name: "Nagoya 2024-176 (RINEX 3.04, GEO C01-C05 C59 C60)",
    nav: ["rtk-static-nagoya-2024-176/base.nav"],
    csv: "rtk-static-nagoya-2024-176/rtklib-reference/satpos_bds_broadcast_rover.csv",
  },
  {
    name: "KMS3 2022-159 (RINEX 4.00)",
    nav: ["bds3-signals-kms3-2022-159/KMS300DNK_R_20221591000_01H_MN.rnx.gz"],
    csv: "bds3-signals-kms3-2022-159/rtklib-reference/satpos_bds_broadcast.csv",
    // RTKLIB b34 computed C29 from its 09:00 BDT record although the 10:00 one is present and closer
    maxOlderRecordRows: 1,
  },
  {
    name: "UrbanNav 2019-118 (RINEX 3.02 BDS-only)",
    nav: ["urbannav-tst-2019-118-kinematic/hksc1180.19b"],
    csv: "urbannav-tst-2019-118-kinematic/rtklib-reference/satpos_bds_broadcast.csv",
  },
  {
    name: "u-blox F9R RTCM 1042 via convbin (RINEX 3.04)",
    nav: ["rtcm3-bds-streams/rtklib-reference/gpsd_ublox-zed-f9r.nav"],
    csv: "rtcm3-bds-streams/rtklib-reference/f9r_satpos_bds_broadcast.csv",
  },
];

describe.skipIf(!existsSync(DATA))("BDS broadcast orbits vs RTKLIB satpos", () => {
  for (const c of CASES) {
    it(`${c.name}: every row within 1 cm / 0.1 ns`, () => {
      const store = new EphemerisStore();
      for (const f of c.nav) {
        const r = parseRinexNav(readText(path.join(DATA, f)), f);
        store.addNavigation(r.data);
      }
      const rows = readText(path.join(DATA, c.csv)).trim().split("\n").slice(1);
      expect(rows.length).toBeGreaterThan(0);
      let worstPos = 0;
      let worstClk = 0;
      let worstPosRow = "";
      const kinds = new Set<string>();
      const explained: string[] = [];
      for (const row of rows) {
        const [, sat, tx, x, y, z, clk] = row.split(",");
        const s = store.state(sat, parseTime(tx));
        if (typeof s === "string") throw new Error(`${c.name} ${sat} at ${tx}: ${s}`);
        kinds.add(`${sat}:${s.kind}`);
        const dPos = Math.hypot(s.pos[0] - +x, s.pos[1] - +y, s.pos[2] - +z);
        const dClk = Math.abs(s.clockBias_s - +clk);
        if (dPos > 0.01 || dClk > 1e-10) {
          // RTKLIB chooses records by its own rule; find the record it must have used before blaming the orbit.
          const t = parseTime(tx);
          const ours = s.ephemeris as Ephemeris;
          const match = store.records(sat).find((e) => {
            const o = store.stateFrom(e, t);
            return (
              typeof o !== "string" &&
              Math.hypot(o.pos[0] - +x, o.pos[1] - +y, o.pos[2] - +z) < 0.01 &&
              Math.abs(o.clockBias_s - +clk) < 1e-10
            );
          });
          const ageOf = (e: Ephemeris) => Math.abs(diffSeconds(t, e.toe));
          console.log(
            `${c.name} ${sat} ${tx}: dpos ${dPos.toFixed(4)} m dclk ${(dClk * 1e9).toFixed(4)} ns with toe ${formatCalendar(ours.toe, 0)} ${ours.toe.scale} (|t-toe| ${ageOf(ours).toFixed(0)} s); ` +
              (match
                ? `RTKLIB used toe ${formatCalendar(match.toe, 0)} (|t-toe| ${ageOf(match).toFixed(0)} s), which we reproduce`
                : "no record reproduces RTKLIB"),
          );
          // explained only when RTKLIB's record reproduces it and ours is the one closer to t
          if (match && ageOf(ours) < ageOf(match)) {
            explained.push(`${sat} ${tx}`);
            continue;
          }
        }
        if (dPos > worstPos) {
          worstPos = dPos;
          worstPosRow = `${sat} ${tx}`;
        }
        worstClk = Math.max(worstClk, dClk);
      }
      console.log(
        `${c.name}: ${rows.length} rows, worst |dpos| ${(worstPos * 1000).toFixed(2)} mm (${worstPosRow}), worst |dclk| ${(worstClk * 1e12).toFixed(2)} ps; RTKLIB on an older record: ${explained.length ? explained.join(", ") : "none"}; kinds ${[...kinds].filter((k) => !k.endsWith("MEO")).join(" ")}`,
      );
      expect(worstPos).toBeLessThan(0.01);
      expect(worstClk).toBeLessThan(1e-10);
      // rows where RTKLIB used an older record than the closest-toe one: a handful at most
      expect(explained.length).toBeLessThanOrEqual(c.maxOlderRecordRows ?? 0);
    });
  }
});
