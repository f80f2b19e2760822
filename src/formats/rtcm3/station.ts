// Reference-station messages, RTCM 10403.3 §3.5.3 and §3.5.4: 1005/1006 antenna reference point (Tables
// 3.5-9/3.5-10; DF025-DF027 38-bit ECEF in 0.1 mm, DF028 antenna height in 0.1 mm), 1007/1008 antenna
// descriptor and serial number (Tables 3.5-11/3.5-12), 1033 receiver and antenna descriptors
// (Table 3.5-115), and 1013 system parameters (Table 3.5-6).

import { type Ecef, ecef } from "../../frames/vectors.js";
import { type BitWriter, getBitsSLong, getBitsU } from "./bit-fields.js";

export interface StationArpMessage {
  readonly kind: "station-arp";
  readonly type: 1005 | 1006;
  readonly stationId: number;
  /** DF021 ITRF realisation year (0 when not given). */
  readonly itrfYear: number;
  /** DF022-DF024: the station provides GPS, GLONASS, Galileo observations. */
  readonly gps: boolean;
  readonly glonass: boolean;
  readonly galileo: boolean;
  /** DF141: 0 real, 1 non-physical (virtual) reference station. */
  readonly referenceStation: number;
  /** DF142 single receiver oscillator; DF364 quarter-cycle indicator. */
  readonly singleOscillator: boolean;
  readonly quarterCycle: number;
  /** Antenna reference point, ECEF (m), to 0.1 mm. */
  readonly arp: Ecef;
  /** 1006: antenna height above the marker (m); 0 for 1005. */
  readonly antennaHeight_m: number;
}

export interface AntennaMessage {
  readonly kind: "antenna";
  readonly type: 1007 | 1008;
  readonly stationId: number;
  readonly antennaDescriptor: string;
  readonly antennaSetupId: number;
  /** 1008 only ("" for 1007). */
  readonly antennaSerial: string;
}

export interface ReceiverMessage {
  readonly kind: "receiver";
  readonly type: 1033;
  readonly stationId: number;
  readonly antennaDescriptor: string;
  readonly antennaSetupId: number;
  readonly antennaSerial: string;
  readonly receiverType: string;
  readonly firmwareVersion: string;
  readonly receiverSerial: string;
}

export interface SystemParametersMessage {
  readonly kind: "system-parameters";
  readonly type: 1013;
  readonly stationId: number;
  /** DF051 modified Julian day and DF052 seconds of day (UTC). */
  readonly mjd: number;
  readonly secondsOfDay: number;
  /** DF054 leap seconds GPS-UTC. */
  readonly leapSeconds: number;
  /** DF055-DF057: announced messages with their synchronous flag and interval (s). */
  readonly messages: readonly {
    readonly type: number;
    readonly synchronous: boolean;
    readonly interval_s: number;
  }[];
}

/** Decodes 1005 or 1006; `buf` starts at the preamble. */
export function decodeStationArp(
  buf: Uint8Array,
  lenBytes: number,
  type: 1005 | 1006,
): StationArpMessage | string {
  const need = type === 1005 ? 152 : 168;
  if (lenBytes * 8 < need) return `message of ${lenBytes} bytes shorter than ${need} bits`;
  let i = 36;
  const stationId = getBitsU(buf, i, 12);
  i += 12;
  const itrfYear = getBitsU(buf, i, 6);
  const gps = getBitsU(buf, i + 6, 1) === 1;
  const glonass = getBitsU(buf, i + 7, 1) === 1;
  const galileo = getBitsU(buf, i + 8, 1) === 1;
  const referenceStation = getBitsU(buf, i + 9, 1);
  i += 10;
  const x = getBitsSLong(buf, i, 38);
  i += 38;
  const singleOscillator = getBitsU(buf, i, 1) === 1;
  i += 2; // DF142, reserved
  const y = getBitsSLong(buf, i, 38);
  i += 38;
  const quarterCycle = getBitsU(buf, i, 2);
  i += 2;
  const z = getBitsSLong(buf, i, 38);
  i += 38;
  const antennaHeight_m = type === 1006 ? getBitsU(buf, i, 16) * 1e-4 : 0;
  return {
    kind: "station-arp",
    type,
    stationId,
    itrfYear,
    gps,
    glonass,
    galileo,
    referenceStation,
    singleOscillator,
    quarterCycle,
    arp: ecef(x * 1e-4, y * 1e-4, z * 1e-4),
    antennaHeight_m,
  };
}

/** Writes 1005/1006 after DF002. */
export function writeStationArp(w: BitWriter, m: Omit<StationArpMessage, "kind">): void {
  w.u(m.stationId, 12)
    .u(m.itrfYear, 6)
    .u(m.gps ? 1 : 0, 1)
    .u(m.glonass ? 1 : 0, 1)
    .u(m.galileo ? 1 : 0, 1)
    .u(m.referenceStation, 1)
    .s(Math.round(m.arp[0] * 1e4), 38)
    .u(m.singleOscillator ? 1 : 0, 1)
    .u(0, 1)
    .s(Math.round(m.arp[1] * 1e4), 38)
    .u(m.quarterCycle, 2)
    .s(Math.round(m.arp[2] * 1e4), 38);
  if (m.type === 1006) w.u(Math.round(m.antennaHeight_m * 1e4), 16);
}

/** Reads a counted string (8-bit count then ISO 8859-1 characters); undefined when it runs past the end. */
function readString(
  buf: Uint8Array,
  pos: number,
  endBit: number,
): { text: string; next: number } | undefined {
  if (pos + 8 > endBit) return undefined;
  const n = getBitsU(buf, pos, 8);
  let p = pos + 8;
  if (p + 8 * n > endBit) return undefined;
  let text = "";
  for (let k = 0; k < n; k++, p += 8) text += String.fromCharCode(getBitsU(buf, p, 8));
  return { text, next: p };
}

/** Decodes 1007, 1008 or 1033. */
export function decodeDescriptors(
  buf: Uint8Array,
  lenBytes: number,
  type: 1007 | 1008 | 1033,
): AntennaMessage | ReceiverMessage | string {
  const endBit = 24 + lenBytes * 8;
  const short = "message shorter than its strings";
  if (48 > endBit) return short;
  const stationId = getBitsU(buf, 36, 12);
  const des = readString(buf, 48, endBit);
  if (!des || des.next + 8 > endBit) return short;
  const antennaSetupId = getBitsU(buf, des.next, 8);
  if (type === 1007)
    return {
      kind: "antenna",
      type,
      stationId,
      antennaDescriptor: des.text,
      antennaSetupId,
      antennaSerial: "",
    };
  const sno = readString(buf, des.next + 8, endBit);
  if (!sno) return short;
  if (type === 1008) {
    return {
      kind: "antenna",
      type,
      stationId,
      antennaDescriptor: des.text,
      antennaSetupId,
      antennaSerial: sno.text,
    };
  }
  const rec = readString(buf, sno.next, endBit);
  const ver = rec && readString(buf, rec.next, endBit);
  const rsn = ver && readString(buf, ver.next, endBit);
  if (!rec || !ver || !rsn) return short;
  return {
    kind: "receiver",
    type,
    stationId,
    antennaDescriptor: des.text,
    antennaSetupId,
    antennaSerial: sno.text,
    receiverType: rec.text,
    firmwareVersion: ver.text,
    receiverSerial: rsn.text,
  };
}

/** Decodes 1013. */
export function decodeSystemParameters(buf: Uint8Array, lenBytes: number): SystemParametersMessage | string {
  const endBit = 24 + lenBytes * 8;
  if (36 + 58 > endBit) return "message shorter than the 1013 header";
  let i = 36;
  const stationId = getBitsU(buf, i, 12);
  const mjd = getBitsU(buf, i + 12, 16);
  const secondsOfDay = getBitsU(buf, i + 28, 17);
  const n = getBitsU(buf, i + 45, 5);
  const leapSeconds = getBitsU(buf, i + 50, 8);
  i += 58;
  if (i + n * 29 > endBit) return `message shorter than its ${n} announcements`;
  const messages: { type: number; synchronous: boolean; interval_s: number }[] = [];
  for (let k = 0; k < n; k++, i += 29) {
    messages.push({
      type: getBitsU(buf, i, 12),
      synchronous: getBitsU(buf, i + 12, 1) === 1,
      interval_s: getBitsU(buf, i + 13, 16) * 0.1,
    });
  }
  return { kind: "system-parameters", type: 1013, stationId, mjd, secondsOfDay, leapSeconds, messages };
}
