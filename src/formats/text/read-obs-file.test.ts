// Node adapter tests: real files found by content (gzip, Hatanaka, RINEX version), the 24 h ESBC file
// against the performance target, damaged and wrong files.

import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../core/errors.js";
import { type ObsEpoch, obsValue } from "../../signals/observation.js";
import { fromCalendar } from "../../time/instant.js";
import { sniffFile } from "./file-lines.js";
import { openObsFile, readObsFile } from "./read-obs-file.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const DATA = path.resolve(ROOT, "../shared/data");
const HAVE_DATA = existsSync(DATA);
if (!HAVE_DATA) console.log(`read-obs-file.test: ${DATA} not found; real-data tests skipped`);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function text(file: string): string {
  const b = readFileSync(file);
  return (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString("latin1");
}

async function readAll(file: string) {
  const obs = await openObsFile(file);
  const epochs: ObsEpoch[] = [];
  for await (const ep of obs.epochs) epochs.push(ep);
  return { obs, epochs };
}

describe.skipIf(!HAVE_DATA)("openObsFile on the shared data", () => {
  it("ESBC 24 h .crx.gz: 2880 epochs from 2020-06-25 00:00:00 GPST, well under 3 s, flat memory", async () => {
    const file = path.join(DATA, "esbc-2020-177-station", "ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz");
    const heap0 = process.memoryUsage().heapUsed;
    let heapMax = heap0;
    const t0 = performance.now();
    const obs = await openObsFile(file);
    let n = 0;
    let values = 0;
    let first: ObsEpoch | undefined;
    let last: ObsEpoch | undefined;
    for await (const ep of obs.epochs) {
      if (n === 0) first = ep;
      last = ep;
      n++;
      values += ep.values.length;
      if ((n & 255) === 0) heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
    }
    const ms = performance.now() - t0;
    console.log(
      `ESBC .crx.gz -> ${n} epochs, ${values} values in ${ms.toFixed(0)} ms; heap grew at most ${((heapMax - heap0) / 2 ** 20).toFixed(0)} MiB while reading`,
    );
    expect(obs.issues).toEqual([]);
    expect(n).toBe(2880);
    expect(ms).toBeLessThan(3000);
    expect(heapMax - heap0).toBeLessThan(256 * 2 ** 20);
    expect(obs.header.format).toBe("CRINEX");
    expect(obs.header.version).toBe(3.05);
    expect(obs.header.obsCodes.get("C")).toEqual([
      "C2I",
      "C6I",
      "C7I",
      "D2I",
      "D6I",
      "D7I",
      "L2I",
      "L6I",
      "L7I",
      "S2I",
      "S6I",
      "S7I",
    ]);
    const t = fromCalendar("GPST", { year: 2020, month: 6, day: 25, hour: 0, minute: 0, second: 0 });
    expect(first?.time).toEqual(t);
    expect(last?.time).toEqual({ ...t, sec: t.sec + 86370 });
    // the first epoch's values are written whole ("3&value") in the compact text: read them naively
    const lines = text(file).split("\n");
    const e0 = lines.findIndex((l) => l.startsWith("> 2020 06 25"));
    const sats = lines[e0].slice(41).match(/.{3}/g) as string[];
    for (let i = 0; i < 5; i++) {
      const field = lines[e0 + 2 + i].split(" ")[0];
      const want = field.includes("&") ? Number(field.split("&")[1]) / 1000 : Number.NaN;
      const k = (first as ObsEpoch).sats.indexOf(sats[i]);
      expect(obsValue(first as ObsEpoch, k, (first as ObsEpoch).codes[k][0])).toBe(want);
    }
  });

  it("every observation file in the shared data reads without issues, with the expected epoch count", async () => {
    const known: Record<string, number> = {
      "ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz": 2880,
      "ACOR00ESP_R_20213550000_01D_30S_MO.crx": 25,
      "KMS300DNK_R_20221591000_01H_30S_MO.crx": 19,
    };
    let files = 0;
    for (const file of walk(DATA)) {
      const s = await sniffFile(file);
      if (s.kind !== "rinex-obs" && s.kind !== "crinex") continue;
      files++;
      const name = path.basename(file);
      let expected = known[name];
      if (expected === undefined) {
        // plain RINEX 3: count epoch lines with flag 0 or 1 by a naive scan
        expected = text(file)
          .split("\n")
          .filter((l) => l.startsWith(">") && (l[31] === "0" || l[31] === "1")).length;
      }
      const { obs, epochs } = await readAll(file);
      expect({ name, issues: obs.issues }).toEqual({ name, issues: [] });
      expect({ name, n: epochs.length }).toEqual({ name, n: expected });
    }
    console.log(`${files} observation files read without issues`);
    expect(files).toBeGreaterThanOrEqual(12);
  });

  it("sniffs formats by content", async () => {
    const expectations: [string, string, number | undefined, string][] = [
      ["esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz", "crinex", 3.05, "gzip"],
      ["esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz", "rinex-nav", 3.05, "gzip"],
      ["esbc-2020-177-station/GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz", "sp3", 3, "gzip"],
      ["esbc-2020-177-station/Sta21114.sp3.gz", "sp3", 4, "gzip"],
      ["esbc-2020-177-station/GRG0MGXFIN_20201770000_01D_30S_CLK.CLK.gz", "rinex-clk", 3, "gzip"],
      ["android-gnsslogger-galaxys8-2017-278/PERT00AUS_R_20172780000_01D_MN.rnx", "rinex-nav", 3.02, "none"],
      ["urbannav-tst-2019-118-kinematic/hksc1180.19b", "rinex-nav", 3.02, "none"],
      ["android-rinex-xiaomi-2024-092/GEOP092I.24o.gz", "rinex-obs", 3.03, "gzip"],
      ["bds3-signals-kms3-2022-159/KMS300DNK_R_20221591000_01H_30S_MO.crx", "crinex", 4, "none"],
      ["android-gnsslogger-galaxys8-2017-278/SensorLog20171005.txt", "unknown", undefined, "none"],
      ["ubx-bds-logs/navsol_F9T-L2-5min.ubx.gz", "unknown", undefined, "gzip"],
    ];
    for (const [rel, kind, version, compression] of expectations) {
      const s = await sniffFile(path.join(DATA, rel));
      expect({ rel, kind: s.kind, version: s.version, compression: s.compression }).toEqual({
        rel,
        kind,
        version,
        compression,
      });
    }
    expect(
      (
        await sniffFile(
          path.join(DATA, "hatanaka-pair-acor-2021-355", "ACOR00ESP_R_20213550000_01D_30S_MO.crx"),
        )
      ).crinexVersion,
    ).toBe(3);
  });

  it("a navigation file is refused as observation data", async () => {
    const file = path.join(
      DATA,
      "android-gnsslogger-galaxys8-2017-278",
      "PERT00AUS_R_20172780000_01D_MN.rnx",
    );
    await expect(openObsFile(file)).rejects.toThrow(DecodeError);
    await expect(openObsFile(file)).rejects.toThrow(/navigation/);
  });

  it("a truncated gzip stream: reported, the epochs before the cut kept", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "beidou-obs-"));
    const rnx = readFileSync(
      path.join(DATA, "hatanaka-pair-acor-2021-355", "ACOR00ESP_R_20213550000_01D_30S_MO.rnx"),
    );
    const gz = gzipSync(rnx);
    const file = path.join(dir, "cut.rnx.gz");
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const whole = path.join(dir, "whole.rnx.gz");
    writeFileSync(whole, gz);
    const ref = (await readAll(whole)).epochs;
    expect(ref.length).toBe(25);
    const { obs, epochs } = await readAll(file);
    expect(obs.issues.some((i) => i.code === "truncated")).toBe(true);
    expect(epochs.length).toBeGreaterThan(5);
    expect(epochs.length).toBeLessThan(25);
    epochs.forEach((ep, k) => {
      expect(ep.time).toEqual(ref[k].time);
      expect(Array.from(ep.values)).toEqual(Array.from(ref[k].values));
    });
  });

  it("readObsFile yields the same epochs and reports the header first", async () => {
    const file = path.join(DATA, "hatanaka-pair-acor-2021-355", "ACOR00ESP_R_20213550000_01D_30S_MO.crx");
    let header: unknown;
    let n = 0;
    for await (const ep of readObsFile(file, { onHeader: (h) => (header = h) })) {
      expect(header).toBeDefined();
      expect(ep.sats.length).toBeGreaterThan(0);
      n++;
    }
    expect(n).toBe(25);
  });
});

describe("openObsFile errors", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "beidou-obs-"));

  it("a corrupt header names file and line", async () => {
    const file = path.join(dir, "bad.obs");
    writeFileSync(
      file,
      `${"     3.04           OBSERVATION DATA    M".padEnd(60)}RINEX VERSION / TYPE\n${"G    2 C1C L1C".padEnd(60)}SYS / # / OBS TYPES\n> 2024 01 01 00 00  0.0000000  0  1\n`,
    );
    await expect(openObsFile(file)).rejects.toMatchObject({
      name: "DecodeError",
      location: { file, line: 3 },
    });
  });

  it("compress (.Z) and unknown content are refused clearly", async () => {
    const z = path.join(dir, "x.Z");
    writeFileSync(z, Buffer.from([0x1f, 0x9d, 0x90, 0x00, 0x01]));
    await expect(openObsFile(z)).rejects.toThrow(/Unix compress/);
    const txt = path.join(dir, "x.txt");
    writeFileSync(txt, "hello\nworld\n");
    await expect(openObsFile(txt)).rejects.toThrow(/not observation data/);
    const empty = path.join(dir, "empty.obs");
    writeFileSync(empty, "");
    await expect(openObsFile(empty)).rejects.toThrow(DecodeError);
    await expect(openObsFile(path.join(dir, "missing.obs"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
