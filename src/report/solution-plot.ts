// The post-processing figure of a solution file as one self-contained SVG (1200 x 900 user units, no
// external fonts or images): east/north/up error time series and satellites used with DOP (or the formal
// sigmas a .pos file carries) on a shared time axis, points coloured by solution quality as RTKPLOT
// colours them; a horizontal scatter with equal axes and RMS / 95% circles; and a box of statistics.
// Every number drawn is computed here from the input.

import { addSeconds, formatCalendar } from "../time/instant.js";
import { type EnuErrors, enuErrors, type SolutionStats, solutionStats } from "./solution-errors.js";
import { epochCount, hasAny, Q_NAMES, type QualityQ, type SolutionTrack } from "./solution-track.js";
import {
  escapeXml as esc,
  formatClock,
  formatTick,
  linearScale,
  px,
  symmetricAxis,
  ticksBetween,
  timeStep,
  zeroBasedAxis,
} from "./svg-axes.js";
import { type EpochReference, referenceFor, type Truth } from "./truth.js";

export const PLOT_WIDTH = 1200;
export const PLOT_HEIGHT = 900;

/** RTKPLOT's quality colours: fix green, float orange, SBAS magenta, DGNSS blue, single red, PPP cyan. */
export const Q_COLOURS: Readonly<Record<QualityQ, string>> = {
  1: "#00a000",
  2: "#ff8c00",
  3: "#c000c0",
  4: "#0050ff",
  5: "#e00000",
  6: "#00a0a0",
};
/** Worse solutions underneath, fixes on top. */
const Q_DRAW_ORDER: readonly QualityQ[] = [5, 4, 3, 6, 2, 1];
const LINE_COLOURS = ["#6a3d9a", "#8c564b", "#7f7f7f"] as const;

const FONT = "DejaVu Sans, Arial, Helvetica, sans-serif";

export interface SolutionPlotOptions {
  readonly title?: string;
  /** Width of the drawing (px); the height follows at 3:4. Default 1200. */
  readonly width_px?: number;
  /** Errors are measured against this; without one, against the mean position. */
  readonly truth?: Truth;
}

export interface SolutionPlot {
  readonly svg: string;
  readonly stats: SolutionStats;
  readonly reference: EpochReference;
  readonly errors: EnuErrors;
}

interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

// layout (user units)
const LEFT = { x0: 80, x1: 770 };
const PANEL_E: Box = { ...LEFT, y0: 86, y1: 206 };
const PANEL_N: Box = { ...LEFT, y0: 218, y1: 338 };
const PANEL_U: Box = { ...LEFT, y0: 350, y1: 470 };
const PANEL_NS: Box = { ...LEFT, y0: 548, y1: 790 };
const PANEL_SCATTER: Box = { x0: 880, y0: 86, x1: 1170, y1: 376 };
const STATS_BOX: Box = { x0: 860, y0: 470, x1: 1185, y1: 885 };

const baseName = (f: string): string => f.replace(/^.*[\\/]/, "");

/** Stat values are printed with 0.1 mm resolution. */
export function formatMetres(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const s = v.toFixed(4);
  return `${s === "-0.0000" ? "0.0000" : s} m`;
}
const formatPercent = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : "n/a");

class Svg {
  readonly parts: string[] = [];
  add(s: string): void {
    this.parts.push(s);
  }
  text(x: number, y: number, s: string, attrs = ""): void {
    this.parts.push(`<text x="${px(x)}" y="${px(y)}"${attrs ? ` ${attrs}` : ""}>${esc(s)}</text>`);
  }
  line(x0: number, y0: number, x1: number, y1: number, attrs: string): void {
    this.parts.push(`<line x1="${px(x0)}" y1="${px(y0)}" x2="${px(x1)}" y2="${px(y1)}" ${attrs}/>`);
  }
}

function panelFrame(s: Svg, b: Box, id: string): void {
  s.add(
    `<clipPath id="clip-${id}"><rect x="${b.x0}" y="${b.y0}" width="${b.x1 - b.x0}" height="${b.y1 - b.y0}"/></clipPath>`,
  );
  s.add(
    `<rect class="panel" id="panel-${id}" x="${b.x0}" y="${b.y0}" width="${b.x1 - b.x0}" height="${b.y1 - b.y0}" fill="#ffffff" stroke="#404040" stroke-width="1"/>`,
  );
}

function yAxis(
  s: Svg,
  b: Box,
  axis: { lo: number; hi: number; step: number },
  y: (v: number) => number,
  side: "left" | "right",
  title: string,
  grid: boolean,
): void {
  for (const v of ticksBetween(axis.lo, axis.hi, axis.step)) {
    const yy = y(v);
    if (grid) s.line(b.x0, yy, b.x1, yy, `stroke="${v === 0 ? "#a0a0a0" : "#e4e4e4"}" stroke-width="1"`);
    const x = side === "left" ? b.x0 : b.x1;
    const d = side === "left" ? -5 : 5;
    s.line(x, yy, x + d, yy, `stroke="#404040"`);
    s.text(
      x + (side === "left" ? -8 : 8),
      yy + 4,
      formatTick(v, axis.step),
      `text-anchor="${side === "left" ? "end" : "start"}"`,
    );
  }
  const tx = side === "left" ? b.x0 - 58 : b.x1 + 52;
  const ty = (b.y0 + b.y1) / 2;
  s.text(tx, ty, title, `text-anchor="middle" transform="rotate(-90 ${px(tx)} ${px(ty)})" font-size="13"`);
}

interface TimeAxis {
  readonly x: (t_s: number) => number;
  readonly ticks: readonly number[];
  readonly labels: readonly string[];
}

function timeAxis(track: SolutionTrack, b: Box): TimeAxis {
  const n = epochCount(track);
  const span = n > 0 ? track.t_s[n - 1] : 0;
  const pad = Math.max(span * 0.01, 0.5);
  const lo = -pad;
  const hi = span + pad;
  const step = timeStep(hi - lo, 8);
  // ticks on round clock readings of the file's time scale
  const abs0 = track.start.sec + track.start.frac;
  const ticks = ticksBetween(abs0 + lo, abs0 + hi, step).map((a) => a - abs0);
  // dates in the labels only when the epochs run over more than one calendar day
  const multiDay = Math.floor(abs0 / 86400) !== Math.floor((abs0 + span) / 86400);
  const labels = ticks.map((t) => formatClock(addSeconds(track.start, t), step, multiDay));
  return { x: linearScale(lo, hi, b.x0, b.x1), ticks, labels };
}

function drawTimeTicks(s: Svg, b: Box, ta: TimeAxis, labels: boolean): void {
  ta.ticks.forEach((t, k) => {
    const x = ta.x(t);
    s.line(x, b.y0, x, b.y1, `stroke="#e4e4e4" stroke-width="1"`);
    s.line(x, b.y1, x, b.y1 + 5, `stroke="#404040"`);
    if (labels) s.text(x, b.y1 + 18, ta.labels[k], `text-anchor="middle"`);
  });
}

/** One path of dots per quality class; `data-n` says how many dots it holds. */
function dotsByQuality(
  s: Svg,
  panel: string,
  track: SolutionTrack,
  xOf: (i: number) => number,
  yOf: (i: number) => number,
  radius: number,
): void {
  const n = epochCount(track);
  s.add(`<g clip-path="url(#clip-${panel})">`);
  for (const q of Q_DRAW_ORDER) {
    const d: string[] = [];
    for (let i = 0; i < n; i++) {
      if (track.q[i] !== q) continue;
      const x = xOf(i);
      const y = yOf(i);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      d.push(`M${px(x)} ${px(y)}h0`);
    }
    if (d.length === 0) continue;
    s.add(
      `<path class="pts" data-panel="${panel}" data-q="${q}" data-n="${d.length}" fill="none" stroke="${Q_COLOURS[q]}" stroke-width="${2 * radius}" stroke-linecap="round" d="${d.join("")}"/>`,
    );
  }
  s.add("</g>");
}

/** A polyline through finite values, broken where epochs are missing (gaps over 3 intervals). */
function seriesLine(
  s: Svg,
  panel: string,
  name: string,
  colour: string,
  track: SolutionTrack,
  values: Float64Array,
  x: (t: number) => number,
  y: (v: number) => number,
  maxGap_s: number,
): void {
  const n = epochCount(track);
  const d: string[] = [];
  let pen = false;
  let lastT = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const t = track.t_s[i];
    if (t - lastT > maxGap_s) pen = false;
    // a subpath starts with a zero-length segment, so that a lone point still shows (round caps)
    d.push(pen ? `L${px(x(t))} ${px(y(v))}` : `M${px(x(t))} ${px(y(v))}h0`);
    pen = true;
    lastT = t;
    count++;
  }
  if (count === 0) return;
  s.add(
    `<path class="line" data-panel="${panel}" data-series="${esc(name)}" data-n="${count}" clip-path="url(#clip-${panel})" fill="none" stroke="${colour}" stroke-width="1.3" stroke-linejoin="round" stroke-linecap="round" d="${d.join("")}"/>`,
  );
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m;
}

function maxOf(...arrays: Float64Array[]): number {
  let m = Number.NaN;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v) && !(v <= m)) m = v;
  return m;
}

/** Build the figure. Throws nothing for any track with at least one epoch. */
export function plotSolution(track: SolutionTrack, o: SolutionPlotOptions = {}): SolutionPlot {
  const reference = referenceFor(track, o.truth);
  const errors = enuErrors(track, reference);
  const stats = solutionStats(track, errors);
  const width = o.width_px ?? PLOT_WIDTH;
  const height = Math.round((width * PLOT_HEIGHT) / PLOT_WIDTH);
  const s = new Svg();
  s.add(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${PLOT_WIDTH} ${PLOT_HEIGHT}" font-family="${FONT}" font-size="11" fill="#202020">`,
  );
  s.add(`<rect width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}" fill="#ffffff"/>`);

  // title and what the figure is about
  const end = addSeconds(track.start, stats.span_s);
  s.text(
    20,
    30,
    o.title ?? `beidou plot: ${baseName(track.file)}`,
    `id="title" font-size="18" font-weight="bold"`,
  );
  s.text(
    20,
    50,
    `${formatCalendar(track.start, 1)} to ${formatCalendar(end, 1)} ${track.scale} · errors against the ${reference.label}`,
    `id="subtitle" font-size="12"`,
  );

  // quality legend (the classes present)
  let lx = PANEL_E.x0;
  s.add(`<g id="legend-q">`);
  s.text(lx, 74, "Q:", `font-size="12"`);
  lx += 22;
  for (const q of [1, 2, 3, 4, 5, 6] as const) {
    if (stats.byQ[q] === 0) continue;
    s.add(`<circle cx="${lx + 4}" cy="70" r="4.5" fill="${Q_COLOURS[q]}"/>`);
    const label = `${Q_NAMES[q]} (${stats.byQ[q]})`;
    s.text(lx + 12, 74, label, `font-size="12"`);
    lx += 26 + label.length * 7;
  }
  s.add("</g>");

  // --- east / north / up against time
  const ta = timeAxis(track, PANEL_E);
  const interval = Number.isFinite(stats.interval_s) && stats.interval_s > 0 ? stats.interval_s : 1;
  const panels = [
    ["east", PANEL_E, errors.e_m, "East (m)"],
    ["north", PANEL_N, errors.n_m, "North (m)"],
    ["up", PANEL_U, errors.u_m, "Up (m)"],
  ] as const;
  for (const [id, b, v, title] of panels) {
    panelFrame(s, b, id);
    const axis = symmetricAxis(maxAbs(v) * 1.05, 6, 0.001);
    const y = linearScale(axis.lo, axis.hi, b.y1, b.y0);
    drawTimeTicks(s, b, ta, id === "up");
    yAxis(s, b, axis, y, "left", title, true);
    dotsByQuality(
      s,
      id,
      track,
      (i) => ta.x(track.t_s[i]),
      (i) => y(v[i]),
      1.6,
    );
    s.add(
      `<rect x="${b.x0}" y="${b.y0}" width="${b.x1 - b.x0}" height="${b.y1 - b.y0}" fill="none" stroke="#404040"/>`,
    );
  }

  // --- satellites used, and DOP (JSON lines) or the formal sigmas (.pos), against time
  {
    const b = PANEL_NS;
    panelFrame(s, b, "ns");
    const nsAxis = zeroBasedAxis(maxOf(track.ns) + 1, 6, 4);
    const yNs = linearScale(nsAxis.lo, nsAxis.hi, b.y1, b.y0);
    drawTimeTicks(s, b, ta, true);
    yAxis(s, b, { ...nsAxis, step: Math.max(1, nsAxis.step) }, yNs, "left", "Satellites used", true);
    const dop = hasAny(track.pdop) || hasAny(track.hdop) || hasAny(track.vdop);
    const sigma = !dop && (hasAny(track.sdE_m) || hasAny(track.sdN_m) || hasAny(track.sdU_m));
    const series = dop
      ? ([
          ["PDOP", track.pdop],
          ["HDOP", track.hdop],
          ["VDOP", track.vdop],
        ] as const)
      : sigma
        ? ([
            ["σE", track.sdE_m],
            ["σN", track.sdN_m],
            ["σU", track.sdU_m],
          ] as const)
        : [];
    const legend: string[] = [];
    // dots first, the thin lines over them
    dotsByQuality(
      s,
      "ns",
      track,
      (i) => ta.x(track.t_s[i]),
      (i) => yNs(track.ns[i]),
      1.6,
    );
    if (series.length > 0) {
      const rAxis = dop
        ? zeroBasedAxis(maxOf(...series.map((x) => x[1])), 6, 2)
        : zeroBasedAxis(maxOf(...series.map((x) => x[1])), 6, 0.001);
      const yR = linearScale(rAxis.lo, rAxis.hi, b.y1, b.y0);
      yAxis(s, b, rAxis, yR, "right", dop ? "DOP" : "Formal σ (m, from the sd columns)", false);
      series.forEach(([name, values], k) => {
        seriesLine(s, "ns", name, LINE_COLOURS[k], track, values, ta.x, yR, 3 * interval);
        legend.push(name);
      });
    }
    s.add(
      `<rect x="${b.x0}" y="${b.y0}" width="${b.x1 - b.x0}" height="${b.y1 - b.y0}" fill="none" stroke="#404040"/>`,
    );
    // legend above the panel
    let x = b.x0;
    s.add(`<g id="legend-ns">`);
    s.add(`<circle cx="${x + 4}" cy="${b.y0 - 10}" r="4" fill="#808080"/>`);
    s.text(x + 12, b.y0 - 6, "satellites used (coloured by Q)", `font-size="12"`);
    x += 215;
    legend.forEach((name, k) => {
      s.line(x, b.y0 - 10, x + 22, b.y0 - 10, `stroke="${LINE_COLOURS[k]}" stroke-width="2"`);
      s.text(x + 27, b.y0 - 6, name, `font-size="12"`);
      x += 80;
    });
    if (legend.length === 0)
      s.text(x, b.y0 - 6, "(no DOP or sd columns in the file)", `font-size="12" fill="#707070"`);
    s.add("</g>");
    const dateLabel = `${track.scale} time of day, from ${formatCalendar(track.start, 0).slice(0, 10)}`;
    s.text((b.x0 + b.x1) / 2, b.y1 + 42, dateLabel, `text-anchor="middle" font-size="13"`);
  }

  // --- horizontal scatter with equal axes, RMS and 95% circles
  {
    const b = PANEL_SCATTER;
    panelFrame(s, b, "scatter");
    const axis = symmetricAxis(
      Math.max(maxAbs(errors.e_m), maxAbs(errors.n_m), stats.h95_m || 0) * 1.05,
      6,
      0.001,
    );
    const x = linearScale(axis.lo, axis.hi, b.x0, b.x1);
    const y = linearScale(axis.lo, axis.hi, b.y1, b.y0);
    for (const v of ticksBetween(axis.lo, axis.hi, axis.step)) {
      const stroke = `stroke="${v === 0 ? "#a0a0a0" : "#e4e4e4"}" stroke-width="1"`;
      s.line(x(v), b.y0, x(v), b.y1, stroke);
      s.line(b.x0, y(v), b.x1, y(v), stroke);
      s.line(x(v), b.y1, x(v), b.y1 + 5, `stroke="#404040"`);
      s.line(b.x0, y(v), b.x0 - 5, y(v), `stroke="#404040"`);
      s.text(x(v), b.y1 + 18, formatTick(v, axis.step), `text-anchor="middle"`);
      s.text(b.x0 - 8, y(v) + 4, formatTick(v, axis.step), `text-anchor="end"`);
    }
    s.text((b.x0 + b.x1) / 2, b.y1 + 38, "East (m)", `text-anchor="middle" font-size="13"`);
    const tx = b.x0 - 52;
    const ty = (b.y0 + b.y1) / 2;
    s.text(tx, ty, "North (m)", `text-anchor="middle" transform="rotate(-90 ${tx} ${ty})" font-size="13"`);
    dotsByQuality(
      s,
      "scatter",
      track,
      (i) => x(errors.e_m[i]),
      (i) => y(errors.n_m[i]),
      1.8,
    );
    const k = (b.x1 - b.x0) / (axis.hi - axis.lo);
    s.add(`<g clip-path="url(#clip-scatter)">`);
    if (Number.isFinite(stats.rmsH_m))
      s.add(
        `<circle id="circle-rms" cx="${px(x(0))}" cy="${px(y(0))}" r="${px(stats.rmsH_m * k)}" fill="none" stroke="#000000" stroke-width="1.3" stroke-dasharray="5 3"/>`,
      );
    if (Number.isFinite(stats.h95_m))
      s.add(
        `<circle id="circle-95" cx="${px(x(0))}" cy="${px(y(0))}" r="${px(stats.h95_m * k)}" fill="none" stroke="#000000" stroke-width="1.3"/>`,
      );
    s.add("</g>");
    s.add(
      `<rect x="${b.x0}" y="${b.y0}" width="${b.x1 - b.x0}" height="${b.y1 - b.y0}" fill="none" stroke="#404040"/>`,
    );
    s.add(`<g id="legend-scatter">`);
    s.line(b.x0, 430, b.x0 + 26, 430, `stroke="#000000" stroke-width="1.3" stroke-dasharray="5 3"`);
    s.text(b.x0 + 32, 434, `RMS horizontal ${formatMetres(stats.rmsH_m)}`, `font-size="12"`);
    s.line(b.x0, 450, b.x0 + 26, 450, `stroke="#000000" stroke-width="1.3"`);
    s.text(b.x0 + 32, 454, `95% horizontal ${formatMetres(stats.h95_m)}`, `font-size="12"`);
    s.add("</g>");
  }

  // --- statistics
  {
    const b = STATS_BOX;
    s.add(
      `<rect id="stats-box" x="${b.x0}" y="${b.y0}" width="${b.x1 - b.x0}" height="${b.y1 - b.y0}" fill="#f7f7f7" stroke="#909090"/>`,
    );
    s.text(b.x0 + 12, b.y0 + 22, "Statistics", `font-size="14" font-weight="bold"`);
    const rows: [string, string, string][] = [
      ["epochs", "epochs", String(stats.epochs)],
      [
        "span",
        "span / interval",
        `${stats.span_s.toFixed(0)} s / ${Number.isFinite(stats.interval_s) ? +stats.interval_s.toFixed(3) : "-"} s`,
      ],
      ["fix-rate", "fix rate", formatPercent(stats.fixRate)],
    ];
    for (const q of [1, 2, 3, 4, 5, 6] as const)
      if (stats.byQ[q] > 0 || q <= 2) rows.push([`q${q}`, `  ${Q_NAMES[q]} (Q=${q})`, String(stats.byQ[q])]);
    if (stats.unsolved > 0) rows.push(["unsolved", "no solution", String(stats.unsolved)]);
    rows.push(["reference", "errors against", reference.kind === "mean" ? "mean position" : "truth"]);
    if (stats.compared !== stats.epochs) rows.push(["compared", "epochs with truth", String(stats.compared)]);
    rows.push(
      ["mean-e", "mean E", formatMetres(stats.meanE_m)],
      ["mean-n", "mean N", formatMetres(stats.meanN_m)],
      ["mean-u", "mean U", formatMetres(stats.meanU_m)],
      ["rms-e", "RMS E", formatMetres(stats.rmsE_m)],
      ["rms-n", "RMS N", formatMetres(stats.rmsN_m)],
      ["rms-u", "RMS U", formatMetres(stats.rmsU_m)],
      ["rms-h", "RMS horizontal", formatMetres(stats.rmsH_m)],
      ["h95", "95% horizontal", formatMetres(stats.h95_m)],
      ["max-h", "max horizontal", formatMetres(stats.maxH_m)],
      ["mean-ns", "mean satellites", Number.isFinite(stats.meanNs) ? stats.meanNs.toFixed(1) : "n/a"],
    );
    if (Number.isFinite(stats.meanPdop)) rows.push(["mean-pdop", "mean PDOP", stats.meanPdop.toFixed(2)]);
    let yy = b.y0 + 46;
    const step = Math.min(19, (b.y1 - b.y0 - 50) / rows.length);
    for (const [id, label, value] of rows) {
      s.text(b.x0 + 12, yy, label, `font-size="12.5"`);
      s.text(b.x1 - 12, yy, value, `id="stat-${id}" text-anchor="end" font-size="12.5"`);
      yy += step;
    }
  }
  s.add("</svg>");
  return { svg: `${s.parts.join("\n")}\n`, stats, reference, errors };
}
