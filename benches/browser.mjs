// Browser benchmark: the same cases as benches/node.mjs in headless Chromium (Debian's, through
// playwright-core), where the package actually runs. Ratios are against otpauth's browser build.
// Writes target/bench/browser.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { serveStatic } from "../scripts/static-server.mjs";

const out = "target/bench/browser";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["benches/browser-entry.mjs"],
  bundle: true,
  format: "esm",
  platform: "browser",
  outfile: `${out}/bench.js`,
  logLevel: "error",
});
writeFileSync(`${out}/index.html`, `<!doctype html><meta charset="utf-8"><script type="module" src="bench.js"></script>`);

const server = await serveStatic({ "/": out, "/pkg/": "pkg" });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => typeof window.runBench === "function");
  const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
  const results = await page.evaluate(async (rounds) => {
    const otp = await import("/pkg/index.js");
    await otp.default();
    return window.runBench(otp, rounds);
  }, rounds);
  writeFileSync("target/bench/browser.json", JSON.stringify({ chromium: browser.version(), rounds, results }, null, 1));
  for (const group of results) {
    console.log(`\n${group.name}  (speed-up vs ${group.baseline})`);
    for (const [label, r] of Object.entries(group.results)) {
      console.log(`  ${label.padEnd(26)} ${r.nsPerOp.toFixed(0).padStart(8)} ns/op  ${r.speedup?.toFixed(2) ?? "-"}x`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
