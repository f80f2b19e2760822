// The position track on a map: the bundled Natural Earth basemap in an equirectangular view that zooms to the
// track (or shows the whole world), the track as a line, the latest fix and the known truth. The basemap is
// drawn into a cached canvas and only redrawn when the view or the size changes.

import { CanvasSurface } from "./canvas-surface.js";
import { EquirectView, fitBox, type GeoBox, WORLD_BOX } from "./equirect-view.js";
import type { LiveState } from "./live-state.js";
import { STATUS_COLOR } from "./system-style.js";
import { basemap } from "./world-basemap.js";

const MIN_SPAN_LAT_DEG = 6;

function niceStep(span_deg: number): number {
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 45];
  for (const s of steps) if (span_deg / s <= 8) return s;
  return 60;
}

export class TrackMap {
  private readonly surface: CanvasSurface;
  private readonly cache = document.createElement("canvas");
  private view: EquirectView | null = null;
  private cachedKey = "";
  private mode: "track" | "world" = "track";
  private sizeDirty = true;

  constructor(canvas: HTMLCanvasElement, button: HTMLButtonElement) {
    this.surface = new CanvasSurface(canvas);
    button.addEventListener("click", () => {
      this.mode = this.mode === "track" ? "world" : "track";
      button.textContent = this.mode === "track" ? "world" : "zoom to track";
      this.view = null;
      this.onToggle?.();
    });
  }

  onToggle: (() => void) | null = null;

  resize(): void {
    this.sizeDirty = true;
  }

  private chooseView(state: LiveState): EquirectView {
    const s = this.surface;
    const w = s.width_px;
    const h = s.height_px;
    if (this.mode === "world") {
      const ww = Math.min(w, 2 * h);
      const hh = ww / 2;
      return new EquirectView(WORLD_BOX, (w - ww) / 2, (h - hh) / 2, ww, hh);
    }
    const tr = state.track;
    let west = Number.POSITIVE_INFINITY;
    let east = Number.NEGATIVE_INFINITY;
    let south = Number.POSITIVE_INFINITY;
    let north = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < tr.length; k++) {
      const lon = tr.at("lon_deg", k);
      const lat = tr.at("lat_deg", k);
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
    const truth = state.hello?.truth;
    if (truth) {
      west = Math.min(west, truth.lon_deg);
      east = Math.max(east, truth.lon_deg);
      south = Math.min(south, truth.lat_deg);
      north = Math.max(north, truth.lat_deg);
    }
    if (!Number.isFinite(west)) return new EquirectView(WORLD_BOX, 0, 0, w, h);
    const cur = this.view;
    if (cur && cur.box !== WORLD_BOX && cur.width_px === w && cur.height_px === h) {
      const inside = cur.contains(west, south, 0.05) && cur.contains(east, north, 0.05);
      const spanNow = cur.box.north_deg - cur.box.south_deg;
      const needed = Math.max(MIN_SPAN_LAT_DEG, (north - south) * 1.4);
      if (inside && spanNow <= Math.max(needed * 3, MIN_SPAN_LAT_DEG * 1.01)) return cur;
    }
    const box: GeoBox = fitBox(west, east, south, north, w, h, MIN_SPAN_LAT_DEG);
    return new EquirectView(box, 0, 0, w, h);
  }

  private renderBasemap(view: EquirectView): void {
    const s = this.surface;
    const dpr = s.canvas.width / s.width_px;
    this.cache.width = s.canvas.width;
    this.cache.height = s.canvas.height;
    const ctx = this.cache.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#dcebf5";
    ctx.fillRect(view.x_px, view.y_px, view.width_px, view.height_px);
    const map = basemap();
    ctx.beginPath();
    for (const poly of map.land) view.traceRings(ctx, poly, true);
    ctx.fillStyle = "#f4f1e8";
    ctx.fill("evenodd");
    ctx.strokeStyle = "#9a9382";
    ctx.lineWidth = 0.7;
    ctx.stroke();
    ctx.beginPath();
    view.traceRings(ctx, map.borders, false);
    ctx.strokeStyle = "#b9b1a0";
    ctx.lineWidth = 0.5;
    ctx.stroke();
    // graticule with labels
    const b = view.box;
    const step = niceStep(b.north_deg - b.south_deg);
    ctx.strokeStyle = "rgba(60,80,110,0.18)";
    ctx.fillStyle = "#567";
    ctx.font = "10px system-ui, sans-serif";
    ctx.beginPath();
    for (let lat = Math.ceil(b.south_deg / step) * step; lat <= b.north_deg; lat += step) {
      const y = view.y(lat);
      ctx.moveTo(view.x_px, y);
      ctx.lineTo(view.x_px + view.width_px, y);
      if (y > view.y_px + 12 && y < view.y_px + view.height_px - 14)
        ctx.fillText(`${+lat.toFixed(2)}°`, view.x_px + 2, y - 2);
    }
    const lonStep = niceStep((b.east_deg - b.west_deg) * 0.6);
    for (let lon = Math.ceil(b.west_deg / lonStep) * lonStep; lon <= b.east_deg; lon += lonStep) {
      const x = view.x(lon);
      ctx.moveTo(x, view.y_px);
      ctx.lineTo(x, view.y_px + view.height_px);
      const wrapped = ((((lon + 180) % 360) + 360) % 360) - 180;
      if (x > view.x_px + 30 && x < view.x_px + view.width_px - 30)
        ctx.fillText(`${+wrapped.toFixed(2)}°`, x + 2, view.y_px + view.height_px - 3);
    }
    ctx.stroke();
  }

  draw(state: LiveState): void {
    const s = this.surface;
    if (this.sizeDirty) {
      s.fit();
      this.sizeDirty = false;
      this.view = null;
    }
    const view = this.chooseView(state);
    const key = `${view.box.west_deg},${view.box.east_deg},${view.box.south_deg},${view.box.north_deg},${s.canvas.width},${s.canvas.height}`;
    if (key !== this.cachedKey) {
      this.renderBasemap(view);
      this.cachedKey = key;
    }
    this.view = view;
    const ctx = s.ctx;
    s.clear();
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.cache, 0, 0);
    ctx.restore();
    ctx.save();
    ctx.beginPath();
    ctx.rect(view.x_px, view.y_px, view.width_px, view.height_px);
    ctx.clip();
    const tr = state.track;
    if (tr.length > 1) {
      ctx.beginPath();
      for (let k = 0; k < tr.length; k++) {
        const x = view.x(tr.at("lon_deg", k));
        const y = view.y(tr.at("lat_deg", k));
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.strokeStyle = "rgba(200,30,40,0.8)";
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    const truth = state.hello?.truth;
    if (truth) {
      const x = view.x(truth.lon_deg);
      const y = view.y(truth.lat_deg);
      ctx.strokeStyle = "#222";
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x - 6, y);
      ctx.lineTo(x + 6, y);
      ctx.moveTo(x, y - 6);
      ctx.lineTo(x, y + 6);
      ctx.stroke();
    }
    if (tr.length > 0) {
      const x = view.x(tr.last("lon_deg"));
      const y = view.y(tr.last("lat_deg"));
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, 2 * Math.PI);
      ctx.fillStyle = STATUS_COLOR[state.latest?.status ?? "single"] ?? "#1f77b4";
      ctx.fill();
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    ctx.restore();
  }
}
