// The sky plot: a polar azimuth/elevation chart (north up, east right, zenith at the centre, the horizon at
// radius 100). Satellites are coloured by system; BeiDou GEO, IGSO and MEO have their own marker shapes; used
// satellites are filled, unused ones are hollow and dashed. Markers are kept per satellite and moved, not rebuilt.

import type { LiveEpoch, LiveSatellite } from "../../src/serve/live-protocol.js";
import { clearChildren, svgElement } from "./svg-element.js";
import { type MarkerShape, markerShape, SYSTEM_STYLE, systemStyle } from "./system-style.js";

const R = 100;
const DEG = Math.PI / 180;

interface Marker {
  readonly g: SVGGElement;
  shape: SVGElement;
  shapeKind: MarkerShape;
  readonly label: SVGTextElement;
  readonly title: SVGTitleElement;
  used: boolean | null;
  kind: string;
  reason: string | undefined;
}

function makeShape(kind: MarkerShape): SVGElement {
  switch (kind) {
    case "square":
      return svgElement("rect", { x: -4, y: -4, width: 8, height: 8 });
    case "triangle":
      return svgElement("polygon", { points: "0,-5.4 4.7,3.4 -4.7,3.4" });
    default:
      return svgElement("circle", { r: 4.3 });
  }
}

/** Sky-plot coordinates of an azimuth/elevation (degrees). */
export function skyXY(az_deg: number, el_deg: number): [number, number] {
  const r = (R * (90 - el_deg)) / 90;
  return [r * Math.sin(az_deg * DEG), -r * Math.cos(az_deg * DEG)];
}

export class SkyPlot {
  private readonly markers = new Map<string, Marker>();
  private readonly layer: SVGGElement;

  constructor(svg: SVGSVGElement, legend: HTMLElement) {
    clearChildren(svg);
    const grid = svgElement("g", { class: "sky-grid" }, svg);
    for (const el of [0, 30, 60]) svgElement("circle", { r: (R * (90 - el)) / 90 }, grid);
    for (let az = 0; az < 360; az += 30) {
      const [x, y] = skyXY(az, 0);
      svgElement("line", { x1: 0, y1: 0, x2: x.toFixed(2), y2: y.toFixed(2) }, grid);
    }
    for (const [t, az] of [
      ["N", 0],
      ["E", 90],
      ["S", 180],
      ["W", 270],
    ] as const) {
      const [x, y] = skyXY(az, -9);
      const text = svgElement("text", { x: x.toFixed(1), y: (y + 3.5).toFixed(1), class: "sky-dir" }, svg);
      text.textContent = t;
    }
    for (const el of [30, 60]) {
      const [x, y] = skyXY(0, el);
      const text = svgElement("text", { x: x + 2, y: y - 2, class: "sky-el" }, svg);
      text.textContent = `${el}°`;
    }
    this.layer = svgElement("g", { class: "sky-sats" }, svg);
    legend.innerHTML = "";
    for (const s of Object.values(SYSTEM_STYLE)) {
      const item = document.createElement("span");
      item.innerHTML = `<i style="background:${s.color}"></i>${s.name}`;
      legend.appendChild(item);
    }
    const kinds = document.createElement("span");
    kinds.className = "muted";
    kinds.textContent = "BDS: ■ GEO ▲ IGSO ● MEO · filled = used, hollow = not used";
    legend.appendChild(kinds);
  }

  /** Number of satellite markers currently drawn. */
  get markerCount(): number {
    return this.markers.size;
  }

  draw(epoch: LiveEpoch | null): void {
    const seen = new Set<string>();
    if (epoch) {
      for (const sat of epoch.satellites) {
        if (!Number.isFinite(sat.az_deg) || !Number.isFinite(sat.el_deg) || sat.el_deg < 0) continue;
        seen.add(sat.sat);
        this.place(sat);
      }
    }
    for (const [id, m] of this.markers) {
      if (!seen.has(id)) {
        m.g.remove();
        this.markers.delete(id);
      }
    }
  }

  private place(sat: LiveSatellite): void {
    let m = this.markers.get(sat.sat);
    const shapeKind = markerShape(sat.sys, sat.kind);
    if (!m) {
      const g = svgElement("g", { class: "sat", "data-testid": "sky-sat", "data-sat": sat.sat }, this.layer);
      const shape = makeShape(shapeKind);
      g.appendChild(shape);
      const label = svgElement("text", { x: 5.5, y: 2.5, class: "sat-label" }, g);
      label.textContent = sat.sat;
      const title = svgElement("title", {}, g);
      title.textContent = sat.sat;
      m = { g, shape, shapeKind, label, title, used: null, kind: "", reason: undefined };
      this.markers.set(sat.sat, m);
    } else if (m.shapeKind !== shapeKind) {
      const shape = makeShape(shapeKind);
      m.g.replaceChild(shape, m.shape);
      m.shape = shape;
      m.shapeKind = shapeKind;
      m.used = null;
    }
    const [x, y] = skyXY(sat.az_deg, sat.el_deg);
    m.g.setAttribute("transform", `translate(${x.toFixed(1)},${y.toFixed(1)})`);
    if (m.used !== sat.used) {
      const color = systemStyle(sat.sys).color;
      m.shape.setAttribute("stroke", color);
      m.shape.setAttribute("fill", sat.used ? color : "#fff");
      m.shape.setAttribute("fill-opacity", sat.used ? "0.9" : "0.6");
      m.shape.setAttribute("stroke-dasharray", sat.used ? "none" : "2 1.5");
      m.g.setAttribute("data-used", String(sat.used));
      m.g.classList.toggle("unused", !sat.used);
      m.used = sat.used;
    }
    if (m.kind !== sat.kind || m.reason !== sat.reason) {
      m.g.setAttribute("data-kind", sat.kind);
      m.title.textContent = `${sat.sat} ${sat.kind}${sat.reason ? ` (not used: ${sat.reason})` : ""}`;
      m.kind = sat.kind;
      m.reason = sat.reason;
    }
  }
}
