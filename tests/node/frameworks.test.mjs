// `<otp-input>` in the example apps (examples/: plain HTML, React 19, Vue 3, Svelte 5), each
// built by Vite against the installed package and type-checked by tsc --strict where it has
// types, then used in every engine: the code typed, bound both ways, `complete` handled, the
// form submitted.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { forEachEngine, launch } from "./engines.mjs";
import { serveStatic } from "./support.mjs";

// This file runs from tests/node/scratch/: the examples are the repository's.
const EXAMPLES = new URL("../../../examples", import.meta.url).pathname;
const FRAMEWORKS = ["html", "react", "vue", "svelte"];
const require = createRequire(import.meta.url);

/** Runs `bin` of the package `name` with Node in `cwd`, bounded; fails the test on an error. */
function run(name, bin, args, cwd) {
  const script = join(dirname(require.resolve(`${name}/package.json`)), bin);
  const result = spawnSync(process.execPath, [script, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  assert.equal(result.status, 0, `${name} ${args.join(" ")} in ${cwd}: ${result.error ?? ""}${result.stdout}${result.stderr}`);
}

// The apps, copied beside the installed package (so they import it, as a user's app does) and built.
const served = {};
before(() => {
  for (const framework of FRAMEWORKS) {
    const app = join("frameworks", framework);
    rmSync(app, { recursive: true, force: true });
    cpSync(join(EXAMPLES, framework), app, { recursive: true, filter: (path) => !path.includes("node_modules") && !path.includes("dist") });
    run("vite", "bin/vite.js", ["build", "--logLevel", "error"], app);
  }
});

describe("types", () => {
  for (const framework of ["react", "vue"]) {
    test(`${framework}: <otp-input> typed in its templates under tsc --strict`, () => {
      const app = join("frameworks", framework);
      assert.ok(existsSync(join(app, "tsconfig.json")));
      run("typescript", "bin/tsc", ["-p", "tsconfig.json"], app);
    });
  }
});

forEachEngine(["chromium", "firefox", "webkit"], (engine) => {
  let browser;
  before(async () => {
    for (const framework of FRAMEWORKS) served[framework] ??= await serveStatic({ "/": join("frameworks", framework, "dist") });
    browser = await launch(engine);
  });
  after(async () => {
    await browser?.close();
  });

  for (const framework of FRAMEWORKS) {
    test(`${framework}: typed, bound both ways, complete handled, submitted`, async () => {
      const page = await browser.newPage();
      try {
        const failures = [];
        page.on("pageerror", (error) => failures.push(String(error)));
        await page.goto(`${served[framework].url}/`);
        const field = page.getByRole("textbox", { name: "Code from the SMS" });
        await field.waitFor();
        const bound = () => page.locator("output").textContent();
        const slots = () => page.evaluate(() => [...document.querySelector("otp-input").shadowRoot.querySelectorAll("[part~=slot]")].map((s) => s.textContent).join(""));
        // The page's state into the field...
        await page.getByRole("button", { name: "Fill 123456" }).click();
        await page
          .waitForFunction(() => document.querySelector("otp-input").value === "123456")
          .catch(async (error) => {
            throw new Error(`${error.message}; value ${await page.evaluate(() => document.querySelector("otp-input").value)}; ${failures}`);
          });
        assert.equal(await slots(), "123456");
        assert.equal(await bound(), "123456");
        // ...and the field's into the page's state.
        await field.press("Backspace");
        await page.waitForFunction(() => document.querySelector("output").textContent === "12345");
        await field.pressSequentially("7");
        await page.getByText("Complete: 123457").waitFor();
        assert.equal(await bound(), "123457");
        await page.getByRole("button", { name: "Verify" }).click();
        await page.getByText("Submitted otp=123457").waitFor();
        assert.deepEqual(failures, []);
      } finally {
        await page.close();
      }
    });
  }
});

after(async () => {
  for (const server of Object.values(served)) await server.close();
});
