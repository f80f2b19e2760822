// RINEX navigation reader against real files in ../shared/data. References: the PROVENANCE.md record counts,
// the gfzrnx per-satellite statistics written into the ESBC header, and the numbers of each record re-read
// here by a free-format token split (not the reader's fixed columns). Units are checked against the RINEX
// definitions (GLONASS km -> m, BDS weeks, UTC -> GPST = +18 s since 2017-01-01 per IERS Bulletin C).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { GlonassEphemeris, KeplerEphemeris, NavigationData } from "../../orbits/ephemeris.js";
import { formatCalendar, toWeekTow } from "../../time/instant.js";
import { parseRinexNav } from "./nav.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..", "../shared/data");
if (!existsSync(DATA)) console.log(`nav.test: ${DATA} absent, real-data tests skipped`);

const NAV_FILES = [
  "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz",
  "rtk-static-nagoya-2024-176/base.nav",
  "urbannav-tst-2019-118-kinematic/hksc1180.19b",
  "urbannav-tst-2019-118-kinematic/hksc1180.19n",
  "bds3-signals-kms3-2022-159/KMS300DNK_R_20221591000_01H_MN.rnx.gz",
  "android-gnsslogger-galaxys8-2017-278/PERT00AUS_R_20172780000_01D_MN.rnx",
  "android-rinex-xiaomi-2024-092/CORD00ARG_R_20240920000_01D_MN.rnx.gz",
  "rtcm3-bds-streams/rtklib-reference/gpsd_ublox-zed-f9r.nav",
  "rtcm3-bds-streams/rtklib-reference/pyrtcm_pygpsdata-NTRIP-USCL00CHL0.nav",
  "ubx-bds-logs/rtklib-reference/gpsd_ublox-x20p.nav",
  "ubx-bds-logs/rtklib-reference/gpsd_ublox-zed-f9p-sfrbx.nav",
];

function readText(rel: string): string {
  const buf = readFileSync(path.join(DATA, rel));
  return (rel.endsWith(".gz") ? gunzipSync(buf) : buf).toString("latin1");
}

const cache = new Map<string, { text: string; r: ReturnType<typeof parseRinexNav> }>();
function load(rel: string) {
  let c = cache.get(rel);
  if (!c) {
    const text = readText(rel);
    c = { text, r: parseRinexNav(text, rel) };
    cache.set(rel, c);
  }
  return c;
}

// ---- an independent reading of the records: token split, no column arithmetic ----

const NUM = /[-+]?\d*\.\d+(?:[EeDd][-+]?\d+)?/g;
const num = (s: string): number => Number(s.replace(/[Dd]/, "E"));
const tokens = (s: string): number[] => (s.match(NUM) ?? []).map(num);

/** Numbers of a data line placed by where each one ends (right-justified 19-character fields from `col`). */
function placed(s: string, col: number): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  for (const m of s.matchAll(NUM)) {
    const end = (m.index ?? 0) + m[0].length;
    const k = (end - col) / 19 - 1;
    out[Number.isInteger(k) ? k : out.length] = num(m[0]);
  }
  return out;
}

interface RawRecord {
  sat: string;
  line: number;
  /** "2020/06/24 22:00:00" from the epoch line */
  epoch: string;
  /** numbers of each line by field position (line 0: the clock fields after the epoch) */
  nums: (number | undefined)[][];
}

/** Records of a RINEX 3/4 file, by sat-letter lines and indented lines; RINEX 4 `>` lines are dropped. */
function rawRecords(text: string): RawRecord[] {
  const lines = text.split(/\r?\n/);
  let i = lines.findIndex((l) => l.includes("END OF HEADER")) + 1;
  const out: RawRecord[] = [];
  for (; i < lines.length; i++) {
    const l = lines[i];
    const m = /^([GRECJ][ \d]\d) (\d{4}) (\d\d) (\d\d) (\d\d) (\d\d) (\d\d)(.*)$/.exec(l);
    if (!m) continue;
    const rec: RawRecord = {
      sat: m[1].replace(" ", "0"), // "E 1" is written by some receivers
      line: i + 1,
      epoch: `${m[2]}/${m[3]}/${m[4]} ${m[5]}:${m[6]}:${m[7]}`,
      nums: [placed(l, 23)],
    };
    while (i + 1 < lines.length && lines[i + 1].startsWith("    ")) rec.nums.push(placed(lines[++i], 4));
    out.push(rec);
  }
  return out;
}

/** Value of orbit field `f` (flattened as in the RINEX tables: 0-2 clock line, then 4 per line); undefined when blank. */
function field(rec: RawRecord, f: number): number | undefined {
  const li = f < 3 ? 0 : 1 + Math.floor((f - 3) / 4);
  const k = f < 3 ? f : (f - 3) % 4;
  return rec.nums[li]?.[k];
}

/** Worst relative difference, tracked for printing. */
class Worst {
  rel = 0;
  where = "";
  n = 0;
  check(got: number, want: number | undefined, where: string): void {
    if (want === undefined) return;
    this.n++;
    let d = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
    if (Number.isNaN(d)) d = Number.POSITIVE_INFINITY;
    if (d > this.rel) {
      this.rel = d;
      this.where = `${where}: got ${got}, text ${want}`;
    }
  }
}

const KEPLER_FIELDS: ReadonlyArray<[keyof KeplerEphemeris, number]> = [
  ["af0_s", 0],
  ["af1_sps", 1],
  ["af2_sps2", 2],
  ["crs_m", 4],
  ["deltaN_radps", 5],
  ["m0_rad", 6],
  ["cuc_rad", 7],
  ["e", 8],
  ["cus_rad", 9],
  ["sqrtA_sqrtm", 10],
  ["cic_rad", 12],
  ["omega0_rad", 13],
  ["cis_rad", 14],
  ["i0_rad", 15],
  ["crc_m", 16],
  ["omega_rad", 17],
  ["omegaDot_radps", 18],
  ["iDot_radps", 19],
];

function crossCheck(rel: string): { worst: Worst; matched: number } {
  const { text, r } = load(rel);
  const raw = rawRecords(text);
  const eph = r.data.ephemerides;
  expect(eph.length).toBe(raw.length);
  const worst = new Worst();
  for (let n = 0; n < raw.length; n++) {
    const rec = raw[n];
    const e = eph[n];
    expect(e.sat).toBe(rec.sat);
    const where = `${rel}:${rec.line} ${rec.sat}`;
    if (e.kind === "glonass") {
      expect(formatCalendar(e.toe, 0)).not.toBe("");
      worst.check(e.clockBias_s, field(rec, 0), where);
      worst.check(e.gammaN, field(rec, 1), where);
      for (let a = 0; a < 3; a++) {
        // km in the file, metres in the record
        worst.check(e.pos_m[a], (field(rec, 3 + 4 * a) ?? Number.NaN) * 1000, `${where} pos${a}`);
        worst.check(e.vel_mps[a], (field(rec, 4 + 4 * a) ?? Number.NaN) * 1000, `${where} vel${a}`);
        worst.check(e.acc_mps2[a], (field(rec, 5 + 4 * a) ?? Number.NaN) * 1000, `${where} acc${a}`);
      }
      expect(e.health).toBe(field(rec, 6));
      expect(e.frequencyChannel).toBe(field(rec, 10));
      expect(e.ageDays).toBe(field(rec, 14));
      // tb: UTC epoch of the record; GPST - UTC = 18 s after 2017-01-01
      const utc =
        (Date.parse(`${rec.epoch.replace(/\//g, "-").replace(" ", "T")}Z`) - Date.UTC(1980, 0, 6)) / 1000;
      expect(e.toe.scale).toBe("GPST");
      expect(e.toe.sec + e.toe.frac - utc).toBe(18);
      continue;
    }
    for (const [k, f] of KEPLER_FIELDS) worst.check(e[k] as number, field(rec, f), `${where} ${k}`);
    expect(formatCalendar(e.toc, 0)).toBe(rec.epoch);
    const sys = rec.sat[0];
    expect(e.toc.scale).toBe(sys === "C" ? "BDT" : sys === "E" ? "GST" : "GPST");
    // toe: (week, seconds of week) of the file, in the system's own week count (BDT weeks from 2006 for BDS)
    const wt = toWeekTow(e.toe);
    expect(wt.week).toBe(field(rec, 21));
    expect(wt.tow_s).toBe(field(rec, 11));
    const iode = field(rec, 3);
    if (iode !== undefined) expect(e.iode).toBe(iode);
    expect(e.health).toBe(field(rec, 24));
    if (sys === "C") {
      worst.check(e.groupDelays_s.TGD1, field(rec, 25), `${where} TGD1`);
      worst.check(e.groupDelays_s.TGD2, field(rec, 26), `${where} TGD2`);
      const aodc = field(rec, 28);
      if (aodc !== undefined) expect(e.iodc).toBe(aodc);
      worst.check(e.ura_m, field(rec, 23), `${where} ura`);
    } else if (sys === "E") {
      worst.check(e.groupDelays_s.BGD_E5a_E1, field(rec, 25), `${where} BGDa`);
      worst.check(e.groupDelays_s.BGD_E5b_E1, field(rec, 26), `${where} BGDb`);
      expect(e.dataSources).toBe(field(rec, 20));
      // SISA in metres; negative = no accuracy prediction available (NAPA)
      const sisa = field(rec, 23);
      if (sisa !== undefined && sisa < 0) expect(e.ura_m).toBeNaN();
      else worst.check(e.ura_m, sisa, `${where} sisa`);
    } else {
      worst.check(e.groupDelays_s.TGD, field(rec, 25), `${where} TGD`);
      expect(e.iodc).toBe(field(rec, 26));
      worst.check(e.ura_m, field(rec, 23), `${where} ura`);
    }
    const ttr = field(rec, 27);
    if (ttr !== undefined && e.ttr) {
      const t = toWeekTow(e.ttr);
      expect(((t.tow_s - ttr) % 604800) + 0).toBe(0);
    }
  }
  return { worst, matched: raw.length };
}

describe.skipIf(!existsSync(DATA))("RINEX navigation files in ../shared/data", () => {
  it.each(NAV_FILES)("%s reads with zero issues", (rel) => {
    const { r } = load(rel);
    expect(r.issues).toEqual([]);
    expect(r.data.ephemerides.length).toBeGreaterThan(0);
  });

  it("base.nav (RINEX 3.04): record counts per system and BDS PRNs as PROVENANCE.md lists them", () => {
    const { r } = load("rtk-static-nagoya-2024-176/base.nav");
    const count = (s: string) => r.data.ephemerides.filter((e) => e.sat[0] === s).length;
    expect({ C: count("C"), G: count("G"), R: count("R"), E: count("E"), J: count("J") }).toEqual({
      C: 32,
      G: 13,
      R: 19,
      E: 67,
      J: 3,
    });
    const bds = [...new Set(r.data.ephemerides.filter((e) => e.sat[0] === "C").map((e) => e.sat))].sort();
    const want = [
      "C01-C10",
      "C13",
      "C14",
      "C16",
      "C20",
      "C23-C25",
      "C27-C30",
      "C32",
      "C33",
      "C38-C41",
      "C56",
      "C58-C60",
      "C62",
    ]
      .flatMap((s) => {
        const [a, b] = s.split("-").map((x) => Number(x.replace("C", "")));
        return Array.from({ length: (b ?? a) - a + 1 }, (_, k) => `C${String(a + k).padStart(2, "0")}`);
      })
      .sort();
    expect(bds).toEqual(want);
    expect(r.data.leapSeconds).toBe(18);
  });

  it("KMS3 (RINEX 4.00): BDS D1 33 and D2 3 records per PROVENANCE.md; message types from the > EPH lines", () => {
    const { r, text } = load("bds3-signals-kms3-2022-159/KMS300DNK_R_20221591000_01H_MN.rnx.gz");
    const bds = r.data.ephemerides.filter((e) => e.sat[0] === "C");
    expect(bds.filter((e) => e.message === "D1").length).toBe(33);
    expect(bds.filter((e) => e.message === "D2").length).toBe(3);
    // every EPH line's message matches the record that follows it
    const msgs = [...text.matchAll(/^> EPH ([GRECJ]\d\d) (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(r.data.ephemerides.map((e) => `${e.sat} ${e.message}`)).toEqual(msgs);
    expect(r.notes).toEqual(["skipped 158 SBAS (S) EPH records"]);
  });

  it("ESBC (RINEX 3.05): per-satellite counts and Galileo I/NAV vs F/NAV equal gfzrnx's header statistics", () => {
    const { r, text } = load("esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
    const stats = new Map<string, number>();
    const bdsTotals = new Map<string, number>();
    for (const m of text.matchAll(/^B_STK EPH ([A-Z]\d\d) (\S+)\s.*?(\d+) COMMENT/gm)) {
      if (m[1][0] === "S") continue;
      if (m[1][0] === "C") bdsTotals.set(m[1], (bdsTotals.get(m[1]) ?? 0) + Number(m[3]));
      else stats.set(`${m[1]} ${m[2]}`, Number(m[3]));
    }
    expect(stats.size).toBeGreaterThan(50);
    const ours = new Map<string, number>();
    const oursBds = new Map<string, number>();
    for (const e of r.data.ephemerides) {
      if (e.sat[0] === "C") oursBds.set(e.sat, (oursBds.get(e.sat) ?? 0) + 1);
      else ours.set(`${e.sat} ${e.message}`, (ours.get(`${e.sat} ${e.message}`) ?? 0) + 1);
    }
    expect(ours).toEqual(stats);
    expect(oursBds).toEqual(bdsTotals);
    // RINEX 3 cannot tell D1 from D2: every BDS record is marked D1
    expect(new Set(r.data.ephemerides.filter((e) => e.sat[0] === "C").map((e) => e.message))).toEqual(
      new Set(["D1"]),
    );
    expect(r.notes).toEqual(["skipped 2130 SBAS (S) records"]);
  });

  it.each([
    "urbannav-tst-2019-118-kinematic/hksc1180.19b",
    "urbannav-tst-2019-118-kinematic/hksc1180.19n",
    "rtk-static-nagoya-2024-176/base.nav",
    "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz",
    "bds3-signals-kms3-2022-159/KMS300DNK_R_20221591000_01H_MN.rnx.gz",
    "android-gnsslogger-galaxys8-2017-278/PERT00AUS_R_20172780000_01D_MN.rnx",
    "android-rinex-xiaomi-2024-092/CORD00ARG_R_20240920000_01D_MN.rnx.gz",
    "rtcm3-bds-streams/rtklib-reference/gpsd_ublox-zed-f9r.nav",
  ])("%s: every field equals the text's numbers (token split), units as RINEX defines them", (rel) => {
    const { worst, matched } = crossCheck(rel);
    console.log(
      `${rel}: ${matched} records, ${worst.n} values, worst relative difference ${worst.rel.toExponential(2)} ${worst.where}`,
    );
    expect(worst.rel).toBeLessThanOrEqual(2e-16);
  });

  it("hksc1180.19b: BDSA/BDSB Klobuchar and BDUT equal the header text; BDT leap seconds become GPST-UTC", () => {
    const { r, text } = load("urbannav-tst-2019-118-kinematic/hksc1180.19b");
    const hdr = (key: string) => tokens(text.split("\n").find((l) => l.startsWith(key)) ?? "");
    const kl = r.data.iono.find((p) => p.kind === "klobuchar" && p.system === "C");
    expect(kl).toBeDefined();
    if (kl?.kind !== "klobuchar") return;
    expect(kl.alpha).toEqual(hdr("BDSA"));
    expect(kl.beta).toEqual(hdr("BDSB"));
    expect(kl.alpha[2]).toBe(-1.0133e-6);
    expect(kl.beta[3]).toBe(-7.4056e6);
    const bdut = r.data.timeOffsets.find((t) => t.code === "BDUT");
    expect(bdut?.a0_s).toBe(1.0244548321e-8);
    expect(bdut?.a1_sps).toBe(-2.042810365e-14);
    expect(bdut?.tref && toWeekTow(bdut.tref)).toEqual({ week: 695, tow_s: 85985 });
    // header says 4 (BDT - UTC); GPST - UTC in April 2019 is 18 s (IERS Bulletin C)
    expect(r.data.leapSeconds).toBe(18);
  });

  it("GPSA/GPSB, GAL and TIME SYSTEM CORR equal the header text (ESBC, PERT)", () => {
    for (const rel of [
      "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz",
      "android-gnsslogger-galaxys8-2017-278/PERT00AUS_R_20172780000_01D_MN.rnx",
    ]) {
      const { r, text } = load(rel);
      const lines = text.split("\n");
      const hdr = (key: string) => tokens(lines.find((l) => l.startsWith(key)) ?? "");
      const gps = r.data.iono.find((p) => p.kind === "klobuchar" && p.system === "G");
      expect(gps?.kind === "klobuchar" && gps.alpha).toEqual(hdr("GPSA"));
      expect(gps?.kind === "klobuchar" && gps.beta).toEqual(hdr("GPSB"));
      const gal = r.data.iono.find((p) => p.kind === "nequick-g");
      expect(gal?.kind === "nequick-g" && gal.ai).toEqual(hdr("GAL ").slice(0, 3));
      const gput = r.data.timeOffsets.find((t) => t.code === "GPUT");
      const line = lines.find((l) => l.startsWith("GPUT")) ?? "";
      const [a0, a1] = tokens(line);
      const [t, w] = (line.slice(38, 60).match(/\d+/g) ?? []).map(Number);
      expect(gput?.a0_s).toBe(a0);
      expect(gput?.a1_sps).toBe(a1);
      expect(gput?.tref && toWeekTow(gput.tref)).toEqual({ week: w, tow_s: t });
    }
    const pert = load("android-gnsslogger-galaxys8-2017-278/PERT00AUS_R_20172780000_01D_MN.rnx").r.data;
    expect(
      pert.iono.filter((p) => p.kind === "klobuchar").map((p) => (p.kind === "klobuchar" ? p.system : "")),
    ).toEqual(["G", "J"]);
  });

  it("KMS3 (RINEX 4.00): > ION and > STO records equal their text", () => {
    const { r, text } = load("bds3-signals-kms3-2022-159/KMS300DNK_R_20221591000_01H_MN.rnx.gz");
    const lines = text.split("\n");
    const recNums = (head: string, n: number) => {
      const i = lines.findIndex((l) => l.startsWith(head));
      return lines.slice(i + 1, i + 1 + n).flatMap((l, k) => tokens(k === 0 ? l.slice(23) : l));
    };
    const data: NavigationData = r.data;
    const g = data.iono.find((p) => p.sat === "G29");
    const gn = recNums("> ION G29 LNAV", 3);
    expect(g?.kind === "klobuchar" && [...g.alpha, ...g.beta]).toEqual(gn.slice(0, 8));
    expect(g?.time && formatCalendar(g.time, 0)).toBe("2022/06/08 09:59:48");
    const c = data.iono.find((p) => p.sat === "C08");
    const cn = recNums("> ION C08 D1D2", 3);
    expect(c?.kind === "klobuchar" && c.system).toBe("C");
    expect(c?.kind === "klobuchar" && [...c.alpha, ...c.beta]).toEqual(cn.slice(0, 8));
    expect(c?.time?.scale).toBe("BDT");
    const e = data.iono.find((p) => p.sat === "E01");
    expect(e?.kind === "nequick-g" && e.ai).toEqual(recNums("> ION E01 IFNV", 2).slice(0, 3));
    const sto = Object.fromEntries(data.timeOffsets.map((t) => [t.code, t]));
    expect(Object.keys(sto).sort()).toEqual(["GAGP", "GAUT", "GPUT"]);
    const gp = recNums("> STO G26 LNAV", 2);
    expect([sto.GPUT.a0_s, sto.GPUT.a1_sps]).toEqual(gp.slice(1, 3));
    expect(sto.GPUT.tref && formatCalendar(sto.GPUT.tref, 0)).toBe("2022/06/10 19:56:48");
    expect(sto.GAGP.a0_s).toBe(3.201421350241e-9);
  });

  it("GLONASS RINEX 3.05 optional fourth orbit line is accepted with or without it (ESBC R01)", () => {
    const { r } = load("esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
    const r01 = r.data.ephemerides.filter((e): e is GlonassEphemeris => e.sat === "R01");
    expect(r01.length).toBe(24);
    // first record: 2020-06-24 23:15:00 UTC, X = 10908.94238281 km, channel 1, tk 342000 s of week -> 23:00:00
    expect(r01[0].pos_m[0]).toBeCloseTo(10908942.38281, 5);
    expect(r01[0].frequencyChannel).toBe(1);
    expect(formatCalendar(r01[0].toe, 0)).toBe("2020/06/24 23:15:18");
    expect(r01[0].tof && formatCalendar(r01[0].tof, 0)).toBe("2020/06/24 23:00:18");
  });
});
