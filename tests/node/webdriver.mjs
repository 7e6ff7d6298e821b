// A W3C WebDriver client (the classic HTTP protocol every engine's driver speaks: geckodriver,
// WebKitWebDriver, WPEWebDriver) behind the part of Playwright's Page API the tests use, so one
// test body runs in Chromium (Playwright itself) and in the engines Playwright cannot drive
// here. Locators resolve in the page (locate.js: roles, accessible names, text); actions are
// real WebDriver input (element click, send keys, key actions) where a person's input matters.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const LOCATE = readFileSync(new URL("./locate.js", import.meta.url), "utf8");
const TIMEOUT_MS = 30_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `driver` (its path and arguments given `port`), waits until it answers /status. */
export async function startDriver(command, args, env = process.env) {
  const port = await freePort();
  const child = spawn(command, args(port), { stdio: ["ignore", "ignore", "pipe"], env });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`${command} exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/status`)).ok) break;
    } catch {
      if (tries > 200) throw new Error(`${command} did not start: ${stderr}`);
    }
    await sleep(50);
  }
  return { url, stop: () => child.kill() };
}

/** One WebDriver session: the commands, each a JSON request; errors keep the driver's message. */
export class Session {
  constructor(url, id) {
    this.url = url;
    this.id = id;
  }

  /** A new session; one the driver has not started within 90 s is an error, not a hang. */
  static async create(url, capabilities) {
    const response = await fetch(`${url}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch: capabilities } }),
      signal: AbortSignal.timeout(90_000),
    }).catch((error) => {
      throw new Error(`new session: no answer from the driver (${error.name}: ${error.message})`);
    });
    const { value } = await response.json();
    if (!response.ok) throw new Error(`new session: ${value.error}: ${value.message}`);
    return new Session(url, value.sessionId);
  }

  async send(method, path, body) {
    const response = await fetch(`${this.url}/session/${this.id}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = await response.json();
    if (!response.ok) {
      const error = new Error(`${method} ${path}: ${value.error}: ${value.message}`);
      error.webdriverError = value.error;
      throw error;
    }
    return value;
  }

  /** Runs `source` (a function body whose last argument is its callback) as an async script. */
  executeAsync(source, args) {
    return this.send("POST", "/execute/async", { script: source, args });
  }

  close() {
    return fetch(`${this.url}/session/${this.id}`, { method: "DELETE" }).catch(() => {});
  }
}

/**
 * One window of a session, with Session's send/executeAsync: each command first makes this
 * window the session's current one (when it is not), and a context's commands run one at a
 * time, so pages of one context can be used side by side.
 */
export class WindowSession {
  constructor(context, handle) {
    this.context = context;
    this.handle = handle;
    context.active ??= handle; // the first window is current when the session starts
  }

  send(method, path, body) {
    const { context } = this;
    const run = async () => {
      if (context.active !== this.handle) {
        await context.session.send("POST", "/window", { handle: this.handle });
        context.active = this.handle;
      }
      return context.session.send(method, path, body);
    };
    const result = (context.queue ?? Promise.resolve()).then(run, run);
    context.queue = result.catch(() => {});
    return result;
  }

  executeAsync(source, args) {
    return this.send("POST", "/execute/async", { script: source, args });
  }
}

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

/** A string or RegExp, as the page's locate.js takes it. */
function pattern(value) {
  if (value === undefined) return null;
  if (value instanceof RegExp) return { source: value.source, flags: value.flags };
  return { text: String(value) };
}

/** Keys as WebDriver names them (the Unicode private-use code points of the spec's table). */
const KEYS = {
  Backspace: "\uE003", Tab: "\uE004", Enter: "\uE007", Shift: "\uE008", Control: "\uE009", Alt: "\uE00A",
  Escape: "\uE00C", End: "\uE010", Home: "\uE011", ArrowLeft: "\uE012", ArrowUp: "\uE013",
  ArrowRight: "\uE014", ArrowDown: "\uE015", Delete: "\uE017", Meta: "\uE03D",
};

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
