// The smoke suite on both entries inside a Cloudflare worker (workerd): each request runs it and
// answers `{ "otp-wasm": checks, "otp-wasm/otp": checks }`, or 500 with the failure.
import * as full from "otp-wasm";
import * as otpOnly from "otp-wasm/otp";
import { smoke } from "./runtime-smoke.mjs";

export default {
  async fetch() {
    try {
      const result = {
        "otp-wasm": await smoke(full),
        "otp-wasm/otp": await smoke(otpOnly, { entry: "otp-wasm/otp" }),
      };
      return Response.json(result);
    } catch (error) {
      return new Response(String(error?.stack ?? error), { status: 500 });
    }
  },
};
