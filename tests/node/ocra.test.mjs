// OCRA (RFC 6287) through the installed package: Appendix C and the independent Python
// implementation's cases (tests/vectors/ocra.json, scripts/ocra-vectors.py) in Node's build and
// in the browser build of `otp-wasm/otp` (its own .wasm); a second independent implementation
// here over node:crypto, for random suites and inputs; verification windows; every error.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import * as main from "otp-wasm";
import * as otpEntry from "otp-wasm/otp";
import { throwsCode } from "./support.mjs";

const vectors = JSON.parse(readFileSync("ocra.json", "utf8"));
const hex = (text) => new Uint8Array(Buffer.from(text, "hex"));

/** A vector's inputs as `generate` takes them. */
function inputs(c) {
  const input = { question: c.question };
  if (c.counter !== undefined) input.counter = BigInt(c.counter);
  if (c.pin !== undefined) input.pin = c.pin;
  if (c.pinHash !== undefined) input.pinHash = hex(c.pinHash);
  if (c.session !== undefined) input.session = hex(c.session);
  if (c.timestampMs !== undefined) input.timestampMs = c.timestampMs;
  return input;
}

/** The browser build of `otp-wasm/otp` from the installed package, with its own .wasm. */
function browserOtpEntry() {
  const dir = dirname(createRequire(import.meta.url).resolve("otp-wasm/package.json"));
  return import(pathToFileURL(join(dir, "otp.js")).href).then((entry) => {
    const { memory } = entry.initSync({ module: readFileSync(join(dir, "web-otp/otp_wasm_bg.wasm")) });
    return { entry, memory };
  });
}

test("every vector, in Node's build and the browser's otp-wasm/otp", async () => {
  const { entry: browser } = await browserOtpEntry();
  assert.equal(otpEntry.Ocra, main.Ocra);
  assert.equal(vectors.rfc.length, 70);
  for (const { Ocra } of [main, browser]) {
    for (const c of [...vectors.rfc, ...vectors.cases]) {
      const ocra = new Ocra({ suite: c.suite, secret: c.secret });
      const input = inputs(c);
      assert.equal(ocra.generate(input), c.response, JSON.stringify(c));
      const matched = ocra.verify(c.response, { ...input, timeWindow: c.timestampMs === undefined ? undefined : 0 });
      assert.equal(matched?.delta, 0, JSON.stringify(c));
      // Bytes and base32 are the same secret.
      assert.equal(new Ocra({ suite: c.suite, secret: main.base32Decode(c.secret) }).generate(input), c.response);
    }
    for (const suite of vectors.badSuites) throwsCode(assert, () => new Ocra({ suite, secret: "GEZDGNBV" }), "invalid_suite");
  }
});

/** OCRA over node:crypto, from the RFC's text (§5.1, §5.2), for the suites `randomSuite` makes. */
function reference(suite, secret, input) {
  const { hash, digits, counter, format, pinHash, sessionLength, stepSeconds } = suite;
  const parts = [Buffer.from(`${suiteText(suite)}\0`)];
  if (counter) parts.push(Buffer.from(BigInt(input.counter).toString(16).padStart(16, "0"), "hex"));
  const text = [input.question].flat().join("");
  const questionHex = format === "N" ? BigInt(text).toString(16) : format === "A" ? Buffer.from(text).toString("hex") : text;
  parts.push(Buffer.from(questionHex.padEnd(256, "0"), "hex"));
  if (pinHash) parts.push(createHash(pinHash.replace("SHA", "sha")).update(input.pin).digest());
  if (sessionLength) parts.push(Buffer.concat([Buffer.alloc(sessionLength - input.session.length), input.session]));
  if (stepSeconds) {
    const steps = BigInt(input.timestampMs) / BigInt(stepSeconds * 1000);
    parts.push(Buffer.from(steps.toString(16).padStart(16, "0"), "hex"));
  }
  const mac = createHmac(hash.replace("SHA", "sha"), secret).update(Buffer.concat(parts)).digest();
  if (digits === 0) return mac.toString("hex");
  const value = mac.readUInt32BE(mac[mac.length - 1] & 0x0f) & 0x7fffffff;
  return String(value % 10 ** digits).padStart(digits, "0");
}

function suiteText({ hash, digits, counter, format, length, pinHash, sessionLength, timeStep }) {
  const input = [counter && "C", `Q${format}${String(length).padStart(2, "0")}`];
  if (pinHash) input.push(`P${pinHash}`);
  if (sessionLength) input.push(`S${String(sessionLength).padStart(3, "0")}`);
  if (timeStep) input.push(`T${timeStep}`);
  return `OCRA-1:HOTP-${hash}-${digits}:${input.filter(Boolean).join("-")}`;
}

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const characters = { N: "0123456789", A: " !~azAZ09:-|", H: "0123456789abcdefABCDEF" };

function randomSuite() {
  const [timeStep, stepSeconds] = pick([[null, 0], ["30S", 30], ["1M", 60], ["59M", 3540], ["48H", 172800]]);
  return {
    hash: pick(["SHA1", "SHA256", "SHA512"]),
    digits: pick([0, 4, 6, 8, 10]),
    counter: Math.random() < 0.5,
    format: pick(["N", "A", "H"]),
    length: 4 + Math.floor(Math.random() * 61),
    pinHash: pick([null, "SHA1", "SHA256", "SHA512"]),
    sessionLength: pick([0, 1, 64, 512]),
    timeStep,
    stepSeconds,
  };
}

test("random suites and inputs agree with an implementation over node:crypto", () => {
  for (let round = 0; round < 400; round++) {
    const suite = randomSuite();
    const secret = randomBytes(1 + Math.floor(Math.random() * 150));
    const question = () => {
      const length = 4 + Math.floor(Math.random() * (suite.length - 3));
      return Array.from({ length }, () => pick(characters[suite.format])).join("");
    };
    const input = { question: Math.random() < 0.2 ? [question(), question()] : question() };
    if (suite.counter) input.counter = pick([0, 1, 2 ** 53 - 1, 2n ** 64n - 1n, BigInt(Math.floor(Math.random() * 2 ** 40))]);
    if (suite.pinHash) input.pin = pick(["", "1234", "pässwörd ☃"]);
    if (suite.sessionLength) input.session = randomBytes(Math.floor(Math.random() * (suite.sessionLength + 1)));
    if (suite.timeStep) input.timestampMs = Math.floor(Math.random() * 2 ** 43);
    const ocra = new main.Ocra({ suite: suiteText(suite), secret });
    const expected = reference(suite, secret, input);
    assert.equal(ocra.generate(input), expected, `${suiteText(suite)} ${JSON.stringify(input, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`);
    assert.ok(ocra.verify(expected.toUpperCase(), input));
    ocra.free();
  }
});

test("the suite's description, and a key that was freed", () => {
  const ocra = new main.Ocra({ suite: "OCRA-1:HOTP-SHA512-10:C-QH64-PSHA256-S512-T48H", secret: new Uint8Array(20) });
  assert.equal(ocra.suite, "OCRA-1:HOTP-SHA512-10:C-QH64-PSHA256-S512-T48H");
  assert.deepEqual([ocra.algorithm, ocra.digits], ["SHA512", 10]);
  assert.deepEqual(ocra.dataInput, {
    counter: true,
    question: { format: "H", maxLength: 64 },
    pinHash: "SHA256",
    sessionLength: 512,
    timeStepSeconds: 172800,
  });
  const bare = new main.Ocra({ suite: "OCRA-1:HOTP-SHA1-0:QA08", secret: "GEZDGNBV" });
  assert.deepEqual(bare.dataInput, { counter: false, question: { format: "A", maxLength: 8 }, pinHash: null, sessionLength: null, timeStepSeconds: null });
  assert.equal(bare.digits, 0);
  bare.free();
  bare.free();
  throwsCode(assert, () => bare.generate({ question: "abcd" }), "invalid_state");
  throwsCode(assert, () => bare.suite, "invalid_state");
});

test("verify: windows, the counter in the type it came in, the step, and null", () => {
  const { Ocra } = main;
  const ocra = new Ocra({ suite: "OCRA-1:HOTP-SHA256-8:C-QN08-T1M", secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" });
  const at = (counter, timestampMs) => ({ question: "12345678", counter, timestampMs });
  const response = ocra.generate(at(2n ** 64n - 1n, 600_000));
  assert.deepEqual(ocra.verify(response, { ...at(2n ** 64n - 3n, 660_000), counterWindow: 2 }), { delta: 2, counter: 2n ** 64n - 1n, step: 10, stepDelta: -1 });
  assert.equal(ocra.verify(response, { ...at(2n ** 64n - 3n, 660_000), counterWindow: 1 }), null);
  assert.equal(ocra.verify(response, { ...at(2n ** 64n - 1n, 720_000), counterWindow: 0 }), null);
  assert.equal(ocra.verify(response, { ...at(2n ** 64n - 1n, 720_000), timeWindow: 2 })?.stepDelta, -2);

  const counted = new Ocra({ suite: "OCRA-1:HOTP-SHA1-6:C-QA08", secret: "GEZDGNBV" });
  const code = counted.generate({ question: "SIG10000", counter: 2 ** 53 - 1 });
  assert.deepEqual(counted.verify(code, { question: "SIG10000", counter: 2 ** 53 - 3, counterWindow: 5 }), { delta: 2, counter: 2 ** 53 - 1 });
  assert.deepEqual(counted.verify(` ${code.slice(0, 3)} ${code.slice(3)} `, { question: "SIG10000", counter: 2 ** 53 - 1 }), { delta: 0, counter: 2 ** 53 - 1 });
  for (const malformed of ["", "12345", "1234567", "12a456", "x".repeat(10_000)]) {
    assert.equal(counted.verify(malformed, { question: "SIG10000", counter: 0, counterWindow: 3 }), null);
  }

  const timed = new Ocra({ suite: "OCRA-1:HOTP-SHA512-8:QA10-T1M", secret: vectors.rfc[0].secret });
  const now = Date.now();
  const then = timed.generate({ question: "SIG1000000", timestampMs: now });
  assert.equal(timed.verify(then, { question: "SIG1000000", timestampMs: now + 60_000 })?.delta, -1);
  // timestampMs defaults to now on both sides.
  const fresh = timed.generate({ question: "SIG1000000" });
  assert.deepEqual(Object.keys(timed.verify(fresh, { question: "SIG1000000" })), ["delta", "step"]);

  const plain = new Ocra({ suite: "OCRA-1:HOTP-SHA256-8:QA08", secret: "GEZDGNBV" });
  assert.deepEqual(plain.verify(plain.generate({ question: "SIG10000" }), { question: "SIG10000" }), { delta: 0 });
});

test("every failure is an OtpError with its code", () => {
  const { Ocra, OtpError } = main;
  const secret = "GEZDGNBVGY3TQOJQ";
  const full = new Ocra({ suite: "OCRA-1:HOTP-SHA1-6:C-QN08-PSHA1-S064-T1M", secret });
  const complete = { question: "12345678", counter: 1, pin: "1234", session: new Uint8Array(3) };
  assert.match(full.generate(complete), /^\d{6}$/);
  const without = (name) => Object.fromEntries(Object.entries(complete).filter(([key]) => key !== name));
  throwsCode(assert, () => full.generate(without("counter")), "missing_counter");
  throwsCode(assert, () => full.generate(without("pin")), "missing_pin");
  throwsCode(assert, () => full.verify("123456", without("session")), "missing_session");
  throwsCode(assert, () => full.generate({ ...complete, question: "1234567a" }), "invalid_question");
  throwsCode(assert, () => full.generate({ ...complete, question: "123" }), "invalid_question");
  throwsCode(assert, () => full.generate({ ...complete, question: ["1234", "5678", "9012"] }), "invalid_argument");
  throwsCode(assert, () => full.generate({ ...complete, question: 12345678 }), "invalid_argument");
  throwsCode(assert, () => full.generate({ ...complete, pinHash: new Uint8Array(20) }), "invalid_argument");
  throwsCode(assert, () => full.generate({ ...without("pin"), pinHash: new Uint8Array(19) }), "invalid_argument");
  throwsCode(assert, () => full.generate({ ...complete, session: new Uint8Array(65) }), "invalid_argument");
  throwsCode(assert, () => full.generate({ ...complete, counter: -1 }), "invalid_counter");
  throwsCode(assert, () => full.generate({ ...complete, counter: "1" }), "invalid_argument");
  throwsCode(assert, () => full.verify("123456", { ...complete, counterWindow: 101 }), "invalid_argument");
  throwsCode(assert, () => full.verify(123456, complete), "invalid_argument");
  throwsCode(assert, () => full.generate(), "invalid_argument");

  const bare = new Ocra({ suite: "OCRA-1:HOTP-SHA1-6:QN08", secret });
  for (const extra of [{ counter: 0 }, { pin: "1" }, { pinHash: new Uint8Array(20) }, { session: new Uint8Array(0) }, { timestampMs: 0 }]) {
    throwsCode(assert, () => bare.generate({ question: "12345678", ...extra }), "invalid_argument");
  }
  throwsCode(assert, () => bare.verify("123456", { question: "12345678", counterWindow: 1 }), "invalid_argument");
  throwsCode(assert, () => bare.verify("123456", { question: "12345678", timeWindow: 1 }), "invalid_argument");

  throwsCode(assert, () => new Ocra({ suite: "OCRA-1:HOTP-SHA1-6:QN08" }), "missing_secret");
  throwsCode(assert, () => new Ocra({ suite: "OCRA-1:HOTP-SHA1-6:QN08", secret: "" }), "missing_secret");
  throwsCode(assert, () => new Ocra({ suite: "OCRA-1:HOTP-SHA1-6:QN08", secret: "not base32!" }), "invalid_base32");
  throwsCode(assert, () => new Ocra({ suite: 42, secret }), "invalid_argument");
  throwsCode(assert, () => new Ocra(), "invalid_argument");
  assert.throws(
    () => new Ocra({ suite: "OCRA-1:HOTP-SHA1-6:QN08-T0H", secret }),
    (error) => error instanceof OtpError && error.message === "not a valid OCRA suite (RFC 6287 §6)",
  );
});

test("memory stays flat over thousands of OCRA calls in the browser build", async () => {
  const { entry, memory } = await browserOtpEntry();
  const ocra = new entry.Ocra({ suite: "OCRA-1:HOTP-SHA512-8:C-QH64-PSHA1-S512-T1M", secret: randomBytes(64) });
  const input = { question: ["ab".repeat(32), "CD".repeat(32)], counter: 5n, pin: "1234", session: randomBytes(512), timestampMs: 0 };
  const calls = () => {
    const response = ocra.generate(input);
    ocra.verify(response, { ...input, counterWindow: 3, timeWindow: 2 });
    ocra.verify("garbage", input);
    try {
      ocra.generate({ ...input, question: "xyz" });
    } catch {}
    new entry.Ocra({ suite: "OCRA-1:HOTP-SHA1-6:QN08", secret: "GEZDGNBV" }).free();
  };
  calls();
  const before = memory.buffer.byteLength;
  for (let i = 0; i < 2000; i++) calls();
  assert.equal(memory.buffer.byteLength, before);
});

test("the declarations type Ocra under --strict, and reject misuse", () => {
  writeFileSync(
    "ocra-types.mts",
    `import { Ocra, type OcraMatch } from "otp-wasm/otp";
import { Ocra as MainOcra } from "otp-wasm";
const ocra: MainOcra = new Ocra({ suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", secret: new Uint8Array(32) });
const response: string = ocra.generate({ question: "12345678", counter: 1n, pin: "1234" });
const mutual: string = ocra.generate({ question: ["CLI22220", "SRV11110"], counter: 0, pinHash: new Uint8Array(20) });
const match: OcraMatch | null = ocra.verify(response, { question: "12345678", counter: 0, pin: "1234", counterWindow: 5 });
const counter: number | bigint | undefined = match?.counter;
const format: "N" | "A" | "H" = ocra.dataInput.question.format;
const step: number | null = ocra.dataInput.timeStepSeconds;
// @ts-expect-error the question is required
ocra.generate({ counter: 1 });
// @ts-expect-error three challenges are not the mutual mode
ocra.generate({ question: ["a", "b", "c"] });
// @ts-expect-error a suite is required
new Ocra({ secret: "GEZDGNBV" });
export { mutual, counter, format, step };
`,
  );
  writeFileSync("ocra-tsconfig.json", JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", types: [], lib: ["es2022", "dom"] },
    files: ["ocra-types.mts"],
  }));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", "ocra-tsconfig.json"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
