// What kind of input a file is, from its content whatever its name: gzip, Hatanaka, RINEX observation /
// navigation / clock and version, SP3 (text), or a receiver log (RTCM 3, u-blox UBX, NMEA, interleaved).

import { stat } from "node:fs/promises";
import { BeidouError } from "../core/errors.js";
import { MixedStreamSplitter } from "./mixed/splitter.js";
import { type FileSniff, openByteStream, sniffFile } from "./text/file-lines.js";

export type InputKind = FileSniff["kind"] | "receiver-log" | "nmea";

export interface InputFile {
  readonly path: string;
  /** Text formats as sniffText tells them; binary receiver logs as "receiver-log" (RTCM 3 / UBX frames found). */
  readonly kind: InputKind;
  readonly sniff: FileSniff;
}

/** The whole decompressed text of a file. */
export async function readText(path: string): Promise<string> {
  const { stream, compression } = await openByteStream(path);
  const chunks: Buffer[] = [];
  try {
    for await (const c of stream) chunks.push(c as Buffer);
  } catch (e) {
    if (compression !== "none") {
      throw new BeidouError(
        "truncated",
        `compressed data is truncated or corrupt after ${chunks.reduce((n, c) => n + c.length, 0)} bytes`,
        { file: path },
      );
    }
    throw e;
  }
  return Buffer.concat(chunks).toString("latin1");
}

const SNIFF_BYTES = 64 * 1024;

/** Frames of each protocol in the first 64 KiB (decompressed) of a file. */
async function sniffFrames(path: string): Promise<{ rtcm3: number; ubx: number; nmea: number }> {
  const { stream } = await openByteStream(path);
  const splitter = new MixedStreamSplitter();
  let n = 0;
  try {
    for await (const chunk of stream) {
      const c = chunk as Uint8Array;
      splitter.push(c.subarray(0, Math.max(0, SNIFF_BYTES - n)));
      n += c.length;
      if (n >= SNIFF_BYTES) break;
    }
  } catch {
    // a damaged stream: judge by what arrived
  } finally {
    stream.destroy();
  }
  return splitter.stats.byProtocol;
}

/** What kind of file this is, by content. */
export async function classifyFile(path: string): Promise<InputFile> {
  const st = await stat(path);
  if (st.isDirectory()) throw new BeidouError("io", "is a directory, not a file", { file: path });
  const sniff = await sniffFile(path);
  if (sniff.kind !== "unknown") return { path, kind: sniff.kind, sniff };
  const f = await sniffFrames(path);
  if (f.rtcm3 + f.ubx > 0) {
    const what = [f.rtcm3 ? "RTCM 3" : "", f.ubx ? "u-blox UBX" : "", f.nmea ? "NMEA" : ""]
      .filter(Boolean)
      .join(" + ");
    return { path, kind: "receiver-log", sniff: { ...sniff, detail: `receiver log (${what})` } };
  }
  if (f.nmea > 0) return { path, kind: "nmea", sniff: { ...sniff, detail: "NMEA 0183 sentences" } };
  return { path, kind: "unknown", sniff };
}
