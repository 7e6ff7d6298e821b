// The browser authenticator (Vault) from the installed package in Chromium, Firefox and
// WebKitGTK: real IndexedDB and WebCrypto, two pages of one origin, a reload, and the raw
// records inspected and altered (the tamper checks).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readFileSync } from "node:fs";
import { ENGINES, forEachEngine, launch } from "./engines.mjs";
import { openPage, serve, writePackagePage } from "./support.mjs";

let server;

const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"

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
      // The database as it is stored, opened and closed around each use.
      const withDatabase = (name, work) => new Promise((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore("meta");
          open.result.createObjectStore("accounts", { keyPath: "id" });
        };
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(["meta", "accounts"], "readwrite");
          const result = work(tx.objectStore("meta"), tx.objectStore("accounts"));
          tx.oncomplete = async () => { db.close(); resolve(await result); };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      });
      const got = (request) => new Promise((resolve) => { request.onsuccess = () => resolve(request.result); });
      // What someone who can write the profile's files can do: change a stored field.
      window.editRecord = (name, id, change) =>
        withDatabase(name, (meta, accounts) => got(accounts.get(id)).then((record) => accounts.put(change(record))));
      window.editMeta = (name, change) =>
        withDatabase(name, (meta) => got(meta.get("protection")).then((m) => meta.put(change(m), "protection")));
      window.rawMeta = (name) => withDatabase(name, (meta) => got(meta.get("protection")));
      // A vault written record by record, as an older version stored it.
      window.writeRaw = (name, protection, records) =>
        withDatabase(name, (meta, accounts) => {
          meta.put(protection, "protection");
          for (const record of records) accounts.put(record);
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
  server = await serve(process.cwd());
});

after(async () => {
  await server?.close();
});

forEachEngine(ENGINES, (engine) => {
  let browser;
  let context;
  let shared;

  before(async () => {
    browser = await launch(engine);
    context = await browser.newContext();
    shared = await openPage(context, `${server.url}/vault.html`);
  });

  after(async () => {
    await browser?.close();
  });

  // The page of this engine, loaded anew for each test (a fresh document; the origin's storage
  // is kept, and each test uses vaults of its own names).
  const vaultPage = async () => {
    await shared.goto(`${server.url}/vault.html`);
    await shared.waitForFunction(() => window.ready);
    return shared;
  };

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
        listedErrors: listed.map((a) => a.error),
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
      { type: "totp", issuer: "Shop", label: "jane@example.com", algorithm: "SHA1", digits: 6, encoding: "decimal", period: 30, error: null },
      { type: "totp", issuer: "Bank", label: "jane", algorithm: "SHA256", digits: 8, encoding: "decimal", period: 60, error: null },
      { type: "hotp", issuer: "VPN", label: "jane", algorithm: "SHA1", digits: 6, encoding: "decimal", counter: 5, error: null },
    ]);
    assert.deepEqual(result.listedErrors, [null, null, null]);
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
  });

  test("accounts added within one millisecond are listed in the order they were added", async () => {
    const page = await vaultPage();
    const result = await page.evaluate(async (SECRET) => {
      const vault = await otp.Vault.open({ name: "order" });
      // Started together, as an import's may be: Firefox and WebKit tell time in whole
      // milliseconds, Chromium in tenths, so these all begin within one tick of the clock.
      const issuers = Array.from({ length: 12 }, (_, i) => `Site ${i}`);
      await Promise.all(issuers.map((issuer) => vault.add(`otpauth://totp/${encodeURIComponent(issuer)}:jane?secret=${SECRET}`)));
      const listed = (await vault.list()).map((a) => a.issuer);
      const exported = (await vault.exportUris()).map((uri) => otp.parseUri(uri).issuer);
      return { issuers, listed, exported };
    }, SECRET);
    assert.deepEqual(result.listed, result.issuers);
    assert.deepEqual(result.exported, result.issuers);
  });

  test("the vault survives a reload, and two pages see the same accounts", async () => {
    const first = await vaultPage();
    const second = await openPage(context, `${server.url}/vault.html`);
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
      const uris = await vault.exportUris({ skipUnreadable: true });
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
      codes: { good: [false, null], bad: [true, "tampered"] },
      uris: 1,
    });
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
  });

  test("a record whose stored fields were changed is tampered: no codes from it, the others unaffected", async () => {
    const page = await vaultPage();
    const result = await page.evaluate(async (SECRET) => {
      const code = (promise) => promise.then(() => "ok", (e) => `${e.name}:${e.code}`);
      const vault = await otp.Vault.open({ name: "integrity" });
      const intact = await vault.add(`otpauth://totp/Keep:me?secret=${SECRET}`);
      const changes = {
        algorithm: "SHA256", digits: 8, period: 60, issuer: "Evil", label: "attacker", createdAt: 1, addedAt: 2, type: "hotp", v: 3,
        encoding: "steam",
      };
      const ids = {};
      for (const field of Object.keys(changes)) ids[field] = (await vault.add(`otpauth://totp/${field}:x?secret=${SECRET}`)).id;
      for (const [field, value] of Object.entries(changes)) await editRecord("integrity", ids[field], (r) => ({ ...r, [field]: value }));
      const listed = Object.fromEntries((await vault.list()).map((a) => [a.id, a.error]));
      const codes = Object.fromEntries((await vault.codes()).map((c) => [c.id, [c.code === null, c.error]]));
      // An HOTP counter rolled back, to reuse its codes.
      const hotp = await vault.add(new otp.Hotp({ secret: SECRET, counter: 5, issuer: "VPN", label: "me" }));
      const first = await vault.next(hotp.id);
      await editRecord("integrity", hotp.id, (r) => ({ ...r, counter: "5" }));
      const rolledBack = await code(vault.next(hotp.id));
      return {
        intact: [listed[intact.id], codes[intact.id]],
        changed: Object.keys(changes).map((field) => [field, listed[ids[field]], codes[ids[field]] ?? "not a totp now"]),
        first: first === new otp.Hotp({ secret: SECRET }).generate(5),
        rolledBack,
      };
    }, SECRET);
    assert.deepEqual(result.intact, [null, [false, null]]);
    for (const [field, listed, codes] of result.changed) {
      assert.equal(listed, "tampered", field);
      if (field !== "type") assert.deepEqual(codes, [true, "tampered"], field);
    }
    assert.equal(result.first, true);
    assert.equal(result.rolledBack, "OtpError:tampered");
  });

  test("an OCRA key answers as RFC 6287 says, keeps a counter suite's counter, is bound against tampering and stays out of exports", async () => {
    const page = await vaultPage();
    const result = await page.evaluate(async (SECRET) => {
      const code = (promise) => promise.then(() => "ok", (e) => `${e.name}:${e.code}`);
      const SECRET32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
      const vault = await otp.Vault.open({ name: "ocra" });
      const app = await vault.add(`otpauth://totp/Shop:me?secret=${SECRET}`);
      const plain = await vault.addOcra({ suite: "OCRA-1:HOTP-SHA1-6:QN08", secret: SECRET, issuer: "Bank", label: "TAN" });
      // RFC 6287 Appendix C: a counter and a PIN; the vault's counter starts where it is told.
      const counted = await vault.addOcra({ suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", secret: SECRET32, counter: 1 });
      const answers = [
        await vault.answer(plain.id, { question: "00000000" }),
        await vault.answer(counted.id, { question: "12345678", pin: "1234" }),
        await vault.answer(counted.id, { question: "12345678", pin: "1234" }),
      ];
      const listed = (await vault.list()).map(({ type, issuer, label, suite, counter, digits, error }) => ({ type, issuer, label, suite: suite ?? null, counter: counter ?? null, digits, error }));
      const refused = {
        shortQuestion: await code(vault.answer(plain.id, { question: "12" })),
        counterGiven: await code(vault.answer(counted.id, { question: "12345678", pin: "1234", counter: 0 })),
        noPin: await code(vault.answer(counted.id, { question: "12345678" })),
        badSuite: await code(vault.addOcra({ suite: "OCRA-2:HOTP-SHA1-6:QN08", secret: SECRET })),
        counterForPlainSuite: await code(vault.addOcra({ suite: "OCRA-1:HOTP-SHA1-6:QN08", secret: SECRET, counter: 3 })),
        noOptions: await code(vault.addOcra()),
        nextOfOcra: await code(vault.next(plain.id)),
        answerOfTotp: await code(vault.answer(app.id, { question: "00000000" })),
      };
      // Refused inputs moved no counter: the next answer is counter 3's.
      const afterRefusals = await vault.answer(counted.id, { question: "12345678", pin: "1234" });
      const exported = await vault.exportUris();
      // Someone who can write the profile's files: another suite, a counter rolled back.
      await editRecord("ocra", plain.id, (r) => ({ ...r, suite: "OCRA-1:HOTP-SHA1-8:QN08" }));
      await editRecord("ocra", counted.id, (r) => ({ ...r, counter: "1" }));
      const tampered = {
        listed: (await vault.list()).map((a) => a.error),
        suiteChanged: await code(vault.answer(plain.id, { question: "00000000" })),
        rolledBack: await code(vault.answer(counted.id, { question: "12345678", pin: "1234" })),
      };
      return { answers, listed, refused, afterRefusals, exported: exported.length, tampered };
    }, SECRET);
    assert.deepEqual(result.answers, ["237653", "86775851", "78192410"]);
    assert.deepEqual(result.listed, [
      { type: "totp", issuer: "Shop", label: "me", suite: null, counter: null, digits: 6, error: null },
      { type: "ocra", issuer: "Bank", label: "TAN", suite: "OCRA-1:HOTP-SHA1-6:QN08", counter: null, digits: 6, error: null },
      { type: "ocra", issuer: "", label: "", suite: "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", counter: 3, digits: 8, error: null },
    ]);
    assert.deepEqual(result.refused, {
      shortQuestion: "OtpError:invalid_question",
      counterGiven: "OtpError:invalid_argument",
      noPin: "OtpError:missing_pin",
      badSuite: "OtpError:invalid_suite",
      counterForPlainSuite: "OtpError:invalid_argument",
      noOptions: "OtpError:invalid_argument",
      nextOfOcra: "OtpError:invalid_argument",
      answerOfTotp: "OtpError:invalid_argument",
    });
    assert.equal(result.afterRefusals, "71565254");
    assert.equal(result.exported, 1, "only the TOTP account has a Key URI");
    assert.deepEqual(result.tampered, {
      listed: [null, "tampered", "tampered"],
      suiteChanged: "OtpError:tampered",
      rolledBack: "OtpError:tampered",
    });
  });

  test("the meta record's salt and iterations are bound too", async () => {
    const page = await vaultPage();
    const result = await page.evaluate(async () => {
      const code = (promise) => promise.then(() => "ok", (e) => `${e.name}:${e.code}`);
      const passphrase = "correct horse battery staple";
      const outcomes = {};
      for (const [name, change] of [
        ["fewer-iterations", (m) => ({ ...m, iterations: 100_000 })],
        ["another-salt", (m) => ({ ...m, salt: new Uint8Array(16) })],
        ["one-iteration", (m) => ({ ...m, iterations: 1 })],
        ["no-format", ({ format, ...m }) => m],
      ]) {
        (await otp.Vault.open({ name, passphrase })).close();
        await editMeta(name, change);
        outcomes[name] = await code(otp.Vault.open({ name, passphrase }));
      }
      // A device vault made to look like the previous format, to slip an old record in.
      const device = await otp.Vault.open({ name: "downgraded" });
      await device.add("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP");
      device.close();
      await editMeta("downgraded", ({ format, check, ...m }) => m);
      outcomes.downgraded = await code(otp.Vault.open({ name: "downgraded" }));
      return outcomes;
    });
    assert.deepEqual(result, {
      "fewer-iterations": "OtpError:locked",
      "another-salt": "OtpError:locked",
      "one-iteration": "OtpError:tampered",
      "no-format": "OtpError:locked",
      downgraded: "OtpError:tampered",
    });
  });

  test("exportUris never leaves an account behind silently", async () => {
    const page = await vaultPage();
    const result = await page.evaluate(async (SECRET) => {
      const vault = await otp.Vault.open({ name: "export" });
      await vault.add(`otpauth://totp/A:a?secret=${SECRET}`);
      const bad = await vault.add(`otpauth://totp/B:b?secret=${SECRET}`);
      await corrupt("export", bad.id);
      const refused = await vault.exportUris().then(() => null, (e) => [e.code, e.message.includes(bad.id)]);
      const skipped = (await vault.exportUris({ skipUnreadable: true })).length;
      return { refused, skipped };
    }, SECRET);
    assert.deepEqual(result, { refused: ["unreadable", true], skipped: 1 });
  });

  test("a wrong passphrase closes the connection, and another tab's delete is never blocked", async () => {
    const page = await vaultPage();
    const result = await page.evaluate(async () => {
      const deleted = (name) =>
        new Promise((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = () => resolve("deleted");
          request.onblocked = () => resolve("blocked");
        });
      (await otp.Vault.open({ name: "wrong-passphrase", passphrase: "right one" })).close();
      const wrong = await otp.Vault.open({ name: "wrong-passphrase", passphrase: "wrong one" }).then(() => "opened", (e) => e.code);
      const afterWrong = await deleted("wrong-passphrase");
      const open = await otp.Vault.open({ name: "still-open" });
      await open.add("otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP");
      const whileOpen = await deleted("still-open");
      const afterDelete = await open.codes().then(() => "codes", (e) => e.name);
      return { wrong, afterWrong, whileOpen, afterDelete };
    });
    assert.deepEqual(result, { wrong: "locked", afterWrong: "deleted", whileOpen: "deleted", afterDelete: "OtpError" });
  });

  test("a vault of the previous format keeps working and is re-sealed on first unlock", async () => {
    const page = await vaultPage();
    const result = await page.evaluate(async (SECRET) => {
      const subtle = crypto.subtle;
      const bytes = otp.base32Decode(SECRET);
      // Format 1 as the previous version wrote it: additional data = the record id only.
      const legacyRecord = async (key, id, fields) => {
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const secret = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(id) }, key, bytes));
        return { id, ...fields, createdAt: 1_700_000_000_000, iv, secret };
      };
      const deviceKey = await subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
      await writeRaw("legacy-device", { kind: "device", key: deviceKey }, [
        await legacyRecord(deviceKey, "t1", { type: "totp", issuer: "Shop", label: "jane", algorithm: "SHA1", digits: 6, period: 30 }),
        await legacyRecord(deviceKey, "h1", { type: "hotp", issuer: "VPN", label: "jane", algorithm: "SHA1", digits: 6, counter: "3" }),
      ]);
      const vault = await otp.Vault.open({ name: "legacy-device" });
      const at = 1_700_000_000_000;
      const codes = (await vault.codes(at)).map((c) => c.code);
      const next = await vault.next("h1");
      const raw = await rawRecords("legacy-device");
      const meta = await rawMeta("legacy-device");
      // Now bound: a changed field is noticed.
      await editRecord("legacy-device", "t1", (r) => ({ ...r, digits: 8 }));
      const afterEdit = (await vault.codes(at))[0].error;

      const salt = crypto.getRandomValues(new Uint8Array(16));
      const material = await subtle.importKey("raw", new TextEncoder().encode("pass phrase"), "PBKDF2", false, ["deriveKey"]);
      const key = await subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 600_000 }, material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
      const checkIv = crypto.getRandomValues(new Uint8Array(12));
      const check = { iv: checkIv, data: new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv: checkIv, additionalData: new TextEncoder().encode("check") }, key, new TextEncoder().encode("otp-wasm vault"))) };
      await writeRaw("legacy-passphrase", { kind: "passphrase", salt, iterations: 600_000, check }, [
        await legacyRecord(key, "p1", { type: "totp", issuer: "Bank", label: "jane", algorithm: "SHA1", digits: 6, period: 30 }),
      ]);
      const locked = await otp.Vault.open({ name: "legacy-passphrase" });
      // Still as written (no format field) until the passphrase unlocks it.
      const stillLegacy = "v" in (await rawRecords("legacy-passphrase"))[0];
      await locked.unlock("pass phrase");
      return {
        codes,
        expected: new otp.Totp({ secret: SECRET }).generate(at),
        next: next === new otp.Hotp({ secret: SECRET }).generate(3),
        formats: raw.map((r) => r.v),
        metaFormat: [meta.format, meta.check?.iv?.length],
        afterEdit,
        stillLegacy,
        passphraseCodes: (await locked.codes(at)).map((c) => c.code),
        passphraseFormat: (await rawRecords("legacy-passphrase"))[0].v,
      };
    }, SECRET);
    assert.deepEqual(result.codes, [result.expected]);
    assert.equal(result.next, true);
    assert.deepEqual(result.formats, [2, 2]);
    assert.deepEqual(result.metaFormat, [2, 12]);
    assert.equal(result.afterEdit, "tampered");
    assert.equal(result.stillLegacy, false);
    assert.deepEqual(result.passphraseCodes, [result.expected]);
    assert.equal(result.passphraseFormat, 2);
  });

  test("import a backup the apps wrote, export it encrypted, import that into a fresh vault: the same codes", async () => {
    const page = await vaultPage();
    const aegis = readFileSync(new URL("../../vectors/backups/aegis_encrypted.json", import.meta.url), "utf8");
    const result = await page.evaluate(async (aegis) => {
      const code = (promise) => promise.then(() => "ok", (e) => `${e.name}:${e.code}`);
      const at = 1_700_000_000_000;
      const codes = async (vault) => (await vault.codes(at)).map((c) => [c.issuer, c.label, c.code]);
      const vault = await otp.Vault.open({ name: "moving-out" });
      const withoutPassphrase = await code(vault.import(aegis));
      const wrongPassphrase = await code(vault.import(aegis, { passphrase: "Test" }));
      const first = await vault.import(aegis, { passphrase: "test" });
      const again = await vault.import(new Blob([aegis]), { passphrase: "test" });
      const before = await vault.list();
      const hostile = [
        await code(vault.import(new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 13))),
        await code(vault.import("[".repeat(100_000))),
        await code(vault.import(aegis.slice(0, 1000), { passphrase: "test" })),
      ];
      const unchanged = JSON.stringify(await vault.list()) === JSON.stringify(before);
      const exported = await vault.export({ format: "aegis", passphrase: "moving day" });
      const fresh = await otp.Vault.open({ name: "moving-in", passphrase: "another" });
      const moved = await fresh.import(exported, { passphrase: "moving day" });
      const uris = await vault.export();
      return {
        withoutPassphrase,
        wrongPassphrase,
        hostile,
        unchanged,
        added: first.added.map((a) => [a.type, a.issuer, a.label, a.encoding]),
        again: [again.added.length, again.duplicates, again.skipped.length],
        moved: [moved.added.length, moved.duplicates],
        before: await codes(vault),
        after: await codes(fresh),
        encrypted: !exported.includes("4SJHB4GSD43FZBAI7C2HLRJGPQ"),
        uris: uris.trim().split("\n").length,
        hotp: [await vault.next(first.added[3].id), await fresh.next(moved.added[3].id)],
      };
    }, aegis);
    assert.equal(result.withoutPassphrase, "OtpError:passphrase_required");
    assert.equal(result.wrongPassphrase, "OtpError:wrong_passphrase");
    assert.deepEqual(result.hostile, ["OtpError:passphrase_required", "OtpError:unknown_format", "OtpError:unknown_format"]);
    assert.equal(result.unchanged, true, "hostile files leave the vault as it was");
    assert.deepEqual(result.added, [
      ["totp", "Deno", "Mason", "decimal"],
      ["totp", "SPDX", "James", "decimal"],
      ["totp", "Airbnb", "Elijah", "decimal"],
      ["hotp", "Issuu", "James", "decimal"],
      ["hotp", "Air Canada", "Benjamin", "decimal"],
      ["hotp", "WWE", "Mason", "decimal"],
      ["totp", "Boeing", "Sophia", "steam"],
    ]);
    assert.deepEqual(result.again, [0, 7, 0], "a second import adds nothing: every account is a duplicate");
    assert.deepEqual(result.moved, [7, 0]);
    assert.equal(result.before.length, 4);
    assert.deepEqual(result.after, result.before, "the same codes in the fresh vault");
    assert.match(result.before[3][2], /^[23456789BCDFGHJKMNPQRTVWXY]{5}$/, "Steam's five letters");
    assert.equal(result.encrypted, true);
    assert.equal(result.uris, 7);
    assert.equal(result.hotp[0], result.hotp[1], "HOTP counters moved too");
  });
});
