// What the browser authenticator (vault.js) makes of its sealed account records: the secret a
// record unseals to, the Totp, Hotp or Ocra it makes, a counter advanced compare-and-set, and
// every key for an export. A record that was altered or damaged makes nothing. The records'
// format: vault_store.js.
import { FORMAT, recordData } from "./vault_store.js";

/** `store` is vault_store.js's; `tampered` makes lock's error for a record that was changed. */
export function createRecords(store, { Totp, Hotp, Ocra, OtpError, tampered }) {
  const { request, completion, decrypt, seal, records } = store;
  const notFound = () => new OtpError("not_found", "no such account in this vault");

  /** The Totp, Hotp or Ocra of a verified record and its secret; `null` if its fields do not make one. */
  const keyOf = (record, secret) => {
    try {
      if (record.type === "ocra") return new Ocra({ suite: record.suite, secret });
      const options = { secret, algorithm: record.algorithm, digits: record.digits, issuer: record.issuer, label: record.label, encoding: record.encoding };
      return record.type === "totp" ? new Totp({ ...options, period: record.period }) : new Hotp({ ...options, counter: BigInt(record.counter) });
    } catch {
      return null;
    }
  };

  /** The record's secret under `key`, or `null` when it was altered, damaged or is of an old format. */
  async function unseal(key, record) {
    try {
      if (record.v !== FORMAT) return null;
      return await decrypt(key, { iv: record.iv, data: record.secret }, recordData(record));
    } catch {
      return null;
    }
  }

  /** The record's key as a Totp, Hotp or Ocra (for the caller to free), or `null` when its record cannot be trusted. */
  async function otpOf(key, record) {
    const secret = await unseal(key, record);
    if (!secret) return null;
    try {
      return keyOf(record, secret);
    } finally {
      secret.fill(0);
    }
  }

  /**
   * `produce(otp, counter)` with the key of account `id` of `type`; a record with a counter
   * has it advanced and sealed with the record, compare-and-set, before the result is
   * returned (another tab may advance it meanwhile). `tampered` when the record was changed.
   */
  async function use(db, key, id, type, wrongType, produce) {
    for (;;) {
      const record = await request(db.transaction("accounts").objectStore("accounts").get(String(id)));
      if (!record) throw notFound();
      if (record.type !== type) throw new OtpError("invalid_argument", wrongType);
      const secret = await unseal(key, record);
      if (!secret) throw tampered();
      const counter = record.counter === undefined ? null : BigInt(record.counter);
      let code;
      let advanced;
      try {
        const otp = keyOf(record, secret);
        if (!otp) throw tampered();
        try {
          code = produce(otp, counter);
        } finally {
          otp.free();
        }
        if (counter === null) return code;
        advanced = await seal(key, secret, { ...record, counter: String(counter + 1n) });
      } finally {
        secret.fill(0);
      }
      // Compare and set: another tab may have advanced the counter meanwhile.
      const tx = db.transaction("accounts", "readwrite");
      const accounts = tx.objectStore("accounts");
      const current = await request(accounts.get(record.id));
      if (!current || current.counter !== record.counter) {
        tx.abort();
        continue;
      }
      accounts.put(advanced);
      await completion(tx);
      return code;
    }
  }

  /**
   * Every account's Totp or Hotp, for the caller to free. Rejects with `unreadable`, naming
   * them, when some records cannot be read, so an export never silently leaves accounts
   * behind; with `skipUnreadable`, the others. OCRA keys are not among them: no Key URI or
   * app backup format holds one, and a transaction authenticator's key stays in the device
   * it was activated in.
   */
  async function storedKeys(db, key, skipUnreadable) {
    const out = [];
    const unreadable = [];
    try {
      for (const record of await records(db)) {
        if (record.type === "ocra") continue;
        const otp = await otpOf(key, record);
        if (otp) out.push(otp);
        else unreadable.push(String(record.id));
      }
      if (unreadable.length && !skipUnreadable) {
        throw new OtpError("unreadable", `these accounts cannot be read and would be left out: ${unreadable.join(", ")}`);
      }
      return out;
    } catch (error) {
      for (const otp of out) otp.free();
      throw error;
    }
  }

  return { otpOf, use, storedKeys, notFound };
}
