// The demo shop's checkout end to end, as a shopper uses it: the real server (fresh SQLite
// file), the page from www/ with the installed package, in Chromium, Firefox and WebKitGTK.
// A small payment goes through; a larger one is confirmed by a texted code that states it, by
// the transaction authenticator held in the page's panel, or by a passkey.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addVirtualAuthenticator, FEATURES, forEachEngine } from "./engines.mjs";
import { demoIn, screenshotPath, sendAndRead, sendAndReadMessage, signInWithSms, signUp, visitDemo } from "./demo_page.mjs";

forEachEngine(["chromium", "firefox", "webkit"], (engine) => {
  const demo = demoIn(engine);
  const shot = (name) => screenshotPath(engine, name);

  /** A new account, signed in on a fresh browser. */
  async function shopper() {
    const visit = await visitDemo(demo.browser, demo.server.base);
    const email = await signUp(visit.page);
    await signInWithSms(visit.page, email);
    return visit;
  }

  async function buy(page, product) {
    await page.getByRole("button", { name: `Add ${product} to the cart` }).click();
    await page.getByRole("button", { name: "Pay", exact: true }).click();
  }

  const orders = (page) => page.getByRole("list", { name: "Your orders" }).getByRole("listitem").allTextContents();

  test("a small payment goes through; a larger one is confirmed by the texted code that states it", async () => {
    const { page, context, failures } = await shopper();
    await buy(page, "Coffee beans, 250 g");
    await page.getByText("Paid: Pay 9.50 EUR to Demo Shop Ltd (a small payment needs no confirmation).").waitFor();

    await buy(page, "Espresso machine");
    await page.getByRole("heading", { name: "Confirm your payment" }).waitFor();
    await page.getByText("Pay 249.00 EUR to Demo Shop Ltd?").waitFor();
    await page.getByRole("radio", { name: "Text message to your phone" }).check();
    const message = await sendAndReadMessage(page, "Text me a code", "Text message to");
    assert.match(message, /Pay 249\.00 EUR to Demo Shop Ltd\? Your Demo Shop code: \d{6}\./);
    // The statement on the page and in the message, side by side.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot("checkout") });
    const code = message.match(/#(\d{6})/)[1];
    const wrong = code === "000000" ? "111111" : "000000";
    await page.getByRole("textbox", { name: "Confirmation code" }).fill(wrong);
    await page.getByText("That did not confirm the payment. 4 attempts left.").waitFor();
    // A reload mid-checkout: the order waits in the list, and the texted code still confirms it.
    await page.reload();
    await page.getByRole("button", { name: "Confirm 249.00 EUR to Demo Shop Ltd" }).click();
    await page.getByRole("heading", { name: "Confirm your payment" }).waitFor();
    assert.equal(await page.locator("#payment-statement").textContent(), "Pay 249.00 EUR to Demo Shop Ltd?");
    await page.getByRole("textbox", { name: "Confirmation code" }).fill(code);
    await page.getByText("Paid: Pay 249.00 EUR to Demo Shop Ltd.").waitFor();
    assert.equal(await page.getByRole("heading", { name: "Confirm your payment" }).isVisible(), false);
    await page.getByText("249.00 EUR to Demo Shop Ltd: paid by text message").waitFor();
    assert.deepEqual((await orders(page)).slice(0, 2), [
      "249.00 EUR to Demo Shop Ltd: paid by text message",
      "9.50 EUR to Demo Shop Ltd: paid without confirmation (low value)",
    ]);
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("the transaction authenticator: set up in this browser's panel, it answers the checkout's question, after a reload too", async () => {
    const { page, context, failures } = await shopper();
    const panel = page.getByRole("region", { name: "This browser as a transaction authenticator" });
    /** The panel's response to `question`, as the person reads it. */
    const answer = async (question) => {
      // The panel lists the vault's keys once the vault has opened (after a reload too).
      await panel.getByRole("textbox", { name: "Question for Demo Shop" }).waitFor();
      await page.evaluate(() => document.querySelector("#tan-keys output").replaceChildren());
      await panel.getByRole("textbox", { name: "Question for Demo Shop" }).fill(question);
      await panel.getByRole("button", { name: "Answer with Demo Shop" }).click();
      await page.waitForFunction(() => /^\d{8}$/.test(document.querySelector("#tan-keys output").textContent));
      return panel.locator("output").textContent();
    };
    // Setting it up texts an activation code to the account's phone.
    const texted = await sendAndRead(page, "Set up a transaction authenticator", "Text message to");
    await page.getByRole("button", { name: "Hold it in this browser" }).click();
    const enrolment = await page.locator("#tan-question").textContent();
    await page.getByRole("textbox", { name: "Its response" }).fill(await answer(enrolment));
    await page.getByRole("textbox", { name: "The code we texted you" }).fill(texted);
    await page.getByText("Your transaction authenticator is set up: payments can be confirmed with it.").waitFor();

    // The panel keeps it in the vault: a reload still has it.
    await page.reload();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await buy(page, "Espresso machine");
    await page.getByRole("radio", { name: "Transaction authenticator" }).check();
    const question = await page.locator("#payment-question").textContent();
    assert.match(question, /^\d{8}$/);
    assert.notEqual(question, enrolment);
    // The response to another question (another payment's) does not confirm this one.
    await page.getByRole("textbox", { name: "Confirmation code" }).fill(await answer(enrolment));
    await page.getByText("That did not confirm the payment. 4 attempts left.").waitFor();
    await page.getByRole("textbox", { name: "Confirmation code" }).fill(await answer(question));
    await page.getByText("Paid: Pay 249.00 EUR to Demo Shop Ltd.").waitFor();
    await page.getByText("249.00 EUR to Demo Shop Ltd: paid by transaction authenticator").waitFor();
    assert.equal((await orders(page))[0], "249.00 EUR to Demo Shop Ltd: paid by transaction authenticator");
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("a passkey confirms a payment whose challenge the page checked", {
    skip: !FEATURES[engine].webauthn && "not applicable: WebKitGTK has no WebAuthn",
  }, async () => {
    const { page, context, failures } = await shopper();
    await addVirtualAuthenticator(page);
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByText("Passkey added").waitFor();
    await buy(page, "Espresso machine");
    await page.getByRole("radio", { name: "Passkey" }).check();
    await page.getByRole("button", { name: "Confirm with a passkey" }).click();
    await page.getByText("Paid: Pay 249.00 EUR to Demo Shop Ltd.").waitFor();
    await page.getByText("249.00 EUR to Demo Shop Ltd: paid by passkey").waitFor();
    assert.equal((await orders(page))[0], "249.00 EUR to Demo Shop Ltd: paid by passkey");
    assert.deepEqual(failures, []);
    await context.close();
  });
});
