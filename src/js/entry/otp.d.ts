// Types of the OTP-only entry, `otp-wasm/otp` (see otp.js): the main entry's declarations for
// what this entry exports.
export {
  default,
  init,
  type InitInput,
  OtpError,
  type OtpErrorCode,
  generateSecret,
  base32Encode,
  base32Decode,
  base64urlEncode,
  base64urlDecode,
  type Algorithm,
  type TotpOptions,
  type HotpOptions,
  type TotpVerifyOptions,
  type TotpMatch,
  type HotpVerifyOptions,
  type HotpMatch,
  Totp,
  Hotp,
  parseUri,
} from "./index.js";
