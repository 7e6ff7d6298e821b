// How a vault (vault.js) is locked: a device key kept in IndexedDB, or a key derived from a
// passphrase; creating that protection on first open, unlocking it, and re-sealing a vault of
// the first format. The storage format itself: vault_store.js; the passkeys that unlock a
// passphrase vault too: vault_passkeys.js.
import { FORMAT, MAX_ITERATIONS, MIN_ITERATIONS, PBKDF2_ITERATIONS, metaData } from "./vault_store.js";

/** `store` is vault_store.js's `createStore`; its `records` reads the accounts in order. */
export function createLock(store, OtpError) {
  const { subtle, request, completion, passphraseBytes: derive, importVaultKey, passphraseKey, decrypt, seal, newMeta, records } = store;
  const locked = () => new OtpError("locked", "the vault is locked: unlock it with its passphrase");
  const tampered = () => new OtpError("tampered", "this account's stored record was altered or damaged: it gives no codes");
  const meta = (db) => request(db.transaction("meta").objectStore("meta").get("protection"));

  /**
   * Creates the vault's protection if it has none (another tab may race: the first one's
   * stays); resolves the key when it can unlock now (a device key, or the passphrase given),
   * else `null`.
   */
  async function protect(db, passphrase) {
    let protection = await meta(db);
    if (!protection) {
      if (passphrase === undefined) {
        const key = await subtle().generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
        protection = await newMeta(key, { kind: "device", key });
      } else {
        const salt = crypto.getRandomValues(new Uint8Array(16));
        const fields = { kind: "passphrase", salt, iterations: PBKDF2_ITERATIONS };
        protection = await newMeta(await passphraseKey(passphrase, salt, PBKDF2_ITERATIONS), fields);
      }
      const tx = db.transaction("meta", "readwrite");
      tx.objectStore("meta").add(protection, "protection"); // fails if another tab created it first
      await completion(tx).catch(() => {});
    }
    protection = await meta(db);
    if (protection?.kind === "device") {
      if (passphrase !== undefined) throw new OtpError("invalid_state", "this vault is not protected by a passphrase");
      return unlock(db);
    }
    return passphrase === undefined ? null : unlock(db, passphrase);
  }

  /** A passphrase vault's salt and iteration count; `tampered` when they are not ours. */
  function passphraseParameters(protection) {
    const { salt, iterations } = protection;
    if (!(salt instanceof Uint8Array) || !Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw tampered();
    }
    return { salt, iterations };
  }

  /**
   * The vault's key: a wrong passphrase is `locked`, and so are altered parameters (a lowered
   * iteration count, another salt), which the check value binds. A vault of the previous
   * format is re-sealed now.
   */
  async function unlock(db, passphrase) {
    const protection = await meta(db);
    let key;
    if (protection?.kind === "device" && protection.key instanceof CryptoKey) {
      key = protection.key;
    } else if (protection?.kind === "passphrase") {
      if (typeof passphrase !== "string") throw locked();
      const { salt, iterations } = passphraseParameters(protection);
      key = await passphraseKey(passphrase, salt, iterations);
    } else {
      throw tampered();
    }
    const legacy = protection.format === undefined;
    try {
      if (legacy) {
        if (protection.kind === "passphrase") await decrypt(key, protection.check, "check");
      } else {
        await decrypt(key, protection.check, metaData(protection));
      }
    } catch {
      throw protection.kind === "passphrase" ? locked() : tampered();
    }
    if (legacy) await reseal(db, key, protection);
    return key;
  }

  /** `key` if it opens the vault's check value (format 2), else `locked` with `why`. */
  async function checked(protection, key, why) {
    try {
      await decrypt(key, protection.check, metaData(protection));
      return key;
    } catch {
      throw new OtpError("locked", why);
    }
  }

  /**
   * The vault key's bytes, for a passkey to wrap (vault_passkeys.js): only a passphrase vault
   * of format 2 (an unlocked one) has them, and only for its passphrase. The caller wipes them.
   */
  async function keyBytes(db, passphrase) {
    const protection = await meta(db);
    if (protection?.kind !== "passphrase") throw new OtpError("invalid_state", "only a vault with a passphrase can be unlocked with a passkey too");
    if (protection.format !== FORMAT) throw locked(); // an unlock re-seals it first
    const { salt, iterations } = passphraseParameters(protection);
    const bytes = await derive(passphrase, salt, iterations);
    try {
      await checked(protection, await importVaultKey(bytes), "wrong passphrase: the vault's passkeys are unchanged");
      return bytes;
    } catch (error) {
      bytes.fill(0);
      throw error;
    }
  }

  /** The vault key of `bytes` a passkey unwrapped, once the vault's check value accepts it. */
  async function keyOf(db, bytes) {
    const protection = await meta(db);
    if (protection?.kind !== "passphrase" || protection.format !== FORMAT) throw tampered();
    return checked(protection, await importVaultKey(bytes), "this passkey does not unlock this vault");
  }

  /**
   * Format 1 to format 2: every record that still decrypts under its id alone is sealed under
   * all its fields, and the meta record gets its check; one transaction writes them all.
   */
  async function reseal(db, key, protection) {
    const all = await records(db);
    // Records are re-sealed in the same transaction that marks the meta record: an old-format
    // meta beside new-format records is a downgrade someone made, to slip old records in.
    if (all.some((record) => record.v === FORMAT)) throw tampered();
    const updated = [];
    for (const record of all) {
      let secret;
      try {
        secret = await decrypt(key, { iv: record.iv, data: record.secret }, record.id);
      } catch {
        continue; // unreadable already: it stays as it is, and is reported tampered
      }
      updated.push(await seal(key, secret, { ...record, v: FORMAT, addedAt: record.addedAt ?? record.createdAt }));
      secret.fill(0);
    }
    const { check, ...fields } = protection;
    const newProtection = await newMeta(key, fields);
    const tx = db.transaction(["meta", "accounts"], "readwrite");
    for (const record of updated) tx.objectStore("accounts").put(record);
    tx.objectStore("meta").put(newProtection, "protection");
    await completion(tx);
  }

  return { protect, unlock, keyBytes, keyOf, locked, tampered };
}
