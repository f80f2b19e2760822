// Orbit classes decided from the broadcast orbits (semi-major axis, inclination), checked against the
// satellite lists in the data folders' PROVENANCE.md and the BDS constellation of BDS-SIS-ICD-B1I-3.0 §3.1
// (GEO PRNs 1-5 and 59-63). The code has no PRN table; this test is the only place PRNs appear.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseRinexNav } from "../src/formats/rinex/nav.js";
import { EphemerisStore } from "../src/orbits/ephemeris-store.js";

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../shared/data");
if (!existsSync(DATA)) console.log(`orbits-kind: ${DATA} absent, real-data tests skipped`);

function storeOf(file: string): EphemerisStore {
  const buf = readFileSync(path.join(DATA, file));
  const text = (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("latin1");
  const s = new EphemerisStore();
  s.addNavigation(parseRinexNav(text, file).data);
  return s;
}

const range = (a: number, b: number) =>
  Array.from({ length: b - a + 1 }, (_, i) => `C${String(a + i).padStart(2, "0")}`);

function check(store: EphemerisStore, expected: Record<string, string[]>): void {
  const got: string[] = [];
  for (const [kind, sats] of Object.entries(expected)) {
    for (const sat of sats) {
      got.push(`${sat}:${store.orbitKind(sat)}`);
      expect(store.orbitKind(sat), sat).toBe(kind);
    }
  }
  console.log(got.join(" "));
}

describe.skipIf(!existsSync(DATA))("orbitKindOf on real navigation files", () => {
  it("Nagoya 2024-176: GEO C01-C05 C59 C60 (and C62), IGSO C06-C10 C13 C16 C38-C40, MEO the rest", () => {
    const s = storeOf("rtk-static-nagoya-2024-176/base.nav");
    check(s, {
      GEO: [...range(1, 5), "C59", "C60", "C62"],
      IGSO: [...range(6, 10), "C13", "C16", ...range(38, 40)],
      MEO: ["C14", "C20", ...range(23, 25), ...range(27, 30), "C32", "C33", "C41", "C58"],
    });
    // every BDS satellite of the file gets a class
    for (const sat of s.sats().filter((x) => x[0] === "C")) expect(s.orbitKind(sat)).not.toBe("unknown");
  });

  it("ESBC 2020-177: GEO C05, IGSO C06-C10 C13 C16, MEO C11 C12 C14 and BDS-3 C19-C37; GLONASS MEO", () => {
    const s = storeOf("esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
    check(s, {
      GEO: ["C05"],
      IGSO: [...range(6, 10), "C13", "C16"],
      MEO: ["C11", "C12", "C14", ...range(19, 30), ...range(32, 37)],
    });
    for (const sat of s.sats()) {
      if (sat[0] === "R" || sat[0] === "G" || sat[0] === "E") expect(s.orbitKind(sat), sat).toBe("MEO");
    }
  });
});
