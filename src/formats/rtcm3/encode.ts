// RTCM 3 encoders: message records -> framed bytes (RTCM 10403.3 §4: preamble, length, message, CRC-24Q).
// MSM4/MSM7 of every MSM system from an ObsEpoch, 1005/1006 from a position, 1019/1042/1045/1046 from
// KeplerEphemeris. decodeRtcm3 reads back what these write, to the resolution of each field.

import { crc24q } from "../../core/crc24q.js";
import { BeidouError } from "../../core/errors.js";
import type { Ecef } from "../../frames/vectors.js";
import type { KeplerEphemeris } from "../../orbits/ephemeris.js";
import type { ObsEpoch } from "../../signals/observation.js";
import type { SatId } from "../../signals/system.js";
import { BitWriter } from "./bit-fields.js";
import { writeBdsEphemeris } from "./ephemeris-bds.js";
import { writeGalileoEphemeris } from "./ephemeris-galileo.js";
import { writeGpsEphemeris } from "./ephemeris-gps.js";
import { encodeMsmPayloads, type MsmEncoderState } from "./msm-encode.js";
import type { MsmSystem } from "./msm-signals.js";
import { writeStationArp } from "./station.js";

export type Rtcm3EncodeInput =
  | {
      readonly kind: "msm";
      readonly msm: 4 | 7;
      readonly system: MsmSystem;
      readonly epoch: ObsEpoch;
      readonly stationId: number;
      /** Set the multiple-message bit on the last message too (other systems follow for this epoch). */
      readonly moreFollow?: boolean;
      readonly glonassChannels?: ReadonlyMap<SatId, number>;
      /** Carry lock times and phase ambiguities across epochs (a stream); default: a fresh state. */
      readonly state?: MsmEncoderState;
    }
  | {
      readonly kind: "station-arp";
      readonly type: 1005 | 1006;
      readonly stationId: number;
      readonly arp: Ecef;
      readonly antennaHeight_m?: number;
      readonly itrfYear?: number;
      /** Systems the station observes (DF022-DF024); default GPS, GLONASS and Galileo all set. */
      readonly gps?: boolean;
      readonly glonass?: boolean;
      readonly galileo?: boolean;
      /** DF141 (1: non-physical station), DF142 single oscillator, DF364 quarter-cycle indicator; default 0. */
      readonly referenceStation?: number;
      readonly singleOscillator?: boolean;
      readonly quarterCycle?: number;
    }
  | {
      readonly kind: "ephemeris";
      readonly type: 1019 | 1042 | 1045 | 1046;
      readonly ephemeris: KeplerEphemeris;
    };

/** Wraps a message (starting with DF002) into a frame: 0xD3, 6 zero bits, 10-bit length, message, CRC-24Q. */
export function frameRtcm3(message: Uint8Array): Uint8Array {
  if (message.length > 1023) {
    throw new BeidouError("bad-argument", `RTCM 3 message of ${message.length} bytes exceeds 1023`);
  }
  const out = new Uint8Array(message.length + 6);
  out[0] = 0xd3;
  out[1] = (message.length >> 8) & 3;
  out[2] = message.length & 0xff;
  out.set(message, 3);
  const crc = crc24q(out, 0, message.length + 3);
  out[message.length + 3] = (crc >>> 16) & 0xff;
  out[message.length + 4] = (crc >>> 8) & 0xff;
  out[message.length + 5] = crc & 0xff;
  return out;
}

const SYS_OF_TYPE: Record<1019 | 1042 | 1045 | 1046, string> = { 1019: "G", 1042: "C", 1045: "E", 1046: "E" };

/**
 * Encodes one record as framed RTCM 3 messages (MSM: one per group of at most 64 cells, usually one;
 * none when the epoch has no satellite of that system). Throws BeidouError("bad-argument") when the record
 * does not fit the message (an ephemeris of another system, a field out of range).
 */
export function encodeRtcm3(input: Rtcm3EncodeInput): Uint8Array[] {
  switch (input.kind) {
    case "msm":
      return encodeMsmPayloads(input.epoch, input).map(frameRtcm3);
    case "station-arp": {
      const w = new BitWriter(24);
      w.u(input.type, 12);
      writeStationArp(w, {
        type: input.type,
        stationId: input.stationId,
        itrfYear: input.itrfYear ?? 0,
        gps: input.gps ?? true,
        glonass: input.glonass ?? true,
        galileo: input.galileo ?? true,
        referenceStation: input.referenceStation ?? 0,
        singleOscillator: input.singleOscillator ?? false,
        quarterCycle: input.quarterCycle ?? 0,
        arp: input.arp,
        antennaHeight_m: input.antennaHeight_m ?? 0,
      });
      return [frameRtcm3(w.bytes())];
    }
    case "ephemeris": {
      const eph = input.ephemeris;
      if (eph.sat[0] !== SYS_OF_TYPE[input.type]) {
        throw new BeidouError(
          "bad-argument",
          `message ${input.type} cannot carry an ephemeris of ${eph.sat}`,
        );
      }
      const w = new BitWriter(72);
      w.u(input.type, 12);
      const clamped =
        input.type === 1019
          ? writeGpsEphemeris(w, eph)
          : input.type === 1042
            ? writeBdsEphemeris(w, eph)
            : writeGalileoEphemeris(w, eph, input.type);
      if (clamped.length > 0) {
        throw new BeidouError(
          "bad-argument",
          `${eph.sat} ephemeris: ${clamped.join(", ")} out of range for message ${input.type}`,
        );
      }
      return [frameRtcm3(w.bytes())];
    }
  }
}
