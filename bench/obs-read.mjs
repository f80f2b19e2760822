// Observation reading speed: RINEX / Hatanaka (.crx) / gzip -> ObsEpoch, through the Node adapter.
//   npm run build && node bench/obs-read.mjs [file ...]
// Without arguments it reads the observation files of ../shared/data. For plain RINEX files it also
// times RTKLIB's `convbin -r rinex` (read + write RINEX, so an upper bound of RTKLIB's read time) when
// convbin is installed; RTKLIB cannot read Hatanaka files itself.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { openObsFile } = await import(path.join(root, "dist/formats/text/read-obs-file.js"));
const data = path.resolve(root, "../shared/data");

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz",
        "hatanaka-pair-acor-2021-355/ACOR00ESP_R_20213550000_01D_30S_MO.crx",
        "hatanaka-pair-acor-2021-355/ACOR00ESP_R_20213550000_01D_30S_MO.rnx",
        "rtk-static-nagoya-2024-176/base.obs",
        "urbannav-tst-2019-118-kinematic/COM3_190428_124409.obs",
        "android-rinex-xiaomi-2024-092/GEOP092I.24o.gz",
      ].map((f) => path.join(data, f));

const haveConvbin = spawnSync("convbin", ["-h"], { encoding: "utf8" }).error === undefined;
const tmp = mkdtempSync(path.join(tmpdir(), "obs-bench-"));

async function readOnce(file) {
  const t0 = performance.now();
  const obs = await openObsFile(file);
  let epochs = 0;
  let values = 0;
  for await (const ep of obs.epochs) {
    epochs++;
    values += ep.values.length;
  }
  return { ms: performance.now() - t0, epochs, values, issues: obs.issueCount() };
}

console.log("file | epochs | values | beidou ms (best of 3) | Mvalues/s | RTKLIB convbin ms");
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`${path.basename(file)} | missing`);
    continue;
  }
  let best;
  for (let k = 0; k < 3; k++) {
    const r = await readOnce(file);
    if (!best || r.ms < best.ms) best = r;
  }
  let rtk = "-";
  if (haveConvbin && !/\.(crx|gz)$/i.test(file)) {
    const t0 = performance.now();
    const r = spawnSync("convbin", ["-r", "rinex", file, "-d", tmp], { encoding: "utf8" });
    if (r.status === 0) rtk = (performance.now() - t0).toFixed(0);
  }
  console.log(
    `${path.basename(file)} | ${best.epochs} | ${best.values} | ${best.ms.toFixed(0)} | ${(best.values / best.ms / 1000).toFixed(1)} | ${rtk}${best.issues ? ` (issues: ${best.issues})` : ""}`,
  );
}
