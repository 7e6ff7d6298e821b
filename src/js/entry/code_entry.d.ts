// Types of code entry (code_functions.js, code_input.js and the core's code-entry functions;
// docs/api.md, "Code entry"): the `otp-wasm/code-entry` entry, with the base's init and
// OtpError, and part of the main entry, `otp-wasm`.
import type { OtpErrorCode } from "./otp.js";
export { default, init, OtpError } from "./otp.js";
export type { InitInput, OtpErrorCode } from "./otp.js";

// ---- Code entry -----------------------------------------------------------------------

/**
 * The ASCII code in what a person typed or pasted: surrounding white space ignored; spaces,
 * dashes and dots between digit groups dropped; any Unicode decimal digit (full-width,
 * Arabic-Indic, Devanagari, ...) mapped to ASCII. `digits` 4..=10, default 6. Throws `empty`,
 * `too_short`, `too_long` or `invalid_character`.
 */
export function normalizeCode(input: string, options?: { digits?: number }): string;

export interface CodeCheck {
  state: "empty" | "incomplete" | "complete" | "invalid";
  /** The normalized digits so far. */
  code: string;
  /** For `"invalid"`: what `normalizeCode` would throw (`invalid_character`, `too_long`). */
  error: OtpErrorCode | null;
}

/** Live validation while someone types; never throws. */
export function checkCode(input: string, options?: { digits?: number }): CodeCheck;

/**
 * The one-time code in a pasted message ("Your code is 123 456", "G-123456 is your code",
 * an origin-bound SMS), or `null` when there is none or two different candidates.
 */
export function extractCode(text: string, options?: { digits?: number }): string | null;

/** An origin-bound one-time code (WICG "Origin-bound one-time codes delivered via SMS"). */
export interface SmsMessage {
  /** Every character after `#` up to the next white space. */
  code: string;
  /** The top-level host: the site in the address bar that the code is for. */
  domain: string;
  /** The embedded host: the site of the iframe (inside `domain`) the code is for, or `null`. */
  embeddedDomain: string | null;
}

/**
 * The origin-bound last line of an SMS (`@example.com #123456`, optionally followed by
 * ` @embedded.example`; trailing text ignored), parsed as the WICG algorithm does; `null`
 * when the message is not origin-bound.
 */
export function parseSmsMessage(text: string): SmsMessage | null;

/** Where a page is: its own hostname, and the top-level page's when it is framed. */
export interface PageHosts {
  hostname: string;
  /** Absent or `null` for a top-level page. */
  topHostname?: string | null;
}

/**
 * The origin-bound SMS in `message` when it is bound to this page: a top-level page on its
 * top-level host with no embedded host, or a frame on its embedded host inside a top-level
 * page on its top-level host (hosts compared exactly, case-insensitively). `null` when the
 * message is not origin-bound; throws `wrong_origin` when it is bound to another site (a
 * phishing page relaying the shop's SMS). Pure: for servers and tests too.
 */
export function checkOrigin(message: string, page: PageHosts): SmsMessage | null;

/**
 * WebOTP: resolves with the code of an origin-bound SMS once the person agrees. Rejects with
 * `unsupported` where the API is missing (Node, browsers without `OTPCredential`), `aborted`
 * when `signal` aborts or `timeoutMs` passes, `not_allowed` when refused.
 */
export function receiveSmsCode(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<string>;

export interface CodeInputOptions {
  /** 4..=10, default 6. */
  digits?: number;
  /** Called once with each code the field completes. */
  onComplete?: (code: string) => void;
  /** Fill the field from an origin-bound SMS where the browser supports WebOTP; default true. */
  webOtp?: boolean;
  /**
   * Called with the top-level host a pasted or autofilled origin-bound SMS was meant for,
   * when that is not this page: the field is not filled, and says so.
   */
  onWrongOrigin?: (host: string) => void;
}

/** What `attachCodeInput` returns. */
export interface CodeInput {
  /** Removes every listener and attribute it added and stops WebOTP. */
  detach(): void;
}

/**
 * Makes `input` a one-time-code field: `autocomplete="one-time-code"`, `inputmode="numeric"`,
 * `maxlength` and `pattern`; typed and pasted text normalized (a pasted SMS becomes its
 * code); `aria-invalid` and a custom validity message while invalid; Enter held back until
 * complete; `onComplete(code)` once per completed code; WebOTP where available. A pasted or
 * autofilled origin-bound SMS fills the field only on the page it is bound to (see
 * `checkOrigin`); otherwise the field stays empty, gets `aria-invalid` and a validity message
 * naming the site the code was for, and `onWrongOrigin(host)` runs.
 */
export function attachCodeInput(input: HTMLInputElement, options?: CodeInputOptions): CodeInput;
