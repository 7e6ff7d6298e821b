// The demo page as a person uses it, shared by the test files that drive it (demo.test.mjs,
// checkout.test.mjs, demo-passkeys.test.mjs): a demo server and a browser per engine, a fresh
// browser context on the page, signing up and in, reading codes from the demo outbox.
// Everything goes by label and role.
import { mkdirSync } from "node:fs";
import { after, before } from "node:test";
import { launch } from "./engines.mjs";
import { startDemoServer } from "./support.mjs";

// The test files run from tests/node/scratch/: the page is the repository's www/.
const WWW = new URL("../../../www", import.meta.url).pathname;
export const DEMO_ARGS = ["--www", WWW, "--pkg", "node_modules/otp-wasm", "--dev-clock"];
export const EMAIL = "jane@example.com";
export const PASSWORD = "correct horse battery staple";

/**
 * For a describe's tests: a demo server of their own (a test may move its clock, and every
 * engine starts from the same state) and a browser of `engine`, neither started when `skip`:
 * `{ server, browser }`, set before the tests run.
 */
export function demoIn(engine, { skip = false } = {}) {
  const demo = {};
  before(async () => {
    if (skip) return;
    demo.server = await startDemoServer(DEMO_ARGS);
    demo.browser = await launch(engine);
  });
  after(async () => {
    await demo.browser?.close();
    demo.server?.stop();
  });
  return demo;
}

/** Where `engine`'s screenshot `name` goes: Chromium's are the README's, the others' beside them. */
export function screenshotPath(engine, name) {
  mkdirSync("screenshots", { recursive: true });
  return `screenshots/${name}${engine === "chromium" ? "" : `-${engine}`}.png`;
}

/** A fresh browser context (no cookies: an unfamiliar device) on the page at `base`. */
export async function visitDemo(browser, base) {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"], viewport: { width: 1000, height: 760 } });
  const page = await context.newPage();
  const failures = [];
  page.on("pageerror", (error) => failures.push(String(error)));
  await page.goto(`${base}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  return { page, context, failures };
}

/** Asks for a code by `button`; the newest outbox message on `channel`, whole, once it is there. */
export async function sendAndReadMessage(page, button, channel) {
  const outbox = page.getByRole("complementary", { name: "Demo outbox" }).getByRole("listitem");
  const before = (await outbox.count()) ? await outbox.first().textContent() : "";
  await page.getByRole("button", { name: button }).click();
  // The panel shows the newest message first: wait for a new one on top.
  await page.waitForFunction((old) => (document.querySelector("#outbox li")?.textContent ?? "") !== old, before);
  return outbox.filter({ hasText: channel }).first().textContent();
}

/** Asks for a code by `button` and reads it from the newest outbox message, once it is there. */
export async function sendAndRead(page, button, channel) {
  return (await sendAndReadMessage(page, button, channel)).match(/(?:#|code is )(\d{6})/)[1];
}

export async function signIn(page, email = EMAIL, password = PASSWORD) {
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("textbox", { name: "Password" }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

let accounts = 0;
/** Creates a new account through the page; resolves to its e-mail address. */
export async function signUp(page) {
  const email = `shopper${++accounts}@example.com`;
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("textbox", { name: "Phone" }).fill(`+1 555 010 ${1000 + accounts}`);
  await page.getByRole("textbox", { name: "Password" }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("Account created.").waitFor();
  return email;
}

/** Signs in with a texted code (a new device). */
export async function signInWithSms(page, email = EMAIL) {
  await signIn(page, email);
  await page.getByRole("heading", { name: "Confirm it's you" }).waitFor();
  const code = await sendAndRead(page, "Text me a code", "Text message to");
  await page.getByRole("textbox", { name: "Code", exact: true }).fill(code);
  await page.getByRole("heading", { name: "Your account" }).waitFor();
}
