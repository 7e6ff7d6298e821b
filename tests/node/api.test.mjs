// The package's API through `import`, as a Node user calls it: vectors, Key URIs, encodings,
// verification semantics and every error code of this part of docs/api.md.
import assert from "node:assert/strict";
import { test } from "node:test";
import init, * as otp from "otp-wasm";
import { vectors, throwsCode } from "./support.mjs";

const { Totp, Hotp, parseUri, OtpError } = otp;

test("init resolves at once in Node, and the named export is the same function", async () => {
  assert.equal(await init(), undefined);
  assert.equal(otp.init, init);
});

test("RFC 4226, RFC 6238 and large-counter vectors", () => {
  for (const c of vectors.hotp) {
    const hotp = new Hotp({ secret: c.secret, algorithm: c.algorithm, digits: c.digits });
    assert.equal(hotp.generate(BigInt(c.counter)), c.code, `${c.source} ${c.counter}`);
    if (BigInt(c.counter) <= BigInt(Number.MAX_SAFE_INTEGER)) {
      assert.equal(hotp.generate(Number(c.counter)), c.code);
    }
  }
  for (const c of vectors.totp) {
    const totp = new Totp({ secret: c.secret, algorithm: c.algorithm, digits: c.digits, period: c.period });
    assert.equal(totp.generate(c.timestampMs), c.code, `${c.source} ${c.timestampMs}`);
    assert.deepEqual(totp.verify(c.code, { timestampMs: c.timestampMs }), {
      delta: 0,
      step: Math.floor(c.timestampMs / 1000 / c.period),
    });
  }
});

test("Key URIs seen in the wild parse, and write back to the same key", () => {
  for (const c of vectors.uris) {
    const key = parseUri(c.uri);
    assert.ok(key instanceof (c.type === "totp" ? Totp : Hotp), c.uri);
    for (const field of ["secret", "algorithm", "digits", "issuer", "label"]) {
      assert.equal(key[field], c[field], `${field} of ${c.uri}`);
    }
    if (c.type === "totp") assert.equal(key.period, c.period);
    else assert.equal(BigInt(key.counter), BigInt(c.counter));
    const again = parseUri(key.toUri());
    for (const field of ["secret", "algorithm", "digits", "issuer", "label", "period", "counter"]) {
      assert.equal(again[field], key[field], `${field} after toUri of ${c.uri}`);
    }
  }
  for (const c of vectors.badUris) throwsCode(assert, () => parseUri(c.uri), c.error);
});

test("toUri writes the issuer in both places and every parameter", () => {
  const totp = new Totp({ secret: "jbsw y3dp ehpk 3pxp", issuer: "ACME Co", label: "jane@example.com" });
  assert.equal(
    totp.toUri(),
    "otpauth://totp/ACME%20Co:jane%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
  );
  assert.equal(totp.secret, "JBSWY3DPEHPK3PXP");
  const hotp = new Hotp({ secret: new Uint8Array([1, 2, 3, 4, 5]), counter: 7, algorithm: "sha-256" });
  assert.equal(hotp.toUri(), "otpauth://hotp/?secret=AEBAGBAF&algorithm=SHA256&digits=6&counter=7");
  assert.equal(hotp.algorithm, "SHA256");
});

test("encodings", () => {
  for (const c of vectors.base32) {
    const bytes = new TextEncoder().encode(c.text);
    assert.equal(otp.base32Encode(bytes, { padding: true }), c.encoded);
    assert.equal(otp.base32Encode(bytes), c.encoded.replace(/=+$/, ""));
    assert.deepEqual(otp.base32Decode(c.encoded), bytes);
    assert.deepEqual(otp.base32Decode(c.encoded.toLowerCase()), bytes);
  }
  const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0xfe]);
  assert.equal(otp.base64urlEncode(bytes), "-_-__g");
  assert.equal(otp.base64urlEncode(bytes.buffer), "-_-__g");
  assert.deepEqual(otp.base64urlDecode("-_-__g"), bytes);
  assert.deepEqual(otp.base64urlDecode("+/+//g=="), bytes);
  assert.ok(otp.base64urlDecode("AA") instanceof Uint8Array);
  const secret = otp.generateSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.notEqual(otp.generateSecret(), secret);
  assert.equal(otp.base32Decode(otp.generateSecret(16)).length, 16);
  assert.equal(otp.base32Decode(otp.generateSecret(64)).length, 64);
});

test("TOTP verify: window, delta, replay guard, normalized tokens", () => {
  const totp = new Totp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" });
  const now = 1_700_000_000_000;
  const step = totp.stepAt(now);
  assert.equal(step, Math.floor(now / 30_000));
  assert.equal(totp.remainingMs(now), 10_000);
  const late = totp.generate(now - 30_000);
  assert.deepEqual(totp.verify(late, { timestampMs: now }), { delta: -1, step: step - 1 });
  assert.equal(totp.verify(late, { timestampMs: now, window: 0 }), null);
  assert.equal(totp.verify(late, { timestampMs: now, afterStep: step - 1 }), null, "replay refused");
  const current = totp.generate(now);
  assert.deepEqual(totp.verify(`${current.slice(0, 3)} ${current.slice(3)}`, { timestampMs: now }), { delta: 0, step });
  assert.deepEqual(totp.verify(`${current.slice(0, 3)}-${current.slice(3)}`, { timestampMs: now }), { delta: 0, step });
  assert.equal(totp.verify("12345", { timestampMs: now }), null);
  assert.equal(totp.verify("", { timestampMs: now }), null);
  assert.equal(totp.verify("abcdef", { timestampMs: now }), null);
  // Defaults to the clock: the current code verifies now.
  assert.equal(totp.verify(totp.generate()).delta, 0);
  assert.equal(totp.generate(), totp.generate(Date.now()));
});

test("HOTP verify: look-ahead window; counters answer in the type they came in", () => {
  const hotp = new Hotp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", counter: 2 });
  assert.equal(hotp.counter, 2);
  assert.equal(hotp.generate(), "359152", "defaults to the key's counter");
  assert.equal(hotp.verify("254676"), null);
  assert.deepEqual(hotp.verify("254676", { window: 3 }), { delta: 3, counter: 5 });
  assert.deepEqual(hotp.verify("254676", { counter: 4n, window: 1 }), { delta: 1, counter: 5n });
  const max = 2n ** 64n - 1n;
  const big = new Hotp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", counter: max });
  assert.equal(big.counter, max);
  assert.deepEqual(big.verify(big.generate(max)), { delta: 0, counter: max });
  assert.equal(new Hotp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", counter: 5n }).counter, 5n);
});

test("every error code of this part of the API", () => {
  const secret = "JBSWY3DPEHPK3PXP";
  const cases = [
    [() => new Totp(), "missing_secret"],
    [() => new Totp({ secret: "" }), "missing_secret"],
    [() => new Totp({ secret: new Uint8Array() }), "missing_secret"],
    [() => new Totp("JBSWY3DPEHPK3PXP"), "invalid_argument"],
    [() => new Totp({ secret: 12 }), "invalid_argument"],
    [() => new Totp({ secret: "JBSW0Y3DP" }), "invalid_base32"],
    [() => new Totp({ secret, algorithm: "SHA3" }), "invalid_algorithm"],
    [() => new Totp({ secret, digits: 5 }), "invalid_digits"],
    [() => new Totp({ secret, digits: 11 }), "invalid_digits"],
    [() => new Totp({ secret, period: 0 }), "invalid_period"],
    [() => new Totp({ secret, period: 30.5 }), "invalid_period"],
    [() => new Hotp({ secret, counter: -1 }), "invalid_counter"],
    [() => new Hotp({ secret }).generate(2 ** 53), "invalid_counter"],
    [() => new Hotp({ secret }).generate(2n ** 64n), "invalid_counter"],
    [() => new Hotp({ secret }).generate(-1n), "invalid_counter"],
    [() => parseUri("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP"), "missing_counter"],
    [() => parseUri("http://example.com"), "invalid_uri"],
    [() => otp.generateSecret(15), "secret_too_short"],
    [() => otp.generateSecret(65), "secret_too_long"],
    [() => otp.base32Decode("AB1"), "invalid_base32"],
    [() => otp.base64urlDecode("A"), "invalid_base64url"],
    [() => otp.base64urlDecode("a.b"), "invalid_base64url"],
    [() => new Totp({ secret }).verify(123456), "invalid_argument"],
    // Checked in JavaScript around the .wasm's flat functions (src/js/entry/keys.js).
    [() => new Totp({ get secret() { throw new Error("getter exploded"); } }), "invalid_argument"],
    [() => new Totp({ secret, digits: 6.5 }), "invalid_digits"],
    [() => new Totp({ secret, digits: "6" }), "invalid_argument"],
    [() => new Totp({ secret, period: 3601 }), "invalid_period"],
    [() => new Totp({ secret, issuer: 7 }), "invalid_argument"],
    [() => new Totp({ secret, issuer: "A:B" }), "invalid_argument"],
    [() => new Totp({ secret, label: "A:B" }), "invalid_argument"],
    [() => new Totp({ secret }).verify("123456", { window: 101 }), "invalid_argument"],
    [() => new Totp({ secret }).verify("123456", { timestampMs: NaN }), "invalid_argument"],
    [() => new Totp({ secret }).verify("123456", { afterStep: -1 }), "invalid_counter"],
    [() => new Totp({ secret }).verify("123456", 5), "invalid_argument"],
    [() => new Totp({ secret }).generate(-1), "invalid_argument"],
    [() => new Hotp({ secret }).generate(1.5), "invalid_counter"],
    [() => new Hotp({ secret }).generate("3"), "invalid_argument"],
    [() => otp.generateSecret(20.5), "invalid_argument"],
    [() => otp.generateSecret("20"), "invalid_argument"],
    [() => otp.base32Decode("JBSW\uD800Y3DP"), "invalid_base32"],
    [() => otp.base32Encode(new Uint8Array(1), { padding: "yes" }), "invalid_argument"],
    [() => otp.base64urlEncode("text"), "invalid_argument"],
  ];
  for (const [fn, code] of cases) throwsCode(assert, fn, code);
  try {
    new Totp({ secret: "JBSWY3DPEHPK3PX1" });
  } catch (error) {
    assert.ok(error instanceof OtpError);
    assert.ok(!error.message.includes("JBSWY3DPEHPK3PX1"), "no secret in the message");
  }
  // A freed key wipes its secret and refuses to work.
  const freed = new Totp({ secret });
  freed.free();
  throwsCode(assert, () => freed.generate(0), "invalid_state");
  throwsCode(assert, () => freed.secret, "invalid_state");
  freed.free(); // twice is harmless
  assert.equal(otp.generateSecret(64).length, 103);
  assert.equal(otp.base32Decode("A".repeat(1 << 20)).length, 655_360);
  const own = new OtpError("invalid_argument", "made by hand");
  assert.ok(own instanceof OtpError && own instanceof Error);
  assert.equal(own.name, "OtpError");
  assert.ok(!(new Error("plain") instanceof OtpError));
});

test("normalizeCode: what people type and paste becomes the ASCII code", () => {
  const ok = [
    ["123456", "123456"],
    [" 123 456\n", "123456"],
    ["123-456", "123456"],
    ["123\u00a0456", "123456"],
    ["１２３４５６", "123456"],
    ["١٢٣٤٥٦", "123456"],
    ["१२३४५६", "123456"],
  ];
  for (const [input, code] of ok) assert.equal(otp.normalizeCode(input), code, input);
  assert.equal(otp.normalizeCode("12 34", { digits: 4 }), "1234");
  throwsCode(assert, () => otp.normalizeCode(""), "empty");
  throwsCode(assert, () => otp.normalizeCode("12345"), "too_short");
  throwsCode(assert, () => otp.normalizeCode("1234567"), "too_long");
  throwsCode(assert, () => otp.normalizeCode("12345a"), "invalid_character");
  throwsCode(assert, () => otp.normalizeCode("123456", { digits: 3 }), "invalid_argument");
  throwsCode(assert, () => otp.normalizeCode(123456), "invalid_argument");
});
