// Node entry for `require("otp-wasm")`. The WebAssembly module is compiled synchronously when
// this file loads, so there is no init step; `init` exists so isomorphic code can always
// `await init()`.
"use strict";
const wasm = require("./otp_wasm.js");
const { OtpError, guard } = require("./otp_error.cjs");
const { createCodeEntry } = require("./code_input.cjs");
const { createWebAuthn } = require("./webauthn.cjs");
const { createVault } = require("./vault.cjs");

async function init() {}

module.exports = {
  ...wasm,
  OtpError,
  ...createCodeEntry({ ...wasm, OtpError, guard }),
  ...createWebAuthn({ ...wasm, OtpError, guard }),
  ...createVault({ ...wasm, OtpError, guard }),
  init,
  default: init,
};
