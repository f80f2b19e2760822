// SVG to PNG, for outputs asked for as .png (plots, coverage maps): rendered by resvg (@resvg/resvg-js, a
// Rust renderer shipped as a prebuilt npm package; no browser, no system fonts needed beyond its defaults).

import { Resvg } from "@resvg/resvg-js";

/** Render an SVG document to PNG bytes, `width_px` wide (default: the SVG's own width). */
export function svgToPng(svg: string, width_px?: number): Uint8Array {
  const r = new Resvg(svg, {
    fitTo: width_px ? { mode: "width", value: width_px } : { mode: "original" },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  return r.render().asPng();
}
