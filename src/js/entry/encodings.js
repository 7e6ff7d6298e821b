// base32 and base64url (RFC 4648) and generateSecret over the .wasm's flat functions
// (src/js/encoding.rs), for keys.js and the WebAuthn entry.
import { bytesOf, invalid, reader } from "./options.js";
import { coreError } from "./otp_error.js";
import { bytesIn, textOut } from "./utf8.js";

const encodable = (bytes) => bytesOf(bytes, "bytes must be a Uint8Array or an ArrayBuffer");

/** A whole number from 0 to 2^64 - 1, as Rust reads one. */
const isWhole = (value) => typeof value === "number" && Number.isInteger(value) && value >= 0 && value < 2 ** 64;

/**
 * The encoding functions and generateSecret over `wasm`'s flat functions. The WebAuthn entry's
 * .wasm has base64url only: it exports only those two (its bundle keeps the base32 closures,
 * never called: one factory costs the OTP entries fewer bytes than two).
 */
export function createEncodings(wasm) {
  function base32Decode(text) {
    if (typeof text !== "string") throw invalid("text must be a string");
    const bytes = wasm.base32_decode(bytesIn(text));
    if (!bytes) throw coreError("invalid_base32");
    return bytes;
  }

  function base32Encode(bytes, options) {
    const view = encodable(bytes);
    const padding = reader(options)("padding") ?? false;
    if (typeof padding !== "boolean") throw invalid("padding must be a boolean");
    return textOut(wasm.base32_encode(view, padding));
  }

  /** Base32 of `bytes` (default 20) random bytes from the platform's CSPRNG. */
  function generateSecret(bytes) {
    let length = 20;
    if (bytes !== undefined && bytes !== null) {
      if (!isWhole(bytes)) throw invalid("bytes must be a whole number from 16 to 64");
      length = bytes;
    }
    if (length < 16) throw coreError("secret_too_short");
    if (length > 64) throw coreError("secret_too_long");
    const random = crypto.getRandomValues(new Uint8Array(length));
    try {
      return textOut(wasm.base32_encode(random, false));
    } finally {
      random.fill(0);
    }
  }


  function base64urlEncode(bytes) {
    return textOut(wasm.base64url_encode(encodable(bytes)));
  }

  function base64urlDecode(text) {
    if (typeof text !== "string") throw invalid("text must be a string");
    const bytes = wasm.base64url_decode(bytesIn(text));
    if (!bytes) throw coreError("invalid_base64url");
    return bytes;
  }

  return { base32Encode, base32Decode, generateSecret, base64urlEncode, base64urlDecode };
}
