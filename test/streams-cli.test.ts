// `beidou caster` and `beidou stream` run in this process (commander programs with just these two
// commands): the caster replays the F9R log at 6x its pace, the stream command solves from it over NTRIP and
// writes a .pos file; the positions are checked against the station's 1006 ARP, the latency line is on
// stderr. Bad arguments give one clear line.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerCaster } from "../src/cli/commands/caster.js";
import { registerStream } from "../src/cli/commands/stream.js";
import { BeidouError } from "../src/core/errors.js";
import { ecefToEnu } from "../src/frames/geodetic.js";
import { ecef } from "../src/frames/vectors.js";
import { parsePos } from "../src/streams/sinks/pos.js";
import { F9R_LOG, freePort, HAVE_F9R } from "./streams-support.js";

function program(): Command {
  const p = new Command("beidou").exitOverride();
  registerCaster(p);
  registerStream(p);
  return p;
}

const run = (args: string[]) => program().parseAsync(["node", "beidou", ...args]);

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe.skipIf(!HAVE_F9R)("beidou caster + beidou stream", () => {
  it("solves from the caster over NTRIP and writes .pos lines; latency on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "beidou-stream-"));
    const out = join(dir, "live.pos");
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      err.push(String(chunk));
      return typeof rest[0] === "function" ? write(chunk, rest[0] as () => void) : true;
    });
    try {
      const port = await freePort();
      const caster = run([
        "caster",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--mount",
        `F9R=file:${F9R_LOG},rate=realtime,speed=6`,
        "--duration",
        "6",
      ]);
      await new Promise((r) => setTimeout(r, 200));
      await run([
        "stream",
        "--in",
        `ntrip://127.0.0.1:${port}/F9R`,
        "--out",
        `file:${out}`,
        "--format",
        "pos",
        "--max-epochs",
        "10",
        "--retries",
        "3",
      ]);
      const streamCode = process.exitCode;
      await caster;
      const recs = parsePos(readFileSync(out, "utf8"));
      const arp = ecef(4472544.6659, 601634.1, 4492545.0279);
      const worst = Math.max(...recs.map((r) => Math.hypot(...ecefToEnu(ecef(r.x, r.y, r.z), arp))));
      const text = err.join("");
      console.log(
        `beidou stream over beidou caster: ${recs.length} positions, worst 3D error vs the 1006 ARP ${worst.toFixed(2)} m`,
      );
      expect(streamCode).toBe(0);
      expect(recs.length).toBe(10);
      expect(recs.every((r) => r.q === 5 && r.week === 2361)).toBe(true);
      expect(worst).toBeLessThan(4);
      expect(text).toMatch(
        /latency \(last byte of the epoch in -> solution out\), 10 epochs: p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms/,
      );
      expect(text).toMatch(/\/F9R: client 127\.0\.0\.1:\d+ joined/);
      expect(text).toMatch(/\/F9R: \d+ B in, \d+ client\(s\) at the end, 0 B dropped/);
      expect(text).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("bad arguments", () => {
  it("give one clear line each", async () => {
    const cases: [string[], RegExp][] = [
      [["stream"], /no input: give --in SOURCE/],
      [["stream", "--in", "file:x", "--format", "rinex"], /--format: expected nmea\|jsonl\|pos\|rtcm3/],
      [["stream", "--in", "bogus"], /'bogus': expected file:PATH/],
      [["stream", "--in", "file:x", "--date", "2025-13-01"], /--date: no such date/],
      [["stream", "--in", "ntrips://h:1/M"], /it is a sink \(--out\), not a source/],
      [["caster", "--mount", "A=tcp://h:1"], /fed from file:PATH or by an NTRIP server/],
      [["caster", "--mount", "bad name=push"], /bad mountpoint name/],
      [["caster", "--user", "nopassword"], /--user: expected USER:PASSWORD/],
      [["caster", "--port", "70000"], /--port: expected 0\.\.65535/],
    ];
    for (const [args, why] of cases) {
      const e = await run(args).catch((x) => x);
      expect(e).toBeInstanceOf(BeidouError);
      expect(e.message).toMatch(why);
      expect(e.message).not.toMatch(/\n/);
    }
  });

  it("a file input that does not exist ends with a one-line error", async () => {
    const e = await run([
      "stream",
      "--in",
      "file:/nonexistent/log.rtcm3",
      "--out",
      "file:/dev/null",
      "-q",
    ]).catch((x) => x);
    expect(e).toBeInstanceOf(BeidouError);
    expect(e.message).toMatch(/\/nonexistent\/log\.rtcm3: no such file/);
  });
});
