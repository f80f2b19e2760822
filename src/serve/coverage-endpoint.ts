// GET /api/coverage: one global coverage run (src/coverage, CoverageJson of live-protocol.ts) for the
// dashboard's coverage page, computed on the first request and kept. By default the nominal BDS-3 + GPS
// constellations on a coarse grid (5 deg, 24 h, 10 min); `--coverage NAV` and `--coverage-grid DEG` change it.
// From the built CLI the run goes to a worker thread, so that the live feed keeps its pace meanwhile.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { formatError } from "../core/errors.js";
import { coverageJson } from "../coverage/coverage-json.js";
import type { CoverageJson } from "./live-protocol.js";

export interface CoverageRequest {
  /** Broadcast navigation files; none = the nominal constellations. */
  readonly nav?: readonly string[];
  readonly grid_deg: number;
  readonly span_s: number;
  readonly step_s: number;
}

export const DEFAULT_COVERAGE: CoverageRequest = { grid_deg: 5, span_s: 86400, step_s: 600 };

export type CoverageCompute = (req: CoverageRequest) => Promise<CoverageJson>;

/** The run in this thread. */
export const computeCoverage: CoverageCompute = (req) =>
  coverageJson({
    nav: req.nav && req.nav.length > 0 ? req.nav : undefined,
    grid_deg: req.grid_deg,
    span_s: req.span_s,
    step_s: req.step_s,
  });

/** The run in a worker thread (built JS only); undefined when this module runs from TypeScript sources. */
function workerCompute(): CoverageCompute | undefined {
  const url = new URL("./coverage-worker.js", import.meta.url);
  if (!import.meta.url.endsWith(".js") || !existsSync(fileURLToPath(url))) return undefined;
  return (req) =>
    new Promise<CoverageJson>((resolve, reject) => {
      const w = new Worker(url, { workerData: req });
      w.once("message", (m: { ok: true; json: string } | { ok: false; error: string }) => {
        if (m.ok) resolve(JSON.parse(m.json) as CoverageJson);
        else reject(new Error(m.error));
      });
      w.once("error", reject);
      w.once("exit", (code) => {
        if (code !== 0) reject(new Error(`coverage worker exited with code ${code}`));
      });
    });
}

export interface CoverageResponse {
  readonly status: number;
  readonly body: string;
}

export class CoverageService {
  private result?: Promise<CoverageResponse>;

  constructor(
    readonly request: CoverageRequest = DEFAULT_COVERAGE,
    /** Injected for tests; default: the coverage module, in a worker thread from the built CLI. */
    private readonly compute?: CoverageCompute,
  ) {}

  /** The run's JSON (200), or 500 with {error} when the run failed (it is not run again). */
  respond(): Promise<CoverageResponse> {
    this.result ??= this.run();
    return this.result;
  }

  private async run(): Promise<CoverageResponse> {
    const t0 = performance.now();
    try {
      const compute = this.compute ?? workerCompute() ?? computeCoverage;
      const json = await compute(this.request);
      return { status: 200, body: JSON.stringify(json) };
    } catch (e) {
      return {
        status: 500,
        body: JSON.stringify({
          error: formatError(e).replace(/^error: /, ""),
          elapsed_ms: Math.round(performance.now() - t0),
        }),
      };
    }
  }
}
