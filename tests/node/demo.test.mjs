// The demo page end to end, as a person uses it: the real server (fresh SQLite file), the page
// from www/ with the installed package, in Chromium, Firefox and WebKitGTK driven by label and
// role (engines.mjs).
import assert from "node:assert/strict";
import { createServer, request as httpRequest } from "node:http";
import { test } from "node:test";
import { forEachEngine } from "./engines.mjs";
import { DEMO_ARGS, demoIn, EMAIL, PASSWORD, screenshotPath, sendAndRead, signIn, signInWithSms, signUp, visitDemo } from "./demo_page.mjs";
import { startDemoServer } from "./support.mjs";

/**
 * A proxy in front of a demo server started for it (its origin is the proxy's): the path and
 * status of every request the browser made, as the server answered it, in every engine.
 */
async function recordedDemoServer() {
  const seen = [];
  let target;
  const proxy = createServer((request, response) => {
    const upstream = httpRequest(new URL(request.url, target), { method: request.method, headers: request.headers }, (answer) => {
      seen.push(`${answer.statusCode} ${request.method} ${request.url}`);
      response.writeHead(answer.statusCode, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", (error) => {
      seen.push(`failed ${request.method} ${request.url}: ${error.message}`);
      response.destroy();
    });
    request.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const base = `http://localhost:${proxy.address().port}`;
  const server = await startDemoServer([...DEMO_ARGS, "--origin", base]);
  target = server.base;
  return {
    base,
    seen,
    stop() {
      proxy.close();
      proxy.closeAllConnections();
      server.stop();
    },
  };
}

forEachEngine(["chromium", "firefox", "webkit"], (engine) => {
  const demo = demoIn(engine);
  const shot = (name) => screenshotPath(engine, name);

  const visit = () => visitDemo(demo.browser, demo.server.base);

  test("a new device signs in with the text message pasted whole from the outbox", async () => {
    const { page, context, failures } = await visit();
    await page.screenshot({ path: shot("sign-in") });
    await signIn(page);
    await page.getByRole("heading", { name: "Confirm it's you" }).waitFor();
    // The server's reasons, as it gave them: a first sign-in is a new device on a new network.
    await page.getByText("We asked because this device is not one you chose to remember; this is a new network for your account.").waitFor();
    await page.getByRole("button", { name: "Text me a code" }).click();
    await page.getByText("We texted you a code.").waitFor();
    assert.match(await page.getByText(/You can ask for a new code in \d+ s/).textContent(), /\d+ s/);
    await page.getByRole("button", { name: /Copy the text message/ }).click();
    await page.screenshot({ path: shot("challenge") });
    // Paste the whole message into the code field: the field keeps the code and submits.
    await page.getByRole("textbox", { name: "Code", exact: true }).focus();
    await page.keyboard.press("Control+V");
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    assert.equal(await page.getByText(EMAIL, { exact: true }).count(), 1);
    await page.getByText(/sign in \(one-time code\)/).waitFor();
    await page.getByText(/sign in challenged \(we asked because this device is not one you chose to remember/).waitFor();
    await page.screenshot({ path: shot("account") });
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
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await signIn(page);
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    // Revoking the device this page is on signs it out too.
    await page.getByRole("button", { name: /Revoke device/ }).click();
    await page.getByText("This device was revoked and signed out").waitFor();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await signIn(page);
    await page.getByRole("heading", { name: "Confirm it's you" }).waitFor();
    await context.close();
  });

  test("wrong codes: attempts left, then the wait shown as a countdown", async () => {
    const { page, context } = await visit();
    await signIn(page, await signUp(page));
    const right = await sendAndRead(page, "Text me a code", "Text message to");
    const wrong = right === "111111" ? "222222" : "111111";
    const field = page.getByRole("textbox", { name: "Code", exact: true });
    await field.fill(wrong);
    await page.getByRole("alert").filter({ hasText: "That code is not right. 4 attempts left." }).waitFor();
    await field.fill(wrong);
    await page.getByRole("alert").filter({ hasText: "3 attempts left" }).waitFor();
    await field.fill(wrong);
    await page.getByRole("alert").filter({ hasText: "2 attempts left" }).waitFor();
    // The fourth failure in a row makes the account wait before the next try (5 s, then 10 s,
    // ...); a try within the wait is refused and the page counts the wait down.
    await field.fill(wrong);
    await page.getByRole("alert").filter({ hasText: "1 attempt left" }).waitFor();
    await field.fill(wrong);
    const alert = page.getByRole("alert").filter({ hasText: /Too many attempts\. Try again in \d+ s\./ });
    await alert.waitFor();
    await page.screenshot({ path: shot("lockout") });
    assert.match(await alert.textContent(), /Try again in \d+ s/);
    await context.close();
  });

  test("authenticator app: enrol by reading the secret, then sign in with a code the package computes", async () => {
    const { Totp } = await import("otp-wasm");
    const { page, context } = await visit();
    await signInWithSms(page);
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await page.getByRole("img", { name: "QR code of the authenticator-app key" }).waitFor();
    // Brought into view and drawn, as a person holds a phone up to it (Firefox's and WebKit's
    // windows show less of the page than Chromium's viewport, and WebKit settles a scroll a
    // moment later: a blurred picture is taken again, a few times at most).
    await page.evaluate(() => {
      const qr = document.getElementById("totp-qr");
      qr.scrollIntoView({ block: "center" });
      return qr.decode();
    });
    // The whole page as a screenshot holds the enrolment QR code: decodeQr finds it and reads the
    // key a phone would (the browser decodes the PNG; otp-wasm/qr reads the pixels).
    let read = [];
    for (let attempt = 0; attempt < 5 && read.length === 0; attempt++) {
      if (attempt) await page.waitForTimeout(300);
      const screenshot = await page.screenshot({ path: shot("authenticator-app") });
      read = await page.evaluate(async (png) => {
        const qr = await import("otp-wasm/qr");
        await qr.default();
        return qr.decodeQr(new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: "image/png" }));
      }, screenshot.toString("base64"));
    }
    const secret = (await page.getByText(/Secret to type into your app/).textContent()).split(":")[1].replace(/\s/g, "");
    assert.equal(read.length, 1);
    assert.match(read[0], new RegExp(`^otpauth://totp/Demo%20Shop:.*[?&]secret=${secret}&`));
    const app = new Totp({ secret });
    await page.getByRole("textbox", { name: "Code from the app" }).fill(app.generate());
    await page.getByText("Your authenticator app is set up").first().waitFor();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await signIn(page);
    await page.getByRole("radio", { name: "Authenticator app" }).check();
    // The code just used is spent (replay guard); the app's next code is accepted (one step ahead).
    await page.getByRole("textbox", { name: "Code", exact: true }).fill(app.generate(Date.now() + 30_000));
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await page.getByRole("button", { name: "Remove it" }).click();
    await page.getByText("The authenticator app was removed.").waitFor();
    await context.close();
  });

  test("the browser authenticator panel: add the app to this browser, sign in with its code", async () => {
    const { page, context } = await visit();
    const email = await signUp(page);
    await signInWithSms(page, email);
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await page.getByRole("img", { name: "QR code of the authenticator-app key" }).waitFor();
    await page.getByRole("main").getByRole("button", { name: "Add to this browser" }).click();
    const shown = page.getByLabel(`Code for Demo Shop ${email}`);
    await shown.waitFor();
    await page.screenshot({ path: shot("browser-authenticator"), fullPage: true });
    const first = await shown.textContent();
    await page.getByRole("textbox", { name: "Code from the app" }).fill(first);
    await page.getByText("Your authenticator app is set up").first().waitFor();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await signIn(page, email);
    await page.getByRole("radio", { name: "Authenticator app" }).check();
    // That code is spent: wait for the panel's next one, as a person would.
    await page.waitForFunction(
      ([label, old]) => document.querySelector(`[aria-label="${label}"]`)?.textContent !== old,
      [`Code for Demo Shop ${email}`, first],
      { timeout: 35_000 },
    );
    await page.getByRole("textbox", { name: "Code", exact: true }).fill(await shown.textContent());
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await context.close();
  });

  test("a recovery code signs in once; the same code is refused the second time", async () => {
    const { page, context } = await visit();
    const email = await signUp(page);
    await signInWithSms(page, email);
    await page.getByRole("button", { name: "Create recovery codes" }).click();
    const first = (await page.locator("#recovery-codes li").first().textContent()).trim();
    await page.screenshot({ path: shot("recovery-codes") });
    for (const attempt of ["first", "second"]) {
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await signIn(page, email);
      await page.getByRole("radio", { name: "Recovery code" }).check();
      await page.getByRole("textbox", { name: "Recovery code" }).fill(first);
      await page.getByRole("button", { name: "Verify" }).click();
      if (attempt === "first") {
        await page.getByRole("heading", { name: "Your account" }).waitFor();
      } else {
        await page.getByRole("alert").filter({ hasText: "That code is not right." }).waitFor();
      }
    }
    await context.close();
  });

  test("after five minutes, a change to how the account signs in asks for the password again", async () => {
    const { page, context, failures } = await visit();
    const email = await signUp(page);
    await signInWithSms(page, email);
    // Six minutes later (the server's clock, moved by its --dev-clock route).
    await page.evaluate(() =>
      fetch("/api/dev/clock", { method: "POST", headers: { "content-type": "application/json" }, body: '{"advanceMs":360000}' }),
    );
    await page.getByRole("button", { name: "Create recovery codes" }).click();
    const dialog = page.getByRole("dialog", { name: "Enter your password again" });
    await dialog.getByLabel("Password").fill("not my password");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.getByRole("alert").filter({ hasText: "That password is not right." }).waitFor();
    await dialog.getByLabel("Password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await page.locator("#recovery-codes li").nth(9).waitFor();
    assert.equal(await dialog.isVisible(), false);
    // The change was mailed to the account, as the big shops do.
    await page.getByRole("complementary", { name: "Demo outbox" }).getByText("New recovery codes were made").first().waitFor();
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("no form shows before the script has wired it up (a password never goes out in a URL)", async () => {
    const context = await demo.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${demo.server.base}/`);
    await page.getByText("Loading…").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Password" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Sign in" }).count(), 0);
    const methods = await page.locator("form").evaluateAll((forms) => forms.map((form) => form.method));
    assert.ok(methods.length >= 8, String(methods));
    assert.deepEqual(new Set(methods), new Set(["post"]));
    // The backup passphrase forms stay hidden until the script handles them in the page.
    assert.equal(await page.locator("#vault-backup, #vault-open-backup").filter({ visible: true }).count(), 0);
    await context.close();
  });

  test("the first load of a signed-out page makes no failed request and logs no error", async () => {
    // The server's view of every request (the proxy's record), the page's errors through on().
    const recorded = await recordedDemoServer();
    const context = await demo.browser.newContext();
    try {
      const page = await context.newPage();
      const problems = [];
      page.on("console", (message) => ["error", "warning"].includes(message.type()) && problems.push(message.text()));
      page.on("pageerror", (error) => problems.push(String(error)));
      await page.goto(`${recorded.base}/`);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await page.waitForTimeout(2500); // the outbox's and the authenticator's first refreshes
      // And the outbox shows this visitor nothing of other people's sign-ins.
      assert.equal(await page.getByRole("complementary", { name: "Demo outbox" }).locator("#outbox li").count(), 0);
      assert.deepEqual(problems, []);
      assert.ok(recorded.seen.some((line) => line.includes("GET /api/outbox")), recorded.seen.join("\n"));
      assert.deepEqual(recorded.seen.filter((line) => !/^[23]\d\d /.test(line)), []);
    } finally {
      await context.close();
      recorded.stop();
    }
  });

  test("a device clock that is off by more than 15 s gets a notice", async () => {
    // The shop's clock two minutes ahead (its --dev-clock route, on a server of this test's own):
    // this device's clock is then two minutes behind, in every engine alike.
    const shop = await startDemoServer(DEMO_ARGS);
    const context = await demo.browser.newContext({ viewport: { width: 360, height: 740 } });
    try {
      const moved = await fetch(`${shop.base}/api/dev/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"advanceMs":120000}',
      });
      assert.equal(moved.status, 200, await moved.text());
      const page = await context.newPage();
      await page.goto(`${shop.base}/`);
      const notice = page.getByRole("status").filter({ hasText: /This device's clock is \d+ s behind the shop's/ });
      await notice.waitFor();
      assert.match(await notice.textContent(), /clock is 1(19|20|21) s behind/);
      await page.screenshot({ path: shot("narrow-clock-skew"), fullPage: true });
    } finally {
      await context.close();
      shop.stop();
    }
  });
});
