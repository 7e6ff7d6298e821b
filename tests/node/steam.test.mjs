// Steam Guard keys through the installed package: codes against tests/vectors/steam.json
// (written by an independent implementation, scripts/steam-vectors.py), verification, the Key
// URI forms, the option checks, and a Steam account in the browser authenticator (Chromium,
// Firefox and WebKitGTK).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { OtpError, Totp, Hotp, parseUri } from "otp-wasm";
import { ENGINES, forEachEngine, launch } from "./engines.mjs";
import { openPage, serve, writePackagePage } from "./support.mjs";

const vectors = JSON.parse(readFileSync("steam.json", "utf8"));

test("Steam codes match an independent implementation, and verify as typed", () => {
  assert.ok(vectors.cases.length >= 40);
  for (const c of vectors.cases) {
    const totp = new Totp({ secret: c.secret, encoding: "steam" });
    assert.equal(totp.generate(c.time_ms), c.code, JSON.stringify(c));
    assert.deepEqual(totp.verify(c.code, { timestampMs: c.time_ms }), { delta: 0, step: Math.floor(c.time_ms / 30000) });
    assert.ok(totp.verify(` ${c.code.toLowerCase()} `, { timestampMs: c.time_ms, window: 0 }));
    // Steam's shared_secret comes in base64: the bytes give the same key.
    const bytes = new Uint8Array(Buffer.from(c.shared_secret, "base64"));
    assert.equal(new Totp({ secret: bytes, encoding: "steam" }).generate(c.time_ms), c.code);
  }
});

test("a Steam key reads as one and writes otpauth://steam/", () => {
  const c = vectors.cases[9];
  const totp = new Totp({ secret: c.secret, encoding: "steam", issuer: "Steam", label: "gaben" });
  assert.deepEqual([totp.encoding, totp.digits, totp.algorithm, totp.period], ["steam", 5, "SHA1", 30]);
  const uri = `otpauth://steam/Steam:gaben?secret=${c.secret}&issuer=Steam&algorithm=SHA1&digits=5&period=30`;
  assert.equal(totp.toUri(), uri);
  for (const form of [uri, `otpauth://totp/Steam:gaben?secret=${c.secret}&encoder=steam`]) {
    const parsed = parseUri(form);
    assert.ok(parsed instanceof Totp);
    assert.deepEqual([parsed.encoding, parsed.generate(c.time_ms), parsed.toUri()], ["steam", c.code, uri]);
  }
  assert.equal(new Totp({ secret: c.secret }).encoding, "decimal");
  assert.equal(new Hotp({ secret: c.secret }).encoding, "decimal");
  // A decimal key's codes are unchanged.
  assert.match(new Totp({ secret: c.secret, encoding: "decimal" }).generate(c.time_ms), /^\d{6}$/);
});

test("options a Steam key cannot have are OtpErrors with the right code", () => {
  const secret = vectors.cases[0].secret;
  const refused = [
    [() => new Totp({ secret, encoding: "steam", algorithm: "SHA256" }), "invalid_algorithm"],
    [() => new Totp({ secret, encoding: "steam", digits: 6 }), "invalid_digits"],
    [() => new Totp({ secret, encoding: "base26" }), "invalid_argument"],
    [() => new Totp({ secret, encoding: 1 }), "invalid_argument"],
    [() => new Hotp({ secret, encoding: "steam" }), "invalid_argument"],
    [() => parseUri(`otpauth://steam/x?secret=${secret}&algorithm=SHA512`), "invalid_algorithm"],
    [() => parseUri("otpauth://steam/x"), "missing_secret"],
  ];
  for (const [make, code] of refused) {
    assert.throws(make, (e) => e instanceof OtpError && e.code === code, code);
  }
  // 5 is a Steam key's length, and accepted with it; without it, 5 digits is too few.
  assert.equal(new Totp({ secret, encoding: "steam", digits: 5, algorithm: "sha-1" }).digits, 5);
  assert.throws(() => new Totp({ secret, digits: 5 }), (e) => e.code === "invalid_digits");
});

forEachEngine(ENGINES, (engine) => {
  let server;
  let browser;

  before(async () => {
    writePackagePage("steam", "");
    server = await serve(process.cwd());
    browser = await launch(engine);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the browser authenticator keeps a Steam account and shows its five-letter code", async () => {
    const page = await openPage(browser, `${server.url}/steam.html`);
    const c = vectors.cases[12];
    const result = await page.evaluate(
      async ({ c }) => {
        const vault = await otp.Vault.open({ name: "steam" });
        const account = await vault.add(`otpauth://steam/Steam:gaben?secret=${c.secret}`);
        const codes = await vault.codes(c.time_ms);
        const uris = await vault.exportUris();
        return { account, codes, uris };
      },
      { c },
    );
    assert.deepEqual([result.account.encoding, result.account.digits], ["steam", 5]);
    assert.deepEqual(result.codes.map((x) => [x.code, x.error]), [[c.code, null]]);
    assert.match(result.uris[0], /^otpauth:\/\/steam\/Steam:gaben\?/);
    await page.close();
  });
});
