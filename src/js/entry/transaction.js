// describeTransaction, transactionChallenge and transactionQuestion: a payment bound into the
// confirmation that approves it (PSD2's dynamic linking). The encoding is src/transaction/'s
// (its module documentation states it), written again here: regular expressions and
// TextEncoder do in JavaScript what costs kilobytes of .wasm, and the one hash comes from the
// .wasm (`ocra_digest`, SHA-256). Both run tests/vectors/transaction.json.
import { OtpError } from "./otp_error.js";
import { readSuite } from "./ocra.js";
import { bytesOf, invalid, reader } from "./options.js";
import { bytesIn } from "./utf8.js";

/**
 * The payment's errors, the last of `Error::ALL` (src/error.rs) with its messages: thrown here
 * by code (no .wasm function reports them), so only the main entry carries them.
 * tests/error_codes.rs checks them against the Rust.
 */
const TRANSACTION_MESSAGES = {
  invalid_amount: "not an amount of this currency: decimal digits, above zero, at most its minor units after the point",
  unknown_currency: "not an ISO 4217 currency code",
  invalid_payee: "the payee must be 1 to 70 characters, with no control or invisible characters",
  invalid_reference: "the reference must be at most 140 characters, with no control or invisible characters",
};
const refused = (code) => new OtpError(code, TRANSACTION_MESSAGES[code]);

// ISO 4217's codes with minor units, as src/transaction/currency.rs lists them (that file says
// which); its tests check the two lists are one.
const CURRENCIES =
  "AED2AFN2ALL2AMD2AOA2ARS2AUD2AWG2AZN2BAM2BBD2BDT2BGN2BHD3BIF0BMD2BND2BOB2BOV2BRL2BSD2BTN2BWP2BYN2BZD2CAD2CDF2CHE2CHF2CHW2CLF4CLP0CNY2COP2COU2CRC2CUP2CVE2CZK2DJF0DKK2DOP2DZD2EGP2ERN2ETB2EUR2FJD2FKP2GBP2GEL2GHS2GIP2GMD2GNF0GTQ2GYD2HKD2HNL2HTG2HUF2IDR2ILS2INR2IQD3IRR2ISK0JMD2JOD3JPY0KES2KGS2KHR2KMF0KPW2KRW0KWD3KYD2KZT2LAK2LBP2LKR2LRD2LSL2LYD3MAD2MDL2MGA2MKD2MMK2MNT2MOP2MRU2MUR2MVR2MWK2MXN2MXV2MYR2MZN2NAD2NGN2NIO2NOK2NPR2NZD2OMR3PAB2PEN2PGK2PHP2PKR2PLN2PYG0QAR2RON2RSD2RUB2RWF0SAR2SBD2SCR2SDG2SEK2SGD2SHP2SLE2SOS2SRD2SSP2STN2SVC2SYP2SZL2THB2TJS2TMT2TND3TOP2TRY2TTD2TWD2TZS2UAH2UGX0USD2USN2UYI0UYU2UYW4UZS2VED2VES2VND0VUV0WST2XAF0XCD2XCG2XOF0XPF0YER2ZAR2ZMW2ZWG2";
// Control characters, invisible and direction-changing format characters, white space but
// the space, and spaces at either end or twice: what would make the text read differently
// from what is signed (src/transaction/text.rs).
// A lone surrogate too: TextEncoder would sign U+FFFD in its place.
const HIDING =
  /[\p{Cc}\p{Cs}\u00AD\u034F\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{1D173}-\u{1D17A}\u{E0000}-\u{E007F}]|(?! )\s|^ | $| {2}/u;
const SHA256 = 1; // as src/js/otp.rs numbers algorithms

/** `part`'s UTF-8 length as 2 big-endian bytes, then its UTF-8. */
const field = (part) => {
  const bytes = typeof part === "string" ? bytesIn(part) : part;
  return [bytes.length >> 8, bytes.length & 255, ...bytes];
};

export function createTransactions(wasm, { base32Encode }) {
  /** The payment `tx` checked and written: `{ amount, ..., statement, bytes }`. */
  function describe(tx) {
    const get = reader(tx);
    const [amount, currency, payee, reference] = ["amount", "currency", "payee", "reference"].map((name) => {
      const value = get(name) ?? (name === "reference" ? "" : undefined);
      if (typeof value !== "string") throw invalid(`${name} must be a string`);
      return value;
    });
    const at = /^[A-Z]{3}$/.test(currency) ? CURRENCIES.indexOf(currency) : -1;
    if (at % 4) throw refused("unknown_currency");
    const units = +CURRENCIES[at + 3];
    const [, whole, fraction = ""] = /^0*(\d{0,15})(?:\.(\d+))?$/.exec(amount) ?? [];
    const kept = fraction.slice(0, units).padEnd(units, "0");
    const canonical = (whole || "0") + (units ? "." + kept : "");
    if (whole === undefined || !/^\d/.test(amount) || /[^0]/.test(fraction.slice(units)) || !/[1-9]/.test(canonical)) {
      throw refused("invalid_amount");
    }
    const length = (text) => [...text].length;
    if (!length(payee) || length(payee) > 70 || HIDING.test(payee)) throw refused("invalid_payee");
    if (length(reference) > 140 || HIDING.test(reference)) throw refused("invalid_reference");
    return {
      amount: canonical,
      currency,
      payee,
      reference,
      statement: `Pay ${canonical} ${currency} to ${payee}${reference && ` (reference: ${reference})`}`,
      bytes: new Uint8Array([..."OTPWASM-TX1"].map((c) => c.charCodeAt(0)).concat(...[canonical, currency, payee, reference].map(field))),
    };
  }

  /** SHA-256(bytes ‖ field(nonce) ‖ field(purpose)) for a nonce of 16..=64 bytes. */
  function derive(tx, nonce, purpose) {
    const { bytes: payment } = describe(tx);
    const bytes = bytesOf(nonce, "nonce must be a Uint8Array or an ArrayBuffer of 16 to 64 bytes");
    if (bytes.length < 16 || bytes.length > 64) throw invalid("nonce must be 16 to 64 bytes");
    return wasm.ocra_digest(SHA256, new Uint8Array(0), new Uint8Array([...payment, ...field(bytes), ...field(purpose)]));
  }

  return {
    describeTransaction: describe,

    /** The WebAuthn challenge (32 bytes) for the payment and the server's nonce. */
    transactionChallenge: (tx, nonce) => derive(tx, nonce, "webauthn"),

    /**
     * An OCRA question for the payment, the nonce and a suite (its text or an `Ocra`): `length`
     * characters of the suite's question format, by default 8 or the suite's length if shorter.
     */
    transactionQuestion(tx, options) {
      const get = reader(options);
      const suite = get("suite");
      const [format, maxLength] = suite?.dataInput?.question
        ? [suite.dataInput.question.format, suite.dataInput.question.maxLength]
        : readSuite(suite).slice(4, 6);
      const length = get("length") ?? Math.min(+maxLength, 8);
      const most = Math.min(maxLength, { N: 19, A: 52, H: 64 }[format]);
      if (!Number.isInteger(length) || length < 4 || length > most) {
        throw invalid("length must be a whole number from 4 to the suite's question length, at most 19 for N, 52 for A, 64 for H");
      }
      const digest = derive(tx, get("nonce"), "ocra");
      const question =
        format === "N"
          ? String(new DataView(digest.buffer).getBigUint64(0) % 10n ** BigInt(length)).padStart(length, "0")
          : format === "A"
            ? base32Encode(digest)
            : Array.from(digest, (byte) => (byte | 256).toString(16).slice(1)).join("");
      return question.slice(0, length);
    },
  };
}
