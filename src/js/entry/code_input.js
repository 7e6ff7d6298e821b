// The DOM side of code entry: WebOTP and a one-time-code <input>. JavaScript rather than Rust:
// it is event wiring around the core's checkCode/extractCode/normalizeCode, and the same
// behaviour through web-sys and wasm-bindgen closures cost about 9 KiB more after gzip.
//
// `createCodeEntry` receives the core functions, OtpError and its argument guard, so one source
// serves the ES module entry and the CommonJS one; it touches no global at load.
import { invalid } from "./options.js";

const ATTRIBUTES = ["autocomplete", "inputmode", "maxlength", "pattern", "aria-invalid"];

/** This page's hostname and, when it is framed, the top-level page's (`ancestorOrigins`). */
export function pageHosts() {
  const { location } = globalThis;
  if (globalThis.top === globalThis) return { hostname: location.hostname };
  const ancestors = location.ancestorOrigins;
  // Without ancestorOrigins (older Firefox) the top-level host is unknown: nothing can match it.
  const top = ancestors?.length ? new URL(ancestors[ancestors.length - 1]).hostname : "";
  return { hostname: location.hostname, topHostname: top };
}

/**
 * The origin-bound part of `text`: the text itself when its last line is origin-bound, or,
 * for the value of an `<input>` (which drops line breaks, so the bound line is no longer a
 * line of its own), the shortest tail from an `@` that parses as one. `null` when neither.
 */
export function originBoundIn(parseSmsMessage, text) {
  if (parseSmsMessage(text) !== null) return text;
  for (let at = text.lastIndexOf("@"); at > 0; at = text.lastIndexOf("@", at - 1)) {
    if (parseSmsMessage(text.slice(at)) !== null) return text.slice(at);
  }
  return null;
}

export function createCodeEntry({ checkCode, checkOrigin, extractCode, normalizeCode, parseSmsMessage, OtpError, guard }) {
  const webOtpAvailable = () =>
    typeof globalThis.OTPCredential !== "undefined" && typeof globalThis.navigator?.credentials?.get === "function";

  /** WebOTP (https://wicg.github.io/web-otp/): the code of an origin-bound SMS. */
  async function receiveSmsCode(options = {}) {
    if (options === null || typeof options !== "object") {
      throw invalid("options must be an object");
    }
    const { signal, timeoutMs } = options;
    if (signal !== undefined && !(typeof AbortSignal !== "undefined" && signal instanceof AbortSignal)) {
      throw invalid("signal must be an AbortSignal");
    }
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 0 && timeoutMs <= 3_600_000)) {
      throw invalid("timeoutMs must be a whole number of milliseconds up to an hour");
    }
    if (!webOtpAvailable()) {
      throw new OtpError("unsupported", "WebOTP (SMS codes) is not available in this browser");
    }
    if (signal?.aborted) throw new OtpError("aborted", "the request was aborted");
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener("abort", abort, { once: true });
    const timer = timeoutMs === undefined ? undefined : setTimeout(abort, timeoutMs);
    try {
      const credential = await navigator.credentials.get({ otp: { transport: ["sms"] }, signal: controller.signal });
      if (typeof credential?.code !== "string") throw new OtpError("unsupported", "the browser returned no code");
      return credential.code;
    } catch (error) {
      throw OtpError.fromDomException(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  }

  /** Makes `input` a one-time-code field; see the README and index.d.ts. */
  function attachCodeInput(input, options = {}) {
    if (typeof HTMLInputElement === "undefined" || !(input instanceof HTMLInputElement)) {
      throw invalid("input must be an <input> element");
    }
    if (options === null || typeof options !== "object") {
      throw invalid("options must be an object");
    }
    const { digits = 6, onComplete, onWrongOrigin, webOtp = true } = options;
    if (!(Number.isInteger(digits) && digits >= 4 && digits <= 10)) {
      throw invalid("digits must be a whole number from 4 to 10");
    }
    if (onComplete !== undefined && typeof onComplete !== "function") {
      throw invalid("onComplete must be a function");
    }
    if (onWrongOrigin !== undefined && typeof onWrongOrigin !== "function") {
      throw invalid("onWrongOrigin must be a function");
    }
    if (typeof webOtp !== "boolean") throw invalid("webOtp must be a boolean");

    const saved = ATTRIBUTES.map((name) => [name, input.getAttribute(name)]);
    input.setAttribute("autocomplete", "one-time-code");
    input.setAttribute("inputmode", "numeric");
    input.setAttribute("maxlength", String(digits));
    input.setAttribute("pattern", `[0-9]{${digits}}`);
    let completed = null;

    const setInvalid = (message) => {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      input.setCustomValidity(message ?? "");
    };

    // Calls the page's callback; its own bug is reported as an uncaught exception would be.
    const notify = (callback, value) => {
      try {
        callback?.(value);
      } catch (error) {
        globalThis.reportError?.(error);
      }
    };

    const originBound = (text) => originBoundIn(parseSmsMessage, text);

    // An origin-bound SMS meant for another site (a phishing page relaying the shop's message)
    // never fills the field: it stays empty and says where the code belongs. Whether `text`
    // was such a message.
    const refusedElsewhere = (text) => {
      const bound = originBound(text);
      if (bound === null) return false;
      const sms = parseSmsMessage(bound);
      try {
        checkOrigin(bound, pageHosts());
        return false;
      } catch {
        input.value = "";
        completed = null;
        setInvalid(`This code is for ${sms.domain}, not this site. Do not enter it here.`);
        notify(onWrongOrigin, sms.domain);
        return true;
      }
    };

    // Normalizes the value in place, then updates validity and onComplete.
    const refresh = () => {
      const check = checkCode(input.value, { digits });
      if (check.state === "invalid") {
        if (refusedElsewhere(input.value)) return;
        // A whole message typed or autofilled into the field: keep just its code.
        const code = extractCode(input.value, { digits });
        if (code !== null) {
          input.value = code;
          return refresh();
        }
        completed = null;
        return setInvalid(
          check.error === "too_long" ? `Enter only the ${digits} digits of the code` : "The code can only contain digits",
        );
      }
      if (input.value !== check.code) input.value = check.code;
      setInvalid(null);
      if (check.state !== "complete") {
        completed = null;
      } else if (completed !== check.code) {
        completed = check.code;
        notify(onComplete, check.code);
      }
    };

    // Sets the value as typing would, with an input event so frameworks see the change.
    const replaceValue = (code) => {
      input.value = code;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    };

    const onPaste = (event) => {
      const text = event.clipboardData?.getData("text") ?? "";
      if (refusedElsewhere(text)) return event.preventDefault();
      let code = null;
      try {
        code = normalizeCode(text, { digits });
      } catch {
        code = extractCode(text, { digits });
      }
      // A code, or a message holding one, replaces the value; other text pastes as usual.
      if (code !== null) {
        event.preventDefault();
        replaceValue(code);
      }
    };

    // Enter does not submit a partial code: the browser shows why instead.
    const onKeydown = (event) => {
      if (event.key !== "Enter" || checkCode(input.value, { digits }).state === "complete") return;
      event.preventDefault();
      if (!input.validity.customError) input.setCustomValidity(`Enter all ${digits} digits of the code`);
      input.reportValidity();
    };

    input.addEventListener("input", refresh);
    input.addEventListener("paste", onPaste);
    input.addEventListener("keydown", onKeydown);
    const controller = webOtp && webOtpAvailable() ? new AbortController() : null;
    if (controller) {
      receiveSmsCode({ signal: controller.signal }).then(
        (code) => replaceValue(code),
        () => {}, // aborted by detach, refused or unsupported: the person types the code instead
      );
    }
    // A value that was there already (a restored form) is checked at once.
    refresh();

    let attached = true;
    return {
      detach() {
        if (!attached) return;
        attached = false;
        input.removeEventListener("input", refresh);
        input.removeEventListener("paste", onPaste);
        input.removeEventListener("keydown", onKeydown);
        controller?.abort();
        for (const [name, value] of saved) {
          if (value === null) input.removeAttribute(name);
          else input.setAttribute(name, value);
        }
        input.setCustomValidity("");
      },
    };
  }

  return { receiveSmsCode: guard(receiveSmsCode), attachCodeInput: guard(attachCodeInput) };
}
