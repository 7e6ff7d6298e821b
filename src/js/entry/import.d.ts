// Types of `otp-wasm/import` (import.js): Google Authenticator's transfer QR codes and the apps' backup files (docs/api.md).
// Its keys are the main entry's `Totp` and `Hotp`.
import type { Hotp, InitInput, OtpErrorCode, Totp } from "./index.js";
export { OtpError } from "./index.js";

/** Loads this entry's .wasm (the URL, Response or bytes given, or the one beside it) and the main entry's. */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;
export { init };

/** An entry of a transfer that makes no key here, and why. */
export interface Skipped {
  /** Its position among the transfer's entries. */
  index: number;
  code: OtpErrorCode;
  message: string;
}

export interface Migration {
  keys: Array<Totp | Hotp>;
  /** Entries that make no key here (MD5, an empty secret, an unknown type or digit count). */
  skipped: Skipped[];
  /** Which of the transfer's QR codes this is (from 0), of how many, and the id they share. */
  batchIndex: number;
  batchSize: number;
  batchId: number;
}

/** The keys of a Google Authenticator "Transfer accounts" QR code (`otpauth-migration://`). */
export function parseMigrationUri(uri: string): Migration;

/**
 * The `otpauth-migration://` URIs Google Authenticator imports, one per QR code, `batchSize`
 * keys each (default 10). A key it cannot carry (a period other than 30 s, digits other than
 * 6 or 8, a Steam key) is `not_representable`, named in the message.
 */
export function toMigrationUris(keys: Array<Totp | Hotp>, options?: { batchSize?: number }): string[];

/** The formats `importAccounts` recognises. */
export type BackupFormat =
  | "uris"
  | "google-migration"
  | "ente"
  | "aegis"
  | "2fas"
  | "andotp"
  | "freeotp-plus"
  | "bitwarden"
  | "bitwarden-csv";

export interface ImportedAccounts {
  format: BackupFormat;
  keys: Array<Totp | Hotp>;
  /** Entries that make no key here, by position in the file, never dropped silently. */
  skipped: Skipped[];
}

/**
 * Reads a backup file, recognising its format: Key URI lists (one per line), transfer URIs,
 * Aegis (plain or encrypted), 2FAS (plain or encrypted), andOTP (plain or encrypted), Ente
 * Auth's text export, Bitwarden JSON or CSV, FreeOTP+. Rejects with `unknown_format`,
 * `passphrase_required` or `wrong_passphrase`.
 */
export function importAccounts(
  data: string | Uint8Array | ArrayBuffer | Blob,
  options?: { passphrase?: string },
): Promise<ImportedAccounts>;

/**
 * `keys` as a file's text: `"uris"` (default; one Key URI a line), `"aegis"` (an Aegis vault,
 * encrypted when a passphrase is given: Aegis imports it) or `"google-migration"` (transfer
 * URIs, one a line).
 */
export function exportAccounts(
  keys: Array<Totp | Hotp>,
  options?: { format?: "uris" | "aegis" | "google-migration"; passphrase?: string },
): Promise<string>;
