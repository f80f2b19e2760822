// RTCM 3 byte stream -> messages and observation epochs: Rtcm3Framer + decodeRtcm3 + MsmEpochAssembler
// wired together, each message decoded against the assembler's current reference time. Sans-I/O like its
// parts; pushFrame() takes frames already split off a mixed stream (UBX + NMEA + RTCM 3).

import type { Ephemeris } from "../../orbits/ephemeris.js";
import type { ObsEpoch } from "../../signals/observation.js";
import type { Frame, FrameStats } from "../framing.js";
import { decodeRtcm3, type Rtcm3Message } from "./decode.js";
import { Rtcm3Framer } from "./framer.js";
import { type MsmAssemblerOptions, MsmEpochAssembler } from "./msm-assembler.js";

export interface Rtcm3Output {
  /** Observation epochs completed. */
  readonly epochs: ObsEpoch[];
  /** Every message decoded, in stream order (MSMs included). */
  readonly messages: Rtcm3Message[];
}

export interface Rtcm3StreamStats extends FrameStats {
  /** Messages by number (DF002). */
  readonly messageCounts: Map<number, number>;
  /** Messages that passed CRC but could not be decoded (too short, inconsistent). */
  invalidMessages: number;
}

export class Rtcm3StreamDecoder {
  readonly framer = new Rtcm3Framer();
  readonly assembler: MsmEpochAssembler;
  readonly messageCounts = new Map<number, number>();
  invalidMessages = 0;

  constructor(opts: MsmAssemblerOptions = {}) {
    this.assembler = new MsmEpochAssembler(opts);
  }

  push(chunk: Uint8Array): Rtcm3Output {
    return this.frames(this.framer.push(chunk), false);
  }

  /** A frame split off elsewhere (protocol "rtcm3"). */
  pushFrame(frame: Frame): Rtcm3Output {
    return this.frames([frame], false);
  }

  finish(): Rtcm3Output {
    return this.frames(this.framer.finish(), true);
  }

  /** Framer statistics with the message counts. */
  get stats(): Rtcm3StreamStats {
    return { ...this.framer.stats, messageCounts: this.messageCounts, invalidMessages: this.invalidMessages };
  }

  private frames(frames: readonly Frame[], end: boolean): Rtcm3Output {
    const epochs: ObsEpoch[] = [];
    const messages: Rtcm3Message[] = [];
    for (const f of frames) {
      const m = decodeRtcm3(f, { reference: this.assembler.reference() });
      messages.push(m);
      this.messageCounts.set(m.type, (this.messageCounts.get(m.type) ?? 0) + 1);
      if (m.kind === "invalid") this.invalidMessages++;
      for (const e of this.assembler.push(m)) epochs.push(e);
    }
    if (end) for (const e of this.assembler.finish()) epochs.push(e);
    return { epochs, messages };
  }
}

/** Everything in a whole RTCM 3 file or buffer, at once. */
export function decodeRtcm3Stream(
  bytes: Uint8Array,
  opts: MsmAssemblerOptions = {},
): { epochs: ObsEpoch[]; ephemerides: Ephemeris[]; messages: Rtcm3Message[]; stats: Rtcm3StreamStats } {
  // a whole file: hold epochs until an ephemeris fixes the date, unless a date is given
  const dec = new Rtcm3StreamDecoder({ holdForEphemeris: opts.date ? 0 : 3600, ...opts });
  const a = dec.push(bytes);
  const b = dec.finish();
  const messages = [...a.messages, ...b.messages];
  const ephemerides: Ephemeris[] = [];
  for (const m of messages) if (m.kind === "ephemeris") ephemerides.push(m.ephemeris);
  return { epochs: [...a.epochs, ...b.epochs], ephemerides, messages, stats: dec.stats };
}
