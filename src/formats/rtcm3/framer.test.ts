// Rtcm3Framer: CRC-24Q against the published check value, resynchronisation, `#` headers, any chunking,
// hostile bytes, and fault injection on real frames (junk between and inside frames, a stream cut
// mid-frame): every frame outside the damaged regions must come out, at its offset, and the stats must
// count the damage. Real frames come from ../shared/data/rtcm3-bds-streams (skipped when absent; a
// synthetic stream of encoded frames is used then).

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crc24q } from "../../core/crc24q.js";
import { ecef } from "../../frames/vectors.js";
import type { Frame } from "../framing.js";
import { decodeRtcm3 } from "./decode.js";
import { encodeRtcm3, frameRtcm3 } from "./encode.js";
import { Rtcm3Framer } from "./framer.js";
import { MsmEpochAssembler } from "./msm-assembler.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const DATA = path.resolve(ROOT, "../shared/data/rtcm3-bds-streams");
const HAVE = existsSync(DATA);
if (!HAVE) console.log(`framer.test: ${DATA} not found; fault injection runs on synthetic frames only`);

function frameAll(bytes: Uint8Array, cuts: readonly number[] = []): { frames: Frame[]; framer: Rtcm3Framer } {
  const framer = new Rtcm3Framer();
  const frames: Frame[] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    const to = Math.min(Math.max(c, at), bytes.length);
    frames.push(...framer.push(bytes.subarray(at, to)));
    at = to;
  }
  frames.push(...framer.push(bytes.subarray(at)));
  frames.push(...framer.finish());
  return { frames, framer };
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Clean frames: every RTCM frame of the four captures, or synthetic ones. */
function cleanFrames(): Uint8Array[] {
  if (HAVE) {
    const out: Uint8Array[] = [];
    for (const f of [
      "gpsd_ublox-zed-f9r.log",
      "gpsd_ublox-zed-f9t-rtcm3.log",
      "pyrtcm_pygpsdata-NTRIP-USCL00CHL0.log",
      "pyrtcm_pygpsdata-RTCM3.log",
    ]) {
      out.push(...frameAll(readFileSync(path.join(DATA, f))).frames.map((x) => x.bytes));
    }
    return out;
  }
  const out: Uint8Array[] = [];
  for (let i = 0; i < 200; i++) {
    out.push(
      ...encodeRtcm3({
        kind: "station-arp",
        type: 1006,
        stationId: i,
        arp: ecef(1e6 + i, -2e6, 3e6),
        antennaHeight_m: i * 0.01,
      }),
    );
  }
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

describe("CRC-24Q and framing", () => {
  it("CRC-24Q of '123456789' is the published check value 0xCDE703 (CRC-24/LTE-A, the Qualcomm polynomial)", () => {
    expect(crc24q(new TextEncoder().encode("123456789"))).toBe(0xcde703);
  });

  it("skips a '#' header with a 0xD3 byte in it, counts it as garbage, and finds the frame after it", () => {
    const frame = encodeRtcm3({ kind: "station-arp", type: 1005, stationId: 7, arp: ecef(1, 2, 3) })[0];
    // "Ó" in ISO 8859-1 is 0xD3, followed by bytes that would make a zero-reserved header
    const header = new Uint8Array([...new TextEncoder().encode("# note: "), 0xd3, 0x00, 0x05, 0x0a]);
    const { frames, framer } = frameAll(concat([header, frame]));
    expect(frames).toHaveLength(1);
    expect(frames[0].offset).toBe(header.length);
    expect(framer.stats).toEqual({ frames: 1, checksumErrors: 0, garbageBytes: header.length, truncated: 0 });
  });

  it("a false preamble whose claimed length swallows the next frame does not lose it", () => {
    const a = encodeRtcm3({ kind: "station-arp", type: 1005, stationId: 1, arp: ecef(1, 2, 3) })[0];
    const b = encodeRtcm3({ kind: "station-arp", type: 1006, stationId: 2, arp: ecef(4, 5, 6) })[0];
    // 0xD3 0x00 0x40: zero reserved bits, 64-byte message: covers all of b
    const junk = new Uint8Array([0xd3, 0x00, 0x40, 0x11]);
    const { frames, framer } = frameAll(concat([a, junk, b, new Uint8Array(80)]));
    expect(frames.map((f) => f.offset)).toEqual([0, a.length + junk.length]);
    expect(framer.stats.checksumErrors).toBe(1);
    expect(framer.stats.garbageBytes).toBe(junk.length + 80);
  });

  it("random bytes never throw, in any chunking, and every byte is accounted for", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(3000), { maxLength: 20 }),
        (bytes, cuts) => {
          const { frames, framer } = frameAll(bytes, cuts);
          const inFrames = frames.reduce((n, f) => n + f.bytes.length, 0);
          expect(inFrames + framer.stats.garbageBytes).toBe(bytes.length);
          const asm = new MsmEpochAssembler({ clock: () => ({ scale: "GPST", sec: 1.4e9, frac: 0 }) });
          for (const f of frames) asm.push(decodeRtcm3(f));
          asm.finish();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("random messages with a valid CRC never make the decoder or the assembler throw", () => {
    const types = [
      1005, 1006, 1007, 1008, 1013, 1019, 1020, 1033, 1042, 1044, 1045, 1046, 1074, 1077, 1085, 1087, 1096,
      1117, 1124, 1125, 1126, 1127, 1137, 1230,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 1021 }), (type, body) => {
        const msg = new Uint8Array(2 + body.length);
        msg[0] = type >> 4;
        msg[1] = ((type & 15) << 4) | ((body[0] ?? 0) >> 4);
        msg.set(body, 2);
        const m = decodeRtcm3(frameRtcm3(msg), { reference: { scale: "GPST", sec: 1.4e9, frac: 0 } });
        expect(m.type).toBe(type);
        expect([
          "msm",
          "ephemeris",
          "station-arp",
          "antenna",
          "receiver",
          "system-parameters",
          "glonass-biases",
          "invalid",
        ]).toContain(m.kind);
        const asm = new MsmEpochAssembler({ date: { scale: "GPST", sec: 1.4e9, frac: 0 } });
        asm.push(m);
        asm.finish();
      }),
      { numRuns: 2000 },
    );
  });
});

describe("fault injection on real frames", () => {
  const frames = cleanFrames();
  const clean = concat(frames);

  it("any chunking of the clean captures gives the same frames", () => {
    const whole = frameAll(clean).frames;
    expect(whole).toHaveLength(frames.length);
    fc.assert(
      fc.property(fc.array(fc.nat(clean.length), { maxLength: 40 }), (cuts) => {
        const got = frameAll(clean, cuts);
        expect(got.frames.length).toBe(whole.length);
        for (let i = 0; i < whole.length; i++) {
          expect(got.frames[i].offset).toBe(whole[i].offset);
          expect(sameBytes(got.frames[i].bytes, whole[i].bytes)).toBe(true);
        }
        expect(got.framer.stats).toEqual({
          frames: whole.length,
          checksumErrors: 0,
          garbageBytes: 0,
          truncated: 0,
        });
      }),
      { numRuns: 100 },
    );
  });

  it("junk between and inside frames, a cut mid-frame: every undamaged frame decoded, damage counted", () => {
    let worstLoss = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat(frames.length - 1),
            where: fc.constantFrom("between", "inside"),
            // hostile junk: preambles and plausible headers are likely
            junk: fc.array(fc.oneof(fc.constant(0xd3), fc.constant(0x00), fc.integer({ min: 0, max: 255 })), {
              minLength: 1,
              maxLength: 60,
            }),
            offsetInFrame: fc.nat(2000),
          }),
          { maxLength: 25 },
        ),
        fc.nat(1000),
        fc.array(fc.nat(200000), { maxLength: 15 }),
        (faults, cutBack, cuts) => {
          const byIndex = new Map<number, (typeof faults)[number]>();
          for (const f of faults) byIndex.set(f.at, f);
          const parts: Uint8Array[] = [];
          // expected: [offset, bytes] of undamaged frames
          const expected: [number, Uint8Array][] = [];
          let offset = 0;
          let damaged = 0;
          let betweenJunk = 0;
          const lastIndex = frames.length - 1;
          frames.forEach((fr, i) => {
            const fault = byIndex.get(i);
            let piece = fr;
            if (fault?.where === "inside" && i !== lastIndex) {
              // after the 3-byte header, before the CRC's last byte
              const k = 3 + (fault.offsetInFrame % (fr.length - 3));
              piece = concat([fr.subarray(0, k), Uint8Array.from(fault.junk), fr.subarray(k)]);
              damaged++;
            } else if (fault?.where === "between") {
              parts.push(Uint8Array.from(fault.junk));
              offset += fault.junk.length;
              betweenJunk += fault.junk.length;
            }
            if (piece === fr && i !== lastIndex) expected.push([offset, fr]);
            parts.push(piece);
            offset += piece.length;
          });
          // the stream is cut inside its last frame
          const last = frames[lastIndex];
          const cut = 1 + (cutBack % (last.length - 1));
          const stream = concat(parts).subarray(0, offset - cut);
          const { frames: got, framer } = frameAll(stream, cuts);
          const byOffset = new Map(got.map((g) => [g.offset, g.bytes]));
          let lost = 0;
          for (const [o, b] of expected) {
            const g = byOffset.get(o);
            if (!g || !sameBytes(g, b)) lost++;
          }
          worstLoss = Math.max(worstLoss, lost);
          runs++;
          expect(lost).toBe(0);
          // nothing but undamaged frames comes out (a junk region forging a CRC is 2^-24 unlikely)
          expect(got.length).toBe(expected.length);
          // a damaged frame fails its CRC at its own preamble (its header is intact)
          expect(framer.stats.checksumErrors).toBeGreaterThanOrEqual(damaged);
          expect(framer.stats.truncated).toBe(1);
          expect(framer.stats.frames).toBe(expected.length);
          const inFrames = got.reduce((n, g) => n + g.bytes.length, 0);
          expect(inFrames + framer.stats.garbageBytes).toBe(stream.length);
          expect(framer.stats.garbageBytes).toBeGreaterThanOrEqual(betweenJunk);
        },
      ),
      { numRuns: 150, seed: 20250411 },
    );
    console.log(
      `fault injection: ${runs} damaged streams of ${frames.length} frames, undamaged frames lost at worst: ${worstLoss}`,
    );
  });
});
