import { existsSync, readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataPath } from "../../../test/support/real-data.js";
import { ecefToGeodetic, geodeticToEcef } from "../../frames/geodetic.js";
import { DEG } from "../../frames/vectors.js";
import type { SatelliteResult, Solution } from "../../positioning/solution.js";
import { nmeaSentences } from "../../streams/sinks/nmea.js";
import { formatCalendar, fromCalendar, toScale } from "../../time/instant.js";
import { FixAssembler } from "./fix-assembler.js";
import { NmeaFramer } from "./framer.js";
import { parseNmea } from "./parse.js";
import { nmeaSatId } from "./satellite-numbers.js";
import type { NmeaSentence } from "./sentences.js";
import { SkyView } from "./sky-view.js";

function as<T extends NmeaSentence["type"]>(s: NmeaSentence, type: T): Extract<NmeaSentence, { type: T }> {
  expect(s.type).toBe(type);
  return s as Extract<NmeaSentence, { type: T }>;
}

describe("parseNmea: published examples", () => {
  // The classic examples of the NMEA 0183 literature (gpsd's NMEA.html, Bennett's reference), checksums included
  it("GGA $GPGGA,123519,4807.038,N,01131.000,E,...*47", () => {
    const s = as(parseNmea("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"), "GGA");
    expect(s.talker).toBe("GP");
    expect(s.talkerSystem).toBe("G");
    expect(s.timeOfDay_s).toBe(12 * 3600 + 35 * 60 + 19);
    expect(s.lat_deg).toBeCloseTo(48 + 7.038 / 60, 12);
    expect(s.lon_deg).toBeCloseTo(11 + 31 / 60, 12);
    expect([s.quality, s.numSats, s.hdop, s.altMsl_m, s.geoidSep_m]).toEqual([1, 8, 0.9, 545.4, 46.9]);
    expect(Number.isNaN(s.dgpsAge_s)).toBe(true);
    expect(s.issues).toEqual([]);
  });

  it("RMC $GPRMC,123519,A,...,230394,003.1,W*6A", () => {
    const s = as(parseNmea("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A"), "RMC");
    expect(s.status).toBe("A");
    expect(s.speed_mps).toBeCloseTo((22.4 * 1852) / 3600, 12);
    expect(s.course_deg).toBe(84.4);
    expect(s.date).toEqual({ year: 1994, month: 3, day: 23 });
    expect(s.magVar_deg).toBe(-3.1);
    expect(s.time && formatCalendar(s.time, 3)).toBe("1994/03/23 12:35:19.000");
    expect(s.time?.scale).toBe("UTC");
  });

  it("GSA with the NMEA 4.10 system id (u-blox 9, from gpsd's driver comments)", () => {
    const s = as(parseNmea("$GNGSA,A,3,13,12,22,19,08,21,,,,,,,1.05,0.64,0.83,4*0B"), "GSA");
    expect(s.systemId).toBe(4);
    expect(s.system).toBe("C");
    expect(s.sats).toEqual(["C13", "C12", "C22", "C19", "C08", "C21"]);
    expect([s.fixType, s.pdop, s.hdop, s.vdop]).toEqual([3, 1.05, 0.64, 0.83]);
    // without the id the same numbers are GPS
    const g = as(parseNmea("$GNGSA,A,3,13,16,21,15,10,29,27,20,,,,,1.05,0.64,0.83,1*03"), "GSA");
    expect(g.sats[0]).toBe("G13");
  });

  it("GSV with and without the signal id; BeiDou talkers BD and GB", () => {
    const bd = as(parseNmea("$BDGSV,2,1,07,01,00,000,45,02,13,089,35,03,00,000,37,04,00,000,42*6E"), "GSV");
    expect(bd.talkerSystem).toBe("C");
    expect(bd.sats.map((x) => x.sat)).toEqual(["C01", "C02", "C03", "C04"]);
    expect(bd.sats[1]).toEqual({ prn: 2, sat: "C02", el_deg: 13, az_deg: 89, cn0_dbhz: 35 });
    expect(Number.isNaN(bd.signalId)).toBe(true);
    const ga = as(parseNmea("$GAGSV,3,1,09,02,00,179,,04,09,321,,07,11,134,11,11,10,227,,7*7F"), "GSV");
    expect(ga.signalId).toBe(7);
    expect(ga.signal?.name).toBe("E1-BC");
    expect(Number.isNaN(ga.sats[0].cn0_dbhz)).toBe(true);
    expect(ga.sats.map((x) => x.sat)).toEqual(["E02", "E04", "E07", "E11"]);
  });

  it("GST, ZDA, VTG, GLL, GNS from the u-blox NEO-M9N and SiRF-TriG logs", () => {
    const gst = as(parseNmea("$GNGST,223745.00,228650,2.5,2.4,126,0.98,1.0,3.1*41"), "GST");
    expect([gst.rangeRms_m, gst.semiMajor_m, gst.semiMinor_m, gst.orientation_deg]).toEqual([
      228650, 2.5, 2.4, 126,
    ]);
    expect([gst.latSigma_m, gst.lonSigma_m, gst.altSigma_m]).toEqual([0.98, 1.0, 3.1]);
    const zda = as(parseNmea("$GNZDA,223745.00,11,07,2020,00,00*7A"), "ZDA");
    expect(zda.time && formatCalendar(zda.time, 2)).toBe("2020/07/11 22:37:45.00");
    const vtg = as(parseNmea("$GNVTG,,T,,M,0.040,N,0.075,K,D*3E"), "VTG");
    expect(vtg.speed_mps).toBeCloseTo((0.04 * 1852) / 3600, 12);
    expect(vtg.mode).toBe("D");
    const gll = as(parseNmea("$GNGLL,3806.62964,N,12237.61382,W,223745.00,A,D*6C"), "GLL");
    expect(gll.lon_deg).toBeCloseTo(-(122 + 37.61382 / 60), 12);
    const gns = as(
      parseNmea("$GNGNS,074156.799,3114.8950,N,12135.2442,E,ANNA,07,1.1,190.7,8.3,,0000*5A"),
      "GNS",
    );
    expect(gns.modes).toBe("ANNA");
    expect([gns.numSats, gns.hdop, gns.altMsl_m, gns.geoidSep_m, gns.dgpsStation]).toEqual([
      7, 1.1, 190.7, 8.3, 0,
    ]);
  });

  it("Unicore second-antenna variants ($GNGGAH) decode as GGA for the secondary antenna", () => {
    const s = as(
      parseNmea("$GNGGAH,073346.00,4004.73874301,N,11614.19077585,E,1,28,0.6,64.2831,M,8.4925,M,,*35"),
      "GGA",
    );
    expect(s.antenna).toBe("secondary");
    expect(s.lat_deg).toBeCloseTo(40 + 4.73874301 / 60, 12);
  });
});

describe("parseNmea: satellite numbering (gpsd nmeaid_to_prn conventions)", () => {
  it("maps every BDS convention to C01..C63", () => {
    expect(nmeaSatId(1, "C")).toBe("C01");
    expect(nmeaSatId(63, "C")).toBe("C63");
    expect(nmeaSatId(214, "C")).toBe("C14"); // Skytraq $BDGSV,...,214
    expect(nmeaSatId(437, "C")).toBe("C37"); // gpsd / u-blox extended
    expect(nmeaSatId(201, undefined)).toBe("C01"); // SiRF $GNGSA,A,3,201
    expect(nmeaSatId(463, undefined)).toBe("C63");
    expect(nmeaSatId(64, "C")).toBeNull();
  });
  it("maps the shared NMEA space: GPS, SBAS, GLONASS, QZSS, Galileo", () => {
    expect(nmeaSatId(32, undefined)).toBe("G32");
    expect(nmeaSatId(44, undefined)).toBe("S31"); // NMEA 44 = PRN 131 (gpsd: gnssid 1 svid 131)
    expect(nmeaSatId(65, undefined)).toBe("R01");
    expect(nmeaSatId(96, "R")).toBe("R32");
    expect(nmeaSatId(193, undefined)).toBe("J01");
    expect(nmeaSatId(2, "J")).toBe("J02");
    expect(nmeaSatId(301, undefined)).toBe("E01");
    expect(nmeaSatId(36, "E")).toBe("E36");
    expect(nmeaSatId(0, undefined)).toBeNull();
    expect(nmeaSatId(99, undefined)).toBeNull();
  });
});

describe("parseNmea: bad input", () => {
  it("reports checksum failures, missing checksums and junk as invalid", () => {
    expect(
      parseNmea("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*48").issues[0].code,
    ).toBe("checksum");
    expect(parseNmea("$GPGGA,123519*").type).toBe("invalid");
    expect(parseNmea("GPGGA,123519*00").type).toBe("invalid");
    expect(parseNmea("").type).toBe("invalid");
    const no = parseNmea("$GPZDA,201530.00,04,07,2002,00,00");
    expect(no.type).toBe("invalid");
    const yes = as(parseNmea("$GPZDA,201530.00,04,07,2002,00,00", { acceptNoChecksum: true }), "ZDA");
    expect(yes.checksummed).toBe(false);
    expect(yes.date).toEqual({ year: 2002, month: 7, day: 4 });
  });

  it("keeps the good fields and lists the bad ones, with the location given", () => {
    const body = "GPGGA,12x519,4807.038,N,01131.000,E,1,08,abc,545.4,M,46.9,M,,";
    let cs = 0;
    for (const c of body) cs ^= c.charCodeAt(0);
    const s = as(
      parseNmea(`$${body}*${cs.toString(16).toUpperCase().padStart(2, "0")}`, {
        at: { file: "x.nmea", line: 7 },
      }),
      "GGA",
    );
    expect(Number.isNaN(s.timeOfDay_s)).toBe(true);
    expect(Number.isNaN(s.hdop)).toBe(true);
    expect(s.altMsl_m).toBe(545.4);
    expect(s.issues.map((i) => [i.code, i.line, i.file])).toEqual([
      ["bad-record", 7, "x.nmea"],
      ["bad-record", 7, "x.nmea"],
    ]);
  });

  it("never throws, whatever the text", () => {
    const nmeaish = fc.stringMatching(/^[$!]?[A-Z]{0,6}(,[-0-9A-Z.]{0,8}){0,25}(\*[0-9A-Fa-f]{0,3})?\r?\n?$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), nmeaish, fc.uint8Array({ maxLength: 120 })), (x) => {
        const s = parseNmea(x);
        expect(typeof s.type).toBe("string");
      }),
      { numRuns: 3000 },
    );
  });

  it("any sentence with a correct checksum decodes to a typed record without throwing", () => {
    const types = ["GGA", "RMC", "GSA", "GSV", "GST", "GNS", "ZDA", "VTG", "GLL"];
    fc.assert(
      fc.property(
        fc.constantFrom("GP", "GB", "BD", "GN", "GA", "GL", "GQ", "GI"),
        fc.constantFrom(...types),
        fc.array(fc.stringMatching(/^[-0-9A-Z.]{0,10}$/), { maxLength: 22 }),
        (talker, type, fields) => {
          const body = [`${talker}${type}`, ...fields].join(",");
          let cs = 0;
          for (const c of body) cs ^= c.charCodeAt(0);
          const s = parseNmea(`$${body}*${cs.toString(16).padStart(2, "0")}`);
          expect(s.type).toBe(type);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

const LOGS_DIR = dataPath("nmea-bds-logs");
describe.skipIf(!existsSync(LOGS_DIR))("every sentence of the BeiDou NMEA logs parses", () => {
  const logs = existsSync(LOGS_DIR) ? readdirSync(LOGS_DIR).filter((f) => f.endsWith(".log")) : [];
  for (const log of logs) {
    it(log, () => {
      const bytes = readFileSync(`${LOGS_DIR}/${log}`);
      const fr = new NmeaFramer();
      const frames = [...fr.push(bytes), ...fr.finish()];
      expect(fr.stats.checksumErrors).toBe(0);
      expect(fr.stats.truncated).toBe(0);
      // independent count: lines of the file that hold a sentence (a `$` after optional blanks)
      const lines = bytes.toString("latin1").split("\n");
      const sentenceLines = lines.filter((l) => /^\s*\$/.test(l));
      expect(frames.length).toBe(sentenceLines.length);
      const byType = new Map<string, number>();
      const issues: string[] = [];
      for (const f of frames) {
        const s = parseNmea(f.bytes, { at: { file: log, byteOffset: f.offset } });
        expect(s.type, Buffer.from(f.bytes).toString()).not.toBe("invalid");
        const key = s.type === "unknown" ? `unknown:${s.formatter}` : s.type;
        byType.set(key, (byType.get(key) ?? 0) + 1);
        for (const i of s.issues) issues.push(`${i.message} @${i.byteOffset}`);
      }
      // per type, the decoded count equals the count of lines with that formatter (H variants included)
      for (const t of ["GGA", "RMC", "GSA", "GSV", "GST", "GNS", "ZDA", "VTG", "GLL"]) {
        const n = sentenceLines.filter((l) => new RegExp(`^\\s*\\$(G[PLABNQI]|BD)${t}H?,`).test(l)).length;
        expect(byType.get(t) ?? 0, `${log} ${t}`).toBe(n);
      }
      // the only field issues: SiRF-TriG's float in GSA field 18 (the log's own header says so)
      for (const i of issues)
        expect(i).toMatch(/^(GP|BD)GSA field 18 \(GNSS system id\): '\d\.\d' is not valid/);
      if (log !== "gpsd_beidou-bd.log") expect(issues).toEqual([]);
      console.log(
        `${log}: ${frames.length} sentences, ${[...byType].map(([k, v]) => `${k} ${v}`).join(", ")}; ${issues.length} field issues; ${fr.stats.garbageBytes} bytes outside sentences (${fr.stats.commentLines} comment lines), ${fr.stats.overlong} longer than 82`,
      );
    });
  }
});

describe("the NMEA writer (src/streams/sinks/nmea.ts) read back", () => {
  const sat = (id: string, used = true): SatelliteResult => ({
    sat: id,
    kind: "MEO",
    codes: ["C2I"],
    az_rad: 1,
    el_rad: 0.5,
    cn0_dbhz: 40,
    residual_m: 0,
    sigma_m: 1,
    iono_m: 0,
    tropo_m: 0,
    used,
  });
  const geo = { lat_rad: 31.2481 * DEG, lon_rad: 121.5874 * DEG, h_m: 201.2 };
  const gpst = toScale(
    fromCalendar("UTC", { year: 2025, month: 4, day: 11, hour: 23, minute: 14, second: 26.5 }),
    "GPST",
  );
  const solution = (sats: SatelliteResult[]): Solution => ({
    epochTime: gpst,
    time: gpst,
    status: "single",
    pos: geodeticToEcef(geo),
    cov_m2: new Float64Array(9),
    clockBias_m: {},
    vel: [1, 2, 0.5],
    dop: { gdop: 2.5, pdop: 2.1, hdop: 1.1, vdop: 1.8 },
    nsUsed: sats.filter((x) => x.used).length,
    satellites: sats,
  });

  /** Every sentence decodes cleanly; the fix assembler and sky view put the epoch back together. */
  function readBack(text: string) {
    const lines = text.trim().split("\r\n");
    const fix = new FixAssembler();
    const sky = new SkyView();
    const types: string[] = [];
    for (const l of lines) {
      const s = parseNmea(l);
      expect(s.type, l).not.toBe("invalid");
      expect(s.issues, l).toEqual([]);
      types.push(s.type);
      fix.push(s);
      sky.push(s);
    }
    const fixes = fix.finish();
    expect(fixes.length).toBe(1);
    return { types, lines, fix: fixes[0], sky: sky.satellites() };
  }

  it("BDS only (GB talker): time, position, satellites used and in view, signals, DOPs", () => {
    const sats = [sat("C01"), sat("C19"), sat("C46"), sat("C59"), sat("C60", false)];
    const { types, lines, fix, sky } = readBack(nmeaSentences(solution(sats)));
    expect(types.slice(0, 3)).toEqual(["GGA", "RMC", "GSA"]);
    expect(lines[0].startsWith("$GBGGA")).toBe(true);
    expect(fix.time && formatCalendar(fix.time, 2)).toBe("2025/04/11 23:14:26.50");
    const g = ecefToGeodetic(geodeticToEcef(geo));
    expect(Math.abs(fix.lat_deg - g.lat_rad / DEG)).toBeLessThan(1e-9);
    expect(Math.abs(fix.lon_deg - g.lon_rad / DEG)).toBeLessThan(1e-9);
    expect(Math.abs(fix.altMsl_m + fix.geoidSep_m - geo.h_m)).toBeLessThan(1e-3);
    expect([fix.numSats, fix.mode, fix.pdop, fix.hdop, fix.vdop]).toEqual([4, 3, 2.1, 1.1, 1.8]);
    expect(fix.used).toEqual(["C01", "C19", "C46", "C59"]);
    expect(fix.speed_mps).toBeGreaterThan(0);
    if (types.includes("GSV")) {
      expect(sky.map((x) => x.sat)).toEqual(["C01", "C19", "C46", "C59", "C60"]);
      for (const x of sky) {
        expect(Math.abs(x.el_deg - 0.5 / DEG)).toBeLessThanOrEqual(0.5);
        expect(x.signal?.name).toBe("B1I");
        expect(x.used).toBe(x.sat !== "C60");
      }
    }
  });

  it("multi-system: GN talker, one GSA per system with its system id", () => {
    const { lines, fix, sky } = readBack(
      nmeaSentences(solution([sat("C03"), sat("G05"), sat("E11"), sat("J02"), sat("R07")])),
    );
    const gsas = lines.map((l) => parseNmea(l)).filter((s) => s.type === "GSA");
    expect(gsas.map((s) => as(s, "GSA").sats)).toEqual([["C03"], ["G05"], ["E11"], ["R07"], ["J02"]]);
    expect(gsas.every((s) => s.talker === "GN")).toBe(true);
    expect([...fix.used].sort()).toEqual(["C03", "E11", "G05", "J02", "R07"]);
    if (sky.length > 0) expect(sky.map((x) => x.sat).sort()).toEqual(["C03", "E11", "G05", "J02", "R07"]);
  });
});
