// The dashboard (web/, built by vite into dist/web) in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core), served by the real `beidou serve` (node dist/cli/main.js serve --port 0):
// - the simulator at 10x: no console errors, no request leaves 127.0.0.1, live values change, the sky plot,
//   signal bars, residuals, map, ENU scatter and time series render, the coverage page draws its map and table;
// - the ESBC 24 h replay at high speed: the page keeps up with what the server has sent (window.__beidou.lastSeq
//   against GET /api/status), keeps drawing frames, and its DOM stays bounded.
// Screenshots go to test-artifacts/ (gitignored). Skips with a note when /usr/bin/chromium is absent.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ecefToGeodetic } from "../src/frames/geodetic.js";
import { DEG } from "../src/frames/vectors.js";
import { CLI, ensureBuilt, REPO } from "./cli-harness.js";
import { DATA, esbcTruth, HAVE_DATA } from "./support/real-data.js";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const WEB_INDEX = path.join(REPO, "dist/web/index.html");
const ARTIFACTS = path.join(REPO, "test-artifacts");
const ESBC_OBS = path.join(DATA, "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_30S_MO.crx.gz");
const ESBC_NAV = path.join(DATA, "esbc-2020-177-station/ESBC00DNK_R_20201770000_01D_MN.rnx.gz");
// Wuzhen, where `beidou serve` puts its simulated receiver (the issue's default).
const WUZHEN = { lat_deg: 30.75, lon_deg: 120.49 };

if (!HAVE_CHROMIUM)
  console.log(
    `dashboard browser tests skipped: ${CHROMIUM} is absent (Debian package chromium; .ci/run installs it)`,
  );

// ---------------------------------------------------------------------------------------------------------------
// build and server helpers

function newest_ms(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(p)) m = Math.max(m, newest_ms(path.join(p, e)));
  return m;
}

/** `vite build web` unless dist/web is newer than web/ and the live protocol (under a lock: files run in parallel). */
function ensureWebBuilt(): void {
  const lock = path.join(REPO, "dist/.web-build.lock");
  const stale = () =>
    !existsSync(WEB_INDEX) ||
    Math.max(newest_ms(path.join(REPO, "web")), newest_ms(path.join(REPO, "src/serve/live-protocol.ts"))) >
      statSync(WEB_INDEX).mtimeMs;
  const deadline = Date.now() + 120_000;
  while (stale()) {
    mkdirSync(path.dirname(lock), { recursive: true });
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error("web build: timed out waiting for the build lock");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      const r = spawnSync("npx", ["vite", "build", "web", "--logLevel", "warn"], {
        cwd: REPO,
        encoding: "utf8",
      });
      if (r.status !== 0) throw new Error(`vite build web failed:\n${(r.stdout + r.stderr).slice(0, 3000)}`);
    } finally {
      rmdirSync(lock);
    }
  }
}

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  stderr: string;
  stop(): Promise<void>;
}

/** Starts `node dist/cli/main.js serve --port 0 ...args`; resolves with the URL it prints first. */
function startServer(args: readonly string[]): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], {
      cwd: REPO,
      env: { ...process.env, CI: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const server: Server = {
      url: "",
      child,
      stderr: "",
      stop: () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const t = setTimeout(() => child.kill("SIGKILL"), 5000);
          child.once("exit", () => {
            clearTimeout(t);
            done();
          });
          child.kill("SIGTERM");
        }),
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`beidou serve printed no URL in 30 s; stdout: ${out} stderr: ${server.stderr}`));
    }, 30_000);
    child.stderr?.on("data", (d: Buffer) => {
      server.stderr += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /beidou serve: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m && !server.url) {
        clearTimeout(timer);
        resolve(Object.assign(server, { url: m[1] as string }));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!server.url)
        reject(new Error(`beidou serve exited (${code}) before printing its URL: ${server.stderr}`));
    });
  });
}

async function status(server: Server): Promise<{ epochs: number; state?: string; clients?: number }> {
  const r = await fetch(new URL("api/status", server.url));
  return (await r.json()) as { epochs: number; state?: string; clients?: number };
}

// ---------------------------------------------------------------------------------------------------------------
// page helpers (the test tsconfig has no DOM types: page code is passed as source text)

interface Hooks {
  epochsReceived: number;
  lastSeq: number;
  framesDrawn: number;
  dropped: number;
  connection: string;
  skyMarkers: number;
  signalBars: number;
  residualBars: number;
  lastDraw_ms: number;
  maxDraw_ms: number;
  coverageLoaded: boolean;
}

const hooks = (page: Page) => page.evaluate("JSON.parse(JSON.stringify(window.__beidou))") as Promise<Hooks>;
const text = async (page: Page, id: string) =>
  (await page.locator(`[data-testid="${id}"]`).first().textContent()) ?? "";
const count = (page: Page, selector: string) => page.locator(selector).count();

/** Distinct colours (quantized to 4 bits per channel, alpha included) in a canvas: 1 for a blank one. */
function canvasColours(page: Page, id: string): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.querySelector('[data-testid="${id}"]');
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add(((d[i] >> 4) << 12) | ((d[i + 1] >> 4) << 8) | ((d[i + 2] >> 4) << 4) | (d[i + 3] >> 4));
    return seen.size;
  })()`) as Promise<number>;
}

async function waitFor(what: string, cond: () => Promise<boolean>, timeout_ms: number): Promise<void> {
  const end = Date.now() + timeout_ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Watch {
  readonly errors: string[];
  readonly outside: string[];
  readonly requests: string[];
}

/** A page that records console errors, page errors and every request, and blocks any request off 127.0.0.1. */
async function openPage(browser: Browser): Promise<{ page: Page; watch: Watch }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1250 } });
  const watch: Watch = { errors: [], outside: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") watch.errors.push(m.text());
  });
  page.on("pageerror", (e) => watch.errors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    watch.requests.push(r.url());
  });
  await page.route(
    (u) => !(u.protocol === "data:" || u.hostname === "127.0.0.1"),
    (route) => {
      watch.outside.push(route.request().url());
      return route.abort();
    },
  );
  return { page, watch };
}

function screenshot(page: Page, name: string, fullPage = false): Promise<Buffer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage });
}

// ---------------------------------------------------------------------------------------------------------------

describe.skipIf(!HAVE_CHROMIUM)("dashboard in headless Chromium", () => {
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    ensureWebBuilt();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  test("simulator at 10x: live view and coverage page render, values change, nothing leaves 127.0.0.1", async () => {
    const server = await startServer(["--speed", "10"]);
    const { page, watch } = await openPage(browser);
    try {
      await page.goto(server.url);
      await waitFor("three epochs", async () => (await hooks(page)).epochsReceived >= 3, 20_000);
      await waitFor("a solution", async () => (await text(page, "status")) !== "—", 10_000);
      const t0 = await text(page, "epoch-time");
      const h0 = await hooks(page);
      await page.waitForTimeout(1500);
      const t1 = await text(page, "epoch-time");
      const h1 = await hooks(page);
      console.log(
        `simulator: epoch time ${t0} -> ${t1}; epochs ${h0.epochsReceived} -> ${h1.epochsReceived}, ` +
          `frames ${h0.framesDrawn} -> ${h1.framesDrawn} in 1.5 s; live frame ${h1.lastDraw_ms.toFixed(1)} ms ` +
          `(slowest ${h1.maxDraw_ms.toFixed(1)} ms)`,
      );
      // 10 epochs per second of simulated 1 Hz epochs: the time label moves and so do the counters
      expect(t1).not.toBe(t0);
      expect(t1 > t0).toBe(true); // "YYYY/MM/DD hh:mm:ss.sss" sorts as text
      expect(h1.epochsReceived - h0.epochsReceived).toBeGreaterThanOrEqual(5);
      expect(h1.lastSeq).toBeGreaterThan(h0.lastSeq);
      expect(h1.framesDrawn).toBeGreaterThan(h0.framesDrawn);
      expect(await text(page, "connection")).toBe("live");

      const status = await text(page, "status");
      expect(["single", "dgnss", "float", "fixed"]).toContain(status);
      const used = Number(await text(page, "sats-used"));
      expect(used).toBeGreaterThanOrEqual(4);
      const pdop = Number(await text(page, "pdop"));
      expect(pdop).toBeGreaterThan(0.5);
      expect(pdop).toBeLessThan(6);
      // the position shown is the simulated receiver's, in Wuzhen (0.001 deg is about 100 m)
      const pos = /(-?[\d.]+)°, (-?[\d.]+)°/.exec(await text(page, "position"));
      expect(pos).not.toBeNull();
      const lat = Number(pos?.[1]);
      const lon = Number(pos?.[2]);
      console.log(`simulator: position ${lat}, ${lon} vs Wuzhen ${WUZHEN.lat_deg}, ${WUZHEN.lon_deg}`);
      expect(Math.abs(lat - WUZHEN.lat_deg)).toBeLessThan(0.001);
      expect(Math.abs(lon - WUZHEN.lon_deg)).toBeLessThan(0.001);

      // sky plot: markers for the satellites above the horizon, BDS GEO, IGSO and MEO among them, used ones filled
      const markers = await count(page, '[data-testid="sky-sat"]');
      const kinds = await page.$$eval('[data-testid="sky-sat"]', (els) =>
        els.map(
          (e) =>
            `${e.getAttribute("data-sat")?.[0]}:${e.getAttribute("data-kind")}:${e.getAttribute("data-used")}`,
        ),
      );
      console.log(`sky plot: ${markers} markers; ${[...new Set(kinds)].sort().join(" ")}`);
      expect(markers).toBeGreaterThanOrEqual(used);
      for (const k of ["C:GEO", "C:IGSO", "C:MEO", "G:MEO"])
        expect(kinds.some((s) => s.startsWith(k))).toBe(true);
      expect(kinds.filter((s) => s.endsWith(":true")).length).toBe(used);
      // C/N0 bars (one per satellite and signal), residual bars (one per used satellite)
      const bars = await count(page, '[data-testid="signal-bar"]');
      const residuals = await count(page, '[data-testid="residual-bar"]');
      console.log(`signal bars ${bars}, residual bars ${residuals}, satellites used ${used}`);
      expect(bars).toBeGreaterThanOrEqual(markers);
      expect(residuals).toBe(used);
      // canvases are drawn (a blank canvas has one colour)
      for (const id of ["track-map", "enu-scatter", "time-series"]) {
        const colours = await canvasColours(page, id);
        console.log(`${id}: ${colours} distinct colours`);
        expect(colours).toBeGreaterThan(4);
      }
      expect(await text(page, "chi-square")).toMatch(/^(pass|fail|n\/a)$/);
      await screenshot(page, "live");
      await page.click('[data-testid="map-zoom"]');
      await page.waitForTimeout(300);
      await screenshot(page, "live-world");

      // coverage page: map, per-set table and the per-country table from GET /api/coverage
      await page.click('[data-testid="tab-coverage"]');
      await waitFor(
        "the coverage table",
        async () =>
          (await count(page, '[data-testid="country-row"]')) > 0 ||
          (await text(page, "coverage-summary")).includes("not available"),
        60_000,
      );
      const summary = await text(page, "coverage-summary");
      console.log(`coverage page: ${summary}`);
      const rows = await count(page, '[data-testid="country-row"]');
      expect(rows).toBeGreaterThan(100);
      const nCountries = Number(await text(page, "country-count"));
      const nQualifying = Number(await text(page, "bds-qualifying"));
      expect(rows).toBe(nCountries);
      expect(nQualifying).toBeGreaterThanOrEqual(0);
      expect(nQualifying).toBeLessThanOrEqual(nCountries);
      // the count shown is the number of rows marked as qualifying
      expect(await count(page, '[data-testid="country-row"] td.flag:text-is("✔")')).toBe(nQualifying);
      expect(await canvasColours(page, "coverage-map")).toBeGreaterThan(4);
      await screenshot(page, "coverage");
      // sorting by the BDS column (descending on the first click, ascending on the second) orders every row
      const bdsColumn = async () => {
        const heads = await page.$$eval('[data-testid="coverage-table"] th', (ths) =>
          ths.map((th) => th.getAttribute("data-key")),
        );
        const col = heads.indexOf("BDS") + 1;
        expect(col).toBeGreaterThan(0);
        return page.$$eval(`[data-testid="country-row"] td:nth-child(${col})`, (tds) =>
          tds.map((td) => Number.parseFloat(td.textContent ?? "")),
        );
      };
      await page.click('[data-testid="coverage-table"] th[data-key="BDS"]');
      const desc = await bdsColumn();
      for (let i = 1; i < desc.length; i++) expect(desc[i - 1]).toBeGreaterThanOrEqual(desc[i] as number);
      await page.click('[data-testid="coverage-table"] th[data-key="BDS"]');
      const asc = await bdsColumn();
      for (let i = 1; i < asc.length; i++) expect(asc[i - 1]).toBeLessThanOrEqual(asc[i] as number);
      console.log(
        `coverage table: BDS availability from ${asc[0]}% to ${asc[asc.length - 1]}% over ${asc.length} rows`,
      );
      await page.selectOption('[data-testid="coverage-metric"]', "meanVisible");
      await page.waitForTimeout(300);
      expect(await canvasColours(page, "coverage-map")).toBeGreaterThan(4);
      await screenshot(page, "coverage-visible");
      await page.selectOption('[data-testid="coverage-metric"]', "country");
      await page.waitForTimeout(300);
      await screenshot(page, "coverage-countries");

      const local = watch.requests.filter((u) => u.startsWith(server.url) || u.startsWith("data:"));
      console.log(
        `requests: ${watch.requests.length} (all on 127.0.0.1: ${local.length === watch.requests.length}); ` +
          `outside: ${watch.outside.length}; console errors: ${watch.errors.length}`,
      );
      expect(watch.outside).toEqual([]);
      expect(local.length).toBe(watch.requests.length);
      expect(watch.errors).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  }, 120_000);

  test.skipIf(!HAVE_DATA || !existsSync(ESBC_OBS))(
    "ESBC 24 h replay at high speed: the page keeps up and keeps drawing",
    async () => {
      const server = await startServer([ESBC_OBS, ESBC_NAV, "--speed", "6000"]);
      const { page, watch } = await openPage(browser);
      try {
        const started = Date.now();
        await page.goto(server.url);
        await waitFor("the first epoch", async () => (await hooks(page)).epochsReceived > 0, 60_000);
        const domStart = (await page.evaluate("document.getElementsByTagName('*').length")) as number;
        const t0 = Date.now();
        const samples: { t_ms: number; sent: number; seq: number; frames: number }[] = [];
        let maxLag = 0;
        let stalls = 0;
        let prev: Hooks | null = null;
        let ended = false;
        while (Date.now() - t0 < 90_000) {
          const [st, h] = await Promise.all([status(server), hooks(page)]);
          // epochs the server has published that the page has not yet received (epochs are 0-based)
          const lag = st.epochs - 1 - h.lastSeq;
          ended = h.connection === "ended";
          if (!ended) maxLag = Math.max(maxLag, lag);
          if (prev && !ended && h.framesDrawn === prev.framesDrawn) stalls++;
          samples.push({ t_ms: Date.now() - t0, sent: st.epochs, seq: h.lastSeq, frames: h.framesDrawn });
          prev = h;
          if (ended) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        const h = await hooks(page);
        const st = await status(server);
        const elapsed_s = (Date.now() - t0) / 1000;
        const domEnd = (await page.evaluate("document.getElementsByTagName('*').length")) as number;
        const rate = h.epochsReceived / elapsed_s;
        console.log(
          `ESBC replay: ${h.epochsReceived} epochs in ${elapsed_s.toFixed(1)} s (${rate.toFixed(0)} epochs/s, ` +
            `page load to first epoch ${((t0 - started) / 1000).toFixed(1)} s); server sent ${st.epochs}; ` +
            `last seq ${h.lastSeq}; dropped ${h.dropped}; worst lag ${maxLag} epochs; frames ${h.framesDrawn} ` +
            `(${(h.framesDrawn / elapsed_s).toFixed(0)}/s), ${stalls} half-second samples without a new frame; ` +
            `live frame ${h.lastDraw_ms.toFixed(1)} ms, slowest ${h.maxDraw_ms.toFixed(1)} ms; DOM ${domStart} -> ${domEnd} elements`,
        );
        console.log(
          `ESBC replay samples (t ms, sent, seq, frames): ${samples.map((s) => `${s.t_ms}/${s.sent}/${s.seq}/${s.frames}`).join(" ")}`,
        );
        expect(ended).toBe(true);
        // the whole day arrived, in order, and the page saw all of it
        expect(h.lastSeq).toBe(st.epochs - 1);
        expect(st.epochs).toBeGreaterThanOrEqual(2800);
        expect(h.dropped).toBe(0);
        // far above the 10 solutions per second the dashboard must follow
        expect(rate).toBeGreaterThan(50);
        // never more than about a quarter second of the replay behind what the server had sent
        expect(maxLag).toBeLessThanOrEqual(60);
        // frames kept coming while epochs did
        expect(stalls).toBe(0);
        expect(h.framesDrawn).toBeGreaterThan(elapsed_s * 10);
        // bounded DOM however long the replay
        expect(domEnd).toBeLessThan(domStart + 300);
        // the last fix is the station's (within 20 m of its PPP coordinate)
        const truth = esbcTruth();
        if (truth.kind !== "static") throw new Error("ESBC truth is static");
        const g = ecefToGeodetic(truth.pos);
        const pos = /(-?[\d.]+)°, (-?[\d.]+)°/.exec(await text(page, "position"));
        const dN_m = (Number(pos?.[1]) - g.lat_rad / DEG) * DEG * 6.371e6;
        const dE_m = (Number(pos?.[2]) - g.lon_rad / DEG) * DEG * 6.371e6 * Math.cos(g.lat_rad);
        console.log(`ESBC last fix vs PPP: dE ${dE_m.toFixed(2)} m, dN ${dN_m.toFixed(2)} m`);
        expect(Math.hypot(dE_m, dN_m)).toBeLessThan(20);
        expect(await count(page, '[data-testid="sky-sat"]')).toBeGreaterThan(10);
        await screenshot(page, "esbc-replay");
        expect(watch.outside).toEqual([]);
        expect(watch.errors).toEqual([]);
      } finally {
        await page.close();
        await server.stop();
      }
    },
    150_000,
  );
});
