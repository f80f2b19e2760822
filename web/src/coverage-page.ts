// The coverage page: GET /api/coverage (CoverageJson, see src/serve/live-protocol.ts) drawn as a world map
// (grid cells coloured by availability, visible-satellite count or PDOP of one satellite set, or countries coloured
// by their availability) over the bundled Natural Earth outlines, a per-set summary and a sortable per-country table
// with the count of countries where BeiDou alone gives PDOP under the threshold for at least 99% of the day.

import type { CoverageJson } from "../../src/serve/live-protocol.js";
import { CanvasSurface } from "./canvas-surface.js";
import { AVAILABILITY_CLASSES, availabilityColor, type Rgb, rgbCss, viridis } from "./color-scale.js";
import { EquirectView, WORLD_BOX } from "./equirect-view.js";
import { byTestId } from "./text-slot.js";
import { basemap } from "./world-basemap.js";

type Metric = "availability" | "meanVisible" | "minVisible" | "meanPdop" | "country";
type CoverageSet = CoverageJson["sets"][number];
type Country = CoverageJson["countries"][number];

const PDOP_MAX = 6;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const pct = (a: number | undefined) =>
  a === undefined || !Number.isFinite(a) ? "—" : `${(a * 100).toFixed(2)}%`;

export class CoveragePage {
  private data: CoverageJson | null = null;
  private loading = false;
  private readonly surface: CanvasSurface;
  private readonly cells = document.createElement("canvas");
  private view: EquirectView | null = null;
  private sizeDirty = true;
  private dirty = false;
  private sortKey = "name";
  private sortDir = 1;
  private readonly setSelect: HTMLSelectElement;
  private readonly metricSelect: HTMLSelectElement;
  private readonly summary: HTMLElement;
  private readonly params: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly setsTable: HTMLTableElement;
  private readonly table: HTMLTableElement;
  /** Frames in which the map was drawn (for tests). */
  mapFrames = 0;

  constructor(private readonly root: HTMLElement) {
    this.surface = new CanvasSurface(byTestId<HTMLCanvasElement>(root, "coverage-map"));
    this.setSelect = byTestId<HTMLSelectElement>(root, "coverage-set");
    this.metricSelect = byTestId<HTMLSelectElement>(root, "coverage-metric");
    this.summary = byTestId(root, "coverage-summary");
    this.params = byTestId(root, "coverage-params");
    this.readout = byTestId(root, "coverage-readout");
    this.legend = byTestId(root, "coverage-legend");
    this.setsTable = byTestId<HTMLTableElement>(root, "coverage-sets");
    this.table = byTestId<HTMLTableElement>(root, "coverage-table");
    this.setSelect.addEventListener("change", () => this.invalidate(true));
    this.metricSelect.addEventListener("change", () => this.invalidate(true));
    this.surface.canvas.addEventListener("mousemove", (e) => this.onHover(e));
    this.table.addEventListener("click", (e) => {
      const th = (e.target as Element).closest("th[data-key]");
      if (!th) return;
      const key = th.getAttribute("data-key") as string;
      if (key === this.sortKey) this.sortDir = -this.sortDir;
      else {
        this.sortKey = key;
        this.sortDir = key === "name" || key === "iso" ? 1 : -1;
      }
      this.renderTable();
    });
  }

  get loaded(): boolean {
    return this.data !== null;
  }

  /** Called whenever the page is shown: loads the data once. */
  activate(): void {
    this.sizeDirty = true;
    this.dirty = true;
    if (!this.data && !this.loading) void this.load();
  }

  resize(): void {
    this.sizeDirty = true;
    this.dirty = true;
  }

  private invalidate(cells: boolean): void {
    if (cells) this.cells.width = 0;
    this.dirty = true;
  }

  private async load(): Promise<void> {
    this.loading = true;
    const started = performance.now();
    const tick = setInterval(() => {
      this.summary.textContent = `Computing coverage… ${((performance.now() - started) / 1000).toFixed(0)} s`;
    }, 500);
    this.summary.textContent = "Computing coverage…";
    try {
      const res = await fetch("/api/coverage", { headers: { accept: "application/json" } });
      const text = await res.text();
      if (!res.ok) {
        let msg = text;
        try {
          const j = JSON.parse(text) as { error?: string; message?: string };
          msg = j.message ?? j.error ?? text;
        } catch {
          // plain text
        }
        this.showError(`Coverage not available (HTTP ${res.status}): ${msg}`);
        return;
      }
      this.setData(JSON.parse(text) as CoverageJson);
    } catch (err) {
      this.showError(`Coverage not available: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearInterval(tick);
      this.loading = false;
    }
  }

  private showError(msg: string): void {
    this.summary.textContent = msg;
    this.summary.setAttribute("data-error", "true");
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "small";
    retry.textContent = "retry";
    retry.addEventListener("click", () => {
      this.summary.removeAttribute("data-error");
      void this.load();
    });
    this.summary.append(" ", retry);
  }

  setData(data: CoverageJson): void {
    this.data = data;
    this.setSelect.innerHTML = data.sets.map((s) => `<option>${escapeHtml(s.name)}</option>`).join("");
    const bds = data.sets.findIndex((s) => s.name === "BDS");
    this.setSelect.selectedIndex = Math.max(0, bds);
    const s = data.summary;
    this.summary.innerHTML =
      `BeiDou alone gives PDOP &lt; ${data.pdopThreshold} for ≥ 99% of the day in ` +
      `<strong data-testid="bds-qualifying">${s.bdsQualifying}</strong> of ` +
      `<strong data-testid="country-count">${s.countries}</strong> countries.`;
    this.params.textContent =
      `${data.source} · from ${data.start} · ${(data.span_s / 3600).toFixed(1)} h every ${data.step_s / 60} min · ` +
      `${data.grid_deg}° grid · elevation mask ${data.elevMask_deg}° · ${s.criterion}`;
    this.renderSets();
    this.renderTable();
    this.invalidate(true);
  }

  private currentSet(): CoverageSet | undefined {
    const d = this.data;
    if (!d) return undefined;
    return d.sets.find((s) => s.name === this.setSelect.value) ?? d.sets[0];
  }

  private renderSets(): void {
    const d = this.data;
    if (!d) return;
    const rows = d.sets.map((set) => {
      let wSum = 0;
      let visSum = 0;
      let goodW = 0;
      for (let i = 0; i < d.lats_deg.length; i++) {
        const w = Math.cos(((d.lats_deg[i] as number) * Math.PI) / 180);
        for (let j = 0; j < d.lons_deg.length; j++) {
          const k = i * d.lons_deg.length + j;
          wSum += w;
          visSum += w * (set.meanVisible[k] ?? 0);
          if ((set.availability[k] ?? 0) >= 0.99) goodW += w;
        }
      }
      const qualifying = d.countries.filter((c) => (c.availability[set.name] ?? 0) >= 0.99).length;
      return `<tr data-set="${escapeHtml(set.name)}"><td>${escapeHtml(set.name)}</td><td>${escapeHtml(set.systems.join("+"))}</td><td>${(visSum / wSum).toFixed(1)}</td><td>${((goodW / wSum) * 100).toFixed(1)}%</td><td>${qualifying}</td></tr>`;
    });
    this.setsTable.innerHTML =
      "<thead><tr><th>set</th><th>systems</th><th>mean visible (area-weighted)</th>" +
      `<th>surface with availability ≥ 99%</th><th>countries ≥ 99%</th></tr></thead><tbody>${rows.join("")}</tbody>`;
  }

  private renderTable(): void {
    const d = this.data;
    if (!d) return;
    const names = d.sets.map((s) => s.name);
    const key = this.sortKey;
    const dir = this.sortDir;
    const value = (c: Country): string | number =>
      key === "name"
        ? c.name
        : key === "iso"
          ? c.iso
          : key === "qualifies"
            ? Number(c.bdsQualifies)
            : (c.availability[key] ?? -1);
    const rows = [...d.countries].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const cmp = typeof va === "string" ? va.localeCompare(vb as string) : va - (vb as number);
      return cmp * dir || a.name.localeCompare(b.name);
    });
    const arrow = (k: string) => (k === key ? (dir > 0 ? " ▲" : " ▼") : "");
    const head =
      `<tr><th data-key="name">country${arrow("name")}</th><th data-key="iso">ISO${arrow("iso")}</th>` +
      names.map((n) => `<th data-key="${escapeHtml(n)}">${escapeHtml(n)}${arrow(n)}</th>`).join("") +
      `<th data-key="qualifies">BDS PDOP &lt; ${d.pdopThreshold} ≥ 99%${arrow("qualifies")}</th></tr>`;
    const body = rows
      .map((c) => {
        const cells = names
          .map((n) => {
            const a = c.availability[n];
            const bg =
              a === undefined
                ? ""
                : ` style="background:${rgbCss(availabilityColor(a))};color:${a >= 0.999 || a < 0.5 ? "#fff" : "#000"}"`;
            return `<td class="num"${bg}>${pct(a)}</td>`;
          })
          .join("");
        return `<tr data-testid="country-row" data-iso="${escapeHtml(c.iso)}"><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.iso)}</td>${cells}<td class="flag">${c.bdsQualifies ? "✔" : "✘"}</td></tr>`;
      })
      .join("");
    (this.table.tHead as HTMLTableSectionElement).innerHTML = head;
    (this.table.tBodies[0] as HTMLTableSectionElement).innerHTML = body;
  }

  private metric(): Metric {
    return this.metricSelect.value as Metric;
  }

  private cellColor(
    set: CoverageSet,
    k: number,
    metric: Metric,
    range: readonly [number, number],
  ): Rgb | null {
    const [lo, hi] = range;
    switch (metric) {
      case "availability":
      case "country": {
        const a = set.availability[k];
        return a === undefined ? null : availabilityColor(a);
      }
      case "meanVisible":
        return viridis(((set.meanVisible[k] ?? 0) - lo) / (hi - lo));
      case "minVisible":
        return viridis(((set.minVisible[k] ?? 0) - lo) / (hi - lo));
      case "meanPdop": {
        const p = set.meanPdop[k];
        return p === null || p === undefined
          ? [0x30, 0x30, 0x30]
          : viridis(1 - (Math.min(p, PDOP_MAX) - 1) / (PDOP_MAX - 1));
      }
    }
  }

  /** Colour range of a visible-count metric: whole numbers around the data's minimum and maximum. */
  private visibleRange(set: CoverageSet, metric: Metric): [number, number] {
    const values = metric === "minVisible" ? set.minVisible : set.meanVisible;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo)) return [0, 1];
    lo = Math.floor(lo);
    hi = Math.max(lo + 1, Math.ceil(hi));
    return [lo, hi];
  }

  private renderCells(set: CoverageSet, metric: Metric): void {
    const d = this.data as CoverageJson;
    const nLat = d.lats_deg.length;
    const nLon = d.lons_deg.length;
    this.cells.width = nLon;
    this.cells.height = nLat;
    const ctx = this.cells.getContext("2d");
    if (!ctx) return;
    const img = ctx.createImageData(nLon, nLat);
    const range = this.visibleRange(set, metric);
    for (let k = 0; k < nLat * nLon; k++) {
      const c = this.cellColor(set, k, metric, range);
      if (!c) continue;
      img.data[4 * k] = c[0];
      img.data[4 * k + 1] = c[1];
      img.data[4 * k + 2] = c[2];
      img.data[4 * k + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }

  private renderLegend(set: CoverageSet, metric: Metric): void {
    if (metric === "availability" || metric === "country") {
      this.legend.innerHTML =
        `<span class="muted">${escapeHtml(set.name)}: share of the day with PDOP &lt; ${this.data?.pdopThreshold}</span>` +
        AVAILABILITY_CLASSES.map(
          (c) => `<span><i style="background:${rgbCss(c.rgb)}"></i>${c.label}</span>`,
        ).join("");
      return;
    }
    const [visLo, visHi] = this.visibleRange(set, metric);
    const max = metric === "meanPdop" ? PDOP_MAX : visHi;
    const stops = Array.from({ length: 11 }, (_, i) =>
      rgbCss(viridis(metric === "meanPdop" ? 1 - i / 10 : i / 10)),
    );
    const lo = metric === "meanPdop" ? "1" : String(visLo);
    const label =
      metric === "meanPdop"
        ? "mean PDOP"
        : metric === "meanVisible"
          ? "mean visible satellites"
          : "minimum visible satellites";
    this.legend.innerHTML =
      `<span class="muted">${escapeHtml(set.name)}: ${label}</span> ${lo} ` +
      `<span class="ramp" style="background:linear-gradient(to right,${stops.join(",")})"></span> ${max}${metric === "meanPdop" ? "+" : ""}`;
  }

  /** Draws the map if anything changed; called from the animation loop while the page is shown. */
  draw(): void {
    const d = this.data;
    if (!this.dirty) return;
    this.dirty = false;
    const s = this.surface;
    if (this.sizeDirty) {
      s.fit();
      this.sizeDirty = false;
    }
    const w = s.width_px;
    const h = s.height_px;
    const ww = Math.min(w, 2 * h);
    const view = new EquirectView(WORLD_BOX, (w - ww) / 2, (h - ww / 2) / 2, ww, ww / 2);
    this.view = view;
    const ctx = s.ctx;
    s.clear();
    ctx.fillStyle = "#e8eef3";
    ctx.fillRect(view.x_px, view.y_px, view.width_px, view.height_px);
    const map = basemap();
    const set = this.currentSet();
    const metric = this.metric();
    if (d && set) {
      if (metric === "country") {
        const byIso = new Map(d.countries.map((c) => [c.iso, c] as const));
        const byName = new Map(d.countries.map((c) => [c.name, c] as const));
        ctx.beginPath();
        for (const poly of map.land) view.traceRings(ctx, poly, true);
        ctx.fillStyle = "#cfcfcf";
        ctx.fill("evenodd");
        for (const shape of map.countries) {
          const c = byIso.get(shape.id) ?? byName.get(shape.name);
          const a = c?.availability[set.name];
          if (a === undefined) continue;
          ctx.beginPath();
          for (const poly of shape.polygons) view.traceRings(ctx, poly, true);
          ctx.fillStyle = rgbCss(availabilityColor(a));
          ctx.fill("evenodd");
        }
      } else {
        if (this.cells.width === 0) this.renderCells(set, metric);
        const g = d.grid_deg;
        const lons = d.lons_deg;
        const lats = d.lats_deg;
        const x0 = view.x((lons[0] as number) - g / 2);
        const x1 = view.x((lons[lons.length - 1] as number) + g / 2);
        const y0 = view.y((lats[0] as number) + g / 2);
        const y1 = view.y((lats[lats.length - 1] as number) - g / 2);
        ctx.save();
        ctx.beginPath();
        ctx.rect(view.x_px, view.y_px, view.width_px, view.height_px);
        ctx.clip();
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(this.cells, x0, y0, x1 - x0, y1 - y0);
        ctx.restore();
      }
      this.renderLegend(set, metric);
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(view.x_px, view.y_px, view.width_px, view.height_px);
    ctx.clip();
    ctx.beginPath();
    for (const poly of map.land) view.traceRings(ctx, poly, true);
    ctx.strokeStyle = "rgba(20,20,20,0.75)";
    ctx.lineWidth = 0.8;
    ctx.stroke();
    ctx.beginPath();
    view.traceRings(ctx, map.borders, false);
    ctx.strokeStyle = "rgba(20,20,20,0.35)";
    ctx.lineWidth = 0.5;
    ctx.stroke();
    ctx.restore();
    this.mapFrames++;
  }

  private onHover(e: MouseEvent): void {
    const d = this.data;
    const v = this.view;
    if (!d || !v) return;
    const r = this.surface.canvas.getBoundingClientRect();
    const lon = v.lon(e.clientX - r.left);
    const lat = v.lat(e.clientY - r.top);
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      this.readout.textContent = "";
      return;
    }
    let bi = 0;
    let bj = 0;
    for (let i = 1; i < d.lats_deg.length; i++)
      if (Math.abs((d.lats_deg[i] as number) - lat) < Math.abs((d.lats_deg[bi] as number) - lat)) bi = i;
    for (let j = 1; j < d.lons_deg.length; j++)
      if (Math.abs((d.lons_deg[j] as number) - lon) < Math.abs((d.lons_deg[bj] as number) - lon)) bj = j;
    const k = bi * d.lons_deg.length + bj;
    const parts = d.sets.map((s) => {
      const p = s.meanPdop[k];
      return `${s.name}: ${(s.meanVisible[k] ?? 0).toFixed(1)} visible (min ${s.minVisible[k]}), PDOP ${p === null || p === undefined ? "—" : p.toFixed(2)}, ${pct(s.availability[k])}`;
    });
    this.readout.textContent = `${(d.lats_deg[bi] as number).toFixed(1)}°, ${(d.lons_deg[bj] as number).toFixed(1)}° · ${parts.join(" · ")}`;
  }

  /** The root element (for the router). */
  get element(): HTMLElement {
    return this.root;
  }
}
