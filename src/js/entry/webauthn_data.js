// parseClientDataJSON, parseAuthenticatorData and parseAttestationObject over the .wasm's flat
// functions (src/js/webauthn.rs). Each takes a Uint8Array, an ArrayBuffer or base64url text
// (as WebAuthn's JSON has it); the core parses.
import { OtpError } from "./otp_error.js";
import { readResult } from "./tree.js";

export function createWebAuthnParsers(wasm, base64urlDecode) {
  const data = (value) => {
    if (typeof value === "string") return base64urlDecode(value);
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    throw new OtpError("invalid_argument", "data must be a Uint8Array, an ArrayBuffer or a base64url string");
  };
  return {
    parseClientDataJSON: (value) => readResult(wasm.parse_client_data_json(data(value))),
    parseAuthenticatorData: (value) => readResult(wasm.parse_authenticator_data(data(value))),
    parseAttestationObject: (value) => readResult(wasm.parse_attestation_object(data(value))),
  };
}
