// Cycle-slip detector on synthetic phase, code and Doppler built here from a geometric range model:
//   code    P_f = rho + c dt_r + I_f                       + noise (0.3 m)
//   phase   L_f = (rho + c dt_r - I_f) / lambda_f + N_f    + noise (3 mm) + injected slips
//   Doppler D_f = -(rho' + c dt_r' - I_f') / lambda_f      + noise (0.05 Hz)
// with I_f = I_1 (f_1 / f)^2 (first-order ionosphere, IS-GPS-200 §20.3.3.3.3.3 / BDS-SIS-ICD-B1I §5.2.4.7)
// and the RINEX sign convention for Doppler (RINEX 3.05 §5.2.9: positive for approaching satellites).
// Carrier frequencies: BDS-SIS-ICD-B1I-3.0 (1561.098 MHz), B3I-1.0 (1268.52 MHz), B2I (1207.14 MHz);
// IS-GPS-200 L1 1575.42, L2 1227.60 MHz. Thresholds are the library defaults (DEFAULT_RTK_OPTIONS) and
// RTKLIB's preset (RTKLIB_RTK_OPTIONS, Doppler test off).

import { describe, expect, it } from "vitest";
import { C_mps } from "../../frames/ellipsoid.js";
import { Prng } from "../../sim/prng.js";
import { DEFAULT_RTK_OPTIONS, RTKLIB_RTK_OPTIONS, type RtkOptions } from "./rtk-options.js";
import {
  SLIP_DOPPLER,
  SLIP_GAP,
  SLIP_GF,
  SLIP_LLI,
  SLIP_MW,
  SlipDetector,
  type SlipInput,
  type SlipThresholds,
} from "./slip-detector.js";

const MHz = 1e6;
const B1I = 1561.098 * MHz;
const B3I = 1268.52 * MHz;
const B2I = 1207.14 * MHz;
const L1 = 1575.42 * MHz;
const L2 = 1227.6 * MHz;

const thresholds = (o: RtkOptions): SlipThresholds => ({
  gf_m: o.slipGf_m,
  mw_cyc: o.slipMw_cyc,
  doppler_cyc: o.slipDoppler_cyc,
  maxGap_s: o.maxOutage_s,
});
const DEFAULT_THR = thresholds(DEFAULT_RTK_OPTIONS);
const RTKLIB_THR = thresholds(RTKLIB_RTK_OPTIONS);

interface Band {
  readonly freq_Hz: number;
  readonly code: string;
}
const BDS_B1I_B3I: Band[] = [
  { freq_Hz: B1I, code: "2I" },
  { freq_Hz: B3I, code: "6I" },
];
const BDS_TRIPLE: Band[] = [...BDS_B1I_B3I, { freq_Hz: B2I, code: "7I" }];
const GPS_L1_L2: Band[] = [
  { freq_Hz: L1, code: "1C" },
  { freq_Hz: L2, code: "2W" },
];

interface Sat {
  sat: string;
  bands: Band[];
  rho0_m: number;
  amp_m: number;
  omega_rps: number;
  phase_rad: number;
  iono0_m: number;
  ionoAmp_m: number;
  ionoPhase_rad: number;
  N: Float64Array;
  /** accumulated injected slips, cycles per slot */
  slip: Float64Array;
}

const NOISE = { code_m: 0.3, phase_m: 0.003, doppler_Hz: 0.05 };

/** A receiver tracking several satellites; `inputs(t)` gives the detector's input at time t. */
class Scenario {
  readonly sats: Sat[] = [];
  /** receiver clock offset (s) at t = 0, jumps included */
  clock0_s = 2.5e-4;
  /** receiver clock drift (s/s) */
  readonly drift = 3e-8;
  noise = NOISE;
  private readonly rng: Prng;

  constructor(seed: number, systems: { prefix: string; count: number; bands: Band[] }[]) {
    this.rng = new Prng(seed);
    const r = this.rng;
    for (const { prefix, count, bands } of systems)
      for (let k = 0; k < count; k++)
        this.sats.push({
          sat: `${prefix}${String(k + 1).padStart(2, "0")}`,
          bands,
          // MEO-like: mean range 22 000 km, +-4 000 km over a ~12.9 h period: rate up to ~550 m/s
          rho0_m: 22e6 + r.between(-1e6, 1e6),
          amp_m: r.between(2e6, 4e6),
          omega_rps: (2 * Math.PI) / 46380,
          phase_rad: r.between(0, 2 * Math.PI),
          // ionosphere on B1/L1 between 1 and 8 m, drifting by up to ~2 m over a 2 h period (~2 mm/s)
          iono0_m: r.between(3, 6),
          ionoAmp_m: r.between(0.5, 2),
          ionoPhase_rad: r.between(0, 2 * Math.PI),
          N: Float64Array.from(bands, () => r.integer(-1e6, 1e6)),
          slip: new Float64Array(bands.length),
        });
  }

  private clock_s(t: number): number {
    return this.clock0_s + this.drift * t;
  }

  inputs(t: number, nf: number, only?: (s: Sat) => boolean): SlipInput[] {
    const r = this.rng;
    const out: SlipInput[] = [];
    const cb = C_mps * this.clock_s(t);
    const cbDot = C_mps * this.drift;
    for (const s of this.sats) {
      if (only && !only(s)) continue;
      const arg = s.omega_rps * t + s.phase_rad;
      const rho = s.rho0_m + s.amp_m * Math.sin(arg);
      const rhoDot = s.amp_m * s.omega_rps * Math.cos(arg);
      const w = (2 * Math.PI) / 7200;
      const I1 = s.iono0_m + s.ionoAmp_m * Math.sin(w * t + s.ionoPhase_rad);
      const I1dot = s.ionoAmp_m * w * Math.cos(w * t + s.ionoPhase_rad);
      const f1 = s.bands[0].freq_Hz;
      const L = new Float64Array(nf).fill(Number.NaN);
      const P = new Float64Array(nf).fill(Number.NaN);
      const D = new Float64Array(nf).fill(Number.NaN);
      const freq = new Float64Array(nf).fill(Number.NaN);
      const codes: (string | null)[] = new Array(nf).fill(null);
      s.bands.forEach((b, f) => {
        if (f >= nf) return;
        const lam = C_mps / b.freq_Hz;
        const k = (f1 / b.freq_Hz) ** 2;
        freq[f] = b.freq_Hz;
        codes[f] = b.code;
        P[f] = rho + cb + I1 * k + this.noise.code_m * r.normal();
        L[f] = (rho + cb - I1 * k + this.noise.phase_m * r.normal()) / lam + s.N[f] + s.slip[f];
        D[f] = -(rhoDot + cbDot - I1dot * k) / lam + this.noise.doppler_Hz * r.normal();
      });
      out.push({ sat: s.sat, codes, freq_Hz: freq, L_cyc: L, P_m: P, D_Hz: D, lli: new Uint8Array(nf) });
    }
    return out;
  }
}

const T0_s = 345600; // any continuous time
const flagNames = (fl: number): string =>
  [
    [SLIP_LLI, "LLI"],
    [SLIP_GF, "GF"],
    [SLIP_MW, "MW"],
    [SLIP_DOPPLER, "DOP"],
    [SLIP_GAP, "GAP"],
  ]
    .filter(([b]) => fl & (b as number))
    .map(([, n]) => n)
    .join("+");

/** Runs `epochs` 1 Hz epochs; returns every flag raised after the first epoch as "epoch sat:slot FLAGS". */
function runClean(
  sc: Scenario,
  nf: number,
  thr: SlipThresholds,
  epochs: number,
  beforeEpoch?: (k: number) => void,
): string[] {
  const det = new SlipDetector(nf, thr);
  const alarms: string[] = [];
  for (let k = 0; k < epochs; k++) {
    beforeEpoch?.(k);
    const t = T0_s + k;
    const ins = sc.inputs(t, nf);
    const flags = det.detect(t, ins);
    ins.forEach((s, i) => {
      for (let f = 0; f < nf; f++) {
        if (k === 0) {
          // a new track starts with a gap flag on every observed slot
          if (!Number.isNaN(s.L_cyc[f])) expect(flags[i][f] & SLIP_GAP).toBe(SLIP_GAP);
        } else if (flags[i][f]) alarms.push(`${k} ${s.sat}:${f} ${flagNames(flags[i][f])}`);
      }
    });
  }
  return alarms;
}

describe("SlipDetector on clean data", () => {
  it("synthetic data follow the model: Doppler-predicted phase matches phase to a few hundredths of a cycle", () => {
    // guards the generator itself (sign convention of Doppler, ionosphere sign), independently of the detector
    const sc = new Scenario(3, [{ prefix: "C", count: 8, bands: BDS_B1I_B3I }]);
    sc.noise = { code_m: 0, phase_m: 0, doppler_Hz: 0 };
    let worst = 0;
    for (let k = 0; k < 100; k++) {
      const a = sc.inputs(T0_s + k, 2);
      const b = sc.inputs(T0_s + k + 1, 2);
      for (let i = 0; i < a.length; i++)
        for (let f = 0; f < 2; f++) {
          const d = b[i].L_cyc[f] - a[i].L_cyc[f] + ((a[i].D_Hz[f] + b[i].D_Hz[f]) / 2) * 1;
          worst = Math.max(worst, Math.abs(d));
        }
    }
    console.log(
      `generator check: worst trapezoid phase-vs-Doppler discrepancy, noise-free, 1 s: ${worst.toExponential(2)} cycles`,
    );
    expect(worst).toBeLessThan(0.01);
  });

  for (const [name, bands, nf] of [
    ["BDS B1I+B3I", BDS_B1I_B3I, 2],
    ["BDS B1I+B3I+B2I", BDS_TRIPLE, 3],
  ] as const) {
    for (const [thrName, thr] of [
      ["defaults", DEFAULT_THR],
      ["RTKLIB preset", RTKLIB_THR],
    ] as const)
      it(`${name}, ${thrName}: no false alarm in 1000 epochs x 10 satellites (code 0.3 m, phase 3 mm, Doppler 0.05 Hz)`, () => {
        const sc = new Scenario(11 + nf, [{ prefix: "C", count: 10, bands: [...bands] }]);
        const alarms = runClean(sc, nf, thr, 1000);
        console.log(
          `${name} ${thrName}: ${alarms.length} false alarms over 1000 epochs x 10 satellites x ${nf} slots`,
        );
        expect(alarms).toEqual([]);
      });
  }

  it("BDS B1I+B3I with GPS L1+L2 (mixed frequencies in one slot), defaults: no false alarm in 1000 epochs", () => {
    const sc = new Scenario(21, [
      { prefix: "C", count: 8, bands: BDS_B1I_B3I },
      { prefix: "G", count: 7, bands: GPS_L1_L2 },
    ]);
    const alarms = runClean(sc, 2, DEFAULT_THR, 1000);
    expect(alarms).toEqual([]);
  });
});

describe("SlipDetector and receiver clock jumps", () => {
  // A 1 ms clock jump moves every code and phase by c * 1 ms (= f * 1e-3 cycles: 1 561 098 cycles on B1I,
  // 1 268 520 on B3I) and leaves Doppler alone. GF and MW cancel it; the Doppler test must too.
  const jumpAt = (sc: Scenario, k0: number) => (k: number) => {
    if (k === k0) sc.clock0_s += 1e-3;
  };

  it("1 ms jump, BDS B1I+B3I, Doppler test off (RTKLIB preset): no alarm (GF and MW are clock-free)", () => {
    const sc = new Scenario(5, [{ prefix: "C", count: 10, bands: BDS_B1I_B3I }]);
    expect(runClean(sc, 2, RTKLIB_THR, 300, jumpAt(sc, 150))).toEqual([]);
  });

  it("1 ms jump, single frequency B1I, defaults: no Doppler false alarm", () => {
    const sc = new Scenario(5, [{ prefix: "C", count: 10, bands: BDS_B1I_B3I }]);
    expect(runClean(sc, 1, DEFAULT_THR, 300, jumpAt(sc, 150))).toEqual([]);
  });

  // KNOWN BUG (slip-detector.ts): the epoch's median Doppler discrepancy is taken over all slots together, in
  // cycles; after a clock jump the discrepancy is f * 1 ms, different on every frequency, so every slot whose
  // frequency is not the median's is flagged. Remove `.fails` once the median is taken per frequency (or in
  // seconds, d / f).
  it("1 ms jump, BDS B1I+B3I, defaults: no Doppler false alarm", () => {
    const sc = new Scenario(5, [{ prefix: "C", count: 10, bands: BDS_B1I_B3I }]);
    const alarms = runClean(sc, 2, DEFAULT_THR, 300, jumpAt(sc, 150));
    console.log(
      `1 ms clock jump, B1I+B3I, defaults: ${alarms.length} alarms, e.g. ${alarms.slice(0, 3).join(", ")}`,
    );
    expect(alarms).toEqual([]);
  });

  it("1 ms jump, BDS B1I + GPS L1 in slot 0 (single frequency), defaults: no Doppler false alarm", () => {
    const sc = new Scenario(5, [
      { prefix: "C", count: 6, bands: BDS_B1I_B3I },
      { prefix: "G", count: 5, bands: GPS_L1_L2 },
    ]);
    const alarms = runClean(sc, 1, DEFAULT_THR, 300, jumpAt(sc, 150));
    console.log(
      `1 ms clock jump, B1I + L1, defaults: ${alarms.length} alarms, e.g. ${alarms.slice(0, 3).join(", ")}`,
    );
    expect(alarms).toEqual([]);
  });
});

// ---------- injected slips ----------

interface SlipTrial {
  /** cycles per slot */
  readonly cycles: readonly number[];
}

/**
 * Injects `kind` every 10 epochs on the satellites in turn (1000 epochs, 10 satellites) and returns the share
 * of slips flagged on every slipped slot at the epoch of the slip, the flags seen, and the false alarms.
 */
function detectionRate(bands: Band[], nf: number, thr: SlipThresholds, trial: SlipTrial, seed: number) {
  const sc = new Scenario(seed, [{ prefix: "C", count: 10, bands }]);
  const det = new SlipDetector(nf, thr);
  let injected = 0;
  let found = 0;
  let falseAlarms = 0;
  let how = 0;
  for (let k = 0; k < 1000; k++) {
    const t = T0_s + k;
    const target = k >= 20 && k % 10 === 0 ? (k / 10) % sc.sats.length : -1;
    if (target >= 0) for (let f = 0; f < nf; f++) sc.sats[target].slip[f] += trial.cycles[f] ?? 0;
    const ins = sc.inputs(t, nf);
    const flags = det.detect(t, ins);
    if (k === 0) continue;
    ins.forEach((_, i) => {
      if (i === target) {
        injected++;
        const slots = trial.cycles.map((c, f) => (c !== 0 ? f : -1)).filter((f) => f >= 0);
        if (slots.every((f) => flags[i][f] !== 0)) found++;
        for (const f of slots) how |= flags[i][f];
      } else for (let f = 0; f < nf; f++) if (flags[i][f]) falseAlarms++;
    });
  }
  return { rate: found / injected, injected, how, falseAlarms };
}

describe("SlipDetector on injected slips (10 satellites, a slip every 10 epochs)", () => {
  const rows: string[] = [];
  const report = (label: string, r: ReturnType<typeof detectionRate>) =>
    rows.push(
      `  ${label.padEnd(44)} ${(100 * r.rate).toFixed(0).padStart(3)} %  of ${r.injected}  by ${flagNames(r.how) || "-"}` +
        (r.falseAlarms ? `  (${r.falseAlarms} alarms on other satellites)` : ""),
    );

  for (const n of [1, 2, 5, 10]) {
    it(`${n} cycle(s) on one frequency (B1I, B3I, or B2I of a triple) is found by GF every time`, () => {
      for (const [slot, bands, nf] of [
        [0, BDS_B1I_B3I, 2],
        [1, BDS_B1I_B3I, 2],
        [2, BDS_TRIPLE, 3],
      ] as const) {
        const cycles = [0, 0, 0].slice(0, nf);
        cycles[slot] = n;
        const r = detectionRate([...bands], nf, DEFAULT_THR, { cycles }, 100 + n);
        report(`${n} cyc on ${["B1I", "B3I", "B2I"][slot]} only (defaults)`, r);
        expect(r.rate).toBe(1);
        expect(r.how & SLIP_GF).toBe(SLIP_GF);
        expect(r.falseAlarms).toBe(0);
      }
    });
  }

  it("equal slips n/n on B1I and B3I: GF sees n * 4.4 cm (rates printed); n >= 2 always found", () => {
    for (const n of [1, 2, 5, 10]) {
      for (const [label, thr] of [
        ["defaults", DEFAULT_THR],
        ["RTKLIB preset", RTKLIB_THR],
      ] as const) {
        const r = detectionRate(BDS_B1I_B3I, 2, thr, { cycles: [n, n] }, 200 + n);
        report(`${n}/${n} cyc on B1I/B3I (${label})`, r);
        if (n >= 2) expect(r.rate).toBe(1);
        expect(r.falseAlarms).toBe(0);
      }
    }
  });

  it("GF-invisible slips 16/13 on B1I/B3I (16 lambda_1 - 13 lambda_3 = 0.4 mm) are found by Doppler (defaults)", () => {
    expect(Math.abs((16 * C_mps) / B1I - (13 * C_mps) / B3I)).toBeLessThan(0.001);
    const r = detectionRate(BDS_B1I_B3I, 2, DEFAULT_THR, { cycles: [16, 13] }, 300);
    report("16/13 cyc on B1I/B3I (defaults)", r);
    expect(r.rate).toBe(1);
    expect(r.how & (SLIP_MW | SLIP_DOPPLER)).not.toBe(0);
    expect(r.how & SLIP_GF).toBe(0); // truly invisible to GF
    expect(r.falseAlarms).toBe(0);
    // Without Doppler (RTKLIB preset) the wide-lane jump of 3 cycles is under the MW threshold of 5: missed
    const off = detectionRate(BDS_B1I_B3I, 2, RTKLIB_THR, { cycles: [16, 13] }, 300);
    report("16/13 cyc on B1I/B3I (RTKLIB preset)", off);
  });

  it("GF-invisible slips 32/26 and 48/39 on B1I/B3I (wide-lane jump 6 and 9 cycles) are found by MW without Doppler", () => {
    for (const k of [2, 3]) {
      const r = detectionRate(BDS_B1I_B3I, 2, RTKLIB_THR, { cycles: [16 * k, 13 * k] }, 400 + k);
      report(`${16 * k}/${13 * k} cyc on B1I/B3I (RTKLIB preset)`, r);
      expect(r.rate).toBe(1);
      expect(r.how & SLIP_MW).toBe(SLIP_MW);
      expect(r.falseAlarms).toBe(0);
    }
  });

  it("single frequency: slips of 20 cycles and more are found by Doppler alone", () => {
    for (const n of [20, 50]) {
      const r = detectionRate(BDS_B1I_B3I, 1, DEFAULT_THR, { cycles: [n] }, 500 + n);
      report(`${n} cyc on B1I, single frequency (defaults)`, r);
      expect(r.rate).toBe(1);
      expect(r.how).toBe(SLIP_DOPPLER);
    }
    console.log(`slip detection rates (1 Hz, code 0.3 m, phase 3 mm, Doppler 0.05 Hz):\n${rows.join("\n")}`);
  });
});

// ---------- flags from tracking state ----------

describe("SlipDetector flags from tracking state", () => {
  const thr = DEFAULT_THR;
  const setup = () => {
    const sc = new Scenario(77, [{ prefix: "C", count: 6, bands: BDS_B1I_B3I }]);
    const det = new SlipDetector(2, thr);
    for (let k = 0; k < 30; k++) det.detect(T0_s + k, sc.inputs(T0_s + k, 2));
    return { sc, det };
  };

  it("LLI bit 0 flags SLIP_LLI on that slot only; LLI bit 1 (half-cycle ambiguity) flags nothing", () => {
    const { sc, det } = setup();
    const ins = sc.inputs(T0_s + 30, 2);
    (ins[2].lli as Uint8Array)[1] = 1;
    (ins[3].lli as Uint8Array)[0] = 2;
    const flags = det.detect(T0_s + 30, ins);
    expect(flags[2][1]).toBe(SLIP_LLI);
    expect(flags[2][0]).toBe(0);
    expect(flags[3][0]).toBe(0);
    expect(
      Array.from(flags, (f) => Array.from(f))
        .flat()
        .filter((f) => f !== 0),
    ).toEqual([SLIP_LLI]);
  });

  it(`a satellite missing for longer than maxGap (${thr.maxGap_s} s) comes back with SLIP_GAP on every slot`, () => {
    const { sc, det } = setup();
    for (let k = 30; k < 36; k++)
      det.detect(
        T0_s + k,
        sc.inputs(T0_s + k, 2, (s) => s.sat !== "C02"),
      );
    const ins = sc.inputs(T0_s + 36, 2);
    const flags = det.detect(T0_s + 36, ins);
    const i = ins.findIndex((s) => s.sat === "C02");
    expect(Array.from(flags[i])).toEqual([SLIP_GAP, SLIP_GAP]);
    flags.forEach((f, j) => {
      if (j !== i) expect(Array.from(f)).toEqual([0, 0]);
    });
  });

  it("a satellite missing for less than maxGap (3 s) comes back without any flag", () => {
    const { sc, det } = setup();
    for (let k = 30; k < 32; k++)
      det.detect(
        T0_s + k,
        sc.inputs(T0_s + k, 2, (s) => s.sat !== "C02"),
      );
    const flags = det.detect(T0_s + 32, sc.inputs(T0_s + 32, 2));
    expect(
      Array.from(flags, (f) => Array.from(f))
        .flat()
        .filter((f) => f !== 0),
    ).toEqual([]);
  });

  it("a slot missing for a few epochs is compared with its last valid values: no flag, but a slip across the hole is found", () => {
    const { sc, det } = setup();
    for (let k = 30; k < 33; k++) {
      const a = sc.inputs(T0_s + k, 2);
      (a[4].L_cyc as Float64Array)[1] = Number.NaN;
      expect(Array.from(det.detect(T0_s + k, a)[4])).toEqual([0, 0]);
    }
    expect(Array.from(det.detect(T0_s + 33, sc.inputs(T0_s + 33, 2))[4])).toEqual([0, 0]);
    // the same hole with a 1-cycle B3I slip inside it
    for (let k = 34; k < 37; k++) {
      const a = sc.inputs(T0_s + k, 2);
      (a[4].L_cyc as Float64Array)[1] = Number.NaN;
      det.detect(T0_s + k, a);
    }
    sc.sats[4].slip[1] += 1;
    const flags = det.detect(T0_s + 37, sc.inputs(T0_s + 37, 2));
    expect(flags[4][1] & SLIP_GF).toBe(SLIP_GF);
  });

  it(`a slot missing for longer than maxGap (${thr.maxGap_s} s) comes back with SLIP_GAP on that slot only`, () => {
    const { sc, det } = setup();
    for (let k = 30; k < 36; k++) {
      const a = sc.inputs(T0_s + k, 2);
      (a[4].L_cyc as Float64Array)[1] = Number.NaN;
      det.detect(T0_s + k, a);
    }
    const flags = det.detect(T0_s + 36, sc.inputs(T0_s + 36, 2));
    expect(Array.from(flags[4])).toEqual([0, SLIP_GAP]);
    expect(
      Array.from(flags, (f) => Array.from(f))
        .flat()
        .filter((f) => f !== 0),
    ).toEqual([SLIP_GAP]);
  });

  it("a change of tracked signal (2I -> 2Q on slot 0) flags SLIP_GAP on that slot only", () => {
    const { sc, det } = setup();
    const ins = sc.inputs(T0_s + 30, 2);
    (ins[1].codes as (string | null)[])[0] = "2Q";
    const flags = det.detect(T0_s + 30, ins);
    expect(Array.from(flags[1])).toEqual([SLIP_GAP, 0]);
    expect(
      Array.from(flags, (f) => Array.from(f))
        .flat()
        .filter((f) => f !== 0),
    ).toEqual([SLIP_GAP]);
  });

  it("time going backwards flags SLIP_GAP", () => {
    const { sc, det } = setup();
    const flags = det.detect(T0_s + 10, sc.inputs(T0_s + 10, 2));
    expect(
      Array.from(flags, (f) => Array.from(f))
        .flat()
        .every((f) => f === SLIP_GAP),
    ).toBe(true);
  });

  // KNOWN BUG (rtk.ts + slip-detector.ts): pairEpochs hands the solver the latest earlier base epoch when the base
  // misses one (and a 1 Hz base under a faster rover repeats every epoch); RtkSolver then runs the base detector
  // again on the very same epoch, dt = 0 counts as SLIP_GAP, and every ambiguity is reset. A repeated epoch
  // carries no new information and should raise no flag. Remove `.fails` once fixed.
  it("the same epoch presented twice (a repeated base epoch) raises no flag", () => {
    const { sc, det } = setup();
    const ins = sc.inputs(T0_s + 30, 2);
    det.detect(T0_s + 30, ins);
    const again = det.detect(T0_s + 30, ins);
    expect(
      Array.from(again, (f) => Array.from(f))
        .flat()
        .filter((f) => f !== 0),
    ).toEqual([]);
  });
});
