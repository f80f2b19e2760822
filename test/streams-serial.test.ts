// `serial:///dev/ttyX?baud=N` through the `serialport` package, on a pseudo-terminal pair made by Python's
// pty module (the receiver end writes the log into the master; beidou reads the slave as a serial port).
// Skips with a note where python3 or serialport's native part is not available.

import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openSource } from "../src/streams/sources/open-endpoint.js";
import { SerialSource } from "../src/streams/sources/serial-source.js";
import { collect, F9R_LOG, HAVE_F9R } from "./streams-support.js";

const HAVE_PYTHON = spawnSync("python3", ["-c", "import pty"], { stdio: "ignore" }).status === 0;
let HAVE_SERIALPORT = true;
try {
  await import("serialport");
} catch {
  HAVE_SERIALPORT = false;
}
if (!HAVE_PYTHON || !HAVE_SERIALPORT)
  console.log(
    `serial test skipped: ${!HAVE_PYTHON ? "python3 with pty" : "the serialport package"} is not available`,
  );

const FEEDER = `
import os, pty, sys, time
master, slave = pty.openpty()
print(os.ttyname(slave), flush=True)
data = open(sys.argv[1], "rb").read()
time.sleep(float(sys.argv[2]))
for i in range(0, len(data), 4096):
    os.write(master, data[i:i + 4096])
    time.sleep(0.005)
time.sleep(3)
`;

describe.skipIf(!HAVE_PYTHON || !HAVE_SERIALPORT || !HAVE_F9R)("serial port source", () => {
  it("reads a log written into a pseudo-terminal byte for byte", async () => {
    const log = readFileSync(F9R_LOG);
    const feeder = spawn("python3", ["-c", FEEDER, F9R_LOG, "0.5"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const path = await new Promise<string>((resolve) =>
        feeder.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
      );
      const src = openSource(`serial://${path}?baud=115200`);
      expect(src).toBeInstanceOf(SerialSource);
      const got = await collect(src, { max: log.length, timeout_ms: 8000 });
      expect(got.length).toBe(log.length);
      expect(got.equals(log)).toBe(true);
    } finally {
      feeder.kill("SIGKILL");
    }
  });

  it("a port that does not exist ends with a one-line error", async () => {
    const src = openSource("serial:///dev/beidou-no-such-port?baud=9600");
    await expect(collect(src, { timeout_ms: 3000 })).rejects.toThrow(/^\/dev\/beidou-no-such-port: .+$/);
  });
});
