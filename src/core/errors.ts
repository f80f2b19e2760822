// Errors and decode issues shared by every module. A user sees `formatError(e)`: one line, no stack.

/** Where in an input a problem was found. Lines are 1-based; byte offsets are 0-based. */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly byteOffset?: number;
}

export type IssueCode =
  | "bad-header"
  | "bad-record"
  | "bad-epoch"
  | "truncated"
  | "unknown-format"
  | "unsupported-version"
  | "checksum"
  | "no-navigation"
  | "no-observations"
  | "bad-argument"
  | "io";

/** A non-fatal problem met while decoding; decoders collect these and go on. */
export interface DecodeIssue extends SourceLocation {
  readonly code: IssueCode;
  readonly message: string;
}

/** Every error beidou throws is one of these: a `code`, a message and where it happened. */
export class BeidouError extends Error {
  readonly code: IssueCode;
  readonly location: SourceLocation;
  constructor(code: IssueCode, message: string, location: SourceLocation = {}) {
    super(message);
    this.name = "BeidouError";
    this.code = code;
    this.location = location;
  }
}

/** Thrown by a decoder in strict mode, or when nothing at all could be decoded. */
export class DecodeError extends BeidouError {
  constructor(issue: DecodeIssue) {
    super(issue.code, issue.message, issue);
    this.name = "DecodeError";
  }
}

/** `file:line: message` (or `file@byte N: message`), the one line a user sees. */
export function formatLocation(loc: SourceLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  else if (loc.byteOffset !== undefined) parts.push(`byte ${loc.byteOffset}`);
  return parts.join(", ");
}

export function formatIssue(issue: DecodeIssue): string {
  const where = formatLocation(issue);
  return where ? `${where}: ${issue.message}` : issue.message;
}

export function formatError(e: unknown): string {
  if (e instanceof BeidouError) {
    const where = formatLocation(e.location);
    return `error: ${where ? `${where}: ` : ""}${e.message}`;
  }
  if (e instanceof Error) {
    const errno = e as NodeJS.ErrnoException;
    if (errno.code === "ENOENT" && errno.path) return `error: ${errno.path}: no such file`;
    if (errno.code === "EISDIR" && errno.path) return `error: ${errno.path}: is a directory`;
    return `error: ${e.message}`;
  }
  return `error: ${String(e)}`;
}
