// RTCM 3 frame -> message record (RTCM 10403.3 §3.5), a union keyed by `kind` with the message number in
// `type`. Decoders never throw on the bytes of a frame that passed its CRC: a known message that is too
// short or inconsistent comes back as `{kind: "invalid", type, reason}`, any other as `{kind: "unknown"}`.

import type { Ephemeris } from "../../orbits/ephemeris.js";
import type { Instant } from "../../time/instant.js";
import type { Frame } from "../framing.js";
import { getBitsU } from "./bit-fields.js";
import { BITS_1042, decodeBdsEphemeris } from "./ephemeris-bds.js";
import { BITS_1045, BITS_1046, decodeGalileoEphemeris } from "./ephemeris-galileo.js";
import { BITS_1020, decodeGlonassEphemeris } from "./ephemeris-glonass.js";
import { BITS_1019, BITS_1044, decodeGpsQzssEphemeris } from "./ephemeris-gps.js";
import { decodeGlonassBiases, type GlonassBiasesMessage } from "./glonass-biases.js";
import { decodeMsm, type MsmMessage, type MsmNumber } from "./msm.js";
import { msmKind } from "./msm-signals.js";
import { clockInstant } from "./reference-time.js";
import {
  type AntennaMessage,
  decodeDescriptors,
  decodeStationArp,
  decodeSystemParameters,
  type ReceiverMessage,
  type StationArpMessage,
  type SystemParametersMessage,
} from "./station.js";

export interface EphemerisMessage {
  readonly kind: "ephemeris";
  readonly type: 1019 | 1020 | 1042 | 1044 | 1045 | 1046;
  readonly ephemeris: Ephemeris;
}

export interface UnknownMessage {
  readonly kind: "unknown";
  /** Message number (DF002); -1 when the frame is too short to hold one. */
  readonly type: number;
}

export interface InvalidMessage {
  readonly kind: "invalid";
  readonly type: number;
  readonly reason: string;
}

export type Rtcm3Message =
  | MsmMessage
  | EphemerisMessage
  | StationArpMessage
  | AntennaMessage
  | ReceiverMessage
  | SystemParametersMessage
  | GlonassBiasesMessage
  | UnknownMessage
  | InvalidMessage;

export interface Rtcm3DecodeOptions {
  /**
   * Approximate time of the data, to resolve truncated ephemeris weeks and the GLONASS day (any scale).
   * Default: the system clock. MsmEpochAssembler.reference() gives the best one a stream has shown.
   */
  readonly reference?: Instant;
}

/** Message number of a frame (the first 12 bits after the header), -1 if the frame holds none. */
export function rtcm3MessageType(bytes: Uint8Array): number {
  const len = ((bytes[1] & 3) << 8) | bytes[2];
  return len >= 2 && bytes.length >= 5 ? getBitsU(bytes, 24, 12) : -1;
}

function needBits(type: number, lenBytes: number, bits: number): InvalidMessage | undefined {
  return lenBytes * 8 < bits
    ? { kind: "invalid", type, reason: `${lenBytes} bytes, ${bits} bits needed` }
    : undefined;
}

/** Decodes one frame (preamble, header, message, CRC: as Rtcm3Framer delivers it). */
export function decodeRtcm3(frame: Frame | Uint8Array, opts: Rtcm3DecodeOptions = {}): Rtcm3Message {
  const bytes = frame instanceof Uint8Array ? frame : frame.bytes;
  if (bytes.length < 6) return { kind: "unknown", type: -1 };
  const lenBytes = Math.min(((bytes[1] & 3) << 8) | bytes[2], bytes.length - 6);
  const type = rtcm3MessageType(bytes);
  if (type < 0) return { kind: "unknown", type };
  const invalid = (r: string | object): Rtcm3Message =>
    typeof r === "string" ? { kind: "invalid", type, reason: r } : (r as Rtcm3Message);
  const ref = () => opts.reference ?? clockInstant();

  const msm = msmKind(type);
  if (msm) {
    if (msm.msm < 4) return { kind: "unknown", type };
    return invalid(decodeMsm(bytes, lenBytes, msm.system, msm.msm as MsmNumber));
  }
  switch (type) {
    case 1019:
    case 1044: {
      const short = needBits(type, lenBytes, type === 1019 ? BITS_1019 : BITS_1044);
      if (short) return short;
      const e = decodeGpsQzssEphemeris(bytes, type, ref());
      return typeof e === "string" ? invalid(e) : { kind: "ephemeris", type, ephemeris: e };
    }
    case 1042: {
      const short = needBits(type, lenBytes, BITS_1042);
      if (short) return short;
      const e = decodeBdsEphemeris(bytes, ref());
      return typeof e === "string" ? invalid(e) : { kind: "ephemeris", type, ephemeris: e };
    }
    case 1045:
    case 1046: {
      const short = needBits(type, lenBytes, type === 1045 ? BITS_1045 : BITS_1046);
      if (short) return short;
      const e = decodeGalileoEphemeris(bytes, type, ref());
      return typeof e === "string" ? invalid(e) : { kind: "ephemeris", type, ephemeris: e };
    }
    case 1020: {
      const short = needBits(type, lenBytes, BITS_1020);
      if (short) return short;
      const e = decodeGlonassEphemeris(bytes, ref());
      return typeof e === "string" ? invalid(e) : { kind: "ephemeris", type, ephemeris: e };
    }
    case 1005:
    case 1006:
      return invalid(decodeStationArp(bytes, lenBytes, type));
    case 1007:
    case 1008:
    case 1033:
      return invalid(decodeDescriptors(bytes, lenBytes, type));
    case 1013:
      return invalid(decodeSystemParameters(bytes, lenBytes));
    case 1230:
      return invalid(decodeGlonassBiases(bytes, lenBytes));
    default:
      return { kind: "unknown", type };
  }
}
