// NTRIP protocol pieces without sockets: chunked transfer decoding, message heads (checked against what
// RTKLIB 2.4.3's str2str really sends and answers, captured on loopback), sourcetables, endpoints, GGA,
// the bounded queue, and the epoch times used to replay logs (checked against RTKLIB's RINEX of the log).

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ChunkedDecodeError, ChunkedDecoder, encodeChunk } from "../src/streams/ntrip/chunked-decoder.js";
import { ggaSentence } from "../src/streams/ntrip/gga.js";
import { parseBasicAuth, parseRequestHead, parseResponseHead } from "../src/streams/ntrip/message-head.js";
import { formatStreamRecord, parseSourcetable } from "../src/streams/ntrip/sourcetable.js";
import { nmeaChecksum } from "../src/streams/sinks/nmea.js";
import { BoundedByteQueue } from "../src/streams/sources/byte-queue.js";
import { parseEndpoint } from "../src/streams/sources/endpoint.js";
import { frameTimeOfWeek_s } from "../src/streams/sources/frame-time.js";
import { DATA, F9R_LOG, HAVE_F9R, scanRtcmFrames } from "./streams-support.js";

const te = new TextEncoder();
const td = new TextDecoder("latin1");

function splitAt(buf: Uint8Array, cuts: number[]): Uint8Array[] {
  const pts = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of pts) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

describe("chunked transfer decoding (RFC 9112 §7.1)", () => {
  it("decodes the textbook example", () => {
    // the example of the Wikipedia article "Chunked transfer encoding"
    const wire = "4\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n";
    const d = new ChunkedDecoder();
    const text = d
      .push(te.encode(wire))
      .map((p) => td.decode(p))
      .join("");
    expect(text).toBe("Wikipedia in \r\n\r\nchunks.");
    expect(d.done).toBe(true);
  });

  it("skips chunk extensions and trailers", () => {
    const d = new ChunkedDecoder();
    const out = d.push(te.encode("3;name=value\r\nabc\r\n0\r\nExpires: never\r\n\r\nXY"));
    expect(out.map((p) => td.decode(p)).join("")).toBe("abc");
    expect(d.done).toBe(true);
    expect(d.extra).toBe(2);
  });

  fcTest.prop([
    fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 20 }),
    fc.array(fc.nat(), { maxLength: 30 }),
  ])("any split of the wire gives the same payload", (payloads, cuts) => {
    const wire = Buffer.concat([...payloads.map(encodeChunk), te.encode("0\r\n\r\n")]);
    const d = new ChunkedDecoder();
    const got = Buffer.concat(splitAt(wire, cuts).flatMap((p) => d.push(p)));
    expect(got.equals(Buffer.concat(payloads))).toBe(true);
    expect(d.done).toBe(true);
  });

  fcTest.prop([fc.uint8Array({ maxLength: 500 })])(
    "random bytes: payload or a ChunkedDecodeError, nothing else",
    (b) => {
      const d = new ChunkedDecoder();
      try {
        d.push(b);
      } catch (e) {
        expect(e).toBeInstanceOf(ChunkedDecodeError);
      }
    },
  );
});

describe("NTRIP message heads", () => {
  it("reads str2str's client request and server push (captured from RTKLIB 2.4.3 b34)", () => {
    const get = parseRequestHead(
      te.encode("GET /MNT HTTP/1.0\r\nUser-Agent: NTRIP RTKLIB/2.4.3\r\nAuthorization: Basic dTpw\r\n\r\n"),
    );
    expect(get.kind).toBe("head");
    if (get.kind !== "head") return;
    expect(get.head.method).toBe("GET");
    expect(get.head.mount).toBe("MNT");
    expect(get.head.ntripVersion).toBe(1);
    expect(parseBasicAuth(get.head.headers.get("authorization"))).toEqual(["u", "p"]);

    const source = parseRequestHead(
      te.encode("SOURCE pw MNT\r\nSource-Agent: NTRIP RTKLIB/2.4.3\r\nSTR: \r\n\r\nDATA"),
    );
    expect(source.kind).toBe("head");
    if (source.kind !== "head") return;
    expect(source.head.method).toBe("SOURCE");
    expect(source.head.mount).toBe("MNT");
    expect(source.head.sourcePassword).toBe("pw");
    expect(
      td.decode(
        te
          .encode("SOURCE pw MNT\r\nSource-Agent: NTRIP RTKLIB/2.4.3\r\nSTR: \r\n\r\nDATA")
          .subarray(source.bodyStart),
      ),
    ).toBe("DATA");
  });

  it("reads NTRIP 2.0 requests and waits for a complete head", () => {
    const text =
      "GET /BASE1 HTTP/1.1\r\nHost: x:2101\r\nNtrip-Version: Ntrip/2.0\r\nUser-Agent: NTRIP t\r\n\r\n";
    for (let n = 0; n < text.length; n++)
      expect(parseRequestHead(te.encode(text.slice(0, n))).kind).toBe("incomplete");
    const r = parseRequestHead(te.encode(text));
    expect(r.kind === "head" && r.head.ntripVersion === 2 && r.head.mount === "BASE1").toBe(true);
  });

  it("reads str2str's answers: ICY and its sourcetable (captured from RTKLIB 2.4.3 b34)", () => {
    const icy = te.encode("ICY 200 OK\r\n\xd3\x00\x13");
    const r = parseResponseHead(icy);
    expect(
      r.kind === "head" && r.head.protocol === "ICY" && r.head.status === 200 && r.bodyStart === 12,
    ).toBe(true);
    const st =
      "SOURCETABLE 200 OK\r\nServer: RTKLIB 2.4.3 b34\r\nDate: 2026/11/29 13:04:04 UTC\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 26\r\n\r\nSTR;MNT;\r\nENDSOURCETABLE\r\n";
    const s = parseResponseHead(te.encode(st));
    expect(s.kind).toBe("head");
    if (s.kind !== "head") return;
    expect(s.head.protocol).toBe("SOURCETABLE");
    expect(s.head.headers.get("content-length")).toBe("26");
    const body = st.slice(s.bodyStart);
    expect(body.length).toBe(26);
    const table = parseSourcetable(body);
    expect(table.complete).toBe(true);
    expect(table.streams.map((x) => x.mount)).toEqual(["MNT"]);
  });

  it("treats a bare error line of an NTRIP 1.0 caster as an error answer", () => {
    const r = parseResponseHead(te.encode("ERROR - Bad Password\r\n"));
    expect(r.kind === "head" && r.head.protocol === "ERROR").toBe(true);
  });
});

describe("sourcetable", () => {
  it("parses STR/CAS/NET records of the NTRIP 2.0 layout", () => {
    const text = [
      "CAS;rtk2go.example;2101;EX;Operator;0;DEU;50.09;8.66;0.0.0.0;0;http://example/home",
      "NET;EXNET;Operator;B;N;http://net;http://str;http://reg;none",
      "STR;ACOR00ESP0;A Coruna;RTCM 3.3;1006(10),1077(1),1127(1);2;GPS+GLO+GAL+BDS;IGS;ESP;43.36;351.60;0;0;LEICA GR50;none;B;N;15200;misc;with;semicolons",
      "STR;VRS_BDS;Network;RTCM 3.2;1074(1),1124(1);2;GPS+BDS;EXNET;CHN;30.00;114.00;1;1;Trimble;none;B;Y;9600;",
      "ENDSOURCETABLE",
    ].join("\r\n");
    const t = parseSourcetable(text);
    expect(t.complete).toBe(true);
    expect(t.casters[0]).toMatchObject({ host: "rtk2go.example", port: 2101, lat_deg: 50.09, lon_deg: 8.66 });
    expect(t.networks[0]).toMatchObject({ identifier: "EXNET", authentication: "B", fee: false });
    expect(t.streams[0]).toMatchObject({
      mount: "ACOR00ESP0",
      format: "RTCM 3.3",
      carrier: 2,
      navSystem: "GPS+GLO+GAL+BDS",
      lat_deg: 43.36,
      lon_deg: 351.6,
      nmea: false,
      bitrate_bps: 15200,
      misc: "misc;with;semicolons",
    });
    expect(t.streams[1]).toMatchObject({ mount: "VRS_BDS", nmea: true, solution: 1, fee: true });
  });

  it("formats records that parse back", () => {
    const line = formatStreamRecord({
      mount: "F9R",
      formatDetails: "1042(1)",
      lat_deg: 45.07,
      lon_deg: 7.66,
      nmea: true,
    });
    const s = parseSourcetable(`${line}\r\nENDSOURCETABLE\r\n`).streams[0];
    expect(s).toMatchObject({
      mount: "F9R",
      formatDetails: "1042(1)",
      lat_deg: 45.07,
      lon_deg: 7.66,
      nmea: true,
    });
  });
});

describe("endpoints", () => {
  it("parses every kind", () => {
    expect(parseEndpoint("file:/tmp/x.log?rate=realtime")).toMatchObject({
      kind: "file",
      path: "/tmp/x.log",
      realtime: true,
    });
    expect(parseEndpoint("file:x.log,rate=9600,loop")).toMatchObject({
      kind: "file",
      path: "x.log,rate=9600,loop",
    });
    expect(parseEndpoint("file:x.log?rate=9600&loop")).toMatchObject({
      kind: "file",
      rate_Bps: 9600,
      loop: true,
    });
    expect(parseEndpoint("tcp://127.0.0.1:5000")).toEqual({ kind: "tcp", host: "127.0.0.1", port: 5000 });
    expect(parseEndpoint("tcpserver://:5001")).toEqual({ kind: "tcpserver", host: undefined, port: 5001 });
    expect(parseEndpoint("serial:///dev/ttyACM0?baud=38400")).toEqual({
      kind: "serial",
      path: "/dev/ttyACM0",
      baud: 38400,
    });
    expect(
      parseEndpoint("ntrip://me:p%40ss@caster.example:2102/MOUNT1?version=1&gga=5&pos=45.1,7.6,250"),
    ).toEqual({
      kind: "ntrip",
      host: "caster.example",
      port: 2102,
      mount: "MOUNT1",
      user: "me",
      password: "p@ss",
      version: 1,
      ggaInterval_s: 5,
      ggaPosition: [45.1, 7.6, 250],
    });
    expect(parseEndpoint("ntrip://caster.example/M")).toMatchObject({
      port: 2101,
      version: 2,
      ggaInterval_s: 0,
    });
    expect(parseEndpoint("-")).toEqual({ kind: "stdio" });
  });

  it("refuses bad ones with one clear line", () => {
    for (const bad of [
      "x",
      "tcp://host",
      "tcp://h:99999",
      "ntrip://h:2101/M?version=3",
      "ntrips://h:2101/",
      "bogus://x",
      "file:",
    ]) {
      expect(() => parseEndpoint(bad)).toThrowError(/'.*':/);
    }
  });
});

describe("GGA for network mountpoints", () => {
  it("uses the NMEA checksum a real receiver computes", () => {
    // a sentence from the F9R log (gpsd_ublox-zed-f9r.log), checksum written by the receiver
    const real = "$GNGGA,231408.00,4503.94632,N,00739.54368,E,5,12,0.82,257.4,M,47.2,M,0.0,0041*64";
    expect(nmeaChecksum(real.slice(1, real.indexOf("*")))).toBe("64");
  });

  fcTest.prop([
    fc.double({ min: -89.9999, max: 89.9999, noNaN: true }),
    fc.double({ min: -179.9999, max: 179.9999, noNaN: true }),
  ])("latitude and longitude come back within 1e-7 deg (2 cm)", (lat, lon) => {
    const s = ggaSentence(lat, lon, 123.456, { time: new Date(Date.UTC(2025, 3, 11, 23, 14, 8, 500)) });
    const m =
      /^\$GPGGA,(\d{6}\.\d\d),(\d\d)(\d\d\.\d+),([NS]),(\d{3})(\d\d\.\d+),([EW]),1,\d\d,[\d.]+,([-\d.]+),M,.*\*([0-9A-F]{2})\r\n$/.exec(
        s,
      );
    expect(m).not.toBeNull();
    if (!m) return;
    expect(m[1]).toBe("231408.50");
    const la = (Number(m[2]) + Number(m[3]) / 60) * (m[4] === "S" ? -1 : 1);
    const lo = (Number(m[5]) + Number(m[6]) / 60) * (m[7] === "W" ? -1 : 1);
    expect(Math.abs(la - lat)).toBeLessThan(1e-7);
    expect(Math.abs(lo - lon)).toBeLessThan(1e-7);
    expect(m[9]).toBe(nmeaChecksum(s.slice(1, s.indexOf("*"))));
  });
});

describe("bounded byte queue", () => {
  fcTest.prop([
    fc.array(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.constant(0)), { maxLength: 200 }),
    fc.integer({ min: 1, max: 20000 }),
  ])("never holds more than its capacity; kept + dropped = offered; order kept", (ops, cap) => {
    const q = new BoundedByteQueue(cap);
    let offered = 0;
    let taken = 0;
    let seq = 0;
    let lastSeen = -1;
    for (const n of ops) {
      if (n === 0) {
        const c = q.take();
        if (c) {
          taken += c.length;
          expect(c[0] * 256 + c[1]).toBeGreaterThan(lastSeen);
          lastSeen = c[0] * 256 + c[1];
        }
      } else {
        const c = new Uint8Array(Math.max(2, n));
        c[0] = (seq >> 8) & 255;
        c[1] = seq & 255;
        seq++;
        offered += c.length;
        q.offer(c);
      }
      expect(q.length_bytes).toBeLessThanOrEqual(cap);
    }
    expect(taken + q.length_bytes + q.dropped_bytes).toBe(offered);
  });
});

describe.skipIf(!HAVE_F9R)("epoch times for real-time replay (F9R log vs RTKLIB's RINEX of it)", () => {
  it("MSM times of every system land on the RINEX epochs", () => {
    const bytes = new Uint8Array(readFileSync(F9R_LOG));
    const obs = readFileSync(
      resolve(DATA, "rtcm3-bds-streams/rtklib-reference/gpsd_ublox-zed-f9r.obs"),
      "latin1",
    );
    // RINEX epochs (GPST) -> GPS seconds of week (2025-04-11 is a Friday: day 5 of the GPS week)
    const epochs = new Set(
      [...obs.matchAll(/^> 2025 04 11 (\d\d) (\d\d) ([\d.]+)/gm)].map(
        (m) => 5 * 86400 + +m[1] * 3600 + +m[2] * 60 + Math.round(+m[3]),
      ),
    );
    expect(epochs.size).toBe(30);
    const msm = scanRtcmFrames(bytes).filter((f) => [1075, 1085, 1095, 1125].includes(f.type));
    const timed = new Map<number, number>();
    for (const f of msm) {
      const frame = { protocol: "rtcm3" as const, offset: f.offset, bytes: Buffer.from(f.hex, "hex") };
      const t = frameTimeOfWeek_s(frame);
      expect(t).toBeDefined();
      expect(epochs.has(t as number)).toBe(true);
      timed.set(t as number, (timed.get(t as number) ?? 0) + 1);
    }
    // GPS, GLONASS (UTC(SU) - 3 h + 18 s), Galileo and BDS (BDT + 14 s) messages of one epoch agree: 4 per epoch
    expect([...timed.values()].every((n) => n === 4)).toBe(true);
    expect(timed.size).toBe(30);
  });
});
