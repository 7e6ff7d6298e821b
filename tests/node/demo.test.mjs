// The demo page end to end, as a person uses it: the real server (fresh SQLite file), the page
// from www/ with the installed package, headless Chromium driven by label and role.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { launchChromium } from "./support.mjs";

// This file runs from tests/node/scratch/; the server binary is built by make test.
const SERVER = new URL("../../../target/debug/otp-wasm-demo", import.meta.url).pathname;
const WWW = new URL("../../../www", import.meta.url).pathname;
const EMAIL = "jane@example.com";
const PASSWORD = "correct horse battery staple";

let server;
let base;
let browser;

before(async () => {
  mkdirSync("screenshots", { recursive: true });
  const db = join(mkdtempSync(join(tmpdir(), "otp-demo-")), "demo.sqlite");
  server = spawn(SERVER, ["--port", "0", "--db", db, "--www", WWW, "--pkg", "node_modules/otp-wasm"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once("line", resolve));
  base = line.replace("listening on ", "").replace("127.0.0.1", "localhost");
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

/** A fresh browser (no cookies: an unfamiliar device) on the page. */
async function visit() {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"], viewport: { width: 1000, height: 760 } });
  const page = await context.newPage();
  const failures = [];
  page.on("pageerror", (error) => failures.push(String(error)));
  await page.goto(`${base}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  return { page, context, failures };
}

/** Asks for a code by `button` and reads it from the newest outbox message, once it is there. */
async function sendAndRead(page, button, channel) {
  const outbox = page.getByRole("complementary", { name: "Demo outbox" }).getByRole("listitem");
  const before = await outbox.count();
  await page.getByRole("button", { name: button }).click();
  await page.waitForFunction((n) => document.querySelectorAll("#outbox li").length > n, before);
  const newest = outbox.filter({ hasText: channel }).first();
  return (await newest.textContent()).match(/(?:#|code is )(\d{6})/)[1];
}

async function signIn(page) {
  await page.getByRole("textbox", { name: "Email" }).fill(EMAIL);
  await page.getByRole("textbox", { name: "Password" }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a new device signs in with the text message pasted whole from the outbox", async () => {
  const { page, context, failures } = await visit();
  await page.screenshot({ path: "screenshots/sign-in.png" });
  await signIn(page);
  await page.getByRole("heading", { name: "Confirm it's you" }).waitFor();
  await page.getByRole("button", { name: "Text me a code" }).click();
  await page.getByText("We texted you a code.").waitFor();
  assert.match(await page.getByText(/You can ask for a new code in \d+ s/).textContent(), /\d+ s/);
  await page.getByRole("button", { name: /Copy the text message/ }).click();
  await page.screenshot({ path: "screenshots/challenge.png" });
  // Paste the whole message into the code field: the field keeps the code and submits.
  await page.getByRole("textbox", { name: "Code", exact: true }).focus();
  await page.keyboard.press("Control+V");
  await page.getByRole("heading", { name: "Your account" }).waitFor();
  assert.equal(await page.getByText(EMAIL, { exact: true }).count(), 1);
  await page.getByText(/sign in \(one-time code\)/).waitFor();
  await page.screenshot({ path: "screenshots/account.png" });
  assert.deepEqual(failures, []);
  await context.close();
});

test("a new device signs in with an e-mailed code, typed", async () => {
  const { page, context } = await visit();
  await signIn(page);
  await page.getByRole("radio", { name: "E-mail" }).check();
  const code = await sendAndRead(page, "E-mail me a code", `E-mail to ${EMAIL}`);
  await page.getByRole("textbox", { name: "Code", exact: true }).pressSequentially(`${code.slice(0, 3)} ${code.slice(3)}`);
  await page.getByRole("heading", { name: "Your account" }).waitFor();
  await context.close();
});

test("a remembered device skips the challenge until it is revoked", async () => {
  const { page, context } = await visit();
  await signIn(page);
  await page.getByRole("checkbox", { name: /Remember this device/ }).check();
  const code = await sendAndRead(page, "Text me a code", "Text message to");
  await page.getByRole("textbox", { name: "Code", exact: true }).fill(code);
  await page.getByRole("heading", { name: "Your account" }).waitFor();
  await page.getByRole("button", { name: /Revoke device/ }).waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page);
  await page.getByRole("heading", { name: "Your account" }).waitFor();
  await page.getByRole("button", { name: /Revoke device/ }).click();
  await page.getByText("That device will be asked for a code next time.").waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page);
  await page.getByRole("heading", { name: "Confirm it's you" }).waitFor();
  await context.close();
});

test("wrong codes: attempts left, then the wait shown as a countdown", async () => {
  const { page, context } = await visit();
  await signIn(page);
  const right = await sendAndRead(page, "Text me a code", "Text message to");
  const wrong = right === "111111" ? "222222" : "111111";
  const field = page.getByRole("textbox", { name: "Code", exact: true });
  await field.fill(wrong);
  await page.getByRole("alert").filter({ hasText: "That code is not right. 4 attempts left." }).waitFor();
  await field.fill(wrong);
  await page.getByRole("alert").filter({ hasText: "3 attempts left" }).waitFor();
  await field.fill(wrong);
  await page.getByRole("alert").filter({ hasText: "2 attempts left" }).waitFor();
  // The fourth failure in a row makes the account wait before the next try (1 s, then 2 s, 4 s,
  // ...); a try within the wait is refused and the page counts the wait down.
  await field.fill(wrong);
  await page.getByRole("alert").filter({ hasText: "1 attempt left" }).waitFor();
  await field.fill(wrong);
  const alert = page.getByRole("alert").filter({ hasText: /Too many attempts\. Try again in \d+ s\./ });
  await alert.waitFor();
  await page.screenshot({ path: "screenshots/lockout.png" });
  assert.match(await alert.textContent(), /Try again in \d+ s/);
  await context.close();
});
