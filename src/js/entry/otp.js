// The OTP-only browser entry, `otp-wasm/otp`: Totp, Hotp, parseUri, secrets and encodings,
// from a .wasm built without the code-entry and WebAuthn bindings (`--no-default-features`),
// for pages that only make or check codes: they load about 60% of what the main entry loads.
// Same names, behaviour and errors as the main entry; `await init()` once, as there.
export * from "./web-otp/otp_wasm.js";
export { default, default as init } from "./web-otp/otp_wasm.js";
export { OtpError } from "./otp_error.js";
