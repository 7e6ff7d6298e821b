// How the browser authenticator (vault.js) keeps its accounts: IndexedDB and WebCrypto.
//
// Storage (format 2), per database `name`:
//   meta/protection  { format: 2, kind: "device", key: CryptoKey (AES-GCM, non-extractable), check }
//                 or { format: 2, kind: "passphrase", salt, iterations, check }
//                    check = AES-GCM("otp-wasm vault", additionalData = the fields above)
//   meta/passkey:<credential id>  a passkey that unlocks a passphrase vault (vault_passkeys.js)
//   accounts/<id>    { v: 2, id, type, issuer, label, algorithm, digits, period | counter,
//                      createdAt, addedAt, [encoding: "steam"], iv, secret }; an OCRA key
//                      (type "ocra") has `suite` and, for suites with C, `counter`
//                    secret = AES-GCM(raw secret bytes, additionalData = every field above;
//                    `encoding` is bound only when present, so records without it read as before)
// Whoever can write the database files cannot change a field unnoticed: the record no longer
// decrypts and is reported `tampered` (an HOTP counter rolled back included: `next` re-seals
// the record under each new counter). Format 1 (additional data: the record id only; no check
// on a device key) is re-sealed as format 2 the first time the vault is unlocked.

export const FORMAT = 2;
export const PBKDF2_ITERATIONS = 600_000; // OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
// A stored iteration count outside this range was not written by us: refused before deriving.
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 10_000_000;
export const CHECK = new TextEncoder().encode("otp-wasm vault");
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The additional data that binds a meta record's parameters. */
export function metaData({ kind, salt, iterations }) {
  const saltText = salt instanceof Uint8Array ? Array.from(salt).join(",") : "";
  return JSON.stringify(["otp-wasm vault meta", FORMAT, kind, saltText, iterations ?? 0]);
}

/** The additional data that binds every stored field of an account record. */
export function recordData(r) {
  const moving = r.type === "totp" ? r.period : r.type === "ocra" ? [r.suite, r.counter ?? null] : r.counter;
  const fields = ["otp-wasm vault record", r.v, r.id, r.type, r.issuer, r.label, r.algorithm, r.digits, moving, r.createdAt, r.addedAt];
  return JSON.stringify(r.encoding === undefined ? fields : [...fields, r.encoding]);
}

const counterValue = (text) => (BigInt(text) <= MAX_SAFE ? Number(text) : BigInt(text));

/** What callers see of a record: never the secret; `error: "tampered"` for one that fails. */
export function account(r, error = null) {
  let moving;
  try {
    if (r.type === "totp") moving = { period: r.period };
    else if (r.type === "ocra") moving = { suite: r.suite, ...(r.counter !== undefined && { counter: counterValue(r.counter) }) };
    else moving = { counter: counterValue(r.counter) };
  } catch {
    moving = { counter: null };
    error = "tampered";
  }
  return {
    id: r.id,
    type: r.type,
    issuer: r.issuer,
    label: r.label,
    algorithm: r.algorithm,
    digits: r.digits,
    encoding: r.encoding ?? "decimal",
    ...moving,
    createdAt: r.createdAt,
    error,
  };
}

/** IndexedDB and WebCrypto, as promises; failures are `OtpError`s of the entry that loads this. */
export function createStore(OtpError) {
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

  function openDatabase(name) {
    if (typeof indexedDB === "undefined" || !subtle()) {
      throw new OtpError("unsupported", "the browser authenticator needs IndexedDB and WebCrypto");
    }
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore("meta");
      open.result.createObjectStore("accounts", { keyPath: "id" });
    };
    return request(open).then((db) => {
      // Another tab deleting or upgrading the database is not kept waiting on this one.
      db.onversionchange = () => db.close();
      return db;
    });
  }

  /** The passphrase's PBKDF2-SHA-256 output: the vault key's 32 bytes, for the caller to wipe. */
  async function passphraseBytes(passphrase, salt, iterations) {
    const material = await subtle().importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveBits"]);
    return new Uint8Array(await subtle().deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, 256));
  }

  /** The vault key of its bytes: AES-GCM, non-extractable. */
  const importVaultKey = (bytes) => subtle().importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);

  /** The key a passphrase gives (the same as WebCrypto's deriveKey to AES-GCM-256 would). */
  async function passphraseKey(passphrase, salt, iterations) {
    const bytes = await passphraseBytes(passphrase, salt, iterations);
    try {
      return await importVaultKey(bytes);
    } finally {
      bytes.fill(0);
    }
  }

  const encrypt = async (key, plain, additional) => {
    const iv = crypto.getRandomValues(new Uint8Array(12)); // fresh 96-bit IV per record (NIST SP 800-38D)
    const additionalData = new TextEncoder().encode(additional);
    const data = new Uint8Array(await subtle().encrypt({ name: "AES-GCM", iv, additionalData }, key, plain));
    return { iv, data };
  };
  const decrypt = async (key, { iv, data }, additional) =>
    new Uint8Array(await subtle().decrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(additional) }, key, data));

  /** `record` with `secret` sealed under every field it now has. */
  const seal = async (key, secret, record) => {
    const { iv, data } = await encrypt(key, secret, recordData(record));
    return { ...record, iv, secret: data };
  };

  /** A format-2 meta record protected by `key`. */
  const newMeta = async (key, fields) => {
    const meta = { format: FORMAT, ...fields };
    return { ...meta, check: await encrypt(key, CHECK, metaData(meta)) };
  };

  /** Every account record, in the order they were added. */
  async function records(db) {
    const all = await request(db.transaction("accounts").objectStore("accounts").getAll());
    const order = (r) => (Number.isFinite(r.addedAt) ? r.addedAt : Number.isFinite(r.createdAt) ? r.createdAt : 0);
    return all.sort((a, b) => order(a) - order(b) || (String(a.id) < String(b.id) ? -1 : 1));
  }

  return { subtle, request, completion, openDatabase, passphraseBytes, importVaultKey, passphraseKey, encrypt, decrypt, seal, newMeta, records };
}
