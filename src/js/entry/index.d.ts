// Types of the main entry, `otp-wasm`: the OTP base (otp.d.ts) and each area's declarations
// beside its module (docs/api.md).
export * from "./otp.js";
export { default } from "./otp.js";
export * from "./code_entry.js";
export * from "./webauthn.js";
export * from "./vault.js";
export * from "./transaction.js";
