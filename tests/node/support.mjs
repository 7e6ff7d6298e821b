// Shared by the Node tests: the vector tables, a static file server and headless Chromium.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
// This file runs from tests/node/scratch/ (see run.sh); the server is the demo's own.
import { serveStatic } from "../../../www/static-server.mjs";

export { serveStatic };

export const vectors = JSON.parse(readFileSync(new URL("./otp.json", import.meta.url), "utf8"));

/** Serves `root` on a free loopback port; resolves to { url, close }. */
export function serve(root) {
  return serveStatic({ "/": root });
}

/** Debian's Chromium, headless, with no network chatter of its own. */
export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
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
