// Types of `otp-wasm/import` (import.js): Google Authenticator's transfer QR codes (docs/api.md).
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
