// MixedStreamSplitter with framesShareCopy (the frames of one push are views on one copy of the bytes):
// any chunking gives the frames, offsets and statistics of the default splitter, byte for byte, and a frame
// keeps its bytes after later pushes reuse the splitter's buffer.

import { existsSync, readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { dataPath } from "../../../test/support/real-data.js";
import type { Frame } from "../framing.js";
import { MixedStreamSplitter } from "./splitter.js";

const F9R = dataPath("rtcm3-bds-streams/gpsd_ublox-zed-f9r.log");

function split(bytes: Uint8Array, cuts: number[], framesShareCopy: boolean) {
  const sp = new MixedStreamSplitter({ framesShareCopy });
  const frames: Frame[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length].sort((a, b) => a - b)) {
    if (c <= at) continue;
    frames.push(...sp.push(bytes.subarray(at, c)));
    at = c;
  }
  frames.push(...sp.finish());
  return { frames, stats: sp.stats };
}

const plain = (frames: Frame[]) =>
  frames.map((f) => `${f.protocol}@${f.offset}:${Buffer.from(f.bytes).toString("hex")}`);

describe.skipIf(!existsSync(F9R))(
  "framesShareCopy on the F9R log (UBX + NMEA + RTCM 3), damaged at random",
  () => {
    const log = existsSync(F9R) ? new Uint8Array(readFileSync(F9R)).subarray(0, 60_000) : new Uint8Array(0);
    test.prop(
      [
        fc.array(fc.integer({ min: 0, max: log.length }), { maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: log.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 30,
        }),
      ],
      { numRuns: 40 },
    )("same frames, offsets and counts as the default; frames intact after later pushes", (cuts, damage) => {
      const bytes = log.slice();
      for (const [at, v] of damage) bytes[at] = v;
      const a = split(bytes, cuts, true);
      const b = split(bytes, cuts, false);
      expect(plain(a.frames)).toEqual(plain(b.frames));
      expect(a.stats).toEqual(b.stats);
      expect(a.frames.length).toBeGreaterThan(50);
    });
  },
);
