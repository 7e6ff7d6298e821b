// Types of the payment binding in the main entry (docs/api.md, "Binding a confirmation to a payment").
import type { Ocra } from "./otp.js";

/** A payment: `amount` as decimal text ("42", "42.50"), `currency` an ISO 4217 code. */
export interface Transaction {
  amount: string;
  currency: string;
  payee: string;
  /** Omitted or "" when there is none. */
  reference?: string;
}

/** The payment as written canonically, and its bytes (the encoding docs/api.md states). */
export interface TransactionDescription {
  /** At the currency's precision: "42.00" for EUR, "1500" for JPY. */
  amount: string;
  currency: string;
  payee: string;
  reference: string;
  /** "Pay 42.00 EUR to Demo Shop Ltd", and " (reference: ...)" when there is one. */
  statement: string;
  bytes: Uint8Array;
}

/**
 * Checks a payment and writes it canonically. Throws `invalid_amount`, `unknown_currency`,
 * `invalid_payee`, `invalid_reference` or `invalid_argument`.
 */
export function describeTransaction(tx: Transaction): TransactionDescription;

/** The WebAuthn challenge (32 bytes) for the payment and a fresh nonce of 16 to 64 bytes. */
export function transactionChallenge(tx: Transaction, nonce: Uint8Array | ArrayBuffer): Uint8Array;

/**
 * An OCRA question for the payment, a fresh nonce of 16 to 64 bytes and a suite (its text or
 * an `Ocra`): `length` characters (default 8, or the suite's question length if shorter) of the
 * suite's format. Throws `invalid_suite` for a suite that is not one.
 */
export function transactionQuestion(
  tx: Transaction,
  options: { nonce: Uint8Array | ArrayBuffer; suite: string | Ocra; length?: number },
): string;
