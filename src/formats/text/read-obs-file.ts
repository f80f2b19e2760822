// Node adapter for observation files: RINEX 2/3/4 or Hatanaka CRINEX 1/3, plain or gzip, recognised
// from the content (not the name), streamed epoch by epoch.
//
//   const obs = await openObsFile("ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz");
//   obs.header.obsCodes.get("C");            // the header is read before openObsFile resolves
//   for await (const ep of obs.epochs) ...   // one pass; memory stays flat
//   obs.issues                               // grows while reading (file + line of every problem)
//
// `readObsFile` is the same as a plain async generator of epochs.

import { DecodeError, type DecodeIssue } from "../../core/errors.js";
import type { ObsEpoch, ObsHeader } from "../../signals/observation.js";
import { type ObsDecoderOptions, RinexObsDecoder } from "../rinex/obs-decoder.js";
import { CompressedStreamError, readFileLines } from "./file-lines.js";
import { sniffText } from "./sniff.js";

export interface ObsFileOptions extends Omit<ObsDecoderOptions, "file"> {
  /** Name used in issues (default: the path). */
  readonly name?: string;
}

export interface ObsFile {
  readonly path: string;
  readonly header: ObsHeader;
  /** Issues so far; the array fills while `epochs` is iterated. */
  readonly issues: readonly DecodeIssue[];
  /** All issues met, including those beyond maxIssues. */
  readonly issueCount: () => number;
  /** The epochs, in file order; iterate once. */
  readonly epochs: AsyncGenerator<ObsEpoch, void>;
}

/**
 * Opens an observation file and reads its header. Rejects with a DecodeError when the file is not
 * observation data (navigation, clock, SP3, unknown), has a corrupt header, or uses an unsupported
 * compression; with a Node error (ENOENT, ...) when it cannot be read.
 */
export async function openObsFile(path: string, opts: ObsFileOptions = {}): Promise<ObsFile> {
  const file = opts.name ?? path;
  const decoder = new RinexObsDecoder({ ...opts, file });
  const source = readFileLines(path);
  const pending: ObsEpoch[] = [];
  let sniffed = false;
  let ended = false;

  const feed = (lines: readonly string[]): void => {
    if (!sniffed) {
      sniffed = true;
      const kind = sniffText(lines.slice(0, 3).join("\n"));
      if (kind.kind !== "rinex-obs" && kind.kind !== "crinex") {
        throw new DecodeError({
          code: "unknown-format",
          message: `not observation data: ${kind.detail}`,
          file,
          line: 1,
        });
      }
    }
    for (let i = 0; i < lines.length; i++) {
      const got = decoder.push(lines[i]);
      for (let k = 0; k < got.length; k++) pending.push(got[k]);
    }
  };

  /** Next batch of lines into the decoder; false at the end of the file. */
  const step = async (): Promise<boolean> => {
    if (ended) return false;
    let r: IteratorResult<readonly string[]>;
    try {
      r = await source.next();
    } catch (e) {
      if (e instanceof CompressedStreamError) {
        ended = true;
        // the damaged stream is reported first, then whatever the decoder says about the cut
        decoder.addIssue("truncated", e.message.replace(`${e.path}: `, ""), decoder.lineNo);
        for (const ep of decoder.finish()) pending.push(ep);
        return false;
      }
      throw e;
    }
    if (r.done) {
      ended = true;
      if (!sniffed) throw new DecodeError({ code: "bad-header", message: "empty file", file, line: 1 });
      for (const ep of decoder.finish()) pending.push(ep);
      return false;
    }
    feed(r.value);
    return true;
  };

  try {
    while (decoder.header === undefined) {
      if (!(await step())) break;
    }
  } catch (e) {
    await source.return(undefined);
    throw e;
  }
  const header = decoder.header;
  if (header === undefined)
    throw new DecodeError({ code: "bad-header", message: "no complete header", file, line: decoder.lineNo });

  async function* epochs(): AsyncGenerator<ObsEpoch, void> {
    try {
      for (;;) {
        while (pending.length > 0) {
          // hand out in order without holding a growing array
          const batch = pending.splice(0, pending.length);
          for (const ep of batch) yield ep;
        }
        if (!(await step())) {
          while (pending.length > 0) yield pending.shift() as ObsEpoch;
          return;
        }
      }
    } finally {
      await source.return(undefined);
    }
  }

  return {
    path,
    header,
    issues: decoder.issues,
    issueCount: () => decoder.issueCount,
    epochs: epochs(),
  };
}

/** Epochs of an observation file as an async generator; `onHeader` sees the header first, `issues` collects problems. */
export async function* readObsFile(
  path: string,
  opts: ObsFileOptions & { readonly onHeader?: (h: ObsHeader) => void; readonly issues?: DecodeIssue[] } = {},
): AsyncGenerator<ObsEpoch, { header: ObsHeader; issues: readonly DecodeIssue[] }> {
  const f = await openObsFile(path, opts);
  opts.onHeader?.(f.header);
  let seen = 0;
  const flush = () => {
    if (opts.issues) for (; seen < f.issues.length; seen++) opts.issues.push(f.issues[seen]);
  };
  for await (const ep of f.epochs) {
    flush();
    yield ep;
  }
  flush();
  return { header: f.header, issues: f.issues };
}
