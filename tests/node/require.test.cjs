// The package through `require`, as CommonJS code loads it: same API, same instance as `import`.
const assert = require("node:assert/strict");
const { test } = require("node:test");
const otp = require("otp-wasm");

test("require gives the whole API with no init step", () => {
  for (const name of ["Totp", "Hotp", "Ocra", "parseUri", "generateSecret", "base32Encode", "base32Decode", "base64urlEncode", "base64urlDecode", "OtpError", "init"]) {
    assert.equal(typeof otp[name], "function", name);
  }
  const totp = new otp.Totp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", digits: 8 });
  assert.equal(totp.generate(59_000), "94287082");
  assert.throws(() => otp.parseUri("nope"), (e) => e instanceof otp.OtpError && e.code === "invalid_uri");
});

test("init resolves at once", async () => {
  assert.equal(await otp.init(), undefined);
});

test("import and require share one module instance", async () => {
  const esm = await import("otp-wasm");
  assert.equal(esm.Totp, otp.Totp);
  assert.equal(esm.OtpError, otp.OtpError);
  assert.equal(esm.default, otp.init);
});

test("otp-wasm/otp is the same API in Node (one instance: Node loads the whole .wasm)", async () => {
  const otpOnly = require("otp-wasm/otp");
  assert.equal(otpOnly.Totp, otp.Totp);
  assert.equal((await import("otp-wasm/otp")).Totp, otp.Totp);
  const totp = new otpOnly.Totp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", digits: 8 });
  assert.equal(totp.generate(59_000), "94287082");
});

test("otp-wasm/webauthn and otp-wasm/code-entry are the same API in Node (one instance)", async () => {
  for (const name of ["otp-wasm/webauthn", "otp-wasm/code-entry"]) {
    const part = require(name);
    assert.equal(part, otp, name);
    assert.equal((await import(name)).OtpError, otp.OtpError, name);
  }
  assert.equal(require("otp-wasm/webauthn").parseAuthenticatorData, otp.parseAuthenticatorData);
  assert.equal(require("otp-wasm/code-entry").normalizeCode("123 456"), "123456");
});
