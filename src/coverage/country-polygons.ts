// Country polygons for the coverage summary: Natural Earth 1:110m admin-0 countries as shipped by the
// world-atlas package (countries-110m.json, TopoJSON; 177 units), turned into planar longitude/latitude rings
// ready for point-in-polygon tests and for drawing.
//
// The file is made for spherical renderers (d3-geo), so three kinds of ring need care in the plane:
// - rings that cross the antimeridian (Russia's Chukotka, Fiji's Vanua Levu) jump from +180 to -180: their
//   longitudes are unwrapped (each step folded into (-180, 180]) so the ring is continuous, possibly
//   reaching past +-180; a point is then tested at lon, lon + 360 and lon - 360;
// - a ring that winds once around a pole (Antarctica) is closed through that pole (two extra vertices at
//   lat -90 / +90), which is what it encloses on the sphere;
// - holes (Lesotho inside South Africa) are inner rings: even-odd counting over all rings of a polygon.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

/** One ring as flat [lon0, lat0, lon1, lat1, ...] (deg), closed (last vertex = first), unwrapped. */
export interface PlanarRing {
  readonly xy: Float64Array;
  readonly minLon: number;
  readonly maxLon: number;
  readonly minLat: number;
  readonly maxLat: number;
}

export interface PlanarPolygon {
  /** rings[0] is the outer ring, the others are holes. */
  readonly rings: readonly PlanarRing[];
}

export interface CountryShape {
  readonly name: string;
  /** ISO 3166-1 numeric code as in the file ("250" France); "" for the three units without one. */
  readonly iso: string;
  readonly polygons: readonly PlanarPolygon[];
}

/** Longitudes unwrapped so that consecutive vertices differ by at most 180 deg; polar rings closed. */
export function planarRing(ring: readonly Position[]): PlanarRing {
  const pts: number[] = [];
  let lon = ring[0][0];
  let winding = 0;
  let latSum = 0;
  pts.push(lon, ring[0][1]);
  for (let k = 1; k < ring.length; k++) {
    let d = ring[k][0] - ring[k - 1][0];
    if (d > 180) d -= 360;
    else if (d < -180) d += 360;
    lon += d;
    winding += d;
    latSum += ring[k][1];
    pts.push(lon, ring[k][1]);
  }
  if (Math.abs(winding) > 180) {
    // circles a pole: go down (or up) to it along the last meridian, across, and back up the first
    const poleLat = latSum < 0 ? -90 : 90;
    const lastLon = pts[pts.length - 2];
    const firstLon = pts[0];
    pts.push(lastLon, poleLat, firstLon, poleLat, firstLon, pts[1]);
  } else if (pts[0] !== pts[pts.length - 2] || pts[1] !== pts[pts.length - 1]) {
    pts.push(pts[0], pts[1]);
  }
  const xy = Float64Array.from(pts);
  let minLon = Number.POSITIVE_INFINITY;
  let maxLon = Number.NEGATIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < xy.length; k += 2) {
    minLon = Math.min(minLon, xy[k]);
    maxLon = Math.max(maxLon, xy[k]);
    minLat = Math.min(minLat, xy[k + 1]);
    maxLat = Math.max(maxLat, xy[k + 1]);
  }
  return { xy, minLon, maxLon, minLat, maxLat };
}

/** Shift a ring by whole turns so that it overlaps `ref` in longitude (holes next to their outer ring). */
function alignRing(r: PlanarRing, ref: PlanarRing): PlanarRing {
  const mid = (r.minLon + r.maxLon) / 2;
  const refMid = (ref.minLon + ref.maxLon) / 2;
  const turns = Math.round((refMid - mid) / 360);
  if (turns === 0) return r;
  const xy = Float64Array.from(r.xy);
  for (let k = 0; k < xy.length; k += 2) xy[k] += turns * 360;
  return {
    xy,
    minLon: r.minLon + turns * 360,
    maxLon: r.maxLon + turns * 360,
    minLat: r.minLat,
    maxLat: r.maxLat,
  };
}

export function planarPolygon(rings: readonly (readonly Position[])[]): PlanarPolygon {
  const outer = planarRing(rings[0]);
  return { rings: [outer, ...rings.slice(1).map((r) => alignRing(planarRing(r), outer))] };
}

/** Even-odd crossing test of one ring (bounding box first). */
function inRing(r: PlanarRing, lon: number, lat: number): boolean {
  if (lat < r.minLat || lat > r.maxLat || lon < r.minLon || lon > r.maxLon) return false;
  const xy = r.xy;
  let inside = false;
  for (let k = 2; k < xy.length; k += 2) {
    const x0 = xy[k - 2];
    const y0 = xy[k - 1];
    const x1 = xy[k];
    const y1 = xy[k + 1];
    if (y0 > lat !== y1 > lat && lon < x0 + ((lat - y0) * (x1 - x0)) / (y1 - y0)) inside = !inside;
  }
  return inside;
}

/** Whether (lat, lon) in degrees lies inside the polygon (outer ring minus holes), any longitude turn. */
export function inPolygon(poly: PlanarPolygon, lat_deg: number, lon_deg: number): boolean {
  const outer = poly.rings[0];
  for (const shift of [0, 360, -360]) {
    const lon = lon_deg + shift;
    if (!inRing(outer, lon, lat_deg)) continue;
    let inside = true;
    for (let h = 1; h < poly.rings.length; h++) if (inRing(poly.rings[h], lon, lat_deg)) inside = !inside;
    if (inside) return true;
  }
  return false;
}

export function inCountry(c: CountryShape, lat_deg: number, lon_deg: number): boolean {
  for (const p of c.polygons) if (inPolygon(p, lat_deg, lon_deg)) return true;
  return false;
}

/** Signed planar area (deg^2) and centroid of a closed ring (shoelace). */
export function ringCentroid(r: PlanarRing): { area: number; lon: number; lat: number } {
  const xy = r.xy;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let k = 2; k < xy.length; k += 2) {
    const cr = xy[k - 2] * xy[k + 1] - xy[k] * xy[k - 1];
    a += cr;
    cx += (xy[k - 2] + xy[k]) * cr;
    cy += (xy[k - 1] + xy[k + 1]) * cr;
  }
  a /= 2;
  if (a === 0) return { area: 0, lon: xy[0], lat: xy[1] };
  let lon = cx / (6 * a);
  lon = ((((lon + 180) % 360) + 360) % 360) - 180;
  return { area: Math.abs(a), lon, lat: cy / (6 * a) };
}

/**
 * Representative point of a country (deg): the area centroid of its largest outer ring in the
 * longitude/latitude plane (which may fall outside a very concave ring; it only picks a nearby grid point).
 */
export function representativePoint(c: CountryShape): { lat_deg: number; lon_deg: number } {
  let best = { area: -1, lon: 0, lat: 0 };
  for (const p of c.polygons) {
    const g = ringCentroid(p.rings[0]);
    if (g.area > best.area) best = g;
  }
  return { lat_deg: best.lat, lon_deg: best.lon };
}

let cached: readonly CountryShape[] | undefined;

/** The 177 Natural Earth 1:110m countries of world-atlas 2.0.2, sorted by name. */
export function naturalEarthCountries(): readonly CountryShape[] {
  if (cached) return cached;
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-110m.json");
  const topo = JSON.parse(readFileSync(file, "utf8")) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const fc = feature(topo, topo.objects.countries);
  const out: CountryShape[] = [];
  for (const f of fc.features) {
    const g = f.geometry as Polygon | MultiPolygon | null;
    if (!g) continue;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    out.push({
      name: f.properties?.name ?? String(f.id ?? "?"),
      iso: f.id === undefined ? "" : String(f.id),
      polygons: polys.map(planarPolygon),
    });
  }
  out.sort((a, b) => a.name.localeCompare(b.name, "en"));
  cached = out;
  return out;
}
