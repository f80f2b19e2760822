// The `systems` option: only the wanted systems' values are parsed, and they are the same values.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ObsEpoch } from "../../signals/observation.js";
import { RinexObsDecoder } from "./obs-decoder.js";

const FILE = path.resolve(__dirname, "../../../../shared/data/rtk-static-nagoya-2024-176/rover.obs");

function decode(systems?: ("C" | "G")[]): ObsEpoch[] {
  const d = new RinexObsDecoder({ file: "rover.obs", systems });
  const out: ObsEpoch[] = [];
  for (const line of readFileSync(FILE, "latin1").split("\n")) out.push(...d.push(line.replace(/\r$/, "")));
  out.push(...d.finish());
  expect(d.issues).toEqual([]);
  return out;
}

describe.skipIf(!existsSync(FILE))("RinexObsDecoder systems filter (Nagoya rover, RINEX 3.04)", () => {
  it("BDS only: every epoch, only C satellites, values bit-identical to a full decode", () => {
    const all = decode();
    const bds = decode(["C"]);
    expect(bds.length).toBe(all.length);
    let compared = 0;
    for (let e = 0; e < all.length; e++) {
      expect(bds[e].sats.every((s) => s[0] === "C")).toBe(true);
      const full = all[e];
      expect(bds[e].sats).toEqual(full.sats.filter((s) => s[0] === "C"));
      bds[e].sats.forEach((sat, i) => {
        const j = full.sats.indexOf(sat);
        const a = bds[e].values.subarray(bds[e].offsets[i], bds[e].offsets[i] + bds[e].codes[i].length);
        const b = full.values.subarray(full.offsets[j], full.offsets[j] + full.codes[j].length);
        expect(Array.from(a)).toEqual(Array.from(b));
        compared += a.length;
      });
    }
    console.log(`systems filter: ${all.length} epochs, ${compared} BDS values identical`);
    expect(compared).toBeGreaterThan(10000);
  });
});
