// The browser authenticator: accounts enrolled in this browser, their secrets encrypted at rest
// in IndexedDB, codes computed by the Rust core (Totp/Hotp). JavaScript rather than web-sys:
// IndexedDB and WebCrypto are promise and event APIs, and this is wiring around them; the
// bindings for the same would be larger and no safer.
//
// Storage, per database `name`:
//   meta/protection  { kind: "device", key: CryptoKey (AES-GCM, non-extractable) }
//                 or { kind: "passphrase", salt, iterations, check: { iv, data } }
//   accounts/<id>    { id, type, issuer, label, algorithm, digits, period | counter,
//                      createdAt, iv, secret: AES-GCM(raw secret bytes, additionalData = id) }

const PBKDF2_ITERATIONS = 600_000; // OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
const CHECK = new TextEncoder().encode("otp-wasm vault");
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function createVault({ Totp, Hotp, parseUri, base32Decode, OtpError, guard }) {
  const subtle = () => globalThis.crypto?.subtle;
  const request = (req) =>
    new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const completion = (tx) =>
    new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new OtpError("invalid_state", "the storage transaction failed"));
    });
  const locked = () => new OtpError("locked", "the vault is locked: unlock it with its passphrase");
  const notFound = () => new OtpError("not_found", "no such account in this vault");
  const counterValue = (text) => (BigInt(text) <= MAX_SAFE ? Number(text) : BigInt(text));

  function openDatabase(name) {
    if (typeof indexedDB === "undefined" || !subtle()) {
      throw new OtpError("unsupported", "the browser authenticator needs IndexedDB and WebCrypto");
    }
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore("meta");
      open.result.createObjectStore("accounts", { keyPath: "id" });
    };
    return request(open);
  }

  async function passphraseKey(passphrase, salt, iterations) {
    const material = await subtle().importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
    return subtle().deriveKey(
      { name: "PBKDF2", hash: "SHA-256", salt, iterations },
      material,
      { name: "AES-GCM", length: 256 },
      false,
      ["encrypt", "decrypt"],
    );
  }

  const encrypt = async (key, plain, id) => {
    const iv = crypto.getRandomValues(new Uint8Array(12)); // fresh 96-bit IV per record (NIST SP 800-38D)
    const data = new Uint8Array(await subtle().encrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(id) }, key, plain));
    return { iv, data };
  };
  const decrypt = async (key, { iv, data }, id) =>
    new Uint8Array(await subtle().decrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(id) }, key, data));

  /** What callers see of a record: never the secret. */
  const account = (r) => ({
    id: r.id,
    type: r.type,
    issuer: r.issuer,
    label: r.label,
    algorithm: r.algorithm,
    digits: r.digits,
    ...(r.type === "totp" ? { period: r.period } : { counter: counterValue(r.counter) }),
    createdAt: r.createdAt,
  });

  class Vault {
    #db;
    #key = null;

    constructor(db, key) {
      this.#db = db;
      this.#key = key;
    }

    /** Opens (or creates) the vault `name`; with `passphrase`, protected by a key derived from it. */
    static async open({ name = "otp-wasm", passphrase } = {}) {
      if (typeof name !== "string" || name === "") throw new OtpError("invalid_argument", "name must be a non-empty string");
      if (passphrase !== undefined && (typeof passphrase !== "string" || passphrase === "")) {
        throw new OtpError("invalid_argument", "passphrase must be a non-empty string");
      }
      const db = await openDatabase(name);
      const vault = new Vault(db, null);
      let protection = await vault.#meta();
      if (!protection) {
        protection = passphrase === undefined
          ? { kind: "device", key: await subtle().generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]) }
          : await (async () => {
              const salt = crypto.getRandomValues(new Uint8Array(16));
              const key = await passphraseKey(passphrase, salt, PBKDF2_ITERATIONS);
              return { kind: "passphrase", salt, iterations: PBKDF2_ITERATIONS, check: await encrypt(key, CHECK, "check") };
            })();
        const tx = db.transaction("meta", "readwrite");
        tx.objectStore("meta").add(protection, "protection"); // fails if another tab created it first
        await completion(tx).catch(() => {});
        protection = await vault.#meta();
      }
      if (protection.kind === "device") {
        if (passphrase !== undefined) throw new OtpError("invalid_state", "this vault is not protected by a passphrase");
        vault.#key = protection.key;
      } else if (passphrase !== undefined) {
        await vault.unlock(passphrase);
      }
      return vault;
    }

    async #meta() {
      return request(this.#db.transaction("meta").objectStore("meta").get("protection"));
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

    /** Unlocks with the passphrase; a wrong one is `locked`. */
    async unlock(passphrase) {
      const protection = await this.#meta();
      if (protection.kind === "device") {
        this.#key = protection.key;
        return;
      }
      if (typeof passphrase !== "string") throw locked();
      const key = await passphraseKey(passphrase, protection.salt, protection.iterations);
      try {
        await decrypt(key, protection.check, "check");
      } catch {
        throw locked();
      }
      this.#key = key;
    }

    /** Enrols an account from an otpauth:// URI, a Totp or a Hotp. */
    async add(source) {
      const key = this.#requireKey();
      const otp = typeof source === "string" ? parseUri(source) : source;
      if (!(otp instanceof Totp || otp instanceof Hotp)) {
        throw new OtpError("invalid_argument", "add takes an otpauth:// URI, a Totp or a Hotp");
      }
      const id = crypto.randomUUID();
      const secret = base32Decode(otp.secret);
      const encrypted = await encrypt(key, secret, id);
      secret.fill(0);
      const record = {
        id,
        type: otp instanceof Totp ? "totp" : "hotp",
        issuer: otp.issuer,
        label: otp.label,
        algorithm: otp.algorithm,
        digits: otp.digits,
        ...(otp instanceof Totp ? { period: otp.period } : { counter: String(otp.counter) }),
        createdAt: Date.now(),
        // Sub-millisecond, so accounts added in the same millisecond keep their order.
        addedAt: performance.timeOrigin + performance.now(),
        iv: encrypted.iv,
        secret: encrypted.data,
      };
      const tx = this.#db.transaction("accounts", "readwrite");
      tx.objectStore("accounts").add(record);
      await completion(tx);
      return account(record);
    }

    async #records() {
      const records = await request(this.#db.transaction("accounts").objectStore("accounts").getAll());
      return records.sort((a, b) => (a.addedAt ?? a.createdAt) - (b.addedAt ?? b.createdAt) || (a.id < b.id ? -1 : 1));
    }

    /** Every account, oldest first; no secrets. */
    async list() {
      return (await this.#records()).map(account);
    }

    /** A record's key as a Totp or Hotp, or null when it cannot be decrypted or read. */
    async #otp(record) {
      try {
        const secret = await decrypt(this.#key, { iv: record.iv, data: record.secret }, record.id);
        const options = { secret, algorithm: record.algorithm, digits: record.digits, issuer: record.issuer, label: record.label };
        const otp = record.type === "totp" ? new Totp({ ...options, period: record.period }) : new Hotp({ ...options, counter: BigInt(record.counter) });
        secret.fill(0);
        return otp;
      } catch {
        return null;
      }
    }

    /**
     * The current code of every TOTP account. An account whose record cannot be decrypted or
     * read is listed with `code: null` and `error: "not_found"`; the others are unaffected.
     */
    async codes(timestampMs = Date.now()) {
      this.#requireKey();
      const out = [];
      for (const record of await this.#records()) {
        if (record.type !== "totp") continue;
        const totp = await this.#otp(record);
        const common = { id: record.id, issuer: record.issuer, label: record.label, period: record.period };
        if (!totp) {
          out.push({ ...common, code: null, remainingMs: null, error: "not_found" });
          continue;
        }
        out.push({ ...common, code: totp.generate(timestampMs), remainingMs: totp.remainingMs(timestampMs), error: null });
        totp.free();
      }
      return out;
    }

    /** The next code of an HOTP account; the advanced counter is stored before it is returned. */
    async next(id) {
      this.#requireKey();
      for (;;) {
        const record = await request(this.#db.transaction("accounts").objectStore("accounts").get(String(id)));
        if (!record) throw notFound();
        if (record.type !== "hotp") throw new OtpError("invalid_argument", "next() is for HOTP accounts; TOTP codes come from codes()");
        const hotp = await this.#otp(record);
        if (!hotp) throw new OtpError("not_found", "this account's record cannot be decrypted");
        const code = hotp.generate(BigInt(record.counter));
        hotp.free();
        // Compare and set: another tab may have advanced the counter meanwhile.
        const tx = this.#db.transaction("accounts", "readwrite");
        const store = tx.objectStore("accounts");
        const current = await request(store.get(record.id));
        if (!current || current.counter !== record.counter) {
          tx.abort();
          continue;
        }
        store.put({ ...current, counter: String(BigInt(record.counter) + 1n) });
        await completion(tx);
        return code;
      }
    }

    /** Removes an account. */
    async remove(id) {
      const tx = this.#db.transaction("accounts", "readwrite");
      const store = tx.objectStore("accounts");
      if (!(await request(store.get(String(id))))) throw notFound();
      store.delete(String(id));
      await completion(tx);
    }

    /** Every readable account as an otpauth:// URI (with its secret: handle with care). */
    async exportUris() {
      this.#requireKey();
      const uris = [];
      for (const record of await this.#records()) {
        const otp = await this.#otp(record);
        if (otp) {
          uris.push(otp.toUri());
          otp.free();
        }
      }
      return uris;
    }

    /** Closes the database connection. */
    close() {
      this.#key = null;
      this.#db.close();
    }
  }

  for (const method of ["add", "unlock", "codes", "next", "remove", "exportUris"]) {
    Vault.prototype[method] = guard(Vault.prototype[method]);
  }
  Vault.open = guard(Vault.open);
  return { Vault };
}
