// Post-fit pseudorange residuals of the satellites used in the latest solution: one signed bar per satellite
// (BeiDou first), coloured by system, on a symmetric scale in metres, with their RMS.

import type { LiveEpoch } from "../../src/serve/live-protocol.js";
import { KeyedPool } from "./keyed-pool.js";
import { clearChildren, svgElement } from "./svg-element.js";
import { satelliteOrder, systemStyle } from "./system-style.js";

const HEIGHT_PX = 200;
const PAD = { left: 34, right: 8, top: 10, bottom: 28 };

function niceScale_m(v: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(v, 1e-3)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

export class ResidualBars {
  private width_px = 400;
  private readonly axis: SVGGElement;
  private readonly bars: KeyedPool<SVGRectElement>;
  private readonly labels: KeyedPool<SVGTextElement>;
  private scale_m = 0;
  private drawnCount = 0;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly rmsLabel: HTMLElement,
  ) {
    clearChildren(svg);
    this.axis = svgElement("g", { class: "axis" }, svg);
    this.bars = new KeyedPool(svgElement("g", {}, svg), () =>
      svgElement("rect", { "data-testid": "residual-bar" }),
    );
    this.labels = new KeyedPool(svgElement("g", { class: "bar-text" }, svg), () =>
      svgElement("text", { class: "sat-name" }),
    );
    this.resize(400);
  }

  get barCount(): number {
    return this.drawnCount;
  }

  resize(width_px: number): void {
    this.width_px = Math.max(200, Math.floor(width_px));
    this.svg.setAttribute("viewBox", `0 0 ${this.width_px} ${HEIGHT_PX}`);
    this.svg.setAttribute("height", String(HEIGHT_PX));
    this.scale_m = 0; // redraw the axis
  }

  private drawAxis(scale_m: number): void {
    clearChildren(this.axis);
    for (const f of [-1, -0.5, 0, 0.5, 1]) {
      const y = this.y(f * scale_m, scale_m);
      svgElement(
        "line",
        { x1: PAD.left, x2: this.width_px - PAD.right, y1: y, y2: y, class: f === 0 ? "zero" : "" },
        this.axis,
      );
      svgElement("text", { x: PAD.left - 4, y: y + 3, "text-anchor": "end" }, this.axis).textContent = String(
        +(f * scale_m).toPrecision(3),
      );
    }
    this.scale_m = scale_m;
  }

  private y(r_m: number, scale_m: number): number {
    const mid = PAD.top + (HEIGHT_PX - PAD.top - PAD.bottom) / 2;
    const half = (HEIGHT_PX - PAD.top - PAD.bottom) / 2;
    return mid - (Math.max(-scale_m, Math.min(scale_m, r_m)) / scale_m) * half;
  }

  draw(epoch: LiveEpoch | null): void {
    const used = epoch
      ? epoch.satellites.filter((s) => s.used && s.residual_m !== null && Number.isFinite(s.residual_m))
      : [];
    used.sort((a, b) => satelliteOrder(a.sat, b.sat));
    let maxAbs = 0;
    let sum2 = 0;
    for (const s of used) {
      const r = s.residual_m as number;
      maxAbs = Math.max(maxAbs, Math.abs(r));
      sum2 += r * r;
    }
    const scale_m = Math.max(2, niceScale_m(maxAbs));
    if (scale_m !== this.scale_m) this.drawAxis(scale_m);
    const plotW = this.width_px - PAD.left - PAD.right;
    const slot = used.length ? plotW / used.length : 0;
    const barW = Math.max(1, Math.min(18, slot - 2));
    const zero = this.y(0, scale_m);
    used.forEach((s, i) => {
      const r = s.residual_m as number;
      const cx = PAD.left + slot * (i + 0.5);
      const yv = this.y(r, scale_m);
      const bar = this.bars.take(s.sat);
      bar.setAttribute("x", (cx - barW / 2).toFixed(1));
      bar.setAttribute("width", barW.toFixed(1));
      bar.setAttribute("y", Math.min(yv, zero).toFixed(1));
      bar.setAttribute("height", Math.max(0.5, Math.abs(yv - zero)).toFixed(1));
      bar.setAttribute("fill", systemStyle(s.sys).color);
      bar.setAttribute("data-sat", s.sat);
      const label = this.labels.take(s.sat);
      const narrow = slot < 24;
      const ly = HEIGHT_PX - PAD.bottom + 4;
      label.setAttribute("x", cx.toFixed(1));
      label.setAttribute("y", String(narrow ? ly : ly + 8));
      label.setAttribute("text-anchor", narrow ? "end" : "middle");
      label.setAttribute("dy", narrow ? "0.3em" : "0");
      label.setAttribute("transform", narrow ? `rotate(-90 ${cx.toFixed(1)} ${ly})` : "");
      label.textContent = s.sat;
    });
    this.bars.sweep();
    this.labels.sweep();
    this.drawnCount = used.length;
    this.rmsLabel.textContent = used.length ? `RMS ${Math.sqrt(sum2 / used.length).toFixed(2)} m` : "";
  }
}
