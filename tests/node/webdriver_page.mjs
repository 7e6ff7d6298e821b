// Playwright's Page API, in the part the tests use, over a WebDriver session (webdriver.mjs):
// functions called in the page's own realm, waiting, screenshots, and real WebDriver input
// (key and pointer actions) where a person's input matters.
import { writeFileSync } from "node:fs";

import { ELEMENT, KEYS, TIMEOUT_MS, sleep } from "./webdriver.mjs";
import { Locator, pattern } from "./webdriver_locator.mjs";

/**
 * Calls a function in the page with one argument; answers its value, or the error it threw as
 * text. Element references travel as top-level arguments (WebKitWebDriver reads no nested ones)
 * and are put back in place in the page.
 */
const CALL = `
  const [source, marshalled, ...elements] = arguments;
  const done = elements.pop();
  // The function and its argument are made in the page's own realm (its eval, its JSON):
  // Firefox runs WebDriver scripts in a sandbox whose builtins (Uint8Array, Object, Promise)
  // are not the page's, so a Uint8Array made there fails the page's \`instanceof Uint8Array\`.
  const REVIVE = \`(elements) => function revive(v) {
    return v && typeof v === "object"
      ? (typeof v.__otpElement === "number" ? elements[v.__otpElement]
        : Array.isArray(v) ? v.map(revive) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)])))
      : v;
  }\`;
  let fn;
  let arg;
  try {
    fn = window.eval("(" + source + ")");
    arg = window.eval(REVIVE)(elements)(window.JSON.parse(JSON.stringify(marshalled)));
  } catch (e) { done({ thrown: String(e) }); return; }
  // Called at once, awaited only when it answers a promise: with JavaScript off (Firefox's
  // javascript.enabled=false) the page runs no promise jobs, not even a driver script's.
  const ok = (value) => done(value === undefined ? { undefined: true } : { value });
  const fail = (e) => done({ thrown: (e && e.name ? e.name + ": " : "") + (e && e.message !== undefined ? e.message : String(e)) });
  let result;
  try { result = fn(arg); } catch (e) { fail(e); return; }
  if (result && typeof result.then === "function") result.then(ok, fail); else ok(result);`;

/** A page: the session's one window. */
export class Page {
  constructor(session, context) {
    this.session = session;
    this._context = context;
    this.keyboard = new Keyboard(session);
    this.mouse = new Mouse(session);
    this.listeners = { pageerror: [], console: [] };
    this.reported = 0;
  }

  context() {
    return this._context;
  }

  async goto(url) {
    await this.session.send("POST", "/url", { url });
    await this.installErrorWatch();
  }

  async reload() {
    await this.session.send("POST", "/refresh", {});
    await this.installErrorWatch();
  }

  url() {
    return this.session.send("GET", "/url");
  }

  /** Uncaught errors and rejections and console errors from here on, kept in the page for `on`. */
  async installErrorWatch() {
    this.reported = 0;
    await this.session
      .executeAsync(
        `const done = arguments[0];
         if (!window.__pageErrors) {
           const errors = (window.__pageErrors = []);
           addEventListener("error", (e) => errors.push(["pageerror", String(e.error ?? e.message)]));
           addEventListener("unhandledrejection", (e) => errors.push(["pageerror", String(e.reason)]));
           for (const level of ["error", "warn"]) {
             const original = console[level];
             console[level] = (...args) => { errors.push(["console", args.join(" "), level]); original.apply(console, args); };
           }
         }
         done(null);`,
        [],
      )
      .catch(() => {});
  }

  /** `pageerror` (an Error-like string) and `console` ({ type(), text() }) while the test polls. */
  on(event, listener) {
    this.listeners[event]?.push(listener);
  }

  async flushErrors() {
    if (!this.listeners.pageerror.length && !this.listeners.console.length) return;
    const errors = await this.session.executeAsync("arguments[0](window.__pageErrors || [])", []).catch(() => []);
    for (const [kind, text, level] of errors.slice(this.reported)) {
      if (kind === "pageerror") for (const listener of this.listeners.pageerror) listener(new Error(text));
      else for (const listener of this.listeners.console) listener({ type: () => (level === "warn" ? "warning" : "error"), text: () => text });
    }
    this.reported = errors.length;
  }

  async evaluate(fn, arg) {
    const elements = [];
    const marshal = (v) => {
      if (!v || typeof v !== "object") return v;
      if (v[ELEMENT]) return { __otpElement: elements.push(v) - 1 };
      return Array.isArray(v) ? v.map(marshal) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, marshal(x)]));
    };
    const marshalled = marshal(arg ?? null);
    // As in Playwright, a string is an expression (its value answered, a promise awaited).
    const source = typeof fn === "string" ? `() => (${fn})` : String(fn);
    const answer = await this.session.send("POST", "/execute/async", { script: CALL, args: [source, marshalled, ...elements] });
    if (answer.thrown !== undefined) throw new Error(`page.evaluate: ${answer.thrown}`);
    return answer.undefined ? undefined : answer.value;
  }

  async waitForFunction(fn, arg, { timeout = TIMEOUT_MS } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`waitForFunction timed out: ${String(fn).slice(0, 200)}`);
      await sleep(50);
    }
  }

  waitForTimeout(ms) {
    return sleep(ms);
  }

  /** A PNG of the viewport (Firefox: the whole page when `fullPage`), written to `path` if given. */
  async screenshot({ path, fullPage = false } = {}) {
    let base64;
    if (fullPage) base64 = await this.session.send("GET", "/moz/screenshot/full").catch(() => null);
    base64 ??= await this.session.send("GET", "/screenshot");
    const png = Buffer.from(base64, "base64");
    if (path) writeFileSync(path, png);
    return png;
  }

  locator(css) {
    return new Locator(this, [["css", css]]);
  }
  getByRole(role, options = {}) {
    return new Locator(this, [["role", role, pattern(options.name), !!options.exact]]);
  }
  getByText(text, options = {}) {
    return new Locator(this, [["text", pattern(text), !!options.exact]]);
  }
  getByLabel(text, options = {}) {
    return new Locator(this, [["label", pattern(text), !!options.exact]]);
  }

  close() {
    return this._context.closePage ? this._context.closePage(this) : this._context.close();
  }
}

class Keyboard {
  constructor(session) {
    this.session = session;
  }

  /** `press("Control+V")`: the modifiers held while the key goes down and up. */
  async press(combo) {
    const keys = combo.split("+").map((key) => KEYS[key] ?? (key.length === 1 ? key.toLowerCase() : key));
    const actions = [
      ...keys.map((value) => ({ type: "keyDown", value })),
      ...keys.reverse().map((value) => ({ type: "keyUp", value })),
    ];
    await this.session.send("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.session.send("DELETE", "/actions");
  }

  async type(text) {
    const actions = [...text].flatMap((value) => [{ type: "keyDown", value }, { type: "keyUp", value }]);
    await this.session.send("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  }
}

/** Clicks at viewport coordinates, as Playwright's page.mouse does (WebDriver pointer actions). */
class Mouse {
  constructor(session) {
    this.session = session;
  }

  async click(x, y) {
    const actions = [
      { type: "pointerMove", x: Math.round(x), y: Math.round(y), origin: "viewport" },
      { type: "pointerDown", button: 0 },
      { type: "pointerUp", button: 0 },
    ];
    await this.session.send("POST", "/actions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions }] });
    await this.session.send("DELETE", "/actions");
  }
}
