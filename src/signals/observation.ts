// Observation epochs: what every observation reader (RINEX, Hatanaka, later RTCM/UBX) produces and what
// the solvers consume. Values live in one Float64Array per epoch (NaN = not observed).

import type { Ecef } from "../frames/vectors.js";
import type { Instant } from "../time/instant.js";
import type { ObsCode } from "./signal.js";
import type { GnssSystem, SatId } from "./system.js";

export interface ObsEpoch {
  /** Receiver time tag, in the file's time system (GPST unless the header says otherwise). */
  readonly time: Instant;
  /** RINEX epoch flag: 0 ok, 1 power failure, 2-5 events, 6 cycle slip records. */
  readonly flag: number;
  /** Receiver clock offset written by the receiver (s), NaN if absent. */
  readonly rxClockOffset_s: number;
  readonly sats: readonly SatId[];
  /** For sat i: the codes of its values (an array shared by every satellite of one system). */
  readonly codes: ReadonlyArray<readonly ObsCode[]>;
  /** For sat i: index of its first value in `values`; its count is codes[i].length. */
  readonly offsets: Uint32Array;
  /** Pseudorange (m), phase (cycles), Doppler (Hz), C/N0 (dB-Hz); NaN when blank. */
  readonly values: Float64Array;
  /** Loss-of-lock indicator per value (0 when blank). */
  readonly lli: Uint8Array;
  /** Signal strength indicator per value (0 when blank). */
  readonly ssi: Uint8Array;
  /** 1-based line (text formats) where this epoch starts, for messages. */
  readonly line?: number;
}

/** Value of `code` for satellite index i, NaN if absent. */
export function obsValue(ep: ObsEpoch, i: number, code: ObsCode): number {
  const k = ep.codes[i].indexOf(code);
  return k < 0 ? Number.NaN : ep.values[ep.offsets[i] + k];
}

/** What an observation file's header says. */
export interface ObsHeader {
  readonly format: "RINEX" | "CRINEX" | "RTCM3" | "UBX";
  /** RINEX version, e.g. 2.11, 3.04, 4.0 */
  readonly version: number;
  /** Hatanaka version if compressed (1.0 or 3.0). */
  readonly crinexVersion?: number;
  readonly fileSystem: string;
  readonly marker?: string;
  readonly receiver?: string;
  readonly antenna?: string;
  readonly approxPosition?: Ecef;
  /** Antenna delta H/E/N (m). */
  readonly antennaDeltaHEN_m?: readonly [number, number, number];
  /** RINEX 3 codes per system, already normalised (RINEX 2 types and 3.02 BDS band 1 converted). */
  readonly obsCodes: ReadonlyMap<GnssSystem, readonly ObsCode[]>;
  readonly interval_s?: number;
  readonly firstObs?: Instant;
  readonly lastObs?: Instant;
  readonly timeSystem: "GPST" | "BDT" | "GST" | "UTC" | "GLONASST";
  /** GLONASS slot -> frequency channel k, from GLONASS SLOT / FRQ #. */
  readonly glonassChannels: ReadonlyMap<SatId, number>;
  readonly leapSeconds?: number;
  /** Header lines, for writers that copy them. */
  readonly lineCount: number;
}
