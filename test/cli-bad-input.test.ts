// Bad input to `beidou solve`, run as the built command: small files made here from real data (the first
// epochs of the Nagoya rover.obs and its base.nav) and then damaged in known places. Each case checks the exit
// code, that stderr names the file and the line where the damage is (known from how the file was made), and
// that no stack trace leaks. Epoch counts come from scanning the excerpt's epoch lines here.

import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DATA, ensureBuilt, nonEmptyLines, runCli, stackFrames } from "./cli-harness.js";

const NAGOYA = path.join(DATA, "rtk-static-nagoya-2024-176");
const ESBC = path.join(DATA, "esbc-2020-177-station");
if (!existsSync(NAGOYA)) console.log(`cli-bad-input: ${NAGOYA} absent, real-data tests skipped`);

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Solution lines of a .pos output (not the % header). */
const posRows = (stdout: string) => nonEmptyLines(stdout).filter((l) => !l.startsWith("%"));

describe.skipIf(!existsSync(NAGOYA))(
  "beidou solve: bad input gives one clear line, never a stack trace",
  () => {
    let dir: string;
    let lines: string[];
    /** 0-based index of each epoch line and its satellite count. */
    let epochs: { at: number; n: number }[];
    let nav: string;

    /** The first `k` complete epochs of rover.obs (header included), as lines. */
    const firstEpochs = (k: number) => lines.slice(0, epochs[k].at);
    const write = (name: string, content: string | Buffer) => {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    };

    beforeAll(() => {
      ensureBuilt();
      dir = mkdtempSync(path.join(tmpdir(), "beidou-bad-"));
      lines = readFileSync(path.join(NAGOYA, "rover.obs"), "latin1").split("\n").slice(0, 2000);
      epochs = [];
      lines.forEach((l, i) => {
        const m = /^> \d{4}(?: +\d{1,2}){5}\.\d+ +(\d) *(\d+)/.exec(l);
        if (m) epochs.push({ at: i, n: Number(m[2]) });
      });
      nav = path.join(dir, "base.nav");
      copyFileSync(path.join(NAGOYA, "base.nav"), nav);
    });

    it("(a) observations cut mid-epoch: the complete epochs are solved (exit 0), a warning names file and line", async () => {
      const cut = epochs[9].at + 1 + 20; // epoch 10's line and 20 of its satellite lines
      const complete = epochs.filter((e) => e.at + e.n < cut).length;
      expect(complete).toBe(9);
      const file = write("cut.obs", `${lines.slice(0, cut).join("\n")}\n`);
      const r = await runCli(["solve", file, nav]);
      expect(stackFrames(r.stderr)).toEqual([]);
      expect(r.code).toBe(0);
      expect(posRows(r.stdout)).toHaveLength(complete);
      const warn = nonEmptyLines(r.stderr).filter((l) => l.startsWith("warning:"));
      expect(warn).toHaveLength(1);
      const m = new RegExp(`^warning: ${esc(file)}, line (\\d+): `).exec(warn[0]);
      expect(m, warn[0]).not.toBeNull();
      const line = Number(m?.[1]);
      expect(line).toBeGreaterThanOrEqual(epochs[9].at + 1);
      expect(line).toBeLessThanOrEqual(cut);
      expect(r.stderr).toMatch(
        new RegExp(`${esc(file)}: ${complete} of ${complete} epochs solved; 1 bad record\\(s\\) skipped`),
      );
      console.log(`(a) ${warn[0]}`);
    });

    it("(b) corrupted header: exit 1 and `error: FILE, line N: ...` at the damaged line", async () => {
      const body = firstEpochs(5);
      const noEnd = body.filter((l) => !l.slice(60).startsWith("END OF HEADER"));
      const firstEpochLine = noEnd.findIndex((l) => l.startsWith("> ")) + 1;
      const f1 = write("no-end.obs", `${noEnd.join("\n")}\n`);
      const badVersion = [`GARBAGE!!${body[0].slice(9)}`, ...body.slice(1)];
      const f2 = write("bad-version.obs", `${badVersion.join("\n")}\n`);
      const headerOnly = write("header-cut.obs", `${body.slice(0, 12).join("\n")}\n`);
      for (const [file, line] of [
        [f1, firstEpochLine],
        [f2, 1],
        [headerOnly, 12],
      ] as const) {
        const r = await runCli(["solve", file, nav]);
        expect(stackFrames(r.stderr)).toEqual([]);
        expect(r.code, file).toBe(1);
        const err = nonEmptyLines(r.stderr);
        expect(err, file).toEqual([
          expect.stringMatching(new RegExp(`^error: ${esc(file)}, line ${line}: \\S`)),
        ]);
        console.log(`(b) ${err[0]}`);
      }
    });

    it("(c) a garbage line inside the data: the run goes on, 1 bad record skipped, solutions before and after it", async () => {
      const body = firstEpochs(9);
      const at = epochs[4].at + 10; // among epoch 5's satellite lines
      const damaged = [...body.slice(0, at), "this line is garbage @@@@ 12345", ...body.slice(at)];
      const file = write("garbage.obs", `${damaged.join("\n")}\n`);
      const r = await runCli(["solve", "--time-format", "tow", file, nav]);
      expect(stackFrames(r.stderr)).toEqual([]);
      expect(r.code).toBe(0);
      const warn = nonEmptyLines(r.stderr).filter((l) => l.startsWith("warning:"));
      expect(warn).toEqual([expect.stringMatching(new RegExp(`^warning: ${esc(file)}, line ${at + 1}: `))]);
      expect(r.stderr).toMatch(/9 of 9 epochs solved; 1 bad record\(s\) skipped/);
      const tows = posRows(r.stdout).map((l) => Number(l.trim().split(/\s+/)[1]));
      // 08:20:00 GPST on 2024-06-24 (Monday) = 116400 s of week; epochs every second
      expect(tows).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => 116400 + k));
      console.log(`(c) ${warn[0]}`);
    });

    it("(d) the wrong kind of file: one clear line, non-zero exit", async () => {
      const png = write(
        "picture.obs",
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
      );
      const random = write(
        "random.bin",
        Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
      );
      const obs = write("good.obs", `${firstEpochs(5).join("\n")}\n`);
      for (const file of [png, random]) {
        const r = await runCli(["solve", file, nav]);
        expect(r.code).toBe(1);
        expect(stackFrames(r.stderr)).toEqual([]);
        expect(nonEmptyLines(r.stderr)).toEqual([
          expect.stringMatching(new RegExp(`^error: ${esc(file)}, line 1: not a file beidou reads`)),
        ]);
      }
      const navOnly = await runCli(["solve", nav]);
      expect(navOnly.code).toBe(1);
      expect(stackFrames(navOnly.stderr)).toEqual([]);
      expect(nonEmptyLines(navOnly.stderr)).toEqual([expect.stringMatching(/^error: .*observation/)]);
      console.log(`(d) nav only: ${navOnly.stderr.trim()}`);
      if (existsSync(ESBC)) {
        // an SP3 of 2020 with observations of 2024 (and no navigation file): nothing can be solved
        const r = await runCli(["solve", obs, path.join(ESBC, "Sta21114.sp3.gz")]);
        expect(r.code).not.toBe(0);
        expect(stackFrames(r.stderr)).toEqual([]);
        expect(nonEmptyLines(r.stderr)).toHaveLength(1);
        expect(posRows(r.stdout)).toHaveLength(0);
        console.log(`(d) SP3 + obs: exit ${r.code}: ${r.stderr.trim()}`);
      }
    });

    it("(e) observations without navigation data: `error: FILE: no navigation data ...`, exit 1", async () => {
      const obs = write("alone.obs", `${firstEpochs(5).join("\n")}\n`);
      const r = await runCli(["solve", obs]);
      expect(r.code).toBe(1);
      expect(stackFrames(r.stderr)).toEqual([]);
      expect(nonEmptyLines(r.stderr)).toEqual([
        expect.stringMatching(new RegExp(`^error: ${esc(obs)}: no navigation data`)),
      ]);
    });

    it("(f) a file that does not exist: `error: PATH: no such file`, exit 1", async () => {
      const obs = write("here.obs", `${firstEpochs(3).join("\n")}\n`);
      for (const args of [
        [path.join(dir, "nope.obs"), nav],
        [obs, path.join(dir, "nope.nav")],
      ]) {
        const missing = args.find((a) => a.includes("nope")) as string;
        const r = await runCli(["solve", ...args]);
        expect(r.code).toBe(1);
        expect(stackFrames(r.stderr)).toEqual([]);
        expect(nonEmptyLines(r.stderr)).toEqual([`error: ${missing}: no such file`]);
      }
    });

    it.skipIf(!existsSync(ESBC))(
      "a gzip file cut short (Hatanaka inside): epochs before the cut are solved, the damage is a warning with a line",
      async () => {
        const src = readFileSync(path.join(ESBC, "ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz"));
        const file = write("cut.crx.gz", src.subarray(0, 200_000));
        const r = await runCli(["solve", file, path.join(ESBC, "ESBC00DNK_R_20201770000_01D_MN.rnx.gz")]);
        expect(stackFrames(r.stderr)).toEqual([]);
        expect(r.code).toBe(0);
        expect(r.stderr).toMatch(
          new RegExp(`warning: ${esc(file)}, line \\d+: compressed data is truncated`),
        );
        const m = /: (\d+) of (\d+) epochs solved/.exec(r.stderr);
        expect(m).not.toBeNull();
        expect(Number(m?.[1])).toBe(Number(m?.[2]));
        expect(posRows(r.stdout)).toHaveLength(Number(m?.[1]));
        console.log(`gzip cut at 200 kB: ${m?.[1]} epochs solved`);
      },
    );

    it("bad options: one error line, no stack trace", async () => {
      const obs = write("opt.obs", `${firstEpochs(3).join("\n")}\n`);
      for (const opt of [
        ["--format", "kml"],
        ["--coords", "utm"],
        ["--elev-mask", "95"],
        ["--systems", "C,X"],
      ]) {
        const r = await runCli(["solve", ...opt, obs, nav]);
        expect(r.code).toBe(1);
        expect(stackFrames(r.stderr)).toEqual([]);
        expect(nonEmptyLines(r.stderr)).toEqual([
          expect.stringMatching(new RegExp(`^error: ${esc(opt[0])}`)),
        ]);
      }
    });
  },
);
