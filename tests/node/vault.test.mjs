// The browser authenticator (Vault) from the installed package in headless Chromium: real
// IndexedDB and WebCrypto, two pages of one origin, a reload, and the raw records inspected.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchChromium, openPage, serve, writePackagePage } from "./support.mjs";

let browser;
let server;
let context;

const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"

const vaultPage = () => openPage(context, `${server.url}/vault.html`);

before(async () => {
  writePackagePage(
    "vault",
    `
      // Every record of a vault's database, as stored (for the at-rest checks).
      window.rawRecords = (name) => new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => {
          const request = open.result.transaction("accounts").objectStore("accounts").getAll();
          request.onsuccess = () => { open.result.close(); resolve(request.result); };
          request.onerror = () => reject(request.error);
        };
      });
      window.corrupt = (name, id) => new Promise((resolve) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => {
          const store = open.result.transaction("accounts", "readwrite").objectStore("accounts");
          store.get(id).onsuccess = (event) => {
            const record = event.target.result;
            record.secret[0] ^= 1;
            store.put(record).onsuccess = () => { open.result.close(); resolve(); };
          };
        };
      });
    `,
  );
  browser = await launchChromium();
  server = await serve(process.cwd());
  context = await browser.newContext();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("add, list, codes, next, remove and exportUris; codes match Totp and Hotp", async () => {
  const page = await vaultPage();
  const result = await page.evaluate(async (SECRET) => {
    const vault = await otp.Vault.open({ name: "round-trip" });
    const fromUri = await vault.add(`otpauth://totp/Shop:jane@example.com?secret=${SECRET}&issuer=Shop`);
    const fromTotp = await vault.add(new otp.Totp({ secret: SECRET, digits: 8, period: 60, algorithm: "SHA256", issuer: "Bank", label: "jane" }));
    const fromHotp = await vault.add(new otp.Hotp({ secret: SECRET, counter: 5, issuer: "VPN", label: "jane" }));
    const at = 1_700_000_000_000;
    const codes = await vault.codes(at);
    const expected = [
      new otp.Totp({ secret: SECRET }).generate(at),
      new otp.Totp({ secret: SECRET, digits: 8, period: 60, algorithm: "SHA256" }).generate(at),
    ];
    const hotp = new otp.Hotp({ secret: SECRET });
    const next = [await vault.next(fromHotp.id), await vault.next(fromHotp.id)];
    const listed = await vault.list();
    const uris = await vault.exportUris();
    await vault.remove(fromUri.id);
    const afterRemove = (await vault.list()).map((a) => a.id);
    const missing = await vault.remove(fromUri.id).then(() => "removed", (e) => e.code);
    return {
      accounts: [fromUri, fromTotp, fromHotp].map(({ id, createdAt, ...rest }) => rest),
      codes: codes.map((c) => [c.code, c.error, c.remainingMs > 0]),
      expected,
      next,
      expectedNext: [hotp.generate(5), hotp.generate(6)],
      counterAfter: listed.find((a) => a.id === fromHotp.id).counter,
      uris: uris.map((u) => otp.parseUri(u)).map((k) => [k.secret, k.issuer, k.label, k.digits]),
      afterRemove: afterRemove.length,
      missing,
      hasSecret: JSON.stringify(listed).includes(SECRET) || listed.some((a) => "secret" in a),
    };
  }, SECRET);
  assert.deepEqual(result.accounts, [
    { type: "totp", issuer: "Shop", label: "jane@example.com", algorithm: "SHA1", digits: 6, period: 30 },
    { type: "totp", issuer: "Bank", label: "jane", algorithm: "SHA256", digits: 8, period: 60 },
    { type: "hotp", issuer: "VPN", label: "jane", algorithm: "SHA1", digits: 6, counter: 5 },
  ]);
  assert.deepEqual(result.codes, [[result.expected[0], null, true], [result.expected[1], null, true]]);
  assert.deepEqual(result.next, result.expectedNext);
  assert.equal(result.counterAfter, 7);
  assert.deepEqual(result.uris, [
    [SECRET, "Shop", "jane@example.com", 6],
    [SECRET, "Bank", "jane", 8],
    [SECRET, "VPN", "jane", 6],
  ]);
  assert.equal(result.afterRemove, 2);
  assert.equal(result.missing, "not_found");
  assert.equal(result.hasSecret, false);
  await page.close();
});

test("the vault survives a reload, and two pages see the same accounts", async () => {
  const first = await vaultPage();
  const second = await vaultPage();
  const added = await first.evaluate(async (SECRET) => {
    const vault = await otp.Vault.open({ name: "shared" });
    return (await vault.add(`otpauth://hotp/Door:jane?secret=${SECRET}&counter=0`)).id;
  }, SECRET);
  const seen = await second.evaluate(async () => {
    const vault = await otp.Vault.open({ name: "shared" });
    return (await vault.list()).map((a) => a.id);
  });
  assert.deepEqual(seen, [added]);
  // One page advances the counter; the other sees it on its next call.
  await first.evaluate(async (id) => (await otp.Vault.open({ name: "shared" })).next(id), added);
  const counter = await second.evaluate(async () => (await (await otp.Vault.open({ name: "shared" })).list())[0].counter);
  assert.equal(counter, 1);
  await first.reload();
  await first.waitForFunction(() => window.ready);
  const afterReload = await first.evaluate(async () => {
    const vault = await otp.Vault.open({ name: "shared" });
    return [(await vault.list()).length, await vault.next((await vault.list())[0].id)];
  });
  assert.equal(afterReload[0], 1);
  assert.match(afterReload[1], /^\d{6}$/);
  await first.close();
  await second.close();
});

test("a passphrase vault: locked until unlocked, wrong passphrase is locked", async () => {
  const page = await vaultPage();
  const result = await page.evaluate(async (SECRET) => {
    const code = (promise) => promise.then(() => "ok", (e) => `${e.name}:${e.code}`);
    const created = await otp.Vault.open({ name: "protected", passphrase: "correct horse battery staple" });
    const account = await created.add(`otpauth://totp/Shop:jane?secret=${SECRET}`);
    created.lock();
    const whileLocked = [await code(created.codes()), await code(created.exportUris()), await code(created.next(account.id))];
    const wrong = await code(created.unlock("wrong"));
    const stillLocked = created.locked;
    await created.unlock("correct horse battery staple");
    const unlockedCodes = (await created.codes()).length;
    const reopenedWithout = await otp.Vault.open({ name: "protected" });
    const reopenedLocked = [reopenedWithout.locked, await code(reopenedWithout.codes()), (await reopenedWithout.list()).length];
    const wrongOpen = await code(otp.Vault.open({ name: "protected", passphrase: "nope" }));
    const rightOpen = (await (await otp.Vault.open({ name: "protected", passphrase: "correct horse battery staple" })).codes()).length;
    return { whileLocked, wrong, stillLocked, unlockedCodes, reopenedLocked, wrongOpen, rightOpen };
  }, SECRET);
  assert.deepEqual(result, {
    whileLocked: ["OtpError:locked", "OtpError:locked", "OtpError:locked"],
    wrong: "OtpError:locked",
    stillLocked: true,
    unlockedCodes: 1,
    reopenedLocked: [true, "OtpError:locked", 1],
    wrongOpen: "OtpError:locked",
    rightOpen: 1,
  });
  await page.close();
});

test("at rest: no secret bytes or base32 in the records; a corrupted record leaves the rest usable", async () => {
  const page = await vaultPage();
  const result = await page.evaluate(async (SECRET) => {
    const vault = await otp.Vault.open({ name: "at-rest" });
    const good = await vault.add(`otpauth://totp/A:a?secret=${SECRET}`);
    const bad = await vault.add(`otpauth://totp/B:b?secret=${SECRET}`);
    const records = await rawRecords("at-rest");
    const secretBytes = otp.base32Decode(SECRET);
    const contains = (haystack, needle) => {
      for (let i = 0; i + needle.length <= haystack.length; i++) {
        if (needle.every((b, j) => haystack[i + j] === b)) return true;
      }
      return false;
    };
    const leaks = records.some((r) => {
      const serialized = JSON.stringify(r, (k, v) => (v instanceof Uint8Array ? Array.from(v) : v));
      return serialized.includes(SECRET) || serialized.toLowerCase().includes(SECRET.toLowerCase()) ||
        Object.values(r).some((v) => v instanceof Uint8Array && contains(Array.from(v), Array.from(secretBytes)));
    });
    const ivs = new Set(records.map((r) => Array.from(r.iv).join(",")));
    await corrupt("at-rest", bad.id);
    const codes = await vault.codes();
    const uris = await vault.exportUris();
    return {
      leaks,
      ivLength: records[0].iv.length,
      distinctIvs: ivs.size,
      codes: Object.fromEntries(codes.map((c) => [c.id === good.id ? "good" : "bad", [c.code === null, c.error]])),
      uris: uris.length,
    };
  }, SECRET);
  assert.deepEqual(result, {
    leaks: false,
    ivLength: 12,
    distinctIvs: 2,
    codes: { good: [false, null], bad: [true, "not_found"] },
    uris: 1,
  });
  await page.close();
});

test("bad arguments are OtpErrors", async () => {
  const page = await vaultPage();
  const codes = await page.evaluate(async () => {
    const code = (promise) => promise.then(() => "ok", (e) => `${e.name}:${e.code}`);
    const vault = await otp.Vault.open({ name: "args" });
    return [
      await code(otp.Vault.open({ name: "" })),
      await code(otp.Vault.open({ name: "args", passphrase: "x" })),
      await code(vault.add(42)),
      await code(vault.add("https://example.com")),
      await code(vault.next("missing")),
      await code(vault.add({ get secret() { throw new Error("boom"); } })),
    ];
  });
  assert.deepEqual(codes, [
    "OtpError:invalid_argument",
    "OtpError:invalid_state",
    "OtpError:invalid_argument",
    "OtpError:invalid_uri",
    "OtpError:not_found",
    "OtpError:invalid_argument",
  ]);
  await page.close();
});
