// `<otp-input>`: one native <input> (what SMS autofill, password managers, paste menus and
// screen readers know), transparent over slots drawn from its value and selection. A
// form-associated custom element (ElementInternals): it submits its code, reports
// valueMissing / tooShort, resets with its form and is disabled with its fieldset.
//
// `createOtpInputElement` receives what it needs from the entry (the core's functions once the
// .wasm is loaded), so the module touches no DOM global until a page defines the element.
import { drawSlots } from "./otp_input_slots.js";
import { STYLE } from "./otp_input_style.js";
import { MODES, STEAM_LENGTH } from "./otp_input_text.js";

const DEFAULT_LENGTH = 6;

export function createOtpInputElement({ load, read, receiveSmsCode, webOtpAvailable, pageHosts }) {
  return class OtpInputElement extends HTMLElement {
    static formAssociated = true;
    static observedAttributes = ["length", "mode", "required", "readonly", "aria-label", "origin"];

    #internals = this.attachInternals();
    #input;
    #slots;
    #message;
    #value = "";
    /** The code `complete` was last dispatched for: once per code. */
    #completed = null;
    /** Why the last paste or autofill was refused (shown, announced, aria-invalid). */
    #refusal = "";
    #customValidity = "";
    #loaded = false;
    #webOtp = null;
    #focused = false;

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open", delegatesFocus: true });
      root.innerHTML = `<style>${STYLE}</style><div class="slots" part="slots"></div><input part="input"
        autocomplete="one-time-code" spellcheck="false" autocorrect="off" aria-describedby="message"
        enterkeyhint="done"><div part="message" id="message" role="status" aria-live="polite"></div>`;
      this.#slots = root.querySelector(".slots");
      this.#input = root.querySelector("input");
      this.#message = root.querySelector("[part=message]");
      const input = this.#input;
      input.addEventListener("input", (event) => this.#onInput(event));
      input.addEventListener("paste", (event) => this.#onPaste(event));
      input.addEventListener("keydown", (event) => this.#onKeydown(event));
      input.addEventListener("click", (event) => this.#onClick(event));
      input.addEventListener("focus", () => {
        this.#focused = true;
        this.#label();
        // After the last character, as a person expects of a code field (a click then moves
        // it); once focusing is done, since Chromium puts the selection at the start after
        // the focus event.
        queueMicrotask(() => this.#placeCaret(this.#value.length));
      });
      input.addEventListener("blur", () => {
        this.#focused = false;
        this.#render();
      });
      for (const type of ["keyup", "select"]) input.addEventListener(type, () => this.#render());
    }

    /** `length` (4..=10, default 6; Steam codes are 5), whatever the attribute says. */
    get length() {
      if (this.mode === "steam") return STEAM_LENGTH;
      const length = Number(this.getAttribute("length"));
      return Number.isInteger(length) && length >= 4 && length <= 10 ? length : DEFAULT_LENGTH;
    }
    get mode() {
      const mode = this.getAttribute("mode");
      return MODES.includes(mode) ? mode : "numeric";
    }
    get value() {
      return this.#value;
    }
    /** Set as text is read when typed (normalized); text that is no code of this field is ignored. */
    set value(text) {
      const value = text === null || text === undefined ? "" : String(text);
      if (value === "") return this.clear();
      this.#whenLoaded(() => this.#accept(value, "set"));
    }
    get complete() {
      return this.#value.length === this.length;
    }
    get form() {
      return this.#internals.form;
    }
    get validity() {
      return this.#internals.validity;
    }
    get validationMessage() {
      return this.#internals.validationMessage;
    }
    get willValidate() {
      return this.#internals.willValidate;
    }
    checkValidity() {
      return this.#internals.checkValidity();
    }
    reportValidity() {
      return this.#internals.reportValidity();
    }
    setCustomValidity(message) {
      this.#customValidity = String(message ?? "");
      this.#sync();
    }
    focus(options) {
      this.#input.focus(options);
    }
    /** Empties the field and its error state (no event: the page did it). */
    clear() {
      this.#refusal = "";
      this.#setValue("", false);
    }

    connectedCallback() {
      this.#configure();
      this.#whenLoaded(() => {
        // Text typed before the .wasm arrived is read now.
        if (this.#input.value !== this.#value) this.#accept(this.#input.value, "typing");
      });
      if (this.hasAttribute("autofocus")) queueMicrotask(() => this.focus());
      if (this.hasAttribute("webotp") && webOtpAvailable()) {
        this.#webOtp = new AbortController();
        receiveSmsCode({ signal: this.#webOtp.signal }).then(
          (code) => this.#whenLoaded(() => this.#accept(code, "insert")),
          () => {}, // aborted, refused or unsupported: the person types the code instead
        );
      }
    }
    disconnectedCallback() {
      this.#webOtp?.abort();
      this.#webOtp = null;
    }
    attributeChangedCallback() {
      this.#configure();
    }
    formResetCallback() {
      this.clear();
    }
    formDisabledCallback(disabled) {
      this.#input.disabled = disabled;
      this.#render();
    }
    formStateRestoreCallback(state) {
      if (typeof state === "string") this.value = state;
    }

    #whenLoaded(work) {
      if (this.#loaded) return work();
      load().then(() => {
        this.#loaded = true;
        work();
      });
    }

    /** The inner input's attributes from the element's; the value re-read for a new mode. */
    #configure() {
      const input = this.#input;
      const numeric = this.mode === "numeric";
      input.setAttribute("inputmode", numeric ? "numeric" : "text");
      input.setAttribute("autocapitalize", this.mode === "steam" ? "characters" : "off");
      input.readOnly = this.hasAttribute("readonly");
      input.toggleAttribute("aria-required", this.hasAttribute("required"));
      this.#label();
      if (this.#value && this.#loaded) {
        const result = read(this.#value, this.#context());
        if (result.refused || result.value.length > this.length) this.#setValue("", false);
      }
      this.#sync();
    }

    /** One accessible name: the element's aria-label, or the text of its <label>s. */
    #label() {
      const own = this.getAttribute("aria-label");
      const labels = [...(this.#internals.labels ?? [])].map((label) => label.textContent.trim()).filter(Boolean);
      const name = own || labels.join(" ");
      if (name) this.#input.setAttribute("aria-label", name);
      else this.#input.removeAttribute("aria-label");
    }

    #context() {
      const origin = this.getAttribute("origin");
      return { mode: this.mode, length: this.length, hosts: origin ? { hostname: origin } : pageHosts() };
    }

    #onInput(event) {
      // The native event stops here: the element sends its own, with the normalized value.
      event.stopPropagation();
      this.#webOtp?.abort();
      const typed = event.inputType?.startsWith("delete") || (event.inputType === "insertText" && (event.data ?? "").length <= 1);
      this.#whenLoaded(() => this.#accept(this.#input.value, typed ? "typing" : "insert"));
    }

    #onPaste(event) {
      event.preventDefault();
      const text = event.clipboardData?.getData("text") ?? "";
      this.#whenLoaded(() => this.#accept(text, "insert"));
    }

    /**
     * Reads `text` as the field's new content. Refused text leaves the field as it was; a
     * refused paste or autofill (not a key typed) is shown, announced and reported (`reject`).
     */
    #accept(text, source) {
      const result = read(text, this.#context());
      if (result.refused) {
        this.#input.value = this.#value;
        if (source !== "typing" || result.refused.code === "wrong_origin") {
          this.#refusal = result.refused.message;
          this.#sync();
          this.dispatchEvent(new CustomEvent("reject", { bubbles: true, composed: true, detail: { ...result.refused } }));
        }
        this.#placeCaret(this.#value.length);
        return;
      }
      const caret = source === "typing" ? Math.min(this.#input.selectionStart ?? 0, result.value.length) : result.value.length;
      this.#setValue(result.value, source !== "set");
      this.#placeCaret(caret);
    }

    #setValue(value, notify) {
      const changed = value !== this.#value || this.#input.value !== value;
      this.#value = value;
      this.#input.value = value;
      if (changed && notify) this.#refusal = "";
      this.#sync();
      if (!changed) return;
      if (notify) this.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
      if (value.length < this.length) {
        this.#completed = null;
      } else if (this.#completed !== value) {
        this.#completed = value;
        if (notify) this.dispatchEvent(new CustomEvent("complete", { bubbles: true, composed: true, detail: { code: value } }));
      }
    }

    /** Form value and validity (anchored on the inner input), then the slots. */
    #sync() {
      const internals = this.#internals;
      internals.setFormValue(this.#value);
      const unit = this.mode === "numeric" ? "digits" : "characters";
      if (this.#customValidity) {
        internals.setValidity({ customError: true }, this.#customValidity, this.#input);
      } else if (this.hasAttribute("required") && !this.#value) {
        internals.setValidity({ valueMissing: true }, "Enter the code", this.#input);
      } else if (this.#value && this.#value.length < this.length) {
        internals.setValidity({ tooShort: true }, `Enter all ${this.length} ${unit} of the code`, this.#input);
      } else {
        internals.setValidity({});
      }
      if (this.#refusal || this.#customValidity) this.#input.setAttribute("aria-invalid", "true");
      else this.#input.removeAttribute("aria-invalid");
      if (this.#message.textContent !== this.#refusal) this.#message.textContent = this.#refusal;
      this.#render();
    }

    /** Enter submits a whole code (the inner input has no form of its own); arrows move by slot. */
    #onKeydown(event) {
      const caret = this.#input.selectionStart ?? 0;
      const moves = { ArrowLeft: caret - 1, ArrowRight: caret + 1, Home: 0, End: this.#value.length };
      if (event.key in moves && !event.shiftKey) {
        event.preventDefault();
        this.#placeCaret(Math.max(0, Math.min(this.#value.length, moves[event.key])));
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (this.complete) this.form?.requestSubmit();
        else this.reportValidity();
      }
      requestAnimationFrame(() => this.#render());
    }

    /** A click puts the caret in the slot under the pointer (or after the last character). */
    #onClick(event) {
      const boxes = [...this.#slots.querySelectorAll("[part~=slot]")].map((slot) => slot.getBoundingClientRect());
      let index = boxes.findIndex((box) => event.clientX < box.right);
      if (index < 0) index = boxes.length - 1;
      this.#placeCaret(Math.min(index, this.#value.length));
    }

    /** The caret before `index`; a filled slot there is selected, so typing replaces it. */
    #placeCaret(index) {
      const input = this.#input;
      if (this.shadowRoot.activeElement !== input) return this.#render();
      const end = index < this.#value.length ? index + 1 : index;
      try {
        input.setSelectionRange(index, end);
      } catch {
        // Not every input type has a selection; ours does.
      }
      this.#render();
    }

    #render() {
      const input = this.#input;
      const length = this.length;
      drawSlots(this.#slots, {
        length,
        value: this.#value,
        active: this.#focused && !input.disabled ? Math.min(input.selectionStart ?? this.#value.length, length - 1) : -1,
        caret: input.selectionStart === input.selectionEnd,
        invalid: Boolean(this.#refusal || this.#customValidity),
      });
    }
  };
}
