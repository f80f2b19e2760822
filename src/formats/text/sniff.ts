// What a file is, told from its content rather than its name: the compression (magic bytes) and,
// for text, the format and version from the first line(s).
// RINEX 2.11 §A1 / RINEX 3.05 §A1 / RINEX 4.00 Table A1 ("RINEX VERSION / TYPE", type in column 21),
// Hatanaka CRINEX ("CRINEX VERS   / TYPE"), RINEX clock 3.04 (label in column 66), SP3-a..d §2 (line 1).

export type Compression = "gzip" | "lzw" | "bzip2" | "zip" | "zstd" | "none";

/** Compression from the first bytes: gzip 1f 8b, Unix compress (.Z) 1f 9d, bzip2 "BZh", zip "PK\3\4", zstd 28 b5 2f fd. */
export function sniffCompression(bytes: Uint8Array): Compression {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return "gzip";
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x9d) return "lzw";
  if (bytes.length >= 3 && bytes[0] === 0x42 && bytes[1] === 0x5a && bytes[2] === 0x68) return "bzip2";
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4)
    return "zip";
  if (bytes.length >= 4 && bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd)
    return "zstd";
  return "none";
}

export type TextFormatKind =
  | "rinex-obs"
  | "crinex"
  | "rinex-nav"
  | "rinex-clk"
  | "rinex-met"
  | "sp3"
  | "unknown";

export interface TextSniff {
  readonly kind: TextFormatKind;
  /**
   * Format version: the RINEX version for RINEX files and for CRINEX (the RINEX version inside, when the
   * third line was given), the CRINEX version otherwise; 1..4 for SP3 a..d.
   */
  readonly version?: number;
  /** CRINEX only: the Hatanaka format version (1.0 or 3.0). */
  readonly crinexVersion?: number;
  /** RINEX: the satellite-system letter of the file ("M" mixed), when given. */
  readonly system?: string;
  /** One line saying what was recognised or why not. */
  readonly detail: string;
}

const RINEX_LABEL = "RINEX VERSION / TYPE";
const CRINEX_LABEL = "CRINEX VERS   / TYPE";

/**
 * Format and version of decompressed text from its first line(s). Give at least the first three lines
 * (a few hundred bytes) so that the RINEX version inside a Hatanaka file is seen.
 */
export function sniffText(head: string | Uint8Array): TextSniff {
  const text = typeof head === "string" ? head : new TextDecoder("utf-8").decode(head.subarray(0, 4096));
  const lines = text.split("\n", 4).map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  const first = lines[0] ?? "";

  if (
    first.startsWith("#") &&
    first.length >= 3 &&
    "abcd".includes(first[1]) &&
    (first[2] === "P" || first[2] === "V")
  ) {
    return {
      kind: "sp3",
      version: "abcd".indexOf(first[1]) + 1,
      detail: `SP3-${first[1]} (${first[2] === "P" ? "positions" : "positions and velocities"})`,
    };
  }

  if (first.includes(CRINEX_LABEL) || first.includes("COMPACT RINEX FORMAT")) {
    const crinexVersion = leadingNumber(first);
    const inner = lines.find((l) => l.includes(RINEX_LABEL));
    const version = inner === undefined ? undefined : leadingNumber(inner);
    const detail = `Hatanaka compact RINEX ${crinexVersion ?? "?"}${version === undefined ? "" : ` of RINEX ${version} observations`}`;
    return {
      kind: "crinex",
      version: version ?? crinexVersion,
      crinexVersion,
      system: inner ? systemOf(inner) : undefined,
      detail,
    };
  }

  const at = first.indexOf(RINEX_LABEL);
  if (at >= 0) {
    const version = leadingNumber(first);
    const type = rinexType(first, at);
    const system = systemOf(first);
    const v = version === undefined ? "?" : String(version);
    switch (type) {
      case "O":
        return { kind: "rinex-obs", version, system, detail: `RINEX ${v} observation data` };
      case "N":
      case "G": // RINEX 2 GLONASS navigation
      case "H": // RINEX 2 SBAS (geostationary) navigation
      case "L": // RINEX 2.12 Galileo navigation
      case "E":
      case "J":
      case "I":
        return {
          kind: "rinex-nav",
          version,
          system: type === "N" ? system : type,
          detail: `RINEX ${v} navigation data`,
        };
      case "C":
        return { kind: "rinex-clk", version, system, detail: `RINEX ${v} clock data` };
      case "M":
        return { kind: "rinex-met", version, detail: `RINEX ${v} meteorological data` };
      default:
        return { kind: "unknown", version, detail: `RINEX ${v} file of unknown type '${type ?? ""}'` };
    }
  }
  return { kind: "unknown", detail: "not RINEX, CRINEX or SP3 (no version line found)" };
}

function leadingNumber(line: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d*)?)/.exec(line);
  if (!m) return undefined;
  const v = Number(m[1]);
  return Number.isFinite(v) ? v : undefined;
}

/** File type letter: column 21 in RINEX 2/3/4 obs and nav; RINEX clock 3.04 moved it (label in column 66). */
function rinexType(line: string, labelAt: number): string | undefined {
  const c = line[20];
  if (c !== undefined && c !== " " && labelAt >= 60) return c;
  // clock 3.04: "3.04           C                   G ..." — the first letter after the version
  const m = /^\s*\d+(?:\.\d*)?\s+([A-Z])/.exec(line.slice(0, labelAt));
  return m ? m[1] : undefined;
}

function systemOf(line: string): string | undefined {
  const c = line[40];
  return c === undefined || c === " " ? undefined : c;
}
