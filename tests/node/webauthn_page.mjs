// The page the WebAuthn browser tests drive (webauthn-browser.test.mjs, passkeys-level3.test.mjs):
// the installed package, options for a registration, a field passkey autofill offers its
// passkeys in, rejections nobody handled, and a promise's outcome as plain text.
import { writePackagePage } from "./support.mjs";

export function writeWebAuthnPage() {
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
