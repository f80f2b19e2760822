// `beidou caster --port N [--mount NAME=file:PATH[,rate=...][,loop]]... [--mount NAME=push] [--user u:p]`:
// an NTRIP caster. Sourcetable at GET /, NTRIP 1.0 and 2.0 clients, mountpoints fed from files (once or
// looped, at a byte rate or the data's own pace) or pushed by NTRIP servers (SOURCE / POST). Each client has
// a bounded queue; what a slow client misses is counted and reported when it leaves and at the end.

import type { Command } from "commander";
import { BeidouError } from "../../core/errors.js";
import { defaultFramer } from "../../streams/engine/default-framer.js";
import { type MountConfig, NtripCaster } from "../../streams/ntrip/ntrip-caster.js";
import type { StreamEvent } from "../../streams/sources/byte-source.js";
import { parseEndpoint } from "../../streams/sources/endpoint.js";
import { FileSource } from "../../streams/sources/file-source.js";

export interface CasterCliOptions {
  port?: string;
  host?: string;
  mount?: string[];
  user?: string[];
  sourceUser?: string;
  queue?: string;
  duration?: string;
  closedMounts?: boolean;
  quiet?: boolean;
}

const bad = (message: string) => new BeidouError("bad-argument", message);

function credentials(text: string, what: string): [string, string] {
  const i = text.indexOf(":");
  if (i <= 0) throw bad(`${what}: expected USER:PASSWORD, got '${text}'`);
  return [text.slice(0, i), text.slice(i + 1)];
}

/** `NAME=file:PATH[,rate=N|realtime][,speed=X][,loop]` or `NAME=push`. */
export function parseMountSpec(text: string): MountConfig {
  const eq = text.indexOf("=");
  const name = eq < 0 ? text : text.slice(0, eq);
  if (!/^[A-Za-z0-9_.-]+$/.test(name))
    throw bad(`--mount: bad mountpoint name '${name}' (letters, digits, _ . -)`);
  const spec = eq < 0 ? "push" : text.slice(eq + 1);
  if (spec === "push") return { name };
  const [first, ...opts] = spec.split(",");
  const e = parseEndpoint(opts.length > 0 ? `${first}?${opts.join("&")}` : first);
  if (e.kind !== "file")
    throw bad(
      `--mount ${name}: a mountpoint is fed from file:PATH or by an NTRIP server (push), not '${spec}'`,
    );
  return {
    name,
    source: () =>
      new FileSource(e.path, {
        rate_Bps: e.rate_Bps,
        realtime: e.realtime,
        speed: e.speed,
        loop: e.loop,
        framer: e.realtime ? defaultFramer : undefined,
      }),
    str: { identifier: name, misc: e.path.split("/").pop() },
  };
}

function describe(e: StreamEvent): string | undefined {
  switch (e.kind) {
    case "client-joined":
      return `${e.endpoint}: client ${e.client} joined`;
    case "client-left":
      return `${e.endpoint}: client ${e.client} left: sent ${e.bytesSent ?? 0} B, dropped ${e.bytesDropped ?? 0} B`;
    case "connected":
      return `${e.endpoint}: ${e.detail ?? "source connected"}`;
    case "disconnected":
      return `${e.endpoint}: ${e.reason}`;
    case "error":
      return `${e.endpoint}: error: ${e.message}`;
    default:
      return undefined;
  }
}

export async function runCaster(o: CasterCliOptions): Promise<number> {
  const port = Number(o.port ?? 2101);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw bad(`--port: expected 0..65535, got '${o.port}'`);
  const mounts = (o.mount ?? []).map(parseMountSpec);
  const users = (o.user ?? []).map((u) => credentials(u, "--user"));
  const sourceUser = o.sourceUser ? credentials(o.sourceUser, "--source-user") : undefined;
  const queue_kib = o.queue === undefined ? 256 : Number(o.queue);
  if (!(queue_kib > 0)) throw bad(`--queue: expected KiB > 0, got '${o.queue}'`);
  const duration_s = o.duration === undefined ? undefined : Number(o.duration);
  if (duration_s !== undefined && !(duration_s > 0))
    throw bad(`--duration: expected seconds > 0, got '${o.duration}'`);
  const log = (line: string) => {
    if (!o.quiet) process.stderr.write(`${line}\n`);
  };
  const caster = new NtripCaster({
    host: o.host,
    port,
    mounts,
    users,
    sourceUser,
    allowNewMounts: !o.closedMounts,
    queueCapacity_bytes: queue_kib * 1024,
    onEvent: (e) => {
      const t = describe(e);
      if (t) log(t);
    },
  });
  try {
    await caster.start();
  } catch (e) {
    throw new BeidouError("io", `cannot listen on ${o.host ?? "*"}:${port}: ${(e as Error).message}`);
  }
  log(
    `caster listening on ${o.host ?? "*"}:${caster.port}; mountpoints: ${mounts.map((m) => m.name).join(", ") || "(pushed ones only)"}${users.length ? "; clients need a password" : ""}`,
  );
  await new Promise<void>((resolve) => {
    const timer = duration_s ? setTimeout(done, duration_s * 1000) : undefined;
    function done() {
      if (timer) clearTimeout(timer);
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    }
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  const stats = caster.stats();
  await caster.stop();
  for (const m of stats) {
    log(
      `/${m.name}: ${m.in_bytes} B in, ${m.clients.length} client(s) at the end, ${m.dropped_bytes} B dropped for slow clients`,
    );
  }
  return 0;
}

const collect = (value: string, prev: string[] | undefined) => [...(prev ?? []), value];

export function registerCaster(program: Command): void {
  program
    .command("caster")
    .description(
      "an NTRIP caster: mountpoints fed from files or pushed by NTRIP servers, NTRIP 1.0 and 2.0 clients",
    )
    .option("--port <n>", "TCP port", "2101")
    .option("--host <addr>", "interface to listen on (default: all)")
    .option(
      "--mount <spec>",
      "repeatable: NAME=file:PATH[,rate=BYTES_PER_S|realtime][,speed=X][,loop], or NAME=push (fed by an NTRIP server)",
      collect,
    )
    .option("--user <u:p>", "client credentials (repeatable); none: open caster", collect)
    .option("--source-user <u:p>", "credentials NTRIP servers must give (NTRIP 1.0: the password)")
    .option("--closed-mounts", "refuse servers pushing to a mountpoint not given with --mount")
    .option(
      "--queue <KiB>",
      "per-client queue; a client that falls further behind loses data (counted)",
      "256",
    )
    .option("--duration <s>", "stop after this many seconds")
    .option("-q, --quiet", "no messages on stderr")
    .action(async (o: CasterCliOptions) => {
      process.exitCode = await runCaster(o);
    });
}
