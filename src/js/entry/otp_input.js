// `otp-wasm/otp-input`: the `<otp-input>` element. Importing the entry defines it (where there
// is a DOM and the name is free); `defineOtpInput(name)` defines it under another name and
// `OtpInputElement` is the class to subclass. No init(): the element loads the code-entry .wasm
// (the one `otp-wasm/code-entry` uses) when the first one connects. Where there is no DOM (Node,
// server-side rendering) the import does nothing and `OtpInputElement` is undefined.
import load, { check_code, check_origin, extract_code, normalize_code, parse_sms_message } from "./web-code-entry/otp_wasm.js";
import { createCodeFunctions } from "./code_functions.js";
import { createCodeEntry, pageHosts } from "./code_input.js";
import { createOtpInputElement } from "./otp_input_element.js";
import { createCodeReader } from "./otp_input_text.js";
import { OtpError, guard } from "./otp_error.js";

const code = createCodeFunctions({ check_code, check_origin, extract_code, normalize_code, parse_sms_message });
const { receiveSmsCode } = createCodeEntry({ ...code, OtpError, guard });

let loading;
/** The .wasm, fetched once for every element of the page. */
const loadOnce = () => (loading ??= load());

export const OtpInputElement =
  typeof HTMLElement === "undefined"
    ? undefined
    : createOtpInputElement({
        load: loadOnce,
        read: createCodeReader(code),
        receiveSmsCode,
        webOtpAvailable: () => typeof globalThis.OTPCredential !== "undefined" && typeof navigator.credentials?.get === "function",
        pageHosts,
      });

/**
 * Defines the element as `name` (default `otp-input`); does nothing where there is no DOM or the
 * name is taken. Each name gets its own subclass: one class can be defined once.
 */
export function defineOtpInput(name = "otp-input") {
  if (!OtpInputElement || typeof customElements === "undefined" || customElements.get(name)) return;
  customElements.define(name, name === "otp-input" ? OtpInputElement : class extends OtpInputElement {});
}

defineOtpInput();
export { OtpError };
