// The installed package in every other runtime people deploy to: Deno, Bun and Cloudflare's
// workerd (each from the npm registry, pinned in the repository's package.json), and a Web
// Worker in Chromium, Firefox and WebKitGTK. Each runs the same smoke suite (runtime-smoke.mjs) on both entries, and
// the README's snippet for it, taken from the installed package's README.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { build } from "esbuild";
import { forEachEngine, launch } from "./engines.mjs";
import { serve } from "./support.mjs";

const README = readFileSync("node_modules/otp-wasm/README.md", "utf8");
const RFC_6238_AT_59_S = "94287082";

/** The first js code block under the README heading `heading`. */
function snippet(heading) {
  const section = README.slice(README.indexOf(`### ${heading}\n`));
  const block = section.match(/```js\n([\s\S]*?)```/);
  assert.ok(block, `a js snippet under "### ${heading}"`);
  return block[1];
}

const run = (command, args) => execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const versions = {};

for (const [runtime, command, args] of [
  ["Deno", "deno", ["run", "--allow-read"]],
  ["Bun", "bun", []],
]) {
  test(`${runtime}: the smoke suite on both entries, and the README's snippet`, () => {
    versions[runtime] = run(command, ["--version"]).split("\n")[0];
    const checks = JSON.parse(run(command, [...args, "runtime-main.mjs"]));
    assert.ok(checks["otp-wasm"] > 100, JSON.stringify(checks));
    assert.ok(checks["otp-wasm/otp"] > 80, JSON.stringify(checks));
    writeFileSync(`readme-${command}.mjs`, snippet("Deno and Bun"));
    assert.equal(run(command, [...args, `readme-${command}.mjs`]), RFC_6238_AT_59_S);
  });
}

/** A free loopback port (workerd takes its address from its configuration). */
function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Bundles `source` as wrangler would for Cloudflare (the workerd conditions, .wasm files kept
 * as modules), runs it in workerd on a free port, and resolves to { url, stop }.
 */
async function serveWorker(name, source) {
  const dir = join(process.cwd(), `workerd-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "source.mjs"), source);
  const { metafile } = await build({
    entryPoints: [join(dir, "source.mjs")],
    outfile: join(dir, "worker.js"),
    bundle: true,
    format: "esm",
    conditions: ["workerd", "worker", "browser"],
    loader: { ".wasm": "copy" },
    assetNames: "[dir]/[name]",
    outbase: join(process.cwd(), "node_modules", "otp-wasm"),
    metafile: true,
    logLevel: "error",
  });
  const wasm = Object.keys(metafile.outputs)
    .filter((file) => file.endsWith(".wasm"))
    .map((file) => file.slice(file.indexOf(`workerd-${name}/`) + `workerd-${name}/`.length));
  assert.ok(wasm.length >= 1, "the worker imports a .wasm");
  const port = await freePort();
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker", esModule = embed "worker.js"),
${wasm.map((file) => `    (name = "${file}", wasm = embed "${file}"),`).join("\n")}
  ],
  compatibilityDate = "2026-11-01",
);
`,
  );
  const server = spawn("workerd", ["serve", join(dir, "config.capnp")], { stdio: ["ignore", "inherit", "inherit"] });
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; ; tries++) {
    try {
      await fetch(url, { method: "HEAD" });
      break;
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { url, stop: () => server.kill() };
}

test("Cloudflare workerd: the smoke suite on both entries, and the README's worker", async () => {
  versions.workerd = run("workerd", ["--version"]);
  const smoke = await serveWorker("smoke", readFileSync("runtime-worker.mjs", "utf8").replaceAll("./runtime-smoke.mjs", "../runtime-smoke.mjs"));
  try {
    const response = await fetch(smoke.url);
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const checks = JSON.parse(text);
    assert.ok(checks["otp-wasm"] > 100 && checks["otp-wasm/otp"] > 80, text);
  } finally {
    smoke.stop();
  }
  const readme = await serveWorker("readme", snippet("Cloudflare Workers"));
  try {
    assert.equal(await (await fetch(readme.url)).text(), RFC_6238_AT_59_S);
  } finally {
    readme.stop();
  }
});

let server;
before(async () => {
  server = await serve(process.cwd());
});
after(async () => {
  await server?.close();
  console.log(`runtimes tested: ${JSON.stringify(versions)}`);
});

forEachEngine(["chromium", "firefox", "webkit"], (engine) => {
  let browser;
  before(async () => {
    browser = await launch(engine);
  });
  after(async () => {
    await browser?.close();
  });

  test("a Web Worker: the README's worker computes codes off the main thread", async () => {
    // A page's bundler resolves "otp-wasm"; served as is, the worker names the file.
    writeFileSync("codes.worker.js", snippet("A Web Worker").replace('"otp-wasm"', '"/node_modules/otp-wasm/index.js"'));
    writeFileSync("worker.html", "<!doctype html><meta charset=utf-8><title>worker</title>");
    const page = await browser.newPage();
    await page.goto(`${server.url}/worker.html`);
    const codes = await page.evaluate(async () => {
      const worker = new Worker(new URL("./codes.worker.js", location.href), { type: "module" });
      const ask = (data) =>
        new Promise((resolve, reject) => {
          worker.onmessage = ({ data }) => resolve(data);
          worker.onerror = (event) => reject(new Error(event.message));
          worker.postMessage(data);
        });
      // The worker may not listen yet while its module loads: ask until it answers, let any
      // duplicate answers arrive, then ask the second question once.
      const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
      let first;
      for (let i = 0; first === undefined && i < 50; i++) {
        first = await Promise.race([ask({ secret, timestampMs: 59_000 }), new Promise((r) => setTimeout(r, 100))]);
      }
      worker.onmessage = null;
      await new Promise((r) => setTimeout(r, 300));
      const answers = [first, await ask({ secret, timestampMs: 1_111_111_109_000 })];
      worker.terminate();
      return answers;
    });
    assert.deepEqual(codes, [RFC_6238_AT_59_S, "07081804"]);
    await page.close();
  });
});
