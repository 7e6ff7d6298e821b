// importAccounts and exportAccounts through the installed package: backup files the apps
// themselves wrote (tests/vectors/backups: Aegis, 2FAS, andOTP, FreeOTP+, Bitwarden, Ente, a
// URI list), each read into the accounts it was made from, codes checked with node:crypto;
// encrypted ones with their passphrase, a wrong one and none; exports read back, and an
// encrypted Aegis export opened by an independent implementation (scripts/aegis-decrypt.py);
// hostile files refused with OtpErrors.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { Hotp, OtpError, Totp, parseUri } from "otp-wasm";
import { exportAccounts, importAccounts } from "otp-wasm/import";

const SAMPLES = new URL("../../vectors/backups/", import.meta.url);
const DECRYPT = new URL("../../../scripts/aegis-decrypt.py", import.meta.url).pathname;
const sample = (name) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));
const AT = 1_700_000_000_000;
const STEAM = "23456789BCDFGHJKMNPQRTVWXY";

/** RFC 4226 §5.3 with node:crypto, and Steam's letters: the independent computation. */
function code(key) {
  const counter = key instanceof Totp ? Math.floor(AT / 1000 / key.period) : BigInt(key.counter);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const secret = Buffer.from(base32(key.secret));
  const hs = createHmac(key.algorithm.replace("SHA", "sha"), secret).update(message).digest();
  let value = hs.readUInt32BE(hs[hs.length - 1] & 0xf) & 0x7fffffff;
  if (key.encoding !== "steam") return String(value % 10 ** key.digits).padStart(key.digits, "0");
  let letters = "";
  for (let i = 0; i < 5; i++, value = Math.floor(value / 26)) letters += STEAM[value % 26];
  return letters;
}

function base32(text) {
  const bits = [...text].map((c) => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c).toString(2).padStart(5, "0")).join("");
  return Uint8Array.from(bits.match(/.{8}/g) ?? [], (byte) => parseInt(byte, 2));
}

/** A key as the facts a user sees, its code included. */
const describe = (key) => ({
  type: key instanceof Totp ? "totp" : "hotp",
  secret: key.secret,
  algorithm: key.algorithm,
  digits: key.digits,
  encoding: key.encoding,
  moving: key instanceof Totp ? key.period : key.counter,
  issuer: key.issuer,
  label: key.label,
  code: key instanceof Totp ? key.generate(AT) : key.generate(),
});

const accounts = new TextDecoder().decode(sample("plain.txt")).trim().split("\n").map((uri) => describe(parseUri(uri)));

test("backups the apps wrote: every account, with the codes node:crypto computes", async () => {
  for (const [name, format, passphrase, count] of [
    ["plain.txt", "uris", undefined, 7],
    ["ente_auth.txt", "ente", undefined, 7],
    ["aegis_plain.json", "aegis", undefined, 7],
    ["aegis_encrypted.json", "aegis", "test", 7],
    ["andotp_plain.json", "andotp", undefined, 7],
    ["andotp_encrypted.bin", "andotp", "test", 7],
    ["2fas_authenticator_plain_v4.2fas", "2fas", undefined, 5],
    ["2fas_authenticator_encrypted_v4.2fas", "2fas", "test", 5],
    ["freeotp_plus.json", "freeotp-plus", undefined, 6],
  ]) {
    const imported = await importAccounts(sample(name), { passphrase });
    assert.equal(imported.format, format, name);
    assert.deepEqual(imported.skipped, [], name);
    assert.equal(imported.keys.length, count, name);
    for (const key of imported.keys) {
      assert.ok(key instanceof Totp || key instanceof Hotp, "the main entry's classes");
      const seen = describe(key);
      assert.equal(seen.code, code(key), `${name}: ${seen.label}`);
      assert.ok(accounts.some((account) => JSON.stringify(account) === JSON.stringify(seen)), `${name}: ${JSON.stringify(seen)}`);
    }
  }
  // A Blob (a File from an <input>), and Bitwarden's totp fields, steam://SECRET among them.
  const bitwarden = await importAccounts(new Blob([sample("bitwarden.json")]));
  assert.deepEqual([bitwarden.format, bitwarden.keys.length], ["bitwarden", 4]);
  assert.deepEqual([bitwarden.keys[3].encoding, bitwarden.keys[3].issuer, bitwarden.keys[3].label], ["steam", "Steam", "Test Steam"]);
  const csv = await importAccounts(new TextDecoder().decode(sample("bitwarden.csv")));
  assert.deepEqual(csv.keys.map((key) => key.toUri()), bitwarden.keys.map((key, i) => (i === 3 ? key.toUri().replace("Test%20Steam", "Test%204") : key.toUri())));
});

test("encrypted backups without their passphrase, or with a wrong one, are refused", async () => {
  for (const name of ["aegis_encrypted.json", "andotp_encrypted.bin", "andotp_encrypted_old.bin", "2fas_authenticator_encrypted_v4.2fas"]) {
    await assert.rejects(importAccounts(sample(name)), (e) => e instanceof OtpError && e.code === "passphrase_required", name);
    await assert.rejects(importAccounts(sample(name), { passphrase: "Test" }), (e) => e instanceof OtpError && e.code === "wrong_passphrase", name);
  }
});

test("exports read back the same, and Aegis's format is Aegis's: an independent decryption opens it", async () => {
  const keys = (await importAccounts(sample("plain.txt"))).keys;
  for (const options of [{ format: "uris" }, { format: "aegis" }, { format: "aegis", passphrase: "correct horse" }]) {
    const text = await exportAccounts(keys, options);
    const again = await importAccounts(text, { passphrase: options.passphrase });
    assert.equal(again.format, options.format);
    assert.deepEqual(again.keys.map(describe), accounts, JSON.stringify(options));
  }
  const sealed = await exportAccounts(keys, { format: "aegis", passphrase: "correct horse" });
  assert.ok(!sealed.includes(keys[0].secret), "no secret in the clear");
  writeFileSync("exported-aegis.json", sealed);
  const opened = spawnSync("python3", [DECRYPT, "exported-aegis.json", "correct horse"], { encoding: "utf8" });
  assert.equal(opened.status, 0, opened.stderr);
  const entries = JSON.parse(opened.stdout).entries;
  assert.deepEqual(
    entries.map((e) => [e.type, e.info.secret, e.info.algo, e.info.digits, e.info.period ?? e.info.counter, e.issuer, e.name]),
    accounts.map((a) => [a.encoding === "steam" ? "steam" : a.type, a.secret, a.algorithm, a.digits, a.moving, a.issuer, a.label]),
  );
  // Google Authenticator's transfer carries only some of them: the others are named.
  await assert.rejects(exportAccounts(keys, { format: "google-migration" }), (e) => e.code === "not_representable" && /SPDX: James/.test(e.message));
  const plain = [keys[0], keys[3]];
  const transfer = await importAccounts(await exportAccounts(plain, { format: "google-migration" }));
  assert.deepEqual([transfer.format, transfer.keys.map(describe)], ["google-migration", plain.map(describe)]);
});

test("entries that make no key are listed, never dropped; bad arguments and hostile files are OtpErrors", async () => {
  const mixed = await importAccounts("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP\nhello\notpauth://totp/B:b?secret=1\n");
  assert.equal(mixed.keys.length, 1);
  assert.deepEqual(mixed.skipped.map((s) => [s.index, s.code]), [[1, "invalid_uri"], [2, "invalid_base32"]]);
  assert.ok(mixed.skipped.every((s) => typeof s.message === "string" && s.message.length > 0));
  const garbage = new Uint8Array(10 << 20).map((_, i) => (i * 2654435761) >>> 13);
  const aegis = new TextDecoder().decode(sample("aegis_encrypted.json"));
  const hostile = [
    ["", undefined],
    ["{}", undefined],
    ["[".repeat(100_000), undefined],
    [garbage, undefined],
    [garbage.subarray(0, 1000), "test"],
    [new Uint8Array(17 << 20), undefined],
    [aegis.slice(0, aegis.length / 2), "test"],
    [aegis.replace('"n": 32768', '"n": 4294967296'), "test"],
    [sample("andotp_encrypted.bin").subarray(0, 40), "test"],
  ];
  for (const [data, passphrase] of hostile) {
    await assert.rejects(importAccounts(data, { passphrase }), (e) => e instanceof OtpError && ["unknown_format", "passphrase_required", "wrong_passphrase"].includes(e.code), String(data.length));
  }
  for (const [call, code] of [
    [() => importAccounts(42), "invalid_argument"],
    [() => importAccounts("x", { passphrase: 1 }), "invalid_argument"],
    [() => exportAccounts(["otpauth://totp/x?secret=JBSWY3DP"]), "invalid_argument"],
    [() => exportAccounts([], { format: "uris", passphrase: "p" }), "invalid_argument"],
    [() => exportAccounts([], { format: "csv" }), "invalid_argument"],
  ]) {
    await assert.rejects(call(), (e) => e instanceof OtpError && e.code === code);
  }
});
