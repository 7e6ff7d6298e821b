// The otp-wasm package, ready: every module that uses it imports it from here, after init.
import init from "otp-wasm";

await init();

export { attachCodeInput, createCredential, getCredential, parseUri, Vault } from "otp-wasm";
