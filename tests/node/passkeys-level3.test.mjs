// WebAuthn Level 3 as browsers ship it, from the installed package: capabilities()
// (getClientCapabilities merged with detection), the signals, and passkey autofill that can be
// ended. Chromium's virtual authenticator (DevTools protocol) and Firefox's (WebDriver's
// WebAuthn extension); WebKitGTK, which has no WebAuthn, for what the package answers there.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ENGINES, FEATURES, addVirtualAuthenticator, forEachEngine } from "./engines.mjs";
import { openPage } from "./support.mjs";
import { servedWebAuthnPage, webauthnPageIn } from "./webauthn_page.mjs";

const CAPABILITY_KEYS = [
  "clientCapabilities", "conditionalCreate", "conditionalGet", "conditionalMediation", "hybridTransport", "jsonMethods",
  "passkeyPlatformAuthenticator", "platformAuthenticator", "prf", "relatedOrigins", "secureContext", "signals",
  "userVerifyingPlatformAuthenticator", "webOtp", "webauthn",
];
/** capabilities()'s keys that are getClientCapabilities' (WebAuthn L3 §5.1.7), and its name for each. */
const CLIENT_KEYS = {
  conditionalGet: "conditionalGet",
  conditionalCreate: "conditionalCreate",
  hybridTransport: "hybridTransport",
  passkeyPlatformAuthenticator: "passkeyPlatformAuthenticator",
  userVerifyingPlatformAuthenticator: "userVerifyingPlatformAuthenticator",
  relatedOrigins: "relatedOrigins",
  prf: "extension:prf",
};

const served = servedWebAuthnPage();

forEachEngine(ENGINES, (engine) => {
  const webauthn = FEATURES[engine].webauthn;
  // A ceremony needs WebAuthn: in WebKitGTK it is registered, by name, as not applicable.
  const ceremony = webauthn ? {} : { skip: "not applicable: WebKitGTK has no WebAuthn" };
  const shared = webauthnPageIn(engine, served);

  test("capabilities: the same keys in every engine, booleans, getClientCapabilities merged with detection", async () => {
    const { caps, native, detected } = await shared.page.evaluate(async () => {
      const pkc = globalThis.PublicKeyCredential;
      const ask = async (method) => (typeof pkc?.[method] === "function" ? (await pkc[method]()) === true : false);
      return {
        caps: await otp.capabilities(),
        native: typeof pkc?.getClientCapabilities === "function" ? await pkc.getClientCapabilities() : null,
        detected: {
          platformAuthenticator: await ask("isUserVerifyingPlatformAuthenticatorAvailable"),
          conditionalMediation: await ask("isConditionalMediationAvailable"),
          signals: ["signalUnknownCredential", "signalAllAcceptedCredentials", "signalCurrentUserDetails"].every(
            (m) => typeof pkc?.[m] === "function"),
        },
      };
    });
    assert.deepEqual(Object.keys(caps).sort(), CAPABILITY_KEYS);
    for (const key of CAPABILITY_KEYS) assert.equal(typeof caps[key], "boolean", key);
    assert.equal(caps.clientCapabilities, native !== null);
    assert.equal(caps.platformAuthenticator, detected.platformAuthenticator);
    assert.equal(caps.conditionalMediation, detected.conditionalMediation);
    assert.equal(caps.signals, detected.signals && ["signalUnknownCredential", "signalAllAcceptedCredentials", "signalCurrentUserDetails"]
      .every((m) => native?.[m] !== false));
    // Each client capability is the browser's answer where it gives one, else detection or false.
    const fallback = { conditionalGet: detected.conditionalMediation, userVerifyingPlatformAuthenticator: detected.platformAuthenticator };
    for (const [key, reported] of Object.entries(CLIENT_KEYS)) {
      const expected = typeof native?.[reported] === "boolean" ? native[reported] : (fallback[key] ?? false);
      assert.equal(caps[key], expected, key);
    }
    if (engine === "chromium") {
      // A recent Chromium: getClientCapabilities, the signals, autofill and PRF.
      assert.equal(caps.clientCapabilities, true);
      assert.deepEqual([caps.signals, caps.conditionalGet, caps.prf], [true, true, true]);
    }
    if (!webauthn) {
      assert.deepEqual(Object.entries(caps).filter(([, v]) => v).map(([k]) => k), ["secureContext"]);
    }
  });

  test("capabilities fall back to detection where getClientCapabilities is missing, throws or answers in part", ceremony, async () => {
    const result = await shared.page.evaluate(async () => {
      const pkc = PublicKeyCredential;
      const saved = Object.getOwnPropertyDescriptor(pkc, "getClientCapabilities");
      const pick = (c) => [c.clientCapabilities, c.conditionalGet === c.conditionalMediation, c.conditionalCreate, c.prf,
        c.hybridTransport, c.relatedOrigins, c.userVerifyingPlatformAuthenticator === c.platformAuthenticator];
      try {
        delete pkc.getClientCapabilities;
        const missing = pick(await otp.capabilities());
        pkc.getClientCapabilities = () => { throw new TypeError("broken"); };
        const throwing = pick(await otp.capabilities());
        pkc.getClientCapabilities = async () => { throw new DOMException("no", "NotAllowedError"); };
        const rejecting = pick(await otp.capabilities());
        // In part, with a value that is not a boolean (ignored) and signalUnknownCredential off.
        pkc.getClientCapabilities = async () => ({ conditionalGet: false, "extension:prf": true, hybridTransport: true,
          relatedOrigins: "yes", signalUnknownCredential: false });
        const partial = await otp.capabilities();
        return {
          missing, throwing, rejecting,
          partial: [partial.clientCapabilities, partial.conditionalGet, partial.prf, partial.hybridTransport,
            partial.relatedOrigins, partial.signals, partial.passkeyPlatformAuthenticator],
        };
      } finally {
        if (saved) Object.defineProperty(pkc, "getClientCapabilities", saved);
        else delete pkc.getClientCapabilities;
      }
    });
    const fallback = [false, true, false, false, false, false, true];
    assert.deepEqual(result, {
      missing: fallback,
      throwing: fallback,
      rejecting: fallback,
      partial: [true, false, true, true, false, false, false],
    });
  });

  test("createCredential with mediation \"conditional\": asked of the browser where it reports conditional create, unsupported where not", ceremony, async () => {
    const result = await shared.page.evaluate(async () => {
      const pkc = PublicKeyCredential;
      const container = navigator.credentials;
      const saved = Object.getOwnPropertyDescriptor(pkc, "getClientCapabilities");
      const asked = [];
      // The browser's create, spied: what the page asked for, then a passkey made as the
      // password manager would make it (the virtual authenticator has no password manager).
      const create = container.create.bind(container);
      container.create = (request) => {
        asked.push(request.mediation ?? "modal");
        const { mediation, ...modal } = request;
        return create(modal);
      };
      const codeOf = (promise) => promise.then((json) => json.type, (error) => error.code);
      try {
        pkc.getClientCapabilities = async () => ({ conditionalCreate: true });
        const reported = await codeOf(otp.createCredential(creation({ user: { id: "ICEi", name: "cat", displayName: "Cat" } }),
          { mediation: "conditional" }));
        pkc.getClientCapabilities = async () => ({ conditionalCreate: false });
        const missing = await codeOf(otp.createCredential(creation(), { mediation: "conditional" }));
        const wrong = await codeOf(otp.createCredential(creation(), { mediation: "silent" }));
        return { reported, missing, wrong, asked };
      } finally {
        delete container.create;
        if (saved) Object.defineProperty(pkc, "getClientCapabilities", saved);
        else delete pkc.getClientCapabilities;
      }
    });
    assert.deepEqual(result, { reported: "public-key", missing: "unsupported", wrong: "invalid_argument", asked: ["conditional"] });
  });

  test("signals pass their arguments to the browser and resolve { signalled: true }; absent, { signalled: false }", async () => {
    const result = await shared.page.evaluate(async () => {
      const methods = ["signalUnknownCredential", "signalAllAcceptedCredentials", "signalCurrentUserDetails"];
      // WebKitGTK has no PublicKeyCredential: a stand-in carries the recorders there.
      const hadPkc = "PublicKeyCredential" in globalThis;
      if (!hadPkc) globalThis.PublicKeyCredential = class PublicKeyCredential {};
      const pkc = PublicKeyCredential;
      const saved = Object.fromEntries(methods.map((m) => [m, Object.getOwnPropertyDescriptor(pkc, m)]));
      const calls = [];
      const restore = () => {
        for (const m of methods) {
          if (saved[m]) Object.defineProperty(pkc, m, saved[m]);
          else delete pkc[m];
        }
      };
      try {
        for (const m of methods) pkc[m] = async function (options) { calls.push([m, this === pkc, options]); };
        const signalled = [
          await outcome(otp.signalUnknownCredential({ rpId: "localhost", credentialId: "AQID", extra: 1 })),
          // base64 and padding, as base64urlDecode takes them, reach the browser as base64url.
          await outcome(otp.signalUnknownCredential({ rpId: "localhost", credentialId: "AQ+D/w==" })),
          await outcome(otp.signalAllAcceptedCredentials({ rpId: "localhost", userId: "BQYH", allAcceptedCredentialIds: ["AQID", "CQoL"] })),
          await outcome(otp.signalAllAcceptedCredentials({ rpId: "localhost", userId: "BQYH", allAcceptedCredentialIds: [] })),
          await outcome(otp.signalCurrentUserDetails({ rpId: "localhost", userId: "BQYH", name: "jane@example.com", displayName: "" })),
        ];
        // Bad arguments never reach the browser.
        const bad = [
          await outcome(otp.signalUnknownCredential({ rpId: "localhost", credentialId: "AQ!D" })),
          await outcome(otp.signalUnknownCredential({ rpId: "localhost", credentialId: "" })),
          await outcome(otp.signalUnknownCredential({ credentialId: "AQID" })),
          await outcome(otp.signalUnknownCredential("AQID")),
          await outcome(otp.signalAllAcceptedCredentials({ rpId: "localhost", userId: "BQYH", allAcceptedCredentialIds: "AQID" })),
          await outcome(otp.signalAllAcceptedCredentials({ rpId: "localhost", userId: "BQYH", allAcceptedCredentialIds: ["AQID", "%%"] })),
          await outcome(otp.signalAllAcceptedCredentials({ rpId: "localhost", allAcceptedCredentialIds: [] })),
          await outcome(otp.signalCurrentUserDetails({ rpId: "localhost", userId: "BQYH", name: "jane" })),
          await outcome(otp.signalCurrentUserDetails({ get rpId() { throw new Error("getter"); } })),
        ];
        const callsAfterBad = calls.length;
        // The browser's refusal, mapped as getCredential's is.
        pkc.signalUnknownCredential = async () => { throw new DOMException("wrong rp", "SecurityError"); };
        pkc.signalCurrentUserDetails = async () => { throw new TypeError("refused"); };
        const refused = [
          await outcome(otp.signalUnknownCredential({ rpId: "example.com", credentialId: "AQID" })),
          await outcome(otp.signalCurrentUserDetails({ rpId: "localhost", userId: "BQYH", name: "n", displayName: "d" })),
        ];
        for (const m of methods) delete pkc[m];
        const absent = [
          await outcome(otp.signalUnknownCredential({ rpId: "localhost", credentialId: "AQID" })),
          await outcome(otp.signalAllAcceptedCredentials({ rpId: "localhost", userId: "BQYH", allAcceptedCredentialIds: ["AQID"] })),
          await outcome(otp.signalCurrentUserDetails({ rpId: "localhost", userId: "BQYH", name: "n", displayName: "d" })),
          // Still checked where there is nothing to call.
          await outcome(otp.signalUnknownCredential({ rpId: "localhost", credentialId: "!" })),
        ];
        return { signalled, calls, bad, callsAfterBad, refused, absent };
      } finally {
        restore();
        if (!hadPkc) delete globalThis.PublicKeyCredential;
      }
    });
    const yes = JSON.stringify({ signalled: true });
    const no = JSON.stringify({ signalled: false });
    assert.deepEqual(result.signalled, [yes, yes, yes, yes, yes]);
    assert.deepEqual(result.calls, [
      ["signalUnknownCredential", true, { rpId: "localhost", credentialId: "AQID" }],
      ["signalUnknownCredential", true, { rpId: "localhost", credentialId: "AQ-D_w" }],
      ["signalAllAcceptedCredentials", true, { rpId: "localhost", userId: "BQYH", allAcceptedCredentialIds: ["AQID", "CQoL"] }],
      ["signalAllAcceptedCredentials", true, { rpId: "localhost", userId: "BQYH", allAcceptedCredentialIds: [] }],
      ["signalCurrentUserDetails", true, { rpId: "localhost", userId: "BQYH", name: "jane@example.com", displayName: "" }],
    ]);
    assert.deepEqual(result.bad, [
      "OtpError:invalid_base64url",
      "OtpError:invalid_argument",
      "OtpError:invalid_argument",
      "OtpError:invalid_argument",
      "OtpError:invalid_argument",
      "OtpError:invalid_base64url",
      "OtpError:invalid_argument",
      "OtpError:invalid_argument",
      "OtpError:invalid_argument",
    ]);
    assert.equal(result.callsAfterBad, 5);
    assert.deepEqual(result.refused, ["OtpError:security", "OtpError:not_allowed"]);
    assert.deepEqual(result.absent, [no, no, no, "OtpError:invalid_base64url"]);
  });

  test("signals reach the browser's own methods where it has them", ceremony, async (t) => {
    const result = await shared.page.evaluate(async () => {
      if (typeof PublicKeyCredential.signalUnknownCredential !== "function") return null;
      return {
        unknown: await outcome(otp.signalUnknownCredential({ rpId: "localhost", credentialId: "AQIDBAUGBwg" })),
        accepted: await outcome(otp.signalAllAcceptedCredentials({ rpId: "localhost", userId: "AQIDBA", allAcceptedCredentialIds: [] })),
        details: await outcome(otp.signalCurrentUserDetails({ rpId: "localhost", userId: "AQIDBA", name: "jane@example.com", displayName: "Jane" })),
        wrongRp: await outcome(otp.signalUnknownCredential({ rpId: "example.com", credentialId: "AQIDBAUGBwg" })),
      };
    });
    if (result === null) return t.skip(`not applicable: ${engine} has no Signal API`);
    const yes = JSON.stringify({ signalled: true });
    assert.deepEqual(result, { unknown: yes, accepted: yes, details: yes, wrongRp: "OtpError:security" });
  });

  test("startAutofill: unsupported where there is no conditional mediation, and abort() before it knows is null", async () => {
    const result = await shared.page.evaluate(async () => {
      const hadPkc = "PublicKeyCredential" in globalThis;
      const saved = hadPkc && Object.getOwnPropertyDescriptor(PublicKeyCredential, "isConditionalMediationAvailable");
      try {
        if (hadPkc) PublicKeyCredential.isConditionalMediationAvailable = async () => false;
        const request = { challenge: "AAAA", rpId: "localhost" };
        const unsupported = await outcome(otp.startAutofill(request).result);
        const aborted = otp.startAutofill(request);
        aborted.abort();
        const badOptions = (() => {
          try {
            otp.startAutofill({ challenge: 7 });
            return "started";
          } catch (e) {
            return `${e.name}:${e.code}`;
          }
        })();
        return { unsupported, aborted: await outcome(aborted.result), badOptions };
      } finally {
        if (saved) Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", saved);
        else if (hadPkc) delete PublicKeyCredential.isConditionalMediationAvailable;
      }
    });
    assert.deepEqual(result, { unsupported: "OtpError:unsupported", aborted: "null", badOptions: "OtpError:invalid_argument" });
    await shared.page.waitForTimeout(100);
    assert.deepEqual(await shared.page.evaluate(() => unhandled), []);
  });

  // Passkey autofill in a page of its own, with a virtual authenticator of its own that can
  // hold a request unanswered, as the browser does until the person picks a passkey from the
  // field: Firefox's never answers a conditional request; Chromium's answers at once unless
  // its presence simulation is off (switched through a DevTools session of the test's own).
  let autofill;
  const autofillPage = async (t) => {
    if (!autofill) {
      const page = await openPage(await shared.browser.newContext(), `${served.origin()}/webauthn.html`);
      let presence = async () => {};
      if (engine === "chromium") {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("WebAuthn.enable");
        const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
          options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
        });
        presence = (enabled) => cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled });
      } else {
        await addVirtualAuthenticator(page);
      }
      autofill = { page, presence };
    }
    if (await autofill.page.evaluate(() => PublicKeyCredential.isConditionalMediationAvailable?.())) return autofill;
    t.skip(`not applicable: ${engine} here has no conditional mediation`);
    return null;
  };

  test("startAutofill: a modal getCredential or createCredential, abort() and the next autofill end it", ceremony, async (t) => {
    const { page, presence } = (await autofillPage(t)) ?? {};
    if (!page) return;
    const step = (body) => page.evaluate(body);
    await step(async () => {
      window.notDiscoverable = { residentKey: "discouraged", userVerification: "required" };
      window.registration = await otp.createCredential(creation({ authenticatorSelection: notDiscoverable }));
      window.request = (allowed) => ({
        challenge: otp.base64urlEncode(crypto.getRandomValues(new Uint8Array(32))),
        rpId: "localhost",
        ...(allowed ? { allowCredentials: [{ type: "public-key", id: allowed }] } : {}),
      });
      // How a promise stands after `ms`: its outcome, or "pending" (a broken ending must fail
      // the test, not hang it).
      window.pause = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
      window.state = (promise, ms = 300) => Promise.race([outcome(promise), pause(ms).then(() => "pending")]);
      window.settled = (promise) => state(promise, 5000);
      field.focus();
    });
    const result = {};

    // A modal sign-in while the autofill holds the authenticator.
    await presence(false);
    result.firstPending = await step(() => {
      window.first = otp.startAutofill(request());
      return state(first.result);
    });
    await presence(true);
    result.modal = await step(() => settled(otp.getCredential(request(registration.id))));
    result.afterModal = await step(() => settled(first.result));

    // abort(), and abort() again (nothing happens).
    await presence(false);
    Object.assign(result, await step(async () => {
      const second = otp.startAutofill(request());
      const secondPending = await state(second.result);
      second.abort();
      const afterAbort = await settled(second.result);
      second.abort();
      return { secondPending, afterAbort };
    }));

    // The next autofill ends this one; a registration ends that one.
    Object.assign(result, await step(async () => {
      const third = otp.startAutofill(request());
      const thirdPending = await state(third.result);
      window.fourth = otp.startAutofill(request());
      return { thirdPending, afterNext: await settled(third.result), fourthPending: await state(fourth.result) };
    }));
    await presence(true);
    result.created = await step(() =>
      settled(otp.createCredential(creation({ user: { id: "EBES", name: "max", displayName: "Max" }, authenticatorSelection: notDiscoverable }))));
    result.afterCreate = await step(() => settled(fourth.result));
    result.unhandled = await step(async () => {
      await pause();
      return unhandled;
    });
    assert.deepEqual(result, {
      firstPending: "pending",
      modal: "credential",
      afterModal: "null",
      secondPending: "pending",
      afterAbort: "null",
      thirdPending: "pending",
      afterNext: "null",
      fourthPending: "pending",
      created: "credential",
      afterCreate: "null",
      unhandled: [],
    });
  });

  test("startAutofill resolves with the passkey the person picks", ceremony, async (t) => {
    const { page } = (await autofillPage(t)) ?? {};
    if (!page) return;
    const result = await page.evaluate(async () => {
      const registration = await otp.createCredential(creation({ user: { id: "DA0ODw", name: "lee", displayName: "Lee" } }));
      field.focus();
      const challenge = otp.base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
      const { result } = otp.startAutofill({ challenge, rpId: "localhost" });
      const signedIn = await Promise.race([result, new Promise((resolve) => setTimeout(() => resolve("pending"), 3000))]);
      if (signedIn === "pending") return "pending";
      const clientData = otp.parseClientDataJSON(signedIn.response.clientDataJSON);
      return {
        id: signedIn.id === registration.id,
        type: clientData.type,
        challenge: clientData.challenge === challenge,
        userHandle: signedIn.response.userHandle,
      };
    });
    // Chromium's virtual authenticator picks the one discoverable passkey as a person would
    // from the field's list; Firefox's leaves an autofill unanswered.
    if (result === "pending") return t.skip(`not applicable: ${engine}'s virtual authenticator does not answer autofill`);
    assert.deepEqual(result, { id: true, type: "webauthn.get", challenge: true, userHandle: "DA0ODw" });
  });
});
