// `otp-wasm/otp-input/vue`: the element (as `otp-wasm/otp-input`) and `<otp-input>` in Vue's
// GlobalComponents, for template type checking. Tell Vue's compiler it is a custom element
// (`isCustomElement`); `v-model` then binds its `value` and `input` event.
import type { DefineComponent } from "vue";
import type { OtpInputAttributes, OtpInputCompleteDetail, OtpInputRejectDetail } from "./otp_input.js";
export * from "./otp_input.js";

export interface OtpInputProps extends OtpInputAttributes {
  onInput?: (event: Event) => void;
  onComplete?: (event: CustomEvent<OtpInputCompleteDetail>) => void;
  onReject?: (event: CustomEvent<OtpInputRejectDetail>) => void;
}

declare module "vue" {
  interface GlobalComponents {
    "otp-input": DefineComponent<OtpInputProps>;
  }
}
