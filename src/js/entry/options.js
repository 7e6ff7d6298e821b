// Reading what callers pass, for every entry's functions: options objects, byte arguments and
// the `invalid_argument` error they raise.
import { OtpError } from "./otp_error.js";

export const invalid = (message) => new OtpError("invalid_argument", message);

/** Option reader over `options`: undefined and null are an empty object and absent values. */
export function reader(options) {
  if (options === undefined || options === null) return () => undefined;
  if (typeof options !== "object") throw invalid("options must be an object");
  return (name) => {
    let value;
    try {
      value = options[name];
    } catch {
      throw invalid("an option could not be read");
    }
    return value ?? undefined;
  };
}

/** The bytes of a Uint8Array or an ArrayBuffer, as a view (the .wasm copies what it reads). */
export function bytesOf(value, message) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw invalid(message);
}
