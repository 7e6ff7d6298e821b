// Passkeys that unlock a passphrase vault (vault.js). The PRF extension (WebAuthn Level 3
// §10.1.4) gives 32 bytes that only the passkey gives again for the same input; HKDF-SHA-256
// (RFC 5869) turns them into a key that wraps the vault's key. Each passkey has a slot:
//   meta/passkey:<credential id>  { format: 2, credentialId, salt, wrapped, addedAt }
//     salt: 32 random bytes, the PRF input and HKDF's salt
//     wrapped = AES-GCM(the vault key's 32 bytes, additionalData = the credential id and salt)
// The vault key is the passphrase's PBKDF2 output (vault_lock.js), so a slot is all a passkey
// adds: the accounts are not re-sealed. The passphrase stays the way in where a browser has no
// PRF, and adding or removing a passkey asks for it again. Nothing of the PRF output or the
// key derived from it is stored, and neither can be read back: the keys are non-extractable,
// and the bytes are wiped once imported.
import { FORMAT } from "./vault_store.js";

const SLOT = "passkey:";
const INFO = new TextEncoder().encode("otp-wasm vault key-encryption key");

/** The additional data that binds a slot's wrapped key to its passkey and salt. */
const slotData = (credentialId, salt) => JSON.stringify(["otp-wasm vault passkey", FORMAT, credentialId, Array.from(salt).join(",")]);

const isSlot = (s) =>
  s && typeof s.credentialId === "string" && s.salt instanceof Uint8Array && s.wrapped?.iv instanceof Uint8Array &&
  s.wrapped?.data instanceof Uint8Array;

/**
 * `store` is vault_store.js's; `keyBytes(db, passphrase)` the vault key's bytes once the
 * passphrase is checked, `keyOf(db, bytes)` the vault key once checked against the vault;
 * `assertion(publicKey, { signal })` a WebAuthn get (webauthn_browser.js), errors as OtpErrors.
 */
export function createPasskeys(store, { keyBytes, keyOf }, { assertion, base64urlEncode, base64urlDecode, OtpError }) {
  const { subtle, request, completion, encrypt, decrypt } = store;
  const invalid = (message) => new OtpError("invalid_argument", message);
  const refused = () => new OtpError("locked", "this passkey does not unlock this vault");

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

  function requirePassphrase(passphrase) {
    if (typeof passphrase !== "string" || passphrase === "") {
      throw invalid("the vault's passphrase is needed to change which passkeys unlock it");
    }
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
    const credential = await assertion(publicKey, { signal });
    const output = credential.getClientExtensionResults?.().prf?.results?.first;
    if (!(output instanceof ArrayBuffer) || output.byteLength < 32) {
      throw new OtpError("unsupported", "this browser or passkey gives no PRF output (the prf extension): unlock with the passphrase");
    }
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

  /**
   * Adds a passkey that unlocks the vault: the passphrase first, then one WebAuthn get
   * (`credentialId` to ask for one passkey, else the browser offers the RP's passkeys).
   */
  async function add(db, options) {
    if (typeof options !== "object" || options === null) throw invalid("addPasskey takes { passphrase, credentialId, rpId, timeout, signal }");
    const { passphrase, credentialId } = options;
    requirePassphrase(passphrase);
    if (credentialId !== undefined) base64urlDecode(credentialId); // invalid_base64url before any prompt
    const ceremony = ceremonyOptions(options);
    const bytes = await keyBytes(db, passphrase);
    try {
      const salt = crypto.getRandomValues(new Uint8Array(32));
      const used = await evaluate(ceremony, credentialId === undefined ? [] : [credentialId], { eval: { first: salt } });
      const id = used.credentialId;
      const key = await wrappingKey(used.output, salt);
      const slot = { format: FORMAT, credentialId: id, salt, wrapped: await encrypt(key, bytes, slotData(id, salt)), addedAt: Date.now() };
      const tx = db.transaction("meta", "readwrite");
      tx.objectStore("meta").add(slot, SLOT + id);
      await completion(tx).catch((error) => {
        throw error?.name === "ConstraintError" ? new OtpError("invalid_state", "this passkey unlocks the vault already") : error;
      });
      return { credentialId: id, addedAt: slot.addedAt };
    } finally {
      bytes.fill(0);
    }
  }

  /** Removes a passkey's slot, once the passphrase is checked; `not_found` for one not there. */
  async function remove(db, credentialId, { passphrase } = {}) {
    if (typeof credentialId !== "string") throw invalid("credentialId must be a base64url string");
    requirePassphrase(passphrase);
    (await keyBytes(db, passphrase)).fill(0);
    const tx = db.transaction("meta", "readwrite");
    const meta = tx.objectStore("meta");
    if ((await request(meta.get(SLOT + credentialId))) === undefined) {
      tx.abort();
      throw new OtpError("not_found", "no such passkey unlocks this vault");
    }
    meta.delete(SLOT + credentialId);
    await completion(tx);
  }

  /**
   * The vault key, from one of the vault's passkeys: a passkey it does not know, or whose
   * slot was altered, is `locked`; a vault no passkey unlocks is `invalid_state`.
   */
  async function unlock(db, options) {
    const ceremony = ceremonyOptions(options);
    const known = await slots(db);
    if (known.length === 0) throw new OtpError("invalid_state", "no passkey unlocks this vault: add one with addPasskey");
    const inputs = Object.fromEntries(known.map((s) => [s.credentialId, { first: s.salt }]));
    const used = await evaluate(ceremony, known.map((s) => s.credentialId), { evalByCredential: inputs });
    const slot = known.find((s) => s.credentialId === used.credentialId);
    if (!slot) {
      used.output.fill(0);
      throw refused();
    }
    let bytes;
    try {
      bytes = await decrypt(await wrappingKey(used.output, slot.salt), slot.wrapped, slotData(slot.credentialId, slot.salt));
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

  return { add, remove, unlock, list };
}
