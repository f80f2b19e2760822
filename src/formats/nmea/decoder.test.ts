// NMEA fixes from the mixed ZED-F9R log against the same receiver's UBX NAV-PVT (u-blox interface
// description: NAV-PVT payload, 92 bytes) at each epoch: an independent encoding of the same solution.

import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dataPath } from "../../../test/support/real-data.js";
import { diffSeconds, fromCalendar } from "../../time/instant.js";
import { MixedStreamSplitter } from "../mixed/splitter.js";
import { NmeaDecoder } from "./decoder.js";
import type { NmeaFix } from "./fix-assembler.js";

const F9R = dataPath("rtcm3-bds-streams/gpsd_ublox-zed-f9r.log");

interface Pvt {
  utc: ReturnType<typeof fromCalendar>;
  lat_deg: number;
  lon_deg: number;
  height_m: number;
  hMsl_m: number;
  gSpeed_mps: number;
  pdop: number;
  numSv: number;
}

function navPvt(b: Uint8Array): Pvt {
  const p = new DataView(b.buffer, b.byteOffset + 6, 92);
  const nano = p.getInt32(16, true);
  return {
    utc: fromCalendar("UTC", {
      year: p.getUint16(4, true),
      month: p.getUint8(6),
      day: p.getUint8(7),
      hour: p.getUint8(8),
      minute: p.getUint8(9),
      second: p.getUint8(10) + nano * 1e-9,
    }),
    lon_deg: p.getInt32(24, true) * 1e-7,
    lat_deg: p.getInt32(28, true) * 1e-7,
    height_m: p.getInt32(32, true) * 1e-3,
    hMsl_m: p.getInt32(36, true) * 1e-3,
    gSpeed_mps: p.getInt32(60, true) * 1e-3,
    numSv: p.getUint8(23),
    pdop: p.getUint16(76, true) * 0.01,
  };
}

describe.skipIf(!existsSync(F9R))("NmeaDecoder on the mixed ZED-F9R log, against its UBX NAV-PVT", () => {
  it("30 epochs; time, position, heights, speed, PDOP agree with NAV-PVT to the NMEA resolution", () => {
    const sp = new MixedStreamSplitter();
    const dec = new NmeaDecoder({ file: "gpsd_ublox-zed-f9r.log" });
    const frames = [...sp.push(new Uint8Array(readFileSync(F9R))), ...sp.finish()];
    const pvts: Pvt[] = [];
    const fixes: NmeaFix[] = [];
    for (const f of frames) {
      if (f.protocol === "ubx" && f.bytes[2] === 0x01 && f.bytes[3] === 0x07) pvts.push(navPvt(f.bytes));
      fixes.push(...dec.pushFrame(f).fixes);
    }
    fixes.push(...dec.finish().fixes);
    expect(dec.issues).toEqual([]);
    expect(fixes.length).toBe(30);
    expect(pvts.length).toBe(30);
    const worst = { lat: 0, h: 0, v: 0, t: 0 };
    for (const fx of fixes) {
      expect(fx.time).toBeDefined();
      if (!fx.time) continue;
      const t = fx.time;
      const pvt = pvts.find((p) => Math.abs(diffSeconds(p.utc, t)) < 0.005);
      expect(pvt, `NAV-PVT at ${fx.timeOfDay_s}`).toBeDefined();
      if (!pvt) continue;
      worst.t = Math.max(worst.t, Math.abs(diffSeconds(pvt.utc, t)));
      // NMEA: 5 decimals of arc minute (8.3e-8 deg); NAV-PVT: 1e-7 deg
      const dl = Math.max(Math.abs(fx.lat_deg - pvt.lat_deg), Math.abs(fx.lon_deg - pvt.lon_deg));
      worst.lat = Math.max(worst.lat, dl);
      expect(dl).toBeLessThan(1.9e-7);
      // NMEA altitude and geoid separation have 1 decimal each
      const dh = Math.max(Math.abs(fx.altMsl_m - pvt.hMsl_m), Math.abs(fx.altHae_m - pvt.height_m));
      worst.h = Math.max(worst.h, dh);
      expect(dh).toBeLessThan(0.1 + 1e-9);
      // speed: 3 decimals of a knot
      const dv = Math.abs(fx.speed_mps - pvt.gSpeed_mps);
      worst.v = Math.max(worst.v, dv);
      expect(dv).toBeLessThan(0.0005 * (1852 / 3600) + 0.0005 + 1e-9);
      expect(Math.abs(fx.pdop - pvt.pdop)).toBeLessThan(0.006);
      expect(fx.mode).toBe(3);
      expect(fx.quality).toBeGreaterThan(0);
      expect(Number.isFinite(fx.latSigma_m)).toBe(true);
      expect(fx.used.filter((s) => s.startsWith("C")).length).toBeGreaterThan(3);
    }
    const sky = dec.sky.satellites();
    expect(sky.some((s) => s.sat?.startsWith("C") && s.signal?.name === "B1I")).toBe(true);
    expect(sky.some((s) => s.sat?.startsWith("C") && s.signal?.name === "B2I")).toBe(true);
    console.log(
      `F9R NMEA vs NAV-PVT, 30 epochs: worst time ${worst.t.toExponential(1)} s, lat/lon ${worst.lat.toExponential(2)} deg, ` +
        `heights ${worst.h.toFixed(3)} m, speed ${worst.v.toFixed(4)} m/s; sky view ${sky.length} satellite-signals`,
    );
  });
});
