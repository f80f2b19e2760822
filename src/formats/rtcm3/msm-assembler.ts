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
import type { Rtcm3Message } from "./decode.js";
import type { MsmMessage } from "./msm.js";
import { type MsmSystem, msmSatId, msmSignalId } from "./msm-signals.js";
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
/** Scratch: wavelength per signal of the message being added. */
let WL = new Float64Array(32);

interface SignalValues {
  pr: number;
  cp: number;
  dop: number;
  cnr: number;
  lli: number;
}

interface EpochAccum {
  key: number;
  stationId: number;
  time: Instant;
  sats: Map<SatId, Map<string, SignalValues>>;
  doppler: Set<GnssSystem>;
}

const SAT_RANK = new Map<SatId, number>();
/** BDS first, then GPS, Galileo, GLONASS, QZSS, SBAS, NavIC; by number within a system (as compareSats). */
function satRank(sat: SatId): number {
  let r = SAT_RANK.get(sat);
  if (r === undefined) {
    r = ALL_SYSTEMS.indexOf(sat[0] as GnssSystem) * 1000 + Number(sat.slice(1));
    SAT_RANK.set(sat, r);
  }
  return r;
}

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

/** Signal order within a system: MSM signal id. */
function signalRank(sys: GnssSystem, bandAttr: string): number {
  return msmSignalId(sys as "C", bandAttr) ?? 99;
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
  /** Last lock-time indicator per (system, satellite bit, signal id). */
  private readonly prevLock = new Map<number, number>();
  private out: ObsEpoch[] = [];

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
      this.cur = { key, stationId: m.stationId, time, sats: new Map(), doppler: new Set() };
      this.last = { time, source: base.source };
    }
    this.addCells(this.cur, m);
    if (!m.multipleMessage) this.emit();
  }

  private addCells(ep: EpochAccum, m: MsmMessage): void {
    const sys = m.system;
    const hasRate = m.msm === 5 || m.msm === 7;
    if (hasRate) ep.doppler.add(sys);
    // wavelengths per signal (per cell for GLONASS, whose carrier depends on the satellite's channel)
    const nSig = m.signalIds.length;
    if (WL.length < nSig) WL = new Float64Array(32);
    for (let g = 0; g < nSig; g++) {
      const ba = m.signalCodes[g];
      WL[g] = ba && sys !== "R" ? C_mps / carrierFrequency_Hz(sys, `L${ba}`) : Number.NaN;
    }
    const sysKey = MSM_SYSTEM_INDEX[sys] * 65;
    for (let c = 0; c < m.cellSat.length; c++) {
      const s = m.cellSat[c];
      const g = m.cellSignal[c];
      const sat = msmSatId(sys, m.satBits[s]);
      const ba = m.signalCodes[g];
      if (!sat || !ba) {
        this.skippedCells++;
        continue;
      }
      let wl = WL[g];
      if (sys === "R") {
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
      const lockKey = (sysKey + m.satBits[s]) * 33 + m.signalIds[g];
      const prev = this.prevLock.get(lockKey);
      this.prevLock.set(lockKey, lock);
      let lli = prev === undefined || lock < prev || (lock === 0 && prev === 0) ? 1 : 0;
      if (m.halfCycle[c]) lli |= 2;
      let sigs = ep.sats.get(sat);
      if (!sigs) {
        sigs = new Map();
        ep.sats.set(sat, sigs);
      }
      // a signal sent twice in one epoch (MSM6 and MSM7): the later values, with the LLI flags of both
      const before = sigs.get(ba);
      if (before) lli |= before.lli;
      sigs.set(ba, { pr, cp, dop, cnr: m.cnr_dbhz[c], lli });
    }
  }

  private emit(): void {
    const ep = this.cur;
    if (!ep) return;
    this.cur = undefined;
    this.timeSource = this.last?.source;
    const entries = [...ep.sats].sort((a, b) => satRank(a[0]) - satRank(b[0]));
    // codes per system: the union of its signals in MSM signal-id order, C L (D) S each
    const bandsBySys = new Map<GnssSystem, string[]>();
    for (const [sat, sigs] of entries) {
      const sys = sat[0] as GnssSystem;
      let list = bandsBySys.get(sys);
      if (!list) {
        list = [];
        bandsBySys.set(sys, list);
      }
      for (const ba of sigs.keys()) if (!list.includes(ba)) list.push(ba);
    }
    const codesBySys = new Map<GnssSystem, readonly ObsCode[]>();
    for (const [sys, list] of bandsBySys) {
      list.sort((a, b) => signalRank(sys, a) - signalRank(sys, b));
      codesBySys.set(sys, codeList(sys, list, ep.doppler.has(sys)));
    }
    const nSat = entries.length;
    const sats: SatId[] = new Array(nSat);
    const codes: (readonly ObsCode[])[] = new Array(nSat);
    let n = 0;
    for (let i = 0; i < nSat; i++) {
      const sat = entries[i][0];
      sats[i] = sat;
      codes[i] = codesBySys.get(sat[0] as GnssSystem) ?? [];
      n += codes[i].length;
    }
    // one block for the four arrays (typed-array allocation is the expensive part of a small epoch)
    const block = new ArrayBuffer(8 * n + 4 * nSat + 2 * n);
    const values = new Float64Array(block, 0, n);
    for (let k = 0; k < n; k++) values[k] = Number.NaN; // a loop: fill(NaN) is several times slower here
    const offsets = new Uint32Array(block, 8 * n, nSat);
    const lli = new Uint8Array(block, 8 * n + 4 * nSat, n);
    const ssi = new Uint8Array(block, 9 * n + 4 * nSat, n);
    let at0 = 0;
    for (let i = 0; i < nSat; i++) {
      offsets[i] = at0;
      const sys = sats[i][0] as GnssSystem;
      const hasD = ep.doppler.has(sys);
      const per = hasD ? 4 : 3;
      const list = bandsBySys.get(sys) ?? [];
      for (const [ba, v] of entries[i][1]) {
        const at = at0 + list.indexOf(ba) * per;
        values[at] = v.pr;
        values[at + 1] = v.cp;
        if (Number.isFinite(v.cp)) lli[at + 1] = v.lli;
        if (hasD) values[at + 2] = v.dop;
        values[at + per - 1] = v.cnr;
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
