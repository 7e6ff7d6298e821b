// `<otp-input>` from the installed package (`import "otp-wasm/otp-input"`), in every engine: real
// key presses, clicks, insertions and paste events on the one native input inside it; what the
// slots show, the value, the events, the form's data and validity; the accessibility tree and
// axe-core's rules in the empty, filled and refused states.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { forEachEngine, launch } from "./engines.mjs";
import { serve } from "./support.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

before(() => {
  mkdirSync("screenshots", { recursive: true });
  writeFileSync(
    "otp-input.html",
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>otp-input</title>
    <style>body { font: 16px system-ui, sans-serif; margin: 1rem; } form { display: inline-block; padding: 0.5rem; } label { display: block; margin-bottom: 0.4rem; }</style>
    <script type="importmap">{"imports": {"otp-wasm/otp-input": "/node_modules/otp-wasm/otp_input.js"}}</script>
    <main><h1>Confirm it is you</h1><div id="root"></div></main>
    <script type="module">
      await import("otp-wasm/otp-input");
      await customElements.whenDefined("otp-input");
      // A form with one labelled field; the events it sent are kept for the test to read.
      window.mount = (attributes = "") => {
        root.innerHTML = \`<form><label for="code">Code</label> <otp-input id="code" name="otp" \${attributes}></otp-input>
          <button>Verify</button></form>\`;
        const field = root.querySelector("otp-input");
        window.events = [];
        for (const type of ["input", "complete", "reject"]) {
          field.addEventListener(type, (e) => events.push([type, e.detail ?? field.value, e.composed, e.bubbles]));
        }
        root.querySelector("form").addEventListener("submit", (e) => {
          e.preventDefault();
          window.submitted = [...new FormData(e.target)];
        });
        window.submitted = null;
        return field;
      };
      window.slots = () => [...document.querySelector("otp-input").shadowRoot.querySelectorAll("[part~=slot]")]
        .map((slot) => [slot.textContent, slot.getAttribute("part")]);
      window.shown = () => slots().map(([text]) => text || "_").join("");
      window.inner = () => document.querySelector("otp-input").shadowRoot.querySelector("input");
      // What a paste does: a paste event carrying the text, on the focused input. (The text is
      // set after construction: Firefox copies an empty DataTransfer from the init dictionary.)
      window.paste = (text) => {
        const event = new ClipboardEvent("paste", { clipboardData: new DataTransfer(), bubbles: true, cancelable: true, composed: true });
        event.clipboardData.setData("text/plain", text);
        inner().dispatchEvent(event);
      };
      window.ready = true;
    </script>`,
  );
});

forEachEngine(["chromium", "firefox", "webkit"], (engine) => {
  let browser;
  let server;
  let page;
  before(async () => {
    server = await serve(process.cwd());
    browser = await launch(engine);
    page = await browser.newPage();
    await page.goto(`${server.url}/otp-input.html`);
    await page.waitForFunction(() => window.ready);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const mount = (attributes) => page.evaluate((a) => void mount(a), attributes);
  const field = () => page.getByRole("textbox", { name: "Code" });
  const state = () => page.evaluate(() => ({ value: code.value, shown: shown(), complete: code.complete, events }));

  test("one textbox named by its label, with what autofill and keyboards look for", async () => {
    await mount("");
    assert.equal(await page.getByRole("textbox").count(), 1);
    const attributes = await page.evaluate(() => ["autocomplete", "inputmode", "aria-label"].map((a) => inner().getAttribute(a)));
    assert.deepEqual(attributes, ["one-time-code", "numeric", "Code"]);
    assert.equal(await page.evaluate(() => slots().length), 6);
  });

  test("typing fills the slots one by one; complete once; Backspace and arrows edit by slot", async () => {
    await mount("");
    await field().pressSequentially("12345");
    await page.waitForFunction(() => code.value === "12345");
    let now = await state();
    assert.equal(now.shown, "12345_");
    assert.equal(now.complete, false);
    assert.ok(now.events.every(([type, , composed, bubbles]) => type === "input" && composed && bubbles));
    await field().pressSequentially("6");
    await page.waitForFunction(() => code.complete);
    now = await state();
    assert.deepEqual(now.events.filter(([type]) => type === "complete"), [["complete", { code: "123456" }, true, true]]);
    // A seventh key changes nothing.
    await field().pressSequentially("7");
    assert.equal((await state()).value, "123456");
    await field().press("Backspace");
    await page.waitForFunction(() => code.value === "12345");
    // Two slots to the left, then a key replaces the digit there.
    await field().press("ArrowLeft");
    await field().press("ArrowLeft");
    await field().pressSequentially("9");
    await page.waitForFunction(() => code.value === "12395");
    await field().press("End");
    await field().pressSequentially("0");
    await page.waitForFunction(() => code.value === "123950");
    now = await state();
    assert.deepEqual(now.events.filter(([type]) => type === "complete").map(([, detail]) => detail.code), ["123456", "123950"]);
  });

  test("letters are refused in numeric mode; full-width digits become ASCII", async () => {
    await mount("");
    await field().pressSequentially("1a2");
    await page.waitForFunction(() => code.value === "12");
    await field().fill("１２３ ４５６");
    await page.waitForFunction(() => code.value === "123456");
    assert.equal((await state()).shown, "123456");
  });

  test("clicking a slot puts the caret there: the next key replaces that slot", async () => {
    await mount("");
    await field().fill("123456");
    await page.waitForFunction(() => code.complete);
    const box = await page.evaluate(() => {
      const rect = document.querySelector("otp-input").shadowRoot.querySelectorAll("[part~=slot]")[1].getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    });
    await page.mouse.click(box.x, box.y);
    await page.waitForFunction(() => slots()[1][1].includes("slot-active"));
    await page.keyboard.type("8");
    await page.waitForFunction(() => code.value === "183456");
  });

  test("the whole code inserted at once (autofill, a password manager) fills every slot", async () => {
    await mount("");
    await field().fill("654321");
    await page.waitForFunction(() => code.complete);
    const now = await state();
    assert.equal(now.shown, "654321");
    assert.deepEqual(now.events.map(([type]) => type), ["input", "complete"]);
  });

  test("a pasted message gives its code; an SMS bound to another site is refused and announced", async () => {
    await mount("");
    await field().focus();
    await page.evaluate(() => paste("Your Shop code is 482 913. Don't share it."));
    await page.waitForFunction(() => code.value === "482913");
    await page.evaluate(() => paste(`Your code is 111222\n\n@evil.example #111222`));
    await page.waitForFunction(() => events.some(([type]) => type === "reject"));
    const refused = await page.evaluate(() => ({
      value: code.value,
      reject: events.find(([type]) => type === "reject")[1],
      invalid: inner().getAttribute("aria-invalid"),
      announced: [...code.shadowRoot.querySelectorAll("[role=status]")].map((n) => [n.textContent, n.getAttribute("aria-live")]),
    }));
    assert.equal(refused.value, "482913");
    assert.equal(refused.reject.code, "wrong_origin");
    assert.match(refused.reject.message, /evil\.example/);
    assert.equal(refused.invalid, "true");
    assert.deepEqual(refused.announced, [[refused.reject.message, "polite"]]);
    // One meant for this page is taken.
    await page.evaluate(() => paste(`Your code is 777888\n\n@${location.hostname} #777888`));
    await page.waitForFunction(() => code.value === "777888");
    assert.equal(await page.evaluate(() => inner().getAttribute("aria-invalid")), null);
  });

  test("origin names the site an SMS must be bound to; right to left, the code still reads left to right", async () => {
    await mount('origin="shop.example"');
    await field().focus();
    await page.evaluate(() => paste(`Your code is 111222\n\n@${location.hostname} #111222`));
    await page.waitForFunction(() => events.some(([type]) => type === "reject"));
    assert.equal((await state()).value, "");
    await page.evaluate(() => paste("Your code is 333444\n\n@shop.example #333444"));
    await page.waitForFunction(() => code.value === "333444");
    const order = await page.evaluate(() => {
      document.documentElement.dir = "rtl";
      const boxes = [...code.shadowRoot.querySelectorAll("[part~=slot]")].map((slot) => slot.getBoundingClientRect().left);
      document.documentElement.dir = "";
      return boxes.every((left, i) => i === 0 || left > boxes[i - 1]);
    });
    assert.equal(order, true);
  });

  test("steam and alphanumeric modes", async () => {
    await mount('mode="steam"');
    await field().pressSequentially("5f8kr");
    await page.waitForFunction(() => code.value === "5F8KR");
    assert.equal((await state()).shown, "5F8KR");
    assert.equal(await page.evaluate(() => [code.length, inner().getAttribute("inputmode")].join()), "5,text");
    // A vowel is not one of Steam's letters.
    await page.evaluate(() => code.clear());
    await field().pressSequentially("A");
    assert.equal((await state()).value, "");
    await mount('mode="alphanumeric" length="8"');
    await field().fill("ab12-CD34");
    await page.waitForFunction(() => code.value === "ab12CD34");
    assert.equal((await state()).complete, true);
  });

  test("in a form: name=value submitted; required, partial, reset, a disabled fieldset", async () => {
    await mount("required");
    const validity = () =>
      page.evaluate(() => ({
        valid: code.validity.valid,
        valueMissing: code.validity.valueMissing,
        tooShort: code.validity.tooShort,
        invalid: code.matches(":invalid"),
        message: code.validationMessage,
      }));
    assert.deepEqual(await validity(), { valid: false, valueMissing: true, tooShort: false, invalid: true, message: "Enter the code" });
    await field().pressSequentially("123");
    await page.waitForFunction(() => code.value === "123");
    assert.deepEqual(await validity(), { valid: false, valueMissing: false, tooShort: true, invalid: true, message: "Enter all 6 digits of the code" });
    // Enter on a partial code does not submit.
    await field().press("Enter");
    assert.equal(await page.evaluate(() => window.submitted), null);
    await field().pressSequentially("456");
    await page.waitForFunction(() => code.complete);
    assert.equal((await validity()).valid, true);
    await field().press("Enter");
    await page.waitForFunction(() => window.submitted);
    assert.deepEqual(await page.evaluate(() => window.submitted), [["otp", "123456"]]);
    await page.evaluate(() => document.querySelector("form").reset());
    assert.equal((await state()).value, "");
    const disabled = await page.evaluate(() => {
      const fieldset = document.createElement("fieldset");
      const form = document.querySelector("form");
      fieldset.append(...form.childNodes);
      form.append(fieldset);
      fieldset.disabled = true;
      return [code.matches(":disabled"), inner().disabled, code.willValidate];
    });
    assert.deepEqual(disabled, [true, true, false]);
  });

  test("axe-core finds no violations: empty, filled, refused", async () => {
    await mount("required");
    await page.evaluate((source) => {
      if (!window.axe) (0, eval)(source);
    }, AXE);
    const audit = () =>
      page.evaluate(async () => {
        const { violations } = await axe.run(document, { resultTypes: ["violations"] });
        return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
    // Chromium's pictures of each state are the README's.
    const picture = (name) => engine === "chromium" && page.locator("form").screenshot({ path: `screenshots/otp-input-${name}.png` });
    assert.deepEqual(await audit(), []);
    await field().focus();
    await picture("empty");
    await field().pressSequentially("123");
    await page.waitForFunction(() => code.value === "123");
    await picture("typing");
    await field().fill("123456");
    await page.waitForFunction(() => code.complete);
    assert.deepEqual(await audit(), []);
    await picture("filled");
    await field().focus();
    await page.evaluate(() => paste(`Your code is 111222\n\n@evil.example #111222`));
    await page.waitForFunction(() => events.some(([type]) => type === "reject"));
    assert.deepEqual(await audit(), []);
    await picture("refused");
  });
});

test("where there is no DOM (Node, server-side rendering) the import does nothing and throws nothing", async () => {
  const entry = await import("otp-wasm/otp-input");
  assert.equal(entry.OtpInputElement, undefined);
  assert.equal(entry.defineOtpInput(), undefined);
  assert.equal(entry.defineOtpInput("code-field"), undefined);
});
