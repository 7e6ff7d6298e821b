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
