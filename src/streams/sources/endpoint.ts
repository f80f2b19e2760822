// Where bytes come from or go to, as the user writes it on the command line:
//   file:PATH[?rate=BYTES_PER_S|realtime[&speed=X]][&loop]   tcp://HOST:PORT   tcpserver://[HOST]:PORT
//   serial:///dev/ttyX?baud=N   ntrip://[user[:pass]@]host[:port]/MOUNT[?version=1|2&gga=S&pos=LAT,LON,H]
//   ntrips://[user[:pass]@]host[:port]/MOUNT (push to a caster, sinks only)   stdout: / - (sinks)   stdin: / - (sources)

import { BeidouError } from "../../core/errors.js";

export interface FileEndpoint {
  readonly kind: "file";
  readonly path: string;
  /** Replay pacing: undefined = as fast as possible. */
  readonly rate_Bps?: number;
  /** Replay at the pace of the RTCM/UBX epoch times in the data, times `speed`. */
  readonly realtime?: boolean;
  readonly speed?: number;
  /** Start again at the end (caster mountpoints). */
  readonly loop?: boolean;
}
export interface TcpEndpoint {
  readonly kind: "tcp";
  readonly host: string;
  readonly port: number;
}
export interface TcpServerEndpoint {
  readonly kind: "tcpserver";
  /** Interface to listen on; default all (give 127.0.0.1 for local use). */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
}
export interface SerialEndpoint {
  readonly kind: "serial";
  readonly path: string;
  readonly baud: number;
}
export interface NtripEndpoint {
  readonly kind: "ntrip" | "ntrips";
  readonly host: string;
  readonly port: number;
  /** Empty: the sourcetable. */
  readonly mount: string;
  readonly user?: string;
  readonly password?: string;
  readonly version: 1 | 2;
  /** Send a GGA sentence every so many seconds (network mountpoints); 0 = never. */
  readonly ggaInterval_s: number;
  /** Fixed position for the GGA sentences: latitude, longitude (deg), ellipsoidal height (m). */
  readonly ggaPosition?: readonly [number, number, number];
}
export interface StdioEndpoint {
  readonly kind: "stdio";
}

export type Endpoint =
  | FileEndpoint
  | TcpEndpoint
  | TcpServerEndpoint
  | SerialEndpoint
  | NtripEndpoint
  | StdioEndpoint;

const bad = (text: string, why: string) => new BeidouError("bad-argument", `'${text}': ${why}`);

function port(text: string, p: string, allowZero = false): number {
  const n = Number(p);
  if (!/^\d+$/.test(p) || n > 65535 || (n === 0 && !allowZero)) throw bad(text, `bad port '${p}'`);
  return n;
}

function query(q: string | undefined, separators = /&/): Map<string, string> {
  const m = new Map<string, string>();
  if (!q) return m;
  for (const part of q.split(separators)) {
    if (!part) continue;
    const i = part.indexOf("=");
    m.set(i < 0 ? part : part.slice(0, i), i < 0 ? "" : decodeURIComponent(part.slice(i + 1)));
  }
  return m;
}

/** Parse an endpoint string; throws a BeidouError("bad-argument") with one clear line. */
export function parseEndpoint(text: string): Endpoint {
  if (text === "-" || text === "stdout:" || text === "stdin:" || text === "stdio:") return { kind: "stdio" };
  const scheme = /^([a-z]+):/i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) {
    throw bad(
      text,
      "expected file:PATH, tcp://HOST:PORT, tcpserver://:PORT, serial:///dev/ttyX?baud=N, ntrip://user:pass@host:port/MOUNT or -",
    );
  }
  const rest = text.slice(scheme.length + 1);
  switch (scheme) {
    case "file": {
      const body = rest.startsWith("//") ? rest.slice(2) : rest;
      const qi = body.indexOf("?");
      const path = qi < 0 ? body : body.slice(0, qi);
      if (!path) throw bad(text, "no file path");
      const q = query(qi < 0 ? undefined : body.slice(qi + 1), /[&,]/);
      return fileOptions(text, path, q);
    }
    case "tcp":
    case "tcpcli": {
      const m = /^\/\/(\[[^\]]+\]|[^:/?]+):(\d+)\/?$/.exec(rest);
      if (!m) throw bad(text, "expected tcp://HOST:PORT");
      return { kind: "tcp", host: m[1].replace(/^\[|\]$/g, ""), port: port(text, m[2]) };
    }
    case "tcpserver":
    case "tcpsvr": {
      const m = /^\/\/(\[[^\]]+\]|[^:/?]*):(\d+)\/?$/.exec(rest);
      if (!m) throw bad(text, "expected tcpserver://[HOST]:PORT");
      const host = m[1].replace(/^\[|\]$/g, "");
      return { kind: "tcpserver", host: host || undefined, port: port(text, m[2], true) };
    }
    case "serial": {
      const m = /^\/\/([^?]+)(?:\?(.*))?$/.exec(rest);
      if (!m) throw bad(text, "expected serial:///dev/ttyX?baud=N");
      const q = query(m[2]);
      const baud = q.has("baud") ? Number(q.get("baud")) : 115200;
      if (!Number.isInteger(baud) || baud <= 0) throw bad(text, `bad baud rate '${q.get("baud")}'`);
      return { kind: "serial", path: m[1], baud };
    }
    case "ntrip":
    case "ntrips": {
      const m =
        /^\/\/(?:([^:@/]*)(?::([^@/]*))?@)?(\[[^\]]+\]|[^:/?]+)(?::(\d+))?(?:\/([^?]*))?(?:\?(.*))?$/.exec(
          rest,
        );
      if (!m) throw bad(text, `expected ${scheme}://[user[:pass]@]host[:port]/MOUNT`);
      const q = query(m[6]);
      const version = q.has("version") ? Number(q.get("version")) : scheme === "ntrips" ? 1 : 2;
      if (version !== 1 && version !== 2) throw bad(text, "version must be 1 or 2");
      const gga = q.has("gga") ? Number(q.get("gga") || 10) : 0;
      if (!Number.isFinite(gga) || gga < 0) throw bad(text, `bad gga interval '${q.get("gga")}'`);
      let ggaPosition: [number, number, number] | undefined;
      if (q.has("pos")) {
        const p = (q.get("pos") ?? "").split(/[,:;\s]/).map(Number);
        if (
          p.length !== 3 ||
          p.some((x) => !Number.isFinite(x)) ||
          Math.abs(p[0]) > 90 ||
          Math.abs(p[1]) > 180
        )
          throw bad(text, "pos must be LAT,LON,HEIGHT in degrees and metres");
        ggaPosition = [p[0], p[1], p[2]];
      }
      const mount = decodeURIComponent(m[5] ?? "");
      if (scheme === "ntrips" && !mount) throw bad(text, "an NTRIP server needs a mountpoint");
      return {
        kind: scheme,
        host: m[3].replace(/^\[|\]$/g, ""),
        port: m[4] ? port(text, m[4]) : 2101,
        mount,
        user: m[1] !== undefined ? decodeURIComponent(m[1]) : undefined,
        password: m[2] !== undefined ? decodeURIComponent(m[2]) : undefined,
        version,
        ggaInterval_s: gga || (ggaPosition ? 10 : 0),
        ggaPosition,
      };
    }
    default:
      throw bad(text, `unknown scheme '${scheme}:'`);
  }
}

function fileOptions(text: string, path: string, q: Map<string, string>): FileEndpoint {
  let rate_Bps: number | undefined;
  let realtime = false;
  const r = q.get("rate");
  if (r !== undefined) {
    if (r === "realtime" || r === "rt") realtime = true;
    else {
      rate_Bps = Number(r);
      if (!Number.isFinite(rate_Bps) || rate_Bps <= 0)
        throw bad(text, `bad rate '${r}' (bytes/s or realtime)`);
    }
  }
  if (q.has("realtime")) realtime = true;
  const speed = q.has("speed") ? Number(q.get("speed")) : undefined;
  if (speed !== undefined && !(speed > 0)) throw bad(text, `bad speed '${q.get("speed")}'`);
  return {
    kind: "file",
    path,
    rate_Bps,
    realtime: realtime || undefined,
    speed,
    loop: q.has("loop") || undefined,
  };
}

/** The endpoint written back, password masked. */
export function formatEndpoint(e: Endpoint): string {
  switch (e.kind) {
    case "file":
      return `file:${e.path}`;
    case "tcp":
      return `tcp://${e.host}:${e.port}`;
    case "tcpserver":
      return `tcpserver://${e.host ?? ""}:${e.port}`;
    case "serial":
      return `serial://${e.path}?baud=${e.baud}`;
    case "ntrip":
    case "ntrips":
      return `${e.kind}://${e.user !== undefined ? `${e.user}${e.password !== undefined ? ":***" : ""}@` : ""}${e.host}:${e.port}/${e.mount}`;
    case "stdio":
      return "-";
  }
}
