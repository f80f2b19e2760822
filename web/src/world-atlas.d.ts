// Types of the bundled Natural Earth topology (world-atlas 2.0.2): countries (id = ISO 3166-1 numeric, name) and land.
declare module "world-atlas/countries-110m.json" {
  import type { GeometryCollection, Topology } from "topojson-specification";

  const world: Topology<{
    countries: GeometryCollection<{ name: string }>;
    land: GeometryCollection;
  }>;
  export default world;
}
