// The head of an NTRIP message (NTRIP 2.0 = HTTP/1.1, RTCM 10410.1 §2; NTRIP 1.0 = HTTP/1.1-like with
// `ICY 200 OK`, `SOURCETABLE 200 OK` and `SOURCE pass /mount` lines, RTCM 10410.0 §3), sans-I/O:
// feed bytes until the head is complete, then the rest of the buffer is the start of the body.

export interface ResponseHead {
  /** "ICY" (NTRIP 1.0 stream), "SOURCETABLE" (NTRIP 1.0 table), "HTTP/1.1", "HTTP/1.0", or "ERROR" (1.0 error text). */
  readonly protocol: string;
  readonly status: number;
  readonly reason: string;
  readonly statusLine: string;
  /** Header names lower-cased. */
  readonly headers: ReadonlyMap<string, string>;
}

export interface RequestHead {
  /** GET, POST, SOURCE (NTRIP 1.0 server), ... upper-cased. */
  readonly method: string;
  /** Mountpoint without the leading slash ("" = sourcetable). */
  readonly mount: string;
  /** The request target as sent ("/MOUNT", "/"). */
  readonly target: string;
  /** "HTTP/1.1", "HTTP/1.0" or "" (NTRIP 1.0 SOURCE lines carry none). */
  readonly httpVersion: string;
  /** NTRIP 1.0 SOURCE: the password on the request line. */
  readonly sourcePassword?: string;
  readonly headers: ReadonlyMap<string, string>;
  /** 2 when the request says `Ntrip-Version: Ntrip/2.0`, else 1. */
  readonly ntripVersion: 1 | 2;
}

export type HeadResult<T> =
  | { readonly kind: "incomplete" }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "head"; readonly head: T; readonly bodyStart: number };

/** Heads longer than this are refused (a sourcetable body is not part of the head). */
export const MAX_HEAD_BYTES = 16 * 1024;

const latin1 = new TextDecoder("latin1");

function indexOfSeq(buf: Uint8Array, seq: readonly number[], from = 0): number {
  const last = buf.length - seq.length;
  outer: for (let i = from; i <= last; i++) {
    for (let k = 0; k < seq.length; k++) if (buf[i + k] !== seq[k]) continue outer;
    return i;
  }
  return -1;
}

const CRLFCRLF = [13, 10, 13, 10];
const LFLF = [10, 10];

/** End of the header block: index just past the blank line, or -1. Accepts bare LF line ends too. */
function headEnd(buf: Uint8Array, from = 0): number {
  const a = indexOfSeq(buf, CRLFCRLF, from);
  const b = indexOfSeq(buf, LFLF, from);
  if (a < 0) return b < 0 ? -1 : b + 2;
  if (b < 0) return a + 4;
  return a < b ? a + 4 : b + 2;
}

function parseHeaderLines(lines: string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of lines) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

export function parseResponseHead(buf: Uint8Array): HeadResult<ResponseHead> {
  const lineEnd = buf.indexOf(10);
  if (lineEnd < 0) {
    return buf.length > MAX_HEAD_BYTES
      ? { kind: "error", message: "no status line in the first 16 KiB" }
      : { kind: "incomplete" };
  }
  const statusLine = latin1.decode(buf.subarray(0, lineEnd)).replace(/\r$/, "");
  const m = /^(ICY|SOURCETABLE|HTTP\/\d\.\d)\s+(\d{3})\s*(.*)$/.exec(statusLine);
  if (!m) {
    // NTRIP 1.0 casters answer some failures with a bare text line, e.g. "ERROR - Bad Password"
    return {
      kind: "head",
      head: { protocol: "ERROR", status: 0, reason: statusLine, statusLine, headers: new Map() },
      bodyStart: lineEnd + 1,
    };
  }
  const protocol = m[1];
  const status = Number(m[2]);
  if (protocol === "ICY") {
    // data follows the status line at once; a blank line after it (some casters) is skipped
    let bodyStart = lineEnd + 1;
    if (buf[bodyStart] === 13 && buf[bodyStart + 1] === 10) bodyStart += 2;
    return {
      kind: "head",
      head: { protocol, status, reason: m[3], statusLine, headers: new Map() },
      bodyStart,
    };
  }
  const end = headEnd(buf, Math.max(lineEnd - 1, 0));
  if (end < 0) {
    return buf.length > MAX_HEAD_BYTES
      ? { kind: "error", message: "response head longer than 16 KiB" }
      : { kind: "incomplete" };
  }
  const lines = latin1.decode(buf.subarray(lineEnd + 1, end)).split(/\r?\n/);
  return {
    kind: "head",
    head: { protocol, status, reason: m[3], statusLine, headers: parseHeaderLines(lines) },
    bodyStart: end,
  };
}

export function parseRequestHead(buf: Uint8Array): HeadResult<RequestHead> {
  const end = headEnd(buf);
  if (end < 0) {
    return buf.length > MAX_HEAD_BYTES
      ? { kind: "error", message: "request head longer than 16 KiB" }
      : { kind: "incomplete" };
  }
  const lines = latin1.decode(buf.subarray(0, end)).split(/\r?\n/);
  const first = lines[0].trim();
  const headers = parseHeaderLines(lines.slice(1));
  const ntripVersion = /ntrip\/2/i.test(headers.get("ntrip-version") ?? "") ? 2 : 1;
  const src = /^SOURCE\s+(\S*)\s+\/?(\S*)\s*$/i.exec(first);
  if (src) {
    // NTRIP 1.0 server: "SOURCE password /mount" (RTKLIB omits the slash; an empty password has two spaces)
    return {
      kind: "head",
      head: {
        method: "SOURCE",
        mount: src[2],
        target: `/${src[2]}`,
        httpVersion: "",
        sourcePassword: src[1],
        headers,
        ntripVersion: 1,
      },
      bodyStart: end,
    };
  }
  const m = /^([A-Z]+)\s+(\S+)(?:\s+(HTTP\/\d\.\d))?$/i.exec(first);
  if (!m) return { kind: "error", message: `bad request line '${first.slice(0, 80)}'` };
  let target = m[2];
  // absolute-form targets (proxies): http://host:port/MOUNT
  const abs = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(target);
  if (abs) target = abs[1] ?? "/";
  const mount = decodeURIComponent(target.replace(/^\//, "").replace(/\?.*$/, ""));
  return {
    kind: "head",
    head: { method: m[1].toUpperCase(), mount, target, httpVersion: m[3] ?? "", headers, ntripVersion },
    bodyStart: end,
  };
}

/** `Authorization: Basic base64(user:password)` -> [user, password], or undefined. */
export function parseBasicAuth(header: string | undefined): [string, string] | undefined {
  if (!header) return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return undefined;
  const text = Buffer.from(m[1], "base64").toString("utf8");
  const i = text.indexOf(":");
  return i < 0 ? [text, ""] : [text.slice(0, i), text.slice(i + 1)];
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}
