// `otp-wasm/webauthn`: passkeys alone. The WebAuthn helpers (JSON conversion, create/get,
// capabilities), the core's parsers (client data, authenticator data, attestation objects)
// and base64url, from a .wasm built with the WebAuthn bindings only (`--features
// js-webauthn`): a page that signs in with passkeys loads none of the OTP or code-entry code.
// Same names, behaviour and errors as the main entry; `await init()` once, as there.
import {
  base64url_decode,
  base64url_encode,
  parse_attestation_object,
  parse_authenticator_data,
  parse_client_data_json,
} from "./web-webauthn/otp_wasm.js";
import { createEncodings } from "./encodings.js";
import { OtpError, guard } from "./otp_error.js";
import { createWebAuthn } from "./webauthn_browser.js";
import { createWebAuthnParsers } from "./webauthn_data.js";

export { default, default as init, initSync } from "./web-webauthn/otp_wasm.js";
export { OtpError };
export const { base64urlEncode, base64urlDecode } = createEncodings({ base64url_decode, base64url_encode });
export const { parseClientDataJSON, parseAuthenticatorData, parseAttestationObject } = createWebAuthnParsers(
  { parse_attestation_object, parse_authenticator_data, parse_client_data_json },
  base64urlDecode,
);
export const { capabilities, creationOptionsFromJSON, requestOptionsFromJSON, credentialToJSON, createCredential, getCredential,
  startAutofill, signalUnknownCredential, signalAllAcceptedCredentials, signalCurrentUserDetails, relatedOriginsDocument,
  checkRelatedOrigins } =
  createWebAuthn({ base64urlEncode, base64urlDecode, OtpError, guard });
