// What otp-wasm/import's two modules share: its errors as the main entry's OtpError, and the
// keys and skipped entries its .wasm packs (src/js/import.rs, `pack_keys`).
import { coreError } from "./otp_error.js";
import { bytesIn, textOut } from "./utf8.js";

/**
 * `invalid(message)` and `fail(code or error number)` as errors of the main entry's
 * `OtpError`, so `instanceof` holds whichever entry threw (this one bundles its own copy), and
 * `option(options, name)`, read as keys.js reads options: undefined and null are an empty
 * object, a value of null is absent, anything else not an object or a throwing getter is
 * `invalid_argument`.
 */
export function errorsAs(OtpError) {
  const invalid = (message) => new OtpError("invalid_argument", message);
  return {
    invalid,
    fail: (status) => {
      const { code, message } = coreError(status);
      return new OtpError(code, message);
    },
    option: (options, name) => {
      if (options === undefined || options === null) return undefined;
      if (typeof options !== "object") throw invalid("options must be an object");
      try {
        return options[name] ?? undefined;
      } catch {
        throw invalid("an option could not be read");
      }
    },
  };
}

/** `invalid_argument` unless `keys` is an array of the main entry's `Totp` and `Hotp`. */
export function checkKeys(keys, { Totp, Hotp }, invalid) {
  if (!Array.isArray(keys) || !keys.every((key) => key instanceof Totp || key instanceof Hotp)) {
    throw invalid("keys must be an array of Totp and Hotp");
  }
}

/** The Key URIs of checked `keys`, one a line, as UTF-8 for the .wasm (the caller wipes them). */
export const uriLines = (keys) => bytesIn(keys.map((key) => key.toUri()).join("\n"));

/**
 * From `at` in `packed`: the keys, each a Key URI made into a key by `parseUri`, and the
 * skipped entries as `{ index, code, message }`.
 */
export function readImported(packed, at, parseUri) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const keys = [];
  let next = at + 4;
  for (let count = view.getUint32(at, true); count > 0; count--) {
    const length = view.getUint32(next, true);
    keys.push(parseUri(textOut(packed.subarray(next + 4, next + 4 + length))));
    next += 4 + length;
  }
  const skipped = [];
  for (let count = view.getUint32(next, true); count > 0; count--) {
    const { code, message } = coreError(packed[next + 8]);
    skipped.push({ index: view.getUint32(next + 4, true), code, message });
    next += 5;
  }
  return { keys, skipped };
}
