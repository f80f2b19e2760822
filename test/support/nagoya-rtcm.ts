// The Nagoya pair as receivers would stream it: base.obs and rover.obs encoded to RTCM 3 (MSM7 + ephemerides)
// by `beidou convert`, for the live RTK tests (caster as the base, rover replayed).

import path from "node:path";
import { DATA, runCli } from "../cli-harness.js";

export const NAGOYA = path.join(DATA, "rtk-static-nagoya-2024-176");
export const NAGOYA_NAV = path.join(NAGOYA, "base.nav");
export const NAGOYA_BASE_LLH = "35.134707705,136.977577939,104.853";
export const NAGOYA_ROVER_LLH = "35.13469901,136.97757549,104.8626";

/** Writes base.rtcm3 and rover.rtcm3 into `dir`; throws with the command's stderr when a conversion fails. */
export async function nagoyaToRtcm(dir: string): Promise<{ base: string; rover: string }> {
  const out = { base: path.join(dir, "base.rtcm3"), rover: path.join(dir, "rover.rtcm3") };
  for (const who of ["base", "rover"] as const) {
    const r = await runCli([
      "convert",
      path.join(NAGOYA, `${who}.obs`),
      NAGOYA_NAV,
      "--to",
      "rtcm3",
      "--out",
      out[who],
    ]);
    if (r.code !== 0) throw new Error(`beidou convert ${who}.obs failed: ${r.stderr}`);
  }
  return out;
}
