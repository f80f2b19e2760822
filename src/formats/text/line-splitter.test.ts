import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.js";

/** Reference: decode everything at once and split on "\n", dropping one "\r" before it. */
function reference(bytes: Uint8Array): string[] {
  const parts = new TextDecoder().decode(bytes).split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts.map((p) => (p.endsWith("\r") ? p.slice(0, -1) : p));
}

function split(bytes: Uint8Array, cuts: number[]): string[] {
  const sp = new LineSplitter();
  const out: string[] = [];
  let at = 0;
  for (const c of [...cuts.sort((a, b) => a - b), bytes.length]) {
    out.push(...sp.push(bytes.subarray(at, Math.max(at, c))));
    at = Math.max(at, c);
  }
  out.push(...sp.finish());
  return out;
}

describe("LineSplitter", () => {
  it("handles \\n, \\r\\n, a last line without a break, and empty lines", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(split(enc("a\nb\r\n\nc"), [])).toEqual(["a", "b", "", "c"]);
    expect(split(enc("a\r\nb\r\n"), [2])).toEqual(["a", "b"]); // "\r" and "\n" in different chunks
    expect(split(enc(""), [])).toEqual([]);
    expect(split(enc("\n"), [])).toEqual([""]);
    expect(split(enc("x\r"), [])).toEqual(["x"]);
  });

  it("any chunking gives the lines of the whole input (UTF-8 split across chunks included)", () => {
    const piece = fc.oneof(
      fc.constantFrom("\n", "\r\n", "\r", "é", "北斗", " ", "G01  2.5"),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (pieces, cutsRaw) => {
          const bytes = new TextEncoder().encode(pieces.join(""));
          const cuts = cutsRaw.map((c) => c % (bytes.length + 1));
          expect(split(bytes, cuts)).toEqual(reference(bytes));
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (bytes, cutsRaw) => {
          const cuts = cutsRaw.map((c) => c % (bytes.length + 1));
          expect(split(bytes, cuts)).toEqual(reference(bytes));
        },
      ),
      { numRuns: 500 },
    );
  });
});
