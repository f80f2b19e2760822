import { describe, expect, it } from "vitest";
import { formatCalendar } from "../../time/instant.js";
import { formatChecksum, nmeaXorText } from "./checksum.js";
import { FixAssembler } from "./fix-assembler.js";
import { parseNmea } from "./parse.js";
import { SkyView } from "./sky-view.js";

const s = (body: string) => parseNmea(`$${body}*${formatChecksum(nmeaXorText(body, 0, body.length))}`);

describe("SkyView", () => {
  it("takes a GSV sequence only when whole and in order; replaces it per talker and signal", () => {
    const sky = new SkyView();
    expect(sky.push(s("GBGSV,2,1,05,01,40,083,46,02,17,308,41,03,07,344,39,04,22,228,45,1"))).toBe(false);
    expect(sky.push(s("GBGSV,2,2,05,05,10,100,30,1"))).toBe(true);
    expect(sky.push(s("GBGSV,1,1,02,19,50,200,44,20,60,210,,5"))).toBe(true);
    let v = sky.satellites();
    expect(v.map((x) => `${x.sat}/${x.signal?.name}`)).toEqual([
      "C01/B1I",
      "C02/B1I",
      "C03/B1I",
      "C04/B1I",
      "C05/B1I",
      "C19/B2a",
      "C20/B2a",
    ]);
    expect(Number.isNaN(v[6].cn0_dbhz)).toBe(true);
    // a sequence missing its first sentence is dropped, the old view stays
    expect(sky.push(s("GBGSV,2,2,05,06,10,100,30,1"))).toBe(false);
    expect(sky.issues.length).toBe(1);
    // a new whole B1I sequence replaces the old one; the B2a part is kept
    sky.push(s("GBGSV,1,1,01,07,45,090,40,1"));
    v = sky.satellites();
    expect(v.map((x) => x.sat)).toEqual(["C07", "C19", "C20"]);
  });

  it("GSA: per system, GSAs of one epoch add up, GN without system id split by satellite system", () => {
    const sky = new SkyView();
    sky.push(s("GNGGA,000001.00,4404.12994,N,12118.84613,W,1,20,0.69,1109.2,M,,M,,"));
    sky.push(s("GNGSA,A,3,01,02,03,04,05,06,07,08,09,10,11,12,1.0,0.7,0.8,4"));
    sky.push(s("GNGSA,A,3,13,14,,,,,,,,,,,1.0,0.7,0.8,4"));
    sky.push(s("GNGSA,A,3,05,07,,,,,,,,,,,1.0,0.7,0.8,1"));
    expect(sky.usedSatellites().length).toBe(16);
    expect(sky.dops).toEqual({ pdop: 1.0, hdop: 0.7, vdop: 0.8 });
    // next epoch: the BDS set is replaced, not added to
    sky.push(s("GNGGA,000002.00,4404.12994,N,12118.84613,W,1,20,0.69,1109.2,M,,M,,"));
    sky.push(s("GNGSA,A,3,21,,,,,,,,,,,,1.0,0.7,0.8,4"));
    expect(sky.usedSatellites()).toEqual(["C21", "G05", "G07"]);
    // pre-4.10 GN GSA: GPS numbers and SiRF's BDS 201.. in separate sentences
    sky.push(s("GNGGA,000003.00,4404.12994,N,12118.84613,W,1,20,0.69,1109.2,M,,M,,"));
    sky.push(s("GNGSA,A,3,22,18,,,,,,,,,,,2.5,1.2,2.2"));
    sky.push(s("GNGSA,A,3,201,,,,,,,,,,,,2.5,1.2,2.2"));
    expect(sky.usedSatellites()).toEqual(["C01", "G18", "G22"]);
    // a stale used set is forgotten after maxAge_s
    sky.push(s("GNGGA,000010.00,4404.12994,N,12118.84613,W,1,20,0.69,1109.2,M,,M,,"));
    expect(sky.usedSatellites()).toEqual([]);
  });

  it("ignores the second antenna's sentences of Unicore receivers unless asked", () => {
    const primary = new SkyView();
    const secondary = new SkyView({ antenna: "secondary" });
    for (const x of [s("GBGSVH,1,1,01,07,45,090,40,1"), s("GBGSV,1,1,01,08,45,090,40,1")]) {
      primary.push(x);
      secondary.push(x);
    }
    expect(primary.satellites().map((x) => x.sat)).toEqual(["C08"]);
    expect(secondary.satellites().map((x) => x.sat)).toEqual(["C07"]);
  });
});

describe("FixAssembler", () => {
  it("one record per epoch; the date of an RMC carries over midnight to later GGA-only epochs", () => {
    const fa = new FixAssembler();
    const out = [
      ...fa.push(s("GNRMC,235959.00,A,3114.8902,N,12135.2443,E,0.32,4.94,311224,,,A")),
      ...fa.push(s("GNGGA,235959.00,3114.8902,N,12135.2443,E,1,07,1.1,192.9,M,8.3,M,,")),
      ...fa.push(s("GNGSA,A,3,02,03,04,,,,,,,,,,2.1,1.1,1.8,4")),
      ...fa.push(s("GNGST,235959.00,1.2,0.5,0.4,30,0.45,0.48,0.9")),
      ...fa.push(s("GNGGA,000000.00,3114.8903,N,12135.2444,E,1,07,1.1,193.0,M,8.3,M,,")),
      ...fa.push(s("GNGGA,000001.00,3114.8904,N,12135.2445,E,0,00,,,M,,M,,")),
      ...fa.finish(),
    ];
    expect(out.map((f) => f.time && formatCalendar(f.time, 2))).toEqual([
      "2024/12/31 23:59:59.00",
      "2025/01/01 00:00:00.00",
      "2025/01/01 00:00:01.00",
    ]);
    expect(out[0].sentences).toEqual(["RMC", "GGA", "GSA", "GST"]);
    expect([out[0].mode, out[0].pdop, out[0].altMsl_m, out[0].latSigma_m]).toEqual([3, 2.1, 192.9, 0.45]);
    expect(out[0].altHae_m).toBeCloseTo(201.2, 9);
    expect(out[0].used).toEqual(["C02", "C03", "C04"]);
    expect(out[1].mode).toBe(3); // GGA with altitude and 7 satellites, no GSA
    expect(out[2].mode).toBe(1); // quality 0
  });

  it("takes no date from an invalid RMC", () => {
    const fa = new FixAssembler();
    fa.push(s("GNRMC,074150.799,V,,,,,,,250215,,,N"));
    expect(fa.current()?.time).toBeUndefined();
    expect(fa.current()?.mode).toBe(1);
  });
});
