// `otp-wasm/otp` in Cloudflare Workers (workerd): as workerd.js, with the OTP-only .wasm.
import module from "./web-otp/otp_wasm_bg.wasm";
import { initSync } from "./otp.js";

initSync({ module });
export * from "./otp.js";
export { default } from "./otp.js";
