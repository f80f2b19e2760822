// Byte chunks -> text lines, for every line-oriented format (RINEX, CRINEX, SP3, NMEA logs).
// Sans-I/O: push(chunk) returns the lines completed by that chunk; finish() returns the last,
// unterminated line if any. Line ends are "\n" or "\r\n"; the terminator is not part of the line.
// Any chunking of the same bytes yields the same lines (the UTF-8 decoder runs in streaming mode,
// so a multi-byte character or a "\r\n" split across chunks is put back together).

const NO_LINES: readonly string[] = Object.freeze([]);

export class LineSplitter {
  private readonly decoder = new TextDecoder("utf-8");
  /** Text after the last "\n" seen so far. */
  private rest = "";
  private finished = false;

  /** Lines completed by this chunk of bytes. */
  push(chunk: Uint8Array): readonly string[] {
    if (chunk.length === 0) return NO_LINES;
    return this.pushText(this.decoder.decode(chunk, { stream: true }));
  }

  /** Same as push, for text that is already decoded. */
  pushText(text: string): readonly string[] {
    if (this.finished) throw new Error("LineSplitter: push after finish");
    if (text.length === 0) return NO_LINES;
    let nl = text.indexOf("\n");
    if (nl < 0) {
      this.rest += text;
      return NO_LINES;
    }
    const out: string[] = [];
    // the first line continues what was left over from earlier chunks
    let first = this.rest + text.slice(0, nl);
    if (first.charCodeAt(first.length - 1) === 13) first = first.slice(0, -1);
    out.push(first);
    let start = nl + 1;
    nl = text.indexOf("\n", start);
    while (nl >= 0) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      out.push(text.slice(start, end));
      start = nl + 1;
      nl = text.indexOf("\n", start);
    }
    this.rest = text.slice(start);
    return out;
  }

  /** The last line when the input did not end with a line break (a trailing "\r" is dropped). */
  finish(): readonly string[] {
    if (this.finished) return NO_LINES;
    this.finished = true;
    let last = this.rest + this.decoder.decode();
    this.rest = "";
    if (last.length === 0) return NO_LINES;
    if (last.charCodeAt(last.length - 1) === 13) last = last.slice(0, -1);
    return [last];
  }
}
