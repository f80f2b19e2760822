import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataPath } from "../../../test/support/real-data.js";
import type { Frame } from "../framing.js";
import { crc24q, ubxFletcher } from "./frame-checks.js";
import { type MixedStreamOptions, MixedStreamSplitter } from "./splitter.js";

function split(bytes: Uint8Array, cuts: number[] = [], opts: MixedStreamOptions = {}) {
  const sp = new MixedStreamSplitter(opts);
  const frames: Frame[] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c <= at || c >= bytes.length) continue;
    frames.push(...sp.push(bytes.subarray(at, c)));
    at = c;
  }
  frames.push(...sp.push(bytes.subarray(at)));
  frames.push(...sp.finish());
  return { frames, stats: sp.stats };
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
};
const rtcmType = (f: Frame) => (f.bytes[3] << 4) | (f.bytes[4] >> 4);
const ubxName = (f: Frame) =>
  `${f.bytes[2].toString(16).padStart(2, "0")}-${f.bytes[3].toString(16).padStart(2, "0")}`;
const key = (f: Frame) => `${f.protocol}@${f.offset}+${f.bytes.length}`;

describe("frame checks", () => {
  it("CRC-24Q: the RTCM 3 empty message D3 00 00 ends in 47 EA 4B; check value of '123456789' is 0xCDE703", () => {
    expect(crc24q(Uint8Array.of(0xd3, 0, 0), 0, 3)).toBe(0x47ea4b);
    expect(crc24q(new TextEncoder().encode("123456789"), 0, 9)).toBe(0xcde703);
  });
  it("UBX Fletcher: UBX-ACK-ACK for CFG-PRT (B5 62 05 01 02 00 06 00) has checksum 0E 37", () => {
    expect(ubxFletcher(Uint8Array.of(0xb5, 0x62, 0x05, 0x01, 0x02, 0x00, 0x06, 0x00), 2, 8)).toBe(0x0e37);
  });
});

const F9R = dataPath("rtcm3-bds-streams/gpsd_ublox-zed-f9r.log");
describe.skipIf(!existsSync(F9R))("MixedStreamSplitter on the gpsd ZED-F9R log (UBX + NMEA + RTCM 3)", () => {
  const bytes = existsSync(F9R) ? new Uint8Array(readFileSync(F9R)) : new Uint8Array(0);
  const whole = split(bytes);

  it("finds the frame counts stated in PROVENANCE.md, with no checksum error", () => {
    const { frames, stats } = whole;
    expect(stats.checksumErrors).toBe(0);
    expect(stats.truncated).toBe(0);
    // PROVENANCE.md: RTCM 3 from station 41: 1006x6, 1008x6, 1033x6, 1230x6, 1042x19, 1019x19, 1020x12,
    // 1045x15, 1046x15, MSM5 1075/1085/1095/1125 x30
    const rtcm = new Map<number, number>();
    for (const f of frames.filter((x) => x.protocol === "rtcm3"))
      rtcm.set(rtcmType(f), (rtcm.get(rtcmType(f)) ?? 0) + 1);
    expect(Object.fromEntries(rtcm)).toEqual({
      1006: 6,
      1008: 6,
      1033: 6,
      1230: 6,
      1042: 19,
      1019: 19,
      1020: 12,
      1045: 15,
      1046: 15,
      1075: 30,
      1085: 30,
      1095: 30,
      1125: 30,
    });
    // PROVENANCE.md: UBX NAV-* 30 each (30 epochs at 1 Hz)
    const ubx = new Map<string, number>();
    for (const f of frames.filter((x) => x.protocol === "ubx"))
      ubx.set(ubxName(f), (ubx.get(ubxName(f)) ?? 0) + 1);
    const nav = [...ubx].filter(([k]) => k.startsWith("01-"));
    expect(nav.length).toBeGreaterThanOrEqual(4);
    for (const [k, n] of nav) expect(n, `NAV ${k}`).toBe(30);
    // NMEA: the sentences a plain pattern finds in the raw bytes ($, talker+type, text, *hh, CR LF)
    const latin = Buffer.from(bytes).toString("latin1");
    const byPattern = [...latin.matchAll(/\$([A-Z]{5}),[\x20-\x7e]*?\*[0-9A-F]{2}\r\n/g)];
    const nmea = frames.filter((x) => x.protocol === "nmea");
    expect(nmea.map((f) => f.offset)).toEqual(byPattern.map((m) => m.index));
    // every byte is in a frame, an NMEA line end, the # header, or the one LF that ends the file
    const header = latin.search(/^[^#]/m);
    const inFrames = frames.reduce((n, f) => n + f.bytes.length, 0);
    expect(stats.garbageBytes).toBe(header + 1);
    expect(inFrames + 2 * nmea.length + stats.garbageBytes).toBe(bytes.length);
    console.log(
      `F9R: ${frames.length} frames (UBX ${stats.byProtocol.ubx}: ${[...ubx].map(([k, n]) => `${k}x${n}`).join(" ")}; ` +
        `RTCM ${stats.byProtocol.rtcm3}; NMEA ${stats.byProtocol.nmea}), ${stats.commentLines} comment lines, ` +
        `${stats.garbageBytes} garbage bytes, ${stats.checksumErrors} checksum errors`,
    );
  });

  it("any chunking gives the same frames and counts", () => {
    const ref = whole.frames.map(key);
    fc.assert(
      fc.property(fc.array(fc.nat(bytes.length), { maxLength: 300 }), (cuts) => {
        const r = split(bytes, cuts);
        expect(r.frames.map(key)).toEqual(ref);
        expect(r.stats).toEqual(whole.stats);
      }),
      { numRuns: 60 },
    );
    // and a byte at a time
    const r = split(
      bytes,
      Array.from({ length: bytes.length }, (_, i) => i),
    );
    expect(r.frames.map(key)).toEqual(ref);
    expect(r.frames[500].bytes).toEqual(whole.frames[500].bytes);
  });

  it("random junk between frames is skipped without losing the next frame", () => {
    const frames = whole.frames;
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 48 }), { minLength: frames.length, maxLength: frames.length }),
        fc.array(fc.nat(400_000), { maxLength: 40 }),
        (junks, cuts) => {
          const parts: Uint8Array[] = [];
          const expected: string[] = [];
          const spans: [number, number][] = [];
          let at = 0;
          frames.forEach((f, i) => {
            // junk goes between frames (the stream starts with the first frame)
            const j = i === 0 ? new Uint8Array(0) : junks[i];
            parts.push(j);
            spans.push([at, at + j.length]);
            at += j.length;
            const body = f.protocol === "nmea" ? concat([f.bytes, Uint8Array.of(13, 10)]) : f.bytes;
            parts.push(body);
            expected.push(`${f.protocol}@${at}+${f.bytes.length}`);
            at += body.length;
          });
          const stream = concat(parts);
          const got = split(stream, cuts).frames.map(key);
          const gotSet = new Set(got);
          for (const e of expected) expect(gotSet.has(e), e).toBe(true);
          const expectedSet = new Set(expected);
          for (const g of got) {
            if (expectedSet.has(g)) continue;
            const off = Number(g.split("@")[1].split("+")[0]);
            expect(
              spans.some(([a, b]) => off >= a && off < b),
              `extra frame ${g} outside the junk`,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a damaged frame costs only itself; a cut at the end counts as truncated", () => {
    const frames = whole.frames;
    const idx = [10, 200, 700, 1200];
    const damaged = new Uint8Array(bytes);
    for (const i of idx) {
      const f = frames[i];
      damaged[f.offset + Math.floor(f.bytes.length / 2)] ^= 0x5a;
    }
    const r = split(damaged);
    const want = frames.filter((_, i) => !idx.includes(i)).map(key);
    const got = new Set(r.frames.map(key));
    for (const w of want) expect(got.has(w), w).toBe(true);
    expect(r.frames.length).toBe(want.length);
    expect(r.stats.checksumErrors).toBeGreaterThanOrEqual(idx.length);
    const last = frames[frames.length - 1];
    const cut = split(bytes.subarray(0, last.offset + 5));
    expect(cut.frames.map(key)).toEqual(frames.slice(0, -1).map(key));
    expect(cut.stats.truncated).toBe(1);
  });
});

describe("MixedStreamSplitter on synthetic streams", () => {
  it("never throws on random bytes, and counts every byte outside frames", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(3000)), (bytes, cuts) => {
        const r = split(bytes, cuts);
        const inFrames = r.frames.reduce((n, f) => n + f.bytes.length, 0);
        const lineEnds = bytes.filter((b) => b === 10 || b === 13).length;
        expect(inFrames + r.stats.garbageBytes).toBeLessThanOrEqual(bytes.length);
        expect(inFrames + r.stats.garbageBytes + lineEnds).toBeGreaterThanOrEqual(bytes.length);
        expect(split(bytes).frames.map(key)).toEqual(r.frames.map(key));
      }),
      { numRuns: 400 },
    );
  });

  it("frames built here come back tagged, with the # header and a false UBX header skipped", () => {
    const rtcmBody = Uint8Array.of(0x43, 0x50, 0x00, 0x01, 0x02);
    const rtcm = concat([Uint8Array.of(0xd3, 0x00, rtcmBody.length), rtcmBody, Uint8Array.of(0, 0, 0)]);
    const c = crc24q(rtcm, 0, 3 + rtcmBody.length);
    rtcm.set([c >> 16, (c >> 8) & 0xff, c & 0xff], 3 + rtcmBody.length);
    const ubx = Uint8Array.of(0xb5, 0x62, 0x05, 0x01, 0x02, 0x00, 0x06, 0x00, 0x0e, 0x37);
    const gga = new TextEncoder().encode(
      "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n",
    );
    const header = new TextEncoder().encode("# log with $GPGGA in a note\n# second line\n");
    // a false UBX header whose length runs past the end: the frames behind it still come out at finish
    const falseUbx = Uint8Array.of(0xb5, 0x62, 0x01, 0x07, 0xff, 0x1f);
    const stream = concat([header, ubx, rtcm, gga, falseUbx, rtcm, ubx]);
    const r = split(stream);
    expect(r.frames.map((f) => f.protocol)).toEqual(["ubx", "rtcm3", "nmea", "rtcm3", "ubx"]);
    expect(r.stats.commentLines).toBe(2);
    expect(r.stats.garbageBytes).toBe(header.length + falseUbx.length);
    expect(r.stats.truncated).toBe(1);
    // only NMEA wanted: the binary frames are garbage
    const n = split(stream, [], { protocols: ["nmea"] });
    expect(n.frames.map((f) => f.protocol)).toEqual(["nmea"]);
  });
});
