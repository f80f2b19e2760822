// The dashboard's files (the Vite build in dist/web) over node:http: content types, no directory escapes,
// hashed assets cached for good, pages never cached. Without a build, a one-paragraph page says how to make it.

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** dist/web of this package: from src/serve (tests) and from dist/serve (the built CLI) alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../dist/web/", import.meta.url));

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".geojson": "application/geo+json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".wasm": "application/wasm",
};

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>beidou serve</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>beidou serve</h1>
<p>dashboard not built: run <code>npm run build</code> (it writes <code>dist/web</code>), then reload.</p>
<p>The server is running: <a href="api/status">api/status</a> (JSON), <a href="api/live">api/live</a> (Server-Sent Events).</p>
</body></html>
`;

async function isFile(p: string): Promise<boolean> {
  const s = await stat(p).catch(() => undefined);
  return s?.isFile() ?? false;
}

/**
 * Answers a GET/HEAD for `urlPath` from `root`. Paths without an extension that name no file get the page of
 * the same name (`/coverage` -> coverage.html) or index.html (client-side routes). Returns false when nothing
 * matches (the caller answers 404).
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  head: boolean,
): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (rel.includes("\0")) return false;
  const base = path.resolve(root);
  let file = path.resolve(base, `.${path.posix.normalize(`/${rel}`)}`);
  if (file !== base && !file.startsWith(base + path.sep)) return false;
  const index = path.join(base, "index.html");
  if (!(await isFile(index))) {
    if (rel !== "/" && rel !== "/index.html") return false;
    send(res, 200, "text/html; charset=utf-8", head, NOT_BUILT_PAGE, "no-cache");
    return true;
  }
  if (file === base || rel.endsWith("/")) file = path.join(file, "index.html");
  if (!(await isFile(file))) {
    if (path.extname(file) !== "") return false;
    file = (await isFile(`${file}.html`)) ? `${file}.html` : index;
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  const size = (await stat(file)).size;
  // Vite names assets by content hash: they never change under one name
  const immutable = file.startsWith(path.join(base, "assets") + path.sep);
  res.writeHead(200, {
    "Content-Type": type,
    "Content-Length": size,
    "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  if (head) {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on("error", () => {
      res.destroy();
      resolve();
    });
    stream.on("end", () => resolve());
    stream.pipe(res);
  });
  return true;
}

export function send(
  res: ServerResponse,
  status: number,
  type: string,
  head: boolean,
  body: string,
  cache = "no-store",
): void {
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": bytes.length,
    "Cache-Control": cache,
    "X-Content-Type-Options": "nosniff",
  });
  res.end(head ? undefined : bytes);
}
