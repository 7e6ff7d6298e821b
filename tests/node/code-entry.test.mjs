// Code entry through the installed package: the shared message table, live checking, the
// origin-bound SMS format, and the Unicode digit table against the engine's own Unicode data.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { checkCode, checkOrigin, extractCode, normalizeCode, parseSmsMessage } from "otp-wasm";
import { throwsCode } from "./support.mjs";

const messages = JSON.parse(readFileSync(new URL("./messages.json", import.meta.url), "utf8"));

test("extractCode finds the code in every message of the table", () => {
  assert.ok(messages.length >= 40);
  for (const m of messages) {
    assert.equal(extractCode(m.text, { digits: m.digits ?? 6 }), m.code, `${m.note}: ${m.text}`);
  }
  throwsCode(assert, () => extractCode("123456", { digits: 11 }), "invalid_argument");
  throwsCode(assert, () => extractCode(null), "invalid_argument");
});

test("checkCode follows an entry keystroke by keystroke, and never throws", () => {
  const typed = ["1", "12", "123", "123 ", "123 4", "123 45", "123 456"];
  assert.deepEqual(
    typed.map((t) => checkCode(t).state),
    ["incomplete", "incomplete", "incomplete", "incomplete", "incomplete", "incomplete", "complete"],
  );
  assert.deepEqual(checkCode(""), { state: "empty", code: "", error: null });
  assert.deepEqual(checkCode("123 456"), { state: "complete", code: "123456", error: null });
  assert.deepEqual(checkCode("12a"), { state: "invalid", code: "12", error: "invalid_character" });
  assert.deepEqual(checkCode("1234567"), { state: "invalid", code: "1234567", error: "too_long" });
  assert.deepEqual(checkCode("１２３４", { digits: 4 }), { state: "complete", code: "1234", error: null });
  for (const hostile of [undefined, null, 42, {}, "\uD800", "x".repeat(1 << 20)]) {
    assert.equal(checkCode(hostile).state, "invalid");
  }
  assert.deepEqual(checkCode("1", { digits: 99 }), { state: "invalid", code: "", error: "invalid_argument" });
});

const sms = JSON.parse(readFileSync(new URL("./sms.json", import.meta.url), "utf8"));

test("parseSmsMessage follows the WICG algorithm: every example and every step", () => {
  assert.ok(sms.parse.length >= 25);
  for (const { message, expected, note } of sms.parse) {
    assert.deepEqual(parseSmsMessage(message), expected, note);
  }
});

test("checkOrigin: bound to this page, or wrong_origin", () => {
  for (const { message, hostname, topHostname, bound, note } of sms.origin) {
    if (bound) {
      assert.equal(checkOrigin(message, { hostname, topHostname }).code, "123456", note);
    } else {
      throwsCode(assert, () => checkOrigin(message, { hostname, topHostname }), "wrong_origin");
    }
  }
  assert.equal(checkOrigin("Your code is 123456", { hostname: "shop.example" }), null);
  throwsCode(assert, () => checkOrigin("@shop.example #1", {}), "invalid_argument");
  throwsCode(assert, () => checkOrigin("@shop.example #1", { hostname: "shop.example", topHostname: 7 }), "invalid_argument");
});

test("every decimal digit V8 knows (\\p{Nd}) normalizes to its value", () => {
  const nd = /^\p{Nd}$/u;
  let checked = 0;
  let runStart = -1;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (!nd.test(ch)) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = cp;
    const value = (cp - runStart) % 10; // runs are whole blocks of ten (or several, as in math digits)
    assert.equal(normalizeCode(ch.repeat(4), { digits: 4 }), String(value).repeat(4), `U+${cp.toString(16)}`);
    checked++;
  }
  assert.ok(checked >= 680, `only ${checked} digits`);
  // And nothing that is not a digit passes for one.
  for (const ch of ["a", "½", "①", "Ⅻ", "٫", "〇", "零"]) {
    throwsCode(assert, () => normalizeCode(ch.repeat(6)), "invalid_character");
  }
});

test("receiveSmsCode rejects with unsupported in Node, and attachCodeInput needs an <input>", async () => {
  const otp = await import("otp-wasm");
  await assert.rejects(otp.receiveSmsCode(), (error) => error.name === "OtpError" && error.code === "unsupported");
  await assert.rejects(otp.receiveSmsCode({ timeoutMs: 10 }), (error) => error.code === "unsupported");
  await assert.rejects(otp.receiveSmsCode({ signal: "soon" }), (error) => error.code === "invalid_argument");
  await assert.rejects(otp.receiveSmsCode(42), (error) => error.code === "invalid_argument");
  throwsCode(assert, () => otp.attachCodeInput({ value: "" }), "invalid_argument");
  throwsCode(assert, () => otp.attachCodeInput(undefined), "invalid_argument");
});
