// The WebAuthn helpers from the installed package against a virtual authenticator (CTAP2,
// internal, resident keys, user verification): Chromium's (DevTools protocol) and Firefox's
// (WebDriver's WebAuthn extension). Registration, sign-in with and without allowCredentials,
// the error codes, and credentialToJSON with the browser's JSON methods and with them removed.
// WebKitGTK has no WebAuthn (no PublicKeyCredential): there the tests check what the package
// answers where it is missing, and the ceremonies are not applicable.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ENGINES, FEATURES, forEachEngine } from "./engines.mjs";
import { servedWebAuthnPage, webauthnPageIn } from "./webauthn_page.mjs";

const served = servedWebAuthnPage();

forEachEngine(ENGINES, (engine) => {
  const webauthn = FEATURES[engine].webauthn;
  // A ceremony needs WebAuthn: in WebKitGTK it is registered, by name, as not applicable.
  const ceremony = webauthn ? {} : { skip: "not applicable: WebKitGTK has no WebAuthn" };
  const shared = webauthnPageIn(engine, served);

  test(`capabilities in a secure context ${webauthn ? "with" : "without"} WebAuthn`, async () => {
    const caps = await shared.page.evaluate(() => otp.capabilities());
    assert.equal(caps.secureContext, true);
    assert.equal(caps.webauthn, webauthn);
    // Firefox and Chromium have the Level 3 JSON methods; without WebAuthn nothing is offered.
    assert.equal(caps.jsonMethods, webauthn);
    assert.equal(typeof caps.platformAuthenticator, "boolean");
    assert.equal(typeof caps.conditionalMediation, "boolean");
    if (!webauthn) assert.deepEqual([caps.platformAuthenticator, caps.conditionalMediation, caps.webOtp], [false, false, false]);
  });

  test("without PublicKeyCredential every ceremony is unsupported, and the options still convert", async () => {
    // WebKitGTK has none; in the other engines it is removed for this test, as in a browser
    // or a WebView without WebAuthn.
    const result = await shared.page.evaluate(async () => {
      const code = (promise) => promise.then(() => "resolved", (e) => `${e.name}:${e.code}`);
      const saved = Object.getOwnPropertyDescriptor(globalThis, "PublicKeyCredential");
      delete globalThis.PublicKeyCredential;
      try {
        const bytes = (buffer) => Array.from(new Uint8Array(buffer));
        const options = otp.creationOptionsFromJSON(creation({ challenge: "AQIDBAU", excludeCredentials: [{ type: "public-key", id: "CQoL" }] }));
        const request = otp.requestOptionsFromJSON({ challenge: "BwcHBw", rpId: "localhost", allowCredentials: [{ type: "public-key", id: "AQID" }] });
        const caps = await otp.capabilities();
        return {
          caps: [caps.webauthn, caps.jsonMethods, caps.platformAuthenticator, caps.conditionalMediation],
          create: await code(otp.createCredential(creation())),
          get: await code(otp.getCredential({ challenge: "AAAA", rpId: "localhost" })),
          converted: [
            bytes(options.challenge),
            bytes(options.user.id),
            bytes(options.excludeCredentials[0].id),
            options.rp.id,
            bytes(request.challenge),
            bytes(request.allowCredentials[0].id),
          ],
          badConversion: (() => {
            try {
              otp.requestOptionsFromJSON({ challenge: 7 });
              return "converted";
            } catch (e) {
              return `${e.name}:${e.code}`;
            }
          })(),
        };
      } finally {
        if (saved) Object.defineProperty(globalThis, "PublicKeyCredential", saved);
      }
    });
    assert.deepEqual(result, {
      caps: [false, false, false, false],
      create: "OtpError:unsupported",
      get: "OtpError:unsupported",
      converted: [[1, 2, 3, 4, 5], [1, 2, 3, 4], [9, 10, 11], "localhost", [7, 7, 7, 7], [1, 2, 3]],
      badConversion: "OtpError:invalid_argument",
    });
    // PublicKeyCredential is back where the engine has it.
    assert.equal(await shared.page.evaluate(() => typeof PublicKeyCredential), webauthn ? "function" : "undefined");
  });

  test("register, then sign in with allowCredentials and as a discoverable credential", ceremony, async () => {
    const result = await shared.page.evaluate(async () => {
      const options = creation();
      const registration = await otp.createCredential(options);
      const attestation = otp.parseAttestationObject(registration.response.attestationObject);
      const created = otp.parseClientDataJSON(registration.response.clientDataJSON);
      const challenge = otp.base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
      const allowed = await otp.getCredential({
        challenge,
        rpId: "localhost",
        allowCredentials: [{ type: "public-key", id: registration.id }],
        userVerification: "required",
      });
      // Without allowCredentials: the one passkey registered so far (this test runs before the
      // others register theirs; headless Firefox hangs on the choice between two).
      const discovered = await otp.getCredential({ challenge, rpId: "localhost", userVerification: "required" });
      return {
        registration: {
          idMatches: registration.id === registration.rawId,
          type: registration.type,
          fmt: attestation.fmt,
          flags: attestation.authData.flags,
          credentialIdMatches: otp.base64urlEncode(attestation.authData.attestedCredential.credentialId) === registration.id,
          alg: attestation.authData.attestedCredential.publicKey.alg,
          clientData: [created.type, created.challenge === options.challenge, created.origin],
        },
        allowed: {
          id: allowed.id === registration.id,
          flags: otp.parseAuthenticatorData(allowed.response.authenticatorData).flags,
          type: otp.parseClientDataJSON(allowed.response.clientDataJSON).type,
          userHandle: allowed.response.userHandle,
          signature: typeof allowed.response.signature,
        },
        discovered: { id: discovered.id === registration.id, userHandle: discovered.response.userHandle },
      };
    });
    assert.deepEqual(result.registration, {
      idMatches: true,
      type: "public-key",
      fmt: "none",
      flags: {
        userPresent: true,
        userVerified: true,
        backupEligible: false,
        backedUp: false,
        attestedCredentialData: true,
        extensionData: false,
      },
      credentialIdMatches: true,
      alg: -7,
      clientData: ["webauthn.create", true, served.origin()],
    });
    assert.equal(result.allowed.id, true);
    assert.equal(result.allowed.flags.userPresent && result.allowed.flags.userVerified, true);
    assert.equal(result.allowed.type, "webauthn.get");
    assert.equal(result.allowed.userHandle, "AQIDBA");
    assert.equal(result.allowed.signature, "string");
    assert.deepEqual(result.discovered, { id: true, userHandle: "AQIDBA" });
  });

  test("already registered, wrong rp.id and abort get their codes", ceremony, async () => {
    const codes = await shared.page.evaluate(async () => {
      const code = (promise) => promise.then(() => "resolved", (e) => `${e.name}:${e.code}`);
      const first = await otp.createCredential(creation({ user: { id: "BQYHCA", name: "sam", displayName: "Sam" } }));
      const aborted = new AbortController();
      aborted.abort();
      return {
        excluded: await code(otp.createCredential(creation({
          user: { id: "BQYHCA", name: "sam", displayName: "Sam" },
          excludeCredentials: [{ type: "public-key", id: first.id }],
        }))),
        wrongRp: await code(otp.createCredential(creation({ rp: { id: "example.com", name: "Elsewhere" } }))),
        abortedCreate: await code(otp.createCredential(creation(), { signal: aborted.signal })),
        abortedGet: await code(otp.getCredential({ challenge: "AAAA", rpId: "localhost" }, { signal: aborted.signal })),
        badOptions: await code(otp.createCredential({ rp: { id: "localhost" } })),
      };
    });
    assert.deepEqual(codes, {
      excluded: "OtpError:invalid_state",
      wrongRp: "OtpError:security",
      abortedCreate: "OtpError:aborted",
      abortedGet: "OtpError:aborted",
      badOptions: "OtpError:invalid_argument",
    });
  });

  test("credentialToJSON and the options conversion agree with and without the browser's JSON methods", ceremony, async () => {
    const result = await shared.page.evaluate(async () => {
      const json = creation({ user: { id: "CQoLDA", name: "kim", displayName: "Kim" }, excludeCredentials: [{ type: "public-key", id: "AQID" }] });
      const nativeOptions = otp.creationOptionsFromJSON(json);
      const credential = await navigator.credentials.create({ publicKey: nativeOptions });
      const withNative = otp.credentialToJSON(credential);
      const request = { challenge: "BwcHBw", rpId: "localhost", allowCredentials: [{ type: "public-key", id: withNative.id }] };
      const nativeRequest = otp.requestOptionsFromJSON(request);
      const assertion = await navigator.credentials.get({ publicKey: nativeRequest });
      const assertionWithNative = otp.credentialToJSON(assertion);

      // Remove the JSON methods, as older browsers lack them, and convert again.
      const saved = {
        toJSON: PublicKeyCredential.prototype.toJSON,
        create: PublicKeyCredential.parseCreationOptionsFromJSON,
        request: PublicKeyCredential.parseRequestOptionsFromJSON,
      };
      delete PublicKeyCredential.prototype.toJSON;
      delete PublicKeyCredential.parseCreationOptionsFromJSON;
      delete PublicKeyCredential.parseRequestOptionsFromJSON;
      const bytes = (buffer) => Array.from(new Uint8Array(buffer));
      const ourOptions = otp.creationOptionsFromJSON(json);
      const ourRequest = otp.requestOptionsFromJSON(request);
      const fallback = {
        registration: otp.credentialToJSON(credential),
        assertion: otp.credentialToJSON(assertion),
        jsonMethods: (await otp.capabilities()).jsonMethods,
      };
      // A broken toJSON, as some password-manager extensions install, falls back too.
      PublicKeyCredential.prototype.toJSON = () => ({ broken: true });
      const broken = otp.credentialToJSON(credential);
      delete PublicKeyCredential.prototype.toJSON;
      Object.assign(PublicKeyCredential.prototype, { toJSON: saved.toJSON });
      PublicKeyCredential.parseCreationOptionsFromJSON = saved.create;
      PublicKeyCredential.parseRequestOptionsFromJSON = saved.request;
      const same = (a, b) => JSON.stringify(bytes(a)) === JSON.stringify(bytes(b));
      return {
        withNative,
        fallback: fallback.registration,
        assertionWithNative,
        assertionFallback: fallback.assertion,
        broken,
        jsonMethodsWhileRemoved: fallback.jsonMethods,
        optionsAgree: same(nativeOptions.challenge, ourOptions.challenge) && same(nativeOptions.user.id, ourOptions.user.id) &&
          same(nativeOptions.excludeCredentials[0].id, ourOptions.excludeCredentials[0].id),
        requestAgrees: same(nativeRequest.challenge, ourRequest.challenge) &&
          same(nativeRequest.allowCredentials[0].id, ourRequest.allowCredentials[0].id),
      };
    });
    assert.deepEqual(result.fallback, result.withNative);
    assert.deepEqual(result.assertionFallback, result.assertionWithNative);
    assert.deepEqual(result.broken, result.withNative);
    assert.equal(result.jsonMethodsWhileRemoved, false);
    assert.equal(result.optionsAgree, true);
    assert.equal(result.requestAgrees, true);
    assert.equal(typeof result.withNative.response.publicKey, "string");
    assert.equal(result.withNative.response.publicKeyAlgorithm, -7);
  });
});
