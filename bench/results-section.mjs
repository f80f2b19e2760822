// Shared by the benchmarks: replace (or append) one marked section of bench/RESULTS.md.

import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** `section` starts with `begin` and ends with `end` (HTML comment markers). */
export function writeResultsSection(file, begin, end, section) {
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  text =
    i >= 0 && j > i
      ? text.slice(0, i) + section + text.slice(j + end.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
}
