// NMEA 0183 byte stream -> sentences, per-epoch fixes and the current sky view, sans-I/O: push(bytes) gives
// what those bytes completed. Frames come from NmeaFramer, or from any other framer (the mixed-stream
// splitter) through pushFrame. Every issue carries the byte offset of its sentence.

import type { DecodeIssue } from "../../core/errors.js";
import type { Frame } from "../framing.js";
import { FixAssembler, type NmeaFix } from "./fix-assembler.js";
import { NmeaFramer, type NmeaFramerOptions } from "./framer.js";
import { type ParseNmeaOptions, parseNmea } from "./parse.js";
import type { NmeaSentence } from "./sentences.js";
import { SkyView, type SkyViewOptions } from "./sky-view.js";

export interface NmeaDecoderOptions extends NmeaFramerOptions, SkyViewOptions {
  /** File name for issues. */
  readonly file?: string;
  readonly signalTable?: ParseNmeaOptions["signalTable"];
}

export interface NmeaOutput {
  readonly sentences: NmeaSentence[];
  /** Epochs closed by these bytes. */
  readonly fixes: NmeaFix[];
}

export class NmeaDecoder {
  readonly framer: NmeaFramer;
  readonly sky: SkyView;
  readonly fix: FixAssembler;
  /** Sentence-level issues (checksum failures are counted by the framer instead), bounded. */
  readonly issues: DecodeIssue[] = [];
  private readonly parseOptions: {
    file?: string;
    acceptNoChecksum: boolean;
    signalTable?: ParseNmeaOptions["signalTable"];
  };

  constructor(options: NmeaDecoderOptions = {}) {
    this.framer = new NmeaFramer(options);
    this.sky = new SkyView(options);
    this.fix = new FixAssembler(options);
    this.parseOptions = {
      file: options.file,
      acceptNoChecksum: options.acceptNoChecksum ?? false,
      signalTable: options.signalTable,
    };
  }

  push(chunk: Uint8Array): NmeaOutput {
    return this.frames(this.framer.push(chunk));
  }

  /** Feed a frame found by another framer (only `nmea` frames are used). */
  pushFrame(frame: Frame): NmeaOutput {
    return this.frames(frame.protocol === "nmea" ? [frame] : []);
  }

  finish(): NmeaOutput {
    const out = this.frames(this.framer.finish());
    out.fixes.push(...this.fix.finish());
    return out;
  }

  private frames(frames: readonly Frame[]): NmeaOutput {
    const sentences: NmeaSentence[] = [];
    const fixes: NmeaFix[] = [];
    const { file, acceptNoChecksum, signalTable } = this.parseOptions;
    for (const f of frames) {
      const s = parseNmea(f.bytes, { at: { file, byteOffset: f.offset }, acceptNoChecksum, signalTable });
      for (const i of s.issues) if (this.issues.length < 1000) this.issues.push(i);
      sentences.push(s);
      this.sky.push(s);
      fixes.push(...this.fix.push(s));
    }
    return { sentences, fixes };
  }
}
