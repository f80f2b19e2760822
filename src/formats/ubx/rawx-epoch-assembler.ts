// UBX-RXM-RAWX -> ObsEpoch. u-blox F9 HPG 1.13 Interface Description (UBX-22008968) §3.17.6 (RXM-RAWX) and
// §1.5 (identifiers); RINEX 3.05 §5.7 (loss of lock indicator). One epoch per RAWX message, time tag GPST
// from week and rcvTow; RINEX 3 codes per signal from ubx-signals.ts (B1I -> C2I/L2I/D2I/S2I, B1C pilot ->
// C1P..., B2a pilot -> C5P..., GPS L1C/A -> C1C, L2 CL -> C2L, Galileo E1 C -> C1C, E5b Q -> C7Q, GLONASS
// L1 OF -> C1C with the channel freqId - 7 in `glonassChannels`, ...).
//
// What goes in, as RTKLIB 2.4.3 b34 convbin writes it (src/rcv/ublox.c decode_rxmrawx):
// - pseudorange only when trkStat prValid; carrier phase only when cpValid, cpMes != -0.5 and the phase
//   standard deviation index (cpStdev & 15) <= 5 (0.02 cycles); Doppler and C/N0 always;
// - phase is the receiver's: u-blox has already removed the half cycle when subHalfCyc is set, and when
//   halfCyc (half cycle valid) is clear the ambiguity is open, which the LLI says (bit 1). Nothing is
//   added or subtracted, except half a cycle on BDS GEO signals (D2 message: sigIds 1, 3, 10), which RTKLIB
//   adds to the u-blox GEO phase ("half-cycle shift correction for BDS GEO"); RTKLIB picks GEOs by PRN
//   (1-5, 59-63), beidou by the D2 signal, which only GEOs transmit. Option `bdsGeoHalfCycle`.
// - LLI of a phase value: bit 0 (slip) when locktime is 0, went down since the previous epoch, or
//   subHalfCyc changed; bit 1 when the half cycle is not resolved (halfCyc clear). A slip seen while the
//   phase was invalid is carried to the next valid phase (convbin's RINEX shows the same). Unlike convbin,
//   the first epoch is not flagged: there is no previous observation to have lost lock against.
// - GLONASS svId 255 (slot not yet known), IMES and unknown signals are skipped and counted; a message
//   with week 0 (receiver time unknown) gives no epoch.

import type { ObsEpoch } from "../../signals/observation.js";
import type { ObsCode } from "../../signals/signal.js";
import type { GnssSystem, SatId } from "../../signals/system.js";
import { fromWeekTow } from "../../time/instant.js";
import { ArrayBlocks } from "../array-blocks.js";
import {
  TRK_CP_VALID,
  TRK_HALF_CYC,
  TRK_PR_VALID,
  TRK_SUB_HALF_CYC,
  type UbxRxmRawx,
} from "./ubx-messages.js";
import {
  UBX_GNSS_SYSTEM,
  UBX_SIGNALS,
  ubxDefaultSignalIndex,
  ubxSatId,
  ubxSignalIndex,
} from "./ubx-signals.js";

export interface RawxAssemblerOptions {
  /** Largest cpStdev index (0.004 cycles each) with which a phase is kept. Default 5, RTKLIB's CPSTD_VALID. */
  readonly maxCpStdevIndex?: number;
  /** Add half a cycle to BDS GEO (D2 signal) phase, as RTKLIB 2.4.3 does. Default true. */
  readonly bdsGeoHalfCycle?: boolean;
}

export interface RawxAssemblerStats {
  /** Epochs returned. */
  epochs: number;
  /** Measurements put into epochs. */
  measurements: number;
  /** Measurements of a signal beidou does not know (gnssId/sigId not in ubx-signals.ts). */
  unknownSignal: number;
  /** Measurements without a satellite id (GLONASS slot 255, IMES, svId out of range). */
  unknownSatellite: number;
  /** Messages dropped because the receiver had no week yet (week 0). */
  weekZero: number;
  /** A satellite/signal slot that appeared twice in one message (the later one is kept). */
  duplicates: number;
}

/** Per system: the RINEX band+attribute slots (ordered as in UBX_SIGNALS) and each signal's slot. */
interface SystemSlots {
  readonly bandAttrs: string[];
  /** codes array per slot mask, made once and shared by every epoch with that mask. */
  readonly codesByMask: Map<number, readonly ObsCode[]>;
}

const SYS_INDEX: Record<GnssSystem, number> = { C: 0, G: 1, E: 2, R: 3, J: 4, S: 5, I: 6 };
const MAX_SLOTS = 16;

/** Slot of UBX_SIGNALS[k] within its system, and the system index. */
const SIGNAL_SLOT = new Int8Array(UBX_SIGNALS.length);
const SIGNAL_SYS = new Int8Array(UBX_SIGNALS.length);
const SYSTEM_SLOTS: SystemSlots[] = Object.keys(SYS_INDEX).map(() => ({
  bandAttrs: [],
  codesByMask: new Map(),
}));
UBX_SIGNALS.forEach((s, k) => {
  const sys = UBX_GNSS_SYSTEM[s.gnssId] as GnssSystem;
  const si = SYS_INDEX[sys];
  const slots = SYSTEM_SLOTS[si];
  let slot = slots.bandAttrs.indexOf(s.bandAttr);
  if (slot < 0) {
    slot = slots.bandAttrs.length;
    slots.bandAttrs.push(s.bandAttr);
  }
  SIGNAL_SLOT[k] = slot;
  SIGNAL_SYS[k] = si;
});

function codesFor(si: number, mask: number): readonly ObsCode[] {
  const slots = SYSTEM_SLOTS[si];
  let codes = slots.codesByMask.get(mask);
  if (!codes) {
    const list: ObsCode[] = [];
    for (let s = 0; s < slots.bandAttrs.length; s++) {
      if (mask & (1 << s)) {
        const ba = slots.bandAttrs[s];
        list.push(`C${ba}`, `L${ba}`, `D${ba}`, `S${ba}`);
      }
    }
    codes = Object.freeze(list);
    slots.codesByMask.set(mask, codes);
  }
  return codes;
}

/** Number of set bits of a slot mask below bit `slot`. */
function rank(mask: number, slot: number): number {
  let m = mask & ((1 << slot) - 1);
  let n = 0;
  while (m) {
    m &= m - 1;
    n++;
  }
  return n;
}

const SAT_KEYS = 8 * 256;

/** Epoch arrays share blocks (see ../array-blocks.ts). */
const BLOCKS = new ArrayBlocks();

export class RawxEpochAssembler {
  readonly stats: RawxAssemblerStats = {
    epochs: 0,
    measurements: 0,
    unknownSignal: 0,
    unknownSatellite: 0,
    weekZero: 0,
    duplicates: 0,
  };
  /** GLONASS slot -> frequency channel (freqId - 7), as seen in the measurements. */
  readonly glonassChannels = new Map<SatId, number>();

  private readonly maxCpStdevIndex: number;
  private readonly bdsGeoHalfCycle: boolean;
  /** Per satellite key and slot: locktime of the previous measurement (ms), subHalfCyc, pending slip. */
  private readonly prevLock_ms = new Float64Array(SAT_KEYS * MAX_SLOTS);
  private readonly prevSubHalf = new Uint8Array(SAT_KEYS * MAX_SLOTS);
  private readonly pendingSlip = new Uint8Array(SAT_KEYS * MAX_SLOTS);
  // per-message scratch
  private readonly stamp = new Int32Array(SAT_KEYS);
  private readonly satIndex = new Int32Array(SAT_KEYS);
  private serial = 0;
  private measSat = new Int32Array(64);
  private measSig = new Int16Array(64);
  private satMask = new Int32Array(64);
  private readonly sysMask = new Int32Array(7);

  constructor(opts: RawxAssemblerOptions = {}) {
    this.maxCpStdevIndex = opts.maxCpStdevIndex ?? 5;
    this.bdsGeoHalfCycle = opts.bdsGeoHalfCycle ?? true;
  }

  /** The epoch of one RXM-RAWX message; undefined when it has no usable measurement or no week. */
  push(m: UbxRxmRawx): ObsEpoch | undefined {
    if (m.week === 0) {
      this.stats.weekZero++;
      return undefined;
    }
    const n = m.numMeas;
    if (this.measSat.length < n) {
      this.measSat = new Int32Array(n);
      this.measSig = new Int16Array(n);
      this.satMask = new Int32Array(n);
    }
    const serial = ++this.serial;
    const stamp = this.stamp;
    const satIndex = this.satIndex;
    const sysMask = this.sysMask.fill(0);
    const sats: SatId[] = [];
    const satKeys: number[] = [];
    const satMask = this.satMask;
    const stats = this.stats;

    // pass 1: satellites (in message order) and the signal slots of each system
    for (let i = 0; i < n; i++) {
      const g = m.gnssId[i];
      const k = m.version >= 1 ? ubxSignalIndex(g, m.sigId[i]) : ubxDefaultSignalIndex(g);
      this.measSat[i] = -1;
      if (k < 0) {
        stats.unknownSignal++;
        continue;
      }
      const key = g * 256 + m.svId[i];
      if (stamp[key] !== serial) {
        const sat = ubxSatId(g, m.svId[i]);
        if (sat === null) {
          stats.unknownSatellite++;
          continue;
        }
        stamp[key] = serial;
        satIndex[key] = sats.length;
        satMask[sats.length] = 0;
        sats.push(sat);
        satKeys.push(key);
        if (g === 6) this.glonassChannels.set(sat, m.freqId[i] - 7);
      }
      const s = satIndex[key];
      const bit = 1 << SIGNAL_SLOT[k];
      if (satMask[s] & bit) stats.duplicates++;
      satMask[s] |= bit;
      sysMask[SIGNAL_SYS[k]] |= bit;
      this.measSat[i] = s;
      this.measSig[i] = k;
    }
    if (sats.length === 0) return undefined;

    // layout: every satellite of a system carries the system's codes for this epoch
    const nSat = sats.length;
    const codes: (readonly ObsCode[])[] = new Array(nSat);
    let total = 0;
    for (let s = 0; s < nSat; s++) {
      const g = satKeys[s] >>> 8;
      const si = SYS_INDEX[UBX_GNSS_SYSTEM[g] as GnssSystem];
      codes[s] = codesFor(si, sysMask[si]);
      total += codes[s].length;
    }
    // the four arrays in one stretch of a shared block (a backing store per array costs more than the epoch)
    const at0 = BLOCKS.take(8 * total + 4 * nSat + 2 * total);
    const block = BLOCKS.buffer;
    const values = new Float64Array(block, at0, total);
    for (let k = 0; k < total; k++) values[k] = Number.NaN;
    const offsets = new Uint32Array(block, at0 + 8 * total, nSat);
    const lli = new Uint8Array(block, at0 + 8 * total + 4 * nSat, total);
    const ssi = new Uint8Array(block, at0 + 9 * total + 4 * nSat, total);
    for (let s = 0, o = 0; s < nSat; s++) {
      offsets[s] = o;
      o += codes[s].length;
    }

    // pass 2: values
    for (let i = 0; i < n; i++) {
      const s = this.measSat[i];
      if (s < 0) continue;
      const k = this.measSig[i];
      const slot = SIGNAL_SLOT[k];
      const si = SIGNAL_SYS[k];
      const at = offsets[s] + 4 * rank(sysMask[si], slot);
      const trk = m.trkStat[i];
      values[at] = trk & TRK_PR_VALID ? m.prMes_m[i] : Number.NaN;
      let cp = m.cpMes_cyc[i];
      const cpStdevIndex = Math.round(m.cpStdev_cyc[i] / 0.004);
      const cpOk = (trk & TRK_CP_VALID) !== 0 && cp !== -0.5 && cpStdevIndex <= this.maxCpStdevIndex;
      if (cpOk && this.bdsGeoHalfCycle && UBX_SIGNALS[k].bdsD2) cp += 0.5;
      values[at + 2] = m.doMes_hz[i];
      values[at + 3] = m.cno_dbhz[i];

      // loss of lock: locktime reset or decreased, or the half-cycle subtraction changed
      const st = satKeys[s] * MAX_SLOTS + slot;
      const lock = m.locktime_ms[i];
      const subHalf = trk & TRK_SUB_HALF_CYC ? 1 : 0;
      const slip = lock === 0 || lock < this.prevLock_ms[st] || subHalf !== this.prevSubHalf[st];
      this.prevLock_ms[st] = lock;
      this.prevSubHalf[st] = subHalf;
      if (cpOk) {
        values[at + 1] = cp;
        lli[at + 1] = (slip || this.pendingSlip[st] ? 1 : 0) | (trk & TRK_HALF_CYC ? 0 : 2);
        this.pendingSlip[st] = 0;
      } else if (slip) {
        this.pendingSlip[st] = 1;
      }
      stats.measurements++;
    }
    stats.epochs++;
    return {
      time: fromWeekTow("GPST", m.week, m.rcvTow_s),
      flag: 0,
      rxClockOffset_s: Number.NaN,
      sats,
      codes,
      offsets,
      values,
      lli,
      ssi,
    };
  }
}
