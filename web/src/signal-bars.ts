// C/N0 bars: one group per satellite (BeiDou first, then by PRN), one bar per signal (RINEX code, e.g. 2I = B1I),
// coloured by system; satellites not used in the solution are drawn faint.

import type { LiveEpoch } from "../../src/serve/live-protocol.js";
import { KeyedPool } from "./keyed-pool.js";
import { clearChildren, svgElement } from "./svg-element.js";
import { satelliteOrder, systemStyle } from "./system-style.js";

const CN0_MIN_DBHZ = 10;
const CN0_MAX_DBHZ = 55;
const HEIGHT_PX = 300;
const PAD = { left: 30, right: 8, top: 14, bottom: 30 };

export class SignalBars {
  private width_px = 600;
  private readonly bars: KeyedPool<SVGRectElement>;
  private readonly codes: KeyedPool<SVGTextElement>;
  private readonly sats: KeyedPool<SVGTextElement>;
  private readonly axis: SVGGElement;
  private drawnCount = 0;

  constructor(private readonly svg: SVGSVGElement) {
    clearChildren(svg);
    this.axis = svgElement("g", { class: "axis" }, svg);
    const barLayer = svgElement("g", {}, svg);
    const textLayer = svgElement("g", { class: "bar-text" }, svg);
    this.bars = new KeyedPool(barLayer, () => svgElement("rect", { "data-testid": "signal-bar" }));
    this.codes = new KeyedPool(textLayer, () => svgElement("text", { class: "code" }));
    this.sats = new KeyedPool(textLayer, () => svgElement("text", { class: "sat-name" }));
    this.resize(600);
  }

  /** Bars drawn in the last frame. */
  get barCount(): number {
    return this.drawnCount;
  }

  resize(width_px: number): void {
    this.width_px = Math.max(200, Math.floor(width_px));
    this.svg.setAttribute("viewBox", `0 0 ${this.width_px} ${HEIGHT_PX}`);
    this.svg.setAttribute("height", String(HEIGHT_PX));
    clearChildren(this.axis);
    for (let v = CN0_MIN_DBHZ; v <= CN0_MAX_DBHZ; v += 10) {
      const y = this.y(v);
      svgElement("line", { x1: PAD.left, x2: this.width_px - PAD.right, y1: y, y2: y }, this.axis);
      svgElement("text", { x: PAD.left - 4, y: y + 3, "text-anchor": "end" }, this.axis).textContent =
        String(v);
    }
  }

  private y(cn0_dbhz: number): number {
    const c = Math.min(CN0_MAX_DBHZ, Math.max(CN0_MIN_DBHZ, cn0_dbhz));
    return (
      PAD.top + ((CN0_MAX_DBHZ - c) / (CN0_MAX_DBHZ - CN0_MIN_DBHZ)) * (HEIGHT_PX - PAD.top - PAD.bottom)
    );
  }

  draw(epoch: LiveEpoch | null): void {
    const sats = epoch ? epoch.satellites.filter((s) => s.signals.length > 0) : [];
    sats.sort((a, b) => satelliteOrder(a.sat, b.sat));
    let nBars = 0;
    for (const s of sats) nBars += s.signals.length;
    const groupGap = 4;
    const plotW = this.width_px - PAD.left - PAD.right;
    const barW = nBars === 0 ? 0 : Math.max(1, Math.min(14, (plotW - groupGap * sats.length) / nBars));
    const base = this.y(CN0_MIN_DBHZ);
    let x = PAD.left + groupGap / 2;
    let count = 0;
    for (const s of sats) {
      const color = systemStyle(s.sys).color;
      const x0 = x;
      const signals = [...s.signals].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      signals.forEach((sig, i) => {
        if (!Number.isFinite(sig.cn0_dbhz)) return;
        const key = `${s.sat}/${sig.code}`;
        const bar = this.bars.take(key);
        const top = this.y(sig.cn0_dbhz);
        bar.setAttribute("x", (x + i * barW).toFixed(1));
        bar.setAttribute("width", Math.max(0.5, barW - 1).toFixed(1));
        bar.setAttribute("y", top.toFixed(1));
        bar.setAttribute("height", Math.max(0, base - top).toFixed(1));
        bar.setAttribute("fill", color);
        bar.setAttribute("fill-opacity", String((s.used ? 0.95 : 0.3) * (1 - 0.22 * Math.min(i, 3))));
        bar.setAttribute("data-key", key);
        count++;
        if (barW >= 9) {
          const t = this.codes.take(key);
          t.setAttribute("x", (x + i * barW + (barW - 1) / 2).toFixed(1));
          t.setAttribute("y", (top - 2).toFixed(1));
          t.textContent = sig.code;
        }
      });
      x += signals.length * barW;
      const label = this.sats.take(s.sat);
      const cx = (x0 + x) / 2;
      const narrow = x - x0 < 24;
      label.setAttribute("x", cx.toFixed(1));
      label.setAttribute("y", String(narrow ? base + 4 : base + 12));
      label.setAttribute("fill", s.used ? "#222" : "#999");
      label.setAttribute("text-anchor", narrow ? "end" : "middle");
      label.setAttribute("transform", narrow ? `rotate(-90 ${cx.toFixed(1)} ${base + 4})` : "");
      label.setAttribute("dy", narrow ? "0.3em" : "0");
      label.textContent = s.sat;
      x += groupGap;
    }
    this.bars.sweep();
    this.codes.sweep();
    this.sats.sweep();
    this.drawnCount = count;
  }
}
