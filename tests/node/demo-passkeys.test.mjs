// The demo page's passkeys end to end, as a person uses them: the real server (fresh SQLite
// file), the page from www/ with the installed package, in Chromium and Firefox with a virtual
// authenticator (WebKitGTK has no WebAuthn). A passkey added on the account screen signs in
// again: from the e-mail field's autofill where the browser answers it (Chromium's virtual
// authenticator does at once), from the challenge otherwise; removing it tells the browser's
// passkey manager (WebAuthn signals), and a removed passkey offered anyway is refused by name.
// Right after a password sign-in, a browser with conditional create is asked for a passkey
// without a prompt; one without it is not asked.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addVirtualAuthenticator, FEATURES, forEachEngine } from "./engines.mjs";
import { demoIn, signIn, signInWithSms, signUp, visitDemo } from "./demo_page.mjs";

const SIGNALS = ["signalUnknownCredential", "signalAllAcceptedCredentials", "signalCurrentUserDetails"];

forEachEngine(["chromium", "firefox", "webkit"], (engine) => {
  const skip = !FEATURES[engine].webauthn && "not applicable: WebKitGTK has no WebAuthn";
  // Chromium's virtual authenticator answers passkey autofill at once; Firefox's never does.
  const autofillAnswers = engine === "chromium";
  const demo = demoIn(engine, { skip });

  /** A new account with a passkey added on the account screen, signed in on a fresh browser. */
  async function withPasskey() {
    const visit = await visitDemo(demo.browser, demo.server.base);
    await addVirtualAuthenticator(visit.page);
    const email = await signUp(visit.page);
    await signInWithSms(visit.page, email);
    await visit.page.getByRole("button", { name: "Add a passkey" }).click();
    await visit.page.getByText("Passkey added").waitFor();
    return { ...visit, email };
  }

  /** Records the page's WebAuthn signals (the browser's own methods replaced, or supplied). */
  const spyOnSignals = (page) =>
    page.evaluate((methods) => {
      window.signalled = [];
      for (const method of methods) {
        PublicKeyCredential[method] = async (options) => void signalled.push([method, options]);
      }
    }, SIGNALS);

  test("a passkey added on the account screen signs in again", { skip }, async () => {
    const { page, context, email, failures } = await withPasskey();
    await page.getByText(/Passkey from .*; confirms payments/).waitFor();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    if (!autofillAnswers) {
      await signIn(page, email);
      await page.getByRole("radio", { name: "Passkey" }).check();
      await page.getByRole("button", { name: "Use a passkey" }).click();
    }
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await page.getByText(/sign in \(passkey\)/).waitFor();
    assert.deepEqual(failures, []);
    await context.close();
  });

  test("after a password sign-in the page asks for a passkey without a prompt where the browser can (conditional create), and nothing where not", { skip }, async () => {
    for (const conditionalCreate of [false, true]) {
      const { page, context, failures } = await visitDemo(demo.browser, demo.server.base);
      await addVirtualAuthenticator(page);
      // The browser as it reports itself, and its create spied: what the page asked for, then
      // a passkey made as a password manager would (the virtual authenticator has none).
      await page.evaluate((reported) => {
        const pkc = PublicKeyCredential;
        const native = pkc.getClientCapabilities?.bind(pkc);
        window.capabilitiesAsked = 0;
        pkc.getClientCapabilities = async () => {
          window.capabilitiesAsked++;
          return { ...(native ? await native() : {}), conditionalCreate: reported };
        };
        const create = navigator.credentials.create.bind(navigator.credentials);
        window.asked = [];
        navigator.credentials.create = (request) => {
          asked.push(request.mediation ?? "modal");
          const { mediation, ...modal } = request;
          return create(modal);
        };
      }, conditionalCreate);
      const email = await signUp(page);
      await signInWithSms(page, email);
      if (conditionalCreate) {
        await page.getByText("Your password manager saved a passkey").waitFor();
        await page.getByText(/Passkey from .*; confirms payments/).waitFor();
      } else {
        await page.waitForFunction(() => window.capabilitiesAsked > 0);
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
        assert.equal(await page.getByText(/Passkey from/).count(), 0);
      }
      assert.deepEqual(await page.evaluate(() => asked), conditionalCreate ? ["conditional"] : []);
      assert.deepEqual(failures, []);
      await context.close();
    }
  });

  test("removing a passkey tells the browser's passkey manager, and a removed one is refused by name", { skip }, async () => {
    const { page, context, failures } = await withPasskey();
    const { userId, rpId, passkeys } = await page.evaluate(() => fetch("/api/passkeys").then((r) => r.json()));
    await spyOnSignals(page);
    await page.getByRole("button", { name: /Remove passkey/ }).click();
    await page.getByText("The passkey was removed").waitFor();
    await page.waitForFunction(() => signalled.length > 0);
    assert.deepEqual(await page.evaluate(() => signalled), [
      ["signalAllAcceptedCredentials", { rpId, userId, allAcceptedCredentialIds: [] }],
    ]);
    if (autofillAnswers) {
      // Signed out, the authenticator still offers the removed passkey in the autofill: the
      // shop names it unknown, and the browser is told so.
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await page.getByText("That passkey was removed from your account").waitFor();
      await page.waitForFunction(() => signalled.length > 1);
      assert.deepEqual((await page.evaluate(() => signalled))[1], [
        "signalUnknownCredential",
        { rpId, credentialId: passkeys[0].credentialId },
      ]);
      assert.equal(await page.getByRole("heading", { name: "Sign in" }).isVisible(), true);
    }
    assert.deepEqual(failures, []);
    await context.close();
  });
});
