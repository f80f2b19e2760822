// UBX decoding throughput: framer (sync + Fletcher checksum), + decodeUbx (payload -> records), + RXM-RAWX
// -> ObsEpoch, on the u-blox logs of ../shared/data/ubx-bds-logs (or the files given), in MB/s of input.
//   npm run build && node bench/ubx-decode.mjs [file ...]
// Whole logs pushed in 64 KiB chunks (a file read) and in 256-byte chunks (a serial port); best of 5 runs of
// at least 0.3 s each. For context, RTKLIB's `convbin -r ubx` (whole process: read, decode and write RINEX
// obs+nav, so an upper bound of its decode time) is timed on the same bytes when convbin is installed.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = process.env.BEIDOU_DIST ?? path.join(root, "dist");
const { UbxFramer } = await import(path.join(dist, "formats/ubx/ubx-framer.js"));
const { decodeUbx } = await import(path.join(dist, "formats/ubx/ubx-messages.js"));
const { RawxEpochAssembler } = await import(path.join(dist, "formats/ubx/rawx-epoch-assembler.js"));
const data = path.resolve(root, "../shared/data/ubx-bds-logs");

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        "navsol_F9T-L2-5min.ubx.gz",
        "gpsd_ublox-zed-f9p_hpg1.11.log",
        "gpsd_ublox-x20p.log",
        "gpsd_ublox-zed-f9p-sfrbx.log",
        "pyubx2_pygpsdata-RXMRAWX.log",
      ].map((f) => path.join(data, f));

function run(bytes, chunk, stage) {
  const framer = new UbxFramer();
  const asm = new RawxEpochAssembler();
  let frames = 0;
  let records = 0;
  let epochs = 0;
  const take = (got) => {
    frames += got.length;
    if (stage === "frame") return;
    for (const f of got) {
      const m = decodeUbx(f);
      records++;
      if (stage === "epochs" && m.kind === "RXM-RAWX" && asm.push(m)) epochs++;
    }
  };
  for (let at = 0; at < bytes.length; at += chunk) take(framer.push(bytes.subarray(at, at + chunk)));
  take(framer.finish());
  return { frames, records, epochs };
}

function measure(bytes, chunk, stage) {
  let best = Number.POSITIVE_INFINITY;
  let out;
  for (let k = 0; k < 5; k++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      out = run(bytes, chunk, stage);
      n++;
      t = performance.now();
    } while (t - t0 < 300);
    best = Math.min(best, (t - t0) / n);
  }
  return { ms: best, mbps: bytes.length / 1e6 / (best / 1000), ...out };
}

const haveConvbin = spawnSync("convbin", ["-h"], { encoding: "utf8" }).error === undefined;
const tmp = mkdtempSync(path.join(tmpdir(), "ubx-bench-"));

console.log(
  "file | MB | frames | RAWX epochs | frame MB/s (64K / 256 B chunks) | +decode MB/s (64K / 256 B) | +epochs MB/s (64K) | convbin whole process MB/s",
);
let total = 0;
let totalMs = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`${path.basename(file)} | missing`);
    continue;
  }
  let bytes = readFileSync(file);
  if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
  const f64 = measure(bytes, 65536, "frame");
  const f256 = measure(bytes, 256, "frame");
  const d64 = measure(bytes, 65536, "decode");
  const d256 = measure(bytes, 256, "decode");
  const e64 = measure(bytes, 65536, "epochs");
  total += bytes.length;
  totalMs += e64.ms;
  let rtk = "-";
  if (haveConvbin) {
    const plain = path.join(tmp, path.basename(file).replace(/\.gz$/, ""));
    writeFileSync(plain, bytes);
    let bestMs = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const r = spawnSync("convbin", ["-r", "ubx", "-v", "3.04", "-od", "-os", "-d", tmp, plain], {
        encoding: "utf8",
      });
      const ms = performance.now() - t0;
      if (r.status === 0) bestMs = Math.min(bestMs, ms);
    }
    if (Number.isFinite(bestMs))
      rtk = `${(bytes.length / 1e6 / (bestMs / 1000)).toFixed(1)} (${bestMs.toFixed(0)} ms)`;
  }
  console.log(
    `${path.basename(file)} | ${(bytes.length / 1e6).toFixed(2)} | ${f64.frames} | ${e64.epochs} | ` +
      `${f64.mbps.toFixed(0)} / ${f256.mbps.toFixed(0)} | ${d64.mbps.toFixed(0)} / ${d256.mbps.toFixed(0)} | ` +
      `${e64.mbps.toFixed(0)} | ${rtk}`,
  );
}
if (totalMs > 0) {
  console.log(
    `all files: ${(total / 1e6).toFixed(2)} MB, frame + decode + epochs ${(total / 1e6 / (totalMs / 1000)).toFixed(0)} MB/s`,
  );
}
