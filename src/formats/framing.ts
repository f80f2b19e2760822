// What every binary/text stream framer (RTCM 3, UBX, NMEA, and the splitter of mixed streams) shares:
// sans-I/O `push(bytes) -> frames`, byte offsets in the whole stream, and counts of what was thrown away.

export type Protocol = "rtcm3" | "ubx" | "nmea";

export interface Frame {
  readonly protocol: Protocol;
  /** The whole frame: preamble/header, payload and checksum (NMEA: the sentence without CR LF). */
  readonly bytes: Uint8Array;
  /** Byte offset of the frame's first byte in the stream (0-based, counting every byte pushed). */
  readonly offset: number;
}

export interface FrameStats {
  /** Frames delivered. */
  frames: number;
  /** Candidate frames whose checksum (CRC-24Q, UBX Fletcher, NMEA XOR) failed. */
  checksumErrors: number;
  /** Bytes skipped while looking for the next frame (garbage, comment lines, damaged frames). */
  garbageBytes: number;
  /** A frame cut by the end of the stream. */
  truncated: number;
}

export interface Framer {
  push(chunk: Uint8Array): Frame[];
  /** End of stream: counts a pending partial frame as truncated. */
  finish(): Frame[];
  readonly stats: FrameStats;
}

export const newFrameStats = (): FrameStats => ({
  frames: 0,
  checksumErrors: 0,
  garbageBytes: 0,
  truncated: 0,
});
