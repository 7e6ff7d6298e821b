// Hostile input: wrong types, huge strings, lone surrogates, random text. Every call either
// returns or throws an OtpError; nothing traps, hangs or prints a backtrace, and the module
// keeps working afterwards.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import * as otp from "otp-wasm";

const MiB = "7".repeat(1 << 20);
const samples = [
  undefined, null, 0, -1, 1.5, NaN, Infinity, 2 ** 64, -0, 10n, -10n, 2n ** 80n, true, "", " ",
  "\uD800", "abc\uDFFFdef", "\u0000", MiB, `otpauth://totp/x?secret=${MiB}`, {}, [], [1, 2],
  { secret: undefined }, { secret: MiB }, { secret: "\uD800" }, { secret: "JBSWY3DPEHPK3PXP", digits: "6" },
  { secret: "JBSWY3DPEHPK3PXP", period: {} }, { secret: "JBSWY3DPEHPK3PXP", counter: "1" },
  { get secret() { throw new Error("boom"); } }, new Proxy({}, { get() { throw new Error("trap"); } }),
  Object.create(null), () => 1, Symbol("s"), new Uint8Array(0), new Uint16Array(3), new ArrayBuffer(8),
  new Date(), /x/, new Map(),
];

function randomText() {
  const codes = Array.from(randomBytes(64), (b, i) => (i % 3 === 0 ? 0xd800 + b : b * 7));
  return String.fromCharCode(...codes);
}

function checkError(error) {
  assert.equal(error?.name, "OtpError", `non-OtpError thrown: ${error?.stack ?? error}`);
  assert.equal(typeof error.code, "string");
  assert.doesNotMatch(error.message, /panicked|RuntimeError|unreachable/);
}

/** Promises from async functions, checked once the synchronous calls are done. */
const pending = [];

function callSafely(fn) {
  try {
    const result = fn();
    if (result instanceof Promise) pending.push(result.catch(checkError));
  } catch (error) {
    checkError(error);
  }
}

test("every function and method survives every sample", async () => {
  const totp = new otp.Totp({ secret: "JBSWY3DPEHPK3PXP" });
  const hotp = new otp.Hotp({ secret: "JBSWY3DPEHPK3PXP" });
  const inputs = [...samples, ...Array.from({ length: 50 }, randomText)];
  for (const a of inputs) {
    for (const b of [undefined, a, { window: a }, { timestampMs: a }, { afterStep: a }, { counter: a }, { padding: a }]) {
      callSafely(() => otp.generateSecret(a));
      callSafely(() => otp.base32Encode(a, b));
      callSafely(() => otp.base32Decode(a));
      callSafely(() => otp.base64urlEncode(a));
      callSafely(() => otp.base64urlDecode(a));
      callSafely(() => otp.parseUri(a));
      callSafely(() => otp.normalizeCode(a, b));
      callSafely(() => otp.extractCode(a, b));
      callSafely(() => otp.parseSmsMessage(a));
      callSafely(() => otp.checkOrigin(a, b));
      callSafely(() => otp.checkOrigin("@a.example #1", { hostname: a, topHostname: a }));
      callSafely(() => otp.attachCodeInput(a, b));
      callSafely(() => otp.parseAuthenticatorData(a));
      callSafely(() => otp.parseAttestationObject(a));
      callSafely(() => otp.parseClientDataJSON(a));
      callSafely(() => otp.creationOptionsFromJSON(a));
      callSafely(() => otp.requestOptionsFromJSON(a));
      callSafely(() => otp.credentialToJSON(a));
      callSafely(() => otp.Vault.open(a));
      callSafely(() => otp.receiveSmsCode(a));
      callSafely(() => otp.createCredential(a, b));
      callSafely(() => otp.getCredential(a, b));
      assert.equal(typeof otp.checkCode(a, b).state, "string");
      callSafely(() => new otp.Totp(a));
      callSafely(() => new otp.Hotp(a));
      callSafely(() => totp.generate(a));
      callSafely(() => totp.verify(a, b));
      callSafely(() => totp.verify("123456", b));
      callSafely(() => totp.stepAt(a));
      callSafely(() => totp.remainingMs(a));
      callSafely(() => hotp.generate(a));
      callSafely(() => hotp.verify(a, b));
      callSafely(() => hotp.verify("123456", b));
    }
  }
  await Promise.all(pending);
  // Still working, with the right answers.
  assert.equal(new otp.Totp({ secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", digits: 8 }).generate(59_000), "94287082");
  assert.equal(hotp.generate(0), "282760");
});

test("a 1 MiB secret and a 1 MiB token are handled, not choked on", () => {
  const totp = new otp.Totp({ secret: "A".repeat(1 << 20) });
  assert.match(totp.generate(0), /^\d{6}$/);
  assert.equal(totp.verify(MiB), null);
  assert.equal(otp.base32Decode(MiB.replace(/7/g, "A")).length, (1 << 20) * 5 / 8);
});

test("random bytes into the WebAuthn parsers: OtpErrors only", () => {
  for (let i = 0; i < 2000; i++) {
    const bytes = randomBytes(i % 300);
    callSafely(() => otp.parseAuthenticatorData(bytes));
    callSafely(() => otp.parseAttestationObject(bytes));
    callSafely(() => otp.parseClientDataJSON(bytes));
  }
  assert.equal(otp.parseClientDataJSON(new TextEncoder().encode('{"type":"t","challenge":"c","origin":"o"}')).type, "t");
});

/** 16 MiB shaped to reach deep into each parser: nested CBOR headers that each claim the
 * whole input, an origin-bound line, a Key URI, digits. */
function sixteenMiB() {
  const size = 16 << 20;
  const nestedCbor = new Uint8Array(size);
  for (let i = 0; i < 16 * 5; i += 5) nestedCbor.set([0x9a, 0x01, 0x00, 0x00, 0x00], i);
  const mapOfArrays = new Uint8Array(size).fill(0x80); // empty arrays
  mapOfArrays.set([0xba, 0x00, 0x7f, 0xff, 0xff], 0); // a map claiming 8 Mi entries
  const authData = new Uint8Array(size).fill(0xa1); // maps all the way down, after the header
  authData[32] = 0xc1; // flags: user present, attested credential data, extensions
  const text = "1".repeat(size);
  return {
    bytes: [nestedCbor, mapOfArrays, authData, new Uint8Array(size)],
    text: [
      text,
      `${"@".repeat(size)} #1`,
      `@${"a".repeat(size)} #${"1".repeat(16)} @${"b".repeat(16)}`,
      `otpauth://totp/${"x".repeat(size)}?secret=JBSWY3DPEHPK3PXP`,
      `{"type":"${"t".repeat(size)}","challenge":"c","origin":"o"}`,
      "[".repeat(size),
      "{\"a\":".repeat(1 << 20),
    ],
  };
}

test("no input up to 16 MiB traps the module or exhausts its memory", () => {
  const { bytes, text } = sixteenMiB();
  const asBytes = (t) => new TextEncoder().encode(t);
  for (const b of [...bytes, ...text.map(asBytes)]) {
    callSafely(() => otp.parseAttestationObject(b));
    callSafely(() => otp.parseAuthenticatorData(b));
    callSafely(() => otp.parseClientDataJSON(b));
    callSafely(() => otp.base32Encode(b));
    callSafely(() => otp.base64urlEncode(b));
    callSafely(() => new otp.Totp({ secret: b }).generate(0));
  }
  for (const t of text) {
    callSafely(() => otp.parseUri(t));
    callSafely(() => otp.base32Decode(t));
    callSafely(() => otp.base64urlDecode(t));
    callSafely(() => otp.normalizeCode(t));
    callSafely(() => otp.extractCode(t));
    callSafely(() => otp.parseSmsMessage(t));
    callSafely(() => otp.checkOrigin(t, { hostname: "a", topHostname: t }));
    callSafely(() => otp.checkCode(t));
    callSafely(() => new otp.Totp({ secret: "JBSWY3DPEHPK3PXP" }).verify(t));
    callSafely(() => new otp.Totp({ secret: "JBSWY3DPEHPK3PXP", issuer: t, label: t }).toUri());
  }
  // Still working, with the right answers.
  assert.equal(new otp.Hotp({ secret: "JBSWY3DPEHPK3PXP" }).generate(0), "282760");
  assert.deepEqual(otp.parseSmsMessage("@a.example #1"), { code: "1", domain: "a.example", embeddedDomain: null });
});

/**
 * The browser entries loaded from the installed package with their own .wasm, as a page loads
 * them; `memory` is that .wasm's memory (what `init` resolves to holds it).
 */
async function browserEntry(file, wasm) {
  const dir = dirname(createRequire(import.meta.url).resolve("otp-wasm/package.json"));
  const entry = await import(pathToFileURL(join(dir, file)).href);
  const { memory } = entry.initSync({ module: readFileSync(join(dir, wasm)) });
  return { entry, memory };
}

test("memory stays flat: thousands of calls of every export grow nothing (src/js/arena.rs)", async () => {
  const secret = "JBSWY3DPEHPK3PXP";
  const authData = new Uint8Array(37);
  for (const [file, wasm] of [["otp.js", "web-otp/otp_wasm_bg.wasm"], ["index.js", "web/otp_wasm_bg.wasm"]]) {
    const { entry: e, memory } = await browserEntry(file, wasm);
    const calls = [
      () => new e.Totp({ secret, issuer: "Shop", label: "ann" }).generate(0),
      () => new e.Totp({ secret }).verify("123 456", { window: 5, afterStep: 3 }),
      () => new e.Hotp({ secret, counter: 2n ** 60n }).verify("123456", { window: 10 }),
      () => e.parseUri(`otpauth://totp/Shop:ann?secret=${secret}&issuer=Shop`).toUri(),
      () => e.parseUri("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP"),
      () => e.generateSecret(64),
      () => e.base32Decode(e.base32Encode(randomBytes(100), { padding: true })),
      () => e.base64urlDecode(e.base64urlEncode(randomBytes(100))),
      () => e.base32Decode("not base32!"),
    ];
    if (e.normalizeCode) {
      calls.push(
        () => e.normalizeCode("１２３ ４５６"),
        () => e.extractCode("Your code: 123-456. Do not share it."),
        () => e.checkCode("12a"),
        () => e.checkOrigin("@shop.example #123456", { hostname: "shop.example" }),
        () => e.parseSmsMessage("@a.example #1 @b.example"),
        () => e.parseAuthenticatorData(authData),
        () => e.parseClientDataJSON(new TextEncoder().encode('{"type":"t","challenge":"c","origin":"o","x":[1,{"y":2}]}')),
        () => e.parseAttestationObject(randomBytes(50)),
      );
    }
    const everyCall = () => calls.forEach((call) => callSafely(call));
    everyCall(); // the first calls may make what lives on (wasm-bindgen's table of values)
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 3000; i++) everyCall();
    assert.equal(memory.buffer.byteLength, before, `${file}: memory grew over ${3000 * calls.length} calls`);
  }
  // The QR entry: drawing and reading (with std and its crates' allocations), 300 times each.
  const { entry: qr, memory } = await browserEntry("qr.js", "web-qr/otp_wasm_bg.wasm");
  const svg = qr.qrSvg("otpauth://totp/Shop:ann?secret=JBSWY3DPEHPK3PXP");
  const side = Number(/viewBox="0 0 (\d+)/.exec(svg)[1]) * 3;
  const pixels = { data: new Uint8ClampedArray(side * side * 4).fill(255), width: side, height: side };
  const round = async () => {
    qr.qrSvg(randomBytes(40).toString("hex"), { ecc: "H" });
    await qr.decodeQr(pixels);
    await qr.decodeQr({ data: new Uint8ClampedArray(64 * 64 * 4).map(() => Math.random() * 256), width: 64, height: 64 });
  };
  await round();
  const before = memory.buffer.byteLength;
  for (let i = 0; i < 300; i++) await round();
  assert.equal(memory.buffer.byteLength, before, "qr.js: memory grew");
});
