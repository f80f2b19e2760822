// `beidou info` on real files, run as the built command. References: the facts stated in each data folder's
// PROVENANCE.md (written from the files' origin, not from this code), plain-text scans of the files done here
// with regular expressions (epoch lines, satellite fields, record starts, header labels), and the plain-RINEX
// twin of a Hatanaka file.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { DATA, ensureBuilt, nonEmptyLines, runCli, stackFrames } from "./cli-harness.js";

const ESBC = path.join(DATA, "esbc-2020-177-station");
const NAGOYA = path.join(DATA, "rtk-static-nagoya-2024-176");
const ACOR = path.join(DATA, "hatanaka-pair-acor-2021-355");
const HAVE_DATA = existsSync(ESBC) && existsSync(NAGOYA) && existsSync(ACOR);
if (!HAVE_DATA) console.log(`cli-info: ${DATA} (or one of its folders) absent, real-data tests skipped`);

// biome-ignore lint/suspicious/noExplicitAny: JSON from the command under test
type Json = any;

function readPlain(file: string): string {
  const buf = readFileSync(file);
  return (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("latin1");
}

/** "C05-C14" -> C05..C14 */
function expand(ranges: string): string[] {
  const out: string[] = [];
  for (const r of ranges.split(/[ ,]+/)) {
    const m = /^([A-Z])(\d\d)(?:[-\u2013]\1?(\d\d))?$/.exec(r);
    if (!m) throw new Error(`bad range ${r}`);
    const a = Number(m[2]);
    const b = m[3] ? Number(m[3]) : a;
    for (let k = a; k <= b; k++) out.push(`${m[1]}${String(k).padStart(2, "0")}`);
  }
  return out;
}

/** Independent scan of a plain RINEX 3 observation file: epoch lines and satellite fields. */
function scanObs(text: string): {
  epochs: number;
  first: string;
  last: string;
  sats: Map<string, Set<string>>;
} {
  const lines = text.split(/\r?\n/);
  const end = lines.findIndex((l) => l.slice(60).startsWith("END OF HEADER"));
  const epochLines = lines
    .slice(end + 1)
    .filter((l) => /^> \d{4}/.test(l) && (l[31] === "0" || l[31] === "1"));
  const sats = new Map<string, Set<string>>();
  for (const l of lines.slice(end + 1)) {
    const m = /^([CGERJSI])(\d\d)/.exec(l);
    if (!m) continue;
    if (!sats.has(m[1])) sats.set(m[1], new Set());
    sats.get(m[1])?.add(`${m[1]}${m[2]}`);
  }
  const label = (l: string) => {
    const [, y, mo, d, h, mi, s] = l.split(/\s+/);
    return `${y}/${mo.padStart(2, "0")}/${d.padStart(2, "0")} ${h.padStart(2, "0")}:${mi.padStart(2, "0")}:${String(Math.round(Number(s))).padStart(2, "0")}`;
  };
  return {
    epochs: epochLines.length,
    first: label(epochLines[0]),
    last: label(epochLines[epochLines.length - 1]),
    sats,
  };
}

/** Independent count of navigation records per system: record-start lines after the header. */
function scanNavRecords(text: string): Map<string, number> {
  const lines = text.split(/\r?\n/);
  const end = lines.findIndex((l) => l.slice(60).startsWith("END OF HEADER"));
  const counts = new Map<string, number>();
  for (const l of lines.slice(end + 1)) {
    const m = /^([CGERJSI])\d\d \d{4} /.exec(l);
    if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  return counts;
}

async function infoJson(...files: string[]): Promise<Json[]> {
  const r = await runCli(["info", "--format", "json", ...files]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe.skipIf(!HAVE_DATA)("beidou info (real files)", () => {
  beforeAll(() => ensureBuilt());

  it("ESBC Hatanaka+gzip observations: RINEX 3.05, CRINEX 3.0, 2880 epochs at 30 s, BDS B1I/B3I/B2I, satellites as in PROVENANCE", async () => {
    const file = path.join(ESBC, "ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz");
    const [info] = await infoJson(file);
    expect(info.kind).toBe("observation");
    expect(info.description).toMatch(/RINEX 3\.05 observation.*Hatanaka CRINEX 3\.0.*gzip/);
    expect(info.version).toBe(3.05);
    expect(info.crinex_version).toBe(3);
    expect(info.compression).toBe("gzip");
    expect(info.epochs).toBe(2880);
    expect(info.interval_s).toBe(30);
    expect(info.header_interval_s).toBe(30);
    expect(info.missing_epochs).toBe(0);
    expect(info.first_epoch).toBe("2020/06/25 00:00:00");
    expect(info.last_epoch).toBe("2020/06/25 23:59:30");
    expect(info.time_system).toBe("GPST");
    expect(info.receiver).toMatch(/SEPT POLARX5/);
    expect(info.antenna).toMatch(/ASH701945E_M/);
    // header APPROX POSITION XYZ as quoted in PROVENANCE.md
    const ref = [3582105.291, 532589.7313, 5232754.8054];
    for (let k = 0; k < 3; k++) expect(Math.abs(info.approx_position_ecef_m[k] - ref[k])).toBeLessThan(1e-3);
    // BDS C2I C6I C7I (+L/D/S), alphabetical order in this file: B1I, B3I, B2I
    expect(info.signals.C.map((g: Json) => g.signal)).toEqual(["B1I", "B3I", "B2I"]);
    expect(info.signals.C[0].codes.slice().sort()).toEqual(["C2I", "D2I", "L2I", "S2I"]);
    expect(info.satellite_ids.C).toEqual(expand("C05-C14 C16 C19-C30 C32-C37"));
    expect(info.issue_count).toBe(0);
    console.log(`ESBC: ${info.epochs} epochs, satellites ${JSON.stringify(info.satellites)}`);

    const text = await runCli(["info", file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("RINEX 3.05");
    expect(text.stdout).toContain("Hatanaka");
    expect(text.stdout).toMatch(/2880 epochs, interval 30 s/);
    expect(text.stdout).toMatch(/C: B1I \(.*\), B3I \(.*\), B2I \(/);
    // the PRN ranges exactly as PROVENANCE.md writes them
    expect(text.stdout).toContain("C: C05-C14 C16 C19-C30 C32-C37");
  });

  it("Hatanaka file and its plain-RINEX twin (ACOR): same content, epochs and satellites as a text scan", async () => {
    const crx = path.join(ACOR, "ACOR00ESP_R_20213550000_01D_30S_MO.crx");
    const rnx = path.join(ACOR, "ACOR00ESP_R_20213550000_01D_30S_MO.rnx");
    const [a, b] = await infoJson(crx, rnx);
    expect(a.description).toMatch(/Hatanaka CRINEX 3\.0/);
    expect(b.description).toMatch(/plain text/);
    const strip = (x: Json) => {
      const { file, description, format, crinex_version, compression, ...rest } = x;
      return rest;
    };
    expect(strip(a)).toEqual(strip(b));
    const scan = scanObs(readPlain(rnx));
    expect(b.epochs).toBe(scan.epochs);
    expect(b.first_epoch).toBe(scan.first);
    expect(b.last_epoch).toBe(scan.last);
    for (const [sys, set] of scan.sats) expect(b.satellite_ids[sys]).toEqual([...set].sort());
    expect(b.satellites_total).toBe([...scan.sats.values()].reduce((n, s) => n + s.size, 0));
    console.log(`ACOR: ${b.epochs} epochs, ${b.satellites_total} satellites, crx = rnx`);
  });

  it("Nagoya rover.obs: 301 epochs at 1 s, BDS satellites as in PROVENANCE and as a text scan; X1 channel codes are not signals", async () => {
    const file = path.join(NAGOYA, "rover.obs");
    const [info] = await infoJson(file);
    const scan = scanObs(readPlain(file));
    expect(info.epochs).toBe(301);
    expect(scan.epochs).toBe(301);
    expect(info.interval_s).toBe(1);
    expect(info.first_epoch).toBe(scan.first);
    expect(info.last_epoch).toBe(scan.last);
    for (const [sys, set] of scan.sats) expect(info.satellite_ids[sys]).toEqual([...set].sort());
    expect(info.satellite_ids.C.slice().sort()).toEqual(
      expand("C01-C05 C59 C60 C06-C10 C13 C16 C38-C40 C23-C25 C27 C28 C30 C32 C33 C41").sort(),
    );
    expect(info.signals.C.map((g: Json) => g.signal)).toEqual(["B1I", "B2I", "B3I"]);
    for (const groups of Object.values(info.signals) as Json[][])
      for (const g of groups) expect(g.codes.some((c: string) => c[0] === "X")).toBe(false);
    expect(info.receiver).toMatch(/SEPT MOSAIC-X5/);
  });

  it("Nagoya base.nav: records per system as in PROVENANCE (C 32, G 13, R 19, E 67, J 3), BDS orbit kinds, iono models of the header", async () => {
    const file = path.join(NAGOYA, "base.nav");
    const [info] = await infoJson(file);
    const total = (sys: string) =>
      Object.values(info.records[sys] ?? {}).reduce((a: number, b) => a + (b as number), 0);
    const want: Record<string, number> = { C: 32, G: 13, R: 19, E: 67, J: 3 };
    for (const [sys, n] of Object.entries(want)) expect(total(sys), sys).toBe(n);
    const scan = scanNavRecords(readPlain(file));
    for (const [sys, n] of scan) expect(total(sys), `${sys} vs text scan`).toBe(n);
    expect(info.records_total).toBe(134);
    // PROVENANCE: GEO C01-C05 (+ BDS-3 GEO C59, C60), IGSO C06-C10 C13 C16 C38-C40, MEO C23-C25 C27 C28 C30 C32 C33 C41
    const kinds = info.bds_orbit_kinds;
    for (const s of expand("C01-C05 C59 C60")) expect(kinds.GEO, s).toContain(s);
    for (const s of expand("C06-C10 C13 C16 C38-C40")) expect(kinds.IGSO, s).toContain(s);
    for (const s of expand("C23-C25 C27 C28 C30 C32 C33 C41")) expect(kinds.MEO, s).toContain(s);
    // header IONOSPHERIC CORR labels -> models
    const header = readPlain(file).split("END OF HEADER")[0];
    const labels = new Set([...header.matchAll(/^(\S+)\s.*IONOSPHERIC CORR/gm)].map((m) => m[1]));
    const expected = new Set<string>();
    if (labels.has("GPSA")) expected.add("GPS Klobuchar");
    if (labels.has("BDSA")) expected.add("BDS Klobuchar");
    if (labels.has("QZSA")) expected.add("QZSS Klobuchar");
    if (labels.has("GAL")) expected.add("NeQuick-G");
    expect(new Set(info.iono)).toEqual(expected);
    console.log(
      `base.nav: ${JSON.stringify(info.records)}; BDS kinds ${JSON.stringify(Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, (v as string[]).length])))}`,
    );
  });

  it("ESBC navigation (gzip): per-system records match a text scan, SBAS skipped and counted, GEO C05 classified GEO", async () => {
    const file = path.join(ESBC, "ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
    const [info] = await infoJson(file);
    const scan = scanNavRecords(readPlain(file));
    for (const [sys, n] of scan) {
      if (sys === "S") {
        expect(info.notes.join(" ")).toContain(`skipped ${n} SBAS`);
        continue;
      }
      const got = Object.values(info.records[sys]).reduce((a: number, b) => a + (b as number), 0);
      expect(got, sys).toBe(n);
    }
    expect(info.bds_orbit_kinds.GEO).toEqual(["C05"]);
    expect(info.bds_orbit_kinds.IGSO).toEqual(expand("C06-C10 C13 C16"));
  });

  it("SP3 Sta21114: SP3-d, IAC, 97 epochs at 15 min, 121 satellites of which 40 BDS", async () => {
    const file = path.join(ESBC, "Sta21114.sp3.gz");
    const [info] = await infoJson(file);
    expect(info.kind).toBe("sp3");
    expect(info.version).toBe("d");
    expect(info.agency).toBe("IAC");
    expect(info.epochs).toBe(97);
    expect(info.interval_s).toBe(900);
    expect(info.satellites_total).toBe(121);
    expect(info.satellites.C).toBe(40);
    expect(info.time_system).toBe("GPST");
    const epochLines = readPlain(file)
      .split("\n")
      .filter((l) => l.startsWith("*  ")).length;
    expect(info.epochs).toBe(epochLines);
    expect(info.first_epoch).toBe("2020/06/25 00:00:00");
  });

  it("RINEX clock (GRG, 30 s): epochs and satellites as a text scan of the AS records, no BDS", async () => {
    const file = path.join(ESBC, "GRG0MGXFIN_20201770000_01D_30S_CLK.CLK.gz");
    const [info] = await infoJson(file);
    const text = readPlain(file);
    const sats = new Set<string>();
    const epochs = new Set<string>();
    for (const m of text.matchAll(/^AS ([A-Z]\d\d) +(\d{4} +\d+ +\d+ +\d+ +\d+ +[\d.]+)/gm)) {
      sats.add(m[1]);
      epochs.add(m[2]);
    }
    expect(info.kind).toBe("clock");
    expect(info.epochs).toBe(epochs.size);
    expect(info.epochs).toBe(2880);
    expect(info.interval_s).toBe(30);
    expect(info.satellites_total).toBe(sats.size);
    expect(info.satellites.C).toBeUndefined();
  });

  it("several files, one unreadable: the others are described, one error line names the bad file, exit 1", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "beidou-info-"));
    const junk = path.join(dir, "junk.bin");
    writeFileSync(junk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]));
    const r = await runCli(["info", path.join(NAGOYA, "base.nav"), junk, path.join(dir, "missing.obs"), dir]);
    expect(r.code).toBe(1);
    expect(stackFrames(r.stderr)).toEqual([]);
    const errs = nonEmptyLines(r.stderr);
    expect(errs).toHaveLength(3);
    expect(errs[0]).toMatch(
      new RegExp(`^error: ${junk.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, line 1: not a file beidou reads`),
    );
    expect(errs[1]).toBe(`error: ${path.join(dir, "missing.obs")}: no such file`);
    expect(errs[2]).toBe(`error: ${dir}: is a directory, not a file`);
    expect(r.stdout).toContain("RINEX 3.04 navigation");
  });
});
