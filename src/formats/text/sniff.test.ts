// First lines as the format documents define them: RINEX 2.11 Table A1/A3/A10, RINEX 3.05 Table A1/A2,
// RINEX clock 3.04 §5 (label in column 66), SP3-c/d line 1, Hatanaka CRINEX header.
import { describe, expect, it } from "vitest";
import { sniffCompression, sniffText } from "./sniff.js";

const lab = (text: string, l: string, at = 60) => text.padEnd(at) + l;

describe("sniffText", () => {
  it("tells RINEX observation, navigation and clock files with their version", () => {
    expect(
      sniffText(lab("     2.11           OBSERVATION DATA    M (MIXED)", "RINEX VERSION / TYPE")),
    ).toMatchObject({ kind: "rinex-obs", version: 2.11, system: "M" });
    expect(sniffText(lab("     4.02           OBSERVATION DATA    C", "RINEX VERSION / TYPE"))).toMatchObject(
      { kind: "rinex-obs", version: 4.02, system: "C" },
    );
    expect(sniffText(lab("     2.10           N: GPS NAV DATA", "RINEX VERSION / TYPE"))).toMatchObject({
      kind: "rinex-nav",
      version: 2.1,
    });
    expect(sniffText(lab("     2.11           G: GLONASS NAV DATA", "RINEX VERSION / TYPE"))).toMatchObject({
      kind: "rinex-nav",
      system: "G",
    });
    expect(
      sniffText(lab("     3.04           N: GNSS NAV DATA    C: BDS", "RINEX VERSION / TYPE")),
    ).toMatchObject({ kind: "rinex-nav", version: 3.04, system: "C" });
    expect(sniffText(lab("     3.00           CLOCK DATA          G", "RINEX VERSION / TYPE"))).toMatchObject(
      { kind: "rinex-clk", version: 3 },
    );
    expect(sniffText(lab("3.04           C                   G", "RINEX VERSION / TYPE", 65))).toMatchObject({
      kind: "rinex-clk",
      version: 3.04,
    });
    expect(sniffText(lab("     2.11           METEOROLOGICAL DATA", "RINEX VERSION / TYPE"))).toMatchObject({
      kind: "rinex-met",
    });
  });

  it("tells Hatanaka files and the RINEX version inside", () => {
    const head = [
      lab("1.0                 COMPACT RINEX FORMAT", "CRINEX VERS   / TYPE"),
      lab("RNX2CRX ver.4.0.7", "CRINEX PROG / DATE"),
      lab("     2.11           OBSERVATION DATA    G (GPS)", "RINEX VERSION / TYPE"),
    ].join("\r\n");
    expect(sniffText(head)).toMatchObject({ kind: "crinex", crinexVersion: 1, version: 2.11, system: "G" });
    expect(sniffText(lab("3.0                 COMPACT RINEX FORMAT", "CRINEX VERS   / TYPE"))).toMatchObject({
      kind: "crinex",
      crinexVersion: 3,
      version: 3,
    });
    expect(sniffText(new TextEncoder().encode(head))).toMatchObject({ kind: "crinex", version: 2.11 });
  });

  it("tells SP3 and unknown text", () => {
    expect(sniffText("#cP2020  6 25  0  0  0.00000000      96 TRACK IGb14 FIT GRGS")).toMatchObject({
      kind: "sp3",
      version: 3,
    });
    expect(sniffText("#dV2020  6 25  0  0  0.00000000      97 __u+U IGS14 FIT  IAC")).toMatchObject({
      kind: "sp3",
      version: 4,
    });
    expect(sniffText("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47").kind).toBe(
      "unknown",
    );
    expect(sniffText("").kind).toBe("unknown");
  });
});

describe("sniffCompression", () => {
  it("reads magic bytes", () => {
    expect(sniffCompression(new Uint8Array([0x1f, 0x8b, 8]))).toBe("gzip");
    expect(sniffCompression(new Uint8Array([0x1f, 0x9d, 0x90]))).toBe("lzw");
    expect(sniffCompression(new TextEncoder().encode("BZh91AY"))).toBe("bzip2");
    expect(sniffCompression(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]))).toBe("zstd");
    expect(sniffCompression(new TextEncoder().encode("     3.04"))).toBe("none");
    expect(sniffCompression(new Uint8Array([0x1f]))).toBe("none");
  });
});
