// `otp-wasm/code-entry`: one-time-code fields alone. normalizeCode, checkCode, extractCode,
// parseSmsMessage and checkOrigin from the core, and the DOM side (attachCodeInput,
// receiveSmsCode), from a .wasm built with the code-entry bindings only (`--features
// js-code-entry`): a page that only asks for a code loads none of the OTP or WebAuthn code.
// Same names, behaviour and errors as the main entry; `await init()` once, as there.
import { check_code, check_origin, extract_code, normalize_code, parse_sms_message } from "./web-code-entry/otp_wasm.js";
import { createCodeFunctions } from "./code_functions.js";
import { createCodeEntry } from "./code_input.js";
import { OtpError, guard } from "./otp_error.js";

export { default, default as init, initSync } from "./web-code-entry/otp_wasm.js";
export { OtpError };
const code = createCodeFunctions({
  check_code,
  check_origin,
  extract_code,
  normalize_code,
  parse_sms_message,
});
export const { normalizeCode, checkCode, extractCode, parseSmsMessage, checkOrigin } = code;
export const { receiveSmsCode, attachCodeInput } = createCodeEntry({ ...code, OtpError, guard });
