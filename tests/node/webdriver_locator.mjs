// Playwright's locators over WebDriver: they resolve in the page (locate.js: roles, accessible
// names, text), wait as Playwright's do, and act with real WebDriver input (element click, send
// keys).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { ELEMENT, KEYS, TIMEOUT_MS, sleep } from "./webdriver.mjs";

const LOCATE = readFileSync(new URL("./locate.js", import.meta.url), "utf8");

/** A string or RegExp, as the page's locate.js takes it. */
export function pattern(value) {
  if (value === undefined) return null;
  if (value instanceof RegExp) return { source: value.source, flags: value.flags };
  return { text: String(value) };
}

/** The driver's answer when an element found before is no longer in the page. */
const isStale = (error) => error?.webdriverError === "stale element reference";

/** Playwright's locator semantics, in the part the tests use: strict, auto-waiting, chained. */
export class Locator {
  constructor(page, steps) {
    this.page = page;
    this.steps = steps;
  }

  then() {
    throw new Error("a Locator is not awaitable: call an action on it");
  }

  locator(css) {
    return new Locator(this.page, [...this.steps, ["css", css]]);
  }
  getByRole(role, options = {}) {
    return new Locator(this.page, [...this.steps, ["role", role, pattern(options.name), !!options.exact]]);
  }
  getByText(text, options = {}) {
    return new Locator(this.page, [...this.steps, ["text", pattern(text), !!options.exact]]);
  }
  getByLabel(text, options = {}) {
    return new Locator(this.page, [...this.steps, ["label", pattern(text), !!options.exact]]);
  }
  filter({ hasText, visible }) {
    const steps = [...this.steps];
    if (hasText !== undefined) steps.push(["hasText", pattern(hasText)]);
    if (visible !== undefined) steps.push(["visible", !!visible]);
    return new Locator(this.page, steps);
  }
  first() {
    return this.nth(0);
  }
  last() {
    return this.nth(-1);
  }
  nth(index) {
    return new Locator(this.page, [...this.steps, ["nth", index]]);
  }

  /** Every element the steps match now, as WebDriver element references. */
  async all() {
    await this.page.flushErrors();
    return this.page.session.executeAsync(`${LOCATE}\narguments[1](locate(arguments[0]));`, [this.steps]);
  }

  async count() {
    return (await this.all()).length;
  }

  /** The one element (strict: two matches are an error), waiting until it exists and is shown. */
  async element({ visible = true, timeout = TIMEOUT_MS } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = await this.all();
      if (found.length > 1) throw new Error(`strict mode: ${found.length} elements match ${this.describe()}`);
      const shown =
        found.length === 1 &&
        (!visible ||
          (await this.page.session
            .executeAsync(`${LOCATE}\narguments[1](isVisible(arguments[0]));`, [found[0]])
            .catch((error) => (isStale(error) ? false : Promise.reject(error)))));
      if (shown) return found[0];
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${this.describe()}`);
      await sleep(50);
    }
  }

  /**
   * `action(element)` on the one element, resolved again if the page replaced it in between
   * (a re-render): Playwright's locators re-resolve the same way.
   */
  async act(action, options) {
    for (let tries = 0; ; tries++) {
      const element = await this.element(options);
      try {
        return await action(element);
      } catch (error) {
        if (!isStale(error) || tries >= 20) throw error;
      }
    }
  }

  describe() {
    return this.steps.map((step) => JSON.stringify(step)).join(" >> ");
  }

  /** Playwright's states: "hidden" is detached or not shown (a `hidden` element counts as gone). */
  async waitFor({ state = "visible", timeout } = {}) {
    if (state === "detached" || state === "hidden") {
      const deadline = Date.now() + (timeout ?? TIMEOUT_MS);
      const present = async () => {
        const found = await this.all();
        if (state === "detached" || found.length !== 1) return found.length > 0;
        return this.page.session
          .executeAsync(`${LOCATE}\narguments[1](isVisible(arguments[0]));`, [found[0]])
          .catch((error) => (isStale(error) ? false : Promise.reject(error)));
      };
      while (await present()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${this.describe()} to go`);
        await sleep(50);
      }
      return;
    }
    await this.element({ visible: state === "visible", timeout });
  }

  /**
   * A click on the element's centre (WebDriver's Element Click), or at `position` (from its
   * top-left corner, as in Playwright) with pointer actions: the point scrolled into view when
   * it is not, and measured once the element is still (WebKitGTK settles a scroll a moment later).
   */
  async click({ position } = {}) {
    if (!position) {
      await this.act((element) => this.page.session.send("POST", `/element/${element[ELEMENT]}/click`, {}));
      return;
    }
    const { x, y } = await this.act((element) =>
      this.page.evaluate(async ([el, at]) => {
        const point = () => {
          const rect = el.getBoundingClientRect();
          return { x: rect.left + at.x, y: rect.top + at.y };
        };
        const { x, y } = point();
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) el.scrollIntoView({ block: "nearest", inline: "nearest", behavior: "instant" });
        for (let last = null, tries = 0; tries < 20; tries++) {
          const now = point();
          if (last && now.x === last.x && now.y === last.y) return now;
          last = now;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return point();
      }, [element, position]),
    );
    const actions = [
      { type: "pointerMove", x: Math.round(x), y: Math.round(y), origin: "viewport" },
      { type: "pointerDown", button: 0 },
      { type: "pointerUp", button: 0 },
    ];
    await this.page.session.send("POST", "/actions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }] });
    await this.page.session.send("DELETE", "/actions");
  }

  async check() {
    const element = await this.element();
    if (!(await this.page.evaluate((el) => el.checked, element))) {
      await this.page.session.send("POST", `/element/${element[ELEMENT]}/click`, {});
    }
  }

  async focus() {
    await this.act((element) => this.page.evaluate((el) => el.focus(), element));
  }

  /** Replaces the value as one insertion (Playwright's fill: select all, insert the text). */
  async fill(value) {
    const element = await this.element();
    await this.page.evaluate(
      ([el, text]) => {
        el.focus();
        el.select?.();
        if (!text) {
          if (!document.execCommand("delete")) el.value = "";
        } else if (!document.execCommand("insertText", false, text)) {
          el.value = text;
        }
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      },
      [element, String(value)],
    );
  }

  /** Types `text` key by key into the element (WebDriver's Element Send Keys). */
  async pressSequentially(text) {
    const element = await this.element();
    await this.page.session.send("POST", `/element/${element[ELEMENT]}/value`, { text });
  }

  async press(key) {
    const element = await this.element();
    await this.page.session.send("POST", `/element/${element[ELEMENT]}/value`, { text: KEYS[key] ?? key });
  }

  /**
   * A path (relative to the working directory, as in Playwright), paths, or { name, mimeType,
   * buffer } written to a file first: Send Keys needs absolute paths of files.
   */
  async setInputFiles(files) {
    const element = await this.element({ visible: false });
    const paths = (Array.isArray(files) ? files : [files]).map((file) => {
      if (typeof file === "string") return resolve(file);
      const path = join(mkdtempSync(join(tmpdir(), "otp-upload-")), file.name);
      writeFileSync(path, file.buffer);
      return path;
    });
    await this.page.session.send("POST", `/element/${element[ELEMENT]}/value`, { text: paths.join("\n") });
  }

  async textContent() {
    return this.act((element) => this.page.evaluate((el) => el.textContent, element), { visible: false });
  }

  async inputValue() {
    return this.act((element) => this.page.evaluate((el) => el.value, element), { visible: false });
  }

  async getAttribute(name) {
    return this.act(
      (element) => this.page.evaluate(([el, attribute]) => el.getAttribute(attribute), [element, name]),
      { visible: false },
    );
  }

  async isVisible() {
    const found = await this.all();
    return found.length === 1 && this.page.session.executeAsync(`${LOCATE}\narguments[1](isVisible(arguments[0]));`, [found[0]]);
  }

  /** `fn(elements, arg)` in the page with every element matched now (none is fine). */
  async evaluateAll(fn, arg) {
    return this.page.evaluate(
      ([source, elements, arg]) => window.eval(`(${source})`)(elements, arg),
      [String(fn), await this.all(), arg ?? null],
    );
  }

  /** Found and read in one script: a list the page draws anew in between cannot go stale. */
  async allTextContents() {
    await this.page.flushErrors();
    return this.page.session.executeAsync(`${LOCATE}\narguments[1](locate(arguments[0]).map((el) => el.textContent));`, [this.steps]);
  }

  async screenshot() {
    const element = await this.element();
    return Buffer.from(await this.page.session.send("GET", `/element/${element[ELEMENT]}/screenshot`), "base64");
  }
}
