// ObsEpoch -> MSM4 or MSM7 messages for one system (RTCM 10403.3 §3.5.12), the inverse of msm.ts and
// msm-assembler.ts. Per satellite the rough range is the middle of its pseudoranges rounded to 2^-10 ms; each
// cell carries the remainder. Carrier phase is sent as a phase-range: when a receiver's phase is far from
// its pseudorange (an arbitrary ambiguity), a whole number of cycles is removed so that it fits the field;
// an MsmEncoderState keeps that number per signal from epoch to epoch (and restarts the lock time when it
// must change), and tracks lock times from the LLI flags. Satellites are split over several messages
// (multiple-message bit set on all but the last) when more than 64 cells are needed.

import { C_mps } from "../../frames/ellipsoid.js";
import type { ObsEpoch } from "../../signals/observation.js";
import { carrierFrequency_Hz } from "../../signals/signal.js";
import type { SatId } from "../../signals/system.js";
import { diffSeconds, type Instant, SECONDS_PER_DAY, SECONDS_PER_WEEK, toScale } from "../../time/instant.js";
import { BitWriter } from "./bit-fields.js";
import { lockIndicator4, lockIndicator10 } from "./lock-time.js";
import { MSM_BASE, type MsmSystem, msmSatBit, msmSignalId } from "./msm-signals.js";

const RANGE_MS_m = C_mps / 1000;

/** Lock-time and phase-ambiguity bookkeeping carried across epochs by a stream encoder. */
export class MsmEncoderState {
  /** Per satellite+signal: start of continuous lock, and whole cycles removed from the phase. */
  readonly signals = new Map<string, { lockStart: Instant; cycles: number }>();
}

export interface MsmEncodeOptions {
  readonly msm: 4 | 7;
  readonly system: MsmSystem;
  readonly stationId: number;
  /** Multiple-message bit of the last message: true when MSMs of other systems follow for this epoch. */
  readonly moreFollow?: boolean;
  /** GLONASS slot -> frequency channel k (needed for GLONASS phase and Doppler, and MSM7's extended info). */
  readonly glonassChannels?: ReadonlyMap<SatId, number>;
  readonly iods?: number;
  readonly state?: MsmEncoderState;
}

interface Cell {
  sig: number;
  pr_m: number;
  cp_cyc: number;
  dop_hz: number;
  cn0: number;
  lli: number;
  wl_m: number;
}

interface SatCells {
  bit: number;
  sat: SatId;
  cells: Cell[];
}

/** Epoch field of the header: 30 bits (GLONASS: 3-bit day of week + 27-bit time of day). */
function epochField(t: Instant, sys: MsmSystem): number {
  if (sys === "R") {
    const g = toScale(t, "GLONASST");
    const ms = Math.round((g.sec + g.frac) * 1000);
    const dayMs = SECONDS_PER_DAY * 1000;
    const tod = ((ms % dayMs) + dayMs) % dayMs;
    // 1980-01-06 was a Sunday: day of week 0
    const dow = Math.floor(ms / dayMs) % 7;
    return dow * 2 ** 27 + tod;
  }
  const s = toScale(t, sys === "C" ? "BDT" : "GPST");
  const ms = Math.round((s.sec + s.frac) * 1000);
  const weekMs = SECONDS_PER_WEEK * 1000;
  return ((ms % weekMs) + weekMs) % weekMs;
}

function obsValueOf(ep: ObsEpoch, i: number, code: string): number {
  const k = ep.codes[i].indexOf(code);
  return k < 0 ? Number.NaN : ep.values[ep.offsets[i] + k];
}

function lliOf(ep: ObsEpoch, i: number, code: string): number {
  const k = ep.codes[i].indexOf(code);
  return k < 0 ? 0 : ep.lli[ep.offsets[i] + k];
}

/** The satellites of a system in an epoch with the cells MSM can carry. */
function collect(ep: ObsEpoch, sys: MsmSystem, channels?: ReadonlyMap<SatId, number>): SatCells[] {
  const out: SatCells[] = [];
  for (let i = 0; i < ep.sats.length; i++) {
    const sat = ep.sats[i];
    if (sat[0] !== sys) continue;
    const bit = msmSatBit(sat);
    if (bit === undefined) continue;
    const seen = new Set<string>();
    const cells: Cell[] = [];
    for (const code of ep.codes[i]) {
      const ba = code.slice(1);
      if (ba.length !== 2 || seen.has(ba)) continue;
      seen.add(ba);
      const sig = msmSignalId(sys, ba);
      if (sig === undefined) continue;
      const pr_m = obsValueOf(ep, i, `C${ba}`);
      const cp_cyc = obsValueOf(ep, i, `L${ba}`);
      if (!Number.isFinite(pr_m) && !Number.isFinite(cp_cyc)) continue;
      const k = sys === "R" ? channels?.get(sat) : undefined;
      cells.push({
        sig,
        pr_m,
        cp_cyc,
        dop_hz: obsValueOf(ep, i, `D${ba}`),
        cn0: obsValueOf(ep, i, `S${ba}`),
        lli: lliOf(ep, i, `L${ba}`),
        wl_m: C_mps / carrierFrequency_Hz(sys, `L${ba}`, k),
      });
    }
    if (cells.length === 0) continue;
    cells.sort((a, b) => a.sig - b.sig);
    out.push({ bit, sat, cells });
  }
  return out.sort((a, b) => a.bit - b.bit);
}

/** Splits satellites into groups of at most 64 cells (satellites x union of signals). */
function groups(sats: SatCells[]): SatCells[][] {
  const out: SatCells[][] = [];
  let cur: SatCells[] = [];
  let sigs = new Set<number>();
  for (const s of sats) {
    const next = new Set(sigs);
    for (const c of s.cells) next.add(c.sig);
    if (cur.length > 0 && (cur.length + 1) * next.size > 64) {
      out.push(cur);
      cur = [];
      sigs = new Set();
      for (const c of s.cells) sigs.add(c.sig);
    } else {
      sigs = next;
    }
    cur.push(s);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

const clampInvalid = (n: number, bits: number): number => {
  const lim = 2 ** (bits - 1) - 1;
  return Number.isFinite(n) && Math.abs(n) <= lim ? n : -(2 ** (bits - 1));
};

/** MSM4/MSM7 payloads (from DF002 on) for one system of an epoch; [] when it has no usable satellite. */
export function encodeMsmPayloads(ep: ObsEpoch, opts: MsmEncodeOptions): Uint8Array[] {
  const sys = opts.system;
  const msm7 = opts.msm === 7;
  const state = opts.state ?? new MsmEncoderState();
  const all = collect(ep, sys, opts.glonassChannels);
  const parts = groups(all);
  const payloads: Uint8Array[] = [];
  const epochBits = epochField(ep.time, sys);
  parts.forEach((part, pi) => {
    const sigIds = [...new Set(part.flatMap((s) => s.cells.map((c) => c.sig)))].sort((a, b) => a - b);
    const w = new BitWriter(256);
    w.u(MSM_BASE[sys] + opts.msm, 12)
      .u(opts.stationId, 12)
      .u(epochBits, 30)
      .u(pi < parts.length - 1 || opts.moreFollow ? 1 : 0, 1)
      .u(opts.iods ?? 0, 3)
      .u(0, 7)
      .u(0, 2)
      .u(0, 2)
      .u(0, 1)
      .u(0, 3);
    // satellite and signal masks
    const satMaskHi = part.reduce((m, s) => (s.bit <= 32 ? m + 2 ** (32 - s.bit) : m), 0);
    const satMaskLo = part.reduce((m, s) => (s.bit > 32 ? m + 2 ** (64 - s.bit) : m), 0);
    w.u(satMaskHi, 32).u(satMaskLo, 32);
    w.u(
      sigIds.reduce((m, id) => m + 2 ** (32 - id), 0),
      32,
    );
    for (const s of part) for (const id of sigIds) w.u(s.cells.some((c) => c.sig === id) ? 1 : 0, 1);

    // per satellite: rough range (ms, to 2^-10) and rough rate (m/s)
    const rough_ms: number[] = [];
    const roughRate: number[] = [];
    for (const s of part) {
      // the middle of the satellite's pseudoranges (else phase-ranges) keeps every fine value in range
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const c of s.cells) {
        if (Number.isFinite(c.pr_m)) {
          lo = Math.min(lo, c.pr_m);
          hi = Math.max(hi, c.pr_m);
        }
      }
      if (lo > hi) {
        for (const c of s.cells) {
          const v = c.cp_cyc * c.wl_m;
          if (Number.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      const ref_m = (lo + hi) / 2;
      let r = Math.round((ref_m / RANGE_MS_m) * 1024) / 1024;
      if (!(r >= 0 && r < 255)) r = Number.NaN;
      rough_ms.push(r);
      let rlo = Number.POSITIVE_INFINITY;
      let rhi = Number.NEGATIVE_INFINITY;
      for (const c of s.cells) {
        const v = -c.dop_hz * c.wl_m;
        if (Number.isFinite(v)) {
          rlo = Math.min(rlo, v);
          rhi = Math.max(rhi, v);
        }
      }
      roughRate.push(rlo <= rhi ? Math.round((rlo + rhi) / 2) : Number.NaN);
    }
    for (const r of rough_ms) w.u(Number.isNaN(r) ? 255 : Math.floor(r), 8);
    if (msm7) {
      for (const s of part) {
        const k = sys === "R" ? opts.glonassChannels?.get(s.sat) : undefined;
        // GLONASS: channel + 7 (15 when unknown); other systems: reserved, 0
        w.u(sys !== "R" ? 0 : k !== undefined && k >= -7 && k <= 6 ? k + 7 : 15, 4);
      }
    }
    for (const r of rough_ms) w.u(Number.isNaN(r) ? 0 : Math.round((r - Math.floor(r)) * 1024), 10);
    if (msm7) for (const rr of roughRate) w.s(Number.isFinite(rr) && Math.abs(rr) < 8192 ? rr : -8192, 14);

    // per cell
    const prBits = msm7 ? 20 : 15;
    const prLsb = msm7 ? 2 ** -29 : 2 ** -24;
    const cpBits = msm7 ? 24 : 22;
    const cpLsb = msm7 ? 2 ** -31 : 2 ** -29;
    const cpLimit_ms = (2 ** (cpBits - 1) - 1) * cpLsb;
    const finePr: number[] = [];
    const fineCp: number[] = [];
    const locks: number[] = [];
    const halves: number[] = [];
    const cnrs: number[] = [];
    const fineRates: number[] = [];
    part.forEach((s, si) => {
      const r = rough_ms[si];
      for (const id of sigIds) {
        const c = s.cells.find((x) => x.sig === id);
        if (!c) continue;
        finePr.push(clampInvalid(Math.round((c.pr_m / RANGE_MS_m - r) / prLsb), prBits));
        // phase-range, with whole cycles removed to fit the field
        const key = `${s.sat}${id}`;
        let st = state.signals.get(key);
        let slip = (c.lli & 1) !== 0 || !st;
        let cpv = -(2 ** (cpBits - 1));
        if (Number.isFinite(c.cp_cyc) && Number.isFinite(c.wl_m) && Number.isFinite(r)) {
          const cycles = st?.cycles ?? 0;
          let fine_ms = ((c.cp_cyc - cycles) * c.wl_m) / RANGE_MS_m - r;
          let newCycles = cycles;
          if (Math.abs(fine_ms) > cpLimit_ms) {
            // re-centre: the phase keeps its fractional part and loses whole cycles
            newCycles = Math.round(c.cp_cyc - (r * RANGE_MS_m) / c.wl_m);
            fine_ms = ((c.cp_cyc - newCycles) * c.wl_m) / RANGE_MS_m - r;
          }
          if (newCycles !== cycles && st) slip = true;
          cpv = clampInvalid(Math.round(fine_ms / cpLsb), cpBits);
          if (!st || slip) {
            st = { lockStart: ep.time, cycles: newCycles };
            state.signals.set(key, st);
          }
        } else if (!st || slip) {
          st = { lockStart: ep.time, cycles: 0 };
          state.signals.set(key, st);
        }
        fineCp.push(cpv);
        const lock_ms = Math.max(0, diffSeconds(ep.time, st.lockStart) * 1000);
        locks.push(msm7 ? lockIndicator10(lock_ms) : lockIndicator4(lock_ms));
        halves.push(c.lli & 2 ? 1 : 0);
        const cnLsb = msm7 ? 2 ** -4 : 1;
        const cnMax = msm7 ? 1023 : 63;
        cnrs.push(
          Number.isFinite(c.cn0) && c.cn0 > 0 ? Math.min(cnMax, Math.max(1, Math.round(c.cn0 / cnLsb))) : 0,
        );
        const rr = roughRate[si];
        const rate = -c.dop_hz * c.wl_m;
        fineRates.push(clampInvalid(Math.round((rate - rr) / 1e-4), 15));
      }
    });
    for (const v of finePr) w.s(v, prBits);
    for (const v of fineCp) w.s(v, cpBits);
    for (const v of locks) w.u(v, msm7 ? 10 : 4);
    for (const v of halves) w.u(v, 1);
    for (const v of cnrs) w.u(v, msm7 ? 10 : 6);
    if (msm7) for (const v of fineRates) w.s(v, 15);
    payloads.push(w.bytes());
  });
  return payloads;
}
