// A canvas sized to its CSS box at the device pixel ratio, drawn in CSS pixels.

export class CanvasSurface {
  readonly ctx: CanvasRenderingContext2D;
  width_px = 0;
  height_px = 0;

  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("canvas 2d context unavailable");
    this.ctx = ctx;
  }

  /** Matches the backing store to the element's size; returns true when the size changed. */
  fit(): boolean {
    const r = this.canvas.getBoundingClientRect();
    const w = Math.max(1, Math.round(r.width));
    const h = Math.max(1, Math.round(r.height));
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const bw = Math.round(w * dpr);
    const bh = Math.round(h * dpr);
    const changed =
      this.canvas.width !== bw || this.canvas.height !== bh || w !== this.width_px || h !== this.height_px;
    if (changed) {
      this.canvas.width = bw;
      this.canvas.height = bh;
    }
    this.width_px = w;
    this.height_px = h;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return changed;
  }

  clear(): void {
    this.ctx.save();
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.restore();
  }
}
