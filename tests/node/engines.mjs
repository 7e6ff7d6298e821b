// The browser engines the tests run in, in one place: which engines a run covers, how each is
// launched, what each lacks, and the virtual authenticator each offers. A test file names the
// engines it runs in (`forEachEngine`) and gets a browser with Playwright's API: Chromium through
// Playwright itself, Firefox (geckodriver) and WebKitGTK (WebKitWebDriver, under Xvfb) through
// webdriver.mjs.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { after, before, describe } from "node:test";
import { chromium } from "playwright-core";
import { Session, WindowSession, startDriver } from "./webdriver.mjs";
import { Page } from "./webdriver_page.mjs";

export const ENGINES = ["chromium", "firefox", "webkit"];

/** What each engine here has of the APIs the package adapts to (probed; see README's table). */
export const FEATURES = {
  chromium: { webauthn: true, webotp: true, fakeCamera: true },
  firefox: { webauthn: true, webotp: false, fakeCamera: false },
  webkit: { webauthn: false, webotp: false, fakeCamera: false },
};

const FIREFOX = "/usr/bin/firefox-esr";
const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const GECKODRIVER = `${process.env.HOME}/.cargo/bin/geckodriver`;

/**
 * The engines a run covers: all three, or those in OTP_ENGINES (`make test-browser
 * ENGINE=firefox` sets it), among `wanted`.
 */
export function selectedEngines(wanted = ENGINES) {
  const chosen = (process.env.OTP_ENGINES || ENGINES.join(",")).split(",").map((e) => e.trim());
  for (const engine of chosen) if (!ENGINES.includes(engine)) throw new Error(`unknown engine ${engine}`);
  return wanted.filter((engine) => chosen.includes(engine));
}

/** `body(engine)` inside a `describe` named for each selected engine, so the report says which. */
export function forEachEngine(wanted, body) {
  for (const engine of selectedEngines(wanted)) describe(engine, () => body(engine));
}

/**
 * One browser of `engine` and one page in it for the tests of a `describe` (launched before them,
 * closed after): `shared.page` goes from test to test, each goto a new document, since in the
 * WebDriver engines a page is a browser session of its own, seconds to start.
 */
export function sharedPage(engine) {
  const shared = {};
  before(async () => {
    shared.browser = await launch(engine);
    shared.page = await (await shared.browser.newContext()).newPage();
  });
  after(async () => {
    await shared.browser?.close();
  });
  return shared;
}

/** Debian's Chromium, headless, with no network chatter of its own. */
export function launchChromium(extraArgs = []) {
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
      ...extraArgs,
    ],
  });
}

/**
 * A browser of `engine` with Playwright's newContext / newPage / close. `firefoxUserPrefs`
 * (Playwright's launch option of that name) are set in every Firefox session; `webkitArgs` are
 * MiniBrowser's command-line options (WebKitSettings, e.g. --enable-mock-capture-devices=true).
 */
export async function launch(engine, { chromiumArgs = [], firefoxUserPrefs = {}, webkitArgs = [] } = {}) {
  if (engine === "chromium") return launchChromium(chromiumArgs);
  return new DriverBrowser(engine, { firefoxUserPrefs, webkitArgs });
}

let xvfb;
/** One X server for every WebKitGTK window of this process (MiniBrowser has no headless mode). */
async function display() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  xvfb ??= new Promise((resolve, reject) => {
    const server = spawn("Xvfb", ["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    server.on("error", reject);
    // An X server that went away is started anew for the next session (its windows would only
    // say "cannot open display", and WebKitWebDriver would wait for them forever).
    server.on("exit", (code, signal) => {
      xvfb = undefined;
      reject(new Error(`Xvfb exited (${code ?? signal}) before it had a display`));
    });
    server.stdout.once("data", (chunk) => {
      // The display is known: the server no longer holds the test process open.
      server.stdout.unref();
      server.unref();
      resolve(`:${String(chunk).trim()}`);
    });
    process.on("exit", () => server.kill());
  });
  return xvfb;
}

/** Firefox or WebKitGTK: each context is a WebDriver session of its own (a fresh profile). */
class DriverBrowser {
  constructor(engine, options = {}) {
    this.engine = engine;
    this.options = options;
    this.contexts = new Set();
  }

  async newContext({ viewport = { width: 1280, height: 720 }, javaScriptEnabled = true, permissions = [] } = {}) {
    const context = new DriverContext(this, await startSession(this.engine, { javaScriptEnabled, ...this.options }));
    this.contexts.add(context);
    await context.session.send("POST", "/window/rect", viewport).catch(() => {});
    if (permissions.length) await context.grantPermissions(permissions);
    return context;
  }

  async newPage(options) {
    const context = await this.newContext(options);
    return context.newPage();
  }

  async close() {
    await Promise.all([...this.contexts].map((context) => context.close()));
  }
}

class DriverContext {
  constructor(browser, { session, stop }) {
    this.browser = browser;
    this.session = session;
    this.stop = stop;
    this.pages = [];
  }

  /**
   * A page: the session's first window, then a new tab of the same session (the same profile,
   * so the same origin's storage) for each further page. Each page's commands switch to its
   * window first (webdriver.mjs's WindowSession).
   */
  async newPage() {
    const handle = this.pages.length
      ? (await this.session.send("POST", "/window/new", { type: "tab" })).handle
      : await this.session.send("GET", "/window");
    const page = new Page(new WindowSession(this, handle), this);
    this.pages.push(page);
    return page;
  }

  /** Closes one page's window; the last page closes the context (its WebDriver session). */
  async closePage(page) {
    if (this.pages.length <= 1) return this.close();
    this.pages = this.pages.filter((p) => p !== page);
    await page.session.send("DELETE", "/window");
    this.active = null;
  }

  /** The Permissions extension (clipboard-read, …), where the driver has it. */
  async grantPermissions(names) {
    for (const name of names) {
      await this.session
        .send("POST", "/permissions", { descriptor: { name }, state: "granted" })
        .catch(() => {});
    }
  }

  async close() {
    if (!this.browser.contexts.delete(this)) return;
    await this.session.close();
    this.stop();
  }
}

async function startSession(engine, { javaScriptEnabled, firefoxUserPrefs = {}, webkitArgs = [] }) {
  if (engine === "firefox") {
    if (!existsSync(GECKODRIVER)) throw new Error(`no geckodriver at ${GECKODRIVER}: run scripts/setup.sh`);
    const driver = await startDriver(GECKODRIVER, (port) => ["--port", String(port), "--binary", FIREFOX]);
    const session = await Session.create(driver.url, {
      browserName: "firefox",
      "moz:firefoxOptions": {
        args: ["-headless"],
        prefs: {
          // WebDriver's virtual authenticator answers only with the soft token on, USB off.
          "security.webauth.webauthn_enable_softtoken": true,
          "security.webauth.webauthn_enable_usbtoken": false,
          "dom.events.testing.asyncClipboard": true,
          "javascript.enabled": javaScriptEnabled,
          ...firefoxUserPrefs,
        },
      },
    }).catch((error) => {
      driver.stop();
      throw error;
    });
    return { session, stop: driver.stop };
  }
  if (engine === "webkit") {
    const env = { ...process.env, DISPLAY: await display() };
    const driver = await startDriver("WebKitWebDriver", (port) => [`--port=${port}`], env);
    const args = ["--automation", ...webkitArgs];
    if (!javaScriptEnabled) args.push("--enable-javascript=false");
    const session = await Session.create(driver.url, {
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args },
    }).catch((error) => {
      driver.stop();
      throw error;
    });
    return { session, stop: driver.stop };
  }
  if (engine === "wpe") {
    // WPE WebKit 2.38 (a Safari 16.0-level engine), headless: the oldest WebKit the package
    // supports, for oldest-webkit.test.mjs.
    const driver = await startDriver("WPEWebDriver", (port) => [`--port=${port}`]);
    const session = await Session.create(driver.url, {
      browserName: "cog",
      "wpe:browserOptions": { binary: "/usr/bin/cog", args: ["--automation", "--platform=headless"] },
    }).catch((error) => {
      driver.stop();
      throw error;
    });
    return { session, stop: driver.stop };
  }
  throw new Error(`no WebDriver engine ${engine}`);
}

/**
 * A CTAP2 platform authenticator with resident keys and user verification, present and
 * verified without a person: Chromium's DevTools protocol, or WebDriver's WebAuthn extension
 * (Firefox). WebKitGTK has no WebAuthn: asking there is a test's mistake.
 */
export async function addVirtualAuthenticator(page, extra = {}) {
  const options = {
    protocol: "ctap2",
    transport: "internal",
    hasResidentKey: true,
    hasUserVerification: true,
    isUserVerified: true,
    ...extra,
  };
  if (page.session) {
    return page.session.send("POST", "/webauthn/authenticator", options);
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  return cdp.send("WebAuthn.addVirtualAuthenticator", { options: { ...options, automaticPresenceSimulation: true } });
}
