// Single-point positioning on real data, against RTKLIB 2.4.3's outputs for the same input and against the
// truths stated in each data set's PROVENANCE.md.
//  1. With RTKLIB's own settings (--preset rtklib: GPS Klobuchar for all, single frequency, 10 deg,
//     Saastamoinen, RTKLIB's weights) the per-epoch positions agree with RTKLIB's spp_*.pos: median 3D < 0.3 m.
//  2. With beidou's defaults, BDS-only and all-system solutions solve at least as many epochs as RTKLIB and
//     their horizontal and vertical RMS errors are no worse than RTKLIB's (+5%), both computed here by the
//     same code against the same truth. Where RTKLIB's all-system reference lost a system, beidou is compared
//     with the systems RTKLIB used, and its full run is checked and reported apart (F9R: no Galileo).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RTKLIB_SPP_OPTIONS, type SppOptions } from "../src/positioning/options.js";
import { type PositioningSystem, satSystem } from "../src/signals/system.js";
import { parsePos } from "../src/streams/sinks/pos.js";
import { toWeekTow } from "../src/time/instant.js";
import {
  accuracy,
  dataPath,
  differences,
  esbcTruth,
  f9rTruth,
  fmt,
  HAVE_DATA,
  kms3Truth,
  median,
  nagoyaTruth,
  openSolver,
  rtklibFixes,
  solveFiles,
  type Truth,
  urbanNavTruth,
} from "./support/real-data.js";

interface DataSet {
  name: string;
  files: () => string[];
  truth: () => Truth;
  /** RTKLIB output per run: bds, gps, multi */
  ref: (run: "bds" | "gps" | "multi") => string;
  /** compare the vertical too (false where the truth's height is not trustworthy) */
  vertical: boolean;
  /** Runs known to miss the mark today: the test is expected to fail (and fails when it starts passing). */
  knownGaps?: readonly ("bds" | "multi")[];
  /**
   * The systems RTKLIB's all-system reference actually used, where it lost one: beidou's all-system run is then
   * compared like for like with these, and its full run is checked apart.
   */
  rtklibMultiSystems?: readonly PositioningSystem[];
}

const ESBC = "esbc-2020-177-station";
const NAGOYA = "rtk-static-nagoya-2024-176";
const KMS3 = "bds3-signals-kms3-2022-159";
const URBAN = "urbannav-tst-2019-118-kinematic";
const RTCM = "rtcm3-bds-streams";

const sets: DataSet[] = [
  {
    name: "ESBC 24 h (Hatanaka + gzip)",
    files: () => [
      dataPath(ESBC, "ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz"),
      dataPath(ESBC, "ESBC00DNK_R_20201770000_01D_MN.rnx.gz"),
    ],
    truth: esbcTruth,
    ref: (r) => dataPath(ESBC, "rtklib-reference", `spp_${r}.pos`),
    vertical: true,
  },
  {
    name: "Nagoya rover",
    files: () => [dataPath(NAGOYA, "rover.obs"), dataPath(NAGOYA, "base.nav")],
    truth: () => nagoyaTruth("rover"),
    ref: (r) => dataPath(NAGOYA, "rtklib-reference", `spp_${r}_rover.pos`),
    vertical: true,
  },
  {
    name: "UrbanNav TST (urban canyon)",
    files: () => [
      dataPath(URBAN, "COM3_190428_124409.obs"),
      dataPath(URBAN, "hksc1180.19n"),
      dataPath(URBAN, "hksc1180.19b"),
    ],
    truth: urbanNavTruth,
    ref: (r) => dataPath(URBAN, "rtklib-reference", `spp_${r}.pos`),
    vertical: true,
  },
  {
    // beidou reads the raw receiver log (RTCM 3 MSM5 + ephemerides, interleaved with UBX and NMEA);
    // RTKLIB's reference went through convbin's RINEX of the same log
    name: "F9R log, RTCM 3 only",
    files: () => [dataPath(RTCM, "gpsd_ublox-zed-f9r.log")],
    truth: f9rTruth,
    ref: (r) => dataPath(RTCM, "rtklib-reference", `f9r_spp_${r}.pos`),
    vertical: true,
    // RTKLIB 2.4.3 used no Galileo here: convbin writes each Galileo ephemeris twice (1045 F/NAV and 1046 I/NAV,
    // same IODnav), rnx2rtkp's uniqeph keeps one record per satellite and IODnav (here the F/NAV one) and its
    // seleph then asks for I/NAV, so every Galileo satellite has "no broadcast ephemeris" (navsys=8 alone solves
    // 0 of 30 epochs). Its all-system reference is GPS+GLONASS+BDS (ns 25 = 9 + 8 + 8; checked below).
    rtklibMultiSystems: ["C", "G", "R", "J"],
  },
  {
    // Truth is the header APPROX position only, and RTKLIB 2.4.3 rejects this RINEX 4 file's `> ION` records
    // ("rinex nav toc error"), so its solution uses RTKLIB's built-in 2004 Klobuchar parameters: its height
    // against the approximate coordinate is not a reference. Horizontal is compared, vertical reported.
    name: "KMS3 (RINEX 4, Hatanaka)",
    files: () => [
      dataPath(KMS3, "KMS300DNK_R_20221591000_01H_30S_MO.crx"),
      dataPath(KMS3, "KMS300DNK_R_20221591000_01H_MN.rnx.gz"),
    ],
    truth: kms3Truth,
    ref: (r) => dataPath(KMS3, "rtklib-reference", `spp_${r}.pos`),
    vertical: false,
  },
];

const runs: { run: "bds" | "gps" | "multi"; systems: PositioningSystem[] }[] = [
  { run: "bds", systems: ["C"] },
  { run: "gps", systems: ["G"] },
  { run: "multi", systems: ["C", "G", "E", "R", "J"] },
];

describe.skipIf(!HAVE_DATA)("SPP with RTKLIB's settings reproduces RTKLIB's positions", () => {
  for (const set of sets.filter((s) => !s.name.startsWith("KMS3"))) {
    for (const { run, systems } of runs) {
      it(`${set.name}, ${run}: median 3D difference < 0.3 m, as many epochs`, async () => {
        const like = run === "multi" ? set.rtklibMultiSystems : undefined;
        const ours = await solveFiles(set.files(), { ...RTKLIB_SPP_OPTIONS, systems: like ?? systems });
        const ref = rtklibFixes(set.ref(run));
        const d = differences(ours.fixes, ref);
        console.log(
          `${set.name} ${run}: ${ours.fixes.length} solved (RTKLIB ${ref.length}), ${d.length} common epochs, median 3D ${median(d).toFixed(3)} m, 95% ${d[Math.floor(d.length * 0.95)].toFixed(3)} m`,
        );
        expect(d.length).toBeGreaterThan(0.95 * ref.length);
        expect(median(d)).toBeLessThan(0.3);
        expect(ours.fixes.length).toBeGreaterThanOrEqual(Math.floor(0.99 * ref.length));
      });
    }
  }
});

describe.skipIf(!HAVE_DATA)("SPP with beidou's defaults is at least as accurate as RTKLIB", () => {
  for (const set of sets) {
    for (const { run, systems } of runs.filter((r) => r.run !== "gps")) {
      const test = set.knownGaps?.includes(run as "bds" | "multi") ? it.fails : it;
      const like = run === "multi" ? set.rtklibMultiSystems : undefined;
      const label =
        run === "bds" ? "BDS only" : like ? `all systems RTKLIB used (${like.join(",")})` : "all systems";
      test(`${set.name}, ${label}`, async () => {
        const truth = set.truth();
        const ours = accuracy((await solveFiles(set.files(), { systems: like ?? systems })).fixes, truth);
        const rtk = accuracy(rtklibFixes(set.ref(run)), truth);
        console.log(`${set.name} ${run}\n  beidou: ${fmt(ours)}\n  RTKLIB: ${fmt(rtk)}`);
        expect(ours.solved).toBeGreaterThanOrEqual(rtk.solved);
        expect(ours.rmsH_m).toBeLessThanOrEqual(rtk.rmsH_m * 1.05);
        if (set.vertical) expect(ours.rmsU_m).toBeLessThanOrEqual(rtk.rmsU_m * 1.05);
      });
    }
  }
});

/** Solve a file set, returning per epoch (GPS time of week, rounded) the satellites used per system. */
async function satellitesUsed(
  files: string[],
  opts: Partial<SppOptions>,
): Promise<Map<number, Map<string, number>>> {
  const { obs, solver } = await openSolver(files, opts);
  const out = new Map<number, Map<string, number>>();
  for await (const ep of obs.epochs) {
    const s = solver.solve(ep);
    if (s.status === "none") continue;
    const bySys = new Map<string, number>();
    for (const sat of s.satellites)
      if (sat.used) bySys.set(satSystem(sat.sat), (bySys.get(satSystem(sat.sat)) ?? 0) + 1);
    out.set(Math.round(toWeekTow(s.time).tow_s), bySys);
  }
  return out;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe.skipIf(!HAVE_DATA)("F9R log: RTKLIB's all-system reference holds no Galileo", () => {
  const f9r = sets.find((s) => s.name.startsWith("F9R")) as DataSet;
  const refPath = () => f9r.ref("multi");

  it("RTKLIB's satellite count per epoch equals beidou's without Galileo, and falls short of it with Galileo", async () => {
    const ref = parsePos(readFileSync(refPath(), "utf8")).filter((r) => r.q !== 0 && r.tow_s !== undefined);
    const noGal = await satellitesUsed(f9r.files(), { systems: f9r.rtklibMultiSystems });
    const all = await satellitesUsed(f9r.files(), { systems: ["C", "G", "E", "R", "J"] });
    let same = 0;
    let galileo = 0;
    for (const r of ref) {
      const tow = Math.round(r.tow_s as number);
      const a = noGal.get(tow);
      if (a && sum(a) === r.ns) same++;
      galileo = Math.max(galileo, all.get(tow)?.get("E") ?? 0);
    }
    console.log(
      `F9R: RTKLIB ns equals beidou's GPS+GLONASS+BDS count at ${same} of ${ref.length} epochs; beidou adds up to ${galileo} Galileo satellites`,
    );
    // one RTKLIB epoch (515672) kept only 8 satellites
    expect(same).toBeGreaterThanOrEqual(ref.length - 1);
    expect(galileo).toBeGreaterThanOrEqual(4);
  });

  it("beidou with Galileo as well: as many epochs, horizontal no worse than RTKLIB's reference; vertical reported", async () => {
    // The vertical is not compared: RTKLIB's reference has no Galileo, and this 30 s log's Galileo-only solution
    // sits ~2 m high in both programs (beidou 1.96 m; RTKLIB 2.006 m when given the I/NAV records alone, its
    // all-system solution then 0.949 m U, 2.402 m H), so adding Galileo moves the height by more than the
    // margin of a like-for-like comparison.
    const truth = f9r.truth();
    const ours = accuracy(
      (await solveFiles(f9r.files(), { systems: ["C", "G", "E", "R", "J"] })).fixes,
      truth,
    );
    const rtk = accuracy(rtklibFixes(refPath()), truth);
    console.log(`F9R all systems incl. Galileo\n  beidou: ${fmt(ours)}\n  RTKLIB (no Galileo): ${fmt(rtk)}`);
    expect(ours.solved).toBeGreaterThanOrEqual(rtk.solved);
    expect(ours.rmsH_m).toBeLessThanOrEqual(rtk.rmsH_m * 1.05);
  });
});

describe.skipIf(!HAVE_DATA)(
  "SPP on phone RINEX (Xiaomi, Geo++ logger, L1/L5 + B1I): as many epochs as RTKLIB",
  () => {
    const X = "android-rinex-xiaomi-2024-092";
    const files = () => [
      dataPath(X, "GEOP092I.24o.gz"),
      dataPath(X, "CORD00ARG_R_20240920000_01D_MN.rnx.gz"),
    ];
    for (const { run, systems } of runs) {
      it(`${run}`, async () => {
        const ours = await solveFiles(files(), { systems });
        const ref = rtklibFixes(dataPath(X, "rtklib-reference", `spp_${run}.pos`));
        console.log(
          `Xiaomi ${run}: beidou ${ours.fixes.length} of ${ours.epochs} epochs, RTKLIB ${ref.length}`,
        );
        expect(ours.fixes.length).toBeGreaterThanOrEqual(ref.length);
      });
    }
  },
);
