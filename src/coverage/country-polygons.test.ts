// Point in country with the Natural Earth 1:110m polygons (world-atlas): cities and places whose country
// nobody doubts, points at sea, holes (Lesotho in South Africa), countries across the antimeridian (Fiji,
// Russia's Chukotka) and around a pole (Antarctica). Areas summed over a 1 deg grid are compared with
// published total areas (CIA World Factbook: Russia 17,098,242 km2, Brazil 8,515,770, Australia 7,741,220,
// Kazakhstan 2,724,900, Algeria 2,381,740; land 29.2 % of the Earth's surface), which a wrongly closed
// antimeridian ring (a band around the whole globe) or a lost pole would miss by far.

import { describe, expect, it } from "vitest";
import {
  type CountryShape,
  inCountry,
  naturalEarthCountries,
  planarRing,
  representativePoint,
} from "./country-polygons.js";
import { assignGridToCountries } from "./country-summary.js";
import { makeGrid, nearestGridPoint } from "./coverage-grid.js";

const countries = naturalEarthCountries();
const countryAt = (lat: number, lon: number): string | null => {
  const hits = countries.filter((c) => inCountry(c, lat, lon)).map((c) => c.name);
  expect(hits.length, `${lat},${lon} in ${hits.join(" and ")}`).toBeLessThanOrEqual(1);
  return hits[0] ?? null;
};
const byName = (n: string): CountryShape => {
  const c = countries.find((x) => x.name === n);
  if (!c) throw new Error(`no country ${n}`);
  return c;
};

describe("Natural Earth countries (world-atlas countries-110m)", () => {
  it("177 units with names; ISO numeric codes on all but three", () => {
    expect(countries.length).toBe(177);
    expect(byName("France").iso).toBe("250");
    expect(byName("China").iso).toBe("156");
    expect(
      countries
        .filter((c) => c.iso === "")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["Kosovo", "N. Cyprus", "Somaliland"]);
  });

  it("cities fall in their countries", () => {
    const cases: [number, number, string][] = [
      [48.86, 2.35, "France"], // Paris
      [39.9, 116.4, "China"], // Beijing
      [30.75, 120.49, "China"], // Wuzhen
      [-1.29, 36.82, "Kenya"], // Nairobi
      [-23.55, -46.63, "Brazil"], // Sao Paulo
      [78.92, 11.93, "Norway"], // Ny-Alesund, Svalbard
      [55.68, 12.57, "Denmark"], // Copenhagen
      [0.35, 32.58, "Uganda"], // Kampala, Lake Victoria's north shore
      [-2.52, 32.9, "Tanzania"], // Mwanza, Lake Victoria's south shore
      [-0.09, 34.77, "Kenya"], // Kisumu, Lake Victoria's east shore
      [40.71, -74.0, "United States of America"], // New York
      [-33.87, 151.21, "Australia"], // Sydney
      [-26.2, 28.05, "South Africa"], // Johannesburg
      [-29.31, 27.48, "Lesotho"], // Maseru: a hole in South Africa's polygon
      [64.73, 177.51, "Russia"], // Anadyr, Chukotka (ring crossing the antimeridian)
      [66.32, -179.12, "Russia"], // Egvekinot, Chukotka east of 180
      [64.84, -147.72, "United States of America"], // Fairbanks, Alaska (not swallowed by Chukotka)
      [-16.6, 179.3, "Fiji"], // Vanua Levu (ring crossing the antimeridian)
      [-89.9, 0, "Antarctica"], // South Pole (ring closed through the pole)
      [-80, 100, "Antarctica"],
    ];
    for (const [lat, lon, name] of cases) expect(countryAt(lat, lon), `${lat},${lon}`).toBe(name);
  });

  it("points at sea are in no country", () => {
    for (const [lat, lon] of [
      [0, -30], // mid-Atlantic
      [30, -150], // North Pacific
      [60, -178], // Bering Sea
      [-17, -179.5], // south of Fiji, east of 180
      [-60, 0], // Southern Ocean
      [89.5, 0], // North Pole (sea ice, no country)
      [35, 18], // Ionian Sea
    ])
      expect(countryAt(lat, lon), `${lat},${lon}`).toBeNull();
  });

  it("areas on a 1 deg grid match published figures (five large countries within 6 %; land 29.2 % within 2 points)", () => {
    const g = makeGrid(1);
    const a = assignGridToCountries(g, countries);
    const R = 6371.0088; // mean Earth radius (km)
    const cellArea = (i: number) =>
      R * R * (Math.PI / 180) * 2 * Math.sin(Math.PI / 360) * Math.cos((g.lats_deg[i] * Math.PI) / 180);
    const area = (name: string) => {
      const k = countries.indexOf(byName(name));
      let s = 0;
      for (const p of a.points[k]) s += cellArea(Math.floor(p / g.nLon));
      return s;
    };
    let land = 0;
    let total = 0;
    for (let p = 0; p < g.nLat * g.nLon; p++) {
      const w = cellArea(Math.floor(p / g.nLon));
      total += w;
      if (a.pointCountry[p] >= 0) land += w;
    }
    const published: [string, number][] = [
      ["Russia", 17_098_242],
      ["Brazil", 8_515_770],
      ["Australia", 7_741_220],
      ["Kazakhstan", 2_724_900],
      ["Algeria", 2_381_740],
    ];
    for (const [n, km2] of published) {
      const got = area(n);
      console.log(
        `${n}: ${(got / 1e6).toFixed(2)} M km2 on the 1 deg grid (published ${(km2 / 1e6).toFixed(2)})`,
      );
      expect(Math.abs(got / km2 - 1)).toBeLessThan(0.06);
    }
    console.log(
      `land (all countries): ${((land / total) * 100).toFixed(1)} % of the surface (published 29.2 %)`,
    );
    expect(Math.abs((land / total) * 100 - 29.2)).toBeLessThan(2);
    // Antarctica's ring (southernmost vertex 85.6 S) encloses the pole: every cell south of 86 S is in it
    const ant = countries.indexOf(byName("Antarctica"));
    for (let i = 0; i < g.nLat; i++)
      if (g.lats_deg[i] < -86)
        for (let j = 0; j < g.nLon; j++) expect(a.pointCountry[i * g.nLon + j]).toBe(ant);
  });

  it("a country with no grid point (Luxembourg on 2 deg) is represented by the grid point nearest its centroid", () => {
    const g = makeGrid(2);
    const a = assignGridToCountries(g, countries);
    const k = countries.indexOf(byName("Luxembourg"));
    expect(a.points[k].length).toBe(0);
    const r = representativePoint(byName("Luxembourg"));
    // Luxembourg spans about 49.45-50.18 N, 5.73-6.53 E
    expect(r.lat_deg).toBeGreaterThan(49.4);
    expect(r.lat_deg).toBeLessThan(50.2);
    expect(r.lon_deg).toBeGreaterThan(5.7);
    expect(r.lon_deg).toBeLessThan(6.6);
    const p = a.fallback[k];
    expect(p).toBe(nearestGridPoint(g, r.lat_deg, r.lon_deg));
    const dLat = g.lats_deg[Math.floor(p / g.nLon)] - r.lat_deg;
    const dLon = (g.lons_deg[p % g.nLon] - r.lon_deg) * Math.cos((r.lat_deg * Math.PI) / 180);
    console.log(
      `Luxembourg: centroid ${r.lat_deg.toFixed(2)} N ${r.lon_deg.toFixed(2)} E, grid point ${Math.hypot(dLat, dLon).toFixed(2)} deg away`,
    );
    // no grid point can be further than half a cell diagonal (1.41 deg on a 2 deg grid)
    expect(Math.hypot(dLat, dLon)).toBeLessThan(1.42);
    // countries with grid points inside have no fallback
    expect(a.fallback[countries.indexOf(byName("France"))]).toBe(-1);
  });

  it("an antimeridian ring is unwrapped; a polar ring is closed through the pole", () => {
    const r = planarRing([
      [179, 10],
      [-179, 10],
      [-179, 12],
      [179, 12],
      [179, 10],
    ]);
    expect(r.minLon).toBe(179);
    expect(r.maxLon).toBe(181);
    const polar = planarRing([
      [-180, -70],
      [-60, -72],
      [60, -71],
      [180, -70],
    ]);
    expect(polar.minLat).toBe(-90);
    expect(polar.maxLon - polar.minLon).toBe(360);
  });
});
