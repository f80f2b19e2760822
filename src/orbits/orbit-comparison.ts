// Broadcast-minus-precise orbit and clock comparison (behind `beidou orbit`): at every SP3 epoch, the
// broadcast position minus the SP3 position, decomposed along the precise orbit's radial, along-track and
// cross-track directions (built from the SP3 position and its inertial velocity v + OmegaE x r, so that
// GEOs, nearly still in ECEF, still get a proper frame), RMS per satellite.
// SP3 positions refer to the centre of mass, broadcast ones to the antenna phase centre: differences of
// 1-2 m (mostly radial) for BDS are expected. Clocks: broadcast minus SP3 clock (SP3 given the same
// relativistic term), less the mean over that system's satellites at each epoch (removes the reference
// clock); a constant per satellite remains (group-delay reference of the precise clock).
// Only epochs within `maxAge_s` of the record's toe count (see the option).

import { C_mps } from "../frames/ellipsoid.js";
import { compareSats, type SatId, satSystem } from "../signals/system.js";
import { diffSeconds } from "../time/instant.js";
import type { EphemerisStore } from "./ephemeris-store.js";
import { PreciseSource } from "./precise.js";
import type { PreciseOrbitTable } from "./precise-tables.js";
import type { OrbitKind } from "./satellite-state.js";

export interface OrbitComparisonRow {
  readonly sat: SatId;
  readonly kind: OrbitKind;
  /** Epochs compared (both orbits available). */
  readonly epochs: number;
  readonly radial_rms_m: number;
  readonly along_rms_m: number;
  readonly cross_rms_m: number;
  readonly orbit3d_rms_m: number;
  readonly orbit3d_max_m: number;
  /** Clock difference RMS (ns) after removing the per-epoch system mean; absent without SP3 clocks. */
  readonly clock_rms_ns?: number;
  /** Clock difference standard deviation (ns): also without the satellite's own mean. */
  readonly clock_std_ns?: number;
}

export interface OrbitComparison {
  readonly satellites: OrbitComparisonRow[];
}

export interface OrbitComparisonOptions {
  /** System letters to compare (default: all present in both). */
  readonly systems?: readonly string[];
  /**
   * Largest |t - toe| (s) of the broadcast record for an epoch to count, per system. Default: 7200 s for
   * Kepler systems (the 4-hour GPS curve fit around toe), 900 s for GLONASS (half the 30-min spacing of tb).
   * Station navigation files have gaps while a satellite is below the horizon; beyond these ages the store
   * still serves records (RTKLIB's windows: BDS 6 h) but their extrapolation error grows to 100 m, which
   * says nothing about the broadcast orbit. Use Infinity to count every epoch the store serves.
   */
  readonly maxAge_s?: Partial<Record<string, number>>;
}

const DEFAULT_MAX_AGE_s: Readonly<Record<string, number>> = { C: 7200, G: 7200, E: 7200, J: 7200, R: 900 };

const OMEGA_E = 7.2921151467e-5;

export function compareBroadcastToPrecise(
  broadcast: EphemerisStore,
  precise: PreciseOrbitTable,
  opts: OrbitComparisonOptions = {},
): OrbitComparison {
  const src = new PreciseSource([precise], [], { relativity: true });
  const bsats = new Set(broadcast.sats());
  const sats = precise.sats.filter(
    (s) => bsats.has(s) && (!opts.systems || opts.systems.includes(satSystem(s))),
  );
  const ne = precise.epochs.length;
  const pv = new Float64Array(6);
  // per sat accumulators
  interface Acc {
    n: number;
    r2: number;
    a2: number;
    c2: number;
    max3d: number;
    clk: Float64Array; // per epoch clock difference (s), NaN when absent
  }
  const accs = new Map<SatId, Acc>();
  for (const sat of sats)
    accs.set(sat, { n: 0, r2: 0, a2: 0, c2: 0, max3d: 0, clk: new Float64Array(ne).fill(Number.NaN) });

  for (let ie = 0; ie < ne; ie++) {
    const t = precise.epochs[ie];
    for (const sat of sats) {
      const acc = accs.get(sat) as Acc;
      const b = broadcast.state(sat, t);
      if (typeof b === "string" || !b.ephemeris) continue;
      const maxAge = opts.maxAge_s?.[satSystem(sat)] ?? DEFAULT_MAX_AGE_s[satSystem(sat)] ?? 7200;
      if (Math.abs(diffSeconds(t, b.ephemeris.toe)) > maxAge) continue;
      if (!src.positionInto(sat, t, pv)) continue;
      const k = ie * precise.sats.length + precise.sats.indexOf(sat);
      // exact SP3 sample at its own epoch (the interpolant passes through it; use it directly)
      const px = precise.pos_m[3 * k];
      const py = precise.pos_m[3 * k + 1];
      const pz = precise.pos_m[3 * k + 2];
      if (!Number.isFinite(px)) continue;
      const vx = pv[3] - OMEGA_E * py;
      const vy = pv[4] + OMEGA_E * px;
      const vz = pv[5];
      const rn = Math.hypot(px, py, pz);
      const er = [px / rn, py / rn, pz / rn];
      let cx = py * vz - pz * vy;
      let cy = pz * vx - px * vz;
      let cz = px * vy - py * vx;
      const cn = Math.hypot(cx, cy, cz);
      cx /= cn;
      cy /= cn;
      cz /= cn;
      const ea = [cy * er[2] - cz * er[1], cz * er[0] - cx * er[2], cx * er[1] - cy * er[0]];
      const dx = b.pos[0] - px;
      const dy = b.pos[1] - py;
      const dz = b.pos[2] - pz;
      const dr = dx * er[0] + dy * er[1] + dz * er[2];
      const da = dx * ea[0] + dy * ea[1] + dz * ea[2];
      const dc = dx * cx + dy * cy + dz * cz;
      acc.n++;
      acc.r2 += dr * dr;
      acc.a2 += da * da;
      acc.c2 += dc * dc;
      acc.max3d = Math.max(acc.max3d, Math.hypot(dx, dy, dz));
      const pclk = precise.clock_s[k];
      if (Number.isFinite(pclk)) {
        const rel = (-2 * (px * pv[3] + py * pv[4] + pz * pv[5])) / (C_mps * C_mps);
        acc.clk[ie] = b.clockBias_s - (pclk + rel);
      }
    }
  }

  // remove the per-epoch, per-system mean clock difference
  const systems = [...new Set(sats.map(satSystem))];
  for (const sys of systems) {
    const group = sats.filter((s) => satSystem(s) === sys).map((s) => (accs.get(s) as Acc).clk);
    for (let ie = 0; ie < ne; ie++) {
      let sum = 0;
      let cnt = 0;
      for (const c of group) {
        if (!Number.isFinite(c[ie])) continue;
        sum += c[ie];
        cnt++;
      }
      if (cnt < 2) {
        for (const c of group) c[ie] = Number.NaN;
        continue;
      }
      for (const c of group) if (Number.isFinite(c[ie])) c[ie] -= sum / cnt;
    }
  }

  const rows: OrbitComparisonRow[] = [];
  for (const sat of [...sats].sort(compareSats)) {
    const a = accs.get(sat) as Acc;
    if (a.n === 0) continue;
    let cs = 0;
    let cs2 = 0;
    let cn = 0;
    for (const v of a.clk) {
      if (!Number.isFinite(v)) continue;
      cs += v;
      cs2 += v * v;
      cn++;
    }
    const row: OrbitComparisonRow = {
      sat,
      kind: broadcast.orbitKind(sat),
      epochs: a.n,
      radial_rms_m: Math.sqrt(a.r2 / a.n),
      along_rms_m: Math.sqrt(a.a2 / a.n),
      cross_rms_m: Math.sqrt(a.c2 / a.n),
      orbit3d_rms_m: Math.sqrt((a.r2 + a.a2 + a.c2) / a.n),
      orbit3d_max_m: a.max3d,
      ...(cn > 0
        ? {
            clock_rms_ns: Math.sqrt(cs2 / cn) * 1e9,
            clock_std_ns: Math.sqrt(Math.max(0, cs2 / cn - (cs / cn) ** 2)) * 1e9,
          }
        : {}),
    };
    rows.push(row);
  }
  return { satellites: rows };
}
