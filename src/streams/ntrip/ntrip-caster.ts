// NTRIP caster (RTCM 10410.0 NTRIP 1.0 §3; RTCM 10410.1 NTRIP 2.0 §2): the sourcetable at `GET /`, streams
// at `GET /MOUNT` to NTRIP 1.0 clients (`ICY 200 OK`, raw bytes) and 2.0 clients (`HTTP/1.1 200 OK`, chunked),
// sources pushed by NTRIP servers (1.0 `SOURCE password /MOUNT`, 2.0 `POST /MOUNT`) or read from files (once
// or looped, at a byte rate or the data's own pace; played while clients listen). Every client has a bounded
// queue: a client that cannot keep up loses whole chunks, counted, and never makes the caster's memory grow.

import net from "node:net";
import type { ByteSource, StreamEventListener } from "../sources/byte-source.js";
import { FanOut, type FanOutClientStats } from "../sources/fan-out.js";
import { ChunkedDecoder } from "./chunked-decoder.js";
import { parseBasicAuth, parseRequestHead, type RequestHead } from "./message-head.js";
import {
  formatCasterRecord,
  formatSourcetable,
  formatStreamRecord,
  type StreamRecord,
} from "./sourcetable.js";

export const CASTER_AGENT = "NTRIP beidou-caster/0.1";

export interface MountConfig {
  readonly name: string;
  /** Makes the mount's bytes (a file replay); absent: an NTRIP server pushes them. */
  readonly source?: () => ByteSource;
  /** File mounts: play only while at least one client listens (default true). */
  readonly onDemand?: boolean;
  /** Sourcetable fields for the STR record. */
  readonly str?: Partial<StreamRecord>;
}

export interface CasterOptions {
  /** Interface to listen on (default all; tests use 127.0.0.1). */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly mounts?: readonly MountConfig[];
  /** Client credentials (user, password); empty: no authentication. */
  readonly users?: ReadonlyArray<readonly [string, string]>;
  /** Credentials NTRIP servers must give (1.0: the password only); undefined: any server may push. */
  readonly sourceUser?: readonly [string, string];
  /** Accept a SOURCE/POST for a mountpoint not configured (it is added to the sourcetable). Default true. */
  readonly allowNewMounts?: boolean;
  /** Per-client queue beyond the socket buffer (bytes). */
  readonly queueCapacity_bytes?: number;
  readonly maxClients?: number;
  /** Time a connection has to send its request head (ms). */
  readonly headTimeout_ms?: number;
  readonly onEvent?: StreamEventListener;
}

export interface MountStats {
  readonly name: string;
  /** "file", "push" (a server is sending), "idle" (waiting for a server). */
  readonly feed: "file" | "push" | "idle";
  readonly in_bytes: number;
  readonly clients: FanOutClientStats[];
  readonly dropped_bytes: number;
}

interface Mount {
  readonly name: string;
  readonly config?: MountConfig;
  readonly fanOut: FanOut;
  in_bytes: number;
  pusher?: net.Socket;
  fileSource?: ByteSource;
  pumping: boolean;
}

const enc = new TextEncoder();

function httpDate(): string {
  return new Date().toUTCString();
}

export class NtripCaster {
  private server?: net.Server;
  private readonly mounts = new Map<string, Mount>();
  private readonly sockets = new Set<net.Socket>();
  private readonly o: CasterOptions;
  private readonly emit: StreamEventListener;
  private clientCount = 0;
  port = 0;

  constructor(options: CasterOptions) {
    this.o = options;
    this.emit = options.onEvent ?? (() => {});
    for (const m of options.mounts ?? []) this.addMount(m.name, m);
  }

  private addMount(name: string, config?: MountConfig): Mount {
    const m: Mount = {
      name,
      config,
      in_bytes: 0,
      pumping: false,
      fanOut: new FanOut({
        queueCapacity_bytes: this.o.queueCapacity_bytes,
        onClientLeft: (s) => {
          this.clientCount--;
          this.emit({
            kind: "client-left",
            endpoint: `/${name}`,
            at_ms: Date.now(),
            client: s.remote,
            bytesSent: s.sent_bytes,
            bytesDropped: s.dropped_bytes,
          });
          if (m.fanOut.size === 0 && m.fileSource && (m.config?.onDemand ?? true)) {
            m.fileSource.close();
            m.fileSource = undefined;
          }
        },
      }),
    };
    this.mounts.set(name, m);
    return m;
  }

  /** Listen; resolves with the port. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((s) => this.accept(s));
      server.once("error", reject);
      server.listen(this.o.port, this.o.host, () => {
        server.off("error", reject);
        this.server = server;
        this.port = (server.address() as net.AddressInfo).port;
        for (const m of this.mounts.values())
          if (m.config?.source && m.config.onDemand === false) this.pump(m);
        resolve(this.port);
      });
    });
  }

  /** Stop listening and drop every connection at once (as a crash would). */
  async stop(): Promise<void> {
    for (const m of this.mounts.values()) {
      m.fileSource?.close();
      m.fileSource = undefined;
      m.fanOut.destroyAll();
    }
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  stats(): MountStats[] {
    return [...this.mounts.values()].map((m) => ({
      name: m.name,
      feed: m.config?.source ? "file" : m.pusher ? "push" : "idle",
      in_bytes: m.in_bytes,
      clients: m.fanOut.stats(),
      dropped_bytes: m.fanOut.totalDropped_bytes(),
    }));
  }

  sourcetable(): string {
    const lines = [formatCasterRecord({ host: this.o.host ?? "0.0.0.0", port: this.port })];
    for (const m of this.mounts.values()) {
      if (!m.config && !m.pusher) continue; // a pushed mount whose server left
      lines.push(
        formatStreamRecord({
          mount: m.name,
          authentication: (this.o.users?.length ?? 0) > 0 ? "B" : "N",
          ...m.config?.str,
        }),
      );
    }
    return formatSourcetable(lines);
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buf: Uint8Array = new Uint8Array(0);
    const timer = setTimeout(() => socket.destroy(), this.o.headTimeout_ms ?? 10_000);
    const onData = (d: Buffer) => {
      const next = new Uint8Array(buf.length + d.length);
      next.set(buf, 0);
      next.set(d, buf.length);
      buf = next;
      const p = parseRequestHead(buf);
      if (p.kind === "incomplete") return;
      socket.off("data", onData);
      clearTimeout(timer);
      if (p.kind === "error") {
        this.reply(socket, "HTTP/1.1 400 Bad Request", [], p.message);
        return;
      }
      this.route(socket, p.head, buf.subarray(p.bodyStart));
    };
    socket.on("data", onData);
  }

  private reply(socket: net.Socket, status: string, headers: string[], body = ""): void {
    const b = enc.encode(body);
    const head = [
      status,
      `Server: ${CASTER_AGENT}`,
      `Date: ${httpDate()}`,
      ...headers,
      ...(b.length > 0 || status.startsWith("HTTP") ? [`Content-Length: ${b.length}`] : []),
      "Connection: close",
    ];
    socket.end(Buffer.concat([enc.encode(`${head.join("\r\n")}\r\n\r\n`), b]));
  }

  private sendSourcetable(socket: net.Socket, v2: boolean): void {
    const body = this.sourcetable();
    if (v2)
      this.reply(
        socket,
        "HTTP/1.1 200 OK",
        ["Ntrip-Version: Ntrip/2.0", "Content-Type: gnss/sourcetable"],
        body,
      );
    else this.reply(socket, "SOURCETABLE 200 OK", ["Content-Type: text/plain"], body);
  }

  private clientAllowed(h: RequestHead): boolean {
    const users = this.o.users ?? [];
    if (users.length === 0) return true;
    const cred = parseBasicAuth(h.headers.get("authorization"));
    return !!cred && users.some(([u, p]) => u === cred[0] && p === cred[1]);
  }

  private sourceAllowed(h: RequestHead): boolean {
    const need = this.o.sourceUser;
    if (!need) return true;
    if (h.method === "SOURCE") return h.sourcePassword === need[1];
    const cred = parseBasicAuth(h.headers.get("authorization"));
    return !!cred && cred[0] === need[0] && cred[1] === need[1];
  }

  private route(socket: net.Socket, h: RequestHead, rest: Uint8Array): void {
    const v2 = h.ntripVersion === 2;
    if (h.method === "SOURCE" || h.method === "POST") {
      this.addPusher(socket, h, rest);
    } else if (h.method !== "GET") {
      this.reply(socket, "HTTP/1.1 405 Method Not Allowed", ["Allow: GET, POST, SOURCE"]);
    } else if (h.mount === "") {
      this.sendSourcetable(socket, v2);
    } else {
      const m = this.mounts.get(h.mount);
      if (!m || (!m.config && !m.pusher && m.fanOut.size === 0)) {
        // NTRIP 1.0: an unknown mountpoint gets the sourcetable; 2.0: 404
        if (v2) this.reply(socket, "HTTP/1.1 404 Not Found", ["Ntrip-Version: Ntrip/2.0"]);
        else this.sendSourcetable(socket, false);
      } else if (!this.clientAllowed(h)) {
        this.reply(socket, `${v2 ? "HTTP/1.1" : "HTTP/1.0"} 401 Unauthorized`, [
          ...(v2 ? ["Ntrip-Version: Ntrip/2.0"] : []),
          `WWW-Authenticate: Basic realm="/${m.name}"`,
        ]);
      } else if (this.clientCount >= (this.o.maxClients ?? 1000)) {
        this.reply(socket, "HTTP/1.1 503 Service Unavailable", []);
      } else {
        this.addClient(socket, m, v2);
      }
    }
  }

  private addClient(socket: net.Socket, m: Mount, v2: boolean): void {
    if (v2) {
      socket.write(
        [
          "HTTP/1.1 200 OK",
          "Ntrip-Version: Ntrip/2.0",
          `Server: ${CASTER_AGENT}`,
          `Date: ${httpDate()}`,
          "Cache-Control: no-store, no-cache, max-age=0",
          "Pragma: no-cache",
          "Connection: close",
          "Content-Type: gnss/data",
          "Transfer-Encoding: chunked",
          "",
          "",
        ].join("\r\n"),
      );
    } else socket.write("ICY 200 OK\r\n");
    // GGA sentences from the client are read and ignored (this caster serves single-base streams)
    socket.on("data", () => {});
    this.clientCount++;
    m.fanOut.add(socket, m.name, v2);
    this.emit({
      kind: "client-joined",
      endpoint: `/${m.name}`,
      at_ms: Date.now(),
      client: `${socket.remoteAddress}:${socket.remotePort}`,
    });
    if (m.config?.source && !m.pumping) this.pump(m);
  }

  /** Play a file mount while it has clients; at its end (not looped) its clients are let go. */
  private pump(m: Mount): void {
    const make = m.config?.source;
    if (!make) return;
    const src = make();
    m.fileSource = src;
    m.pumping = true;
    (async () => {
      try {
        for await (const chunk of src) {
          m.in_bytes += chunk.length;
          m.fanOut.broadcast(chunk);
        }
      } catch (e) {
        this.emit({
          kind: "error",
          endpoint: `/${m.name}`,
          at_ms: Date.now(),
          message: (e as Error).message,
        });
      } finally {
        m.pumping = false;
        if (m.fileSource === src) {
          m.fileSource = undefined;
          m.fanOut.endAll();
        }
      }
    })();
  }

  private addPusher(socket: net.Socket, h: RequestHead, rest: Uint8Array): void {
    const v1 = h.method === "SOURCE";
    const fail = (v1text: string, v2status: string): void => {
      if (v1) socket.end(`${v1text}\r\n`);
      else this.reply(socket, v2status, ["Ntrip-Version: Ntrip/2.0"]);
    };
    let m = h.mount ? this.mounts.get(h.mount) : undefined;
    if (!this.sourceAllowed(h)) {
      fail("ERROR - Bad Password", "HTTP/1.1 401 Unauthorized");
      return;
    }
    if (!h.mount || (!m && this.o.allowNewMounts === false)) {
      fail("ERROR - Bad Mountpoint", "HTTP/1.1 404 Not Found");
      return;
    }
    if (m?.config?.source || m?.pusher) {
      fail("ERROR - Mount Point Taken", "HTTP/1.1 409 Conflict");
      return;
    }
    if (!m) m = this.addMount(h.mount);
    const mount = m;
    mount.pusher = socket;
    socket.write(
      v1
        ? "ICY 200 OK\r\n"
        : `HTTP/1.1 200 OK\r\nNtrip-Version: Ntrip/2.0\r\nServer: ${CASTER_AGENT}\r\nDate: ${httpDate()}\r\n\r\n`,
    );
    this.emit({
      kind: "connected",
      endpoint: `/${mount.name}`,
      at_ms: Date.now(),
      detail: `source ${socket.remoteAddress}:${socket.remotePort} (${h.method})`,
    });
    const chunked = !v1 && /chunked/i.test(h.headers.get("transfer-encoding") ?? "");
    const decoder = chunked ? new ChunkedDecoder() : undefined;
    const feed = (d: Uint8Array) => {
      let parts: Uint8Array[];
      try {
        parts = decoder ? decoder.push(d) : [d];
      } catch {
        socket.destroy();
        return;
      }
      for (const p of parts) {
        if (p.length === 0) continue;
        mount.in_bytes += p.length;
        // copy out of the socket's buffer views: clients may hold the chunk in their queues
        mount.fanOut.broadcast(decoder ? p.slice() : p);
      }
    };
    if (rest.length > 0) feed(rest);
    socket.on("data", feed);
    socket.on("close", () => {
      if (mount.pusher === socket) mount.pusher = undefined;
      this.emit({
        kind: "disconnected",
        endpoint: `/${mount.name}`,
        at_ms: Date.now(),
        reason: "source left",
      });
    });
  }
}
