// Shared helpers for tests on the real data in ../shared/data: where it is, truths from the PROVENANCE
// files, running the solver over a file set, comparing with RTKLIB's .pos outputs.

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ecefToEnu, geodeticToEcef } from "../../src/frames/geodetic.js";
import { DEG, type Ecef, ecef } from "../../src/frames/vectors.js";
import { EphemerisStore } from "../../src/orbits/ephemeris-store.js";
import type { SppOptions } from "../../src/positioning/options.js";
import { SppSolver } from "../../src/positioning/spp.js";
import { loadInputs } from "../../src/streams/inputs.js";
import { parsePos } from "../../src/streams/sinks/pos.js";
import { toWeekTow } from "../../src/time/instant.js";

export const DATA = resolve(__dirname, "../../../shared/data");
export const HAVE_DATA = existsSync(DATA);
if (!HAVE_DATA)
  console.log(
    `real-data tests skipped: ${DATA} is absent (the shared data folder sits beside the repository)`,
  );

export const dataPath = (...p: string[]) => resolve(DATA, ...p);

/** A reference: one static point, or a trajectory keyed by integer GPS time of week. */
export type Truth = { kind: "static"; pos: Ecef } | { kind: "trajectory"; byTow: Map<number, Ecef> };

/** ESBC: the PPP coordinate stated in PROVENANCE.md ("lands at X ..., Y ..., Z ..."). */
export function esbcTruth(): Truth {
  const text = readFileSync(dataPath("esbc-2020-177-station/PROVENANCE.md"), "utf8");
  const m = /X ([\d.]+), Y ([\d.]+), Z ([\d.]+)/.exec(text);
  if (!m) throw new Error("ESBC PROVENANCE.md: PPP coordinate not found");
  return { kind: "static", pos: ecef(+m[1], +m[2], +m[3]) };
}

/** Nagoya: rover_position.txt / base_position.txt (lat lon h, degrees and metres). */
export function nagoyaTruth(which: "rover" | "base"): Truth {
  const [lat, lon, h] = readFileSync(dataPath(`rtk-static-nagoya-2024-176/${which}_position.txt`), "utf8")
    .trim()
    .split(/\s+/)
    .map(Number);
  return { kind: "static", pos: geodeticToEcef({ lat_rad: lat * DEG, lon_rad: lon * DEG, h_m: h }) };
}

/** KMS3: the observation header's APPROX POSITION XYZ (the only truth PROVENANCE gives). */
export function kms3Truth(): Truth {
  const text = readFileSync(
    dataPath("bds3-signals-kms3-2022-159/rtklib-reference/KMS300DNK_R_20221591000_01H_30S_MO.rnx"),
    "utf8",
  );
  const line = text.split("\n").find((l) => l.includes("APPROX POSITION XYZ")) ?? "";
  const [x, y, z] = line.trim().split(/\s+/).map(Number);
  return { kind: "static", pos: ecef(x, y, z) };
}

/** F9R RTCM log: the reference station's 1006 ARP as PROVENANCE.md states it. */
export function f9rTruth(): Truth {
  const text = readFileSync(dataPath("rtcm3-bds-streams/PROVENANCE.md"), "utf8");
  const m = /ARP X ([\d.-]+), Y ([\d.-]+), Z ([\d.-]+)/.exec(text);
  if (!m) throw new Error("rtcm3-bds-streams PROVENANCE.md: 1006 ARP not found");
  return { kind: "static", pos: ecef(+m[1], +m[2], +m[3]) };
}

/** UrbanNav: groundTruth_TST.csv (week, tow, lat, lon, h) at 1 Hz. */
export function urbanNavTruth(): Truth {
  const byTow = new Map<number, Ecef>();
  for (const l of readFileSync(dataPath("urbannav-tst-2019-118-kinematic/groundTruth_TST.csv"), "utf8").split(
    "\n",
  )) {
    const p = l.split(",").map(Number);
    if (p.length >= 5 && Number.isFinite(p[1]))
      byTow.set(Math.round(p[1]), geodeticToEcef({ lat_rad: p[2] * DEG, lon_rad: p[3] * DEG, h_m: p[4] }));
  }
  return { kind: "trajectory", byTow };
}

export interface Fix {
  tow_s: number;
  pos: Ecef;
}

/** A file set loaded (first observation file) with a single-point solver over its navigation data. */
export async function openSolver(files: string[], opts: Partial<SppOptions>) {
  const inputs = await loadInputs(files);
  const store = new EphemerisStore();
  store.addNavigation(inputs.navigation);
  const obs = inputs.observations[0];
  const solver = new SppSolver(
    {
      source: store,
      iono: store.iono(),
      glonassChannels: obs.header.glonassChannels,
      approxPosition: obs.header.approxPosition,
    },
    opts,
  );
  return { obs, solver };
}

/** Run beidou's solver over a file set (first observation file), returning every solved epoch. */
export async function solveFiles(
  files: string[],
  opts: Partial<SppOptions>,
): Promise<{ epochs: number; fixes: Fix[] }> {
  const { obs, solver } = await openSolver(files, opts);
  const fixes: Fix[] = [];
  let epochs = 0;
  for await (const ep of obs.epochs) {
    epochs++;
    const s = solver.solve(ep);
    if (s.status !== "none") fixes.push({ tow_s: toWeekTow(s.time).tow_s, pos: s.pos });
  }
  return { epochs, fixes };
}

/** RTKLIB's solutions from a .pos file (Q=5 lines). */
export function rtklibFixes(path: string): Fix[] {
  return parsePos(readFileSync(path, "utf8"))
    .filter((r) => r.q !== 0 && r.tow_s !== undefined)
    .map((r) => ({ tow_s: r.tow_s as number, pos: ecef(r.x, r.y, r.z) }));
}

export interface Accuracy {
  solved: number;
  matched: number;
  rmsE_m: number;
  rmsN_m: number;
  rmsU_m: number;
  rmsH_m: number;
}

/** RMS of the ENU error against the truth, over the fixes that have a truth (time of week rounded to 1 s). */
export function accuracy(fixes: readonly Fix[], truth: Truth): Accuracy {
  let se = 0;
  let sn = 0;
  let su = 0;
  let n = 0;
  for (const f of fixes) {
    const ref = truth.kind === "static" ? truth.pos : truth.byTow.get(Math.round(f.tow_s));
    if (!ref) continue;
    const e = ecefToEnu(f.pos, ref);
    se += e[0] ** 2;
    sn += e[1] ** 2;
    su += e[2] ** 2;
    n++;
  }
  const rmsE_m = Math.sqrt(se / n);
  const rmsN_m = Math.sqrt(sn / n);
  return {
    solved: fixes.length,
    matched: n,
    rmsE_m,
    rmsN_m,
    rmsU_m: Math.sqrt(su / n),
    rmsH_m: Math.hypot(rmsE_m, rmsN_m),
  };
}

/** 3D differences between two solution sets at common epochs (time of week rounded to 1 s: data at 1 Hz or slower). */
export function differences(a: readonly Fix[], b: readonly Fix[]): number[] {
  const byTow = new Map(b.map((f) => [Math.round(f.tow_s), f.pos]));
  const out: number[] = [];
  for (const f of a) {
    const p = byTow.get(Math.round(f.tow_s));
    if (p) out.push(Math.hypot(f.pos[0] - p[0], f.pos[1] - p[1], f.pos[2] - p[2]));
  }
  return out.sort((x, y) => x - y);
}

export const median = (sorted: readonly number[]) => sorted[Math.floor(sorted.length / 2)];

export const fmt = (a: Accuracy) =>
  `${a.solved} solved, ${a.matched} at truth epochs, RMS E/N/U ${a.rmsE_m.toFixed(3)}/${a.rmsN_m.toFixed(3)}/${a.rmsU_m.toFixed(3)} m (H ${a.rmsH_m.toFixed(3)})`;
