// UBX framer: checksums and message counts of the shared logs (counts from their PROVENANCE.md and from
// RTKLIB's epoch counts, made by others), checksums recomputed with the closed form of the Fletcher sums
// (u-blox F9 HPG 1.13 Interface Description §3.4), and fault injection with fast-check: junk between and
// inside frames, streams cut mid-frame, any chunking. Property: every frame outside the damaged region is
// delivered, with its offset; the framer never throws; frames + garbage account for every byte.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Frame } from "../framing.js";
import { encodeUbxFrame, UBX_DEFAULT_MAX_PAYLOAD, UbxFramer, ubxChecksum } from "./ubx-framer.js";
import { ubxMessageName } from "./ubx-messages.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const DATA = path.resolve(ROOT, "../shared/data/ubx-bds-logs");
const HAVE_DATA = existsSync(DATA);
if (!HAVE_DATA) console.log(`ubx-framer.test: ${DATA} not found; real-log tests skipped`);

function readLog(name: string): Uint8Array {
  const buf = readFileSync(path.join(DATA, name));
  return name.endsWith(".gz") ? gunzipSync(buf) : buf;
}

function frameAll(bytes: Uint8Array, chunks?: readonly number[]): { frames: Frame[]; framer: UbxFramer } {
  const framer = new UbxFramer();
  const frames: Frame[] = [];
  let at = 0;
  for (const n of chunks ?? []) {
    frames.push(...framer.push(bytes.subarray(at, Math.min(bytes.length, at + n))));
    at = Math.min(bytes.length, at + n);
  }
  frames.push(...framer.push(bytes.subarray(at)));
  frames.push(...framer.finish());
  return { frames, framer };
}

/**
 * Fletcher checksum by its closed form: CK_A = sum of the bytes, CK_B = sum of (n - i) * byte_i over the
 * n bytes from class to the end of the payload (mod 256) — not the framer's running sums.
 */
function closedFormChecksum(frame: Uint8Array): [number, number] {
  const n = frame.length - 8 + 4;
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    a += frame[2 + i];
    b += (n - i) * frame[2 + i];
  }
  return [a % 256, b % 256];
}

const countsOf = (frames: Frame[]): Record<string, number> => {
  const c: Record<string, number> = {};
  for (const f of frames) {
    const name = ubxMessageName(f.bytes[2], f.bytes[3]);
    c[name] = (c[name] ?? 0) + 1;
  }
  return c;
};

describe.skipIf(!HAVE_DATA)("UBX framer on the shared logs", () => {
  // Counts from ../shared/data/ubx-bds-logs/PROVENANCE.md (RAWX epochs also from RTKLIB's RINEX).
  const cases: [string, Record<string, number>][] = [
    [
      "navsol_F9T-L2-5min.ubx.gz",
      { "RXM-RAWX": 299, "NAV-PVT": 299, "NAV-POSECEF": 299, "NAV-SAT": 299, "NAV-SIG": 299 },
    ],
    ["gpsd_ublox-zed-f9p_hpg1.11.log", { "RXM-RAWX": 654, "0x02-0x14": 654 }],
    ["pyubx2_pygpsdata-RXMRAWX.log", { "RXM-RAWX": 14 }],
    ["gpsd_ublox-zed-f9p-sfrbx.log", { "RXM-SFRBX": 55, "NAV-PVT": 19 }],
    ["gpsd_ublox-x20p.log", { "RXM-SFRBX": 408 }],
  ];
  for (const [name, expected] of cases) {
    it(`${name}: message counts, every checksum, every byte accounted for`, () => {
      const bytes = readLog(name);
      const { frames, framer } = frameAll(bytes);
      const counts = countsOf(frames);
      for (const [k, n] of Object.entries(expected)) expect(counts[k], k).toBe(n);
      let frameBytes = 0;
      let prevEnd = 0;
      for (const f of frames) {
        // the frame is the stream's bytes at its offset, in order, not overlapping
        expect(f.offset).toBeGreaterThanOrEqual(prevEnd);
        expect(
          Buffer.compare(
            Buffer.from(f.bytes),
            Buffer.from(bytes.subarray(f.offset, f.offset + f.bytes.length)),
          ),
        ).toBe(0);
        const [a, b] = closedFormChecksum(f.bytes);
        expect([f.bytes[f.bytes.length - 2], f.bytes[f.bytes.length - 1]]).toEqual([a, b]);
        frameBytes += f.bytes.length;
        prevEnd = f.offset + f.bytes.length;
      }
      expect(framer.stats.frames).toBe(frames.length);
      expect(framer.stats.checksumErrors).toBe(0);
      expect(frameBytes + framer.stats.garbageBytes).toBe(bytes.length);
      console.log(
        `${name}: ${frames.length} frames ${JSON.stringify(counts)}; stats ${JSON.stringify(framer.stats)}`,
      );
    });
  }

  it("the bytes between frames of the gpsd F9P log are its # comments, a cut frame and 2620 NMEA sentences", () => {
    const bytes = readLog("gpsd_ublox-zed-f9p_hpg1.11.log");
    const { frames } = frameAll(bytes);
    const gaps: string[] = [];
    let at = 0;
    for (const f of frames) {
      if (f.offset > at) gaps.push(Buffer.from(bytes.subarray(at, f.offset)).toString("latin1"));
      at = f.offset + f.bytes.length;
    }
    if (at < bytes.length) gaps.push(Buffer.from(bytes.subarray(at)).toString("latin1"));
    // first gap: the '#' header lines, then the tail of a frame the log starts inside (binary, no newline
    // followed by '#' or '$')
    const head = gaps[0];
    const comments = head.match(/^(#[^\n]*\n)+/)?.[0] ?? "";
    expect(comments.startsWith("# Name: ZED-F9P hpg1.11\n")).toBe(true);
    const tail = head.slice(comments.length);
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.length).toBeLessThan(16 + 32 * 255 + 2);
    expect(/\n[#$]/.test(tail)).toBe(false);
    // every other gap is whole NMEA sentences; PROVENANCE: GGA, RMC, VTG, GLL 655 each
    const sentence = /\$G[NP](GGA|RMC|VTG|GLL),[^\r\n*]*\*[0-9A-F]{2}\r\n/g;
    const counts: Record<string, number> = {};
    for (const g of gaps.slice(1)) {
      expect(g.replace(sentence, "")).toBe("");
      for (const m of g.matchAll(sentence)) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
    }
    expect(counts).toEqual({ GGA: 655, RMC: 655, VTG: 655, GLL: 655 });
  });

  it("the F9P SFRBX log ends inside a frame: one truncated frame, nothing lost before it", () => {
    const bytes = readLog("gpsd_ublox-zed-f9p-sfrbx.log");
    const { frames, framer } = frameAll(bytes);
    expect(framer.stats.truncated).toBe(1);
    const last = frames[frames.length - 1];
    const tail = bytes.subarray(last.offset + last.bytes.length);
    expect([tail[0], tail[1]]).toEqual([0xb5, 0x62]);
    expect(tail.length).toBeLessThan(8 + (tail[4] | (tail[5] << 8)));
  });
});

// ---- fault injection on real frames (or synthetic ones when the data folder is absent) ----

function sampleFrames(): Uint8Array[] {
  if (HAVE_DATA) {
    const { frames } = frameAll(readLog("gpsd_ublox-zed-f9p-sfrbx.log"));
    return frames.map((f) => f.bytes);
  }
  const out: Uint8Array[] = [];
  for (let k = 0; k < 60; k++) {
    const p = new Uint8Array(8 + ((k * 37) % 90));
    for (let i = 0; i < p.length; i++) p[i] = (k * 131 + i * 29) & 0xff;
    out.push(encodeUbxFrame(0x02, 0x13, p));
  }
  return out;
}
const FRAMES = sampleFrames();

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Junk that likes to look like UBX: sync pairs, plausible headers, '#' lines, NMEA, random bytes. */
const junkArb = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 40 }),
  fc.constant(new Uint8Array([0xb5])),
  fc.constant(new Uint8Array([0xb5, 0x62])),
  fc
    .tuple(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 300 }),
    )
    .map(([c, i, n]) => new Uint8Array([0xb5, 0x62, c, i, n & 0xff, n >> 8])),
  fc.constant(new TextEncoder().encode("# comment line\n")),
  fc.constant(new TextEncoder().encode("$GNGGA,012345.00,4553.0,S,17030.0,E,1,12,0.8,10.0,M,5.0,M,,*5C\r\n")),
);

/**
 * Frames decoded from a damaged stream against the intact frames laid out in it: every decoded frame is
 * an intact one (same offset and bytes) or a spurious one that the junk happened to form (its checksum
 * holds, it starts in junk); every intact frame that no spurious frame overlaps is decoded.
 */
function checkDelivery(decoded: Frame[], intact: { offset: number; bytes: Uint8Array }[]): void {
  const byOffset = new Map(intact.map((f) => [f.offset, f]));
  const spurious: [number, number][] = [];
  for (const d of decoded) {
    const f = byOffset.get(d.offset);
    if (f && f.bytes.length === d.bytes.length && f.bytes.every((b, i) => b === d.bytes[i])) continue;
    const ck = ubxChecksum(d.bytes, 2, d.bytes.length - 2);
    expect(ck).toBe(d.bytes[d.bytes.length - 2] | (d.bytes[d.bytes.length - 1] << 8));
    expect(byOffset.has(d.offset)).toBe(false);
    spurious.push([d.offset, d.offset + d.bytes.length]);
  }
  const got = new Set(decoded.map((d) => d.offset));
  for (const f of intact) {
    const end = f.offset + f.bytes.length;
    if (spurious.some(([a, b]) => a < end && f.offset < b)) continue;
    expect(got.has(f.offset), `frame at ${f.offset} lost`).toBe(true);
  }
}

describe("UBX framer under faults (fast-check)", () => {
  const pickFrames = fc
    .tuple(fc.integer({ min: 0, max: FRAMES.length - 1 }), fc.integer({ min: 1, max: 40 }))
    .map(([a, n]) => FRAMES.slice(a, Math.min(FRAMES.length, a + n)));

  it("any chunking gives the same frames and stats as one push", () => {
    const whole = concat(FRAMES);
    const ref = frameAll(whole);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700 }), { maxLength: 80 }), (chunks) => {
        const got = frameAll(whole, chunks);
        expect(got.frames.map((f) => f.offset)).toEqual(ref.frames.map((f) => f.offset));
        const joined = (fs: Frame[]) => Buffer.concat(fs.map((f) => f.bytes));
        expect(joined(got.frames).equals(joined(ref.frames))).toBe(true);
        expect(got.framer.stats).toEqual(ref.framer.stats);
      }),
      { numRuns: 200 },
    );
  });

  it("junk between frames: every frame delivered at its offset, in any chunking", () => {
    fc.assert(
      fc.property(
        pickFrames,
        fc.array(fc.option(junkArb, { nil: undefined, freq: 2 }), { minLength: 41, maxLength: 41 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 30 }),
        (frames, junk, chunks) => {
          const parts: Uint8Array[] = [];
          const intact: { offset: number; bytes: Uint8Array }[] = [];
          let at = 0;
          frames.forEach((f, i) => {
            const j = junk[i];
            if (j) {
              parts.push(j);
              at += j.length;
            }
            parts.push(f);
            intact.push({ offset: at, bytes: f });
            at += f.length;
          });
          if (junk[40]) parts.push(junk[40]);
          const stream = concat(parts);
          const { frames: decoded, framer } = frameAll(stream, chunks);
          checkDelivery(decoded, intact);
          const frameBytes = decoded.reduce((n, f) => n + f.bytes.length, 0);
          expect(frameBytes + framer.stats.garbageBytes).toBe(stream.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("junk inside frames and bytes flipped: every undamaged frame delivered", () => {
    fc.assert(
      fc.property(
        pickFrames,
        fc.array(fc.tuple(fc.nat(), fc.nat(), junkArb, fc.boolean()), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 30 }),
        (frames, hits, chunks) => {
          const damaged = new Map<number, [number, Uint8Array, boolean]>();
          for (const [fi, pos, junk, flip] of hits) damaged.set(fi % frames.length, [pos, junk, flip]);
          const parts: Uint8Array[] = [];
          const intact: { offset: number; bytes: Uint8Array }[] = [];
          let at = 0;
          frames.forEach((f, i) => {
            const d = damaged.get(i);
            let out = f;
            if (d) {
              const [pos, junk, flip] = d;
              const p = 2 + (pos % (f.length - 2)); // never the sync bytes: a frame without them is junk anyway
              if (flip) {
                out = f.slice();
                out[p] ^= 1 + (junk[0] % 255);
              } else {
                out = concat([f.subarray(0, p), junk, f.subarray(p)]);
              }
            } else {
              intact.push({ offset: at, bytes: f });
            }
            parts.push(out);
            at += out.length;
          });
          const { frames: decoded } = frameAll(concat(parts), chunks);
          checkDelivery(decoded, intact);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a stream cut anywhere: every whole frame before the cut delivered, the cut one counted truncated", () => {
    const whole = concat(FRAMES.slice(0, 30));
    const bounds: number[] = [];
    let at = 0;
    for (const f of FRAMES.slice(0, 30)) {
      bounds.push(at);
      at += f.length;
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: whole.length }), (cut) => {
        const { frames, framer } = frameAll(whole.subarray(0, cut));
        const complete = FRAMES.slice(0, 30).filter((f, i) => bounds[i] + f.length <= cut).length;
        checkDelivery(
          frames,
          FRAMES.slice(0, complete).map((bytes, i) => ({ offset: bounds[i], bytes })),
        );
        expect(frames.length).toBeGreaterThanOrEqual(complete);
        const inside = !bounds.includes(cut) && cut < whole.length;
        if (inside) expect(framer.stats.truncated).toBeGreaterThanOrEqual(1);
        else expect(framer.stats.truncated).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("random bytes never throw and are all accounted for", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 20 }),
        (bytes, chunks) => {
          const { frames, framer } = frameAll(bytes, chunks);
          const frameBytes = frames.reduce((n, f) => n + f.bytes.length, 0);
          expect(frameBytes + framer.stats.garbageBytes).toBe(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("UBX framer details", () => {
  it("checksum of the Interface Description's example frame UBX-CFG-PRT poll (B5 62 06 00 00 00 06 18)", () => {
    // u-blox M8 Receiver Description §32.4 and F9 Interface Description §3.4 show this poll frame.
    const frame = encodeUbxFrame(0x06, 0x00, new Uint8Array(0));
    expect([...frame]).toEqual([0xb5, 0x62, 0x06, 0x00, 0x00, 0x00, 0x06, 0x18]);
  });

  it("a corrupt length above the limit is skipped at once; the next frame is not delayed", () => {
    const good = encodeUbxFrame(0x01, 0x07, new Uint8Array(92));
    const bad = new Uint8Array([0xb5, 0x62, 0x01, 0x07, 0xff, 0xff]);
    const f = new UbxFramer();
    expect(f.push(concat([bad, good])).map((x) => x.offset)).toEqual([6]);
    expect(f.stats.garbageBytes).toBe(6);
    // a length just under the limit waits for its bytes, then fails its checksum and resyncs
    const f2 = new UbxFramer();
    const near = new Uint8Array([
      0xb5,
      0x62,
      0x02,
      0x15,
      UBX_DEFAULT_MAX_PAYLOAD & 0xff,
      UBX_DEFAULT_MAX_PAYLOAD >> 8,
    ]);
    expect(f2.push(concat([near, good]))).toEqual([]);
    expect(f2.finish().map((x) => x.offset)).toEqual([6]);
    expect(f2.stats.truncated).toBe(1);
  });

  it("a candidate failing its checksum resumes at the byte after its sync byte", () => {
    const inner = encodeUbxFrame(0x02, 0x13, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    // a fake header whose length swallows the inner frame
    const fake = new Uint8Array([0xb5, 0x62, 0x01, 0x02, inner.length + 2, 0]);
    const stream = concat([fake, inner, new Uint8Array([0, 0, 0, 0])]);
    const f = new UbxFramer();
    const got = [...f.push(stream), ...f.finish()];
    expect(got.map((x) => x.offset)).toEqual([6]);
    expect(f.stats.checksumErrors).toBe(1);
  });
});
