// The coverage grid as GeoJSON (RFC 7946): one Polygon feature per grid cell (counter-clockwise square in
// longitude/latitude), with the statistics of every set as properties: `<set>_mean_visible`,
// `<set>_min_visible`, `<set>_mean_pdop` (null when no epoch had a solution), `<set>_availability` (0..1),
// and `country` (Natural Earth name, null at sea). The run's parameters, global figures and per-country
// table ride along as a foreign member `beidou_coverage` of the FeatureCollection.

import { formatCalendar } from "../time/instant.js";
import type { CoverageRun } from "./run-coverage.js";

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r4 = (x: number) => Math.round(x * 10000) / 10000;
const c6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Run parameters, global figures and the country table (also used by the CSV/JSON writers' callers). */
export function coverageMetadata(run: CoverageRun) {
  return {
    source: run.source,
    start: `${formatCalendar(run.start, 0)} GPST`,
    span_s: run.span_s,
    step_s: run.step_s,
    epochs: run.tracks.epochs.length,
    grid_deg: run.grid.grid_deg,
    elevMask_deg: run.elevMask_deg,
    pdopThreshold: run.pdopThreshold,
    requiredShare: run.requiredShare,
    satellites: Object.fromEntries(run.sets.map((s) => [s.name, s.satellites])),
    global: run.global.map((g) => ({
      set: g.set,
      meanVisible: r3(g.meanVisible),
      meanPdop: r3(g.meanPdop),
      minVisible: g.minVisible,
      areaQualifying: r4(g.areaQualifying),
      countriesQualifying: g.countriesQualifying,
    })),
    criterion: run.summary.criterion,
    countries: run.summary.countries.map((c) => ({
      name: c.name,
      iso: c.iso,
      gridPoints: c.points,
      ...(c.fallbackPoint >= 0
        ? {
            fallbackPoint: {
              lat_deg: run.grid.lats_deg[Math.floor(c.fallbackPoint / run.grid.nLon)],
              lon_deg: run.grid.lons_deg[c.fallbackPoint % run.grid.nLon],
            },
          }
        : {}),
      availability: Object.fromEntries(Object.entries(c.availability).map(([k, v]) => [k, r4(v)])),
      qualifies: c.qualifies,
    })),
  };
}

export function coverageGeoJson(run: CoverageRun): string {
  const g = run.grid;
  const h = g.grid_deg / 2;
  const parts: string[] = [];
  for (let i = 0; i < g.nLat; i++) {
    for (let j = 0; j < g.nLon; j++) {
      const p = i * g.nLon + j;
      const lat = g.lats_deg[i];
      const lon = g.lons_deg[j];
      const props: Record<string, number | string | null> = { lat_deg: c6(lat), lon_deg: c6(lon) };
      for (const s of run.sets) {
        props[`${s.name}_mean_visible`] = r3(s.meanVisible[p]);
        props[`${s.name}_min_visible`] = s.minVisible[p];
        props[`${s.name}_mean_pdop`] = Number.isNaN(s.meanPdop[p]) ? null : r3(s.meanPdop[p]);
        props[`${s.name}_availability`] = r4(s.availability[p]);
      }
      const c = run.assignment.pointCountry[p];
      props.country = c >= 0 ? run.countries[c].name : null;
      const w = c6(lon - h);
      const e = c6(lon + h);
      const s = c6(lat - h);
      const n = c6(lat + h);
      parts.push(
        `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[${w},${s}],[${e},${s}],[${e},${n}],[${w},${n}],[${w},${s}]]]},"properties":${JSON.stringify(props)}}`,
      );
    }
  }
  const meta = JSON.stringify(coverageMetadata(run));
  return `{"type":"FeatureCollection","beidou_coverage":${meta},"features":[\n${parts.join(",\n")}\n]}\n`;
}
