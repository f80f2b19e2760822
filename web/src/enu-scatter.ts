// The ENU scatter: east/north offsets (m) of the recent fixes from the reference point the server chose (the
// truth when known, else the running mean), with rings at half and full scale, and summary statistics.

import { CanvasSurface } from "./canvas-surface.js";
import type { LiveState } from "./live-state.js";

const POINTS = 900;

function niceScale_m(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

export class EnuScatter {
  private readonly surface: CanvasSurface;
  private sizeDirty = true;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly stats: HTMLElement,
    private readonly refLabel: HTMLElement,
  ) {
    this.surface = new CanvasSurface(canvas);
  }

  resize(): void {
    this.sizeDirty = true;
  }

  draw(state: LiveState): void {
    const s = this.surface;
    if (this.sizeDirty) {
      s.fit();
      this.sizeDirty = false;
    }
    const ctx = s.ctx;
    const w = s.width_px;
    const h = s.height_px;
    s.clear();
    const tr = state.track;
    const n = Math.min(POINTS, tr.length);
    const k0 = tr.length - n;
    let maxAbs = 0;
    let sumE = 0;
    let sumN = 0;
    let sumU = 0;
    let sumH2 = 0;
    let sumU2 = 0;
    let count = 0;
    for (let k = k0; k < tr.length; k++) {
      const e = tr.at("e_m", k);
      const nn = tr.at("n_m", k);
      const u = tr.at("u_m", k);
      if (!Number.isFinite(e) || !Number.isFinite(nn)) continue;
      maxAbs = Math.max(maxAbs, Math.abs(e), Math.abs(nn));
      sumE += e;
      sumN += nn;
      sumH2 += e * e + nn * nn;
      if (Number.isFinite(u)) {
        sumU += u;
        sumU2 += u * u;
      }
      count++;
    }
    const scale_m = niceScale_m(maxAbs * 1.05);
    const cx = w / 2;
    const cy = h / 2;
    const r_px = Math.min(w, h) / 2 - 14;
    const px = r_px / scale_m;
    ctx.strokeStyle = "#ccd";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(cx - r_px, cy);
    ctx.lineTo(cx + r_px, cy);
    ctx.moveTo(cx, cy - r_px);
    ctx.lineTo(cx, cy + r_px);
    ctx.stroke();
    for (const f of [0.5, 1]) {
      ctx.beginPath();
      ctx.arc(cx, cy, r_px * f, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.fillStyle = "#667";
    ctx.font = "10px system-ui, sans-serif";
    ctx.fillText("N", cx + 3, cy - r_px + 10);
    ctx.fillText("E", cx + r_px - 8, cy - 3);
    ctx.fillText(`${scale_m} m`, cx + r_px * 0.7, cy + r_px * 0.75);
    ctx.fillText(`${scale_m / 2} m`, cx + r_px * 0.36, cy + r_px * 0.4);
    // points, older ones fainter
    ctx.fillStyle = "#1f77b4";
    for (let k = k0; k < tr.length; k++) {
      const e = tr.at("e_m", k);
      const nn = tr.at("n_m", k);
      if (!Number.isFinite(e) || !Number.isFinite(nn)) continue;
      ctx.globalAlpha = 0.15 + (0.6 * (k - k0)) / Math.max(1, n);
      ctx.fillRect(cx + e * px - 1.5, cy - nn * px - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
    if (count > 0) {
      const le = tr.last("e_m");
      const ln = tr.last("n_m");
      if (Number.isFinite(le) && Number.isFinite(ln)) {
        ctx.beginPath();
        ctx.arc(cx + le * px, cy - ln * px, 4.5, 0, 2 * Math.PI);
        ctx.fillStyle = "#d62728";
        ctx.fill();
      }
      const me = sumE / count;
      const mn = sumN / count;
      ctx.strokeStyle = "#111";
      ctx.beginPath();
      ctx.moveTo(cx + me * px - 5, cy - mn * px - 5);
      ctx.lineTo(cx + me * px + 5, cy - mn * px + 5);
      ctx.moveTo(cx + me * px - 5, cy - mn * px + 5);
      ctx.lineTo(cx + me * px + 5, cy - mn * px - 5);
      ctx.stroke();
      const rmsH = Math.sqrt(sumH2 / count);
      const rmsU = Math.sqrt(sumU2 / count);
      this.stats.textContent =
        `${count} fixes · mean E ${me.toFixed(2)} N ${mn.toFixed(2)} U ${(sumU / count).toFixed(2)} m · ` +
        `RMS horiz ${rmsH.toFixed(2)} m, up ${rmsU.toFixed(2)} m`;
    } else {
      this.stats.textContent = "no fixes yet";
    }
    const ref = state.latest?.ref;
    this.refLabel.textContent = ref ? `around the ${ref}` : "";
  }
}
