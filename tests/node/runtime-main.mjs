// The smoke suite on both entries, for runtimes that run a module file (Deno, Bun): prints
// `{ "otp-wasm": checks, "otp-wasm/otp": checks }` as JSON.
import * as full from "otp-wasm";
import * as otpOnly from "otp-wasm/otp";
import { smoke } from "./runtime-smoke.mjs";

const result = {
  "otp-wasm": await smoke(full),
  "otp-wasm/otp": await smoke(otpOnly, { entry: "otp-wasm/otp" }),
};
console.log(JSON.stringify(result));
