// Types of `otp-wasm/otp-input` (otp_input.js, otp_input_element.js; README, "<otp-input>").
import type { OtpErrorCode } from "./otp.js";
export { OtpError } from "./otp.js";
export type { OtpErrorCode } from "./otp.js";

/** The element's attributes and `value`, as frameworks pass them (otp_input_react.d.ts, otp_input_vue.d.ts). */
export interface OtpInputAttributes {
  value?: string;
  length?: number | `${number}`;
  mode?: "numeric" | "alphanumeric" | "steam";
  name?: string;
  required?: boolean;
  disabled?: boolean;
  readonly?: boolean;
  origin?: string;
  webotp?: boolean;
}

/** `complete`'s detail: the whole code, once per code. */
export interface OtpInputCompleteDetail {
  code: string;
}

/** `reject`'s detail: why a paste or autofill was refused (`wrong_origin`, `too_long`, ...). */
export interface OtpInputRejectDetail {
  code: OtpErrorCode | "wrong_origin" | "too_long" | "invalid_character";
  message: string;
}

export interface OtpInputEventMap extends HTMLElementEventMap {
  complete: CustomEvent<OtpInputCompleteDetail>;
  reject: CustomEvent<OtpInputRejectDetail>;
}

/**
 * The one-time-code field: one native `<input autocomplete="one-time-code">` drawn as slots, a
 * form-associated element. Attributes: `length` (4..=10, default 6), `mode` (`numeric`,
 * `alphanumeric`, `steam`: five characters), `name`, `required`, `disabled`, `readonly`,
 * `autofocus`, `origin`, `webotp`.
 */
export interface OtpInputElement extends HTMLElement {
  /** The normalized code; set it to fill the field (text that is no code of the field is ignored). */
  value: string;
  readonly length: number;
  readonly mode: "numeric" | "alphanumeric" | "steam";
  /** Every slot filled. */
  readonly complete: boolean;
  readonly form: HTMLFormElement | null;
  readonly validity: ValidityState;
  readonly validationMessage: string;
  readonly willValidate: boolean;
  checkValidity(): boolean;
  reportValidity(): boolean;
  setCustomValidity(message: string): void;
  /** Empties the field and its error state. */
  clear(): void;
  addEventListener<K extends keyof OtpInputEventMap>(
    type: K,
    listener: (this: OtpInputElement, event: OtpInputEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof OtpInputEventMap>(
    type: K,
    listener: (this: OtpInputElement, event: OtpInputEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The class, to subclass; `undefined` where there is no DOM (Node, server-side rendering). */
export declare const OtpInputElement: { new (): OtpInputElement; prototype: OtpInputElement; readonly formAssociated: true } | undefined;

/** Defines the element as `name` (default `otp-input`); nothing where there is no DOM or the name is taken. */
export function defineOtpInput(name?: string): void;

declare global {
  interface HTMLElementTagNameMap {
    "otp-input": OtpInputElement;
  }
}
