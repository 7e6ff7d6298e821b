// A small static file server for the browser tests and benchmarks (the demo itself is served
// by the Rust server in www/server). Loopback only.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

/**
 * Serves each `mounts[prefix] = directory` on `host:port` (port 0: any free one).
 * Resolves to `{ url, close, requested }`: `requested` lists the paths asked for, in order (what
 * a page fetched, the same in every browser engine).
 */
export async function serveStatic(mounts, { host = "127.0.0.1", port = 0 } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const requested = [];
  const server = createServer(async (request, response) => {
    let path;
    try {
      path = normalize(decodeURIComponent(new URL(request.url, "http://localhost").pathname));
      requested.push(path);
    } catch {
      return response.writeHead(400).end("bad request");
    }
    const prefix = prefixes.find((p) => path.startsWith(p));
    if (prefix === undefined) return response.writeHead(404).end("not found");
    const relative = path.slice(prefix.length);
    if (relative.split(sep).includes("..")) return response.writeHead(403).end("forbidden");
    const file = join(mounts[prefix], relative.endsWith("/") || relative === "" ? `${relative}index.html` : relative);
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const address = server.address();
  // close() also ends open connections: a browser keeps some (keep-alive, preconnected sockets
  // with no request yet) that would otherwise hold the server, and the test, open for minutes.
  const close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return { url: `http://${host}:${address.port}`, close, requested };
}
