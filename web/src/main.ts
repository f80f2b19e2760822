// The dashboard: a live view fed by GET /api/live (Server-Sent Events, src/serve/live-protocol.ts) and a coverage
// page fed by GET /api/coverage. Events only update state; one requestAnimationFrame loop draws the newest state,
// at most once per frame, so the page keeps up however fast epochs arrive. Test hooks: data-testid attributes and
// window.__beidou (epochsReceived, lastSeq, framesDrawn, ...).

import "./style.css";
import { CoveragePage } from "./coverage-page.js";
import { EnuScatter } from "./enu-scatter.js";
import { connectLive } from "./live-connection.js";
import { type LiveCounters, LiveState } from "./live-state.js";
import { LiveValues } from "./live-values.js";
import { ResidualBars } from "./residual-bars.js";
import { SignalBars } from "./signal-bars.js";
import { SkyPlot } from "./sky-plot.js";
import { byTestId } from "./text-slot.js";
import { TimeSeries } from "./time-series.js";
import { TrackMap } from "./track-map.js";

export interface DashboardHooks extends LiveCounters {
  /** Satellite markers on the sky plot, signal bars and residual bars in the last frame. */
  readonly skyMarkers: number;
  readonly signalBars: number;
  readonly residualBars: number;
  /** Milliseconds the last and the slowest live frame took to draw. */
  readonly lastDraw_ms: number;
  readonly maxDraw_ms: number;
  readonly route: string;
  readonly coverageLoaded: boolean;
  readonly coverageFrames: number;
}

declare global {
  interface Window {
    __beidou: DashboardHooks;
  }
}

const doc = document;
const liveView = byTestId(doc, "live-view");
const coverageView = byTestId(doc, "coverage-view");

const counters: LiveCounters = {
  epochsReceived: 0,
  lastSeq: -1,
  framesDrawn: 0,
  dropped: 0,
  connection: "connecting",
};
const state = new LiveState(counters);
const values = new LiveValues(doc);
const sky = new SkyPlot(byTestId<SVGSVGElement>(doc, "sky-plot"), byTestId(doc, "sky-legend"));
const signalSvg = byTestId<SVGSVGElement>(doc, "signal-bars");
const signals = new SignalBars(signalSvg);
const trackMap = new TrackMap(
  byTestId<HTMLCanvasElement>(doc, "track-map"),
  byTestId<HTMLButtonElement>(doc, "map-zoom"),
);
const enu = new EnuScatter(
  byTestId<HTMLCanvasElement>(doc, "enu-scatter"),
  byTestId(doc, "enu-stats"),
  byTestId(doc, "enu-ref"),
);
const series = new TimeSeries(byTestId<HTMLCanvasElement>(doc, "time-series"));
const residualSvg = byTestId<SVGSVGElement>(doc, "residuals");
const residuals = new ResidualBars(residualSvg, byTestId(doc, "residual-rms"));
const coverage = new CoveragePage(coverageView);

let route: "live" | "coverage" = "live";
let drawnVersion = -1;
let lastDraw_ms = 0;
let maxDraw_ms = 0;

const hooks = counters as DashboardHooks;
Object.defineProperties(hooks, {
  skyMarkers: { get: () => sky.markerCount, enumerable: true },
  signalBars: { get: () => signals.barCount, enumerable: true },
  residualBars: { get: () => residuals.barCount, enumerable: true },
  lastDraw_ms: { get: () => lastDraw_ms, enumerable: true },
  maxDraw_ms: { get: () => maxDraw_ms, enumerable: true },
  route: { get: () => route, enumerable: true },
  coverageLoaded: { get: () => coverage.loaded, enumerable: true },
  coverageFrames: { get: () => coverage.mapFrames, enumerable: true },
});
window.__beidou = hooks;

trackMap.onToggle = () => {
  drawnVersion = -1;
};

function applyRoute(): void {
  route = location.hash.startsWith("#/coverage") ? "coverage" : "live";
  liveView.hidden = route !== "live";
  coverageView.hidden = route !== "coverage";
  for (const a of doc.querySelectorAll<HTMLAnchorElement>("nav.tabs a"))
    a.classList.toggle("active", a.dataset.route === route);
  if (route === "coverage") coverage.activate();
  else {
    for (const p of [trackMap, enu, series]) p.resize();
    drawnVersion = -1;
  }
}
window.addEventListener("hashchange", applyRoute);
applyRoute();

const resizeObserver = new ResizeObserver((entries) => {
  for (const e of entries) {
    const w = e.contentRect.width;
    if (e.target === signalSvg) signals.resize(w);
    else if (e.target === residualSvg) residuals.resize(w);
  }
  for (const p of [trackMap, enu, series]) p.resize();
  coverage.resize();
  drawnVersion = -1;
});
for (const el of [signalSvg, residualSvg, ...doc.querySelectorAll("canvas")]) resizeObserver.observe(el);

function drawLive(): void {
  const t0 = performance.now();
  values.draw(state);
  sky.draw(state.latest);
  signals.draw(state.latest);
  residuals.draw(state.latest);
  trackMap.draw(state);
  enu.draw(state);
  series.draw(state);
  lastDraw_ms = performance.now() - t0;
  if (counters.epochsReceived > 1) maxDraw_ms = Math.max(maxDraw_ms, lastDraw_ms);
  counters.framesDrawn++;
}

function frame(): void {
  requestAnimationFrame(frame);
  if (route === "live") {
    if (state.version !== drawnVersion) {
      drawnVersion = state.version;
      drawLive();
    }
  } else {
    coverage.draw();
  }
}
requestAnimationFrame(frame);

connectLive(
  "/api/live",
  counters,
  (ev) => state.apply(ev),
  () => {
    state.version++;
  },
);
