// WebAuthn parsing through the installed package: the same real bytes as the native tests
// (tests/vectors/webauthn.json), every input form, and the error codes. Outside a browser the
// create/get wrappers say `unsupported` and capabilities() is all false.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as otp from "otp-wasm";
import { throwsCode } from "./support.mjs";

const vectors = JSON.parse(readFileSync(new URL("./webauthn.json", import.meta.url), "utf8"));
const b64 = (bytes) => otp.base64urlEncode(bytes);

/** The parsed authenticator data in the JSON shape the fixtures use. */
function comparable(data) {
  const credential = data.attestedCredential;
  const key = credential?.publicKey;
  return {
    rpIdHash: b64(data.rpIdHash),
    flags: data.flags,
    signCount: data.signCount,
    attestedCredential: credential && {
      aaguid: credential.aaguid,
      credentialId: b64(credential.credentialId),
      publicKey: Object.fromEntries(Object.entries(key).map(([k, v]) => [k, v instanceof Uint8Array ? b64(v) : v])),
    },
    extensions: data.extensions,
  };
}

test("parseAuthenticatorData: conformance data and Firefox 117's malformed EdDSA key", () => {
  for (const c of vectors.authenticatorData) {
    const bytes = otp.base64urlDecode(c.authData);
    for (const input of [c.authData, bytes, bytes.buffer]) {
      assert.deepEqual(comparable(otp.parseAuthenticatorData(input)), c.expected, c.name);
    }
  }
  const firefox = otp.parseAuthenticatorData(vectors.authenticatorData[2].authData);
  assert.equal(firefox.attestedCredential.publicKey.x.length, 32);
});

test("parseAttestationObject and parseClientDataJSON: what Chromium's authenticator returned", () => {
  for (const c of vectors.attestationObjects) {
    const parsed = otp.parseAttestationObject(c.attestationObject);
    assert.equal(parsed.fmt, c.expected.fmt);
    assert.deepEqual(Object.keys(parsed.attStmt).sort(), c.expected.attStmtKeys);
    const { extensions, ...authData } = comparable(parsed.authData);
    assert.equal(extensions, null);
    assert.deepEqual(authData, c.expected.authData, c.name);
    if (c.expected.fmt === "packed") {
      assert.ok(parsed.attStmt.sig instanceof Uint8Array);
      assert.ok(Array.isArray(parsed.attStmt.x5c) && parsed.attStmt.x5c[0] instanceof Uint8Array);
      assert.equal(typeof parsed.attStmt.alg, "number");
    }
    assert.deepEqual(otp.parseClientDataJSON(c.clientDataJSON), c.expected.clientData);
  }
});

test("CBOR maps become objects with own keys only, integers exact across CBOR's range", () => {
  const text = (t) => [0x60 + t.length, ...new TextEncoder().encode(t)];
  const attestation = Uint8Array.from([
    0xa3,
    ...text("fmt"), ...text("none"),
    ...text("attStmt"), 0xa4,
    ...text("__proto__"), 0xa1, ...text("polluted"), 0x01,
    ...text("min"), 0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // -2^64
    ...text("neg"), 0x3b, 0x80, 0, 0, 0, 0, 0, 0, 0, // -2^63 - 1
    0x38, 0x18, 0x01, // key -25: 1
    ...text("authData"), 0x58, 37, ...new Uint8Array(37),
  ]);
  const { attStmt } = otp.parseAttestationObject(attestation);
  assert.equal(Object.getPrototypeOf(attStmt), Object.prototype);
  assert.deepEqual(Object.keys(attStmt), ["__proto__", "min", "neg", "-25"]);
  assert.equal(attStmt.polluted, undefined);
  assert.equal(({}).polluted, undefined);
  assert.deepEqual(Object.getOwnPropertyDescriptor(attStmt, "__proto__").value, { polluted: 1 });
  assert.equal(attStmt.min, -(2n ** 64n));
  assert.equal(attStmt.neg, -(2n ** 63n) - 1n);
  assert.equal(attStmt["-25"], 1);
});

test("malformed input gets the documented codes", () => {
  const authData = otp.base64urlDecode(vectors.authenticatorData[0].authData);
  for (let end = 0; end < authData.length; end += 7) {
    throwsCode(assert, () => otp.parseAuthenticatorData(authData.slice(0, end)), "invalid_authenticator_data");
  }
  throwsCode(assert, () => otp.parseAuthenticatorData(new Uint8Array([...authData, 0])), "invalid_authenticator_data");
  const attestation = otp.base64urlDecode(vectors.attestationObjects[0].attestationObject);
  throwsCode(assert, () => otp.parseAttestationObject(new Uint8Array([...attestation, 0])), "invalid_cbor");
  throwsCode(assert, () => otp.parseAttestationObject(new Uint8Array([0xff])), "invalid_cbor");
  throwsCode(assert, () => otp.parseAttestationObject(new Uint8Array([0xa0])), "invalid_cbor");
  const json = (value) => new TextEncoder().encode(JSON.stringify(value));
  throwsCode(assert, () => otp.parseClientDataJSON(json({ type: "webauthn.get", challenge: 1, origin: "o" })), "invalid_client_data");
  throwsCode(assert, () => otp.parseClientDataJSON(new Uint8Array([0x7b])), "invalid_client_data");
  assert.deepEqual(otp.parseClientDataJSON(json({ type: "webauthn.get", challenge: "c", origin: "o" })), {
    type: "webauthn.get",
    challenge: "c",
    origin: "o",
    crossOrigin: false,
    topOrigin: null,
  });
  throwsCode(assert, () => otp.parseClientDataJSON("not base64url!"), "invalid_base64url");
  for (const bad of [undefined, null, 42, {}, [1, 2]]) {
    throwsCode(assert, () => otp.parseAuthenticatorData(bad), "invalid_argument");
  }
});

test("outside a browser: capabilities all false, create/get unsupported, JSON fallback conversion", async () => {
  assert.deepEqual(await otp.capabilities(), {
    secureContext: false,
    webauthn: false,
    platformAuthenticator: false,
    conditionalMediation: false,
    jsonMethods: false,
    webOtp: false,
    clientCapabilities: false,
    conditionalGet: false,
    conditionalCreate: false,
    hybridTransport: false,
    passkeyPlatformAuthenticator: false,
    userVerifyingPlatformAuthenticator: false,
    relatedOrigins: false,
    signals: false,
    prf: false,
  });
  // Autofill is unsupported here, as a settled promise (never an unhandled rejection); the
  // signals have nowhere to go.
  const autofill = otp.startAutofill({ challenge: "BwcHBw" });
  await assert.rejects(autofill.result, (e) => e.code === "unsupported");
  assert.deepEqual(await otp.signalUnknownCredential({ rpId: "shop.example", credentialId: "AQID" }), { signalled: false });
  await assert.rejects(otp.signalUnknownCredential({ rpId: "shop.example", credentialId: "%%" }), (e) => e.code === "invalid_base64url");
  const options = {
    rp: { id: "shop.example", name: "Shop" },
    user: { id: "AQID", name: "jane", displayName: "Jane" },
    challenge: "BwcHBw",
    pubKeyCredParams: [{ type: "public-key", alg: -7 }],
    excludeCredentials: [{ type: "public-key", id: "CAkK" }],
  };
  await assert.rejects(otp.createCredential(options), (e) => e.code === "unsupported");
  await assert.rejects(otp.getCredential({ challenge: "BwcHBw" }), (e) => e.code === "unsupported");
  const native = otp.creationOptionsFromJSON(options);
  assert.deepEqual(new Uint8Array(native.challenge), new Uint8Array([7, 7, 7, 7]));
  assert.deepEqual(new Uint8Array(native.user.id), new Uint8Array([1, 2, 3]));
  assert.deepEqual(new Uint8Array(native.excludeCredentials[0].id), new Uint8Array([8, 9, 10]));
  assert.equal(native.rp.id, "shop.example");
  throwsCode(assert, () => otp.creationOptionsFromJSON({ ...options, challenge: "%%" }), "invalid_base64url");
  throwsCode(assert, () => otp.creationOptionsFromJSON({ ...options, user: undefined }), "invalid_argument");
  throwsCode(assert, () => otp.requestOptionsFromJSON(null), "invalid_argument");
  const request = otp.requestOptionsFromJSON({ challenge: "BwcHBw", allowCredentials: [{ type: "public-key", id: "CAkK" }] });
  assert.deepEqual(new Uint8Array(request.allowCredentials[0].id), new Uint8Array([8, 9, 10]));
  throwsCode(assert, () => otp.credentialToJSON({}), "invalid_argument");
});

test("Vault outside a browser: unsupported", async () => {
  await assert.rejects(otp.Vault.open(), (e) => e.name === "OtpError" && e.code === "unsupported");
});
