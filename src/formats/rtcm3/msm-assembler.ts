// MSM messages -> observation epochs (ObsEpoch, GPST), RTCM 10403.3 §3.5.12.
//
// Grouping: the MSMs of one station and one epoch form an ObsEpoch. An epoch is complete at the first
// message whose multiple-message bit (DF393) is 0; it is also closed (and emitted, not dropped) when a
// message of another time or station arrives, and by finish(). Messages of one system repeated within an
// epoch (a station sending MSM6 and MSM7) merge: later values replace earlier ones, signal by signal.
//
// Observables (per cell, RTCM 10403.3 §3.5.12.7): pseudorange = (rough + fine) ms x c/1000; phase (cycles)
// = (rough + fine phase-range) ms x c/1000 / wavelength; Doppler (Hz) = -(rough + fine rate) / wavelength;
// C/N0 as broadcast. GLONASS wavelengths need the frequency channel: the MSM5/7 extended satellite
// information, else a 1020 ephemeris seen earlier, else `glonassChannels`; without one, GLONASS phase and
// Doppler stay blank. LLI as RTKLIB sets it: bit 0 when a signal is first seen, when its lock-time
// indicator decreases, or when it stays 0; bit 1 when the half-cycle ambiguity indicator is set (a signal
// repeated within an epoch keeps the flags of both messages).
//
// Date: MSM carries only the time of week (GLONASS: of day). The full time is resolved against, in this
// order: (1) a Kepler ephemeris (1019/1042/1044/1045/1046) seen in the stream — its toe fixes the week;
// (2) the `date` option; (3) the clock. Once resolved, later epochs follow on from the previous one, until a
// better source appears. With neither an ephemeris nor a date, `holdForEphemeris` epochs are held back
// waiting for an ephemeris (for files whose ephemerides come a few seconds after the first observations);
// then the clock is used. `timeSource` tells which source fixed the last epoch.

import { C_mps } from "../../frames/ellipsoid.js";
import type { ObsEpoch } from "../../signals/observation.js";
import { carrierFrequency_Hz, type ObsCode } from "../../signals/signal.js";
import { ALL_SYSTEMS, type GnssSystem, type SatId } from "../../signals/system.js";
import { type Instant, instant, SECONDS_PER_DAY, SECONDS_PER_WEEK, toScale } from "../../time/instant.js";
import { ArrayBlocks } from "../array-blocks.js";
import type { Rtcm3Message } from "./decode.js";
import type { MsmMessage } from "./msm.js";
import { type MsmSystem, msmSatId, msmSignalCode, msmSignalId } from "./msm-signals.js";
import { clockInstant, foldToReference } from "./reference-time.js";

export type TimeSource = "ephemeris" | "date" | "clock";

export interface MsmAssemblerOptions {
  /** Any instant within a few days of the data (e.g. from `--date YYYY-MM-DD`); used when no ephemeris has been seen. */
  readonly date?: Instant;
  /** The clock, last resort for the date (default: the system clock). */
  readonly clock?: () => Instant;
  /** GLONASS slot -> frequency channel k known beforehand. */
  readonly glonassChannels?: ReadonlyMap<SatId, number>;
  /** Epochs held back waiting for a first ephemeris when no date is given (default 0: use the clock at once). */
  readonly holdForEphemeris?: number;
}

const RANGE_MS_m = C_mps / 1000;
const MSM_SYSTEM_INDEX: Readonly<Record<MsmSystem, number>> = { G: 0, R: 1, E: 2, S: 3, J: 4, C: 5, I: 6 };
const MSM_SYSTEMS: readonly MsmSystem[] = ["G", "R", "E", "S", "J", "C", "I"];
const N_SYS = MSM_SYSTEMS.length;

// The epoch being assembled lives in flat tables indexed by satellite key (system index x 64 + mask bit - 1)
// and signal slot (MSM signal id - 1 of the cell's RINEX band+attribute): no per-cell objects or maps.
/** Satellite keys; a cell is satKey * 32 + slot. */
const N_SAT_KEYS = N_SYS * 64;
const N_CELLS = N_SAT_KEYS * 32;

/** Order of satellites in an epoch: BDS first, then GPS, Galileo, GLONASS, QZSS, SBAS, NavIC (as compareSats). */
const SYS_ORDER = Int32Array.from(MSM_SYSTEMS, (s) => ALL_SYSTEMS.indexOf(s));
/** System index of an order rank. */
const SYS_OF_ORDER = new Int32Array(N_SYS);
SYS_ORDER.forEach((o, si) => {
  SYS_OF_ORDER[o] = si;
});

/** RINEX band+attribute of each signal slot (slot = MSM signal id - 1), per system. */
const SLOT_BAND: readonly (readonly (string | null)[])[] = MSM_SYSTEMS.map((sys) =>
  Array.from({ length: 32 }, (_, slot) => msmSignalCode(sys, slot + 1)),
);

/** Epoch arrays share blocks (see array-blocks.ts). */
const BLOCKS = new ArrayBlocks();

/** Scratch per message: signal slot (-1: no RINEX code) and wavelength of each of its signals. */
let SLOT = new Int32Array(32);
let WL = new Float64Array(32);
/** Wavelength per (system, slot), NaN for GLONASS FDMA bands (computed per satellite). */
const WL_CACHE = new Float64Array(N_SYS * 32);
const WL_KNOWN = new Uint8Array(N_SYS * 32);

const CODE_LISTS = new Map<string, readonly ObsCode[]>();
/** The (shared, frozen) code list of a system's signals: C L (D) S per signal. */
function codeList(sys: GnssSystem, bands: readonly string[], doppler: boolean): readonly ObsCode[] {
  const key = `${sys}${doppler ? "D" : ""}${bands.join("")}`;
  let codes = CODE_LISTS.get(key);
  if (!codes) {
    const list: ObsCode[] = [];
    for (const ba of bands) {
      list.push(`C${ba}`, `L${ba}`);
      if (doppler) list.push(`D${ba}`);
      list.push(`S${ba}`);
    }
    codes = Object.freeze(list);
    CODE_LISTS.set(key, codes);
  }
  return codes;
}

/** Code lists by (system, slot mask, Doppler): signals in MSM signal-id order. */
const CODES_BY_MASK: Map<number, readonly ObsCode[]>[] = MSM_SYSTEMS.map(() => new Map());
function codesOfMask(si: number, mask: number, doppler: boolean): readonly ObsCode[] {
  const key = (mask >>> 0) * 2 + (doppler ? 1 : 0);
  let codes = CODES_BY_MASK[si].get(key);
  if (!codes) {
    const bands: string[] = [];
    for (let b = 0; b < 32; b++) if (mask & (1 << b)) bands.push(SLOT_BAND[si][b] as string);
    codes = codeList(MSM_SYSTEMS[si], bands, doppler);
    CODES_BY_MASK[si].set(key, codes);
  }
  return codes;
}

/** Number of set bits of `mask` below bit `b`. */
function rankBelow(mask: number, b: number): number {
  let m = b === 0 ? 0 : mask & (0xffffffff >>> (32 - b));
  let n = 0;
  while (m) {
    m &= m - 1;
    n++;
  }
  return n;
}

/** The flat tables of an assembler (about 0.5 MB), made when its first MSM arrives. */
class CellTables {
  /** Last lock-time indicator per (system, satellite bit, signal id); -1 before the first. */
  readonly prevLock = new Int16Array(N_SYS * 65 * 33).fill(-1);
  /** Satellites of the epoch as order keys (system order x 64 + mask bit - 1). */
  readonly satOrder = new Int32Array(N_SAT_KEYS);
  readonly satStamp = new Int32Array(N_SAT_KEYS);
  /** Per satellite: signal slots present. */
  readonly satSlots = new Int32Array(N_SAT_KEYS);
  readonly cellStamp = new Int32Array(N_CELLS);
  readonly cellPr = new Float64Array(N_CELLS);
  readonly cellCp = new Float64Array(N_CELLS);
  readonly cellDop = new Float64Array(N_CELLS);
  readonly cellCnr = new Float64Array(N_CELLS);
  readonly cellLli = new Uint8Array(N_CELLS);
}

interface EpochAccum {
  key: number;
  stationId: number;
  time: Instant;
}

export class MsmEpochAssembler {
  /** Which source fixed the date of the last epoch emitted. */
  timeSource: TimeSource | undefined;
  /** MSM messages whose system/signal could not be used (no RINEX code, no satellite number). */
  skippedCells = 0;

  private readonly date?: Instant;
  private readonly clock: () => Instant;
  private readonly holdLimit: number;
  private readonly channels = new Map<SatId, number>();
  /** toe (GPST) of the latest Kepler ephemeris seen. */
  private ephRef: Instant | undefined;
  /** Time and source of the last epoch resolved. */
  private last: { time: Instant; source: TimeSource } | undefined;
  private cur: EpochAccum | undefined;
  private readonly held: MsmMessage[] = [];
  private heldEpochs = 0;
  private out: ObsEpoch[] = [];
  // the epoch being assembled: a table entry belongs to it when its stamp is the epoch's serial
  private serial = 0;
  private doppler = 0;
  private nSats = 0;
  private tables: CellTables | undefined;

  constructor(opts: MsmAssemblerOptions = {}) {
    this.date = opts.date ? toScale(opts.date, "GPST") : undefined;
    this.clock = opts.clock ?? (() => clockInstant());
    this.holdLimit = opts.holdForEphemeris ?? 0;
    if (opts.glonassChannels) for (const [s, k] of opts.glonassChannels) this.channels.set(s, k);
  }

  /**
   * The best approximate time known now (last epoch, else latest ephemeris toe, else date, else clock):
   * pass it to decodeRtcm3 as `reference`.
   */
  reference(): Instant {
    return this.last?.time ?? this.ephRef ?? this.date ?? this.clock();
  }

  /** Feeds one decoded message; returns the epochs it completed. */
  push(msg: Rtcm3Message): ObsEpoch[] {
    this.out = [];
    if (msg.kind === "ephemeris") {
      const e = msg.ephemeris;
      if (e.kind === "glonass") this.channels.set(e.sat, e.frequencyChannel);
      else {
        this.ephRef = toScale(e.toe, "GPST");
        this.releaseHeld();
      }
    } else if (msg.kind === "msm") {
      if (this.needHold()) {
        this.held.push(msg);
        if (!msg.multipleMessage) this.heldEpochs++;
        if (this.heldEpochs > this.holdLimit) this.releaseHeld();
      } else {
        this.addMsm(msg);
      }
    }
    return this.out;
  }

  /** End of stream: the pending epoch, complete or not. */
  finish(): ObsEpoch[] {
    this.out = [];
    this.releaseHeld();
    this.emit();
    return this.out;
  }

  private needHold(): boolean {
    return (
      this.holdLimit > 0 && !this.ephRef && !this.date && !this.last && this.heldEpochs <= this.holdLimit
    );
  }

  private releaseHeld(): void {
    if (this.held.length === 0) return;
    this.heldEpochs = this.holdLimit + 1; // never hold again
    const msgs = this.held.splice(0);
    for (const m of msgs) this.addMsm(m);
  }

  /** The base instant (GPST) and its source for resolving the next epoch. */
  private base(): { time: Instant; source: TimeSource } {
    const best: TimeSource = this.ephRef ? "ephemeris" : this.date ? "date" : "clock";
    if (this.last && this.last.source === best) return this.last;
    if (best === "ephemeris" && this.ephRef) return { time: this.ephRef, source: best };
    if (best === "date" && this.date) return { time: this.date, source: best };
    return { time: toScale(this.clock(), "GPST"), source: "clock" };
  }

  /** Full GPST instant of an MSM epoch field, nearest the base. */
  private epochTime(m: MsmMessage, base: Instant): Instant {
    const e = m.epoch;
    if (e.scale === "GLONASST") {
      // time of day, and the day of week when given (DF416 = 7: unknown): the nearest such instant
      const b = toScale(base, "GLONASST");
      const known = e.dayOfWeek <= 6;
      const period = known ? SECONDS_PER_WEEK : SECONDS_PER_DAY;
      // GLONASST labels count from a Sunday (1980-01-06), so a week starts on a multiple of 7 days
      const start = Math.floor(b.sec / period) * period + (known ? e.dayOfWeek * SECONDS_PER_DAY : 0);
      const t = instant("GLONASST", start + Math.floor(e.tod_ms / 1000), (e.tod_ms % 1000) / 1000);
      return toScale(foldToReference(t, b, period), "GPST");
    }
    const b = toScale(base, e.scale);
    const week0 = Math.floor(b.sec / SECONDS_PER_WEEK) * SECONDS_PER_WEEK;
    const t = instant(e.scale, week0 + Math.floor(e.tow_ms / 1000), (e.tow_ms % 1000) / 1000);
    return toScale(foldToReference(t, b, SECONDS_PER_WEEK), "GPST");
  }

  private addMsm(m: MsmMessage): void {
    const base = this.base();
    const time = this.epochTime(m, base.time);
    const key = time.sec * 1000 + Math.round(time.frac * 1000);
    if (this.cur && (this.cur.key !== key || this.cur.stationId !== m.stationId)) this.emit();
    if (!this.cur) {
      this.cur = { key, stationId: m.stationId, time };
      this.serial++;
      this.doppler = 0;
      this.nSats = 0;
      this.last = { time, source: base.source };
    }
    this.addCells(m);
    if (!m.multipleMessage) this.emit();
  }

  private addCells(m: MsmMessage): void {
    this.tables ??= new CellTables();
    const t = this.tables;
    const sys = m.system;
    const si = MSM_SYSTEM_INDEX[sys];
    const hasRate = m.msm === 5 || m.msm === 7;
    if (hasRate) this.doppler |= 1 << si;
    // slot and wavelength per signal (per cell for GLONASS, whose carrier depends on the satellite's channel)
    const nSig = m.signalIds.length;
    if (WL.length < nSig) {
      WL = new Float64Array(nSig);
      SLOT = new Int32Array(nSig);
    }
    for (let g = 0; g < nSig; g++) {
      const ba = m.signalCodes[g];
      const id = ba ? msmSignalId(sys, ba) : undefined;
      const slot = id === undefined ? -1 : id - 1;
      SLOT[g] = slot;
      if (slot < 0 || sys === "R") {
        WL[g] = Number.NaN;
        continue;
      }
      const w = si * 32 + slot;
      if (!WL_KNOWN[w]) {
        WL_CACHE[w] = C_mps / carrierFrequency_Hz(sys, `L${ba}`);
        WL_KNOWN[w] = 1;
      }
      WL[g] = WL_CACHE[w];
    }
    const sysKey = si * 65;
    const serial = this.serial;
    const order0 = SYS_ORDER[si] * 64;
    for (let c = 0; c < m.cellSat.length; c++) {
      const s = m.cellSat[c];
      const g = m.cellSignal[c];
      const bit = m.satBits[s];
      const slot = SLOT[g];
      const sat = msmSatId(sys, bit);
      if (!sat || slot < 0) {
        this.skippedCells++;
        continue;
      }
      let wl = WL[g];
      if (sys === "R") {
        const ba = m.signalCodes[g] as string;
        const ex = m.extendedInfo[s];
        const k = hasRate && ex <= 13 ? ex - 7 : this.channels.get(sat);
        if (hasRate && ex <= 13) this.channels.set(sat, ex - 7);
        wl = C_mps / carrierFrequency_Hz(sys, `L${ba}`, k); // NaN when the channel is unknown
      }
      const rough = m.roughRange_ms[s] * RANGE_MS_m;
      const pr = rough + m.finePseudorange_ms[c] * RANGE_MS_m;
      const cp = (rough + m.finePhaseRange_ms[c] * RANGE_MS_m) / wl;
      const dop = hasRate ? -(m.roughRate_mps[s] + m.fineRate_mps[c]) / wl : Number.NaN;
      const lock = m.lockIndicator[c];
      const lockKey = (sysKey + bit) * 33 + m.signalIds[g];
      const prev = t.prevLock[lockKey];
      t.prevLock[lockKey] = lock;
      let lli = prev < 0 || lock < prev || (lock === 0 && prev === 0) ? 1 : 0;
      if (m.halfCycle[c]) lli |= 2;
      const sk = si * 64 + bit - 1;
      if (t.satStamp[sk] !== serial) {
        t.satStamp[sk] = serial;
        t.satSlots[sk] = 0;
        t.satOrder[this.nSats++] = order0 + bit - 1;
      }
      t.satSlots[sk] |= 1 << slot;
      // a signal sent twice in one epoch (MSM6 and MSM7): the later values, with the LLI flags of both
      const cell = sk * 32 + slot;
      if (t.cellStamp[cell] === serial) lli |= t.cellLli[cell];
      else t.cellStamp[cell] = serial;
      t.cellPr[cell] = pr;
      t.cellCp[cell] = cp;
      t.cellDop[cell] = dop;
      t.cellCnr[cell] = m.cnr_dbhz[c];
      t.cellLli[cell] = lli;
    }
  }

  private emit(): void {
    const ep = this.cur;
    if (!ep) return;
    this.cur = undefined;
    this.timeSource = this.last?.source;
    const t = this.tables ?? new CellTables(); // made by addCells when the epoch has a message
    // satellites: BDS first, then GPS, Galileo, GLONASS, QZSS, SBAS, NavIC; by number within a system
    const nSat = this.nSats;
    const order = t.satOrder.subarray(0, nSat).sort();
    // codes per system: the union of its signals in MSM signal-id order, C L (D) S each
    const sysSlots = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < nSat; i++) {
      const si = SYS_OF_ORDER[order[i] >>> 6];
      sysSlots[si] |= t.satSlots[si * 64 + (order[i] & 63)];
    }
    const sats: SatId[] = new Array(nSat);
    const codes: (readonly ObsCode[])[] = new Array(nSat);
    let n = 0;
    for (let i = 0; i < nSat; i++) {
      const si = SYS_OF_ORDER[order[i] >>> 6];
      sats[i] = msmSatId(MSM_SYSTEMS[si], (order[i] & 63) + 1) as SatId;
      codes[i] = codesOfMask(si, sysSlots[si], (this.doppler & (1 << si)) !== 0);
      n += codes[i].length;
    }
    // the four arrays in one stretch of a shared block (typed-array allocation is the expensive part of a
    // small epoch)
    const at = BLOCKS.take(8 * n + 4 * nSat + 2 * n);
    const block = BLOCKS.buffer;
    const values = new Float64Array(block, at, n);
    for (let k = 0; k < n; k++) values[k] = Number.NaN; // a loop: fill(NaN) is several times slower here
    const offsets = new Uint32Array(block, at + 8 * n, nSat);
    const lli = new Uint8Array(block, at + 8 * n + 4 * nSat, n);
    const ssi = new Uint8Array(block, at + 9 * n + 4 * nSat, n);
    let at0 = 0;
    for (let i = 0; i < nSat; i++) {
      offsets[i] = at0;
      const si = SYS_OF_ORDER[order[i] >>> 6];
      const sk = si * 64 + (order[i] & 63);
      const hasD = (this.doppler & (1 << si)) !== 0;
      const per = hasD ? 4 : 3;
      const all = sysSlots[si];
      let slots = t.satSlots[sk];
      while (slots) {
        const b = 31 - Math.clz32(slots & -slots);
        slots &= slots - 1;
        const cell = sk * 32 + b;
        const at = at0 + rankBelow(all, b) * per;
        const cp = t.cellCp[cell];
        values[at] = t.cellPr[cell];
        values[at + 1] = cp;
        if (Number.isFinite(cp)) lli[at + 1] = t.cellLli[cell];
        if (hasD) values[at + 2] = t.cellDop[cell];
        values[at + per - 1] = t.cellCnr[cell];
      }
      at0 += codes[i].length;
    }
    this.out.push({
      time: ep.time,
      flag: 0,
      rxClockOffset_s: Number.NaN,
      sats,
      codes,
      offsets,
      values,
      lli,
      ssi,
    });
  }
}
