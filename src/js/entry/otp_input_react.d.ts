// `otp-wasm/otp-input/react`: the element (as `otp-wasm/otp-input`) and `<otp-input>` in React's
// JSX. React 19 sets `value` as a property, routes `onInput` through its own events, and
// listens to `oncomplete` / `onreject` as the element's events.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { OtpInputAttributes, OtpInputCompleteDetail, OtpInputElement, OtpInputRejectDetail } from "./otp_input.js";
export * from "./otp_input.js";

export interface OtpInputProps extends DetailedHTMLProps<HTMLAttributes<OtpInputElement>, OtpInputElement>, OtpInputAttributes {
  oncomplete?: (event: CustomEvent<OtpInputCompleteDetail>) => void;
  onreject?: (event: CustomEvent<OtpInputRejectDetail>) => void;
}

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "otp-input": OtpInputProps;
    }
  }
}
