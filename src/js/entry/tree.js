// Reads the results of the .wasm's code-entry and WebAuthn functions: a status byte (0, or the
// number of the core's error, src/js/error.rs) and one value in tagged bytes (src/js/tree.rs
// writes them; the tags are numbered in its order).
import { addCoreMessages, coreError } from "./otp_error.js";

// `Error::ALL` after the OTP errors otp_error.js holds, in order (tests/error_codes.rs checks).
addCoreMessages({
  empty: "no code was entered",
  too_short: "the code has too few digits",
  too_long: "the code has too many digits",
  invalid_character: "the code contains a character that is not a digit",
  invalid_cbor: "not valid CBOR, or bytes are left after it",
  invalid_client_data: "clientDataJSON must be a JSON object with string type, challenge and origin",
  invalid_authenticator_data: "authenticator data is truncated, malformed or followed by extra bytes",
  wrong_origin: "the code was sent for another site",
  not_representable: "Google Authenticator's transfer takes only 30-second periods and 6 or 8 digits, no Steam keys",
  unknown_format: "not a backup format otp-wasm reads, or a damaged one",
  passphrase_required: "this backup is encrypted: a passphrase is required",
  wrong_passphrase: "the passphrase does not open this backup",
});

const utf8 = new TextDecoder();

/** A map key as a property name: text as it is, integers in decimal, anything else as JSON. */
function propertyName(key) {
  if (typeof key === "string") return key;
  if (typeof key === "number" || typeof key === "bigint") return String(key);
  try {
    return String(JSON.stringify(key));
  } catch {
    return "null"; // a bigint inside
  }
}

/** The value in `bytes`, or the OtpError it reports, thrown. */
export function readResult(bytes) {
  if (bytes[0] !== 0) throw coreError(bytes[0]);
  let at = 1;
  const length = () => {
    at += 4;
    return (bytes[at - 4] | (bytes[at - 3] << 8) | (bytes[at - 2] << 16) | (bytes[at - 1] << 24)) >>> 0;
  };
  const slice = () => {
    const end = length() + at;
    return bytes.subarray(at, (at = end));
  };
  const value = () => {
    switch (bytes[at++]) {
      case 0:
        return null;
      case 1:
        return undefined;
      case 2:
        return false;
      case 3:
        return true;
      case 4:
        at += 8;
        return new DataView(bytes.buffer, bytes.byteOffset + at - 8, 8).getFloat64(0, true);
      case 5:
        return BigInt(utf8.decode(slice()));
      case 6:
        return utf8.decode(slice());
      case 7:
        return slice().slice(); // a copy of its own, not a view of the whole result
      case 8:
        return Array.from({ length: length() }, value);
      default: {
        // Own data properties, even "__proto__": a map cannot change the object's prototype.
        const object = {};
        for (let count = length(); count > 0; count--) {
          Object.defineProperty(object, propertyName(value()), { value: value(), writable: true, enumerable: true, configurable: true });
        }
        return object;
      }
    }
  };
  return value();
}
