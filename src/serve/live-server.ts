// `beidou serve`'s HTTP server (node:http, 127.0.0.1 only): the dashboard's files, GET /api/live (Server-Sent
// Events, live-hub.ts), GET /api/status (JSON) and GET /api/coverage (JSON). Requests whose Host is not this
// machine's loopback name are refused, so that a web page elsewhere cannot reach the server through DNS
// rebinding.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BeidouError, formatError } from "../core/errors.js";
import type { CoverageService } from "./coverage-endpoint.js";
import type { LiveHub } from "./live-hub.js";
import { DEFAULT_WEB_ROOT, send, serveStatic } from "./static-files.js";

export const LOOPBACK = "127.0.0.1";

export interface LiveServerOptions {
  readonly hub: LiveHub;
  /** 0 picks a free port. */
  readonly port: number;
  /** Folder of the built dashboard (default dist/web of this package). */
  readonly webRoot?: string;
  readonly coverage?: CoverageService;
  /** Fields of GET /api/status besides the hub's (source, speed, version, ...). */
  readonly status?: () => Record<string, unknown>;
}

const JSON_TYPE = "application/json; charset=utf-8";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export class LiveServer {
  private readonly server: Server;
  private port_ = 0;
  private readonly started_ms = performance.now();

  constructor(private readonly options: LiveServerOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) send(res, 500, JSON_TYPE, false, JSON.stringify({ error: formatError(e) }));
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  get port(): number {
    return this.port_;
  }

  get url(): string {
    return `http://${LOOPBACK}:${this.port_}/`;
  }

  /** Listens on 127.0.0.1 (never every interface); resolves with the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => {
        const port = this.options.port;
        reject(
          e.code === "EADDRINUSE"
            ? new BeidouError(
                "io",
                `port ${port} is already in use on ${LOOPBACK}: choose another with --port N (0 picks a free one)`,
              )
            : e.code === "EACCES"
              ? new BeidouError("io", `port ${port} needs privileges: choose one above 1023 with --port N`)
              : new BeidouError("io", `cannot listen on ${LOOPBACK}:${port}: ${e.message}`),
        );
      };
      this.server.once("error", onError);
      this.server.listen({ host: LOOPBACK, port: this.options.port, exclusive: true }, () => {
        this.server.off("error", onError);
        this.port_ = (this.server.address() as AddressInfo).port;
        resolve(this.port_);
      });
    });
  }

  /** Ends every live stream and closes the server. */
  async close(): Promise<void> {
    this.options.hub.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  statusJson(): Record<string, unknown> {
    const mem = process.memoryUsage();
    return {
      ...this.options.status?.(),
      url: this.url,
      uptime_s: Math.round(performance.now() - this.started_ms) / 1000,
      ...this.options.hub.stats(),
      memory_MB: { rss: Math.round(mem.rss / 1e5) / 10, heapUsed: Math.round(mem.heapUsed / 1e5) / 10 },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === "HEAD";
    const hostname = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    if (!LOCAL_HOSTS.has(hostname)) {
      send(
        res,
        403,
        JSON_TYPE,
        head,
        JSON.stringify({ error: `host '${hostname}' is not served (local use only)` }),
      );
      return;
    }
    if (req.method !== "GET" && !head) {
      res.setHeader("Allow", "GET, HEAD");
      send(res, 405, JSON_TYPE, false, JSON.stringify({ error: `${req.method} is not allowed` }));
      return;
    }
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/api/live") {
      if (head) {
        res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8" });
        res.end();
        return;
      }
      this.options.hub.attach(req, res);
      return;
    }
    if (path === "/api/status") {
      send(res, 200, JSON_TYPE, head, JSON.stringify(this.statusJson()));
      return;
    }
    if (path === "/api/coverage") {
      const cov = this.options.coverage;
      if (!cov) {
        send(res, 503, JSON_TYPE, head, JSON.stringify({ error: "coverage is not served by this server" }));
        return;
      }
      const r = await cov.respond();
      send(res, r.status, JSON_TYPE, head, r.body, r.status === 200 ? "no-cache" : "no-store");
      return;
    }
    if (path.startsWith("/api/")) {
      send(res, 404, JSON_TYPE, head, JSON.stringify({ error: `no such endpoint: ${path}` }));
      return;
    }
    if (await serveStatic(this.options.webRoot ?? DEFAULT_WEB_ROOT, path, res, head)) return;
    send(res, 404, "text/plain; charset=utf-8", head, `not found: ${path}\n`);
  }
}
