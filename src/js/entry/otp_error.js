/**
 * The error every otp-wasm call throws (and every async call rejects with). `code` is a
 * stable snake_case string to branch on; `message` is plain English for people and never
 * contains secret material.
 *
 * Errors raised inside WebAssembly are plain `Error`s named "OtpError" with a `code`;
 * `Symbol.hasInstance` makes `error instanceof OtpError` true for them as well.
 */
export class OtpError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "OtpError";
    this.code = code;
  }

  static [Symbol.hasInstance](value) {
    return value instanceof Error && value.name === "OtpError" && typeof value.code === "string";
  }

  /**
   * A browser API's failure (a DOMException) as an OtpError: the one place that maps them.
   * An OtpError passes through unchanged.
   */
  static fromDomException(error) {
    if (error instanceof OtpError) return error;
    switch (error?.name) {
      case "AbortError":
      case "TimeoutError":
        return new OtpError("aborted", "the request was aborted or timed out");
      case "InvalidStateError":
        return new OtpError("invalid_state", "the request conflicts with what is already there (already registered?)");
      case "SecurityError":
        return new OtpError("security", "the relying party ID does not match this origin, or the context is not secure");
      case "NotSupportedError":
        return new OtpError("unsupported", "this browser or authenticator does not support the request");
      default:
        return new OtpError("not_allowed", "the person or the browser did not allow the request");
    }
  }
}

/**
 * The core's OTP errors in the order of `Error::ALL` (src/error.rs), with its messages: the
 * .wasm reports one by its number there (1-based), and keys.js throws them by code.
 * tests/error_codes.rs checks both against the Rust.
 */
const CORE_MESSAGES = {
  invalid_argument: "an argument has the wrong type or is out of range",
  invalid_base32: "not valid base32: only A-Z, 2-7, spaces, hyphens and trailing '=' are allowed",
  invalid_base64url: "not valid base64url",
  secret_too_short: "a generated secret must be at least 16 bytes (RFC 4226 §4)",
  secret_too_long: "a generated secret must be at most 64 bytes",
  invalid_algorithm: "algorithm must be SHA1, SHA256 or SHA512",
  invalid_digits: "digits must be a whole number from 6 to 10",
  invalid_period: "period must be a whole number of seconds from 1 to 3600",
  invalid_counter: "counter must be a whole number from 0 to 2^64-1",
  invalid_uri: "not a valid otpauth:// Key URI",
  missing_secret: "a non-empty secret is required",
  missing_counter: "a counter is required",
};

/** The rest of `Error::ALL`'s messages, in order, from the modules whose functions report them. */
export const addCoreMessages = (messages) => Object.assign(CORE_MESSAGES, messages);

/** The OtpError for a core error, by code or by the .wasm's number for it. */
export function coreError(code) {
  const known = typeof code === "number" ? Object.keys(CORE_MESSAGES)[code - 1] : code;
  return known in CORE_MESSAGES ? new OtpError(known, CORE_MESSAGES[known]) : new OtpError("invalid_argument", CORE_MESSAGES.invalid_argument);
}

/**
 * Wraps a public function so that a throwing getter or proxy in its arguments surfaces as an
 * OtpError (`invalid_argument`), like every other failure; for async functions, as a rejection.
 */
export function guard(fn) {
  const fail = (error) => {
    throw error instanceof OtpError
      ? error
      : new OtpError("invalid_argument", "an argument could not be read (a getter or proxy threw)");
  };
  return function guarded(...args) {
    try {
      const result = fn.apply(this, args);
      return result instanceof Promise ? result.catch(fail) : result;
    } catch (error) {
      return fail(error);
    }
  };
}
