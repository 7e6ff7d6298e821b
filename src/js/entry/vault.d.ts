// Types of the browser authenticator (vault.js; docs/api.md, "The browser authenticator"):
// part of the main entry, `otp-wasm`.
import type { CodeEncoding, Hotp, OcraInput, OtpErrorCode, Totp } from "./otp.js";

// ---- Browser authenticator ------------------------------------------------------------

/** An account enrolled in a Vault: never its secret. */
export interface Account {
  id: string;
  type: "totp" | "hotp" | "ocra";
  issuer: string;
  label: string;
  algorithm: "SHA1" | "SHA256" | "SHA512";
  digits: number;
  /** `"steam"` for a Steam Guard account (five-letter codes). */
  encoding: CodeEncoding;
  /** TOTP accounts. */
  period?: number;
  /** HOTP accounts, and OCRA keys whose suite has `C`: the next counter. */
  counter?: number | bigint;
  /** OCRA keys: the suite (RFC 6287 §6). */
  suite?: string;
  /** Unix milliseconds. */
  createdAt: number;
  /**
   * `"tampered"` when the stored record was altered or damaged (checked by `list` while the
   * vault is unlocked): it gives no codes. `null` otherwise.
   */
  error: "tampered" | null;
}

export interface VaultCode {
  id: string;
  issuer: string;
  label: string;
  period: number;
  /** `null` when the account's record was altered or damaged (then `error` is `"tampered"`). */
  code: string | null;
  remainingMs: number | null;
  error: OtpErrorCode | null;
}

/**
 * How the browser asks for a passkey that unlocks a vault: `true` for its defaults (the page's
 * host as the RP ID), or these.
 */
export type VaultPasskeyOptions = true | { rpId?: string; timeout?: number; signal?: AbortSignal };

/** A passkey that unlocks a vault (its credential ID, base64url), and when it was added. */
export interface VaultPasskey {
  credentialId: string;
  /** Unix milliseconds. */
  addedAt: number;
}

/**
 * Accounts enrolled in this browser, generating codes like an authenticator app. Secrets are
 * AES-GCM encrypted in IndexedDB under a non-extractable key kept there, or under a key
 * derived from a passphrase (PBKDF2-SHA-256, 600000 iterations); the encryption's additional
 * data binds every stored field of a record, so a record changed by whoever can write the
 * browser profile's files is reported `tampered` and gives no codes.
 */
export class Vault {
  private constructor();
  /**
   * Opens (or creates) a vault. `passkey` unlocks an existing passphrase vault with one of its
   * passkeys instead of the passphrase (the PRF extension); it never creates one.
   */
  static open(options?: { name?: string; passphrase?: string; passkey?: VaultPasskeyOptions }): Promise<Vault>;
  /** True until `unlock` for a passphrase vault opened without its passphrase, or after `lock`. */
  readonly locked: boolean;
  add(source: string | Totp | Hotp): Promise<Account>;
  /**
   * Enrols a transaction authenticator's OCRA key (RFC 6287); `counter` (default 0) for a
   * suite with `C`, kept by the vault from then on. Exports leave OCRA keys out: no Key URI or
   * app backup holds one.
   */
  addOcra(options: {
    suite: string;
    secret: string | Uint8Array | ArrayBuffer;
    issuer?: string;
    label?: string;
    counter?: number | bigint;
  }): Promise<Account>;
  /**
   * An OCRA key's response to `input`; for a suite with `C`, the vault's counter, advanced and
   * stored before the response is returned.
   */
  answer(id: string, input: Omit<OcraInput, "counter">): Promise<string>;
  list(): Promise<Account[]>;
  /** Every TOTP account's current code (HOTP accounts advance through `next`). */
  codes(timestampMs?: number): Promise<VaultCode[]>;
  /**
   * An HOTP account's next code; the advanced counter is stored, sealed with the record,
   * before it is returned. `tampered` when the stored counter (or any field) was changed.
   */
  next(id: string): Promise<string>;
  remove(id: string): Promise<void>;
  /**
   * Every account as an otpauth:// URI, secrets included. Rejects with `unreadable` (naming
   * the accounts) when some cannot be read, unless `skipUnreadable`.
   */
  exportUris(options?: { skipUnreadable?: boolean }): Promise<string[]>;
  /**
   * Adds the accounts of a backup file (any format `importAccounts` of otp-wasm/import reads;
   * that entry is loaded on first use) that are not here already (same secret, issuer and
   * label): `added` are the new accounts, `duplicates` how many were here, `skipped` the
   * file's entries that made no key.
   */
  import(
    data: string | Uint8Array | ArrayBuffer | Blob,
    options?: { passphrase?: string },
  ): Promise<{
    /** `importAccounts`' name of the file's format, such as `"aegis"`. */
    format: string;
    added: Account[];
    duplicates: number;
    skipped: Array<{ index: number; code: OtpErrorCode; message: string }>;
  }>;
  /**
   * Every account as a backup file's text (`exportAccounts` of otp-wasm/import): Key URIs, an
   * Aegis vault (encrypted with a passphrase) or transfer URIs. `unreadable` as exportUris.
   */
  export(options?: { format?: "uris" | "aegis" | "google-migration"; passphrase?: string }): Promise<string>;
  lock(): void;
  /**
   * A wrong passphrase rejects with `locked`; `{ passkey }` unlocks with one of the vault's
   * passkeys (the browser offers only those): a slot altered, or removed meanwhile, is
   * `locked`; the person declining is `not_allowed`.
   */
  unlock(secret?: string | { passkey: VaultPasskeyOptions }): Promise<void>;
  /**
   * Adds a passkey that unlocks this passphrase vault: its PRF output (with user verification)
   * wraps the vault key, the accounts stay as they are, and the passphrase still opens it.
   * The passphrase is checked before the browser asks for the passkey (`locked` if wrong);
   * `credentialId` asks for one passkey, else the browser offers the RP's. `unsupported`
   * where the browser or the passkey gives no PRF output; `invalid_state` for a device vault
   * or a passkey added already.
   */
  addPasskey(options: {
    passphrase: string;
    credentialId?: string;
    rpId?: string;
    timeout?: number;
    signal?: AbortSignal;
  }): Promise<VaultPasskey>;
  /**
   * Removes a passkey from those that unlock the vault; the passphrase is checked first. The
   * vault key stays: a copy of the database taken before still opens with that passkey.
   */
  removePasskey(credentialId: string, options: { passphrase: string }): Promise<void>;
  /** The passkeys that unlock the vault, oldest first (readable while locked). */
  passkeys(): Promise<VaultPasskey[]>;
  close(): void;
}
