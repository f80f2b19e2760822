// Hatanaka compact RINEX -> plain RINEX lines (what CRX2RNX writes), sans-I/O.
// Hatanaka (2008), Bull. GSI 55, 21-30; RINEX 2.11 §A2 / RINEX 3.05 §A3 record layouts (F14.3 + LLI + SSI).
// The observation readers use CrxRecordDecoder directly and skip the text round trip; this class is for
// tools and tests that want the decompressed text. CRINEX VERS / CRINEX PROG header lines are dropped.

import type { DecodeIssue } from "../../core/errors.js";
import { CrxRecordDecoder, type CrxRecordOptions, type CrxSink } from "./crx-records.js";

const NO_LINES: readonly string[] = Object.freeze([]);

export interface CrxDecoderOptions {
  readonly file?: string;
  /** Throw a DecodeError at the first issue. */
  readonly strict?: boolean;
}

export class CrxDecoder {
  /** Problems met so far (corrupt records skipped, truncation). */
  readonly issues: DecodeIssue[] = [];
  private readonly core: CrxRecordDecoder;
  private out: string[] = [];

  constructor(opts: CrxDecoderOptions = {}) {
    const sink: CrxSink = {
      line: (text) => {
        this.out.push(text);
      },
      sat: (sat, n, values, flags) => {
        this.out.push(
          ...formatSatRecord(this.core.rinexMajor, this.core.crinexVersion, sat, n, values, flags),
        );
      },
    };
    const coreOpts: CrxRecordOptions = {
      file: opts.file,
      strict: opts.strict,
      onIssue: (i) => this.issues.push(i),
    };
    this.core = new CrxRecordDecoder(sink, coreOpts);
  }

  get crinexVersion(): number {
    return this.core.crinexVersion;
  }

  /** Major version of the RINEX inside (2, 3 or 4). */
  get rinexVersion(): number {
    return this.core.rinexMajor;
  }

  /** Push one line of compact RINEX; returns the plain RINEX lines it completes (trailing blanks cut). */
  push(line: string): readonly string[] {
    this.core.push(line);
    return this.take();
  }

  finish(): readonly string[] {
    this.core.finish();
    return this.take();
  }

  private take(): readonly string[] {
    if (this.out.length === 0) return NO_LINES;
    const lines = this.out;
    this.out = [];
    return lines;
  }
}

const BLANK14 = " ".repeat(14);

/** A value in 0.001 units (exact integer) as RINEX F14.3. */
export function formatF14_3(units: number): string {
  const neg = units < 0;
  const a = neg ? -units : units;
  const ip = Math.floor(a / 1000);
  const fp = a - ip * 1000;
  const s = `${neg ? "-" : ""}${ip}.${fp < 10 ? "00" : fp < 100 ? "0" : ""}${fp}`;
  return s.length >= 14 ? s : BLANK14.slice(s.length) + s;
}

/** One satellite's record as RINEX lines: RINEX 3 "Gnn" + fields on one line; RINEX 2 five fields per line. */
export function formatSatRecord(
  rinexMajor: number,
  crinexVersion: number,
  sat: string,
  n: number,
  values: Float64Array,
  flags: Uint8Array,
): string[] {
  const lines: string[] = [];
  let cur = rinexMajor === 2 ? "" : sat;
  for (let j = 0; j < n; j++) {
    const v = values[j];
    const lli = String.fromCharCode(flags[2 * j]);
    const ssi = String.fromCharCode(flags[2 * j + 1]);
    if (Number.isNaN(v)) cur += crinexVersion === 1 ? `${BLANK14}  ` : BLANK14 + lli + ssi;
    else cur += formatF14_3(v) + lli + ssi;
    if (rinexMajor === 2 && (j + 1) % 5 === 0 && j + 1 < n) {
      lines.push(cur.trimEnd());
      cur = "";
    }
  }
  lines.push(cur.trimEnd());
  return lines;
}
