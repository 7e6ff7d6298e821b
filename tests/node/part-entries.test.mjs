// `otp-wasm/webauthn` and `otp-wasm/code-entry` from the installed package, in Chromium, Firefox
// and WebKitGTK as a page without a bundler loads them (an import map into node_modules): each
// fetches its own module and its own, smaller .wasm, exports its part of the API, and answers
// every vector exactly as the main entry does (computed here in Node with `otp-wasm`).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import * as main from "otp-wasm";
import { forEachEngine, sharedPage } from "./engines.mjs";
import { serve } from "./support.mjs";

const json = (name) => JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), "utf8"));
const webauthn = json("webauthn.json");
const sms = json("sms.json");
const messages = json("messages.json");

/** Results as plain JSON, the same way on both sides: bytes as base64url, bigints as text. */
const plainSource = `(function plain(value, encode) {
  if (value instanceof Uint8Array) return { bytes: encode(value) };
  if (typeof value === "bigint") return { bigint: String(value) };
  if (Array.isArray(value)) return value.map((item) => plain(item, encode));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item, encode)]));
  }
  return value;
})`;
const plain = eval(plainSource);

/** `fn`'s result, or the code of the OtpError it threw (and whether `instanceof` holds). */
const outcomeSource = `(function outcome(fn, OtpError) {
  try {
    return { value: fn() };
  } catch (error) {
    return { code: error.code, isOtpError: error instanceof OtpError };
  }
})`;
const outcome = eval(outcomeSource);

/**
 * Loads `specifier` (the installed package's `file`) alone in `page`, awaits its init and runs
 * `body` with the module as `part` and the vectors as `vectors`. Resolves to what `body`
 * returned, the module's export names and the package files the page fetched (as the server
 * saw them asked for).
 */
async function inPage(page, specifier, file, body) {
  writeFileSync("part.html", `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
    <script type="importmap">{"imports": {"${specifier}": "/node_modules/otp-wasm/${file}"}}</script>`);
  const server = await serve(process.cwd());
  try {
    await page.goto(`${server.url}/part.html`);
    const result = await page.evaluate(
      `(async () => {
        const part = await import("${specifier}");
        await part.default();
        const plain = ${plainSource};
        const outcome = ${outcomeSource};
        const vectors = ${JSON.stringify({ webauthn, sms, messages })};
        return { exported: Object.keys(part).sort(), answers: await (async () => { ${body} })() };
      })()`,
    );
    const files = server.requested.filter((path) => path !== "/part.html").map((path) => path.replace("/node_modules/otp-wasm/", ""));
    return { ...result, fetched: files.sort() };
  } finally {
    await server.close();
  }
}

/** What a page computes with the WebAuthn functions; run in the page and, with `otp-wasm`, here. */
const webauthnAnswers = `
  const { parseAuthenticatorData, parseAttestationObject, parseClientDataJSON, base64urlEncode, base64urlDecode, creationOptionsFromJSON, OtpError } = part;
  const encode = base64urlEncode;
  return {
    authenticatorData: vectors.webauthn.authenticatorData.map((c) => plain(parseAuthenticatorData(c.authData), encode)),
    attestationObjects: vectors.webauthn.attestationObjects.map((c) => ({
      attestation: plain(parseAttestationObject(base64urlDecode(c.attestationObject)), encode),
      clientData: plain(parseClientDataJSON(c.clientDataJSON), encode),
    })),
    base64url: [encode(new Uint8Array([251, 255, 0])), Array.from(base64urlDecode("-_8A"))],
    // The browser's own JSON methods where present (they add defaults), ours otherwise: the
    // bytes are what must agree.
    creation: (() => {
      const options = creationOptionsFromJSON({
        rp: { id: "shop.example", name: "Shop" },
        user: { id: "AQIDBA", name: "jane@example.com", displayName: "Jane" },
        challenge: "AAECAwQFBgcICQoLDA0ODw",
        pubKeyCredParams: [{ type: "public-key", alg: -7 }],
        excludeCredentials: [{ type: "public-key", id: "BQYH" }],
      });
      const bytes = (buffer) => encode(new Uint8Array(buffer));
      return [options.rp.id, bytes(options.user.id), bytes(options.challenge), options.excludeCredentials.map((c) => bytes(c.id))];
    })(),
    errors: [
      outcome(() => parseAuthenticatorData(new Uint8Array([1, 2, 3])), OtpError),
      outcome(() => parseAttestationObject("not base64url!"), OtpError),
      outcome(() => parseClientDataJSON(new Uint8Array([123])), OtpError),
      outcome(() => base64urlDecode("***"), OtpError),
    ],
  };
`;

/** What a page computes with the code-entry functions, in the page and here. */
const codeEntryAnswers = `
  const { normalizeCode, checkCode, extractCode, parseSmsMessage, checkOrigin, OtpError } = part;
  return {
    parsed: vectors.sms.parse.map((c) => parseSmsMessage(c.message)),
    origins: vectors.sms.origin.map((c) =>
      outcome(() => checkOrigin(c.message, { hostname: c.hostname, topHostname: c.topHostname ?? undefined }), OtpError),
    ),
    extracted: vectors.messages.map((c) => extractCode(c.text, { digits: c.code?.length ?? 6 })),
    normalized: ["１２３ ４５６", "123-456", " 12 34 56 ", "١٢٣٤٥٦"].map((input) => outcome(() => normalizeCode(input), OtpError)),
    checked: ["12", "123 45", "1234567", "12a"].map((input) => checkCode(input)),
    errors: [
      outcome(() => normalizeCode("12a456"), OtpError),
      outcome(() => normalizeCode("123456", { digits: 3 }), OtpError),
      outcome(() => extractCode(42), OtpError),
    ],
  };
`;

/** The same body run here, with the main entry as `part`. */
const inNode = (body) =>
  new Function("part", "vectors", "plain", "outcome", body)(main, { webauthn, sms, messages }, plain, outcome);

/** The serialisation a page's answers went through (undefined dropped, as JSON drops it). */
const asJson = (value) => JSON.parse(JSON.stringify(value));

forEachEngine(["chromium", "firefox", "webkit"], (engine) => {
  const shared = sharedPage(engine);

  test("otp-wasm/webauthn: its own module and .wasm, the WebAuthn API, the main entry's answers", async () => {
    const { exported, answers, fetched } = await inPage(shared.page, "otp-wasm/webauthn", "webauthn.js", webauthnAnswers);
    assert.deepEqual(fetched, ["web-webauthn/otp_wasm_bg.wasm", "webauthn.js"]);
    assert.deepEqual(exported, [
      "OtpError", "base64urlDecode", "base64urlEncode", "capabilities", "checkRelatedOrigins", "createCredential",
      "creationOptionsFromJSON", "credentialToJSON", "default", "getCredential", "init", "initSync", "parseAttestationObject",
      "parseAuthenticatorData", "parseClientDataJSON", "relatedOriginsDocument", "requestOptionsFromJSON", "signalAllAcceptedCredentials",
      "signalCurrentUserDetails", "signalUnknownCredential", "startAutofill",
    ]);
    const expected = asJson(inNode(webauthnAnswers));
    assert.equal(expected.authenticatorData.length, webauthn.authenticatorData.length);
    assert.deepEqual(expected.errors.map((e) => e.code), ["invalid_authenticator_data", "invalid_base64url", "invalid_client_data", "invalid_base64url"]);
    assert.ok(expected.errors.every((e) => e.isOtpError));
    assert.deepEqual(expected.creation, ["shop.example", "AQIDBA", "AAECAwQFBgcICQoLDA0ODw", ["BQYH"]]);
    assert.deepEqual(answers, expected);
  });

  test("otp-wasm/code-entry: its own module and .wasm, the code-entry API, the main entry's answers", async () => {
    const attach = `
      const input = document.createElement("input");
      document.body.append(input);
      const completed = [];
      const control = part.attachCodeInput(input, { webOtp: false, onComplete: (code) => completed.push(code) });
      input.value = "１２３ ４５６";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      const attributes = ["autocomplete", "inputmode", "maxlength"].map((name) => input.getAttribute(name));
      control.detach();
      return { completed, attributes, value: input.value };
    `;
    const { exported, answers, fetched } = await inPage(
      shared.page,
      "otp-wasm/code-entry",
      "code_entry.js",
      `return { ...(await (async () => { ${codeEntryAnswers} })()), attached: await (async () => { ${attach} })() };`,
    );
    assert.deepEqual(fetched, ["code_entry.js", "web-code-entry/otp_wasm_bg.wasm"]);
    assert.deepEqual(exported, [
      "OtpError", "attachCodeInput", "checkCode", "checkOrigin", "default", "extractCode", "init", "initSync",
      "normalizeCode", "parseSmsMessage", "receiveSmsCode",
    ]);
    const { attached, ...computed } = answers;
    const expected = asJson(inNode(codeEntryAnswers));
    assert.deepEqual(expected.parsed, sms.parse.map((c) => c.expected));
    assert.deepEqual(expected.errors.map((e) => e.code), ["invalid_character", "invalid_argument", "invalid_argument"]);
    assert.deepEqual(computed, expected);
    assert.deepEqual(attached, { completed: ["123456"], attributes: ["one-time-code", "numeric", "6"], value: "123456" });
  });
});
