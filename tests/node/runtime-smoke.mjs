// The smoke suite every other JavaScript runtime runs on the installed package (Deno, Bun,
// workerd, a Web Worker): every export that makes sense without a DOM, against the same tables
// as the other tiers. `smoke(otp, { entry })` resolves to the number of checks that passed, or
// throws at the first failure. `entry` is "otp-wasm" or "otp-wasm/otp" (no code entry or
// WebAuthn there).
import vectors from "./otp.json" with { type: "json" };
import sms from "./sms.json" with { type: "json" };
import webauthn from "./webauthn.json" with { type: "json" };

export async function smoke(otp, { entry = "otp-wasm" } = {}) {
  let checks = 0;
  const check = (ok, what) => {
    if (!ok) throw new Error(`${entry}: ${what}`);
    checks++;
  };
  const same = (actual, expected, what) => check(actual === expected, `${what}: got ${actual}, expected ${expected}`);
  const fails = (fn, code, what) => {
    try {
      fn();
    } catch (error) {
      return check(error instanceof otp.OtpError && error.code === code, `${what}: threw ${error?.code ?? error}`);
    }
    check(false, `${what}: did not throw`);
  };
  await otp.init();

  // Secrets and encodings (RFC 4648 §10).
  const secret = otp.generateSecret();
  same(secret.length, 32, "generateSecret() is 20 bytes of base32");
  check(otp.generateSecret() !== secret, "generateSecret() is random");
  for (const { text, encoded } of vectors.base32) {
    same(otp.base32Encode(new TextEncoder().encode(text), { padding: true }), encoded, `base32 of "${text}"`);
    same(new TextDecoder().decode(otp.base32Decode(encoded)), text, `base32 decode of "${encoded}"`);
  }
  same(otp.base64urlEncode(otp.base64urlDecode("-_8")), "-_8", "base64url round trip");
  fails(() => otp.base32Decode("1!"), "invalid_base32", "base32 outside the alphabet");

  // HOTP (RFC 4226 Appendix D and the 64-bit range) and TOTP (RFC 6238 Appendix B).
  for (const v of vectors.hotp) {
    const hotp = new otp.Hotp({ secret: v.secret, algorithm: v.algorithm, digits: v.digits });
    same(hotp.generate(BigInt(v.counter)), v.code, `HOTP ${v.algorithm} at ${v.counter}`);
    hotp.free();
  }
  for (const v of vectors.totp) {
    const totp = new otp.Totp({ secret: v.secret, algorithm: v.algorithm, digits: v.digits, period: v.period });
    same(totp.generate(v.timestampMs), v.code, `TOTP ${v.algorithm} at ${v.timestampMs}`);
    same(totp.verify(v.code, { timestampMs: v.timestampMs + 1000 * v.period })?.delta, -1, "TOTP verify, one step late");
    totp.free();
  }
  fails(() => new otp.Totp({ secret: "JBSWY3DPEHPK3PXP", digits: 5 }), "invalid_digits", "digits out of range");

  // Key URIs as real services write them.
  for (const v of vectors.uris) {
    const key = otp.parseUri(v.uri);
    same(`${key.secret} ${key.issuer} ${key.label} ${key.digits}`, `${v.secret} ${v.issuer} ${v.label} ${v.digits}`, v.uri);
    same(otp.parseUri(key.toUri()).toUri(), key.toUri(), `toUri() of ${v.uri} parses back`);
  }
  for (const v of vectors.badUris) fails(() => otp.parseUri(v.uri), v.error, v.uri);

  // The OTP-only entry stops here (where a runtime takes the Node build, both names are one module).
  if (entry === "otp-wasm/otp") return checks;

  // Code entry, and the origin-bound SMS format (WICG).
  same(otp.normalizeCode("１２３ ４５６"), "123456", "normalizeCode");
  same(otp.extractCode("G-482913 is your verification code. Call +1 555 123 4567 if it wasn't you."), "482913", "extractCode");
  same(otp.checkCode("123 4").state, "incomplete", "checkCode");
  for (const c of sms.parse) same(JSON.stringify(otp.parseSmsMessage(c.message)), JSON.stringify(c.expected), c.note);
  fails(() => otp.checkOrigin("@shop.example #123456", { hostname: "evil.example" }), "wrong_origin", "checkOrigin");

  // WebAuthn parsing: what Chromium's authenticator returned.
  for (const c of webauthn.attestationObjects) {
    const parsed = otp.parseAttestationObject(c.attestationObject);
    same(parsed.fmt, c.expected.fmt, `${c.name}: fmt`);
    same(otp.base64urlEncode(parsed.authData.rpIdHash), c.expected.authData.rpIdHash, `${c.name}: rpIdHash`);
    same(otp.parseClientDataJSON(c.clientDataJSON).challenge, c.expected.clientData.challenge, `${c.name}: challenge`);
  }
  fails(() => otp.parseAttestationObject(new Uint8Array([0xff])), "invalid_cbor", "malformed CBOR");
  return checks;
}
