// Worker thread of GET /api/coverage (coverage-endpoint.ts): runs the coverage computation once and posts the JSON.

import { parentPort, workerData } from "node:worker_threads";
import { formatError } from "../core/errors.js";
import { type CoverageRequest, computeCoverage } from "./coverage-endpoint.js";

const port = parentPort;
if (port) {
  try {
    port.postMessage({
      ok: true,
      json: JSON.stringify(await computeCoverage(workerData as CoverageRequest)),
    });
  } catch (e) {
    port.postMessage({ ok: false, error: formatError(e).replace(/^error: /, "") });
  }
}
