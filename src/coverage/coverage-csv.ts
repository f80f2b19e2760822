// The coverage grid as CSV: one row per grid point (north to south, west to east), with per set the mean
// and minimum visible count, the mean PDOP (empty when no epoch had a solution) and the availability
// (share of epochs with PDOP under the threshold, 0..1), then the Natural Earth country (empty at sea).

import type { CoverageRun } from "./run-coverage.js";

const c6 = (x: number) => Math.round(x * 1e6) / 1e6;
const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function coverageCsv(run: CoverageRun): string {
  const g = run.grid;
  const head = ["lat_deg", "lon_deg"];
  for (const s of run.sets)
    head.push(
      `${s.name}_mean_visible`,
      `${s.name}_min_visible`,
      `${s.name}_mean_pdop`,
      `${s.name}_availability`,
    );
  head.push("country");
  const lines = [head.join(",")];
  for (let i = 0; i < g.nLat; i++) {
    for (let j = 0; j < g.nLon; j++) {
      const p = i * g.nLon + j;
      const row: string[] = [String(c6(g.lats_deg[i])), String(c6(g.lons_deg[j]))];
      for (const s of run.sets)
        row.push(
          s.meanVisible[p].toFixed(3),
          String(s.minVisible[p]),
          Number.isNaN(s.meanPdop[p]) ? "" : s.meanPdop[p].toFixed(3),
          s.availability[p].toFixed(4),
        );
      const c = run.assignment.pointCountry[p];
      row.push(c >= 0 ? quote(run.countries[c].name) : "");
      lines.push(row.join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}
