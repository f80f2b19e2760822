// Satellites in view from NMEA 0183 v4.11 GSV sequences, and satellites used plus DOPs from GSA.
// A GSV sequence (sentences 1..n of one talker and one signal id) replaces that talker/signal's part of the
// view only when it is complete and in order; a broken sequence is dropped with an issue. GSA sentences
// replace the used set of their system (GNSS System ID, else talker); a GN GSA without a system id
// replaces the sets of the systems its satellites belong to (and clears all when it lists none), and the
// GSAs of one epoch (no timed sentence between them) add up, as receivers split more than 12 satellites
// over several GSAs. Only one antenna's sentences are used (Unicore `...H` sentences are the second
// antenna's). Parts of the view not refreshed for `maxAge_s` (by the sentences' UTC time) go away.

import type { DecodeIssue } from "../../core/errors.js";
import { compareSats, type GnssSystem, type SatId, satSystem } from "../../signals/system.js";
import type { GsaSentence, GsvSatellite, GsvSentence, NmeaSentence } from "./sentences.js";
import type { NmeaSignal } from "./signal-ids.js";

export interface SkySatellite {
  /** Satellite; null when the number fits no known range (`prn` keeps it). */
  readonly sat: SatId | null;
  readonly prn: number;
  /** Talker of the GSV sequence it came from ("GB", "BD", "GP", ...). */
  readonly talker: string;
  /** NMEA 4.10+ signal id of its sequence; NaN for sequences without one. */
  readonly signalId: number;
  readonly signal: NmeaSignal | undefined;
  readonly el_deg: number;
  readonly az_deg: number;
  /** NaN when not tracked on this signal. */
  readonly cn0_dbhz: number;
  /** Listed in the latest GSA of its system. */
  readonly used: boolean;
}

export interface SkyDops {
  readonly pdop: number;
  readonly hdop: number;
  readonly vdop: number;
}

export interface SkyViewOptions {
  /** Which antenna's sentences to use on Unicore dual-antenna receivers (default "primary"). */
  readonly antenna?: "primary" | "secondary";
  /** Forget sequences and used sets this many seconds (UTC time of day) older than the newest sentence (default 5). */
  readonly maxAge_s?: number;
}

interface Group {
  readonly talker: string;
  readonly signalId: number;
  readonly signal: NmeaSignal | undefined;
  readonly sats: readonly GsvSatellite[];
  readonly tod: number;
}

interface Pending {
  readonly count: number;
  next: number;
  readonly sats: GsvSatellite[];
}

interface UsedSet {
  readonly sats: Set<SatId>;
  readonly epoch: number;
  readonly tod: number;
}

const DAY_s = 86400;

/** Seconds from a to b on a 24 h clock, in (-43200, 43200]. */
function todDiff(b: number, a: number): number {
  let d = b - a;
  if (d > DAY_s / 2) d -= DAY_s;
  else if (d <= -DAY_s / 2) d += DAY_s;
  return d;
}

export class SkyView {
  readonly issues: DecodeIssue[] = [];
  private readonly maxAge_s: number;
  private readonly antenna: "primary" | "secondary";
  private readonly groups = new Map<string, Group>();
  private readonly pending = new Map<string, Pending>();
  private readonly used = new Map<string, UsedSet>();
  private lastTod = Number.NaN;
  /** Counts timed sentences with a new time of day: GSAs with the same value belong to one epoch. */
  private epoch = 0;
  private dopsValue: SkyDops = { pdop: Number.NaN, hdop: Number.NaN, vdop: Number.NaN };

  constructor(options: SkyViewOptions = {}) {
    this.maxAge_s = options.maxAge_s ?? 5;
    this.antenna = options.antenna ?? "primary";
  }

  /** DOPs of the latest GSA. */
  get dops(): SkyDops {
    return this.dopsValue;
  }

  /** Feed one sentence; true when a GSV sequence completed (the view changed). */
  push(s: NmeaSentence): boolean {
    if (s.type === "invalid" || s.antenna !== this.antenna) return false;
    switch (s.type) {
      case "GSV":
        return this.gsv(s);
      case "GSA":
        this.gsa(s);
        return false;
      case "GGA":
      case "RMC":
      case "GNS":
      case "GLL":
      case "ZDA":
      case "GST":
        if (Number.isFinite(s.timeOfDay_s) && s.timeOfDay_s !== this.lastTod) {
          this.lastTod = s.timeOfDay_s;
          this.epoch++;
        }
        return false;
      default:
        return false;
    }
  }

  /** Satellites in view, one entry per satellite and signal, BDS first. */
  satellites(): SkySatellite[] {
    this.expire();
    const usedNow = new Set<SatId>();
    for (const u of this.used.values()) for (const sat of u.sats) usedNow.add(sat);
    const out: SkySatellite[] = [];
    for (const g of this.groups.values()) {
      for (const v of g.sats) {
        out.push({
          sat: v.sat,
          prn: v.prn,
          talker: g.talker,
          signalId: g.signalId,
          signal: g.signal,
          el_deg: v.el_deg,
          az_deg: v.az_deg,
          cn0_dbhz: v.cn0_dbhz,
          used: v.sat !== null && usedNow.has(v.sat),
        });
      }
    }
    return out.sort((a, b) => {
      if (a.sat === null || b.sat === null) return a.sat === b.sat ? a.prn - b.prn : a.sat === null ? 1 : -1;
      const c = compareSats(a.sat, b.sat);
      return c !== 0 ? c : (a.signalId || 0) - (b.signalId || 0);
    });
  }

  /** Satellites in the latest GSA of each system, BDS first. */
  usedSatellites(): SatId[] {
    this.expire();
    const all = new Set<SatId>();
    for (const u of this.used.values()) for (const sat of u.sats) all.add(sat);
    return [...all].sort(compareSats);
  }

  private gsv(s: GsvSentence): boolean {
    const key = `${s.talker}/${Number.isFinite(s.signalId) ? s.signalId : "-"}`;
    const { sentenceCount: n, sentenceIndex: i } = s;
    if (!(n >= 1 && i >= 1 && i <= n)) {
      this.issue(`${s.address}: sentence ${i} of ${n} is not a valid GSV sequence position`);
      return false;
    }
    let p = this.pending.get(key);
    if (i === 1) {
      if (p) this.issue(`${s.address}: sequence for ${key} restarted before it completed`);
      p = { count: n, next: 1, sats: [] };
      this.pending.set(key, p);
    } else if (!p || p.next !== i || p.count !== n) {
      if (p) this.pending.delete(key);
      this.issue(`${s.address}: sentence ${i} of ${n} out of sequence for ${key}; sequence dropped`);
      return false;
    }
    p.sats.push(...s.sats);
    p.next++;
    if (p.next <= p.count) return false;
    this.pending.delete(key);
    this.groups.set(key, {
      talker: s.talker,
      signalId: s.signalId,
      signal: s.signal,
      sats: p.sats,
      tod: this.lastTod,
    });
    return true;
  }

  private gsa(s: GsaSentence): void {
    this.dopsValue = { pdop: s.pdop, hdop: s.hdop, vdop: s.vdop };
    if (s.system !== undefined) {
      this.setUsed(s.system, s.sats);
      return;
    }
    // GN without a system id: sort the satellites by their own systems
    const bySystem = new Map<GnssSystem, SatId[]>();
    for (const sat of s.sats) {
      const sys = satSystem(sat);
      const list = bySystem.get(sys);
      if (list) list.push(sat);
      else bySystem.set(sys, [sat]);
    }
    if (bySystem.size === 0) {
      this.used.clear();
      return;
    }
    for (const [sys, sats] of bySystem) this.setUsed(sys, sats);
  }

  private setUsed(key: string, sats: readonly SatId[]): void {
    const prev = this.used.get(key);
    if (prev && prev.epoch === this.epoch) {
      for (const sat of sats) prev.sats.add(sat);
      return;
    }
    this.used.set(key, { sats: new Set(sats), epoch: this.epoch, tod: this.lastTod });
  }

  private expire(): void {
    if (!Number.isFinite(this.lastTod)) return;
    for (const [k, g] of this.groups) {
      if (Number.isFinite(g.tod) && todDiff(this.lastTod, g.tod) > this.maxAge_s) this.groups.delete(k);
    }
    for (const [k, u] of this.used) {
      if (Number.isFinite(u.tod) && todDiff(this.lastTod, u.tod) > this.maxAge_s) this.used.delete(k);
    }
  }

  private issue(message: string): void {
    // kept bounded on endless streams
    if (this.issues.length < 1000) this.issues.push({ code: "bad-record", message });
  }
}
