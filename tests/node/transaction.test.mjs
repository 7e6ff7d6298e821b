// The payment binding through the installed package: tests/vectors/transaction.json (written by
// scripts/transaction-vectors.py from the documented encoding) in Node's build and in the
// browser build of the main entry; the encoding again over node:crypto for random payments;
// questions answered by an Ocra; every error; the declarations under --strict.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import * as main from "otp-wasm";
import { throwsCode } from "./support.mjs";

const vectors = JSON.parse(readFileSync("transaction.json", "utf8"));
const hex = (bytes) => Buffer.from(bytes).toString("hex");
const unhex = (text) => new Uint8Array(Buffer.from(text, "hex"));

/** The browser build of `otp-wasm` from the installed package, with its own .wasm. */
async function browserMain() {
  const dir = dirname(createRequire(import.meta.url).resolve("otp-wasm/package.json"));
  const entry = await import(pathToFileURL(join(dir, "index.js")).href);
  entry.initSync({ module: readFileSync(join(dir, "web/otp_wasm_bg.wasm")) });
  return entry;
}

test("every vector, in Node's build and the browser's", async () => {
  for (const api of [main, await browserMain()]) {
    for (const c of vectors.cases) {
      const tx = { amount: c.amount, currency: c.currency, payee: c.payee, ...(c.reference ? { reference: c.reference } : {}) };
      const described = api.describeTransaction(tx);
      assert.deepEqual({ ...described, bytes: hex(described.bytes) }, {
        amount: c.canonicalAmount,
        currency: c.currency,
        payee: c.payee,
        reference: c.reference,
        statement: c.statement,
        bytes: c.bytes,
      });
      assert.equal(hex(api.transactionChallenge(tx, unhex(c.nonce))), c.challenge);
      assert.equal(hex(api.transactionChallenge(tx, unhex(c.longNonce).buffer)), c.longNonceChallenge);
      for (const [name, question] of Object.entries(c.questions)) {
        const [format, length] = [name[0], Number(name.slice(1))];
        const suite = `OCRA-1:HOTP-SHA1-6:Q${format}64`;
        assert.equal(api.transactionQuestion(tx, { nonce: unhex(c.nonce), suite, length }), question, `${c.payee} ${name}`);
      }
    }
    for (const c of vectors.refused) throwsCode(assert, () => api.describeTransaction(c), c.code);
  }
});

/** The documented encoding, written again here over node:crypto. */
function field(bytes) {
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 255]), Buffer.from(bytes)]);
}
function encode({ amount, currency, payee, reference = "" }) {
  return Buffer.concat([Buffer.from("OTPWASM-TX1"), ...[amount, currency, payee, reference].map((part) => field(Buffer.from(part)))]);
}

test("random payments encode as the documentation says, and any change changes the binding", () => {
  const words = ["Demo", "Shop", "Ltd", "Bäckerei", "株式会社", "متجر", "Ñandú", "S.A."];
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  for (let i = 0; i < 300; i++) {
    const cents = 1 + Math.floor(Math.random() * 1_000_000);
    const tx = {
      amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`,
      currency: pick(["EUR", "USD", "GBP"]),
      payee: Array.from({ length: 1 + (i % 3) }, () => pick(words)).join(" "),
      reference: i % 2 ? `ref-${i}` : "",
    };
    const nonce = randomBytes(16 + (i % 49));
    const described = main.describeTransaction(tx);
    assert.equal(hex(described.bytes), encode(tx).toString("hex"), JSON.stringify(tx));
    const expected = createHash("sha256").update(Buffer.concat([encode(tx), field(nonce), field(Buffer.from("webauthn"))])).digest("hex");
    assert.equal(hex(main.transactionChallenge(tx, nonce)), expected);
    // One cent more, another currency, another payee, another reference: never the same.
    const changed = [
      { ...tx, amount: `${Math.floor((cents + 1) / 100)}.${String((cents + 1) % 100).padStart(2, "0")}` },
      { ...tx, currency: tx.currency === "EUR" ? "USD" : "EUR" },
      { ...tx, payee: `${tx.payee}x` },
      { ...tx, reference: `${tx.reference}x` },
    ];
    for (const other of changed) {
      assert.notEqual(hex(main.transactionChallenge(other, nonce)), expected, JSON.stringify(other));
      assert.notEqual(hex(main.describeTransaction(other).bytes), hex(described.bytes));
    }
  }
});

test("a question for an Ocra's suite is answered by that Ocra, and only for that payment", () => {
  const ocra = new main.Ocra({ suite: "OCRA-1:HOTP-SHA256-8:QN08-T1M", secret: randomBytes(32) });
  const tx = { amount: "42", currency: "EUR", payee: "Demo Shop Ltd" };
  const nonce = randomBytes(16);
  const question = main.transactionQuestion(tx, { nonce, suite: ocra });
  assert.match(question, /^\d{8}$/);
  assert.equal(main.transactionQuestion(tx, { nonce, suite: ocra.suite }), question);
  const response = ocra.generate({ question });
  assert.deepEqual(ocra.verify(response, { question, timeWindow: 0 })?.delta, 0);
  const other = main.transactionQuestion({ ...tx, amount: "42.01" }, { nonce, suite: ocra });
  assert.notEqual(other, question);
  assert.equal(main.transactionQuestion(tx, { nonce, suite: "OCRA-1:HOTP-SHA1-6:QA06" }).length, 6);
  assert.match(main.transactionQuestion(tx, { nonce, suite: "OCRA-1:HOTP-SHA1-6:QH40", length: 40 }), /^[0-9a-f]{40}$/);
});

test("every failure is an OtpError with its code", () => {
  const { describeTransaction, transactionChallenge, transactionQuestion } = main;
  const tx = { amount: "42", currency: "EUR", payee: "Demo Shop Ltd" };
  const nonce = new Uint8Array(16);
  throwsCode(assert, () => describeTransaction({ ...tx, amount: 42 }), "invalid_argument");
  throwsCode(assert, () => describeTransaction({ ...tx, payee: undefined }), "invalid_argument");
  throwsCode(assert, () => describeTransaction({ ...tx, reference: 7 }), "invalid_argument");
  throwsCode(assert, () => describeTransaction(), "invalid_argument");
  throwsCode(assert, () => describeTransaction({ ...tx, amount: "9".repeat(100_000) }), "invalid_amount");
  throwsCode(assert, () => describeTransaction({ ...tx, payee: "x".repeat(100_000) }), "invalid_payee");
  // A lone surrogate would be signed as U+FFFD: refused, as Rust's &str cannot hold one.
  throwsCode(assert, () => describeTransaction({ ...tx, payee: "Demo \uD800" }), "invalid_payee");
  throwsCode(assert, () => describeTransaction({ ...tx, reference: "\uDC00" }), "invalid_reference");
  throwsCode(assert, () => transactionQuestion(tx, { nonce, suite: { dataInput: 1 } }), "invalid_argument");
  throwsCode(assert, () => transactionChallenge(tx, new Uint8Array(15)), "invalid_argument");
  throwsCode(assert, () => transactionChallenge(tx, new Uint8Array(65)), "invalid_argument");
  throwsCode(assert, () => transactionChallenge(tx, "nonce"), "invalid_argument");
  throwsCode(assert, () => transactionQuestion(tx, { nonce, suite: "OCRA-1:HOTP-SHA1-6:QN99" }), "invalid_suite");
  throwsCode(assert, () => transactionQuestion(tx, { nonce, suite: "OCRA-1:HOTP-SHA1-6:QN08", length: 9 }), "invalid_argument");
  throwsCode(assert, () => transactionQuestion(tx, { nonce, suite: "OCRA-1:HOTP-SHA1-6:QN64", length: 20 }), "invalid_argument");
  throwsCode(assert, () => transactionQuestion(tx, { nonce, suite: "OCRA-1:HOTP-SHA1-6:QN08", length: 3 }), "invalid_argument");
  throwsCode(assert, () => transactionQuestion({ ...tx, currency: "XAU" }, { nonce, suite: "OCRA-1:HOTP-SHA1-6:QN08" }), "unknown_currency");
  assert.throws(
    () => describeTransaction({ ...tx, amount: "42.001" }),
    (error) => error instanceof main.OtpError && /minor units/.test(error.message),
  );
});

test("the declarations type the payment binding under --strict", () => {
  writeFileSync(
    "transaction-types.mts",
    `import { describeTransaction, transactionChallenge, transactionQuestion, Ocra, type Transaction } from "otp-wasm";
const tx: Transaction = { amount: "42", currency: "EUR", payee: "Demo Shop Ltd" };
const statement: string = describeTransaction(tx).statement;
const challenge: Uint8Array = transactionChallenge(tx, new Uint8Array(16));
const question: string = transactionQuestion(tx, { nonce: new Uint8Array(16), suite: new Ocra({ suite: "OCRA-1:HOTP-SHA1-6:QN08", secret: "GEZDGNBV" }) });
// @ts-expect-error amounts are decimal text
describeTransaction({ amount: 42, currency: "EUR", payee: "x" });
// @ts-expect-error a nonce is required
transactionQuestion(tx, { suite: "OCRA-1:HOTP-SHA1-6:QN08" });
export { statement, challenge, question };
`,
  );
  writeFileSync("transaction-tsconfig.json", JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", types: [], lib: ["es2022", "dom"] },
    files: ["transaction-types.mts"],
  }));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", "transaction-tsconfig.json"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
