// A W3C WebDriver client: the classic HTTP protocol every engine's driver speaks (geckodriver,
// WebKitWebDriver, WPEWebDriver), for the tests' engines Playwright cannot drive here. Behind
// the part of Playwright's Page API the tests use (webdriver_page.mjs, with its locators in
// webdriver_locator.mjs), so one test body runs in Chromium (Playwright itself) and here.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** WebDriver's key for an element reference in a JSON answer. */
export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
export const TIMEOUT_MS = 30_000;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** Keys as WebDriver names them (the Unicode private-use code points of the spec's table). */
export const KEYS = {
  Backspace: "\uE003", Tab: "\uE004", Enter: "\uE007", Shift: "\uE008", Control: "\uE009", Alt: "\uE00A",
  Escape: "\uE00C", End: "\uE010", Home: "\uE011", ArrowLeft: "\uE012", ArrowUp: "\uE013",
  ArrowRight: "\uE014", ArrowDown: "\uE015", Delete: "\uE017", Meta: "\uE03D",
};
