// Browser and bundler entry (native ES modules). Call `await init()` once before anything else:
// it fetches and compiles web/otp_wasm_bg.wasm beside this file (or the URL, Response or bytes
// you pass).
// The .wasm's functions are flat (src/js/); the modules below make the public API over them.
// Imported by name, not as a namespace object: the bundle then needs no helper shared with the
// vault's chunk (which would cost every page a request).
import {
  base32_decode,
  base32_encode,
  base64url_decode,
  base64url_encode,
  check_code,
  check_origin,
  code_value,
  extract_code,
  key_state,
  normalize_code,
  ocra_digest,
  parse_attestation_object,
  parse_authenticator_data,
  parse_client_data_json,
  parse_sms_message,
  parse_uri,
  to_uri,
  verify_counter,
  verify_step,
} from "./web/otp_wasm.js";
import { createCodeFunctions } from "./code_functions.js";
import { createCodeEntry } from "./code_input.js";
import { createOtp, secretOf } from "./keys.js";
import { createOcra } from "./ocra.js";
import { createTransactions } from "./transaction.js";
import { lazyVault } from "./lazy_vault.js";
import { OtpError, guard } from "./otp_error.js";
import { createWebAuthn } from "./webauthn_browser.js";
import { createWebAuthnParsers } from "./webauthn_data.js";

export { default, default as init, initSync } from "./web/otp_wasm.js";
export { OtpError };
const wasm = {
  base32_decode,
  base32_encode,
  base64url_decode,
  base64url_encode,
  check_code,
  check_origin,
  code_value,
  extract_code,
  key_state,
  normalize_code,
  ocra_digest,
  parse_attestation_object,
  parse_authenticator_data,
  parse_client_data_json,
  parse_sms_message,
  parse_uri,
  to_uri,
  verify_counter,
  verify_step,
};
export const { Totp, Hotp, parseUri, generateSecret, base32Encode, base32Decode, base64urlEncode, base64urlDecode } = createOtp(wasm);
export const { Ocra } = createOcra(wasm, { base32Decode });
export const { describeTransaction, transactionChallenge, transactionQuestion } = createTransactions(wasm, { base32Encode });
const code = createCodeFunctions(wasm);
export const { normalizeCode, checkCode, extractCode, parseSmsMessage, checkOrigin } = code;
export const { parseClientDataJSON, parseAuthenticatorData, parseAttestationObject } = createWebAuthnParsers(wasm, base64urlDecode);
export const { receiveSmsCode, attachCodeInput } = createCodeEntry({ ...code, OtpError, guard });
const webauthn = createWebAuthn({ base64urlEncode, base64urlDecode, OtpError, guard });
export const { capabilities, creationOptionsFromJSON, requestOptionsFromJSON, credentialToJSON, createCredential, getCredential,
  startAutofill, signalUnknownCredential, signalAllAcceptedCredentials, signalCurrentUserDetails, relatedOriginsDocument,
  checkRelatedOrigins } = webauthn;
// The importers, for a vault's import and export: otp-wasm/import, by its package name (a
// bundler or an import map resolves it), fetched on first use with its own .wasm.
const loadImporter = () =>
  import("otp-wasm/import").then(async (importer) => {
    await importer.default();
    return importer;
  });
// Loaded on first use (a chunk of its own): most pages never open a vault.
export const Vault = lazyVault(
  () =>
    import("./vault.js").then(
      ({ createVault }) =>
        createVault({ Totp, Hotp, Ocra, parseUri, base32Decode, base64urlEncode, base64urlDecode, secretOf, OtpError, guard, loadImporter,
          assertion: webauthn.assertion }).Vault,
    ),
  OtpError,
);
