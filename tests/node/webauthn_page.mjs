// The page the WebAuthn browser tests drive (webauthn-browser.test.mjs, passkeys-level3.test.mjs),
// served once per file and opened in one browser per engine:
// the installed package, options for a registration, a field passkey autofill offers its
// passkeys in, rejections nobody handled, and a promise's outcome as plain text.
import { after, before } from "node:test";
import { addVirtualAuthenticator, FEATURES, launch } from "./engines.mjs";
import { openPage, serve, writePackagePage } from "./support.mjs";

function writeWebAuthnPage() {
  writePackagePage(
    "webauthn",
    `
      window.creation = (overrides = {}) => ({
        rp: { id: "localhost", name: "Demo Shop" },
        user: { id: "AQIDBA", name: "jane@example.com", displayName: "Jane" },
        challenge: otp.base64urlEncode(crypto.getRandomValues(new Uint8Array(32))),
        pubKeyCredParams: [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -257 }],
        authenticatorSelection: { residentKey: "required", userVerification: "required" },
        attestation: "none",
        ...overrides,
      });
      // Rejections nobody handled (the autofill tests assert there are none), the field
      // passkey autofill offers its passkeys in, and a promise's outcome as plain text.
      window.unhandled = [];
      addEventListener("unhandledrejection", (e) => unhandled.push(\`\${e.reason?.name}:\${e.reason?.code ?? e.reason?.message}\`));
      window.field = document.createElement("input");
      field.autocomplete = "username webauthn";
      document.body.append(field);
      window.outcome = (promise) =>
        promise.then((v) => (v === null ? "null" : v?.id ? "credential" : JSON.stringify(v)), (e) => \`\${e.name}:\${e.code}\`);
    `,
  );
}

/**
 * The page, served once for the test file (`origin()` is it on http://localhost, a secure
 * context, as rp id "localhost" needs).
 */
export function servedWebAuthnPage() {
  const served = { origin: () => served.server.url.replace("127.0.0.1", "localhost") };
  before(async () => {
    writeWebAuthnPage();
    served.server = await serve(process.cwd());
  });
  after(async () => {
    await served.server?.close();
  });
  return served;
}

/**
 * One browser of `engine` on the served page for a describe's tests, with a virtual
 * authenticator where the engine has WebAuthn: `{ browser, page }`, set before the tests run.
 */
export function webauthnPageIn(engine, served) {
  const shared = {};
  before(async () => {
    shared.browser = await launch(engine);
    shared.page = await openPage(shared.browser, `${served.origin()}/webauthn.html`);
    if (FEATURES[engine].webauthn) await addVirtualAuthenticator(shared.page);
  });
  after(async () => {
    await shared.browser?.close();
  });
  return shared;
}
