// Browser and bundler entry (native ES modules). Call `await init()` once before anything else:
// it fetches and compiles otp_wasm_bg.wasm next to this file (or the URL, Response or bytes
// you pass).
export * from "./web/otp_wasm.js";
export { default, default as init } from "./web/otp_wasm.js";
export { OtpError } from "./otp_error.js";
