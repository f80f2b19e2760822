// Time series of the recent epochs on one time axis: satellites used, PDOP and HDOP, and the solution status as a
// coloured strip (none, single, DGNSS, float, fixed).

import { CanvasSurface } from "./canvas-surface.js";
import { type LiveState, STATUS_CODES } from "./live-state.js";
import { STATUS_COLOR } from "./system-style.js";

const PAD_L = 34;
const PAD_R = 10;

function hms(t_s: number): string {
  const d = ((t_s % 86400) + 86400) % 86400;
  const h = Math.floor(d / 3600);
  const m = Math.floor((d % 3600) / 60);
  const s = Math.floor(d % 60);
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

export class TimeSeries {
  private readonly surface: CanvasSurface;
  private sizeDirty = true;

  constructor(canvas: HTMLCanvasElement) {
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
    s.clear();
    const ctx = s.ctx;
    const w = s.width_px;
    const h = s.height_px;
    const se = state.series;
    const n = se.length;
    ctx.font = "10px system-ui, sans-serif";
    const plotW = w - PAD_L - PAD_R;
    const satsTop = 8;
    const satsH = (h - 50) * 0.5;
    const dopTop = satsTop + satsH + 8;
    const dopH = (h - 50) * 0.5;
    const statusTop = dopTop + dopH + 6;
    const statusH = 9;
    const axisY = statusTop + statusH + 12;
    if (n === 0) {
      ctx.fillStyle = "#889";
      ctx.fillText("waiting for epochs…", PAD_L, h / 2);
      return;
    }
    const t0 = se.at("t_s", 0);
    const t1 = Math.max(se.last("t_s"), t0 + 1);
    const x = (t: number) => PAD_L + ((t - t0) / (t1 - t0)) * plotW;
    let maxSats = 4;
    let maxDop = 2;
    for (let k = 0; k < n; k++) {
      maxSats = Math.max(maxSats, se.at("nsUsed", k));
      const p = se.at("pdop", k);
      if (Number.isFinite(p)) maxDop = Math.max(maxDop, p);
    }
    maxSats = Math.ceil(maxSats / 5) * 5;
    maxDop = Math.min(10, Math.ceil(maxDop));
    const frame = (top: number, height: number, max: number, label: string) => {
      ctx.strokeStyle = "#dde";
      ctx.lineWidth = 1;
      ctx.strokeRect(PAD_L, top, plotW, height);
      ctx.fillStyle = "#667";
      ctx.fillText(String(max), 4, top + 9);
      ctx.fillText("0", 4, top + height);
      ctx.fillText(label, PAD_L + 4, top + 10);
    };
    const line = (
      col: "nsUsed" | "pdop" | "hdop",
      top: number,
      height: number,
      max: number,
      color: string,
    ) => {
      ctx.beginPath();
      let pen = false;
      for (let k = 0; k < n; k++) {
        const v = se.at(col, k);
        if (!Number.isFinite(v)) {
          pen = false;
          continue;
        }
        const yy = top + height - (Math.min(v, max) / max) * height;
        const xx = x(se.at("t_s", k));
        if (pen) ctx.lineTo(xx, yy);
        else ctx.moveTo(xx, yy);
        pen = true;
      }
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    };
    frame(satsTop, satsH, maxSats, "satellites used");
    line("nsUsed", satsTop, satsH, maxSats, "#d62728");
    frame(dopTop, dopH, maxDop, "PDOP (dark) / HDOP (light)");
    line("pdop", dopTop, dopH, maxDop, "#333");
    line("hdop", dopTop, dopH, maxDop, "#5aa0d8");
    // status strip
    for (let k = 0; k < n; k++) {
      const st = se.at("status", k);
      const xa = x(se.at("t_s", k));
      const xb = k + 1 < n ? x(se.at("t_s", k + 1)) : xa + Math.max(1, plotW / n);
      ctx.fillStyle = STATUS_COLOR[STATUS_CODES[st] ?? "none"] ?? "#999";
      ctx.fillRect(xa, statusTop, Math.max(1, xb - xa), statusH);
    }
    ctx.fillStyle = "#667";
    ctx.fillText("status", 2, statusTop + 8);
    ctx.fillText(hms(t0), PAD_L, axisY);
    const right = hms(t1);
    ctx.fillText(right, PAD_L + plotW - ctx.measureText(right).width, axisY);
    let lx = PAD_L + plotW / 2 - 110;
    for (const name of STATUS_CODES) {
      ctx.fillStyle = STATUS_COLOR[name] ?? "#999";
      ctx.fillRect(lx, axisY - 8, 9, 9);
      ctx.fillStyle = "#445";
      ctx.fillText(name, lx + 12, axisY);
      lx += 14 + ctx.measureText(name).width + 8;
    }
  }
}
