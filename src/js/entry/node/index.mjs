// Node entry for `import ... from "otp-wasm"`: the same instance as `require("otp-wasm")`.
import entry from "./index.cjs";

export * from "./otp_wasm.js";
export const {
  OtpError,
  receiveSmsCode,
  attachCodeInput,
  capabilities,
  creationOptionsFromJSON,
  requestOptionsFromJSON,
  credentialToJSON,
  createCredential,
  getCredential,
  Vault,
  init,
} = entry;
export default init;
