// Shared by the Node tests: the vector tables, a static file server, package pages and the demo
// server. The browsers are engines.mjs's.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
// This file runs from tests/node/scratch/ (see run.sh); the server is the demo's own.
import { serveStatic } from "../../../scripts/static-server.mjs";

export { serveStatic };
// Until every browser test names its engines (engines.mjs).
export { addVirtualAuthenticator, launchChromium } from "./engines.mjs";

export const vectors = JSON.parse(readFileSync(new URL("./otp.json", import.meta.url), "utf8"));

/** Serves `root` on a free loopback port; resolves to { url, close }. */
export function serve(root) {
  return serveStatic({ "/": root });
}

/** Asserts that `fn` throws an OtpError with `code`. */
export function throwsCode(assert, fn, code) {
  assert.throws(fn, (error) => {
    assert.equal(error.name, "OtpError");
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    assert.ok(error instanceof Error);
    return true;
  });
}

/**
 * Writes `<name>.html`, a page that loads the installed package as native ES modules (an
 * import map into node_modules), runs `script` with `otp` in scope and then sets
 * `window.ready`. Serve the scratch folder and open it with `openPage`.
 */
export function writePackagePage(name, script = "") {
  writeFileSync(
    `${name}.html`,
    `<!doctype html><meta charset="utf-8">
    <script type="importmap">{"imports": {"otp-wasm": "/node_modules/otp-wasm/index.js", "otp-wasm/import": "/node_modules/otp-wasm/import.js"}}</script>
    <script type="module">
      import init, * as otp from "otp-wasm";
      await init();
      window.otp = otp;
      ${script}
      window.ready = true;
    </script>`,
  );
}

/** A new page of `browserOrContext` at `url`, once its module script has run. */
export async function openPage(browserOrContext, url) {
  const page = await browserOrContext.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.ready);
  return page;
}

/**
 * Starts the demo server's debug build (made by `make test`) on a free port with a fresh
 * SQLite file; resolves to { base, stop }, `base` on http://localhost (the passkeys' rp id).
 */
export async function startDemoServer(args = []) {
  const binary = new URL("../../../target/debug/otp-wasm-demo", import.meta.url).pathname;
  const db = join(mkdtempSync(join(tmpdir(), "otp-demo-")), "demo.sqlite");
  const server = spawn(binary, ["--port", "0", "--db", db, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once("line", resolve));
  return { base: line.replace("listening on ", "").replace("127.0.0.1", "localhost"), stop: () => server.kill() };
}
