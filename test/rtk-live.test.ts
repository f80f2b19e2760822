// RTK live, end to end, in separate processes on 127.0.0.1: the Nagoya base file is encoded to RTCM 3 (MSM7 +
// ephemerides) and served by `beidou caster`; the rover, also encoded to RTCM 3, is replayed at real-time
// speed (1x) by `beidou stream --base ntrip://... --mode rtk-kinematic`. The first 60 epochs must be the
// post-processed solution of the RINEX files (`beidou solve ... --mode rtk-kinematic`): same epochs, all
// fixed, positions within 1 mm. The latency line (last byte of rover and base epoch in -> solution out) is
// printed.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePos } from "../src/streams/sinks/pos.js";
import { CLI, DATA, ensureBuilt, runCli } from "./cli-harness.js";
import { freePort } from "./streams-support.js";
import { NAGOYA_NAV, nagoyaToRtcm } from "./support/nagoya-rtcm.js";
import { HAVE_DATA } from "./support/real-data.js";

const DIR = path.join(DATA, "rtk-static-nagoya-2024-176");
const BASE_LLH = "35.134707705,136.977577939,104.853";
const EPOCHS = 60;

describe.skipIf(!HAVE_DATA)("RTK live: beidou caster (base) + real-time rover replay + beidou stream", () => {
  let tmp = "";
  const children: ChildProcess[] = [];
  beforeAll(() => {
    ensureBuilt();
    tmp = mkdtempSync(path.join(tmpdir(), "beidou-rtk-live-"));
  });
  afterAll(() => {
    for (const c of children) c.kill();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it(`the first ${EPOCHS} s, replayed at 1x, equal the post-processed fixed solution within 1 mm`, async () => {
    const nav = NAGOYA_NAV;
    await nagoyaToRtcm(tmp);
    const post = path.join(tmp, "post.pos");
    const pr = await runCli([
      "solve",
      path.join(DIR, "rover.obs"),
      path.join(DIR, "base.obs"),
      nav,
      "--mode",
      "rtk-kinematic",
      "--base-pos",
      BASE_LLH,
      "--out",
      post,
      "-q",
    ]);
    expect(pr.code, pr.stderr).toBe(0);

    const port = await freePort();
    const caster = spawn(
      process.execPath,
      [
        CLI,
        "caster",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--mount",
        `BASE=file:${path.join(tmp, "base.rtcm3")},realtime`,
        "--duration",
        String(EPOCHS + 60),
        "-q",
      ],
      { stdio: "ignore" },
    );
    children.push(caster);
    await new Promise((r) => setTimeout(r, 500));
    const live = path.join(tmp, "live.pos");
    const stream = spawn(
      process.execPath,
      [
        CLI,
        "stream",
        "--in",
        `file:${path.join(tmp, "rover.rtcm3")}`,
        "--realtime",
        "--base",
        `ntrip://127.0.0.1:${port}/BASE`,
        "--mode",
        "rtk-kinematic",
        "--base-pos",
        BASE_LLH,
        "--nav",
        nav,
        "--format",
        "pos",
        "--out",
        `file:${live}`,
        "--max-epochs",
        String(EPOCHS),
        "--retries",
        "5",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    children.push(stream);
    let stderr = "";
    stream.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    const t0 = performance.now();
    const code = await new Promise<number | null>((r) => stream.on("close", r));
    const wall_s = (performance.now() - t0) / 1000;
    caster.kill();
    expect(code, stderr).toBe(0);

    const a = parsePos(readFileSync(live, "utf8"));
    const b = parsePos(readFileSync(post, "utf8")).slice(0, EPOCHS);
    let worst = 0;
    for (let i = 0; i < b.length; i++) {
      expect(a[i].tow_s).toBe(b[i].tow_s);
      expect(a[i].q).toBe(1);
      expect(b[i].q).toBe(1);
      worst = Math.max(worst, Math.hypot(a[i].x - b[i].x, a[i].y - b[i].y, a[i].z - b[i].z));
    }
    const latency = /latency[^\n]*/.exec(stderr)?.[0] ?? "(no latency line)";
    console.log(
      `RTK live over NTRIP, rover at 1x: ${a.length} epochs in ${wall_s.toFixed(1)} s, all fixed; worst difference from post-processing ${(worst * 1000).toFixed(2)} mm; ${latency}`,
    );
    expect(a.length).toBe(EPOCHS);
    expect(worst).toBeLessThanOrEqual(0.001);
    // real-time: 60 epochs at 1 Hz take about a minute
    expect(wall_s).toBeGreaterThan(EPOCHS - 5);
    expect(stderr).toMatch(
      /latency \(last byte of the epoch in -> solution out\), \d+ epochs: p50 [\d.]+ ms/,
    );
  }, 180_000);
});
