import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataPath } from "../../../test/support/real-data.js";
import type { Frame, Framer } from "../framing.js";
import { formatChecksum, nmeaXorText } from "./checksum.js";
import { NmeaFramer, type NmeaFramerOptions } from "./framer.js";

const enc = (s: string) => new TextEncoder().encode(s);
const text = (f: Frame) => new TextDecoder().decode(f.bytes);
const withChecksum = (body: string) => `$${body}*${formatChecksum(nmeaXorText(body, 0, body.length))}`;

function run(
  bytes: Uint8Array,
  cuts: number[] = [],
  opts: NmeaFramerOptions = {},
): { frames: Frame[]; framer: NmeaFramer } {
  const framer = new NmeaFramer(opts);
  return { frames: pushChunked(framer, bytes, cuts), framer };
}

function pushChunked(framer: Framer, bytes: Uint8Array, cuts: number[]): Frame[] {
  const out: Frame[] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c <= at || c >= bytes.length) continue;
    out.push(...framer.push(bytes.subarray(at, c)));
    at = c;
  }
  out.push(...framer.push(bytes.subarray(at)));
  out.push(...framer.finish());
  return out;
}

const GGA = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47";
const RMC = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A";

describe("NmeaFramer", () => {
  it("frames CR LF, LF and CR line ends, with byte offsets", () => {
    const s = `${GGA}\r\n${RMC}\n${GGA}\r${RMC}\r\n`;
    const { frames, framer } = run(enc(s));
    expect(frames.map(text)).toEqual([GGA, RMC, GGA, RMC]);
    expect(frames.map((f) => f.offset)).toEqual([
      0,
      GGA.length + 2,
      GGA.length + RMC.length + 3,
      2 * GGA.length + RMC.length + 4,
    ]);
    expect(framer.stats).toMatchObject({ frames: 4, checksumErrors: 0, garbageBytes: 0, truncated: 0 });
  });

  it("skips a # header (with $ in its text) and counts the garbage; a # after a frame is garbage", () => {
    const s = `# gpsd log\n# has $GNGSA in a note\n\n${GGA}\r\n# not a header\r\n${RMC}\r\n`;
    const { frames, framer } = run(enc(s));
    expect(frames.map(text)).toEqual([GGA, RMC]);
    expect(framer.stats.commentLines).toBe(2);
    expect(framer.stats.noChecksum).toBe(0);
    expect(framer.stats.garbageBytes).toBe(
      "# gpsd log\n# has $GNGSA in a note\n\n".length + "# not a header\r\n".length,
    );
  });

  it("counts checksum errors and sentences without checksum; accepts the latter on request", () => {
    const bad = GGA.replace("*47", "*48");
    const none = "$GPZDA,201530.00,04,07,2002,00,00";
    const s = enc(`${bad}\r\n${none}\r\n${RMC}\r\n`);
    const a = run(s);
    expect(a.frames.map(text)).toEqual([RMC]);
    expect(a.framer.stats).toMatchObject({
      checksumErrors: 1,
      noChecksum: 1,
      garbageBytes: bad.length + none.length,
    });
    const b = run(s, [], { acceptNoChecksum: true });
    expect(b.frames.map(text)).toEqual([none, RMC]);
  });

  it("a $ inside a sentence starts the next one: a lost line end costs one sentence", () => {
    const { frames, framer } = run(enc(`${GGA.slice(0, 30)}${RMC}\r\n`));
    expect(frames.map(text)).toEqual([RMC]);
    expect(frames[0].offset).toBe(30);
    expect(framer.stats.garbageBytes).toBe(30);
  });

  it("drops sentences longer than maxLength and counts those over NMEA's 82 characters", () => {
    const long = withChecksum(`PXXXX,${"9".repeat(200)}`);
    const mid = withChecksum(`GNTXT,${"A".repeat(90)}`);
    const { frames, framer } = run(enc(`${long}\r\n${mid}\r\n${GGA}\r\n`));
    expect(frames.map(text), JSON.stringify(frames.map(text))).toEqual([mid, GGA]);
    expect(framer.stats.overlong).toBe(1);
    expect(run(enc(`${long}\r\n`), [], { maxLength: 260 }).frames.length).toBe(1);
  });

  it("end of stream: a whole last line without line end is delivered, a cut one counted truncated", () => {
    expect(run(enc(`${RMC}\r\n${GGA}`)).frames.map(text)).toEqual([RMC, GGA]);
    const cut = run(enc(`${RMC}\r\n${GGA.slice(0, 40)}`));
    expect(cut.frames.map(text)).toEqual([RMC]);
    expect(cut.framer.stats).toMatchObject({ truncated: 1, garbageBytes: 40, checksumErrors: 0 });
  });

  it("random bytes never throw, and every byte is in a frame, a line end or the garbage count", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(2000)), (bytes, cuts) => {
        const { frames, framer } = run(bytes, cuts);
        const inFrames = frames.reduce((n, f) => n + f.bytes.length, 0);
        const lineEnds = bytes.filter((b) => b === 10 || b === 13).length;
        expect(inFrames + framer.stats.garbageBytes).toBeLessThanOrEqual(bytes.length);
        expect(inFrames + framer.stats.garbageBytes + lineEnds).toBeGreaterThanOrEqual(bytes.length);
      }),
      { numRuns: 500 },
    );
  });

  // a valid sentence of arbitrary content
  const sentenceArb = fc
    .tuple(
      fc.constantFrom("GP", "GB", "BD", "GN", "GA", "GL", "GQ", "P"),
      fc.stringMatching(/^[A-Z]{3}(,[-0-9A-Z.]{0,9}){0,18}$/),
    )
    .map(([t, b]) => withChecksum(`${t}${b}`));
  const endArb = fc.constantFrom("\r\n", "\n", "\r");

  it("junk between sentences never costs a sentence, and any chunking gives the same frames", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 40 }), sentenceArb, endArb), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.array(fc.nat(3000), { maxLength: 30 }),
        (parts, cuts) => {
          const chunks: Uint8Array[] = [];
          const expected: { offset: number; text: string }[] = [];
          const junkSpans: [number, number][] = [];
          let at = 0;
          for (const [junk, s, end] of parts) {
            // a junk that ends inside an unterminated "$..." would swallow nothing: the next $ restarts
            const j = junk.length > 0 ? Uint8Array.from([...junk, 10]) : junk;
            chunks.push(j, enc(s + end));
            junkSpans.push([at, at + j.length]);
            expected.push({ offset: at + j.length, text: s });
            at += j.length + s.length + end.length;
          }
          const bytes = new Uint8Array(at);
          let k = 0;
          for (const c of chunks) {
            bytes.set(c, k);
            k += c.length;
          }
          const whole = run(bytes).frames;
          const got = whole.map((f) => ({ offset: f.offset, text: text(f) }));
          for (const e of expected) expect(got).toContainEqual(e);
          // anything else came out of the junk itself
          for (const g of got) {
            if (expected.some((e) => e.offset === g.offset)) continue;
            expect(junkSpans.some(([a, b]) => g.offset >= a && g.offset < b)).toBe(true);
          }
          const chunked = run(bytes, cuts).frames.map((f) => ({ offset: f.offset, text: text(f) }));
          expect(chunked).toEqual(got);
        },
      ),
      { numRuns: 400 },
    );
  });

  const LOG = dataPath("nmea-bds-logs/gpsd_quectel-l76k-nmea.log");
  it.skipIf(!existsSync(LOG))("a real 133 kB log: any chunking gives the same frames and counts", () => {
    const bytes = new Uint8Array(readFileSync(LOG));
    const ref = run(bytes);
    fc.assert(
      fc.property(fc.array(fc.nat(bytes.length), { maxLength: 200 }), (cuts) => {
        const r = run(bytes, cuts);
        expect(r.frames.length).toBe(ref.frames.length);
        expect(r.framer.stats).toEqual(ref.framer.stats);
        for (let i = 0; i < r.frames.length; i += 97) expect(r.frames[i]).toEqual(ref.frames[i]);
      }),
      { numRuns: 40 },
    );
    // one byte at a time
    const cuts = Array.from({ length: bytes.length }, (_, i) => i);
    expect(run(bytes, cuts).frames).toEqual(ref.frames);
  });
});
