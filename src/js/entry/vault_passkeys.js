// Passkeys that unlock a passphrase vault (vault.js). The PRF extension (WebAuthn Level 3
// §10.1.4) gives 32 bytes that only the passkey gives again for the same input; HKDF-SHA-256
// (RFC 5869) turns them into a key that wraps the vault's key. Each passkey has a slot:
//   meta/passkey:<credential id>  { format: 2, credentialId, salt, wrapped, addedAt }
//     salt: 32 random bytes, the PRF input and HKDF's salt
//     wrapped = AES-GCM(the vault key's 32 bytes, additionalData = the credential id and salt)
// The vault key is the passphrase's PBKDF2 output (vault_lock.js), so a slot is all a passkey
// adds: the accounts are not re-sealed. That key does not change when a passkey is removed:
// removing stops the passkey opening this database, not a copy taken before. The passphrase
// stays the way in where a browser has no PRF, and adding or removing a passkey asks for it
// again. Nothing of the PRF output or the key derived from it is stored, and neither can be
// read back: the keys are non-extractable, and the bytes are wiped once imported.
import { FORMAT } from "./vault_store.js";

const SLOT = "passkey:";
const INFO = new TextEncoder().encode("otp-wasm vault key-encryption key");

/** The additional data that binds a slot's wrapped key to its passkey and salt. */
const slotData = (credentialId, salt) => JSON.stringify(["otp-wasm vault passkey", FORMAT, credentialId, Array.from(salt).join(",")]);

/** A slot as we write it (one altered into another shape is left out, so it unlocks nothing). */
const isSlot = (s) =>
  typeof s?.credentialId === "string" && /^[A-Za-z0-9_-]+$/.test(s.credentialId) && s.salt instanceof Uint8Array &&
  s.wrapped?.iv instanceof Uint8Array && s.wrapped?.data instanceof Uint8Array;

/**
 * `store` is vault_store.js's; `keyBytes(db, passphrase)` the vault key's bytes once the
 * passphrase is checked, `keyOf(db, bytes)` the vault key once checked against the vault;
 * `assertion(publicKey, { signal })` a WebAuthn get (webauthn_browser.js), errors as OtpErrors.
 */
export function createPasskeys(store, { keyBytes, keyOf }, { assertion, base64urlEncode, base64urlDecode, OtpError }) {
  const { subtle, request, completion, encrypt, decrypt } = store;
  const invalid = (message) => new OtpError("invalid_argument", message);
  const refused = () => new OtpError("locked", "this passkey does not unlock this vault");

  /** The slot of passkey `id` as stored now, or `undefined`. */
  async function slot(db, id) {
    const found = await request(db.transaction("meta").objectStore("meta").get(SLOT + id));
    return isSlot(found) ? found : undefined;
  }

  async function slots(db) {
    const range = IDBKeyRange.bound(SLOT, `${SLOT}\uffff`);
    const all = await request(db.transaction("meta").objectStore("meta").getAll(range));
    return all.filter(isSlot).sort((a, b) => a.addedAt - b.addedAt);
  }

  function ceremonyOptions(options) {
    if (options === true) return {};
    if (typeof options !== "object" || options === null) throw invalid("passkey must be true or { rpId, timeout, signal }");
    const { rpId, timeout, signal } = options;
    if (rpId !== undefined && (typeof rpId !== "string" || rpId === "")) throw invalid("rpId must be a non-empty string");
    if (timeout !== undefined && !(Number.isSafeInteger(timeout) && timeout > 0)) throw invalid("timeout must be a positive whole number of milliseconds");
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalid("signal must be an AbortSignal");
    return { rpId, timeout, signal };
  }

  /** The credential ID as the browser's rawId gives it (base64url, unpadded): slots are keyed by it. */
  const canonical = (credentialId) => {
    if (typeof credentialId !== "string") throw invalid("credentialId must be a base64url string");
    return base64urlEncode(base64urlDecode(credentialId)); // invalid_base64url before any prompt
  };

  function requirePassphrase(passphrase) {
    if (typeof passphrase !== "string" || passphrase === "") {
      throw invalid("the vault's passphrase is needed to change which passkeys unlock it");
    }
  }

  const noPrf = (why) => new OtpError("unsupported", `${why}: unlock the vault with its passphrase`);

  /** Refuses at once where the browser says it has no PRF, before a prompt that cannot help. */
  async function requirePrf() {
    let reported;
    try {
      reported = (await globalThis.PublicKeyCredential?.getClientCapabilities?.())?.["extension:prf"];
    } catch {
      reported = undefined; // no answer: the ceremony's outcome tells
    }
    if (reported === false) throw noPrf("this browser has no PRF extension");
  }

  /**
   * A WebAuthn get with user verification (an authenticator's PRF differs with and without
   * it, CTAP2 hmac-secret) and the PRF inputs `prf`: the passkey used and its first output.
   */
  async function evaluate({ rpId, timeout, signal }, allowed, prf) {
    const publicKey = {
      challenge: crypto.getRandomValues(new Uint8Array(32)), // nothing is verified remotely: the PRF output is the proof
      ...(rpId !== undefined && { rpId }),
      ...(timeout !== undefined && { timeout }),
      ...(allowed.length > 0 && { allowCredentials: allowed.map((id) => ({ type: "public-key", id: base64urlDecode(id) })) }),
      userVerification: "required",
      extensions: { prf },
    };
    await requirePrf();
    let credential;
    try {
      credential = await assertion(publicKey, { signal });
    } catch (error) {
      throw error.code === "unsupported" ? noPrf(error.message) : error;
    }
    const output = credential.getClientExtensionResults?.().prf?.results?.first;
    if (!(output instanceof ArrayBuffer) || output.byteLength < 32) throw noPrf("this browser or passkey gives no PRF output (the prf extension)");
    return { credentialId: base64urlEncode(new Uint8Array(credential.rawId)), output: new Uint8Array(output) };
  }

  /** HKDF-SHA-256 of the PRF output (RFC 5869 §2): the slot's wrapping key. Wipes `output`. */
  async function wrappingKey(output, salt) {
    try {
      const material = await subtle().importKey("raw", output, "HKDF", false, ["deriveKey"]);
      return await subtle().deriveKey(
        { name: "HKDF", hash: "SHA-256", salt, info: INFO },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    } finally {
      output.fill(0);
    }
  }

  const addedAlready = () => new OtpError("invalid_state", "this passkey unlocks the vault already");

  /**
   * Adds a passkey that unlocks the vault: the passphrase first, then one WebAuthn get
   * (`credentialId` to ask for one passkey, else the browser offers the RP's).
   */
  async function add(db, options) {
    if (typeof options !== "object" || options === null) throw invalid("addPasskey takes { passphrase, credentialId, rpId, timeout, signal }");
    const { passphrase } = options;
    requirePassphrase(passphrase);
    const credentialId = options.credentialId === undefined ? undefined : canonical(options.credentialId);
    const ceremony = ceremonyOptions(options);
    if (credentialId !== undefined && (await slot(db, credentialId))) throw addedAlready();
    const bytes = await keyBytes(db, passphrase);
    try {
      const salt = crypto.getRandomValues(new Uint8Array(32));
      const used = await evaluate(ceremony, credentialId === undefined ? [] : [credentialId], { eval: { first: salt } });
      const id = used.credentialId;
      const key = await wrappingKey(used.output, salt);
      const added = { format: FORMAT, credentialId: id, salt, wrapped: await encrypt(key, bytes, slotData(id, salt)), addedAt: Date.now() };
      const tx = db.transaction("meta", "readwrite");
      const meta = tx.objectStore("meta");
      if (isSlot(await request(meta.get(SLOT + id)))) {
        tx.abort();
        throw addedAlready();
      }
      meta.put(added, SLOT + id);
      await completion(tx);
      return { credentialId: id, addedAt: added.addedAt };
    } finally {
      bytes.fill(0);
    }
  }

  /** Removes a passkey's slot, once the passphrase is checked; `not_found` for one not there. */
  async function remove(db, credentialId, options) {
    const id = canonical(credentialId);
    if (typeof options !== "object" || options === null) throw invalid("removePasskey takes the credential ID and { passphrase }");
    requirePassphrase(options.passphrase);
    (await keyBytes(db, options.passphrase)).fill(0);
    const tx = db.transaction("meta", "readwrite");
    const meta = tx.objectStore("meta");
    if ((await request(meta.getKey(SLOT + id))) === undefined) {
      tx.abort();
      throw new OtpError("not_found", "no such passkey unlocks this vault");
    }
    meta.delete(SLOT + id);
    await completion(tx);
  }

  /**
   * The vault key, from one of the vault's passkeys (`ceremony` as `ceremonyOptions` made
   * it): a slot altered, or removed during the prompt, is `locked`; a vault no passkey
   * unlocks is `invalid_state`.
   */
  async function unlock(db, ceremony) {
    const known = await slots(db);
    if (known.length === 0) throw new OtpError("invalid_state", "no passkey unlocks this vault: add one with addPasskey");
    const inputs = Object.fromEntries(known.map((s) => [s.credentialId, { first: s.salt }]));
    const used = await evaluate(ceremony, known.map((s) => s.credentialId), { evalByCredential: inputs });
    // The slot as it is now: another tab may have removed the passkey during the prompt, and a
    // browser may answer with a passkey it was not asked for.
    const asked = known.find((s) => s.credentialId === used.credentialId);
    const current = asked && (await slot(db, used.credentialId));
    if (!current || slotData(current.credentialId, current.salt) !== slotData(asked.credentialId, asked.salt)) {
      used.output.fill(0);
      throw refused();
    }
    let bytes;
    try {
      bytes = await decrypt(await wrappingKey(used.output, current.salt), current.wrapped, slotData(current.credentialId, current.salt));
    } catch {
      throw refused();
    }
    try {
      return await keyOf(db, bytes);
    } finally {
      bytes.fill(0);
    }
  }

  /** The passkeys that unlock the vault: `{ credentialId, addedAt }`, oldest first. */
  const list = async (db) => (await slots(db)).map(({ credentialId, addedAt }) => ({ credentialId, addedAt }));

  return { add, remove, unlock, list, ceremonyOptions };
}
