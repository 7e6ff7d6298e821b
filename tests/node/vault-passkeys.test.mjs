// A passphrase vault unlocked by a passkey (Vault.open({ passkey }), the PRF extension), from
// the installed package: Chromium's virtual authenticator (DevTools protocol, hasPrf) and
// Firefox's (WebDriver's WebAuthn extension); WebKitGTK, which has no WebAuthn, for the
// `unsupported` answer and the passphrase that still opens the vault there.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ENGINES, FEATURES, addVirtualAuthenticator, forEachEngine, launch } from "./engines.mjs";
import { openPage } from "./support.mjs";
import { servedWebAuthnPage } from "./webauthn_page.mjs";

const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const PASSPHRASE = "correct horse battery staple";

const served = servedWebAuthnPage();

forEachEngine(ENGINES, (engine) => {
  const webauthn = FEATURES[engine].webauthn;
  const ceremony = webauthn ? {} : { skip: "not applicable: WebKitGTK has no WebAuthn" };
  let browser;
  let page;
  let presence = async () => {};

  before(async () => {
    browser = await launch(engine);
    page = await openPage(browser, `${served.origin()}/webauthn.html`);
    if (engine === "chromium") {
      // Through a DevTools session of the test's own, to switch its presence simulation: off,
      // an autofill request stays pending as it does until the person picks a passkey.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("WebAuthn.enable");
      const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
        options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true,
          hasPrf: true, automaticPresenceSimulation: true },
      });
      presence = (enabled) => cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled });
    } else if (webauthn) {
      await addVirtualAuthenticator(page, { extensions: ["prf"] }); // Firefox's never answers an autofill
    }
    // A passkey with PRF for `user`, its id: not discoverable, as Chromium's virtual
    // authenticator keeps three discoverable ones at most (the vault names the passkey anyway);
    // the vault of `name` with one TOTP account; a promise's outcome as `name:code`.
    await page.evaluate(() => {
      window.passkeyFor = async (user) =>
        (await otp.createCredential(creation({ user: { id: otp.base64urlEncode(new TextEncoder().encode(user)), name: user, displayName: user },
          authenticatorSelection: { residentKey: "discouraged", userVerification: "required" }, extensions: { prf: {} } }))).id;
      window.vaultWith = async (name, passphrase, secret) => {
        const vault = await otp.Vault.open({ name, passphrase });
        await vault.add(`otpauth://totp/Shop:jane?secret=${secret}`);
        return vault;
      };
      window.codeOf = (promise) => promise.then(() => "ok", (e) => `${e.name}:${e.code}`);
      // The slot a passkey has in a vault's database, as stored, and a change to it.
      const meta = (name, work) => new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => {
          const tx = open.result.transaction("meta", "readwrite");
          const result = work(tx.objectStore("meta"));
          tx.oncomplete = async () => { open.result.close(); resolve(await result); };
          tx.onerror = () => reject(tx.error);
        };
      });
      const got = (request) => new Promise((resolve) => { request.onsuccess = () => resolve(request.result); });
      window.rawMeta = (name) => meta(name, (store) => Promise.all([got(store.getAllKeys()), got(store.getAll())]));
      window.rawAccounts = (name) => new Promise((resolve) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => got(open.result.transaction("accounts").objectStore("accounts").getAll())
          .then((all) => { open.result.close(); resolve(all); });
      });
      window.editSlot = (name, id, change) =>
        meta(name, (store) => got(store.get(`passkey:${id}`)).then((slot) => {
          store.delete(`passkey:${id}`);
          const changed = change(slot);
          store.put(changed, `passkey:${changed.credentialId}`);
        }));
    });
  });

  after(async () => {
    await browser?.close();
  });

  test("a passkey added to a passphrase vault unlocks it, the accounts unchanged; the passphrase still does", ceremony, async () => {
    const result = await page.evaluate(async ({ SECRET, PASSPHRASE }) => {
      const id = await passkeyFor("vault-one");
      const vault = await vaultWith("passkey-one", PASSPHRASE, SECRET);
      const before = await vault.codes(59_000);
      const added = await vault.addPasskey({ passphrase: PASSPHRASE, credentialId: id });
      vault.close();
      const opened = await otp.Vault.open({ name: "passkey-one", passkey: true });
      const afterOpen = [opened.locked, await opened.codes(59_000)];
      opened.lock();
      await opened.unlock({ passkey: { rpId: "localhost", timeout: 60_000 } });
      const afterUnlock = await opened.codes(59_000);
      opened.close();
      const byPassphrase = await otp.Vault.open({ name: "passkey-one", passphrase: PASSPHRASE });
      return {
        same: id === added.credentialId, addedAt: typeof added.addedAt, before, afterOpen, afterUnlock,
        byPassphrase: await byPassphrase.codes(59_000), listed: await byPassphrase.passkeys(),
      };
    }, { SECRET, PASSPHRASE });
    const codes = [{ id: result.before[0].id, issuer: "Shop", label: "jane", period: 30, code: "287082", remainingMs: 1000, error: null }];
    assert.equal(result.same, true);
    assert.equal(result.addedAt, "number");
    assert.deepEqual(result.before, codes);
    assert.deepEqual(result.afterOpen, [false, codes]);
    assert.deepEqual(result.afterUnlock, codes);
    assert.deepEqual(result.byPassphrase, codes);
    assert.deepEqual(result.listed.map((p) => Object.keys(p).sort()), [["addedAt", "credentialId"]]);
  });

  test("a different passkey, or a slot altered, is refused: locked, and the vault stays locked", ceremony, async () => {
    const result = await page.evaluate(async ({ SECRET, PASSPHRASE }) => {
      const mine = await passkeyFor("vault-two");
      const other = await passkeyFor("someone-else");
      const vault = await vaultWith("passkey-two", PASSPHRASE, SECRET);
      await vault.addPasskey({ passphrase: PASSPHRASE, credentialId: mine });
      vault.close();
      // Whoever can write the profile's files points the slot at their own passkey.
      await editSlot("passkey-two", mine, (slot) => ({ ...slot, credentialId: other }));
      const otherPasskey = await codeOf(otp.Vault.open({ name: "passkey-two", passkey: true }));
      await editSlot("passkey-two", other, (slot) => ({ ...slot, credentialId: mine }));
      const restored = await codeOf(otp.Vault.open({ name: "passkey-two", passkey: true }));
      await editSlot("passkey-two", mine, (slot) => ({ ...slot, wrapped: { ...slot.wrapped, data: slot.wrapped.data.map((b, i) => (i ? b : b ^ 1)) } }));
      const flipped = await codeOf(otp.Vault.open({ name: "passkey-two", passkey: true }));
      const locked = await otp.Vault.open({ name: "passkey-two" });
      const unlock = await codeOf(locked.unlock({ passkey: true }));
      const stillLocked = locked.locked;
      locked.close();

      // A browser that answers with a passkey it was not asked for (the other one, at the salt
      // asked of this one), and a passkey removed in another tab while the prompt is open.
      const fresh = await vaultWith("passkey-two-b", PASSPHRASE, SECRET);
      await fresh.addPasskey({ passphrase: PASSPHRASE, credentialId: mine });
      const container = navigator.credentials;
      const get = container.get.bind(container);
      container.get = (request) => {
        const [input] = Object.values(request.publicKey.extensions.prf.evalByCredential);
        return get({ ...request, publicKey: { ...request.publicKey, allowCredentials: [{ type: "public-key", id: otp.base64urlDecode(other) }],
          extensions: { prf: { evalByCredential: { [other]: input } } } } });
      };
      const unasked = await codeOf(otp.Vault.open({ name: "passkey-two-b", passkey: true }));
      container.get = async (request) => {
        await fresh.removePasskey(mine, { passphrase: PASSPHRASE });
        return get(request);
      };
      const removedMeanwhile = await codeOf(otp.Vault.open({ name: "passkey-two-b", passkey: true }));
      delete container.get;
      return { otherPasskey, restored, flipped, unlock, stillLocked, unasked, removedMeanwhile };
    }, { SECRET, PASSPHRASE });
    assert.deepEqual(result, {
      otherPasskey: "OtpError:locked",
      restored: "ok",
      flipped: "OtpError:locked",
      unlock: "OtpError:locked",
      stillLocked: true,
      unasked: "OtpError:locked",
      removedMeanwhile: "OtpError:locked",
    });
  });

  test("adding asks for the passphrase first; removing a passkey keeps the accounts and it unlocks no more", ceremony, async () => {
    const result = await page.evaluate(async ({ SECRET, PASSPHRASE }) => {
      const first = await passkeyFor("vault-three");
      const second = await passkeyFor("vault-three-backup");
      const vault = await vaultWith("passkey-three", PASSPHRASE, SECRET);
      // The browser's get, counted: a wrong passphrase never reaches the passkey prompt.
      const container = navigator.credentials;
      const get = container.get.bind(container);
      let prompts = 0;
      container.get = (request) => (prompts++, get(request));
      const wrong = await codeOf(vault.addPasskey({ passphrase: "wrong", credentialId: first }));
      const missing = await codeOf(vault.addPasskey({ credentialId: first }));
      const promptsBefore = prompts;
      await vault.addPasskey({ passphrase: PASSPHRASE, credentialId: first });
      const again = await codeOf(vault.addPasskey({ passphrase: PASSPHRASE, credentialId: first }));
      await vault.addPasskey({ passphrase: PASSPHRASE, credentialId: second });
      const both = (await vault.passkeys()).map((p) => p.credentialId);
      const removeWrong = await codeOf(vault.removePasskey(first, { passphrase: "wrong" }));
      // The ID as a caller may hold it, padded: the same passkey.
      await vault.removePasskey(first + "=".repeat((4 - (first.length % 4)) % 4), { passphrase: PASSPHRASE });
      const removeAgain = await codeOf(vault.removePasskey(first, { passphrase: PASSPHRASE }));
      const left = (await vault.passkeys()).map((p) => p.credentialId);
      vault.close();
      // The remaining passkey opens it; with it gone too, no passkey does.
      const bySecond = await otp.Vault.open({ name: "passkey-three", passkey: true });
      const accounts = (await bySecond.list()).length;
      await bySecond.removePasskey(second, { passphrase: PASSPHRASE });
      bySecond.close();
      const none = await codeOf(otp.Vault.open({ name: "passkey-three", passkey: true }));
      const stillThere = (await (await otp.Vault.open({ name: "passkey-three", passphrase: PASSPHRASE })).list()).length;
      delete container.get;
      return { wrong, missing, promptsBefore, again, both: both.join() === [first, second].join(), removeWrong, removeAgain,
        left: left.join() === second, accounts, none, stillThere };
    }, { SECRET, PASSPHRASE });
    assert.deepEqual(result, {
      wrong: "OtpError:locked",
      missing: "OtpError:invalid_argument",
      promptsBefore: 0,
      again: "OtpError:invalid_state",
      both: true,
      removeWrong: "OtpError:locked",
      removeAgain: "OtpError:not_found",
      left: true,
      accounts: 1,
      none: "OtpError:invalid_state",
      stillThere: 1,
    });
  });

  test("nothing of the PRF output or the key derived from it is stored", ceremony, async () => {
    const found = await page.evaluate(async (PASSPHRASE) => {
      const id = await passkeyFor("vault-four");
      const vault = await vaultWith("passkey-four", PASSPHRASE, "JBSWY3DPEHPK3PXP");
      await vault.addPasskey({ passphrase: PASSPHRASE, credentialId: id });
      vault.close();
      const [keys, values] = await rawMeta("passkey-four");
      const slot = values[keys.indexOf(`passkey:${id}`)];
      // The PRF output for the slot's salt, asked of the passkey again, and the HKDF key of it
      // (RFC 5869) as the vault derives it, made extractable here to look for its bytes.
      const credential = await navigator.credentials.get({ publicKey: {
        challenge: new Uint8Array(32), allowCredentials: [{ type: "public-key", id: otp.base64urlDecode(id) }],
        userVerification: "required", extensions: { prf: { eval: { first: slot.salt } } } } });
      const output = new Uint8Array(credential.getClientExtensionResults().prf.results.first);
      const material = await crypto.subtle.importKey("raw", output, "HKDF", false, ["deriveBits"]);
      const derived = new Uint8Array(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: slot.salt,
        info: new TextEncoder().encode("otp-wasm vault key-encryption key") }, material, 256));
      // Every byte buffer stored in the vault's database (its meta and accounts stores), any
      // key object in it, and whether either value appears in a buffer.
      const arrays = [];
      const keyObjects = [];
      const walk = (v) => {
        if (v instanceof ArrayBuffer) arrays.push(new Uint8Array(v));
        else if (ArrayBuffer.isView(v)) arrays.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
        else if (v instanceof CryptoKey) keyObjects.push(v);
        else if (v && typeof v === "object") Object.values(v).forEach(walk);
      };
      walk(values); // a passphrase vault's meta store: its protection and the slot, no key object
      walk(await rawAccounts("passkey-four"));
      const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      const stored = arrays.map(hex).join("|");
      return { fields: Object.keys(slot).sort(), wrapped: slot.wrapped.data.length, output: stored.includes(hex(output)),
        derived: stored.includes(hex(derived)), outputLength: output.length, keyObjects: keyObjects.length, buffers: arrays.length > 4 };
    }, PASSPHRASE);
    assert.deepEqual(found, {
      fields: ["addedAt", "credentialId", "format", "salt", "wrapped"],
      wrapped: 48, // the vault key's 32 bytes and AES-GCM's 16-byte tag
      output: false,
      derived: false,
      outputLength: 32,
      keyObjects: 0,
      buffers: true,
    });
  });

  test("a passkey unlock ends a pending passkey autofill first, which resolves null", ceremony, async () => {
    await page.evaluate(async (PASSPHRASE) => {
      const id = await passkeyFor("vault-five");
      const vault = await vaultWith("passkey-five", PASSPHRASE, "JBSWY3DPEHPK3PXP");
      await vault.addPasskey({ passphrase: PASSPHRASE, credentialId: id });
      vault.close();
      field.focus();
    }, PASSPHRASE);
    await presence(false);
    const pending = await page.evaluate(() => {
      window.autofill = otp.startAutofill({ challenge: otp.base64urlEncode(new Uint8Array(32)), rpId: "localhost" });
      return Promise.race([outcome(autofill.result), new Promise((resolve) => setTimeout(() => resolve("pending"), 300))]);
    });
    await presence(true);
    const result = await page.evaluate(async () => ({
      opened: await codeOf(otp.Vault.open({ name: "passkey-five", passkey: true })),
      autofill: await outcome(autofill.result),
      unhandled,
    }));
    assert.deepEqual({ pending, ...result }, { pending: "pending", opened: "ok", autofill: "null", unhandled: [] });
  });

  test("bad arguments and vaults a passkey cannot open are clear errors, and create nothing", async () => {
    const result = await page.evaluate(async (PASSPHRASE) => {
      const device = await otp.Vault.open({ name: "passkey-device" });
      const onDevice = await codeOf(device.addPasskey({ passphrase: PASSPHRASE }));
      const vault = await otp.Vault.open({ name: "passkey-args", passphrase: PASSPHRASE });
      const lockedVault = await otp.Vault.open({ name: "passkey-args" });
      const [keysBefore] = await rawMeta("passkey-args");
      return {
        onDevice,
        both: await codeOf(otp.Vault.open({ name: "passkey-args", passphrase: PASSPHRASE, passkey: true })),
        notTrue: await codeOf(otp.Vault.open({ name: "passkey-args", passkey: "yes" })),
        badRpId: await codeOf(otp.Vault.open({ name: "passkey-args", passkey: { rpId: 5 } })),
        badTimeout: await codeOf(vault.addPasskey({ passphrase: PASSPHRASE, timeout: -1 })),
        badId: await codeOf(vault.addPasskey({ passphrase: PASSPHRASE, credentialId: "not base64url!" })),
        noOptions: await codeOf(vault.addPasskey()),
        whileLocked: await codeOf(lockedVault.addPasskey({ passphrase: PASSPHRASE })),
        removeNoPassphrase: await codeOf(vault.removePasskey("AAAA")),
        removeNullOptions: await codeOf(vault.removePasskey("AAAA", null)),
        removeNotText: await codeOf(vault.removePasskey(5, { passphrase: PASSPHRASE })),
        // A passkey argument refused before any database is opened.
        badPasskeyNoDatabase: await codeOf(otp.Vault.open({ name: "passkey-refused", passkey: 1 })),
        databases: typeof indexedDB.databases === "function" ? (await indexedDB.databases()).some((d) => d.name === "passkey-refused") : false,
        // A vault no passkey unlocks, and one that does not exist (which open({ passkey }) never creates).
        noPasskeys: await codeOf(otp.Vault.open({ name: "passkey-args", passkey: true })),
        missingVault: await codeOf(otp.Vault.open({ name: "passkey-nowhere", passkey: true })),
        created: (await rawMeta("passkey-nowhere"))[0].length,
        unchanged: JSON.stringify((await rawMeta("passkey-args"))[0]) === JSON.stringify(keysBefore),
      };
    }, PASSPHRASE);
    assert.deepEqual(result, {
      onDevice: "OtpError:invalid_state",
      both: "OtpError:invalid_argument",
      notTrue: "OtpError:invalid_argument",
      badRpId: "OtpError:invalid_argument",
      badTimeout: "OtpError:invalid_argument",
      badId: "OtpError:invalid_base64url",
      noOptions: "OtpError:invalid_argument",
      whileLocked: "OtpError:locked",
      removeNoPassphrase: "OtpError:invalid_argument",
      removeNullOptions: "OtpError:invalid_argument",
      removeNotText: "OtpError:invalid_argument",
      badPasskeyNoDatabase: "OtpError:invalid_argument",
      databases: false,
      noPasskeys: "OtpError:invalid_state",
      missingVault: "OtpError:invalid_state",
      created: 0,
      unchanged: true,
    });
  });

  if (!webauthn) {
    test("WebKitGTK: adding a passkey is unsupported, and the passphrase opens the vault as before", async () => {
      const result = await page.evaluate(async ({ SECRET, PASSPHRASE }) => {
        const vault = await vaultWith("passkey-webkit", PASSPHRASE, SECRET);
        const add = await vault.addPasskey({ passphrase: PASSPHRASE }).then(() => "ok", (e) => `${e.code}: ${e.message}`);
        vault.close();
        const reopened = await otp.Vault.open({ name: "passkey-webkit", passphrase: PASSPHRASE });
        return { add, passkeys: (await reopened.passkeys()).length, codes: (await reopened.codes()).length };
      }, { SECRET, PASSPHRASE });
      assert.match(result.add, /^unsupported: WebAuthn is not available here .*: unlock the vault with its passphrase$/);
      assert.deepEqual([result.passkeys, result.codes], [0, 1]);
    });
  }
});

// Where the browser has WebAuthn but the passkey gives no PRF output: `unsupported`, nothing stored.
forEachEngine(["chromium"], () => {
  let browser;
  before(async () => {
    browser = await launch("chromium");
  });
  after(async () => {
    await browser?.close();
  });

  test("an authenticator without PRF: addPasskey is unsupported, with the passphrase named, and stores nothing", async () => {
    const page = await openPage(browser, `${served.origin()}/webauthn.html`);
    await addVirtualAuthenticator(page);
    const result = await page.evaluate(async () => {
      const { id } = await otp.createCredential(creation({ extensions: { prf: {} } }));
      const vault = await otp.Vault.open({ name: "passkey-no-prf", passphrase: "a passphrase" });
      await vault.add("otpauth://totp/Shop:jane?secret=JBSWY3DPEHPK3PXP");
      const tried = () => vault.addPasskey({ passphrase: "a passphrase", credentialId: id }).then(() => "ok", (e) => `${e.code}: ${e.message}`);
      const add = await tried();
      // A browser whose getClientCapabilities says it has no PRF: refused before any prompt.
      const container = navigator.credentials;
      const get = container.get.bind(container);
      let prompts = 0;
      container.get = (request) => (prompts++, get(request));
      const saved = Object.getOwnPropertyDescriptor(PublicKeyCredential, "getClientCapabilities");
      PublicKeyCredential.getClientCapabilities = async () => ({ "extension:prf": false });
      const reported = await tried();
      Object.defineProperty(PublicKeyCredential, "getClientCapabilities", saved);
      delete container.get;
      return { add, reported, prompts, passkeys: (await vault.passkeys()).length, accounts: (await vault.list()).length };
    });
    assert.deepEqual(result, {
      add: "unsupported: this browser or passkey gives no PRF output (the prf extension): unlock the vault with its passphrase",
      reported: "unsupported: this browser has no PRF extension: unlock the vault with its passphrase",
      prompts: 0,
      passkeys: 0,
      accounts: 1,
    });
  });
});
