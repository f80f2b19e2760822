// Multiple Signal Messages MSM4-MSM7, RTCM 10403.3 §3.5.12: header (Table 3.5-78), satellite data
// (Table 3.5-79/80), signal data (Table 3.5-81..86), for GPS, GLONASS, Galileo, SBAS, QZSS, BDS and NavIC.
// Field units as broadcast: ranges in milliseconds of light travel (DF397/398/400/401/405/406), rates in
// m/s (DF399/404), C/N0 in dB-Hz (DF403/408). Invalid markers (DF397 = 255, most negative fine values)
// become NaN. Turning these into pseudorange/phase/Doppler needs the carrier (and, for GLONASS, the
// frequency channel): see msm-assembler.ts.

import { ArrayBlocks } from "../array-blocks.js";
import { getBitsU } from "./bit-fields.js";
import { type MsmSystem, msmSignalCode } from "./msm-signals.js";

export type MsmNumber = 4 | 5 | 6 | 7;

/** The epoch field of an MSM header: DF004 (GPS, Galileo, SBAS, QZSS, NavIC: GPST/GST), DF427 (BDS: BDT), DF416+DF034 (GLONASS). */
export type MsmEpochField =
  | { readonly scale: "GPST" | "BDT"; readonly tow_ms: number }
  | { readonly scale: "GLONASST"; readonly dayOfWeek: number; readonly tod_ms: number };

export interface MsmMessage {
  readonly kind: "msm";
  readonly type: number;
  readonly system: MsmSystem;
  readonly msm: MsmNumber;
  /** DF003 reference station id. */
  readonly stationId: number;
  readonly epoch: MsmEpochField;
  /** DF393: more MSMs of this epoch and station follow. */
  readonly multipleMessage: boolean;
  /** DF409 issue of data station. */
  readonly iods: number;
  /** DF411 clock steering, DF412 external clock, DF417 smoothing, DF418 smoothing interval (codes as broadcast). */
  readonly clockSteering: number;
  readonly externalClock: number;
  readonly smoothing: boolean;
  readonly smoothingInterval: number;
  /** Satellite-mask bits set (1..64), in mask order. */
  readonly satBits: Uint8Array;
  /** Signal-mask bits set (1..32), in mask order. */
  readonly signalIds: Uint8Array;
  /** RINEX band+attribute of each signal id ("2I"), null for ids the tables leave reserved. */
  readonly signalCodes: readonly (string | null)[];
  /** Per satellite: rough range DF397 + DF398 (ms), NaN when DF397 = 255. */
  readonly roughRange_ms: Float64Array;
  /** Per satellite, MSM5/7: extended satellite information (GLONASS: channel + 7); 255 when absent. */
  readonly extendedInfo: Uint8Array;
  /** Per satellite, MSM5/7: rough phase-range rate DF399 (m/s), NaN when absent or invalid. */
  readonly roughRate_mps: Float64Array;
  /** Per cell (satellite-major, only cells in the cell mask): index into satBits and signalIds. */
  readonly cellSat: Uint8Array;
  readonly cellSignal: Uint8Array;
  /** Per cell: fine pseudorange DF400/DF405 (ms), NaN when invalid. */
  readonly finePseudorange_ms: Float64Array;
  /** Per cell: fine phase-range DF401/DF406 (ms), NaN when invalid. */
  readonly finePhaseRange_ms: Float64Array;
  /** Per cell: lock-time indicator DF402 (4 bits, MSM4/5) or DF407 (10 bits, MSM6/7). */
  readonly lockIndicator: Uint16Array;
  /** Per cell: half-cycle ambiguity indicator DF420. */
  readonly halfCycle: Uint8Array;
  /** Per cell: C/N0 DF403 (1 dB-Hz) or DF408 (0.0625 dB-Hz); NaN when 0 (not computed). */
  readonly cnr_dbhz: Float64Array;
  /** Per cell, MSM5/7: fine phase-range rate DF404 (m/s), NaN when absent or invalid. */
  readonly fineRate_mps: Float64Array;
}

/** Resolutions of the MSM fields (RTCM 10403.3 Tables 3.5-79..86). */
export const MSM_LSB = {
  roughMod_ms: 2 ** -10,
  finePr4_ms: 2 ** -24,
  finePhase4_ms: 2 ** -29,
  finePr6_ms: 2 ** -29,
  finePhase6_ms: 2 ** -31,
  cnr6_dbhz: 2 ** -4,
  fineRate_mps: 1e-4,
} as const;

/** Bits per satellite and per cell for MSM4..7. */
const SAT_BITS: Record<MsmNumber, number> = { 4: 18, 5: 36, 6: 18, 7: 36 };
const CELL_BITS: Record<MsmNumber, number> = { 4: 48, 5: 63, 6: 65, 7: 80 };

/**
 * Unsigned field of at most 25 bits at bit `pos`: one 32-bit window (the hot path; getBitsU handles any
 * width). Within a frame the window never passes the end (the CRC's 3 bytes follow the message); bytes
 * past the end of `buf` read as 0, as with getBitsU.
 */
function bitsU(buf: Uint8Array, pos: number, len: number): number {
  const at = pos >>> 3;
  const w = (buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3];
  return (w << (pos & 7)) >>> (32 - len);
}

/** Two's complement field of at most 25 bits. */
function bitsS(buf: Uint8Array, pos: number, len: number): number {
  const at = pos >>> 3;
  const w = (buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3];
  return (w << (pos & 7)) >> (32 - len);
}

/** The arrays of many messages share one block (see array-blocks.ts). */
const BLOCKS = new ArrayBlocks();

/** Signal codes of a signal mask, one shared (frozen) list per system and mask. */
const SIGNAL_CODES = new Map<number, readonly (string | null)[]>();
const SYSTEM_KEY: Readonly<Record<MsmSystem, number>> = { G: 0, R: 1, E: 2, S: 3, J: 4, C: 5, I: 6 };

function signalCodesOf(system: MsmSystem, sigWord: number, ids: Uint8Array): readonly (string | null)[] {
  const key = (sigWord >>> 0) * 8 + SYSTEM_KEY[system];
  let codes = SIGNAL_CODES.get(key);
  if (!codes) {
    codes = Object.freeze(Array.from(ids, (id) => msmSignalCode(system, id)));
    SIGNAL_CODES.set(key, codes);
  }
  return codes;
}

const SCRATCH_SATS = new Uint8Array(64);
const SCRATCH_SIGS = new Uint8Array(32);
const SCRATCH_CELL_SAT = new Uint8Array(64);
const SCRATCH_CELL_SIG = new Uint8Array(64);

/** Bit position of the satellite mask (after DF002..DF418). */
export const MSM_HEADER_FIXED_BITS = 12 + 12 + 30 + 1 + 3 + 7 + 2 + 2 + 1 + 3;

/**
 * Decodes an MSM4-7 frame (`buf` starts at the preamble; `lenBytes` is the message length). Returns the
 * message, or a string saying why it cannot be decoded (too short, too many cells).
 */
export function decodeMsm(
  buf: Uint8Array,
  lenBytes: number,
  system: MsmSystem,
  msm: MsmNumber,
): MsmMessage | string {
  const endBit = 24 + lenBytes * 8;
  let i = 24;
  const type = getBitsU(buf, i, 12);
  i += 12;
  if (i + MSM_HEADER_FIXED_BITS - 12 + 64 + 32 > endBit) return "message shorter than the MSM header";
  const stationId = getBitsU(buf, i, 12);
  i += 12;
  let epoch: MsmEpochField;
  if (system === "R") {
    const dayOfWeek = getBitsU(buf, i, 3);
    const tod_ms = getBitsU(buf, i + 3, 27);
    epoch = { scale: "GLONASST", dayOfWeek, tod_ms };
  } else {
    epoch = { scale: system === "C" ? "BDT" : "GPST", tow_ms: getBitsU(buf, i, 30) };
  }
  i += 30;
  const multipleMessage = getBitsU(buf, i, 1) === 1;
  const iods = getBitsU(buf, i + 1, 3);
  i += 4 + 7; // DF409, reserved DF001
  const clockSteering = getBitsU(buf, i, 2);
  const externalClock = getBitsU(buf, i + 2, 2);
  const smoothing = getBitsU(buf, i + 4, 1) === 1;
  const smoothingInterval = getBitsU(buf, i + 5, 3);
  i += 8;
  // masks into scratch space first: the message's arrays are views on two blocks allocated once it is
  // known how many satellites and cells there are (typed-array allocation dominates small messages)
  let nSat = 0;
  for (let w = 0; w < 2; w++) {
    const word = getBitsU(buf, i + 32 * w, 32);
    for (let k = 0; k < 32; k++) if ((word >>> (31 - k)) & 1) SCRATCH_SATS[nSat++] = w * 32 + k + 1;
  }
  i += 64;
  let nSig = 0;
  const sigWord = getBitsU(buf, i, 32);
  for (let k = 0; k < 32; k++) if ((sigWord >>> (31 - k)) & 1) SCRATCH_SIGS[nSig++] = k + 1;
  i += 32;
  if (nSat * nSig > 64) return `${nSat} satellites x ${nSig} signals exceed the 64-cell limit`;
  if (i + nSat * nSig > endBit) return "message shorter than its cell mask";
  let nCell = 0;
  for (let s = 0; s < nSat; s++) {
    for (let g = 0; g < nSig; g++, i++) {
      if (bitsU(buf, i, 1)) {
        SCRATCH_CELL_SAT[nCell] = s;
        SCRATCH_CELL_SIG[nCell] = g;
        nCell++;
      }
    }
  }
  if (i + nSat * SAT_BITS[msm] + nCell * CELL_BITS[msm] > endBit) {
    return `message shorter than ${nSat} satellites and ${nCell} cells of MSM${msm}`;
  }
  const ext = msm === 5 || msm === 7;
  const hiRes = msm === 6 || msm === 7;

  // doubles, then lock indicators (2 bytes each), then the byte arrays, in one stretch of a shared block
  const nF64 = 2 * nSat + 4 * nCell;
  const at = BLOCKS.take(8 * nF64 + 2 * nCell + 2 * nSat + nSig + 3 * nCell);
  const buffer = BLOCKS.buffer;
  const roughRange_ms = new Float64Array(buffer, at, nSat);
  const roughRate_mps = new Float64Array(buffer, at + 8 * nSat, nSat);
  const finePseudorange_ms = new Float64Array(buffer, at + 16 * nSat, nCell);
  const finePhaseRange_ms = new Float64Array(buffer, at + 16 * nSat + 8 * nCell, nCell);
  const cnr_dbhz = new Float64Array(buffer, at + 16 * nSat + 16 * nCell, nCell);
  const fineRate_mps = new Float64Array(buffer, at + 16 * nSat + 24 * nCell, nCell);
  const o = at + 8 * nF64;
  const lockIndicator = new Uint16Array(buffer, o, nCell);
  const ob = o + 2 * nCell;
  const satBits = new Uint8Array(buffer, ob, nSat);
  const extendedInfo = new Uint8Array(buffer, ob + nSat, nSat);
  const signalIds = new Uint8Array(buffer, ob + 2 * nSat, nSig);
  const oc = ob + 2 * nSat + nSig;
  const cellSat = new Uint8Array(buffer, oc, nCell);
  const cellSignal = new Uint8Array(buffer, oc + nCell, nCell);
  const halfCycle = new Uint8Array(buffer, oc + 2 * nCell, nCell);
  for (let s = 0; s < nSat; s++) satBits[s] = SCRATCH_SATS[s];
  for (let g = 0; g < nSig; g++) signalIds[g] = SCRATCH_SIGS[g];
  const signalCodes = signalCodesOf(system, sigWord, signalIds);
  for (let c = 0; c < nCell; c++) {
    cellSat[c] = SCRATCH_CELL_SAT[c];
    cellSignal[c] = SCRATCH_CELL_SIG[c];
  }

  for (let s = 0; s < nSat; s++, i += 8) {
    const v = bitsU(buf, i, 8);
    roughRange_ms[s] = v === 255 ? Number.NaN : v;
  }
  if (ext) for (let s = 0; s < nSat; s++, i += 4) extendedInfo[s] = bitsU(buf, i, 4);
  else extendedInfo.fill(255);
  for (let s = 0; s < nSat; s++, i += 10) roughRange_ms[s] += bitsU(buf, i, 10) * MSM_LSB.roughMod_ms;
  if (ext) {
    for (let s = 0; s < nSat; s++, i += 14) {
      const v = bitsS(buf, i, 14);
      roughRate_mps[s] = v === -8192 ? Number.NaN : v;
    }
  } else {
    for (let s = 0; s < nSat; s++) roughRate_mps[s] = Number.NaN;
  }

  const prBits = hiRes ? 20 : 15;
  const prLsb = hiRes ? MSM_LSB.finePr6_ms : MSM_LSB.finePr4_ms;
  const prBad = hiRes ? -524288 : -16384;
  for (let c = 0; c < nCell; c++, i += prBits) {
    const v = bitsS(buf, i, prBits);
    finePseudorange_ms[c] = v === prBad ? Number.NaN : v * prLsb;
  }
  const cpBits = hiRes ? 24 : 22;
  const cpLsb = hiRes ? MSM_LSB.finePhase6_ms : MSM_LSB.finePhase4_ms;
  const cpBad = hiRes ? -8388608 : -2097152;
  for (let c = 0; c < nCell; c++, i += cpBits) {
    const v = bitsS(buf, i, cpBits);
    finePhaseRange_ms[c] = v === cpBad ? Number.NaN : v * cpLsb;
  }
  const lockBits = hiRes ? 10 : 4;
  for (let c = 0; c < nCell; c++, i += lockBits) lockIndicator[c] = bitsU(buf, i, lockBits);
  for (let c = 0; c < nCell; c++, i++) halfCycle[c] = bitsU(buf, i, 1);
  const cnrBits = hiRes ? 10 : 6;
  const cnrLsb = hiRes ? MSM_LSB.cnr6_dbhz : 1;
  for (let c = 0; c < nCell; c++, i += cnrBits) {
    const v = bitsU(buf, i, cnrBits);
    cnr_dbhz[c] = v === 0 ? Number.NaN : v * cnrLsb;
  }
  if (ext) {
    for (let c = 0; c < nCell; c++, i += 15) {
      const v = bitsS(buf, i, 15);
      fineRate_mps[c] = v === -16384 ? Number.NaN : v * MSM_LSB.fineRate_mps;
    }
  } else {
    for (let c = 0; c < nCell; c++) fineRate_mps[c] = Number.NaN;
  }
  return {
    kind: "msm",
    type,
    system,
    msm,
    stationId,
    epoch,
    multipleMessage,
    iods,
    clockSteering,
    externalClock,
    smoothing,
    smoothingInterval,
    satBits,
    signalIds,
    signalCodes,
    roughRange_ms,
    extendedInfo,
    roughRate_mps,
    cellSat,
    cellSignal,
    finePseudorange_ms,
    finePhaseRange_ms,
    lockIndicator,
    halfCycle,
    cnr_dbhz,
    fineRate_mps,
  };
}
