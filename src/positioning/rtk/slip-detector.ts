// Cycle-slip detection on one receiver's undifferenced carrier phase, per satellite and frequency slot:
//   - loss of lock: RINEX LLI bit 0 (and a change of tracked signal, or a gap longer than allowed);
//   - geometry-free: GF = lambda_0 L_0 - lambda_f L_f (m) changes only with the ionosphere between epochs;
//   - Melbourne-Wubbena: MW = (L_0 - L_f) - (f_0 P_0 + f_f P_f) / ((f_0 + f_f) lambda_w), lambda_w = c / (f_0 - f_f),
//     constant over an arc (wide-lane ambiguity plus code noise), compared with its running mean;
//   - Doppler: the phase change over the interval against -(D_prev + D) / 2 * dt; the median discrepancy
//     of the epoch is removed first, so that receiver clock jumps do not count as slips.
// A slip found by GF or MW flags both frequencies of the pair; LLI and Doppler flag their own frequency.

import { C_mps } from "../../frames/ellipsoid.js";
import type { SatId } from "../../signals/system.js";

/** One satellite's values on one receiver, per frequency slot (NaN when absent). */
export interface SlipInput {
  readonly sat: SatId;
  readonly codes: readonly (string | null)[];
  readonly freq_Hz: Float64Array;
  readonly L_cyc: Float64Array;
  readonly P_m: Float64Array;
  readonly D_Hz: Float64Array;
  readonly lli: Uint8Array;
}

export interface SlipThresholds {
  readonly gf_m: number;
  readonly mw_cyc: number;
  /** 0 disables the Doppler test. */
  readonly doppler_cyc: number;
  readonly maxGap_s: number;
}

/** Why a slot was flagged (bit mask). */
export const SLIP_LLI = 1;
export const SLIP_GF = 2;
export const SLIP_MW = 4;
export const SLIP_DOPPLER = 8;
export const SLIP_GAP = 16;

interface Track {
  /** per slot: time of the last valid phase, that phase and Doppler, the code it was on */
  tL: Float64Array;
  L: Float64Array;
  D: Float64Array;
  codes: (string | null)[];
  /** per slot f >= 1: geometry-free value against slot 0 and its time */
  gf: Float64Array;
  tGf: Float64Array;
  mwMean: Float64Array;
  mwCount: Float64Array;
}

export class SlipDetector {
  private readonly tracks = new Map<SatId, Track>();
  private lastT_s = Number.NaN;

  constructor(
    private readonly nf: number,
    private thr: SlipThresholds,
  ) {}

  /** Change the longest gap over which a phase is still compared (s), e.g. to the data interval. */
  setMaxGap(maxGap_s: number): void {
    this.thr = { ...this.thr, maxGap_s };
  }

  /**
   * Flags per input and slot (bit mask of SLIP_*; 0 = continuous). `t_s` is any continuous time in seconds.
   * A slot missing for a few epochs (up to maxGap_s) is compared with its last valid values. Also learns the
   * epoch for the next call.
   */
  detect(t_s: number, inputs: readonly SlipInput[]): Uint8Array[] {
    const nf = this.nf;
    const flags = inputs.map(() => new Uint8Array(nf));
    // the same epoch again (a base epoch reused for a faster rover): nothing new
    if (t_s === this.lastT_s) return flags;
    this.lastT_s = t_s;
    const dopDisc: { i: number; f: number; d: number; freq: number }[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const s = inputs[i];
      const fl = flags[i];
      const tr = this.tracks.get(s.sat);
      for (let f = 0; f < nf; f++) {
        if (Number.isNaN(s.L_cyc[f])) continue;
        if (s.lli[f] & 1) fl[f] |= SLIP_LLI;
        const dt = tr ? t_s - tr.tL[f] : Number.NaN;
        if (!tr || !(dt > 0) || dt > this.thr.maxGap_s || tr.codes[f] !== s.codes[f]) fl[f] |= SLIP_GAP;
      }
      if (!tr) continue;
      // geometry-free and Melbourne-Wubbena against slot 0
      const f0 = s.freq_Hz[0];
      const l0 = s.L_cyc[0];
      for (let f = 1; f < nf; f++) {
        const ff = s.freq_Hz[f];
        if (Number.isNaN(l0) || Number.isNaN(s.L_cyc[f]) || fl[0] & SLIP_GAP || fl[f] & SLIP_GAP) continue;
        const gf = (C_mps / f0) * l0 - (C_mps / ff) * s.L_cyc[f];
        const dtGf = t_s - tr.tGf[f];
        if (
          !Number.isNaN(tr.gf[f]) &&
          dtGf > 0 &&
          dtGf <= this.thr.maxGap_s &&
          Math.abs(gf - tr.gf[f]) > this.thr.gf_m + 0.005 * dtGf
        ) {
          fl[0] |= SLIP_GF;
          fl[f] |= SLIP_GF;
        }
        if (!Number.isNaN(s.P_m[0]) && !Number.isNaN(s.P_m[f]) && f0 !== ff) {
          const lw = C_mps / (f0 - ff);
          const mw = l0 - s.L_cyc[f] - (f0 * s.P_m[0] + ff * s.P_m[f]) / ((f0 + ff) * lw);
          if (tr.mwCount[f] > 0 && Math.abs(mw - tr.mwMean[f]) > this.thr.mw_cyc) {
            fl[0] |= SLIP_MW;
            fl[f] |= SLIP_MW;
          }
        }
      }
      // a geometry-free or wide-lane jump on one pair may come from slot 0 while another pair hides an equal
      // slip in metres: every frequency of the satellite is flagged
      let gfmw = 0;
      for (let f = 0; f < nf; f++) gfmw |= fl[f] & (SLIP_GF | SLIP_MW);
      if (gfmw) for (let f = 0; f < nf; f++) if (!Number.isNaN(s.L_cyc[f])) fl[f] |= gfmw;
      if (this.thr.doppler_cyc > 0) {
        for (let f = 0; f < nf; f++) {
          if (fl[f] & SLIP_GAP) continue;
          const dt = t_s - tr.tL[f];
          const d0 = tr.D[f];
          const d1 = s.D_Hz[f];
          if (!(dt <= 2) || Number.isNaN(d0) || Number.isNaN(d1) || Number.isNaN(s.L_cyc[f])) continue;
          dopDisc.push({ i, f, d: s.L_cyc[f] - tr.L[f] + ((d0 + d1) / 2) * dt, freq: s.freq_Hz[f] });
        }
      }
    }
    if (dopDisc.length >= 3) {
      // a receiver clock jump moves every phase by f * jump cycles: the common part is taken in seconds
      const sorted = dopDisc.map((x) => x.d / x.freq).sort((a, b) => a - b);
      const med = sorted[sorted.length >> 1];
      for (const x of dopDisc)
        if (Math.abs(x.d - med * x.freq) > this.thr.doppler_cyc) flags[x.i][x.f] |= SLIP_DOPPLER;
    }
    // learn (slots without a value keep their last valid one)
    for (let i = 0; i < inputs.length; i++) {
      const s = inputs[i];
      const fl = flags[i];
      let tr = this.tracks.get(s.sat);
      if (!tr) {
        tr = {
          tL: new Float64Array(nf).fill(Number.NaN),
          L: new Float64Array(nf).fill(Number.NaN),
          D: new Float64Array(nf).fill(Number.NaN),
          codes: new Array(nf).fill(null),
          gf: new Float64Array(nf).fill(Number.NaN),
          tGf: new Float64Array(nf).fill(Number.NaN),
          mwMean: new Float64Array(nf),
          mwCount: new Float64Array(nf),
        };
        this.tracks.set(s.sat, tr);
      }
      for (let f = 0; f < nf; f++) {
        if (Number.isNaN(s.L_cyc[f])) continue;
        tr.tL[f] = t_s;
        tr.L[f] = s.L_cyc[f];
        tr.D[f] = s.D_Hz[f];
        tr.codes[f] = s.codes[f];
      }
      const f0 = s.freq_Hz[0];
      for (let f = 1; f < nf; f++) {
        const ff = s.freq_Hz[f];
        const ok = !Number.isNaN(s.L_cyc[0]) && !Number.isNaN(s.L_cyc[f]);
        if (!ok) continue;
        tr.gf[f] = (C_mps / f0) * s.L_cyc[0] - (C_mps / ff) * s.L_cyc[f];
        tr.tGf[f] = t_s;
        if (Number.isNaN(s.P_m[0]) || Number.isNaN(s.P_m[f]) || f0 === ff) continue;
        if (fl[0] || fl[f]) tr.mwCount[f] = 0;
        const lw = C_mps / (f0 - ff);
        const mw = s.L_cyc[0] - s.L_cyc[f] - (f0 * s.P_m[0] + ff * s.P_m[f]) / ((f0 + ff) * lw);
        const n = Math.min(tr.mwCount[f], 99) + 1;
        tr.mwMean[f] = tr.mwCount[f] === 0 ? mw : tr.mwMean[f] + (mw - tr.mwMean[f]) / n;
        tr.mwCount[f] = n;
      }
    }
    return flags;
  }
}
