// Browser and bundler entry (native ES modules). Call `await init()` once before anything else:
// it fetches and compiles web/otp_wasm_bg.wasm beside this file (or the URL, Response or bytes
// you pass).
import * as core from "./web/otp_wasm.js";
import { createCodeEntry } from "./code_input.js";
import { OtpError, guard } from "./otp_error.js";
import { createVault } from "./vault.js";
import { createWebAuthn } from "./webauthn.js";

export * from "./web/otp_wasm.js";
export { default, default as init } from "./web/otp_wasm.js";
export { OtpError };
export const { receiveSmsCode, attachCodeInput } = createCodeEntry({ ...core, OtpError, guard });
export const {
  capabilities,
  creationOptionsFromJSON,
  requestOptionsFromJSON,
  credentialToJSON,
  createCredential,
  getCredential,
} = createWebAuthn({ ...core, OtpError, guard });
export const { Vault } = createVault({ ...core, OtpError, guard });
