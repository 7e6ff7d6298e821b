// Checked by `tsc --strict` (tests/node/frameworks.test.mjs): what Vue's tooling reads for
// <otp-input> in templates.
import type { GlobalComponents } from "vue";
import type { OtpInputElement } from "otp-wasm/otp-input/vue";

type Field = GlobalComponents["otp-input"];
export const props: InstanceType<Field>["$props"] = { value: "123456", mode: "numeric", required: true };
// @ts-expect-error mode is one of numeric, alphanumeric, steam
export const wrong: InstanceType<Field>["$props"] = { mode: "letters" };
export function onComplete(element: OtpInputElement): void {
  element.addEventListener("complete", (event) => console.log(event.detail.code));
}
