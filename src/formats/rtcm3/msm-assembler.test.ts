// MsmEpochAssembler: where the date comes from (ephemeris, then the date option, then the clock, with epochs
// held back for an ephemeris when asked), BDT and GLONASS epoch fields mapped onto one GPST epoch, epochs
// closed by the multiple-message bit or by a change of time, and GLONASS wavelengths from 1020 ephemerides.
// Messages are made with the encoders (whose output is checked against real receiver frames elsewhere).

import { describe, expect, it } from "vitest";
import { C_mps } from "../../frames/ellipsoid.js";
import type { KeplerEphemeris } from "../../orbits/ephemeris.js";
import type { ObsEpoch } from "../../signals/observation.js";
import { carrierFrequency_Hz } from "../../signals/signal.js";
import {
  addSeconds,
  diffSeconds,
  formatCalendar,
  fromCalendar,
  type Instant,
  SECONDS_PER_WEEK,
  toScale,
} from "../../time/instant.js";
import { decodeRtcm3, type Rtcm3Message } from "./decode.js";
import { encodeRtcm3 } from "./encode.js";
import { MsmEpochAssembler } from "./msm-assembler.js";
import type { MsmSystem } from "./msm-signals.js";

/** One satellite epoch of a system with one signal. */
function epochOf(time: Instant, sat: string, ba: string, pr_m = 2.2e7, k?: number): ObsEpoch {
  const wl = C_mps / carrierFrequency_Hz(sat[0] as MsmSystem, `L${ba}`, k);
  return {
    time,
    flag: 0,
    rxClockOffset_s: Number.NaN,
    sats: [sat],
    codes: [[`C${ba}`, `L${ba}`, `D${ba}`, `S${ba}`]],
    offsets: Uint32Array.of(0),
    values: Float64Array.of(pr_m, pr_m / wl, 100, 45),
    lli: new Uint8Array(4),
    ssi: new Uint8Array(4),
  };
}

function msm(
  time: Instant,
  sat: string,
  ba: string,
  opts: { moreFollow?: boolean; k?: number; msm?: 4 | 7 } = {},
): Rtcm3Message {
  const channels = opts.k === undefined ? undefined : new Map([[sat, opts.k]]);
  const [f] = encodeRtcm3({
    kind: "msm",
    msm: opts.msm ?? 7,
    system: sat[0] as MsmSystem,
    epoch: epochOf(time, sat, ba, 2.2e7, opts.k),
    stationId: 3,
    moreFollow: opts.moreFollow,
    glonassChannels: channels,
  });
  return decodeRtcm3(f);
}

function gpsEphemeris(toe: Instant): Rtcm3Message {
  const eph: KeplerEphemeris = {
    kind: "kepler",
    sat: "G07",
    message: "LNAV",
    toe,
    toc: toe,
    af0_s: 1e-5,
    af1_sps: 0,
    af2_sps2: 0,
    sqrtA_sqrtm: 5153.6,
    e: 0.01,
    i0_rad: 0.95,
    omega0_rad: 1,
    omega_rad: 0.5,
    m0_rad: 2,
    deltaN_radps: 4e-9,
    iDot_radps: 0,
    omegaDot_radps: -8e-9,
    cuc_rad: 0,
    cus_rad: 0,
    crc_m: 200,
    crs_m: 10,
    cic_rad: 0,
    cis_rad: 0,
    aDot_mps: 0,
    deltaNDot_radps2: 0,
    iode: 20,
    iodc: 20,
    health: 0,
    ura_m: 2,
    fitInterval_h: 4,
    groupDelays_s: { TGD: 0 },
    satType: 0,
    dataSources: 0,
  };
  const [f] = encodeRtcm3({ kind: "ephemeris", type: 1019, ephemeris: eph });
  return decodeRtcm3(f, { reference: toe });
}

const T = fromCalendar("GPST", { year: 2025, month: 4, day: 11, hour: 23, minute: 14, second: 26 });

function run(asm: MsmEpochAssembler, msgs: readonly Rtcm3Message[]): ObsEpoch[] {
  const out: ObsEpoch[] = [];
  for (const m of msgs) out.push(...asm.push(m));
  out.push(...asm.finish());
  return out;
}

describe("MsmEpochAssembler: the date", () => {
  it("an ephemeris in the stream beats the date option, which beats the clock", () => {
    const threeWeeksOff = addSeconds(T, 3 * SECONDS_PER_WEEK);
    // date only: the epoch lands in the date's week
    let a = new MsmEpochAssembler({ date: threeWeeksOff, clock: () => T });
    let eps = run(a, [msm(T, "G07", "1C")]);
    expect(diffSeconds(eps[0].time, threeWeeksOff)).toBe(0);
    expect(a.timeSource).toBe("date");
    // an ephemeris first: its week wins over the date
    a = new MsmEpochAssembler({ date: threeWeeksOff, clock: () => threeWeeksOff });
    eps = run(a, [gpsEphemeris(addSeconds(T, 2734)), msm(T, "G07", "1C")]);
    expect(diffSeconds(eps[0].time, T)).toBe(0);
    expect(a.timeSource).toBe("ephemeris");
    // nothing: the clock
    a = new MsmEpochAssembler({ clock: () => addSeconds(T, -2 * 86400) });
    eps = run(a, [msm(T, "G07", "1C")]);
    expect(diffSeconds(eps[0].time, T)).toBe(0);
    expect(a.timeSource).toBe("clock");
  });

  it("holdForEphemeris: epochs before the first ephemeris wait for it instead of taking the clock", () => {
    const wrongClock = () => addSeconds(T, 10 * SECONDS_PER_WEEK);
    const msgs = [
      msm(T, "G07", "1C"),
      msm(addSeconds(T, 1), "G07", "1C"),
      gpsEphemeris(addSeconds(T, 2734)),
      msm(addSeconds(T, 2), "G07", "1C"),
    ];
    const held = run(new MsmEpochAssembler({ clock: wrongClock, holdForEphemeris: 10 }), msgs);
    expect(held.map((e) => diffSeconds(e.time, T))).toEqual([0, 1, 2]);
    // without holding, the first two take the (wrong) clock's week
    const eager = run(new MsmEpochAssembler({ clock: wrongClock }), msgs);
    expect(eager.map((e) => Math.round(diffSeconds(e.time, T)))).toEqual([
      10 * SECONDS_PER_WEEK,
      10 * SECONDS_PER_WEEK + 1,
      2,
    ]);
    // the limit: after 1 held epoch the clock is used
    const limited = run(new MsmEpochAssembler({ clock: wrongClock, holdForEphemeris: 1 }), msgs);
    expect(limited.map((e) => Math.round(diffSeconds(e.time, T)))).toEqual([
      10 * SECONDS_PER_WEEK,
      10 * SECONDS_PER_WEEK + 1,
      2,
    ]);
  });

  it("GPS, GLONASS (Moscow day of week + time of day) and BDS (BDT) fields of one instant make one GPST epoch", () => {
    // 23:14:26 GPST on Friday = 02:14:08 Saturday Moscow time (GPST - UTC = 18 s)
    const asm = new MsmEpochAssembler({ date: addSeconds(T, 2 * 86400) });
    const msgs = [
      msm(T, "G07", "1C", { moreFollow: true }),
      msm(T, "R04", "1C", { moreFollow: true, k: 6 }),
      msm(T, "E11", "1C", { moreFollow: true }),
      msm(T, "C23", "2I"),
    ];
    const g = msgs[1];
    expect(g.kind === "msm" && g.epoch).toEqual({
      scale: "GLONASST",
      dayOfWeek: 6,
      tod_ms: (2 * 3600 + 14 * 60 + 8) * 1000,
    });
    const b = msgs[3];
    expect(b.kind === "msm" && b.epoch.scale === "BDT" && b.epoch.tow_ms).toBe(
      (5 * 86400 + 23 * 3600 + 14 * 60 + 12) * 1000,
    );
    const eps = run(asm, msgs);
    expect(eps).toHaveLength(1);
    expect(eps[0].sats).toEqual(["C23", "G07", "E11", "R04"]);
    expect(formatCalendar(eps[0].time)).toBe("2025/04/11 23:14:26.000");
  });

  it("an epoch closes at the multiple-message bit 0 or when the time changes, never dropping data", () => {
    const asm = new MsmEpochAssembler({ date: T });
    // the second epoch never sends its closing message: the next time closes it
    const msgs = [
      msm(T, "G07", "1C", { moreFollow: true }),
      msm(T, "E11", "1C"),
      msm(addSeconds(T, 1), "G07", "1C", { moreFollow: true }),
      msm(addSeconds(T, 2), "G07", "1C", { moreFollow: true }),
    ];
    const out: number[] = [];
    out.push(
      asm.push(msgs[0]).length,
      asm.push(msgs[1]).length,
      asm.push(msgs[2]).length,
      asm.push(msgs[3]).length,
    );
    expect(out).toEqual([0, 1, 0, 1]);
    const last = asm.finish();
    expect(last).toHaveLength(1);
    expect(diffSeconds(last[0].time, T)).toBe(2);
  });

  it("GLONASS MSM4 phase needs the channel: from a 1020 seen earlier, else blank", () => {
    const k = -3;
    const m4 = msm(T, "R05", "1C", { msm: 4, k });
    const noChannel = run(new MsmEpochAssembler({ date: T }), [m4]);
    expect(noChannel[0].values[0]).toBeCloseTo(2.2e7, 1);
    expect(noChannel[0].values[1]).toBeNaN();
    const withChannel = run(new MsmEpochAssembler({ date: T, glonassChannels: new Map([["R05", k]]) }), [m4]);
    const wl = C_mps / carrierFrequency_Hz("R", "L1C", k);
    expect(Math.abs(withChannel[0].values[1] - 2.2e7 / wl)).toBeLessThan(1e-3);
  });

  it("reference(): last epoch, else ephemeris toe, else date, else clock", () => {
    const clock = addSeconds(T, 99);
    const asm = new MsmEpochAssembler({ clock: () => clock });
    expect(diffSeconds(asm.reference(), clock)).toBe(0);
    const withDate = new MsmEpochAssembler({ date: addSeconds(T, 5), clock: () => clock });
    expect(diffSeconds(withDate.reference(), addSeconds(T, 5))).toBe(0);
    withDate.push(gpsEphemeris(addSeconds(T, 2734)));
    expect(diffSeconds(withDate.reference(), toScale(addSeconds(T, 2734), "GPST"))).toBe(0);
    run(withDate, [msm(T, "G07", "1C")]);
    expect(diffSeconds(withDate.reference(), T)).toBe(0);
  });
});
