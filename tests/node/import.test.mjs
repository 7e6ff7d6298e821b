// otp-wasm/import through the installed package: Google Authenticator transfer URIs written by
// protobuf's own Python library (tests/vectors/migration.json, scripts/migration-vectors.py)
// read into the main entry's Totp and Hotp; toMigrationUris' output decoded by that library;
// hostile data refused with OtpErrors; in Chromium, Firefox and WebKitGTK, one more module and
// .wasm beside the main entry's, the keys the main entry's objects, and backups read and written
// in the page as in Node.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { Hotp, OtpError, Totp, base32Decode } from "otp-wasm";
import { importAccounts, parseMigrationUri, toMigrationUris } from "otp-wasm/import";
import { ENGINES, forEachEngine, launch } from "./engines.mjs";
import { serveStatic } from "./support.mjs";

const FIXTURES = new URL("../../../scripts/migration-vectors.py", import.meta.url).pathname;
const BACKUPS = new URL("../../vectors/backups/", import.meta.url).pathname;
const cases = JSON.parse(readFileSync("migration.json", "utf8"));

/** RFC 4226 §5.3 with node:crypto: the independent computation of a code. */
function hotp(secret, algorithm, digits, counter) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hs = createHmac(algorithm.replace("SHA", "sha"), Buffer.from(secret)).update(message).digest();
  const offset = hs[hs.length - 1] & 0xf;
  return String((hs.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, "0");
}

test("transfer URIs an independent encoder wrote: every key, every skip, the batch", () => {
  let keys = 0;
  for (const c of cases) {
    const migration = parseMigrationUri(c.uri);
    assert.deepEqual([migration.batchSize, migration.batchIndex, migration.batchId], [c.batchSize, c.batchIndex, c.batchId]);
    const expectedKeys = c.entries.filter((e) => !e.skipped);
    assert.deepEqual(migration.skipped.map((s) => s.index), c.entries.filter((e) => e.skipped).map((e) => e.index));
    for (const skip of migration.skipped) assert.ok(["invalid_algorithm", "missing_secret"].includes(skip.code), skip.code);
    assert.equal(migration.keys.length, expectedKeys.length);
    migration.keys.forEach((key, i) => {
      const e = expectedKeys[i];
      assert.ok(e.type === "totp" ? key instanceof Totp : key instanceof Hotp, "the main entry's classes");
      assert.deepEqual([key.secret, key.algorithm, key.digits, key.issuer, key.label], [e.secret, e.algorithm, e.digits, e.issuer, e.label]);
      const counter = e.type === "totp" ? 1234 : BigInt(e.counter);
      const code = e.type === "totp" ? key.generate(1234 * 30_000) : key.generate(counter);
      assert.equal(code, hotp(base32Decode(e.secret), e.algorithm, e.digits, counter));
      if (e.type === "hotp") assert.equal(String(key.counter), e.counter);
      keys++;
    });
  }
  assert.equal(keys, 45);
});

test("toMigrationUris: what protobuf's library decodes, in batches, and reads back", () => {
  const keys = cases.flatMap((c) => parseMigrationUri(c.uri).keys);
  const uris = toMigrationUris(keys, { batchSize: 7 });
  assert.equal(uris.length, Math.ceil(keys.length / 7));
  const result = spawnSync("python3", [FIXTURES, "decode", ...uris], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  const decoded = JSON.parse(result.stdout);
  const batchIds = new Set(decoded.map((d) => d.batchId));
  assert.equal(batchIds.size, 1);
  decoded.forEach((payload, i) => assert.deepEqual([payload.batchIndex, payload.batchSize, payload.version], [i, uris.length, 1]));
  const entries = decoded.flatMap((d) => d.entries);
  assert.equal(entries.length, keys.length);
  entries.forEach((entry, i) => {
    const key = keys[i];
    assert.deepEqual(
      [entry.secret, entry.name, entry.issuer, entry.algorithm, entry.digits, entry.type, entry.counter],
      [key.secret, key.label, key.issuer, ["SHA1", "SHA256", "SHA512"].indexOf(key.algorithm) + 1, key.digits === 8 ? 2 : 1,
        key instanceof Hotp ? 1 : 2, key instanceof Hotp ? String(key.counter) : "0"],
    );
  });
  const again = uris.flatMap((uri) => parseMigrationUri(uri).keys);
  assert.deepEqual(again.map((k) => k.toUri()), keys.map((k) => k.toUri()));
});

test("keys the transfer cannot carry, and hostile data: OtpErrors, never a trap", () => {
  const minute = new Totp({ secret: "JBSWY3DPEHPK3PXP", period: 60, issuer: "Shop", label: "ann" });
  assert.throws(() => toMigrationUris([minute]), (e) => e instanceof OtpError && e.code === "not_representable" && /Shop: ann/.test(e.message));
  assert.throws(() => toMigrationUris([new Totp({ secret: "JBSWY3DPEHPK3PXP", digits: 7 })]), { code: "not_representable" });
  assert.throws(() => toMigrationUris([new Totp({ secret: "JBSWY3DPEHPK3PXP", encoding: "steam" })]), { code: "not_representable" });
  assert.throws(() => toMigrationUris(["otpauth://totp/x?secret=JBSWY3DP"]), { code: "invalid_argument" });
  assert.throws(() => toMigrationUris([minute], { batchSize: 0 }), { code: "invalid_argument" });
  assert.deepEqual(toMigrationUris([]), []);
  const data = (bytes) => `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(bytes).toString("base64"))}`;
  const valid = Buffer.from(decodeURIComponent(cases[0].uri.split("data=")[1]), "base64");
  for (const uri of [
    "otpauth://totp/x?secret=JBSWY3DP", "otpauth-migration://offline", "otpauth-migration://offline?data=%%%",
    data([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), // a length past the end
    data([0x0a, 0x05, 0x0a]), // truncated inside an entry
    data([0x0b]), // a group: not in this message
    data(randomBytes(10 << 20)), // 10 MiB of garbage
  ]) {
    try {
      parseMigrationUri(uri);
    } catch (error) {
      assert.ok(error instanceof OtpError, String(error));
    }
  }
  for (let end = 0; end < valid.length; end++) {
    try {
      parseMigrationUri(data(valid.subarray(0, end)));
    } catch (error) {
      assert.equal(error.code, "invalid_uri");
    }
  }
  assert.throws(() => parseMigrationUri(42), { code: "invalid_argument" });
});

forEachEngine(ENGINES, (engine) => {
  let server;
  let browser;
  let page; // one page (in Firefox and WebKitGTK a context is a browser session)

  before(async () => {
    // The page loads the import entry as a page does (an import map for both entries); its
    // init loads the main entry's .wasm too.
    writeFileSync(
      "import.html",
      `<!doctype html><meta charset="utf-8"><script type="importmap">
      {"imports": {"otp-wasm": "/node_modules/otp-wasm/index.js", "otp-wasm/import": "/node_modules/otp-wasm/import.js"}}</script>
      <script type="module">
        import * as main from "otp-wasm";
        import * as importer from "otp-wasm/import";
        await importer.default();
        Object.assign(window, { main, importer, ready: true });
      </script>`,
    );
    server = await serveStatic({ "/": process.cwd(), "/backups/": BACKUPS });
    browser = await launch(engine);
    page = await (await browser.newContext()).newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("otp-wasm/import: its own module and .wasm beside the main entry's; the main entry's keys and errors", async () => {
    const from = server.requested.length;
    await page.goto(`${server.url}/import.html`);
    await page.waitForFunction(() => window.ready);
    const result = await page.evaluate(async (uri) => {
      const { main, importer } = window;
      const { keys } = importer.parseMigrationUri(uri);
      // Errors from this entry are the main entry's OtpError, as every other one is.
      const errors = [];
      for (const call of [() => importer.parseMigrationUri("x"), () => importer.toMigrationUris([new main.Totp({ secret: "JBSWY3DP", period: 60 })])]) {
        try {
          call();
        } catch (error) {
          errors.push(error instanceof main.OtpError && error.code);
        }
      }
      errors.push(await importer.importAccounts("x").catch((error) => error instanceof main.OtpError && error.code));
      return { count: keys.length, mainClasses: keys.every((k) => k instanceof main.Totp || k instanceof main.Hotp), code: keys[0].generate(0), errors };
    }, cases[0].uri);
    assert.deepEqual(
      { ...result, code: /^\d{6,8}$/.test(result.code) },
      { count: 10, mainClasses: true, code: true, errors: ["invalid_uri", "not_representable", "unknown_format"] },
    );
    const fetched = server.requested.slice(from).filter((path) => !["/import.html", "/favicon.ico"].includes(path));
    assert.deepEqual(fetched.sort(), [
      "/node_modules/otp-wasm/import.js",
      "/node_modules/otp-wasm/index.js",
      "/node_modules/otp-wasm/web-import/otp_wasm_bg.wasm",
      "/node_modules/otp-wasm/web/otp_wasm_bg.wasm",
    ]);
  });

  test("backups and transfer codes in the page: read and written as in Node", async () => {
    await page.goto(`${server.url}/import.html`);
    await page.waitForFunction(() => window.ready);
    const result = await page.evaluate(async (uris) => {
      const { importer } = window;
      const file = async (name) => new File([await (await fetch(`/backups/${name}`)).blob()], name);
      let keys;
      const read = async (data, options) => {
        try {
          const found = await importer.importAccounts(data, options);
          keys = found.keys;
          return { format: found.format, uris: keys.map((k) => k.toUri()), skipped: found.skipped.length };
        } catch (error) {
          return { code: error.code };
        }
      };
      const aegis = await file("aegis_encrypted.json");
      const opened = await read(aegis, { passphrase: "test" });
      // An encrypted Aegis backup written here, and read back here.
      const written = await importer.exportAccounts(keys, { format: "aegis", passphrase: "moving day" });
      // Google Authenticator transfer codes written here, and read back here.
      const transferred = uris
        .map((uri) => importer.parseMigrationUri(uri))
        .flatMap(({ keys }) => keys);
      const again = importer.toMigrationUris(transferred, { batchSize: 4 }).flatMap((uri) => importer.parseMigrationUri(uri).keys);
      return {
        opened,
        none: await read(aegis),
        wrong: await read(aegis, { passphrase: "Test" }),
        andotp: await read(await file("andotp_encrypted.bin"), { passphrase: "test" }),
        twofas: await read(await file("2fas_authenticator_encrypted_v4.2fas"), { passphrase: "test" }),
        reopened: await read(written, { passphrase: "moving day" }),
        sealed: JSON.parse(written).header.slots[0].type,
        transfers: [transferred.map((k) => k.toUri()), again.map((k) => k.toUri())],
      };
    }, cases.slice(0, 3).map((c) => c.uri));
    // Node reads the same files into the same accounts.
    const inNode = async (name, format) => {
      const { keys, skipped } = await importAccounts(new Uint8Array(readFileSync(`${BACKUPS}${name}`)), { passphrase: "test" });
      return { format, uris: keys.map((k) => k.toUri()), skipped: skipped.length };
    };
    const aegis = await inNode("aegis_encrypted.json", "aegis");
    assert.equal(aegis.uris.length, 7);
    assert.deepEqual(result.opened, aegis);
    assert.deepEqual(result.none, { code: "passphrase_required" });
    assert.deepEqual(result.wrong, { code: "wrong_passphrase" });
    assert.deepEqual(result.andotp, await inNode("andotp_encrypted.bin", "andotp"));
    assert.deepEqual(result.twofas, await inNode("2fas_authenticator_encrypted_v4.2fas", "2fas"));
    assert.deepEqual(result.reopened, aegis);
    assert.equal(result.sealed, 1, "a passphrase slot");
    const [transferred, again] = result.transfers;
    assert.deepEqual(transferred, cases.slice(0, 3).flatMap((c) => parseMigrationUri(c.uri).keys.map((k) => k.toUri())));
    assert.deepEqual(again, transferred);
  });
});
