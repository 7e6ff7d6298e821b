// The installed package in Chromium, Firefox and WebKitGTK (engines.mjs): as native ES modules
// (an import map pointing at node_modules, as a page without a bundler loads it) and through a
// Vite build and dev server.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { forEachEngine, sharedPage } from "./engines.mjs";
import { serve } from "./support.mjs";

/** What the page computes with the package once loaded; the same in every setup. */
const exercise = `
  const { Totp, Hotp, parseUri, generateSecret, base64urlEncode, OtpError } = otp;
  const totp = new Totp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", digits: 8 });
  let error;
  try { parseUri("https://example.com"); } catch (e) { error = { code: e.code, isOtpError: e instanceof OtpError } }
  const secrets = [generateSecret(), generateSecret()];
  return {
    code: totp.generate(59000),
    verified: totp.verify("94287082", { timestampMs: 89000 }),
    hotp: new Hotp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" }).generate(2n ** 64n - 1n),
    base64url: base64urlEncode(new Uint8Array([251, 255])),
    error,
    secretsDiffer: secrets[0] !== secrets[1] && /^[A-Z2-7]{32}$/.test(secrets[0]),
  };
`;

function check(result) {
  assert.deepEqual(result, {
    code: "94287082",
    verified: { delta: -1, step: 1 },
    hotp: "094451",
    base64url: "-_8",
    error: { code: "invalid_uri", isOtpError: true },
    secretsDiffer: true,
  });
}

/**
 * Imports `specifier` in `page` through an import map to the installed package's `file`, as a
 * site without a bundler does, and runs the exercise. Resolves to what the page computed, the
 * entry's export names and the files it fetched (package paths, without the page), as the
 * server saw them asked for.
 */
async function importInPage(page, specifier, file, afterwards = "") {
  writeFileSync("esm.html", `<!doctype html><link rel="icon" href="data:,"><script type="importmap">
    {"imports": {"${specifier}": "/node_modules/otp-wasm/${file}"}}</script>`);
  const server = await serve(process.cwd());
  try {
    const fetched = () => server.requested.filter((path) => path !== "/esm.html").map((path) => path.replace("/node_modules/otp-wasm/", ""));
    await page.goto(`${server.url}/esm.html`);
    const { exported, ...result } = await page.evaluate(`(async () => {
      const otp = await import("${specifier}");
      await otp.default();
      return { exported: Object.keys(otp).sort(), ...(await (async () => { ${exercise} })()) };
    })()`);
    const before = fetched();
    if (afterwards) await page.evaluate(`(async () => { const otp = await import("${specifier}"); ${afterwards} })()`);
    return { result, exported, fetched: [...before].sort(), fetchedLater: fetched().slice(before.length) };
  } finally {
    await server.close();
  }
}

/** `vite build` in its own process (a second in-process build once hung in CI), bounded. */
function viteBuild(root) {
  const manifest = createRequire(import.meta.url).resolve("vite/package.json");
  const vite = join(dirname(manifest), "bin", "vite.js");
  const result = spawnSync(process.execPath, [vite, "build", root, "--logLevel", "error"], { encoding: "utf8", timeout: 90_000 });
  assert.equal(result.status, 0, `vite build: ${result.error ?? ""}${result.stdout}${result.stderr}`);
}

/** What the app page computed; a promise that never settles fails after 20 s, not never. */
async function pageResult(page) {
  // Vite's dev server may reload the page once, after it optimized the package on the first
  // load (slower engines see the reload later): wait for the page's result to exist, and ask
  // the page that stays again if the reload cut the question off.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForFunction(() => window.result !== undefined);
      return await page.evaluate(() =>
        Promise.race([
          window.result,
          new Promise((_, reject) => setTimeout(() => reject(new Error("the page's result did not settle in 20 s")), 20_000)),
        ]),
      );
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** A Vite app in `root` whose page imports `entry` and runs the exercise; answers `root`. */
function writeViteApp(entry = "otp-wasm", root = `vite-${entry.replace(/\W/g, "-")}`) {
  mkdirSync(root, { recursive: true });
  writeFileSync(`${root}/index.html`, `<!doctype html><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>`);
  writeFileSync(`${root}/main.js`, `import init, * as otp from "${entry}";
    window.result = init().then(() => { ${exercise} });`);
  return root;
}

const builds = new Map();
/** The production build of the app importing `entry`, made once for every engine; its dist folder. */
function builtApp(entry = "otp-wasm") {
  if (!builds.has(entry)) {
    const root = writeViteApp(entry);
    viteBuild(root);
    builds.set(entry, `${root}/dist`);
  }
  return builds.get(entry);
}

/** Serves the Vite build `dist` and checks what its page computes in `page`. */
async function checkBuiltApp(page, dist) {
  const server = await serve(dist);
  try {
    await page.goto(`${server.url}/`);
    check(await pageResult(page));
  } finally {
    await server.close();
  }
}

forEachEngine(["chromium", "firefox", "webkit"], (engine) => {
  const shared = sharedPage(engine);

  test("native ES modules: import map to node_modules, await init(); one module and one .wasm", async () => {
    // The vault's module comes on first use only.
    const opened = "(await otp.Vault.open({ name: 'first-use' })).close();";
    const { result, fetched, fetchedLater } = await importInPage(shared.page, "otp-wasm", "index.js", opened);
    check(result);
    assert.deepEqual(fetched, ["index.js", "web/otp_wasm_bg.wasm"]);
    assert.equal(fetchedLater.length, 1, fetchedLater.join());
    assert.match(fetchedLater[0], /^chunks\/vault-\w+\.js$/);
  });

  test("otp-wasm/otp: the OTP-only entry loads one module and its own, smaller .wasm", async () => {
    const { result, exported, fetched } = await importInPage(shared.page, "otp-wasm/otp", "otp.js");
    check(result);
    assert.deepEqual(exported, [
      "Hotp", "Ocra", "OtpError", "Totp", "base32Decode", "base32Encode", "base64urlDecode", "base64urlEncode",
      "default", "generateSecret", "init", "initSync", "parseUri",
    ]);
    assert.deepEqual(fetched, ["otp.js", "web-otp/otp_wasm_bg.wasm"]);
  });

  test("Vite: production build", async () => {
    await checkBuiltApp(shared.page, builtApp());
  });

  test("Vite: a production build of otp-wasm/otp bundles the OTP-only .wasm", async () => {
    const dist = builtApp("otp-wasm/otp");
    const wasm = readdirSync(`${dist}/assets`).filter((file) => file.endsWith(".wasm"));
    assert.equal(wasm.length, 1);
    assert.deepEqual(
      readFileSync(`${dist}/assets/${wasm[0]}`),
      readFileSync("node_modules/otp-wasm/web-otp/otp_wasm_bg.wasm"),
    );
    await checkBuiltApp(shared.page, dist);
  });

  test("Vite: dev server", async () => {
    const root = writeViteApp("otp-wasm", "vite-dev");
    const { createServer } = await import("vite");
    const vite = await createServer({ root, logLevel: "error", server: { host: "127.0.0.1", port: 0 } });
    await vite.listen();
    try {
      await shared.page.goto(vite.resolvedUrls.local[0]);
      check(await pageResult(shared.page));
    } finally {
      await vite.close();
    }
  });
});
