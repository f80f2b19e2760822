// Shared by the test/cli-*.test.ts files: runs the built `beidou` command (node dist/cli/main.js) as a child
// process, building it first (once, under a lock, since vitest runs test files in parallel) when dist/ is
// older than the sources.

import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DATA = path.resolve(REPO, "../shared/data");
export const CLI = path.join(REPO, "dist/cli/main.js");
const STAMP = path.join(REPO, "dist/.cli-tests-built");
const LOCK = path.join(REPO, "dist/.cli-tests-build.lock");

function newestSource_ms(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource_ms(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(CLI) || !existsSync(STAMP)) return true;
  return newestSource_ms(path.join(REPO, "src")) > statSync(STAMP).mtimeMs;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** `npx tsc -p tsconfig.build.json` unless dist/ is up to date. Type errors are printed, not fatal. */
export function ensureBuilt(): void {
  const deadline = Date.now() + 180_000;
  while (isStale()) {
    mkdirSync(path.dirname(LOCK), { recursive: true });
    try {
      mkdirSync(LOCK);
    } catch {
      // another test file is building: wait for it (and break a lock left by a killed run)
      const lockTime_ms = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (lockTime_ms !== undefined && Date.now() - lockTime_ms > 120_000) rmdirSync(LOCK);
      if (Date.now() > deadline) throw new Error("cli tests: timed out waiting for the build lock");
      sleep(100);
      continue;
    }
    try {
      const started = new Date();
      const r = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO, encoding: "utf8" });
      if (r.status !== 0)
        console.warn(
          `cli tests: tsc reported problems (going on with what it emitted):\n${(r.stdout + r.stderr).slice(0, 2000)}`,
        );
      writeFileSync(STAMP, "");
      utimesSync(STAMP, started, started);
      if (!existsSync(CLI)) throw new Error("cli tests: build produced no dist/cli/main.js");
      return;
    } finally {
      rmdirSync(LOCK);
    }
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli/main.js ...args`; never rejects on a non-zero exit. */
export function runCli(args: readonly string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: opts.cwd ?? REPO, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: "1" } },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") reject(err);
        else resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Lines of stderr that are stack frames ("    at ..."): must never appear. */
export function stackFrames(stderr: string): string[] {
  return stderr.split("\n").filter((l) => /^\s+at /.test(l));
}

export const nonEmptyLines = (s: string): string[] => s.split("\n").filter((l) => l.trim().length > 0);
