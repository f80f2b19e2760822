// SP3 precise orbit files, versions c and d (a and b tolerated): positions and clocks at regular epochs.
// Sources: SP3-c (Hilla, 2010) and SP3-d (Hilla, 2016/2020) format descriptions: header lines `#`, `##`, `+`,
// `++`, `%c` (time system in columns 10-12), `%f`, `%i`, `/*`; epoch lines `*  yyyy mm dd hh mm ss.ssssssss`;
// position lines `P` + satellite (columns 2-4), x y z in km (F14.6 from column 5), clock in microseconds
// (F14.6 from column 47). Bad or absent positions are 0.000000; bad or absent clocks 999999.999999.
// Epochs are converted to GPST; SP3 "GLO" time is read as UTC (the RINEX convention for GLONASS time).

import { DecodeError, type DecodeIssue } from "../../core/errors.js";
import type { PreciseOrbitTable } from "../../orbits/precise-tables.js";
import { compareSats, parseSatId, type SatId } from "../../signals/system.js";
import { fromCalendar, type Instant, type TimeScale, toScale } from "../../time/instant.js";
import { fixedFloatRequired, fixedInt } from "../rinex/nav-fields.js";

export interface Sp3Result {
  readonly table: PreciseOrbitTable;
  readonly issues: DecodeIssue[];
}

type Sp3TimeSystem = PreciseOrbitTable["timeSystem"];

/** `%c` time-system label -> the table's label and the scale its epochs are counted in. */
const TIME_SYSTEMS: Record<string, [Sp3TimeSystem, TimeScale]> = {
  GPS: ["GPST", "GPST"],
  QZS: ["GPST", "GPST"],
  IRN: ["GPST", "GPST"],
  GAL: ["GST", "GST"],
  BDT: ["BDT", "BDT"],
  BDS: ["BDT", "BDT"],
  UTC: ["UTC", "UTC"],
  TAI: ["TAI", "TAI"],
  GLO: ["GLONASST", "UTC"],
};

/** 999999.999999 marks a bad value: us for clocks, km for positions. */
const BAD_CLOCK_s = 999999e-6;
const BAD_POS_m = 999999e3;

/** Reads an SP3 file. Throws DecodeError only when the text is not SP3; other problems are issues. */
export function parseSp3(text: string, file?: string): Sp3Result {
  const issues: DecodeIssue[] = [];
  const issue = (code: DecodeIssue["code"], line: number, message: string) =>
    issues.push({ code, message, file, line });
  const lines = text.split("\n");
  for (let k = 0; k < lines.length; k++) if (lines[k].endsWith("\r")) lines[k] = lines[k].slice(0, -1);
  const l0 = lines[0] ?? "";
  const v = l0[1];
  if (l0[0] !== "#" || (v !== "a" && v !== "b" && v !== "c" && v !== "d")) {
    throw new DecodeError({
      code: "unknown-format",
      message: "not an SP3 file: first line is not #a/#b/#c/#d",
      file,
      line: 1,
    });
  }
  const version = v;
  const coordinateSystem = l0.slice(46, 51).trim();
  const agency = l0.slice(56, 60).trim();

  // satellites from the `+` lines (17 per line from column 10; 3-character ids, "  0" pads)
  const sats: SatId[] = [];
  let declared = Number.NaN;
  let timeSystem: Sp3TimeSystem = "GPST";
  let scale: TimeScale = "GPST";
  let seenTimeLine = false;
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line[0] === "*") break;
    if (line.startsWith("+ ")) {
      if (Number.isNaN(declared)) declared = fixedInt(line, 1, 6);
      for (let c = 9; c + 3 <= Math.min(line.length, 60); c += 3) {
        const id = line.slice(c, c + 3);
        if (id.trim() === "" || id.trim() === "0" || id === "  0" || id === " 00") continue;
        const sat = parseSatId(id);
        if (!sat) issue("bad-header", i + 1, `bad satellite id "${id}" in the satellite list`);
        else if (sats.includes(sat)) issue("bad-header", i + 1, `satellite ${sat} listed twice`);
        else sats.push(sat);
      }
    } else if (line.startsWith("%c") && !seenTimeLine) {
      seenTimeLine = true;
      const label = line.slice(9, 12);
      const ts = TIME_SYSTEMS[label];
      if (ts) [timeSystem, scale] = ts;
      else if (label !== "ccc" && label.trim() !== "")
        issue("bad-header", i + 1, `unknown time system "${label}", GPS assumed`);
    }
  }
  if (Number.isFinite(declared) && declared !== sats.length) {
    issue("bad-header", 3, `header declares ${declared} satellites, lists ${sats.length}`);
  }
  const nSat = sats.length;
  const satIndex = new Map<string, number>();
  for (let k = 0; k < nSat; k++) satIndex.set(sats[k], k);

  const epochs: Instant[] = [];
  const rows: Float64Array[] = []; // per epoch: x y z clock per satellite
  let row: Float64Array | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const c0 = line[0];
    if (c0 === "*") {
      const t = readEpoch(line, scale);
      if (!t) {
        issue("bad-epoch", i + 1, `unreadable epoch line "${line.trimEnd()}"`);
        row = null;
        continue;
      }
      row = new Float64Array(nSat * 4).fill(Number.NaN);
      rows.push(row);
      epochs.push(t);
    } else if (c0 === "P") {
      if (!row) continue; // records of an unreadable epoch (already reported)
      const sat = parseSatId(line.slice(1, 4));
      const k = sat === null ? undefined : satIndex.get(sat);
      if (k === undefined) {
        issue("bad-record", i + 1, `satellite "${line.slice(1, 4)}" is not in the header list`);
        continue;
      }
      // km -> m and us -> s inside the decimal conversion, so each value is the nearest double
      const x = fixedFloatRequired(line, 4, 18, 3);
      const y = fixedFloatRequired(line, 18, 32, 3);
      const z = fixedFloatRequired(line, 32, 46, 3);
      if (Number.isNaN(x) || Number.isNaN(y) || Number.isNaN(z)) {
        issue(line.length < 46 ? "truncated" : "bad-record", i + 1, `${sat}: unreadable position`);
        continue;
      }
      const bad =
        (x === 0 && y === 0 && z === 0) || Math.max(Math.abs(x), Math.abs(y), Math.abs(z)) >= BAD_POS_m;
      if (!bad) {
        row[k * 4] = x;
        row[k * 4 + 1] = y;
        row[k * 4 + 2] = z;
      }
      const clk = fixedFloatRequired(line, 46, 60, -6);
      if (Number.isFinite(clk) && Math.abs(clk) < BAD_CLOCK_s) row[k * 4 + 3] = clk;
    } else if (line.startsWith("EOF")) {
      break;
    }
    // V (velocity), EP/EV (correlation) and comment lines are not used
  }

  // satellites in BDS-first order
  const order = sats.map((_, k) => k).sort((a, b) => compareSats(sats[a], sats[b]));
  const nEp = epochs.length;
  const pos_m = new Float64Array(nEp * nSat * 3);
  const clock_s = new Float64Array(nEp * nSat);
  for (let e = 0; e < nEp; e++) {
    const r = rows[e];
    for (let j = 0; j < nSat; j++) {
      const k = order[j];
      const o = (e * nSat + j) * 3;
      pos_m[o] = r[k * 4];
      pos_m[o + 1] = r[k * 4 + 1];
      pos_m[o + 2] = r[k * 4 + 2];
      clock_s[e * nSat + j] = r[k * 4 + 3];
    }
  }
  return {
    table: {
      version,
      agency,
      coordinateSystem,
      timeSystem,
      epochs,
      sats: order.map((k) => sats[k]),
      pos_m,
      clock_s,
    },
    issues,
  };
}

/** `*  yyyy mm dd hh mm ss.ssssssss` in `scale`, converted to GPST. */
function readEpoch(line: string, scale: TimeScale): Instant | null {
  const year = fixedInt(line, 3, 7);
  const month = fixedInt(line, 8, 10);
  const day = fixedInt(line, 11, 13);
  const hour = fixedInt(line, 14, 16);
  const minute = fixedInt(line, 17, 19);
  const second = fixedFloatRequired(line, 19, 32);
  if (
    !(year >= 1980 && year <= 2200) ||
    !(month >= 1 && month <= 12) ||
    !(day >= 1 && day <= 31) ||
    !(hour >= 0 && hour <= 23) ||
    !(minute >= 0 && minute <= 59) ||
    !(second >= 0 && second < 61)
  ) {
    return null;
  }
  return toScale(fromCalendar(scale, { year, month, day, hour, minute, second }), "GPST");
}
