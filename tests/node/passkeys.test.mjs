// End to end: the demo server (the real binary, a fresh SQLite file) and the installed package
// in headless Chromium with a CDP virtual authenticator. Sign in with password and SMS code,
// register a passkey, sign out, sign in with the passkey alone; remove it, and it no longer
// signs in.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { addVirtualAuthenticator, launchChromium, openPage, startDemoServer, writePackagePage } from "./support.mjs";

let server;
let base;
let browser;

before(async () => {
  writePackagePage("passkeys");
  server = await startDemoServer(["--www", process.cwd()]);
  base = server.base;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test("password + SMS code, then a passkey; the passkey alone signs in again", async () => {
  const page = await openPage(browser, `${base}/passkeys.html`);
  await addVirtualAuthenticator(page);
  const result = await page.evaluate(async () => {
    const api = async (path, body, method) => {
      const response = await fetch(path, {
        method: method ?? (body === undefined ? "GET" : "POST"),
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    const steps = {};
    const challenge = (await api("/api/sign-in", { email: "jane@example.com", password: "correct horse battery staple" })).body;
    steps.methodsBefore = challenge.methods;
    await api(`/api/challenges/${challenge.challengeId}/send`, { method: "sms" });
    const sms = (await api("/api/outbox")).body.messages[0].body;
    const code = otp.parseSmsMessage(sms).code;
    steps.verified = (await api(`/api/challenges/${challenge.challengeId}/verify`, { code })).body.status;

    const registration = (await api("/api/passkeys/register/options", {})).body;
    const credential = await otp.createCredential(registration.options);
    const registered = await api("/api/passkeys/register", { ceremonyId: registration.ceremonyId, credential });
    steps.registered = [registered.status, registered.body.status ?? registered.body.error];

    await api("/api/sign-out", {});
    steps.afterSignOut = (await api("/api/me")).status;

    const request = (await api("/api/passkeys/sign-in/options", {})).body;
    const assertion = await otp.getCredential(request.options);
    const signedIn = await api("/api/passkeys/sign-in", { ceremonyId: request.ceremonyId, credential: assertion });
    steps.passkeySignIn = [signedIn.status, signedIn.body.status ?? signedIn.body.error];
    steps.me = (await api("/api/me")).body.email;
    // The same answer again: the ceremony is spent.
    steps.replayed = (await api("/api/passkeys/sign-in", { ceremonyId: request.ceremonyId, credential: assertion })).status;
    steps.methodsAfter = (await api("/api/sign-in", { email: "jane@example.com", password: "correct horse battery staple" })).body.methods;
    steps.events = (await api("/api/events")).body.events.map((e) => `${e.kind}:${e.detail}`).slice(0, 3);

    // Removed (the passkey sign-in just now is a recent authentication), it signs in no more,
    // though the authenticator still holds it.
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
  assert.deepEqual(result.events.slice(0, 2), ["sign_in:passkey", "method_added:passkey"]);
  assert.deepEqual(result.listed, ["number"]);
  assert.equal(result.removed, 200);
  assert.deepEqual(result.afterRemoval, [400, "bad_request"]);
  assert.equal(result.meAfterRemoval, 401);
});
