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
}
