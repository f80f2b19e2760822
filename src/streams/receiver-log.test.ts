// openReceiverLog keeps the first pass's epochs (up to retainEpochs_bytes) instead of reading the log
// twice: the epochs it streams are the same, value for value, whether they were kept or decoded again by
// a second pass (retainEpochs_bytes 0, or a budget the log overflows half-way), with and without a
// system filter, for RTCM 3 MSM and UBX RAWX logs.

import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dataPath, HAVE_DATA } from "../../test/support/real-data.js";
import type { ObsEpoch } from "../signals/observation.js";
import { fromCalendar } from "../time/instant.js";
import { openReceiverLog, type ReceiverLogOptions } from "./receiver-log.js";

const LOGS: [string, ReceiverLogOptions][] = [
  [
    "rtcm3-bds-streams/gpsd_ublox-zed-f9r.log",
    { date: fromCalendar("GPST", { year: 2025, month: 4, day: 11, hour: 0, minute: 0, second: 0 }) },
  ],
  ["ubx-bds-logs/gpsd_ublox-zed-f9p_hpg1.11.log", {}],
];

/** Epochs as comparable plain data (values as their exact bit patterns, NaN included). */
async function epochsOf(path: string, opts: ReceiverLogOptions) {
  const log = await openReceiverLog(path, opts);
  const out: unknown[] = [];
  for await (const ep of log.epochs as AsyncIterable<ObsEpoch>) {
    out.push({
      time: ep.time,
      sats: ep.sats.join(),
      codes: ep.codes.map((c) => c.join()).join("|"),
      offsets: [...ep.offsets],
      values: [...new Uint32Array(ep.values.buffer, ep.values.byteOffset, ep.values.length * 2)],
      lli: [...ep.lli],
      ssi: [...ep.ssi],
    });
  }
  return { out, summary: log.summary, header: log.header };
}

describe.skipIf(!HAVE_DATA)("openReceiverLog: kept epochs equal a second pass", () => {
  for (const [file, opts] of LOGS) {
    for (const systems of [undefined, ["C", "R"] as const]) {
      it(`${file}${systems ? ` (systems ${systems})` : ""}`, async () => {
        const path = dataPath(file);
        expect(existsSync(path)).toBe(true);
        const o = { ...opts, systems: systems ? [...systems] : undefined };
        const kept = await epochsOf(path, o);
        const reread = await epochsOf(path, { ...o, retainEpochs_bytes: 0 });
        const half = await epochsOf(path, { ...o, retainEpochs_bytes: 50_000 });
        expect(kept.out.length).toBe(kept.summary.epochs);
        expect(kept.out.length).toBeGreaterThan(10);
        expect(reread.out).toEqual(kept.out);
        expect(half.out).toEqual(kept.out);
        expect([...reread.summary.messages]).toEqual([...kept.summary.messages]);
        expect([...reread.header.obsCodes]).toEqual([...kept.header.obsCodes]);
        console.log(`${file}: ${kept.out.length} epochs the same kept and read again`);
      });
    }
  }
});
