// The coverage map as SVG: an equirectangular world map (x = longitude, y = latitude, 1:1 in degrees) with
// the grid cells coloured by one set's availability or mean visible count, Natural Earth country outlines
// (world-atlas countries-110m) on top, a legend, and a title with the parameters of the run.
// No external resources: the document renders offline (and through resvg to PNG, src/report/png.ts).

import { formatCalendar } from "../time/instant.js";
import type { PlanarRing } from "./country-polygons.js";
import type { CoverageRun } from "./run-coverage.js";

export type MapQuantity = "availability" | "visible";

export interface CoverageSvgOptions {
  /** What colours the cells (default availability). */
  readonly quantity?: MapQuantity;
  /** Which set (default "BDS", else the first). */
  readonly set?: string;
  /** Pixels per degree (default 4: a 1440 x 720 map). */
  readonly scale_pxpdeg?: number;
}

interface ColorClass {
  readonly label: string;
  readonly color: string;
  /** Lower bound (inclusive). */
  readonly from: number;
}

/** Availability classes: the 99 % boundary of the country criterion is a class edge. */
const AVAILABILITY_CLASSES: readonly ColorClass[] = [
  { from: Number.NEGATIVE_INFINITY, color: "#b2182b", label: "< 50 %" },
  { from: 0.5, color: "#ef8a62", label: "50-90 %" },
  { from: 0.9, color: "#fddbc7", label: "90-95 %" },
  { from: 0.95, color: "#d1e5f0", label: "95-99 %" },
  { from: 0.99 - 1e-9, color: "#67a9cf", label: "99-99.9 %" },
  { from: 0.999 - 1e-9, color: "#2166ac", label: ">= 99.9 %" },
];

/** Viridis, 8 stops (matplotlib's, sampled evenly). */
const VIRIDIS = ["#440154", "#46327e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#a0da39", "#fde725"];

function visibleClasses(values: Float64Array): ColorClass[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const start = Math.floor(lo);
  const width = Math.max(1, Math.ceil((Math.ceil(hi + 1e-9) - start) / VIRIDIS.length));
  return VIRIDIS.map((color, k) => {
    const a = start + k * width;
    return { from: k === 0 ? Number.NEGATIVE_INFINITY : a, color, label: `${a}-${a + width}` };
  });
}

function classOf(classes: readonly ColorClass[], v: number): number {
  let c = 0;
  for (let k = 1; k < classes.length; k++) if (v >= classes[k].from) c = k;
  return c;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

function ringPath(
  r: PlanarRing,
  shift: number,
  X: (lon: number) => number,
  Y: (lat: number) => number,
): string {
  const xy = r.xy;
  let d = `M${f1(X(xy[0] + shift))} ${f1(Y(xy[1]))}`;
  for (let k = 2; k < xy.length; k += 2) d += `L${f1(X(xy[k] + shift))} ${f1(Y(xy[k + 1]))}`;
  return `${d}Z`;
}

function hours(s: number): string {
  return s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

export function coverageSvg(run: CoverageRun, opts: CoverageSvgOptions = {}): string {
  const quantity = opts.quantity ?? "availability";
  const set = run.sets.find((s) => s.name === (opts.set ?? "BDS")) ?? run.sets[0];
  const k = opts.scale_pxpdeg ?? 4;
  const mapW = 360 * k;
  const mapH = 180 * k;
  const left = 20;
  const top = 70;
  const width = mapW + 2 * left;
  const height = top + mapH + 110;
  const X = (lon: number) => left + (lon + 180) * k;
  const Y = (lat: number) => top + (90 - lat) * k;
  const g = run.grid;
  const values = quantity === "availability" ? set.availability : set.meanVisible;
  const classes = quantity === "availability" ? AVAILABILITY_CLASSES : visibleClasses(set.meanVisible);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Verdana, sans-serif">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<defs><clipPath id="map"><rect x="${left}" y="${top}" width="${mapW}" height="${mapH}"/></clipPath></defs>`,
  );
  // cells: runs of equal class along each row become one rectangle
  out.push(`<g shape-rendering="crispEdges" clip-path="url(#map)">`);
  const cell = g.grid_deg * k;
  for (let i = 0; i < g.nLat; i++) {
    const y = Y(g.lats_deg[i] + g.grid_deg / 2);
    let j = 0;
    while (j < g.nLon) {
      const c = classOf(classes, values[i * g.nLon + j]);
      let e = j + 1;
      while (e < g.nLon && classOf(classes, values[i * g.nLon + e]) === c) e++;
      const x = X(g.lons_deg[j] - g.grid_deg / 2);
      out.push(
        `<rect x="${f1(x)}" y="${f1(y)}" width="${f1((e - j) * cell)}" height="${f1(cell)}" fill="${classes[c].color}"/>`,
      );
      j = e;
    }
  }
  out.push("</g>");
  // graticule every 30 deg
  const grat: string[] = [];
  for (let lon = -150; lon <= 150; lon += 30) grat.push(`M${f1(X(lon))} ${top}V${top + mapH}`);
  for (let lat = -60; lat <= 60; lat += 30) grat.push(`M${left} ${f1(Y(lat))}H${left + mapW}`);
  out.push(
    `<path d="${grat.join("")}" stroke="#000000" stroke-opacity="0.25" stroke-width="0.5" fill="none"/>`,
  );
  // country outlines; rings unwrapped past +-180 are drawn once more a turn away, and clipped
  out.push(
    `<g clip-path="url(#map)" fill="none" stroke="#1a1a1a" stroke-width="0.6" stroke-linejoin="round">`,
  );
  for (const c of run.countries) {
    const parts: string[] = [];
    for (const p of c.polygons)
      for (const r of p.rings) {
        parts.push(ringPath(r, 0, X, Y));
        if (r.maxLon > 180) parts.push(ringPath(r, -360, X, Y));
        if (r.minLon < -180) parts.push(ringPath(r, 360, X, Y));
      }
    out.push(`<path d="${parts.join("")}"><title>${esc(c.name)}</title></path>`);
  }
  out.push("</g>");
  out.push(
    `<rect x="${left}" y="${top}" width="${mapW}" height="${mapH}" fill="none" stroke="#000000" stroke-width="1"/>`,
  );

  // title
  const sysLabel = set.name === "all" ? `all systems (${set.systems.join("+")})` : `${set.name} alone`;
  const what =
    quantity === "availability"
      ? `${sysLabel}: share of epochs with PDOP < ${run.pdopThreshold}`
      : `${sysLabel}: mean number of satellites above ${run.elevMask_deg} deg`;
  const params = `${run.source} | ${formatCalendar(run.start, 0)} GPST + ${hours(run.span_s)}, every ${hours(run.step_s)} | grid ${g.grid_deg} deg | mask ${run.elevMask_deg} deg`;
  out.push(`<text x="${left}" y="28" font-size="20" font-weight="bold">${esc(what)}</text>`);
  out.push(`<text x="${left}" y="52" font-size="13" fill="#333333">${esc(params)}</text>`);

  // legend
  const ly = top + mapH + 18;
  const legendTitle = quantity === "availability" ? "availability" : "mean visible";
  out.push(`<text x="${left}" y="${ly + 13}" font-size="13">${legendTitle}</text>`);
  let lx = left + 110;
  for (const c of classes) {
    out.push(
      `<rect x="${lx}" y="${ly}" width="24" height="16" fill="${c.color}" stroke="#555555" stroke-width="0.5"/>`,
    );
    out.push(`<text x="${lx + 30}" y="${ly + 13}" font-size="13">${esc(c.label)}</text>`);
    lx += 40 + 8 * c.label.length;
  }
  // summary lines
  const bds = run.global.find((x) => x.set === "BDS");
  const total = run.summary.countries.length;
  const lines: string[] = [];
  const share = `${(run.requiredShare * 100).toFixed(1).replace(/\.0$/, "")} %`;
  for (const gl of run.global)
    lines.push(
      `${gl.set}: mean visible ${gl.meanVisible.toFixed(1)}, PDOP < ${run.pdopThreshold} for >= ${share} of the time on ${(gl.areaQualifying * 100).toFixed(1)} % of the Earth's surface and in ${gl.countriesQualifying} of ${total} countries`,
    );
  if (!bds) lines.push("(no BDS satellite in this run)");
  lines.forEach((l, n) => {
    out.push(`<text x="${left}" y="${ly + 40 + n * 17}" font-size="13" fill="#222222">${esc(l)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
