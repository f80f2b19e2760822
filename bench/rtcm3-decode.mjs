// RTCM 3 decoding throughput: the four captures of ../shared/data/rtcm3-bds-streams, repeated in memory
// to about 32 MB each, through three stages: framing only (CRC-24Q, resync), framing + message decoding,
// and the whole chain to ObsEpoch (MsmEpochAssembler). MB/s counts every input byte (the F9R capture is
// mostly interleaved UBX/NMEA, skipped by the framer). A stream of the RTCM frames alone is timed too.
//   npm run build && node bench/rtcm3-decode.mjs [MB]
// BEIDOU_DIST=dir points at another build. When RTKLIB's convbin is installed, the whole-process time of
// `convbin -r rtcm3` on the same repeated bytes (written to a temporary file) is printed for comparison.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = process.env.BEIDOU_DIST ?? path.join(root, "dist");
const { Rtcm3Framer } = await import(path.join(dist, "formats/rtcm3/framer.js"));
const { decodeRtcm3 } = await import(path.join(dist, "formats/rtcm3/decode.js"));
const { Rtcm3StreamDecoder } = await import(path.join(dist, "formats/rtcm3/stream-decoder.js"));
const { fromCalendar } = await import(path.join(dist, "time/instant.js"));

const data = path.resolve(root, "../shared/data/rtcm3-bds-streams");
if (!existsSync(data)) {
  console.log(`${data} not found: nothing to measure`);
  process.exit(0);
}
const targetMB = Number(process.argv[2] ?? 32);
const logs = [
  ["gpsd_ublox-zed-f9r.log", [2025, 4, 11]],
  ["gpsd_ublox-zed-f9t-rtcm3.log", [2019, 10, 17]],
  ["pyrtcm_pygpsdata-NTRIP-USCL00CHL0.log", [2024, 3, 13]],
  ["pyrtcm_pygpsdata-RTCM3.log", [2024, 1, 2]],
];

function repeat(bytes, mb) {
  const n = Math.max(1, Math.ceil((mb * 1e6) / bytes.length));
  const out = new Uint8Array(bytes.length * n);
  for (let i = 0; i < n; i++) out.set(bytes, i * bytes.length);
  return out;
}

/** Best of `runs` timings (ms) of fn. */
function best(fn, runs = 5) {
  let t = Number.POSITIVE_INFINITY;
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    t = Math.min(t, performance.now() - t0);
  }
  return { ms: t, result };
}

const CHUNK = 64 * 1024;
function stages(bytes, date) {
  const framing = best(() => {
    const f = new Rtcm3Framer();
    let n = 0;
    for (let o = 0; o < bytes.length; o += CHUNK) n += f.push(bytes.subarray(o, o + CHUNK)).length;
    return n + f.finish().length;
  });
  const decoding = best(() => {
    const f = new Rtcm3Framer();
    let n = 0;
    for (let o = 0; o < bytes.length; o += CHUNK)
      for (const fr of f.push(bytes.subarray(o, o + CHUNK)))
        if (decodeRtcm3(fr, { reference: date }).kind !== "invalid") n++;
    return n;
  });
  const epochs = best(() => {
    const d = new Rtcm3StreamDecoder({ date });
    let n = 0;
    for (let o = 0; o < bytes.length; o += CHUNK) n += d.push(bytes.subarray(o, o + CHUNK)).epochs.length;
    return n + d.finish().epochs.length;
  });
  return { framing, decoding, epochs };
}

const mbps = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
const haveConvbin = spawnSync("convbin", ["-h"], { encoding: "utf8" }).error === undefined;
const tmp = mkdtempSync(path.join(tmpdir(), "rtcm3-bench-"));
console.log(`RTCM 3 decoding, ~${targetMB} MB per input, 64 KiB chunks, best of 5 (node ${process.version})`);
console.log(
  "input | MB | frames | epochs | framing MB/s | + decode MB/s | + epochs MB/s | convbin s | beidou s",
);
const allFrames = [];
for (const [name, [y, m, d]] of logs) {
  const raw = readFileSync(path.join(data, name));
  const fr = new Rtcm3Framer();
  for (const f of [...fr.push(raw), ...fr.finish()]) allFrames.push(f.bytes);
  const bytes = repeat(raw, targetMB);
  const date = fromCalendar("GPST", { year: y, month: m, day: d, hour: 12, minute: 0, second: 0 });
  const s = stages(bytes, date);
  let convbin = "-";
  if (haveConvbin) {
    const file = path.join(tmp, name);
    writeFileSync(file, bytes);
    const t0 = performance.now();
    spawnSync(
      "convbin",
      [
        "-r",
        "rtcm3",
        "-tr",
        `${y}/${m}/${d}`,
        "12:00:00",
        "-d",
        tmp,
        "-o",
        path.join(tmp, "out.obs"),
        "-n",
        path.join(tmp, "out.nav"),
        file,
      ],
      { encoding: "utf8" },
    );
    convbin = ((performance.now() - t0) / 1000).toFixed(2);
    rmSync(file);
  }
  console.log(
    `${name} | ${(bytes.length / 1e6).toFixed(1)} | ${s.framing.result} | ${s.epochs.result} | ${mbps(bytes.length, s.framing.ms)} | ${mbps(bytes.length, s.decoding.ms)} | ${mbps(bytes.length, s.epochs.ms)} | ${convbin} | ${(s.epochs.ms / 1000).toFixed(2)}`,
  );
}
// the RTCM frames of all four captures back to back: no skipped bytes
const framesOnly = new Uint8Array(allFrames.reduce((n, f) => n + f.length, 0));
let o = 0;
for (const f of allFrames) {
  framesOnly.set(f, o);
  o += f.length;
}
const bytes = repeat(framesOnly, targetMB);
const s = stages(
  bytes,
  fromCalendar("GPST", { year: 2025, month: 4, day: 11, hour: 12, minute: 0, second: 0 }),
);
console.log(
  `RTCM frames only | ${(bytes.length / 1e6).toFixed(1)} | ${s.framing.result} | ${s.epochs.result} | ${mbps(bytes.length, s.framing.ms)} | ${mbps(bytes.length, s.decoding.ms)} | ${mbps(bytes.length, s.epochs.ms)} | - | ${(s.epochs.ms / 1000).toFixed(2)}`,
);
rmSync(tmp, { recursive: true, force: true });
