// Cloudflare Workers (workerd, the "workerd" export condition): the .wasm is imported as a
// compiled WebAssembly.Module, as wrangler's default rule for .wasm files (and workerd's own
// module list) provide it, and instantiated synchronously when the worker loads, so there is
// no init step; `init()` still resolves, for code shared with browsers.
import module from "./web/otp_wasm_bg.wasm";
import { initSync } from "./index.js";

initSync({ module });
export * from "./index.js";
export { default } from "./index.js";
