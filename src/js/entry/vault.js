// The browser authenticator: accounts enrolled in this browser, their secrets encrypted at rest
// in IndexedDB, codes computed by the Rust core (Totp/Hotp, and Ocra for a transaction
// authenticator's keys). JavaScript rather than web-sys:
// IndexedDB and WebCrypto are promise and event APIs, and this is wiring around them; the
// bindings for the same would be larger and no safer. How the accounts are stored and sealed:
// vault_store.js; what a sealed record makes (its key, its counter advanced): vault_records.js;
// how the vault is locked and unlocked: vault_lock.js, and with a passkey: vault_passkeys.js.
import { createLock } from "./vault_lock.js";
import { createPasskeys } from "./vault_passkeys.js";
import { createRecords } from "./vault_records.js";
import { FORMAT, account, createStore } from "./vault_store.js";

/** What makes two keys the same account: the secret, the issuer and the label. */
const identity = (key) => JSON.stringify([key.secret, key.issuer, key.label]);

/**
 * `loadImporter` resolves otp-wasm/import's `importAccounts` and `exportAccounts` (its module
 * and .wasm, fetched the first time a vault imports or exports a backup); `assertion` is
 * webauthn_browser.js's WebAuthn get, for the passkeys.
 */
export function createVault({ Totp, Hotp, Ocra, parseUri, base32Decode, base64urlEncode, base64urlDecode, secretOf, OtpError, guard, loadImporter, assertion }) {
  const store = createStore(OtpError);
  const { request, completion, openDatabase, seal } = store;
  const lock = createLock(store, OtpError);
  const { protect, unlock, locked, tampered } = lock;
  const { otpOf, use, storedKeys, notFound } = createRecords(store, { Totp, Hotp, Ocra, OtpError, tampered });
  const passkeys = createPasskeys(store, lock, { assertion, base64urlEncode, base64urlDecode, OtpError });
  let importing = null;
  const importer = () =>
    (importing ??= loadImporter().catch(() => {
      importing = null; // a failed fetch may be retried
      throw new OtpError("unsupported", "the importers' module (otp-wasm/import) could not be loaded");
    }));
  // When an account was added, for list()'s order: the clock, sub-millisecond where the browser
  // gives it. Firefox and WebKit give whole milliseconds, and accounts added within one (a
  // backup's, imported) would tie and be listed in their random ids' order: each one added here
  // is later than the one before it.
  let lastAddedAt = 0;
  const nextAddedAt = () => (lastAddedAt = Math.max(performance.timeOrigin + performance.now(), lastAddedAt + 0.01));

  class Vault {
    #db;
    #key = null;

    constructor(db, key) {
      this.#db = db;
      this.#key = key;
    }

    /**
     * Opens (or creates) the vault `name`; with `passphrase`, protected by a key derived from
     * it. `passkey` (`true`, or `{ rpId, timeout, signal }`) unlocks it with one of the
     * passkeys added to it instead; it never creates a vault.
     */
    static async open({ name = "otp-wasm", passphrase, passkey } = {}) {
      if (typeof name !== "string" || name === "") throw new OtpError("invalid_argument", "name must be a non-empty string");
      if (passphrase !== undefined && (typeof passphrase !== "string" || passphrase === "")) {
        throw new OtpError("invalid_argument", "passphrase must be a non-empty string");
      }
      if (passphrase !== undefined && passkey !== undefined) throw new OtpError("invalid_argument", "open takes a passphrase or a passkey, not both");
      const ceremony = passkey === undefined ? undefined : passkeys.ceremonyOptions(passkey);
      const db = await openDatabase(name);
      try {
        return new Vault(db, ceremony === undefined ? await protect(db, passphrase) : await passkeys.unlock(db, ceremony));
      } catch (error) {
        // A wrong passphrase (or a refused vault) leaves no connection open behind it.
        db.close();
        throw error;
      }
    }

    #requireKey() {
      if (!this.#key) throw locked();
      return this.#key;
    }

    /** Whether codes can be read now. */
    get locked() {
      return this.#key === null;
    }

    /** Forgets the key until `unlock`. */
    lock() {
      this.#key = null;
    }

    /**
     * Unlocks with the passphrase; a wrong one is `locked`, and so are altered parameters (a
     * lowered iteration count, another salt), which the check value binds. A vault of the
     * previous format is re-sealed now. `{ passkey }` unlocks with a passkey, as `open` does.
     */
    async unlock(secret) {
      const passkey = typeof secret === "object" && secret !== null ? secret.passkey : undefined;
      this.#key = passkey === undefined ? await unlock(this.#db, secret) : await passkeys.unlock(this.#db, passkeys.ceremonyOptions(passkey));
    }

    /**
     * Adds a passkey that unlocks this passphrase vault (its PRF output wraps the vault key):
     * `{ passphrase, credentialId, rpId, timeout, signal }`, the passphrase checked before the
     * browser asks for the passkey. Resolves `{ credentialId, addedAt }`.
     */
    async addPasskey(options) {
      this.#requireKey();
      return passkeys.add(this.#db, options);
    }

    /** Removes a passkey from those that unlock the vault (the passphrase checked first). */
    async removePasskey(credentialId, options) {
      return passkeys.remove(this.#db, credentialId, options);
    }

    /** The passkeys that unlock the vault, locked or not: `{ credentialId, addedAt }`. */
    async passkeys() {
      return passkeys.list(this.#db);
    }

    /** Enrols an account from an otpauth:// URI, a Totp or a Hotp. */
    async add(source) {
      const key = this.#requireKey();
      const otp = typeof source === "string" ? parseUri(source) : source;
      if (!(otp instanceof Totp || otp instanceof Hotp)) {
        throw new OtpError("invalid_argument", "add takes an otpauth:// URI, a Totp or a Hotp");
      }
      return this.#store(key, base32Decode(otp.secret), {
        type: otp instanceof Totp ? "totp" : "hotp",
        issuer: otp.issuer,
        label: otp.label,
        algorithm: otp.algorithm,
        digits: otp.digits,
        ...(otp instanceof Totp ? { period: otp.period } : { counter: String(otp.counter) }),
        ...(otp.encoding === "steam" && { encoding: "steam" }),
      });
    }

    /**
     * Enrols a transaction authenticator's OCRA key (RFC 6287): `{ suite, secret, issuer,
     * label, counter }`, `counter` (default 0) for suites with `C`, kept here from then on.
     */
    async addOcra(options) {
      const key = this.#requireKey();
      if (typeof options !== "object" || options === null) throw new OtpError("invalid_argument", "addOcra takes { suite, secret, issuer, label }");
      const { suite, secret: given, issuer = "", label = "", counter = 0 } = options;
      if (typeof issuer !== "string" || typeof label !== "string") throw new OtpError("invalid_argument", "issuer and label must be strings");
      const ocra = new Ocra({ suite, secret: given }); // checks the suite and the secret
      const { algorithm, digits, dataInput } = ocra;
      ocra.free();
      if (!dataInput.counter && "counter" in options) throw new OtpError("invalid_argument", "this suite takes no counter");
      const integer = (typeof counter === "number" && Number.isSafeInteger(counter)) || typeof counter === "bigint";
      if (!integer || counter < 0 || BigInt(counter) >= 1n << 64n) throw new OtpError("invalid_argument", "counter must be an integer in 0..2^64");
      return this.#store(key, secretOf(given, base32Decode), {
        type: "ocra",
        issuer,
        label,
        algorithm,
        digits,
        suite,
        ...(dataInput.counter && { counter: String(counter) }),
      });
    }

    /**
     * Stores a new account: `fields` with a fresh id, the format and the times added, and
     * `secret` sealed with them (a copy of the caller's, wiped here).
     */
    async #store(key, secret, fields) {
      let record;
      try {
        record = await seal(key, secret, { v: FORMAT, id: crypto.randomUUID(), ...fields, createdAt: Date.now(), addedAt: nextAddedAt() });
      } finally {
        secret.fill(0);
      }
      const tx = this.#db.transaction("accounts", "readwrite");
      tx.objectStore("accounts").add(record);
      await completion(tx);
      return account(record);
    }

    /**
     * Every account, oldest first; no secrets. While unlocked, each record is verified: one that
     * was altered or damaged is listed with `error: "tampered"`, the others are unaffected.
     */
    async list() {
      const out = [];
      for (const record of await store.records(this.#db)) {
        let error = null;
        if (this.#key !== null) {
          const otp = await otpOf(this.#key, record);
          if (otp) otp.free();
          else error = "tampered";
        }
        out.push(account(record, error));
      }
      return out;
    }

    /**
     * The current code of every TOTP account. An account whose record was altered or damaged
     * is listed with `code: null` and `error: "tampered"`; the others are unaffected.
     */
    async codes(timestampMs = Date.now()) {
      this.#requireKey();
      const out = [];
      for (const record of await store.records(this.#db)) {
        if (record.type !== "totp") continue;
        const totp = await otpOf(this.#key, record);
        const common = { id: record.id, issuer: record.issuer, label: record.label, period: record.period };
        if (!totp) {
          out.push({ ...common, code: null, remainingMs: null, error: "tampered" });
          continue;
        }
        out.push({ ...common, code: totp.generate(timestampMs), remainingMs: totp.remainingMs(timestampMs), error: null });
        totp.free();
      }
      return out;
    }

    /**
     * The next code of an HOTP account. The advanced counter is stored, sealed with the record,
     * before the code is returned; a record whose counter was changed is `tampered`.
     */
    async next(id) {
      return use(this.#db, this.#requireKey(), id, "hotp", "next() is for HOTP accounts; TOTP codes come from codes()", (hotp, counter) => hotp.generate(counter));
    }

    /**
     * An OCRA key's response to `input` (Ocra's `generate` inputs: `question`, and `pin`,
     * `session`, `timestampMs` as the suite asks). A suite with `C` uses the counter kept
     * here, advanced and stored before the response is returned, as `next` does.
     */
    async answer(id, input) {
      if (typeof input !== "object" || input === null) throw new OtpError("invalid_argument", "answer takes { question, ... }");
      if ("counter" in input) throw new OtpError("invalid_argument", "the vault keeps the counter of an OCRA key");
      return use(this.#db, this.#requireKey(), id, "ocra", "answer() is for OCRA keys", (ocra, counter) => ocra.generate(counter === null ? input : { ...input, counter }));
    }

    /** Removes an account. */
    async remove(id) {
      const tx = this.#db.transaction("accounts", "readwrite");
      const store = tx.objectStore("accounts");
      if (!(await request(store.get(String(id))))) throw notFound();
      store.delete(String(id));
      await completion(tx);
    }

    /**
     * Adds every account of a backup file (`importAccounts`' formats, from otp-wasm/import,
     * loaded on first use) that is not here already: a duplicate has the same secret, issuer
     * and label. Resolves `{ format, added, duplicates, skipped }`: the file's format, the
     * accounts added, how many were here already, and the file's entries that made no key.
     */
    async import(data, options) {
      this.#requireKey();
      const { importAccounts } = await importer();
      const { format, keys, skipped } = await importAccounts(data, options);
      const present = new Set();
      for (const otp of await storedKeys(this.#db, this.#key, true)) {
        present.add(identity(otp));
        otp.free();
      }
      const added = [];
      let duplicates = 0;
      for (const key of keys) {
        const id = identity(key);
        if (present.has(id)) duplicates++;
        else {
          present.add(id);
          added.push(await this.add(key));
        }
        key.free();
      }
      return { format, added, duplicates, skipped };
    }

    /**
     * Every account as a backup file's text (`exportAccounts`: "uris", "aegis", encrypted with
     * a passphrase, or "google-migration"); `unreadable` as for exportUris (never skipped).
     */
    async export(options) {
      this.#requireKey();
      const { exportAccounts } = await importer();
      const all = await storedKeys(this.#db, this.#key, false);
      try {
        return await exportAccounts(all, options);
      } finally {
        for (const key of all) key.free();
      }
    }

    /**
     * Every account as an otpauth:// URI (with its secret: handle with care); `unreadable` as
     * vault_records.js's `storedKeys` says, unless `{ skipUnreadable: true }`.
     */
    async exportUris({ skipUnreadable = false } = {}) {
      this.#requireKey();
      if (typeof skipUnreadable !== "boolean") throw new OtpError("invalid_argument", "skipUnreadable must be a boolean");
      return (await storedKeys(this.#db, this.#key, skipUnreadable)).map((otp) => {
        const uri = otp.toUri();
        otp.free();
        return uri;
      });
    }

    /** Closes the database connection. */
    close() {
      this.#key = null;
      this.#db.close();
    }
  }

  for (const method of ["add", "addOcra", "unlock", "addPasskey", "removePasskey", "passkeys", "list", "codes", "next", "answer", "remove", "exportUris", "import", "export"]) {
    Vault.prototype[method] = guard(Vault.prototype[method]);
  }
  Vault.open = guard(Vault.open);
  return { Vault };
}
