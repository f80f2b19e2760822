// The offline basemap: Natural Earth 1:110m countries and land (world-atlas 2.0.2, bundled into the page at build
// time), turned once into flat lon/lat rings for an equirectangular projection. Rings that cross the antimeridian
// (Fiji, Russia) are unwrapped to continuous longitudes and repeated at ±360°; a ring that encircles a pole
// (Antarctica) is closed along that pole, so nothing is smeared across the map.

import type { MultiPolygon, Polygon, Position } from "geojson";
import { feature, mesh } from "topojson-client";
import world from "world-atlas/countries-110m.json";

/** Interleaved lon,lat (degrees); longitudes may run outside ±180 after unwrapping. */
export type FlatRing = Float64Array;

export interface CountryShape {
  /** ISO 3166-1 numeric code as in world-atlas ("250" = France); may be absent for disputed areas. */
  readonly id: string;
  readonly name: string;
  /** Polygons, each a list of rings (outer first, then holes), already unwrapped and repeated. */
  readonly polygons: readonly (readonly FlatRing[])[];
}

function unwrapRing(ring: readonly Position[], closeAtPole: boolean): number[][] {
  const out: number[] = [];
  let offset = 0;
  let prev = Number.NaN;
  let sumLat = 0;
  for (const p of ring) {
    const lon = p[0] as number;
    const lat = p[1] as number;
    if (!Number.isNaN(prev)) {
      const d = lon + offset - prev;
      if (d > 180) offset -= 360;
      else if (d < -180) offset += 360;
    }
    prev = lon + offset;
    out.push(prev, lat);
    sumLat += lat;
  }
  const n = out.length / 2;
  const lon0 = out[0] as number;
  const lonN = out[out.length - 2] as number;
  if (closeAtPole && n > 1 && Math.abs(lonN - lon0) > 180) {
    // the ring goes once around a pole: close it through the pole
    const pole = sumLat / n < 0 ? -90 : 90;
    out.push(lonN, pole, lon0, pole);
  }
  // repeat the ring wherever it overlaps [-180, 180] after shifting by a multiple of 360°
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < out.length; i += 2) {
    min = Math.min(min, out[i] as number);
    max = Math.max(max, out[i] as number);
  }
  const copies: number[][] = [];
  for (let k = -2; k <= 2; k++) {
    if (max + 360 * k < -180 || min + 360 * k > 180) continue;
    copies.push(k === 0 ? out : out.map((v, i) => (i % 2 === 0 ? v + 360 * k : v)));
  }
  return copies;
}

function polygonRings(geom: Polygon | MultiPolygon): FlatRing[][] {
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  const out: FlatRing[][] = [];
  for (const poly of polys) {
    // each copy of the outer ring keeps its holes with it
    const copiesPerRing = poly.map((ring, i) => unwrapRing(ring, i === 0));
    const nCopies = copiesPerRing[0]?.length ?? 0;
    for (let c = 0; c < nCopies; c++) {
      const rings: FlatRing[] = [];
      for (const copies of copiesPerRing) {
        const r = copies[Math.min(c, copies.length - 1)];
        if (r) rings.push(Float64Array.from(r));
      }
      out.push(rings);
    }
  }
  return out;
}

function build(): { countries: CountryShape[]; land: FlatRing[][]; borders: FlatRing[] } {
  const countries: CountryShape[] = [];
  const fc = feature(world, world.objects.countries);
  for (const f of fc.features) {
    const g = f.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) continue;
    countries.push({ id: String(f.id ?? ""), name: f.properties?.name ?? "", polygons: polygonRings(g) });
  }
  const landFc = feature(world, world.objects.land);
  const land: FlatRing[][] = [];
  for (const f of landFc.features) {
    const g = f.geometry;
    if (g && (g.type === "Polygon" || g.type === "MultiPolygon")) land.push(...polygonRings(g));
  }
  const borderLines = mesh(world, world.objects.countries, (a, b) => a !== b);
  const borders: FlatRing[] = [];
  for (const line of borderLines.coordinates)
    for (const copy of unwrapRing(line, false)) borders.push(Float64Array.from(copy));
  return { countries, land, borders };
}

let cache: ReturnType<typeof build> | null = null;

/** The basemap, built on first use. */
export function basemap(): ReturnType<typeof build> {
  cache ??= build();
  return cache;
}
