// The otp-wasm package, ready: every module that uses it imports it from here, after init.
// The code fields are <otp-input> elements (otp-wasm/otp-input), defined by importing it.
import init from "otp-wasm";
import "otp-wasm/otp-input";

await init();

export {
  base64urlDecode,
  base64urlEncode,
  capabilities,
  createCredential,
  getCredential,
  parseUri,
  signalAllAcceptedCredentials,
  signalCurrentUserDetails,
  signalUnknownCredential,
  startAutofill,
  transactionChallenge,
  Vault,
} from "otp-wasm";
