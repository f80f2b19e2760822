// Node adapter: a file as batches of text lines, gzip detected from the content (magic bytes 1f 8b,
// multi-member streams included), streamed so memory does not grow with the file.

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { DecodeError } from "../../core/errors.js";
import { LineSplitter } from "./line-splitter.js";
import { type Compression, sniffCompression, sniffText, type TextSniff } from "./sniff.js";

export interface FileSniff extends TextSniff {
  readonly compression: Compression;
}

/** Raised for a compressed stream that ends early or is corrupt; lines before the damage were delivered. */
export class CompressedStreamError extends Error {
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(
      `${path}: compressed data is truncated or corrupt (${cause instanceof Error ? cause.message : String(cause)})`,
    );
    this.name = "CompressedStreamError";
  }
}

const CHUNK_BYTES = 1 << 20;

async function readHead(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, "r");
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The file's bytes, decompressed when gzip; throws a DecodeError for compressions not supported. */
export async function openByteStream(path: string): Promise<{ stream: Readable; compression: Compression }> {
  const compression = sniffCompression(await readHead(path, 4));
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  if (compression === "none") return { stream: file, compression };
  if (compression === "gzip") {
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    pipeline(file, gunzip, () => {
      // errors surface through the gunzip stream's iteration
    });
    return { stream: gunzip, compression };
  }
  file.destroy();
  const how =
    compression === "lzw"
      ? "Unix compress (.Z): decompress first, e.g. `gzip -dc`"
      : `${compression}: decompress first`;
  throw new DecodeError({
    code: "unknown-format",
    message: `unsupported compression ${how}`,
    file: path,
    line: 1,
  });
}

/**
 * Lines of a text file (gzip or plain), in batches as they are read. A damaged gzip stream throws a
 * CompressedStreamError after the lines before the damage (and the partial last line) were yielded.
 */
export async function* readFileLines(path: string): AsyncGenerator<readonly string[]> {
  const { stream, compression } = await openByteStream(path);
  const splitter = new LineSplitter();
  try {
    for await (const chunk of stream) {
      const lines = splitter.push(chunk as Uint8Array);
      if (lines.length > 0) yield lines;
    }
  } catch (e) {
    if (compression !== "none" && !(e instanceof DecodeError)) {
      const rest = splitter.finish();
      if (rest.length > 0) yield rest;
      throw new CompressedStreamError(path, e);
    }
    throw e;
  } finally {
    stream.destroy();
  }
  const rest = splitter.finish();
  if (rest.length > 0) yield rest;
}

/** Compression and text format of a file, from its first bytes (decompressing the start of a gzip file). */
export async function sniffFile(path: string): Promise<FileSniff> {
  const { stream, compression } = await openByteStream(path);
  let text = "";
  const decoder = new TextDecoder("utf-8");
  try {
    for await (const chunk of stream) {
      text += decoder.decode(chunk as Uint8Array, { stream: true });
      if (text.length >= 4096) break;
    }
  } catch {
    // a damaged stream: sniff what arrived
  } finally {
    stream.destroy();
  }
  return { ...sniffText(text.slice(0, 4096)), compression };
}
