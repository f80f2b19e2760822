// The reference a plot measures errors against: a surveyed point (X,Y,Z or lat,lon,h, on the command line
// or in a small text file), a reference trajectory (a .pos or JSON-lines file, matched by time and
// interpolated linearly between its epochs), or, with none, the mean of the solutions themselves.

import { readFile } from "node:fs/promises";
import { BeidouError } from "../core/errors.js";
import { ecefToGeodetic, geodeticToEcef } from "../frames/geodetic.js";
import { DEG, type Ecef, ecef } from "../frames/vectors.js";
import { diffSeconds } from "../time/instant.js";
import { readSolutionFile, solutionFormatOf } from "./read-solution-file.js";
import { epochCount, type SolutionTrack } from "./solution-track.js";

export type Truth =
  | { readonly kind: "point"; readonly pos: Ecef; readonly source: string }
  | { readonly kind: "track"; readonly track: SolutionTrack; readonly source: string };

/** Reference position of every epoch of a track (NaN where a truth trajectory does not cover it). */
export interface EpochReference {
  readonly kind: "truth-point" | "truth-track" | "mean";
  /** For a point reference (truth or mean), the point. */
  readonly point?: Ecef;
  readonly x_m: Float64Array;
  readonly y_m: Float64Array;
  readonly z_m: Float64Array;
  /** Words for the plot: "truth 35.134699°N 136.977575°E 104.863 m", "mean position", ... */
  readonly label: string;
}

/**
 * Three numbers as a position: ECEF X,Y,Z (m) when they are Earth-sized, else latitude, longitude (deg),
 * height (m). Undefined when they are neither.
 */
export function pointFromNumbers(v: readonly number[]): Ecef | undefined {
  if (v.length !== 3 || !v.every(Number.isFinite)) return undefined;
  const r = Math.hypot(v[0], v[1], v[2]);
  if (r > 6.0e6 && r < 4.5e7) return ecef(v[0], v[1], v[2]);
  if (Math.abs(v[0]) <= 90 && Math.abs(v[1]) <= 360 && Math.abs(v[2]) < 1e5)
    return geodeticToEcef({ lat_rad: v[0] * DEG, lon_rad: v[1] * DEG, h_m: v[2] });
  return undefined;
}

/** `--truth X,Y,Z | lat,lon,h | FILE` (FILE: .pos / .jsonl trajectory, or a text file holding three numbers). */
export async function parseTruthArgument(arg: string): Promise<Truth> {
  const parts = arg.split(",");
  if (parts.length === 3 && parts.every((p) => p.trim() !== "" && Number.isFinite(+p))) {
    const pos = pointFromNumbers(parts.map(Number));
    if (!pos)
      throw new BeidouError(
        "bad-argument",
        `--truth: '${arg}' is neither ECEF X,Y,Z (m) nor latitude,longitude,height (deg, m)`,
      );
    return { kind: "point", pos, source: "--truth" };
  }
  if (solutionFormatOf(arg)) {
    const track = await readSolutionFile(arg);
    if (epochCount(track) === 1)
      return { kind: "point", pos: ecef(track.x_m[0], track.y_m[0], track.z_m[0]), source: arg };
    return { kind: "track", track, source: arg };
  }
  const text = await readFile(arg, "utf8").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT" || e.code === "EISDIR")
      throw new BeidouError("io", e.code === "ENOENT" ? "no such file (--truth)" : "not a file (--truth)", {
        file: arg,
      });
    throw e;
  });
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === "" || l.startsWith("#") || l.startsWith("%")) continue;
    const pos = pointFromNumbers(l.split(/[\s,]+/).map(Number));
    if (!pos)
      throw new BeidouError(
        "bad-record",
        "--truth file: expected X Y Z (m) or lat lon h (deg, m), or a .pos/.jsonl trajectory",
        { file: arg, line: i + 1 },
      );
    return { kind: "point", pos, source: arg };
  }
  throw new BeidouError("bad-record", "--truth file holds no position", { file: arg });
}

export function describePoint(p: Ecef): string {
  const g = ecefToGeodetic(p);
  const lat = g.lat_rad / DEG;
  const lon = g.lon_rad / DEG;
  return `${Math.abs(lat).toFixed(7)}°${lat < 0 ? "S" : "N"} ${Math.abs(lon).toFixed(7)}°${lon < 0 ? "W" : "E"} ${g.h_m.toFixed(3)} m`;
}

/** Mean ECEF position of a track (summed about the first epoch, so no precision is lost to 6e6 m). */
export function meanPosition(t: SolutionTrack): Ecef {
  const n = epochCount(t);
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let i = 0; i < n; i++) {
    sx += t.x_m[i] - t.x_m[0];
    sy += t.y_m[i] - t.y_m[0];
    sz += t.z_m[i] - t.z_m[0];
  }
  return ecef(t.x_m[0] + sx / n, t.y_m[0] + sy / n, t.z_m[0] + sz / n);
}

/** Seconds within which two epochs count as the same one. */
const SAME_EPOCH_s = 1e-3;

/** The reference for every epoch of `t`: the truth (point, or trajectory at the epoch's time), else the mean. */
export function referenceFor(t: SolutionTrack, truth?: Truth): EpochReference {
  const n = epochCount(t);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  if (!truth || truth.kind === "point") {
    const p = truth ? truth.pos : meanPosition(t);
    x.fill(p[0]);
    y.fill(p[1]);
    z.fill(p[2]);
    return {
      kind: truth ? "truth-point" : "mean",
      point: p,
      x_m: x,
      y_m: y,
      z_m: z,
      label: truth ? `truth ${describePoint(p)}` : `mean position ${describePoint(p)}`,
    };
  }
  const r = truth.track;
  const m = epochCount(r);
  // the truth's epochs on the solution's time axis (seconds from t.start, across time scales)
  const offset_s = diffSeconds(r.start, t.start);
  const rt = new Float64Array(m);
  for (let j = 0; j < m; j++) rt[j] = r.t_s[j] + offset_s;
  const steps = Array.from({ length: Math.max(0, m - 1) }, (_, j) => rt[j + 1] - rt[j]).sort((a, b) => a - b);
  const maxGap_s = 2 * (steps[Math.floor(steps.length / 2)] ?? 0) + SAME_EPOCH_s;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const ti = t.t_s[i];
    while (j + 1 < m && rt[j + 1] <= ti + SAME_EPOCH_s) j++;
    let px = Number.NaN;
    let py = Number.NaN;
    let pz = Number.NaN;
    if (Math.abs(rt[j] - ti) <= SAME_EPOCH_s) {
      px = r.x_m[j];
      py = r.y_m[j];
      pz = r.z_m[j];
    } else if (j + 1 < m && rt[j] < ti && rt[j + 1] > ti && rt[j + 1] - rt[j] <= maxGap_s) {
      const w = (ti - rt[j]) / (rt[j + 1] - rt[j]);
      px = r.x_m[j] + w * (r.x_m[j + 1] - r.x_m[j]);
      py = r.y_m[j] + w * (r.y_m[j + 1] - r.y_m[j]);
      pz = r.z_m[j] + w * (r.z_m[j + 1] - r.z_m[j]);
    }
    x[i] = px;
    y[i] = py;
    z[i] = pz;
  }
  return { kind: "truth-track", x_m: x, y_m: y, z_m: z, label: `truth trajectory ${truth.source}` };
}
