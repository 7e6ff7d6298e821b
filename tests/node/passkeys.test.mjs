// End to end: the demo server (the real binary, a fresh SQLite file) and the installed package
// with a virtual authenticator, in Chromium (DevTools protocol) and Firefox (WebDriver's WebAuthn
// extension). Sign in with password and SMS code, register a passkey, sign out, sign in with the
// passkey alone; remove it, and it no longer signs in. WebKitGTK has no WebAuthn: there the
// password and SMS code still sign in, a passkey registration is `unsupported` and adds nothing,
// and the passkey ceremony is not applicable.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ENGINES, FEATURES, addVirtualAuthenticator, forEachEngine, launch } from "./engines.mjs";
import { openPage, startDemoServer, writePackagePage } from "./support.mjs";

before(() => {
  writePackagePage(
    "passkeys",
    `
      window.api = async (path, body, method) => {
        const response = await fetch(path, {
          method: method ?? (body === undefined ? "GET" : "POST"),
          headers: body === undefined ? {} : { "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: await response.json() };
      };
      // Password, then the SMS code read from the demo's outbox: signed in.
      window.signInWithSms = async (email) => {
        const challenge = (await api("/api/sign-in", { email, password: "correct horse battery staple" })).body;
        await api(\`/api/challenges/\${challenge.challengeId}/send\`, { method: "sms" });
        const outbox = (await api("/api/outbox")).body.messages;
        const code = otp.parseSmsMessage(outbox[0].body).code;
        const verified = (await api(\`/api/challenges/\${challenge.challengeId}/verify\`, { code })).body.status;
        return { methods: challenge.methods, verified };
      };
    `,
  );
});

forEachEngine(ENGINES, (engine) => {
  const webauthn = FEATURES[engine].webauthn;
  let server;
  let base;
  let browser;

  // A demo server of each engine's own (a fresh SQLite file: Jane has no passkey yet).
  before(async () => {
    server = await startDemoServer(["--www", process.cwd(), "--dev-clock"]);
    base = server.base;
    browser = await launch(engine);
  });

  after(async () => {
    await browser?.close();
    server?.stop();
  });

  test(
    "password + SMS code, then a passkey; the passkey alone signs in again",
    webauthn ? {} : { skip: "not applicable: WebKitGTK has no WebAuthn" },
    async () => {
      const page = await openPage(browser, `${base}/passkeys.html`);
      await addVirtualAuthenticator(page);
      const result = await page.evaluate(async () => {
        const steps = {};
        const signedIn = await signInWithSms("jane@example.com");
        steps.methodsBefore = signedIn.methods;
        steps.verified = signedIn.verified;

        const registration = (await api("/api/passkeys/register/options", {})).body;
        const credential = await otp.createCredential(registration.options);
        const registered = await api("/api/passkeys/register", { ceremonyId: registration.ceremonyId, credential });
        steps.registered = [registered.status, registered.body.status ?? registered.body.error];

        await api("/api/sign-out", {});
        steps.afterSignOut = (await api("/api/me")).status;

        const request = (await api("/api/passkeys/sign-in/options", {})).body;
        const assertion = await otp.getCredential(request.options);
        const passkeySignIn = await api("/api/passkeys/sign-in", { ceremonyId: request.ceremonyId, credential: assertion });
        steps.passkeySignIn = [passkeySignIn.status, passkeySignIn.body.status ?? passkeySignIn.body.error];
        steps.me = (await api("/api/me")).body.email;
        // The same answer again: the ceremony is spent.
        steps.replayed = (await api("/api/passkeys/sign-in", { ceremonyId: request.ceremonyId, credential: assertion })).status;
        steps.methodsAfter = (await api("/api/sign-in", { email: "jane@example.com", password: "correct horse battery staple" })).body.methods;
        steps.events = (await api("/api/events")).body.events.map((e) => `${e.kind}:${e.detail}`).slice(0, 3);

        // Removed (the passkey sign-in just now is a recent authentication), it signs in no
        // more, though the authenticator still holds it.
        const passkeys = (await api("/api/passkeys")).body.passkeys;
        steps.listed = passkeys.map((p) => typeof p.lastUsedMs);
        steps.removed = (await api(`/api/passkeys/${passkeys[0].id}`, undefined, "DELETE")).status;
        await api("/api/sign-out", {});
        const again = (await api("/api/passkeys/sign-in/options", {})).body;
        const stale = await otp.getCredential(again.options);
        const refused = await api("/api/passkeys/sign-in", { ceremonyId: again.ceremonyId, credential: stale });
        steps.afterRemoval = [refused.status, refused.body.error];
        steps.meAfterRemoval = (await api("/api/me")).status;
        return steps;
      });
      assert.deepEqual(result.methodsBefore, ["sms", "email"]);
      assert.equal(result.verified, "signed_in");
      assert.deepEqual(result.registered, [200, "registered"]);
      assert.equal(result.afterSignOut, 401);
      assert.deepEqual(result.passkeySignIn, [200, "signed_in"]);
      assert.equal(result.me, "jane@example.com");
      assert.equal(result.replayed, 410);
      assert.deepEqual(result.methodsAfter, ["sms", "email", "passkey"]);
      // The password sign-in that listed the methods was challenged (a browser not remembered).
      assert.deepEqual(result.events, [
        "sign_in_challenged:we asked because this device is not one you chose to remember",
        "sign_in:passkey",
        "method_added:passkey",
      ]);
      assert.deepEqual(result.listed, ["number"]);
      assert.equal(result.removed, 200);
      assert.deepEqual(result.afterRemoval, [400, "unknown_credential"]);
      assert.equal(result.meAfterRemoval, 401);
      await page.close();
    },
  );

  test(
    "a passkey's assertion confirms the payment it signed and no other",
    webauthn ? {} : { skip: "not applicable: WebKitGTK has no WebAuthn" },
    async () => {
      const page = await openPage(browser, `${base}/passkeys.html`);
      await addVirtualAuthenticator(page);
      const result = await page.evaluate(async () => {
        await signInWithSms("jane@example.com");
        const registration = (await api("/api/passkeys/register/options", {})).body;
        await api("/api/passkeys/register", { ceremonyId: registration.ceremonyId, credential: await otp.createCredential(registration.options) });
        const payee = "Demo Shop Ltd";
        const place = async (amount) => (await api("/api/orders", { amount, currency: "EUR", payee })).body.orderId;
        const options = async (id) => (await api(`/api/orders/${id}/passkey-options`, {})).body;
        const confirm = async (id, ceremonyId, credential) => {
          const answer = await api(`/api/orders/${id}/confirm`, { method: "passkey", ceremonyId, credential });
          return [answer.status, answer.body.status ?? answer.body.error];
        };
        const [first, second] = [await place("42.00"), await place("42.00")];
        const [firstOptions, secondOptions] = [await options(first), await options(second)];
        // What the page can check before it asks for the passkey: the challenge is this payment's.
        const expected = otp.base64urlEncode(otp.transactionChallenge({ amount: "42.00", currency: "EUR", payee }, otp.base64urlDecode(firstOptions.nonce)));
        const firstAssertion = await otp.getCredential(firstOptions.options);
        const secondAssertion = await otp.getCredential(secondOptions.options);
        return {
          challengeChecked: expected === firstOptions.options.challenge,
          equalPaymentsShareNoChallenge: firstOptions.options.challenge !== secondOptions.options.challenge,
          // The first order's assertion under the second's ceremony: its challenge is not the
          // second payment's. Then the first's ceremony sent to the second order. Both are
          // refused and counted against the second order.
          moved: await confirm(second, secondOptions.ceremonyId, firstAssertion),
          movedCeremony: await confirm(second, firstOptions.ceremonyId, firstAssertion),
          // Each ceremony is answered once: the second's own assertion needs a new one.
          spent: await confirm(second, secondOptions.ceremonyId, secondAssertion),
          second: await (async () => {
            const fresh = await options(second);
            return confirm(second, fresh.ceremonyId, await otp.getCredential(fresh.options));
          })(),
          first: await (async () => {
            const fresh = await options(first);
            return confirm(first, fresh.ceremonyId, await otp.getCredential(fresh.options));
          })(),
          events: (await api("/api/events")).body.events.map((e) => e.kind).slice(0, 4),
        };
      });
      assert.deepEqual(result, {
        challengeChecked: true,
        equalPaymentsShareNoChallenge: true,
        moved: [400, "wrong_code"],
        movedCeremony: [400, "wrong_code"],
        spent: [410, "ceremony_expired"],
        second: [200, "paid"],
        first: [200, "paid"],
        events: ["payment", "payment", "payment_refused", "payment_refused"],
      });
      await page.close();
    },
  );

  test(
    "a passkey added on the password alone, long after the sign-in's code, signs in but confirms no payment",
    webauthn ? {} : { skip: "not applicable: WebKitGTK has no WebAuthn" },
    async () => {
      const page = await openPage(browser, `${base}/passkeys.html`);
      await addVirtualAuthenticator(page);
      const result = await page.evaluate(async () => {
        // An account of its own (Jane has a passkey for payments from the test before).
        const account = { email: "kim@example.com", phone: "+1 555 010 2001", password: "correct horse battery staple" };
        await api("/api/sign-up", account);
        await signInWithSms(account.email);
        // Ten minutes on, the password again: what someone with the session and the password has.
        await api("/api/dev/clock", { advanceMs: 10 * 60_000 });
        await api("/api/reauth", { password: "correct horse battery staple" });
        const registration = (await api("/api/passkeys/register/options", {})).body;
        const credential = await otp.createCredential(registration.options);
        const registered = (await api("/api/passkeys/register", { ceremonyId: registration.ceremonyId, credential })).body;
        const order = (await api("/api/orders", { amount: "42.00", currency: "EUR", payee: "Demo Shop Ltd" })).body;
        const options = await api(`/api/orders/${order.orderId}/passkey-options`, {});
        const listed = (await api("/api/passkeys")).body.passkeys.map((p) => p.forPayments);
        // It still signs in.
        await api("/api/sign-out", {});
        const request = (await api("/api/passkeys/sign-in/options", {})).body;
        const signIn = await api("/api/passkeys/sign-in", { ceremonyId: request.ceremonyId, credential: await otp.getCredential(request.options) });
        return {
          registered,
          methods: order.methods,
          options: [options.status, options.body.error],
          listed,
          signIn: signIn.body.status,
        };
      });
      assert.deepEqual(result, {
        registered: { status: "registered", forPayments: false },
        methods: ["sms", "email"],
        options: [400, "bad_request"],
        listed: [false],
        signIn: "signed_in",
      });
      await page.close();
    },
  );

  if (!webauthn) {
    test("without WebAuthn: password + SMS code sign in, and a passkey registration is unsupported and adds nothing", async () => {
      const page = await openPage(browser, `${base}/passkeys.html`);
      const result = await page.evaluate(async () => {
        const code = (promise) => promise.then(() => "resolved", (e) => `${e.name}:${e.code}`);
        const signedIn = await signInWithSms("jane@example.com");
        const registration = (await api("/api/passkeys/register/options", {})).body;
        return {
          signedIn,
          me: (await api("/api/me")).body.email,
          webauthn: (await otp.capabilities()).webauthn,
          register: await code(otp.createCredential(registration.options)),
          passkeys: (await api("/api/passkeys")).body.passkeys.length,
          methodsAfter: (await api("/api/sign-in", { email: "jane@example.com", password: "correct horse battery staple" })).body.methods,
        };
      });
      assert.deepEqual(result, {
        signedIn: { methods: ["sms", "email"], verified: "signed_in" },
        me: "jane@example.com",
        webauthn: false,
        register: "OtpError:unsupported",
        passkeys: 0,
        methodsAfter: ["sms", "email"],
      });
      await page.close();
    });
  }
});
