// The OTP-only browser entry, `otp-wasm/otp`: Totp, Hotp, Ocra, parseUri, secrets and encodings,
// from a .wasm built without the code-entry and WebAuthn bindings (`--no-default-features`),
// for pages that only make or check codes. Same names, behaviour and errors as the main
// entry; `await init()` once, as there.
import * as wasm from "./web-otp/otp_wasm.js";
import { createOtp } from "./keys.js";
import { createOcra } from "./ocra.js";

export { default, default as init, initSync } from "./web-otp/otp_wasm.js";
export { OtpError } from "./otp_error.js";
export const { Totp, Hotp, parseUri, generateSecret, base32Encode, base32Decode, base64urlEncode, base64urlDecode } = createOtp(wasm);
export const { Ocra } = createOcra(wasm, { base32Decode });
