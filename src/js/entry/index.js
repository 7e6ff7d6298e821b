// Browser and bundler entry (native ES modules). Call `await init()` once before anything else:
// it fetches and compiles web/otp_wasm_bg.wasm beside this file (or the URL, Response or bytes
// you pass).
// Named, not a namespace object: the bundle then needs no helper shared with the vault's chunk
// (which would cost every page a request).
import {
  base32_decode,
  base32_encode,
  base64url_decode,
  base64url_encode,
  checkCode,
  checkOrigin,
  code_value,
  extractCode,
  key_state,
  normalizeCode,
  parseSmsMessage,
  parse_uri,
  to_uri,
  verify_counter,
  verify_step,
} from "./web/otp_wasm.js";
import { createCodeEntry } from "./code_input.js";
import { createOtp } from "./keys.js";
import { lazyVault } from "./lazy_vault.js";
import { OtpError, guard } from "./otp_error.js";
import { createWebAuthn } from "./webauthn.js";

export {
  checkCode,
  checkOrigin,
  default,
  default as init,
  extractCode,
  initSync,
  normalizeCode,
  parseAttestationObject,
  parseAuthenticatorData,
  parseClientDataJSON,
  parseSmsMessage,
} from "./web/otp_wasm.js";
export { OtpError };
export const { Totp, Hotp, parseUri, generateSecret, base32Encode, base32Decode, base64urlEncode, base64urlDecode } = createOtp({
  base32_decode,
  base32_encode,
  base64url_decode,
  base64url_encode,
  code_value,
  key_state,
  parse_uri,
  to_uri,
  verify_counter,
  verify_step,
});
export const { receiveSmsCode, attachCodeInput } = createCodeEntry({
  checkCode,
  checkOrigin,
  extractCode,
  normalizeCode,
  parseSmsMessage,
  OtpError,
  guard,
});
export const {
  capabilities,
  creationOptionsFromJSON,
  requestOptionsFromJSON,
  credentialToJSON,
  createCredential,
  getCredential,
} = createWebAuthn({ base64urlEncode, base64urlDecode, OtpError, guard });
// Loaded on first use (a chunk of its own): most pages never open a vault.
export const Vault = lazyVault(
  () =>
    import("./vault.js").then(
      ({ createVault }) => createVault({ Totp, Hotp, parseUri, base32Decode, OtpError, guard }).Vault,
    ),
  OtpError,
);
